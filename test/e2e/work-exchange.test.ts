// 节点交换 in a real browser (issue 11): an operator of the province reads the exchange status
// page (role, region, the outbox towards an unreachable national platform with its error and
// backlog, a child city whose link fell silent); on a city node an operator enables a county
// virtual platform, opens its public section (/county/CODE) and its scope of the dashboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { addNode, relayOnce, setUpstream } from '../../src/modules/exchange/exchange.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { totpCode } from '../../src/modules/access/totp.ts';
import { PASSWORD, addStaff, fillSignIn, text, watchProblems } from './work-helpers.ts';

let s: TestServer;
let browser: Browser;
let provDep: Department;
let countyDep: Department;
let provSecret: string;
let citySecret: string;
const T0 = new Date('2026-11-20T02:00:00Z');

before(async () => {
  s = await startTestServer('2026-11-20');
  s.setNow(T0);
  await addNode(s.p, SYSTEM_ACTOR, { region: '130100', name: '石家庄市' }); // registered, never heard from
  s.setNow(new Date(T0.getTime() + 45 * 60_000)); // 45 minutes later
  await setUpstream(s.p, SYSTEM_ACTOR, { url: 'http://127.0.0.1:9', keyId: 'xn_0123456789abcdef.s1', secret: 'not-reachable' });
  provDep = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130000MB0000051'), name: '河北省市场监督管理局', regionCode: '130000', kinds: ['market-regulation'] });
  countyDep = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130102MB0000052'), name: '石家庄市长安区市场监督管理局', regionCode: '130102', kinds: ['market-regulation'] });
  await submitJsonBatch(s.p, SYSTEM_ACTOR, provDep, 'penalty', [penaltyRow({ CF_WSH: '冀市监罚〔2026〕E1号', CF_CFJG: provDep.name })]);
  await submitJsonBatch(s.p, SYSTEM_ACTOR, countyDep, 'penalty', [
    penaltyRow({ CF_WSH: '长市监罚〔2026〕E2号', CF_CFJG: countyDep.name, CF_XDR_MC: '长安区交换浏览器测试有限公司', CF_XDR_SHXYM: uscc('91130102MA0000E02') }),
  ]);
  const r = await relayOnce(s.p); // the national platform is not reachable: the error is kept
  assert.equal(r.state, 'failed');
  provSecret = (await addStaff(s, { username: 'xch.province', role: 'operator', regionCode: '130000' })).totp!.secret;
  citySecret = (await addStaff(s, { username: 'xch.city', role: 'operator', regionCode: '130100' })).totp!.secret;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

// waits, not assertions: this shared 2-core machine can take longer than playwright's 30 s default to load a page
async function newPage(): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(120_000);
  page.setDefaultNavigationTimeout(120_000);
  return page;
}

async function signIn(page: Page, username: string, secret: string, target: string) {
  await page.goto(`${s.url}${target}`);
  await page.getByTestId('sign-in-username').waitFor();
  await fillSignIn(page, username, PASSWORD, totpCode(secret, s.p.now()));
  await page.getByTestId('user-name').waitFor();
}

test('an operator reads the exchange status: the node, the upward backlog and error, a silent child', async () => {
  const page = await newPage();
  const problems = watchProblems(page);
  await signIn(page, 'xch.province', provSecret, '/work/exchange/status');
  await page.getByTestId('exchange-role').waitFor();
  assert.match(await text(page, 'exchange-role'), /省级平台/);
  assert.equal(await text(page, 'exchange-region'), '130000');
  await page.getByTestId('upstream-pending').waitFor();
  assert.equal(await text(page, 'upstream-pending'), '2');
  assert.equal(await text(page, 'upstream-delivered'), '0');
  assert.match(await text(page, 'upstream-error'), /fetch failed|ECONNREFUSED/);
  assert.match(await text(page, 'upstream-backlog'), /秒|分/);
  assert.match(await text(page, 'upstream-lag'), /正常/);
  // the child was registered 45 minutes ago and never delivered nor pulled: silent past 30 minutes
  await page.getByTestId('exchange-children').getByText('石家庄市').waitFor();
  assert.match(await text(page, 'child-lag'), /45 分.*超过 30 分钟未交换/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a city node an operator enables a county platform; its portal section and dashboard scope open', async () => {
  s.p.config.node = { role: 'city', region: '130100' };
  const page = await newPage();
  const problems = watchProblems(page);
  await signIn(page, 'xch.city', citySecret, '/work/exchange/counties');
  const table = page.getByTestId('counties-table');
  const row = table.locator('tr', { hasText: '130102' });
  await row.waitFor();
  assert.match((await row.getByTestId('county-state').textContent()) ?? '', /未开设/);
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/counties') && r.request().method() === 'POST' && r.status() === 200), row.getByTestId('county-enable').click()]);
  await row.getByText('已开设').waitFor();
  assert.equal(await row.getByTestId('county-portal-link').getAttribute('href'), '/county/130102');

  // the county's section of the public portal: its department and its penalty only
  await page.goto(`${s.url}/county/130102`);
  await page.getByTestId('county-title').getByText('长安区').waitFor();
  assert.equal(await text(page, 'county-department'), '石家庄市长安区市场监督管理局');
  await page.getByText('长安区交换浏览器测试有限公司').waitFor();
  assert.equal(await page.getByText('冀市监罚〔2026〕E1号').count(), 0);
  await page.goto(`${s.url}/counties`);
  await page.getByTestId('county-link').getByText('长安区').waitFor();

  // its scope of the dashboard
  await page.goto(`${s.url}/work/monitoring/dashboard?county=130102&period=2026-11`);
  await page.getByTestId('county-dashboard-name').getByText('长安区').waitFor();
  await page.getByTestId('county-departments').getByText('石家庄市长安区市场监督管理局').waitFor();
  assert.equal(await page.getByTestId('county-departments').getByText('河北省市场监督管理局').count(), 0);
  assert.deepEqual(problems, []);

  // a code that is no county: the refusal names the parameter in Chinese, with no empty county tables
  // under it (they would read as "no departments"); on the public portal the same
  await page.goto(`${s.url}/work/monitoring/dashboard?county=139999&period=2026-11`);
  await page.getByText('参数 county：行政区划代码 139999 不是河北省的区划').waitFor();
  assert.equal(await page.getByTestId('county-departments').count(), 0);
  await page.goto(`${s.url}/county/abc`);
  await page.getByText('应为 6 位数字的行政区划代码').waitFor();
  assert.equal(await page.getByText('^\\d{6}$').count(), 0);
  await page.goto(`${s.url}/county/130100`);
  await page.getByText('不是县级区划').waitFor();
  await page.close();
});
