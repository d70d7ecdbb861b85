// 联合奖惩 in a real browser: a clerk of a public-resource-trading department checks a subject on
// the 失信被执行人 list, sees the procurement restriction with its basis, records feedback in the
// same place, and the pending list no longer shows it; a late check is opened from the pending list
// and answered there; an operator reads the cases and the feedback rates and changes a measure (a
// new revision); a court clerk takes an entry off its list; a visitor browses the public list page
// and opens a person's entry (ID masked).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { idNumber, orgUscc, uscc } from '../helpers/platform.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { runCheck } from '../../src/modules/sanctions/checks.service.ts';
import { exitEntry } from '../../src/modules/sanctions/lists.service.ts';
import { totpCode } from '../../src/modules/access/totp.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { PASSWORD, addStaff, clickSettled, fillSignIn, pick, shot, signInAs, text, watchProblems } from './work-helpers.ts';

const DD_ORG = orgUscc('91', '130100', 'MA0DD001');
const DD_ORG2 = orgUscc('91', '130100', 'MA0DD002');
const DD_ORG3 = orgUscc('91', '130100', 'MA0DD003');
const DEBTOR_ID = idNumber('13010419900202234');
const CASE = '（2026）冀0102执123号';
const MATTER = '石公易采〔2026〕0088号';
const LATE_MATTER = '石公易采〔2026〕0050号';

const ddRow = (over: Record<string, string> = {}) => ({
  ZTMC: '石家庄失信商贸有限公司',
  ZTLB: '法人及非法人组织',
  TYSHXYDM: DD_ORG,
  FDDBR: '李强',
  AH: CASE,
  ZXFY: '石家庄市长安区人民法院',
  ZXYJWH: '（2025）冀0102民初456号',
  ZCZXYJDW: '石家庄市长安区人民法院',
  LASJ: '2026-01-10',
  SXYW: '支付货款人民币50万元及利息',
  LXQK: '全部未履行',
  SXQX: '有履行能力而拒不履行生效法律文书确定义务',
  RDRQ: '2026-03-01',
  YXQZ: '2027-03-01',
  ...over,
});

let s: TestServer;
let browser: Browser;
let court: Department;
let trading: Department;
let operatorSecret: string;

before(async () => {
  s = await startTestServer('2026-11-20');
  const dep = (code: string, name: string, kinds: string[]) => addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc(code), name, regionCode: '130100', kinds });
  court = await dep('11130102MB0000011', '石家庄市长安区人民法院', ['court']);
  trading = await dep('11130100MB0000015', '石家庄市公共资源交易中心', ['public-resource-trading']);
  // 失信被执行人 entries arrive like any record: two organizations and a person (published by law, ID masked)
  const r = await submitJsonBatch(s.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [
    ddRow(),
    ddRow({ ZTMC: '石家庄拖欠建材有限公司', TYSHXYDM: DD_ORG2, AH: '（2026）冀0102执130号', RDRQ: '2026-04-02' }),
    ddRow({ ZTMC: '石家庄已履行机械有限公司', TYSHXYDM: DD_ORG3, AH: '（2026）冀0102执140号', RDRQ: '2026-04-05' }),
    ddRow({ ZTMC: '王某某', ZTLB: '自然人', TYSHXYDM: '', ZJLX: '居民身份证', ZJHM: DEBTOR_ID, FDDBR: '', AH: '（2026）冀0102执200号', YXQZ: '' }),
  ]);
  assert.equal(r.counts.created, 4, JSON.stringify(r));
  // a check made seven weeks ago and never answered: late today
  s.setToday('2026-10-09');
  await runCheck(s.p, SYSTEM_ACTOR, trading, { subject: DD_ORG2, scenario: 'procurement', matterRef: LATE_MATTER });
  s.setToday('2026-11-20');
  await addStaff(s, { username: 'trade.clerk', displayName: '赵经办', role: 'department_clerk', departmentId: trading.id });
  await addStaff(s, { username: 'court.clerk', displayName: '孙书记员', role: 'department_clerk', departmentId: court.id });
  operatorSecret = (await addStaff(s, { username: 'operator', displayName: '陈运营', role: 'operator', regionCode: '130000' })).totp!.secret;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('a trading-centre clerk checks a 失信被执行人 for procurement, sees the restriction and its basis, and records feedback in place', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'trade.clerk', '/work/sanctions/check');
  const menu = await page.getByTestId('side-menu').innerText();
  for (const item of ['信用核查', '待反馈', '奖惩案例', '措施清单']) assert.ok(menu.includes(item), menu);
  assert.ok(!menu.includes('反馈统计'), menu); // operators' page

  const pickScenario = (name: string) => pick(page, 'check-scenario', name, name);
  await pickScenario('政府采购');

  // an invalid code: a clear Chinese error, no result
  await page.getByTestId('check-subject').fill('91130100MA0A1B2C3X');
  await page.getByTestId('check-submit').click();
  await page.getByTestId('check-error').waitFor();
  assert.match(await text(page, 'check-error'), /主体代码无效/);
  assert.equal(await page.getByTestId('check-result').count(), 0);

  // a valid code the platform has never seen: "no record", not an error
  await page.getByTestId('check-subject').fill(orgUscc('91', '130100', 'MA0NEW01'));
  await page.getByTestId('check-submit').click();
  await page.getByTestId('check-no-record').waitFor();
  assert.match(await text(page, 'check-eligibility-reason'), /无不良信用记录/);
  assert.equal(await page.getByTestId('check-no-measures').count(), 1);
  assert.equal(await page.getByTestId('check-error').count(), 0);

  // the debtor
  await page.getByTestId('check-subject').fill(DD_ORG);
  await page.getByTestId('check-matter').fill(MATTER);
  await page.getByTestId('check-submit').click();
  await page.getByTestId('check-subject-name').filter({ hasText: '石家庄失信商贸有限公司' }).waitFor();
  assert.equal(await text(page, 'check-subject-code'), DD_ORG);
  const cards = page.getByTestId('measure-card');
  assert.equal(await cards.count(), 1);
  const card = page.locator('[data-measure-id="dd-procurement"]');
  assert.equal(await card.getByTestId('measure-kind').innerText(), '惩戒');
  assert.equal(await card.getByTestId('measure-name').innerText(), '限制参与政府采购');
  assert.match(await card.getByTestId('measure-basis').innerText(), /《中华人民共和国政府采购法》第二十二条/);
  const trigger = await card.getByTestId('measure-trigger').innerText();
  assert.ok(trigger.includes('列入失信被执行人') && trigger.includes(CASE) && trigger.includes('石家庄市长安区人民法院'), trigger);
  assert.equal(await card.getByTestId('measure-until').innerText(), '至 2027-03-01');
  assert.ok((await card.innerText()).includes('发改财金〔2016〕141号'));
  assert.equal(await card.getByTestId('measure-suspended').count(), 0);
  assert.match(await text(page, 'check-eligibility-reason'), /近3年内有不良信用记录 1 条（最近一条：（2026）冀0102执123号/);
  await shot(page, 'work-sanctions-check');

  // feedback: nothing chosen, then "not applied" without a reason, are refused in the page
  await page.getByTestId('feedback-submit').click();
  await page.getByTestId('feedback-measures-error').waitFor();
  await page.getByTestId('feedback-matter-error').waitFor();
  await page.getByTestId('feedback-outcome-dd-procurement').getByText('未实施').click();
  await page.getByTestId('feedback-matter-outcome').getByText('不予办理').click();
  await page.getByTestId('feedback-submit').click();
  assert.equal(await text(page, 'feedback-error-dd-procurement'), '未实施的措施须说明理由');
  // applied, the matter refused
  await page.getByTestId('feedback-outcome-dd-procurement').getByText('已实施').click();
  await page.getByTestId('feedback-note').fill('资格审查不通过');
  await page.getByTestId('feedback-submit').click();
  await page.getByTestId('feedback-done').waitFor();
  assert.match(await text(page, 'feedback-done'), /反馈已完成[\s\S]*不予办理[\s\S]*资格审查不通过/);
  assert.match(await card.getByTestId('measure-feedback-given').innerText(), /已实施/);
  await shot(page, 'work-sanctions-feedback');

  // the pending list: only the late check from October, highlighted; not the one just answered
  await page.getByTestId('menu-pending-feedback').click();
  await page.getByTestId('pending-open').first().waitFor();
  assert.deepEqual(await page.getByTestId('pending-matter').allTextContents(), [LATE_MATTER]);
  assert.equal(await page.getByTestId('pending-late').count(), 1);
  assert.equal(await page.locator('tr.xy-row-late').count(), 1);
  await page.getByTestId('pending-late-alert').waitFor();
  await shot(page, 'work-sanctions-pending');

  // opened from the list, answered there ("not applied", with its reason)
  await page.getByTestId('pending-open').click();
  await page.getByTestId('check-subject-name').filter({ hasText: '石家庄拖欠建材有限公司' }).waitFor();
  await page.getByTestId('feedback-outcome-dd-procurement').getByText('未实施').click();
  await page.getByTestId('feedback-reason-dd-procurement').fill('该采购项目已于核查前终止，未进入资格审查');
  await page.getByTestId('feedback-matter-outcome').getByText('申请人撤回').click();
  await page.getByTestId('feedback-submit').click();
  await page.getByTestId('feedback-done').waitFor();
  assert.match(await text(page, 'feedback-done'), /逾期反馈/); // given after its due day
  await page.getByTestId('menu-pending-feedback').click();
  await page.getByTestId('pending-empty').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('an operator reads the cases and the feedback rates, and changes a measure into a new revision', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(s.url + '/work/sanctions/cases');
  await fillSignIn(page, 'operator', PASSWORD, totpCode(operatorSecret, s.p.now()));
  await page.getByTestId('case-subject').first().waitFor();
  // the applied measure is a case; the one not applied is not
  assert.deepEqual(await page.getByTestId('case-subject').allTextContents(), ['石家庄失信商贸有限公司']);
  assert.match(await page.getByTestId('case-measures').first().innerText(), /惩戒\s*限制参与政府采购/);
  await shot(page, 'work-sanctions-cases');

  await page.getByTestId('menu-feedback-rates').click();
  await page.getByTestId('rate-name').first().waitFor();
  assert.deepEqual(await page.getByTestId('rate-name').allTextContents(), ['石家庄市公共资源交易中心']);
  assert.equal(await text(page, 'rate-rate'), '100%');
  await page.getByTestId('rates-chart').locator('canvas').waitFor();
  await shot(page, 'work-sanctions-rates');
  await page.getByTestId('rates-by').getByText('按措施').click();
  await page.getByTestId('rate-name').filter({ hasText: '限制参与政府采购' }).waitFor();

  await page.getByTestId('menu-measures').click();
  const row = page.locator('tr', { has: page.getByTestId('measure-row-name').getByText('限制参与政府采购', { exact: true }) }).filter({ hasText: 'dd-procurement' });
  await row.getByTestId('measure-edit').click();
  const basis = page.getByTestId('measure-form-basis');
  await basis.fill(`${await basis.inputValue()}；《政府采购法实施条例》第十九条`);
  await page.getByTestId('measure-save').click();
  await page.getByText('请说明修改原因（记入审计日志）').waitFor(); // the note is required
  await page.getByTestId('measure-form-note').fill('补充实施条例依据');
  await shot(page, 'work-sanctions-measure-edit');
  await page.getByTestId('measure-save').click();
  await row.getByTestId('measure-row-revision').filter({ hasText: '第 2 版' }).waitFor();
  await row.getByTestId('measure-history').click();
  await page.getByTestId('revisions-table').locator('tbody tr.ant-table-row').nth(1).waitFor();
  assert.deepEqual(await page.getByTestId('revision-changed').allTextContents(), ['法律依据', '新增']);
  assert.match(await page.getByTestId('revisions-table').locator('tbody tr.ant-table-row').first().innerText(), /2026-11-20 12:00:00/); // the platform's clock
  await shot(page, 'work-sanctions-revisions');
  // checks from now on carry the new basis
  const revs = await s.p.measures.history('dd-procurement');
  assert.match(revs[0]!.basis, /实施条例/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a court clerk takes an entry off the 失信被执行人 list with a reason', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'court.clerk', '/work/sanctions/exits');
  await pick(page, 'exit-list', /失信被执行人（黑名单）/);
  await page.getByTestId('exit-ref').fill('（2026）冀0102执140号');
  await page.getByTestId('exit-reason').click(); // leaving the ref looks the entry up
  await page.getByTestId('exit-entry').filter({ hasText: '石家庄已履行机械有限公司' }).waitFor();
  await page.getByTestId('exit-reason').fill('被执行人已全部履行生效法律文书确定的义务');
  await page.getByTestId('exit-submit').click();
  await clickSettled(page, page.locator('.ant-popconfirm').getByRole('button', { name: '确认移出' }));
  await page.getByTestId('exit-done').waitFor();
  assert.match(await text(page, 'exit-done'), /已移出：（2026）冀0102执140号/);
  await shot(page, 'work-sanctions-exit');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a visitor browses the 失信被执行人 list, searches, opens a person’s entry (ID masked) and reads the exit notices', async () => {
  // one more exit, through the service, so the notices hold two kinds of reasons
  await exitEntry(s.p, SYSTEM_ACTOR, court, { category: 'dishonest-debtor', ref: '（2026）冀0102执130号', reason: '双方达成执行和解并已履行完毕' });
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(s.url + '/');
  await page.getByRole('menuitem', { name: '红黑名单' }).click();
  await page.getByTestId('list-card').first().waitFor();
  assert.equal(await page.getByTestId('list-card').count(), 5); // four lists of departments and the associations' member rating (red, organizations public)
  await shot(page, 'portal-lists');

  await page.getByTestId('list-link').getByText('失信被执行人', { exact: true }).click();
  await page.getByTestId('entry-link').first().waitFor();
  // on the list today: the debtor and the person; the two that left are not
  assert.deepEqual((await page.getByTestId('entry-link').allTextContents()).sort(), ['王某某', '石家庄失信商贸有限公司'].sort());
  const body = await page.locator('body').innerText();
  assert.ok(!body.includes(DEBTOR_ID), 'the clear ID number must never reach the page');
  await shot(page, 'portal-list-entries');

  await page.getByTestId('list-search').locator('input').fill('王某某');
  // the table keeps the previous rows while the search loads: wait for its answer, then the spinner
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/public/lists/dishonest-debtor/entries?q=')),
    page.getByTestId('list-search').locator('input').press('Enter'),
  ]);
  await page.getByTestId('list-entries').locator('.ant-spin-spinning').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('entry-link').count(), 1);
  await page.getByTestId('entry-link').click();
  await page.getByTestId('entry-name').filter({ hasText: '王某某' }).waitFor();
  const masked = await text(page, 'entry-code');
  assert.match(masked, /\*/);
  assert.notEqual(masked, DEBTOR_ID);
  const fields = await page.getByTestId('entry-fields').innerText();
  assert.ok(fields.includes('（2026）冀0102执200号') && fields.includes('石家庄市长安区人民法院'), fields);
  assert.ok(!(await page.content()).includes(DEBTOR_ID), 'the clear ID number must never reach the page');
  await shot(page, 'portal-list-entry');

  await page.goto(s.url + '/lists/dishonest-debtor/exits');
  await page.getByTestId('exit-reason').first().waitFor();
  const reasons = await page.getByTestId('exit-reason').allTextContents();
  assert.deepEqual(reasons.sort(), ['双方达成执行和解并已履行完毕', '被执行人已全部履行生效法律文书确定的义务'].sort());
  await shot(page, 'portal-list-exits');
  assert.deepEqual(problems, []);
  await page.close();
});
