// 诚信典型 and 主动申报 in the work portal, in a real browser: a department clerk nominates a company
// on the 诚信典型 page (a missing deed is refused by the form, a subject the platform does not know
// by the server in Chinese); the operator passes the review (the platform checks the file) and the
// 公示 runs its 7 days; after it the operator approves and the entry is on the red list. A company's
// declaration appears in the 主动申报审核 queue and the clerk flags it false: a record is filed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { orgUscc, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { verifyByContactOnFile } from '../helpers/identity.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { setRightsChannels, type OtpMessage } from '../../src/modules/rights/rights.channels.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { totpCode } from '../../src/modules/access/totp.ts';
import { PASSWORD, addStaff, fillSignIn, signInAs, text, watchProblems } from './work-helpers.ts';

const CO = orgUscc('91', '130100', 'MA0EXW01');
const CO_NAME = '石家庄典型页面建设有限公司';
const UNKNOWN = orgUscc('91', '130100', 'MA0EXW02');

let s: TestServer;
let browser: Browser;
let dep: Department;
const codes: OtpMessage[] = [];
let operatorSecret: string;
// operators sign in with a one-time code (TOTP) as well
async function signInOperator(page: import('playwright-core').Page): Promise<void> {
  await page.goto(s.url + '/work/sanctions/exemplars');
  await page.getByTestId('sign-in-username').waitFor();
  await fillSignIn(page, 'sjz.operator', PASSWORD, totpCode(operatorSecret, s.p.now()));
  await page.getByTestId('user-name').waitFor();
}

before(async () => {
  s = await startTestServer('2026-11-20');
  setRightsChannels(s.p, { notifier: { name: 'test', deliver: async () => undefined }, otp: { name: 'test', deliver: async (m) => void codes.push(m) } });
  dep = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000951'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  await addStaff(s, { username: 'market.clerk', displayName: '王推荐', role: 'department_clerk', departmentId: dep.id });
  operatorSecret = (await addStaff(s, { username: 'sjz.operator', displayName: '赵审核', role: 'operator', regionCode: '130100' })).totp!.secret;
  await submitJsonBatch(s.p, SYSTEM_ACTOR, dep, 'penalty', [penaltyRow({ CF_XDR_MC: CO_NAME, CF_XDR_SHXYM: CO, CF_WSH: '石市监罚〔2026〕951号', SEVERITY: '轻微' })]);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('nominate → review (公示 7 days) → approve, on the 诚信典型 page', async () => {
  const clerk = await browser.newPage();
  const problems = watchProblems(clerk);
  await signInAs(s, clerk, 'market.clerk', '/work/sanctions/exemplars');
  await clerk.getByTestId('exemplar-nominate').click();
  await clerk.getByTestId('exemplar-subject').fill(UNKNOWN);
  await clerk.getByTestId('exemplar-title').fill('诚信经营示范企业');
  await clerk.getByTestId('exemplar-domain').fill('市场监管');
  await clerk.getByTestId('exemplar-deeds').fill('连续十年守法经营');
  await clerk.getByTestId('exemplar-nominate-ok').click();
  await clerk.getByTestId('exemplar-error').waitFor();
  assert.match(await text(clerk, 'exemplar-error'), /平台没有代码为 .* 的主体/);
  assert.equal((await s.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM exemplar'))!.n, 0);
  await clerk.getByTestId('exemplar-subject').fill(CO);
  await clerk.getByTestId('exemplar-nominate-ok').click();
  await clerk.getByTestId('exemplar-number').first().waitFor();
  assert.match(await text(clerk, 'exemplar-status'), /待审核/);
  assert.deepEqual(problems.filter((x) => !x.includes('404')), []);
  await clerk.close();

  const op = await browser.newPage();
  const opProblems = watchProblems(op);
  await signInOperator(op);
  await op.getByTestId('exemplar-pass').click();
  await op.getByTestId('exemplar-action-ok').click();
  await op.getByText('2026-11-20 至 2026-11-26').waitFor();
  assert.match(await text(op, 'exemplar-status'), /公示中/);
  // before the 公示 ends the decision is refused by the server, in Chinese
  await op.getByTestId('exemplar-approve').click();
  await op.getByTestId('exemplar-action-ok').click();
  await op.getByTestId('exemplar-action-error').waitFor();
  assert.match(await text(op, 'exemplar-action-error'), /公示期至 2026-11-26/);
  await op.keyboard.press('Escape');
  assert.deepEqual(opProblems.filter((x) => !x.includes('409')), []);
  await op.close();

  s.setToday('2026-11-27');
  const op2 = await browser.newPage();
  await signInOperator(op2);
  await op2.getByTestId('exemplar-approve').click();
  await op2.getByTestId('exemplar-action-note').fill('公示期满无异议');
  await op2.getByTestId('exemplar-action-ok').click();
  await op2.getByText('已认定').first().waitFor();
  const rec = await s.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM record WHERE category = 'integrity-exemplar' AND superseded_at IS NULL`);
  assert.equal(rec!.n, 1);
  await op2.close();
});

test('a declaration in the 主动申报审核 queue, flagged false by the clerk', async () => {
  const token = await verifyByContactOnFile(s.server, s.p, codes, CO, CO_NAME);
  const r = await s.server.inject({ method: 'POST', url: '/api/v1/public/declarations', headers: { 'x-xy-subject-token': token }, payload: { kind: 'honour', title: '省级守合同重信用企业', content: '2025 年度认定' } });
  assert.equal(r.statusCode, 200, r.body);
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'market.clerk', '/work/sanctions/declarations');
  await page.getByTestId('declaration-number').first().waitFor();
  assert.equal(await text(page, 'declaration-number'), r.json().number);
  assert.match(await text(page, 'declaration-status'), /自主申报.*有效/);
  await page.getByTestId('declaration-flag').click();
  await page.getByTestId('declaration-flag-ok').click();
  await page.getByTestId('declaration-flag-error').waitFor();
  assert.match(await text(page, 'declaration-flag-error'), /须说明事由|事由/);
  await page.getByTestId('declaration-flag-reason').fill('经向发证机关核实，该企业未获此荣誉');
  await page.getByTestId('declaration-flag-ok').click();
  await page.getByText('没有自主申报').waitFor();
  const flagged = await s.p.db.one<{ status: string; flag_record_id: string | null }>('SELECT status, flag_record_id::text FROM declaration');
  assert.equal(flagged!.status, 'false');
  assert.ok(flagged!.flag_record_id);
  assert.deepEqual(problems.filter((x) => !x.includes('400')), []);
  await page.close();
});
