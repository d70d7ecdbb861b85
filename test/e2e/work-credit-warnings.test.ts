// 信用警示 in the work portal, in a real browser: the court's clerk records a warning on the
// 信用警示 page (an unknown subject is refused by the server in Chinese), sees it 警示中 in the
// table, and lifts it with a reason; the table then says 已解除 with the reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { orgUscc, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { addStaff, signInAs, text, watchProblems } from './work-helpers.ts';

const CO = orgUscc('91', '130100', 'MA0WCW01');
const CO_NAME = '石家庄警示页面测试有限公司';
const REF = '（2026）冀0102执921号';

let s: TestServer;
let browser: Browser;

before(async () => {
  s = await startTestServer('2026-11-20');
  const court = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130102MB0000921'), name: '石家庄市长安区人民法院', regionCode: '130100', kinds: ['court'] });
  const market = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000922'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  await submitJsonBatch(s.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: CO_NAME, CF_XDR_SHXYM: CO, CF_WSH: '石市监罚〔2026〕921号' })]);
  await addStaff(s, { username: 'court.clerk', displayName: '李执行', role: 'department_clerk', departmentId: court.id });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('record a 信用警示, see it, lift it', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'court.clerk', '/work/sanctions/credit-warnings');
  await page.getByTestId('credit-warning-form').waitFor();

  await page.getByTestId('credit-warning-subject').fill(orgUscc('91', '130100', 'MA0WCW99'));
  await page.getByTestId('credit-warning-ref').fill(REF);
  await page.getByTestId('credit-warning-reason').fill('有履行能力而拒不履行，给予一个月宽限期');
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/credit-warnings') && r.request().method() === 'POST'), page.getByTestId('credit-warning-submit').click()]);
  assert.match(await text(page, 'credit-warning-error'), /平台上没有代码为 .* 的主体/);

  await page.getByTestId('credit-warning-subject').fill(CO);
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/credit-warnings') && r.request().method() === 'POST' && r.status() === 200), page.getByTestId('credit-warning-submit').click()]);
  assert.equal(await text(page, 'credit-warning-done'), `已作出信用警示：${REF}（2026-11-20 至 2027-02-17）`);
  await page.getByTestId('credit-warning-lift').waitFor();
  const table = await text(page, 'credit-warnings');
  assert.match(table, /警示中/);
  assert.match(table, new RegExp(CO_NAME));

  await page.getByTestId('credit-warning-lift').click();
  await page.getByTestId('credit-warning-lift-reason').fill('被执行人已主动履行全部义务');
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/lift') && r.status() === 200), page.getByTestId('credit-warning-lift-submit').click()]);
  await page.getByText('2026-11-20 解除：被执行人已主动履行全部义务').waitFor();
  assert.match(await text(page, 'credit-warnings'), /已解除/);
  assert.equal(await page.getByTestId('credit-warning-lift').count(), 0);
  assert.deepEqual(problems, []);
});
