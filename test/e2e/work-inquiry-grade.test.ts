// The credit grade and its explanation in the staff credit file (issue 12), in a real browser: a
// market-regulation clerk opens a company's full file; the header shows its grade (D: a serious
// penalty within 12 months), and the 信用分类 tab shows why — the deciding condition, the score,
// each indicator with its points and the records behind it, and the grade's history. A second
// company with nothing bad on file shows B with no penalty indicator records. The page's figures
// are the service's (gradeOfSubject), and the grade follows the file: after the penalty is revoked
// on objection the same page shows the new grade and a history entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { orgUscc, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';
import { gradeOfSubject, drainDirty } from '../../src/modules/classification/classification.service.ts';
import { fileObjection, decideObjection } from '../../src/modules/rights/objections.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { addStaff, shot, signInAs, text, watchProblems } from './work-helpers.ts';

const BAD = orgUscc('91', '130100', 'MA0GR001');
const LICENSED = orgUscc('91', '130100', 'MA0GR002');
const PENALTY_REF = '石市监罚〔2026〕901号';
const PURPOSE = '行政许可审查';
const MATTER = '石审批〔2026〕0456号';

let s: TestServer;
let browser: Browser;
let market: Department;

before(async () => {
  s = await startTestServer('2026-11-20');
  market = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000701'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  const r = await submitJsonBatch(s.p, SYSTEM_ACTOR, market, 'penalty', [
    penaltyRow({ CF_XDR_MC: '石家庄分级商贸有限公司', CF_XDR_SHXYM: BAD, CF_WSH: PENALTY_REF, CF_JDRQ: '2026-06-01', SEVERITY: '严重' }),
    penaltyRow({ CF_XDR_MC: '石家庄守规商贸有限公司', CF_XDR_SHXYM: LICENSED, CF_WSH: '石市监罚〔2026〕902号', CF_JDRQ: '2026-06-02', SEVERITY: '轻微' }),
  ]);
  assert.equal(r.counts.created, 2, JSON.stringify(r.results));
  await drainDirty(s.p);
  await addStaff(s, { username: 'grade.clerk', displayName: '孙经办', role: 'department_clerk', departmentId: market.id });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

async function openFile(page: Page, name: string): Promise<void> {
  await page.getByTestId('inquiry-search').locator('input').fill(name);
  await page.getByTestId('inquiry-search-button').click();
  const hits = page.getByTestId('inquiry-hits');
  await hits.locator('tr', { hasText: name }).getByTestId('inquiry-open').click();
  await page.getByTestId('inquiry-purpose').fill(PURPOSE);
  await page.getByTestId('inquiry-matter').fill(MATTER);
  await page.getByTestId('inquiry-confirm').click();
  await page.getByTestId('file-subject-name').filter({ hasText: name }).waitFor();
}

const factorRows = async (page: Page) =>
  page.getByTestId('file-grade-factors').locator('tr.ant-table-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));

test('a clerk reads a company’s grade and its explanation in the staff credit file', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'grade.clerk', '/work/inquiry');
  await openFile(page, '石家庄分级商贸有限公司');

  const subject = (await findSubjectByCode(s.p.db, BAD, s.p.crypto))!;
  const expected = await gradeOfSubject(s.p, subject);
  assert.equal(expected.grade, 'D'); // the model: a serious penalty within 12 months
  // the header: the grade beside the subject
  assert.equal(await text(page, 'file-grade'), expected.gradeName);
  assert.match(expected.gradeName, /^D/);

  // the explanation
  await page.getByTestId('file-grade-tab').click();
  await page.getByTestId('file-grade-explanation').waitFor();
  assert.equal(await text(page, 'file-grade-detail'), expected.gradeName);
  assert.equal(await text(page, 'file-grade-score'), String(expected.score));
  assert.equal(await text(page, 'file-grade-decision'), expected.decision.zh);
  assert.match(expected.decision.zh, /严重/);
  const rows = await factorRows(page);
  assert.equal(rows.length, expected.factors.length);
  for (const f of expected.factors) {
    const row = rows.find((r) => r[0] === f.name);
    assert.ok(row, `indicator ${f.name} shown`);
    assert.equal(row![1], f.points > 0 ? `+${f.points}` : String(f.points));
    for (const rec of f.records) assert.ok(row![2]!.includes(rec.ref), `${f.name}: ${rec.ref} in ${row![2]}`);
  }
  // the serious penalty is named as the record behind a negative indicator
  assert.ok(rows.some((r) => Number(r[1]) < 0 && r[2]!.includes(PENALTY_REF)), JSON.stringify(rows));
  assert.ok((await page.getByTestId('file-grade-history').innerText()).includes('D'));
  await shot(page, 'work-inquiry-grade');

  // a company with a light penalty only: B, and the penalty behind no negative indicator
  await openFile(page, '石家庄守规商贸有限公司');
  assert.match(await text(page, 'file-grade'), /^B/);
  await page.getByTestId('file-grade-tab').click();
  await page.getByTestId('file-grade-explanation').waitFor();
  const other = await factorRows(page);
  assert.ok(!other.some((r) => Number(r[1]) < 0 && r[2]!.includes('石市监罚〔2026〕902号')), JSON.stringify(other));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the grade follows the file: the penalty revoked on objection, the page shows the new grade and the change', async () => {
  const subject = (await findSubjectByCode(s.p.db, BAD, s.p.crypto))!;
  const o = await fileObjection(s.p, subject, { actor: SYSTEM_ACTOR, via: 'staff', sessionId: null }, { records: [{ ref: PENALTY_REF }], reason: '处罚决定已被复议撤销' });
  await decideObjection(s.p, SYSTEM_ACTOR, o.objectionId, null, { outcome: 'revoke', note: '经核实撤销' });
  await drainDirty(s.p);
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'grade.clerk', '/work/inquiry');
  await openFile(page, '石家庄分级商贸有限公司');
  const after = await gradeOfSubject(s.p, subject);
  assert.notEqual(after.grade, 'D');
  assert.equal(await text(page, 'file-grade'), after.gradeName);
  await page.getByTestId('file-grade-tab').click();
  const history = await page.getByTestId('file-grade-history').innerText();
  assert.ok(history.includes(`D → ${after.grade}`), history);
  assert.ok(history.includes('档案变化'), history);
  assert.deepEqual(problems, []);
  await page.close();
});
