// The removal clock of a 失信被执行人 entry the court marked 履行完毕, in a real browser: the public
// entry page shows the performance date, the rule's 3 working days and the last day on the list
// (the official calendar: across 国庆 2026 with its 调休 Saturday), as the API's `removal` says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { orgUscc, uscc } from '../helpers/platform.ts';
import { addDepartment } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { text, watchProblems } from './work-helpers.ts';

const PERFORMED = orgUscc('91', '130100', 'MA0PLR01');
const UNPERFORMED = orgUscc('91', '130100', 'MA0PLR02');
const row = (code: string, n: number, over: Record<string, string> = {}) => ({
  主体名称: `石家庄移出时限${n}有限公司`,
  主体类别: '法人及非法人组织',
  统一社会信用代码: code,
  案号: `（2026）冀0102执${880 + n}号`,
  执行法院: '石家庄市长安区人民法院',
  执行依据文号: `（2025）冀0102民初${880 + n}号`,
  做出执行依据单位: '石家庄市长安区人民法院',
  立案时间: '2026-01-10',
  生效法律文书确定的义务: '支付货款',
  履行情况: '全部未履行',
  失信行为具体情形: '有履行能力而拒不履行生效法律文书确定义务',
  认定日期: '2026-03-01',
  ...over,
});

let s: TestServer;
let browser: Browser;

before(async () => {
  s = await startTestServer('2026-10-08');
  const court = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130102MB0000881'), name: '石家庄市长安区人民法院', regionCode: '130100', kinds: ['court'] });
  const r = await submitJsonBatch(s.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [row(PERFORMED, 1, { 履行情况: '履行完毕', 履行完毕日期: '2026-09-30' }), row(UNPERFORMED, 2)]);
  assert.deepEqual(r.results.map((x) => x.status), ['created', 'created']);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('the public entry of a 履行完毕 entry shows its removal clock; an unperformed one shows none', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(`${s.url}/lists/dishonest-debtor`);
  await page.getByTestId('entry-link').first().waitFor();
  assert.equal(await page.getByTestId('entry-link').count(), 2);

  await page.getByRole('link', { name: '石家庄移出时限1有限公司' }).click();
  await page.getByTestId('entry-removal').waitFor();
  const api = await page.evaluate(async (url) => (await fetch(url)).json(), new URL(page.url()).pathname.replace('/lists/', '/api/v1/public/lists/'));
  // 10-01…10-07 are 国庆 holidays; 10-08 (Thu), 10-09 (Fri) and 10-10 (调休 Saturday) are the 3 working days
  assert.deepEqual(api.removal, { performedOn: '2026-09-30', workingDays: 3, deadline: '2026-10-10', state: 'running', stateName: '计时中', remainingWorkingDays: 2 });
  assert.equal(await text(page, 'entry-removal'), '被执行人已于 2026-09-30 履行完毕，依规定在 3 个工作日内移出名单：最迟在名单上至 2026-10-10（计时中，还剩 2 个工作日）。');

  await page.goto(`${s.url}/lists/dishonest-debtor`);
  await page.getByRole('link', { name: '石家庄移出时限2有限公司' }).click();
  await page.getByTestId('entry-fields').waitFor();
  assert.equal(await page.getByTestId('entry-removal').count(), 0);
  assert.deepEqual(problems, []);
});
