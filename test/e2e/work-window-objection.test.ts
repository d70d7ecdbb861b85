// 窗口代办异议 in a real browser (issue 17): a person comes to the market regulator's service
// window with an ID card; the clerk finds the person by ID number, sees the records of their own
// department (not another department's), picks the contested penalty, records the document seen,
// confirms the check and files; the objection is recorded with the document and the clerk, and a
// second filing on the same record is not offered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { idNumber, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { addStaff, pick, shot, signInAs, text, watchProblems } from './work-helpers.ts';

const PERSON = idNumber('13010219880808456');
const PERSON_NAME = '周窗口';
const OWN = '石市监罚〔2026〕881号';
const OTHER = '石财罚〔2026〕882号';

let s: TestServer;
let browser: Browser;

before(async () => {
  s = await startTestServer('2026-11-20');
  const market = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  const finance = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000062'), name: '石家庄市财政局', regionCode: '130100', kinds: ['finance'] });
  const person = (ref: string) => penaltyRow({ CF_XDR_MC: PERSON_NAME, CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_FRDB: '', CF_WSH: ref, SEVERITY: '一般' });
  assert.equal((await submitJsonBatch(s.p, SYSTEM_ACTOR, market, 'penalty', [person(OWN)])).counts.created, 1);
  assert.equal((await submitJsonBatch(s.p, SYSTEM_ACTOR, finance, 'penalty', [person(OTHER)])).counts.created, 1);
  await addStaff(s, { username: 'window.clerk', displayName: '吴窗口', role: 'department_clerk', departmentId: market.id });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('a clerk files an objection for a person who showed an ID card at the window', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'window.clerk', '/work/rights/window');
  assert.ok((await page.getByTestId('side-menu').innerText()).includes('窗口代办异议'));

  // an unknown code: a Chinese error, nothing to file on
  await page.getByTestId('window-subject').fill(idNumber('13010219880808999'));
  await page.getByTestId('window-look-up').click();
  await page.getByTestId('window-error').waitFor();
  assert.match(await text(page, 'window-error'), /平台没有主体/);

  await page.getByTestId('window-subject').fill(PERSON);
  await page.getByTestId('window-look-up').click();
  await page.getByTestId('window-found').waitFor();
  assert.equal(await text(page, 'window-subject-name'), PERSON_NAME);
  const table = await page.getByTestId('window-records').innerText();
  assert.ok(table.includes(OWN) && table.includes('行政处罚'), table);
  assert.ok(!table.includes(OTHER), 'another department’s record is not offered');
  assert.ok(!(await page.getByTestId('window-found').innerText()).includes(PERSON), 'the ID number is shown masked');

  // nothing picked: the page says what is missing
  await page.getByTestId('window-submit').click();
  await page.getByTestId('window-problem').waitFor();
  assert.match(await text(page, 'window-problem'), /勾选/);

  await page.getByLabel(`选择 ${OWN}`).check();
  await pick(page, 'window-document', '居民身份证');
  await page.getByTestId('window-applicant').fill(PERSON_NAME);
  await page.getByTestId('window-reason').fill('处罚决定书载明的当事人并非本人，本人当日不在石家庄');
  // the document is chosen but not confirmed as checked
  await page.getByTestId('window-submit').click();
  await page.getByTestId('window-problem').filter({ hasText: '当面核验' }).waitFor();
  await page.getByTestId('window-checked').check();
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/objections') && r.request().method() === 'POST'), page.getByTestId('window-submit').click()]);
  await page.getByTestId('window-done').waitFor();
  const done = await text(page, 'window-done');
  assert.match(done, /已受理异议 YY\d+（窗口代办）/);
  assert.ok(done.includes(PERSON_NAME), done);
  await shot(page, 'work-window-objection');

  const row = await s.p.db.one<{ id: string; filed_via: string; in_person_document: string; in_person_checked_by: string; filed_by: string }>(
    `SELECT id, filed_via, in_person_document, in_person_checked_by, filed_by FROM objection ORDER BY filed_at DESC LIMIT 1`,
  );
  assert.deepEqual([row!.filed_via, row!.in_person_document, row!.in_person_checked_by], ['staff', 'id_card', row!.filed_by]);
  assert.match(row!.filed_by, /^staff:/);

  // the same record again: shown under objection, not selectable
  await page.getByTestId('window-subject').fill(PERSON);
  await page.getByTestId('window-look-up').click();
  await page.getByTestId('window-found').waitFor();
  assert.ok((await page.getByTestId('window-records').innerText()).includes('异议处理中'));
  assert.equal(await page.getByLabel(`选择 ${OWN}`).isDisabled(), true);
  assert.deepEqual(problems, []);
});
