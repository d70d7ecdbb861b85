// A commitment made from a credit check's result page, in a real browser: a licensing clerk checks
// a new company (no record: 容缺受理 allowed), records its 容缺受理 commitment right on the result
// page (a due date before today is refused in Chinese first), the commitment is stored with the
// check; the company does not supply the materials, the sweep breaches the commitment, and the
// next check shows the breach as a bad record, the measure for it, and no commitment form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { orgUscc, uscc } from '../helpers/platform.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { addCommitment, sweepCommitments } from '../../src/modules/commitments/commitments.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { addStaff, pick, shot, signInAs, text, watchProblems } from './work-helpers.ts';

const NEW_CO = orgUscc('91', '130100', 'MA0CMW01');
const MATTER = '石审批许〔2026〕0100号';

let s: TestServer;
let browser: Browser;
let dep: Department;

before(async () => {
  s = await startTestServer('2026-11-20');
  dep = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000051'), name: '石家庄市行政审批局', regionCode: '130100', kinds: ['market-regulation'] });
  await addStaff(s, { username: 'license.clerk', displayName: '刘审批', role: 'department_clerk', departmentId: dep.id });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('a 容缺受理 commitment recorded from the check result page; once breached, the next check is not eligible', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'license.clerk', '/work/sanctions/check');
  const runCheck = async () => {
    await page.getByTestId('check-subject').fill(NEW_CO);
    await page.getByTestId('check-matter').fill(MATTER);
    await page.getByTestId('check-submit').click();
  };
  await pick(page, 'check-scenario', '行政许可审批', '行政许可审批');
  await runCheck();
  await page.getByTestId('check-no-record').waitFor();
  await page.getByTestId('commitment-card').waitFor();

  // a new company: its name is asked for; a due date before the commitment is refused by the server in Chinese
  await page.getByTestId('commitment-subject-name').fill('石家庄容缺受理科技有限公司');
  await page.getByTestId('commitment-content').fill('承诺于2026年12月1日前补交消防验收意见书');
  await page.getByTestId('commitment-due').fill('2026-11-01');
  await page.getByTestId('commitment-submit').click();
  await page.getByTestId('commitment-error').waitFor();
  assert.match(await text(page, 'commitment-error'), /履行期限 2026-11-01 不能早于承诺日期 2026-11-20/);
  assert.equal((await s.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM commitment'))!.n, 0);

  await page.getByTestId('commitment-due').fill('2026-12-01');
  await page.getByTestId('commitment-submit').click();
  await page.getByTestId('commitment-recorded').waitFor();
  const recorded = await text(page, 'commitment-recorded');
  assert.match(recorded, /已登记容缺受理承诺，编号 CN20261120\d{6}/);
  assert.match(recorded, /2026-12-01/);
  await shot(page, 'work-commitment-recorded');
  const stored = await s.p.db.one<{ kind: string; due_on: string; check_id: string | null; matter_ref: string }>('SELECT kind, due_on::text, check_id::text, matter_ref FROM commitment');
  assert.deepEqual([stored!.kind, stored!.due_on, stored!.matter_ref], ['tolerance', '2026-12-01', MATTER]);
  assert.ok(stored!.check_id);

  // not supplied in time: the sweep breaches it the day after the due date
  s.setToday('2026-12-02');
  const swept = await sweepCommitments(s.p);
  assert.equal(swept.breached.length, 1);
  await addCommitment(s.p, SYSTEM_ACTOR, dep, { subject: NEW_CO, kind: 'voluntary', content: '承诺诚信经营' });

  // twelve days later the session has ended: sign in again
  assert.deepEqual(problems, []);
  await page.close();
  const next = await browser.newPage();
  const problems2 = watchProblems(next);
  await checkAgain(next);
  assert.deepEqual(problems2, []);
  await next.close();
});

async function checkAgain(page: import('playwright-core').Page) {
  await signInAs(s, page, 'license.clerk', '/work/sanctions/check');
  await page.getByTestId('check-subject').fill(NEW_CO);
  await page.getByTestId('check-matter').fill(MATTER);
  await pick(page, 'check-scenario', '行政许可审批', '行政许可审批');
  await page.getByTestId('check-submit').click();
  await page.locator('[data-measure-id="cb-no-tolerance-notification"]').waitFor();
  assert.match(await text(page, 'check-eligibility-reason'), /近3年内有不良信用记录 1 条/);
  assert.match(await page.getByTestId('check-eligibility').innerText(), /违背信用承诺/);
  assert.equal(await page.getByTestId('commitment-card').count(), 0);
  await shot(page, 'work-commitment-breached-check');

  // the department's list: the breached one marked, a voluntary one fulfilled in place
  await page.goto(`${s.url}/work/sanctions/commitments`);
  await page.getByTestId('commitments-table').waitFor();
  const rows = page.locator('[data-testid="commitments-table"] tbody tr');
  const breachedRow = rows.filter({ hasText: '容缺受理承诺' });
  await breachedRow.waitFor();
  assert.match(await breachedRow.getByTestId('commitment-status').innerText(), /已违诺[\s\S]*逾期自动认定/);
  assert.equal(await breachedRow.getByTestId('commitment-fulfil').count(), 0);
  const voluntary = rows.filter({ hasText: '主动承诺' });
  await voluntary.getByTestId('commitment-fulfil').click();
  await page.getByTestId('commitment-action-text').fill('年度检查未发现违规');
  await page.getByTestId('commitment-action-ok').click();
  await voluntary.getByTestId('commitment-status').filter({ hasText: '已履行' }).waitFor();

  // 信用河北: the company's commitments with their status
  await page.goto(`${s.url}/subjects/${NEW_CO}`);
  await page.getByTestId('subject-commitments').waitFor();
  const pub = await page.getByTestId('subject-commitments').innerText();
  assert.ok(pub.includes('承诺于2026年12月1日前补交消防验收意见书') && pub.includes('已违诺') && pub.includes('已履行'), pub);
}
