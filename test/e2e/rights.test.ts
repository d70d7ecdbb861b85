// Subject rights in a real browser: a company checks its identity with a one-time code sent to
// its contact on file (read where the embedded default's console channel writes it), files an objection against its
// penalty and sees the due date; the department's clerk revokes in the work portal and sees the
// affected credit check; the company's status page shows the outcome. A visitor has a credit
// report issued and verifies it (genuine; a wrong code is not). The company reads its own file
// and access log and applies for repair, which the clerk approves. Finally an overdue objection
// and a provisional due date in the queues, and the operator's escalations and counts. A person
// signs in with 统一身份认证 at the (labelled) demonstration provider and reads their own file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium, WAIT } from '../helpers/browser.ts';
import { addTestClient, idNumber, orgUscc, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { signedInject } from '../helpers/signed.ts';
import { addDepartment } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { consoleOtpChannel, setRightsChannels } from '../../src/modules/rights/rights.channels.ts';
import { setOidcProvider } from '../../src/modules/rights/identity-oidc.service.ts';
import { startDemoOidcProvider, type DemoProvider } from '../../src/modules/rights/oidc-demo-provider.ts';
import { putContactOnFile } from '../helpers/identity.ts';
import { sweepDeadlines } from '../../src/modules/rights/deadlines.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { totpCode } from '../../src/modules/access/totp.ts';
import { openSessionFor } from '../../src/modules/access/staff.service.ts';
import { PASSWORD, addStaff, containing, fillSignIn, pick, shot, signInAs, text, watchProblems } from './work-helpers.ts';

const ORG = orgUscc('91', '130100', 'MA0YY001');
const ORG_NAME = '石家庄异议测试商贸有限公司';
const PERSON = idNumber('13010219900101123');
const SERIOUS = '石市监罚〔2026〕501号';
const GENERAL = '石市监罚〔2026〕502号';
const LATER = '石市监罚〔2026〕503号';
const PERSONAL = '石市监罚〔2026〕601号';
const MOBILE = '13800138000';
const NOTE = '经核实，该处罚决定已被复议机关撤销';

let s: TestServer;
let browser: Browser;
let dir: string;
let financeClient: string;
let operatorSecret: string;
let idp: DemoProvider;
let clerkId: number;
// what the console channel writes: the embedded default prints codes on the server's stderr
const consoleLines: string[] = [];

before(async () => {
  s = await startTestServer('2026-11-20');
  setRightsChannels(s.p, { otp: consoleOtpChannel((line) => consoleLines.push(line)) });
  const dep = (code: string, name: string, kinds: string[]) => addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc(code), name, regionCode: '130100', kinds });
  const market = await dep('11130100MB0000001', '石家庄市市场监督管理局', ['market-regulation']);
  const finance = await dep('11130100MB0000032', '石家庄市财政局', ['finance']);
  financeClient = await addTestClient(s.p, finance, ['check', 'feedback']);
  clerkId = (await addStaff(s, { username: 'sjz.clerk', displayName: '张经办', role: 'department_clerk', departmentId: market.id })).user.id;
  // operators sign in with a one-time code as well
  operatorSecret = (await addStaff(s, { username: 'hb.operator', displayName: '李运营', role: 'operator', regionCode: '130000' })).totp!.secret;
  const base = { CF_XDR_MC: ORG_NAME, CF_XDR_SHXYM: ORG, CF_JDRQ: '2026-06-01' };
  const r = await submitJsonBatch(s.p, SYSTEM_ACTOR, market, 'penalty', [
    penaltyRow({ ...base, CF_WSH: SERIOUS, SEVERITY: '严重' }),
    penaltyRow({ ...base, CF_WSH: GENERAL, SEVERITY: '一般' }),
    penaltyRow({ ...base, CF_WSH: LATER, SEVERITY: '一般', CF_JDRQ: '2026-09-01' }),
    penaltyRow({ CF_XDR_MC: '王某', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_WSH: PERSONAL, CF_FRDB: '', SEVERITY: '一般' }),
  ]);
  assert.equal(r.counts.created, 4, JSON.stringify(r.results));
  // the market regulator has the company's mobile number in its records
  await putContactOnFile(s.p, ORG, MOBILE);
  idp = await startDemoOidcProvider({ port: 0, redirectUris: [`${s.url}/rights/verify/oidc`] });
  setOidcProvider(s.p, idp.settings);
  // a procurement check applies the serious penalty's punishment before the objection
  const check = await signed(financeClient, '/api/v1/credit-checks', { subject: ORG, scenario: 'procurement', matterRef: '石财采〔2026〕88号' });
  assert.equal(check.statusCode, 200, check.body);
  const fb = await signed(financeClient, `/api/v1/credit-checks/${check.json().checkId}/feedback`, { measures: [{ measureId: 'sd-procurement', outcome: 'applied' }], matterOutcome: 'rejected' });
  assert.equal(fb.statusCode, 200, fb.body);
  dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-e2e-rights-'));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await idp?.close();
  await s?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function signed(credential: string, url: string, json?: unknown) {
  return signedInject(s.server, credential, { url, json, method: json === undefined ? 'GET' : 'POST', now: s.p.now() });
}

// staff at the service window file for an applicant who showed an ID in person
async function atWindow(url: string, json: object) {
  return s.server.inject({ method: 'POST', url, payload: { ...json, inPerson: { document: 'id_card', checked: true } }, cookies: { xy_session: await openSessionFor(s.p, clerkId) }, headers: { 'x-requested-with': 'xinyong' } });
}

function evidenceFile(name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, '%PDF-1.4\n% 证明材料\n');
  return file;
}

// The identity form: code and name (no contact field), then the code the console channel printed
// for the contact on file.
async function checkIdentity(page: Page, code: string, name: string, purpose: string): Promise<void> {
  assert.equal(await page.getByTestId('identity-contact').count(), 0);
  await page.getByTestId('identity-code').fill(code);
  await page.getByTestId('identity-name').fill(name);
  const seen = consoleLines.length;
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/public/identity/challenges')), page.getByTestId('identity-send').click()]);
  const sent = await text(page, 'identity-sent');
  assert.match(sent, /已登记的联系方式|联系方式/);
  assert.doesNotMatch(sent, /8000/); // the page never says where the code went
  const line = consoleLines.slice(seen).find((l) => l.includes(`(${purpose})`));
  const otp = /one-time code for 138\*\*\*\*8000 \(\w[\w-]*\): (\d{6})/.exec(line ?? '')?.[1];
  assert.ok(otp, `no code in the console output: ${consoleLines.join('\n')}`);
  await page.getByTestId('identity-otp').fill(otp);
  await page.getByTestId('identity-verify').click();
  await page.getByTestId('identity-subject').waitFor();
  assert.match(await text(page, 'identity-subject'), new RegExp(name));
}

async function confirmPopup(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).click();
}

let objectionUrl = '';

test('a company files an objection against its penalty and sees the due date; the clerk revokes; the company sees the outcome', async () => {
  const company = await browser.newPage();
  const problems = watchProblems(company);
  await company.goto(`${s.url}/`);
  await company.getByRole('link', { name: '异议申请' }).first().click();
  await company.getByTestId('identity-form').waitFor();
  await shot(company, 'portal-identity');
  await checkIdentity(company, ORG, ORG_NAME, 'objection');

  // the company's records, to choose from
  const records = company.getByTestId('objection-records');
  await records.getByText(SERIOUS).waitFor();
  assert.ok((await records.innerText()).includes(GENERAL));
  await records.locator('tr', { hasText: SERIOUS }).locator('input[type=checkbox]').check();
  await company.getByTestId('objection-reason').fill('该处罚决定已于2026年10月被行政复议撤销，请予撤销。');
  await company.getByTestId('objection-evidence').locator('input[type=file]').setInputFiles(evidenceFile('复议决定书.pdf'));
  await company.getByText('复议决定书.pdf').waitFor();
  await shot(company, 'portal-objection-form');
  await company.getByTestId('objection-submit').click();

  // the status page: 2026-11-20 is a Friday, 15 working days for a market entity
  await company.waitForURL(/\/objections\/[0-9a-f-]{36}$/);
  objectionUrl = company.url();
  assert.equal(await text(company, 'objection-due-date'), '2026-12-11');
  assert.equal(await text(company, 'objection-status'), '处理中');
  assert.equal(await company.getByTestId('due-provisional').count(), 0);
  assert.equal(await text(company, 'item-status'), '核实中');
  await shot(company, 'portal-objection-filed');

  // the public profile marks the record
  await company.goto(`${s.url}/subjects/${ORG}`);
  const card = company.getByTestId('record-card').filter({ hasText: SERIOUS });
  await card.getByTestId('disputed-tag').waitFor();
  assert.equal(await company.getByTestId('record-card').filter({ hasText: GENERAL }).getByTestId('disputed-tag').count(), 0);
  await shot(company, 'portal-subject-disputed');

  // the department's clerk: the queue, the objection, revoke
  const clerk = await browser.newPage();
  const clerkProblems = watchProblems(clerk);
  await signInAs(s, clerk, 'sjz.clerk', '/work/rights/objections');
  const row = clerk.getByTestId('objections-table').locator('tr', { hasText: ORG_NAME });
  await row.waitFor();
  assert.match(await row.innerText(), /2026-12-11/);
  assert.match(await row.innerText(), new RegExp(SERIOUS.replace(/[〔〕]/g, '.')));
  assert.ok(!(await row.getAttribute('class'))?.includes('xy-row-overdue'));
  await shot(clerk, 'work-objections');
  await row.getByTestId('objection-link').click();
  await clerk.getByTestId('objection-decision').waitFor();
  assert.match(await text(clerk, 'objection-reason'), /行政复议撤销/);
  assert.equal(await text(clerk, 'objection-evidence-link'), '复议决定书.pdf');
  await clerk.getByTestId('decision-outcome').getByText('撤销', { exact: true }).click();
  await clerk.getByTestId('decision-note').fill(NOTE);
  await shot(clerk, 'work-objection-decide');
  await clerk.getByTestId('decision-submit').click();
  await Promise.all([clerk.waitForResponse((r) => r.url().endsWith('/decision') && r.status() === 200), confirmPopup(clerk, 'decision-confirm')]);
  await clerk.getByTestId('objection-status').filter({ hasText: '已办结' }).waitFor();
  assert.equal(await clerk.getByTestId('objection-decision').count(), 0);
  // the check that applied the punishment on the strength of the revoked record
  const affected = clerk.getByTestId('affected-checks-table');
  await affected.getByText('石家庄市财政局').waitFor();
  const affectedText = await affected.innerText();
  assert.ok(affectedText.includes('政府采购') && affectedText.includes('已实施') && affectedText.includes('石财采〔2026〕88号'), affectedText);
  // the measure by its Chinese name, never its id (issue 15)
  assert.ok(affectedText.includes('限制参与政府采购') && !affectedText.includes('sd-procurement'), affectedText);
  await shot(clerk, 'work-objection-decided');
  assert.deepEqual(clerkProblems, []);
  await clerk.close();

  // the company's status page shows the outcome with the explanation
  await company.goto(objectionUrl);
  await company.getByTestId('objection-status').filter({ hasText: '已办结' }).waitFor();
  assert.equal(await text(company, 'item-status'), '已撤销');
  assert.equal(await text(company, 'item-note'), NOTE);
  assert.match(await text(company, 'objection-outcome'), /已撤销/);
  await shot(company, 'portal-objection-decided');
  // and the revoked record has left the public profile
  await company.goto(`${s.url}/subjects/${ORG}`);
  await company.getByTestId('record-card').first().waitFor();
  assert.ok(!(await company.locator('body').innerText()).includes(SERIOUS));
  assert.deepEqual(problems, []);
  await company.close();
});

test('a visitor has a report issued, verifies it by number and code (genuine), and a wrong code is not genuine', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(`${s.url}/subjects/${ORG}`);
  await page.getByTestId('subject-report-link').click();
  assert.equal(await page.getByTestId('report-subject').inputValue(), ORG);
  await page.getByTestId('report-submit').click();
  await page.getByTestId('report-issued').waitFor();
  const number = await text(page, 'report-number');
  const code = await text(page, 'report-code');
  assert.match(number, /^XYBG\d{8}\d{6}$/);
  assert.match(code, /^[A-Z2-9]{8}$/);
  const href = await page.getByTestId('report-download').getAttribute('href');
  const pdf = await page.request.get(`${s.url}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
  await shot(page, 'portal-report-issued');

  // the verification page, from the footer as a visitor holding a printed report would
  await page.goto(`${s.url}/`);
  await page.locator('footer').getByRole('link', { name: '信用报告核验' }).click();
  await page.getByTestId('verify-number').fill(number);
  await page.getByTestId('verify-code').fill(code.toLowerCase());
  await page.getByTestId('verify-submit').click();
  await page.getByTestId('verify-verdict').filter({ hasText: '报告真实有效' }).waitFor();
  await shot(page, 'portal-report-genuine');
  await page.getByTestId('verify-unchanged').waitFor();
  assert.match(await page.getByTestId('verify-result').innerText(), new RegExp(ORG_NAME));
  await shot(page, 'portal-report-genuine');

  const wrong = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`;
  await page.getByTestId('verify-code').fill(wrong);
  await page.getByTestId('verify-submit').click();
  await page.getByTestId('verify-verdict').filter({ hasText: '未通过核验' }).waitFor();
  assert.equal(await page.getByTestId('verify-unchanged').count(), 0);
  assert.ok(!(await page.getByTestId('verify-result').innerText()).includes(ORG_NAME)); // nothing about the report leaks
  await shot(page, 'portal-report-not-genuine');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the company reads its own file and access log, applies for repair of its general penalty, and the clerk approves', async () => {
  const company = await browser.newPage();
  const problems = watchProblems(company);
  await company.goto(`${s.url}/me`);
  await checkIdentity(company, ORG, ORG_NAME, 'credit-file');
  const file = company.getByTestId('file-records');
  await file.getByText(GENERAL).waitFor();
  const revoked = file.locator('tr', { hasText: SERIOUS });
  assert.match(await revoked.innerText(), /已撤销 2026-11-20/);
  assert.match(await revoked.innerText(), /未公开/);
  assert.match(await revoked.innerText(), /已撤销/);
  await shot(company, 'portal-credit-file');
  await company.getByRole('tab', { name: '查询记录' }).click();
  const log = company.getByTestId('access-log');
  await log.getByText('石家庄市财政局').first().waitFor();
  const logText = await log.innerText();
  assert.ok(logText.includes('信用核查 政府采购 石财采〔2026〕88号'), logText);
  assert.ok(logText.includes('本人') && logText.includes('本人查询信用档案'), logText);
  await shot(company, 'portal-access-log');

  // repair: the same identity check holds for the tab
  await company.getByRole('link', { name: '信用修复' }).first().click();
  await company.getByTestId('repair-new').waitFor();
  await pick(company, 'repair-record', containing(GENERAL));
  await company.getByTestId('repair-eligible').waitFor();
  assert.match(await text(company, 'repair-earliest'), /^2026-09-0\d$/);
  assert.match(await company.getByTestId('repair-eligibility').innerText(), /证明材料[\s\S]*信用承诺/);
  await company.getByTestId('repair-obligations').fill('已于2026年6月15日缴清罚款，并完成整改。');
  // without the commitment accepted, nothing is sent
  await company.getByTestId('repair-evidence').locator('input[type=file]').setInputFiles(evidenceFile('缴款凭证.pdf'));
  await company.getByTestId('repair-submit').click();
  await company.getByText('须作出信用承诺方可申请').waitFor();
  await company.getByTestId('repair-accept').check();
  await shot(company, 'portal-repair-form');
  await company.getByTestId('repair-submit').click();
  await company.waitForURL(/\/repair\/[0-9a-f-]{36}$/);
  const repairUrl = company.url();
  assert.equal(await text(company, 'repair-status'), '待审核');
  assert.equal(await text(company, 'repair-due-date'), '2026-12-04'); // 10 working days
  await shot(company, 'portal-repair-filed');

  const clerk = await browser.newPage();
  await signInAs(s, clerk, 'sjz.clerk', '/work/rights/repairs');
  await clerk.getByTestId('repairs-table').locator('tr', { hasText: GENERAL }).getByTestId('repair-link').click();
  await clerk.getByTestId('repair-review').waitFor();
  await clerk.getByTestId('repair-review').getByText('通过', { exact: true }).click();
  await clerk.getByTestId('review-reason').fill('已缴清罚款并完成整改，符合信用修复条件');
  await clerk.getByTestId('review-submit').click();
  await clerk.getByTestId('review-confirm').click();
  await clerk.getByTestId('repair-decided').waitFor();
  await shot(clerk, 'work-repair-approved');
  await clerk.close();

  await company.goto(repairUrl);
  await company.getByTestId('repair-status').filter({ hasText: '已通过' }).waitFor();
  assert.match(await text(company, 'repair-outcome'), /停止公示/);
  assert.deepEqual(problems, []);
  await company.close();
});

test('overdue objections stand out in the queue, provisional due dates are marked, the operator sees escalations and counts, and the clerk corrects', async () => {
  // the department's clerk files for the company at the window; a person's objection late in the year
  // depends on 2027, whose holiday notice is not loaded
  const late = await atWindow('/api/v1/objections', { subject: ORG, records: [{ ref: LATER }], reason: '处罚金额有误' });
  assert.equal(late.statusCode, 200, late.body);
  assert.equal(late.json().dueDate, '2026-12-11');
  s.setToday('2026-12-10');
  const person = await atWindow('/api/v1/objections', { subject: PERSON, records: [{ ref: PERSONAL }], reason: '处罚对象有误' });
  assert.equal(person.statusCode, 200, person.body);
  assert.deepEqual([person.json().dueDate, person.json().provisional], ['2027-01-08', true]);
  s.setToday('2026-12-14');
  await sweepDeadlines(s.p);

  const clerk = await browser.newPage();
  const problems = watchProblems(clerk);
  await signInAs(s, clerk, 'sjz.clerk', '/work/rights/objections');
  const overdueRow = clerk.getByTestId('objections-table').locator('tr', { hasText: LATER });
  await overdueRow.waitFor();
  assert.match((await overdueRow.getAttribute('class')) ?? '', /xy-row-overdue/);
  assert.match(await overdueRow.innerText(), /已逾期/);
  await clerk.getByTestId('objections-overdue-alert').waitFor();
  const personRow = clerk.getByTestId('objections-table').locator('tr', { hasText: PERSONAL });
  assert.match(await personRow.innerText(), /2027-01-08\s*临时/);
  assert.doesNotMatch((await personRow.getAttribute('class')) ?? '', /xy-row-overdue/);
  await shot(clerk, 'work-objections-overdue');

  // the operator: the escalated objection, and the department's count of open ones past due
  const operator = await browser.newPage();
  await operator.goto(`${s.url}/work/rights/escalations`);
  await fillSignIn(operator, 'hb.operator', PASSWORD, totpCode(operatorSecret, s.p.now()));
  const escalated = operator.getByTestId('escalated-objections');
  await escalated.getByTestId('escalated-link').first().waitFor();
  assert.equal(await escalated.getByTestId('escalated-link').count(), 1);
  assert.match(await escalated.innerText(), /石家庄市市场监督管理局[\s\S]*2026-12-11[\s\S]*已督办/);
  const stats = () => operator.getByTestId('objection-stats').locator('tr', { hasText: '石家庄市市场监督管理局' });
  await stats().waitFor();
  // 3 contested records: answered in time 1 (the revocation), late 0, open past due 1, open 2
  assert.match(await stats().innerText(), /^石家庄市市场监督管理局\s+3\s+1\s+0\s+1\s+2\b/);
  await shot(operator, 'work-escalations');

  // the clerk corrects the overdue one: the new values by field, a new version through collection
  await overdueRow.getByTestId('objection-link').click();
  await clerk.getByTestId('objection-overdue').waitFor();
  await clerk.getByTestId('decision-outcome').getByText('更正', { exact: true }).click();
  await pick(clerk, 'correction-field', /（CF_NR）/);
  await clerk.getByTestId('correction-value').fill('罚款人民币叁万元');
  await clerk.getByTestId('decision-note').fill('经核实，罚款金额应为叁万元，予以更正');
  await shot(clerk, 'work-objection-correct');
  await clerk.getByTestId('decision-submit').click();
  await clerk.getByTestId('decision-confirm').click();
  await clerk.getByTestId('objection-status').filter({ hasText: '已办结' }).waitFor();
  assert.equal(await text(clerk, 'item-status'), '已更正');
  // the record's current version, as the clerk sees it when opening the row
  await clerk.getByTestId('objection-items').locator('.ant-table-row-expand-icon').first().click();
  await clerk.getByText('当前版本：第 2 版').waitFor();
  assert.ok((await clerk.getByTestId('objection-items').innerText()).includes('罚款人民币叁万元'));
  assert.deepEqual(problems, []);
  await clerk.close();

  // answered late now, no longer open past its due date
  await operator.reload();
  await operator.getByTestId('escalated-objections').getByText('没有逾期未答复的异议').waitFor();
  await stats().waitFor();
  assert.match(await stats().innerText(), /^石家庄市市场监督管理局\s+3\s+1\s+1\s+0\s+1\b/);
  await operator.close();
});

test('a person signs in with 统一身份认证 at the labelled demonstration provider and reads their own file', async () => {
  const person = await browser.newPage();
  const problems = watchProblems(person);
  await person.goto(`${s.url}/me`);
  await person.getByTestId('identity-form').waitFor();
  await person.getByTestId('identity-oidc').click();
  await person.waitForURL((u) => u.href.startsWith(idp.issuer), WAIT);
  assert.match(await person.locator('body').innerText(), /DEMONSTRATION/);
  await person.locator('#code').fill(PERSON);
  await person.locator('#name').fill('王某');
  await person.getByRole('button', { name: /Sign in/ }).click();
  // back through the portal's return page, the code exchanged server-side, then the page that began it
  await person.getByTestId('identity-subject').waitFor(WAIT);
  assert.match(await text(person, 'identity-subject'), /王某/);
  assert.ok(person.url().endsWith('/me'), person.url());
  await person.getByText(PERSONAL).first().waitFor(WAIT);
  await shot(person, 'portal-identity-oidc');
  assert.deepEqual(problems, []);
  await person.close();
});
