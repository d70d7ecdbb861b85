// Tips (举报) in a real browser: a citizen files a named tip with an evidence file on 信用河北,
// keeps the receipt number and query code, and follows its status; an empty tip is refused with
// the server's Chinese message. The market regulator's tip handler finds the tip in the work
// portal, reads the reporter only after giving a purpose (audited), and answers it; the citizen
// sees the reply and never the internal note.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { uscc } from '../helpers/platform.ts';
import { addDepartment } from '../../src/modules/access/departments.store.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { addStaff, signInAs, text, watchProblems } from './work-helpers.ts';

const NAME = '司马举报';
const PHONE = '13700001111';
const SUBJECT = uscc('91130102MA0T1P9X0');
const INTERNAL = '内部线索：与 2026-77 号案并案';

let s: TestServer;
let browser: Browser;
let dir: string;

before(async () => {
  s = await startTestServer('2026-11-20');
  const market = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  await addStaff(s, { username: 'sjz.tips', displayName: '赵办理', role: 'tip_handler', departmentId: market.id });
  dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-e2e-tips-'));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function lookUp(page: Page, receipt: string, code: string): Promise<void> {
  await page.goto(`${s.url}/tips/status`);
  await page.getByTestId('tip-status-receipt').fill(receipt);
  await page.getByTestId('tip-status-code').fill(code);
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/public/tips/status')), page.getByTestId('tip-status-submit').click()]);
  await page.getByTestId('tip-status').waitFor();
}

test('a citizen files a named tip with evidence, a handler answers it, the citizen sees the reply', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);

  // an empty tip: the server's refusal, in Chinese
  await page.goto(`${s.url}/tips`);
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/public/tips')), page.getByTestId('tip-submit').click()]);
  assert.match(await text(page, 'error-alert'), /举报内容为空/);

  await page.getByTestId('tip-subject-name').fill('石家庄过期食品商贸有限公司');
  await page.getByTestId('tip-subject-code').fill(SUBJECT);
  await page.getByTestId('tip-matter').fill('该公司长安区门店长期销售过期食品，并篡改生产日期标签。');
  await page.getByTestId('tip-named').check();
  await page.getByTestId('tip-reporter-name').fill(NAME);
  await page.getByTestId('tip-reporter-phone').fill(PHONE);
  const photo = path.join(dir, 'photo.png');
  writeFileSync(photo, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 9)]));
  await page.locator('input[type=file]').setInputFiles(photo);
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/evidence')), page.getByTestId('tip-submit').click()]);
  const receipt = await text(page, 'tip-receipt');
  const code = await text(page, 'tip-query-code');
  assert.match(receipt, /^JB20261120\d{8}$/);
  assert.match(code, /^[A-Z2-9]{12}$/);

  await lookUp(page, receipt, code);
  assert.equal(await text(page, 'tip-status-tag'), '已受理');
  const status = await text(page, 'tip-status');
  assert.match(status, /石家庄市市场监督管理局/);
  assert.match(status, /1 个文件/);
  assert.ok(!status.includes(NAME) && !status.includes(PHONE));

  // the tip handler of the market regulator
  const staff = await browser.newPage();
  const staffProblems = watchProblems(staff);
  await signInAs(s, staff, 'sjz.tips', '/work/tips');
  await staff.getByTestId('tip-link').first().click();
  await staff.getByTestId('tip-detail-status').waitFor();
  assert.ok(!(await staff.content()).includes(PHONE), 'the reporter shows only after a purpose');
  await staff.getByTestId('tip-reporter-open').click();
  await staff.getByTestId('tip-reporter-purpose').fill('核实举报情况需电话联系举报人');
  await Promise.all([staff.waitForResponse((r) => r.url().endsWith('/reporter-reads')), staff.getByRole('button', { name: '查 阅' }).or(staff.getByRole('button', { name: '查阅' })).last().click()]);
  const reporter = await text(staff, 'tip-reporter');
  assert.match(reporter, new RegExp(NAME));
  assert.match(reporter, new RegExp(PHONE));
  const audited = await s.p.db.one<{ why: string }>(`SELECT why FROM audit_event WHERE action = 'tip.reporter-read'`);
  assert.equal(audited?.why, '核实举报情况需电话联系举报人');

  await staff.getByLabel('查证属实').check();
  await staff.getByLabel('办理意见（内部，举报人看不到）').fill(INTERNAL);
  await staff.getByLabel('答复举报人').fill('经查，举报事项属实，已立案处理。');
  await Promise.all([staff.waitForResponse((r) => r.url().endsWith('/outcome')), staff.getByRole('button', { name: '办 结' }).or(staff.getByRole('button', { name: '办结' })).last().click()]);
  await staff.getByText('查证属实', { exact: true }).first().waitFor();
  assert.equal(await text(staff, 'tip-detail-status'), '查证属实');

  await lookUp(page, receipt, code);
  assert.equal(await text(page, 'tip-status-tag'), '查证属实');
  const answered = await text(page, 'tip-status');
  assert.match(answered, /已立案处理/);
  assert.ok(!answered.includes('2026-77'), 'the internal note never reaches the reporter');
  assert.deepEqual(problems, []);
  assert.deepEqual(staffProblems, []);
});
