// A newcomer's first hour on the public portal (issue 15): search by a 2-character 字号 → the
// subject page of a black-listed company shows the notice and its list tab → the 双公示 total
// equals the home page's licences + penalties.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { orgUscc, uscc } from '../helpers/platform.ts';
import { penaltyRow, licenseRow } from '../helpers/rows.ts';
import { addDepartment } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { launchChromium, WAIT } from '../helpers/browser.ts';

const JH = orgUscc('91', '130600', 'MA0JH001');
const HC = orgUscc('91', '130100', 'MA0HC001');

let s: TestServer;
let browser: Browser;

before(async () => {
  s = await startTestServer('2026-11-20');
  const market = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  const court = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130602MB0000021'), name: '保定市竞秀区人民法院', regionCode: '130600', kinds: ['court'] });
  await submitJsonBatch(s.p, SYSTEM_ACTOR, market, 'penalty', [
    penaltyRow({ CF_XDR_MC: '保定金瀚贸易有限公司', CF_XDR_SHXYM: JH, CF_WSH: '石市监罚〔2026〕205号' }),
    penaltyRow({ CF_XDR_MC: '河北恒盛市政工程有限公司', CF_XDR_SHXYM: HC, CF_WSH: '石市监罚〔2026〕201号' }),
  ]);
  await submitJsonBatch(s.p, SYSTEM_ACTOR, market, 'license', [licenseRow({ XK_XDR_MC: '河北恒盛市政工程有限公司', XK_XDR_SHXYM: HC, XK_WSH: '石市监许〔2026〕301号' })]);
  await submitJsonBatch(s.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [
    {
      ZTMC: '保定金瀚贸易有限公司', ZTLB: '法人及非法人组织', TYSHXYDM: JH, FDDBR: '刘某', AH: '（2026）冀0602执101号', ZXFY: '保定市竞秀区人民法院',
      ZXYJWH: '（2025）冀0602民初88号', ZCZXYJDW: '保定市竞秀区人民法院', LASJ: '2026-01-10', SXYW: '支付货款人民币30万元', LXQK: '全部未履行',
      SXQX: '有履行能力而拒不履行生效法律文书确定义务', RDRQ: '2026-03-01', YXQZ: '2028-03-01',
    },
  ]);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().innerText(WAIT)) ?? '').trim();
const digits = (t: string) => Number(t.replace(/[^0-9]/g, ''));

test('search by 字号 → the black-listed company’s notice and list tab → 双公示 total equals the home page’s', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(s.url + '/');
  await page.getByTestId('search-input').fill('金瀚');
  await page.getByTestId('search-button').click();
  const link = page.getByTestId('result-link').first();
  await link.waitFor(WAIT);
  assert.equal((await link.textContent())?.trim(), '保定金瀚贸易有限公司');
  // the other 字号 is found anywhere in its name too
  await page.goto(s.url + '/search?q=' + encodeURIComponent('恒盛'));
  assert.equal((await page.getByTestId('result-link').first().innerText(WAIT)).trim(), '河北恒盛市政工程有限公司');
  assert.match(await text(page, 'search-total'), /共找到 1 个/);

  await page.goto(s.url + '/search?q=' + encodeURIComponent('金瀚'));
  await page.getByTestId('result-link').first().click();
  const notice = await text(page, 'blacklist-notice');
  for (const part of ['失信被执行人', '（2026）冀0602执101号', '2026-03-01', '2028-03-01']) assert.ok(notice.includes(part), `${part} in ${notice}`);
  // the list has its own tab, open first, with its entry
  assert.match(await text(page, 'tab-dishonest-debtor'), /黑名单·失信被执行人（1）/);
  assert.match(await text(page, 'tab-penalty'), /行政处罚（1）/);
  const card = await page.getByTestId('record-card').first().innerText(WAIT);
  assert.ok(card.includes('（2026）冀0602执101号') && card.includes('有履行能力而拒不履行'), card);
  await page.screenshot({ path: '.test-tmp/first-hour-subject.png', fullPage: true });

  await page.goto(s.url + '/');
  await page.getByText('数据截至').waitFor(WAIT);
  const home = digits(await text(page, 'stat-licenses')) + digits(await text(page, 'stat-penalties'));
  assert.equal(home, 3);
  await page.goto(s.url + '/publications');
  const total = page.locator('.ant-pagination-total-text');
  await total.waitFor(WAIT);
  assert.equal(digits(await total.innerText()), home);
  assert.deepEqual(problems, []);
  await page.close();
});
