// 监测考核 in a real browser: an operator of the province opens November's evaluation (regions and
// departments ranked, the 约谈 tag), drills into a department, acknowledges a warning with a note
// and reads the resource directory; a department clerk declares a 零报送 on the upload page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { uscc } from '../helpers/platform.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { runEvaluation } from '../../src/modules/monitoring/evaluation.service.ts';
import { raiseWarning } from '../../src/modules/warnings/warnings.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { totpCode } from '../../src/modules/access/totp.ts';
import { PASSWORD, addStaff, fillSignIn, signInAs, watchProblems } from './work-helpers.ts';

let s: TestServer;
let browser: Browser;
let sjz: Department;
let operatorSecret: string;

before(async () => {
  s = await startTestServer('2026-12-10');
  sjz = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000041'), name: '石家庄市住房和城乡建设局', regionCode: '130100', kinds: ['housing-construction'] });
  await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0000042'), name: '保定市住房和城乡建设局', regionCode: '130600', kinds: ['housing-construction'] });
  await runEvaluation(s.p, SYSTEM_ACTOR, '2026-11', 'demand');
  await raiseWarning(s.p.db, SYSTEM_ACTOR, {
    kind: 'department.silent', targetKind: 'department', target: `${sjz.uscc}|penalty`, targetName: sjz.name, regionCode: '130100', today: '2026-12-10',
    reason: { zh: '石家庄市住房和城乡建设局的 penalty（每月报送）自（从未报送）后未再报送', en: 'silent', figures: {} },
  });
  operatorSecret = (await addStaff(s, { username: 'eval.operator', role: 'operator', regionCode: '130000' })).totp!.secret;
  await addStaff(s, { username: 'eval.clerk', role: 'department_clerk', departmentId: sjz.id });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('an operator reads the evaluation, drills down, acknowledges a warning and reads the directory', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  // operators sign in with a second factor
  await page.goto(`${s.url}/work/monitoring/evaluation?period=2026-11`);
  await page.getByTestId('sign-in-username').waitFor();
  await fillSignIn(page, 'eval.operator', PASSWORD, totpCode(operatorSecret, s.p.now()));
  await page.getByTestId('user-name').waitFor();
  await page.getByTestId('region-table').getByText('石家庄市').first().waitFor();
  await page.getByTestId('department-table').getByText('保定市住房和城乡建设局').waitFor();
  // nothing delivered: both score 0 and are ranked 1 (a tie)
  await page.getByTestId('department-link').first().click();
  await page.getByTestId('late-table').waitFor();

  await page.goto(`${s.url}/work/monitoring/warnings`);
  await page.getByTestId('warning-reason').first().waitFor();
  assert.match((await page.getByTestId('warning-reason').first().textContent()) ?? '', /未再报送/);
  await page.getByTestId('warning-ack').first().click();
  await page.getByTestId('warning-note').fill('已电话督促补报');
  await Promise.all([page.waitForResponse((r) => r.url().includes('/ack') && r.status() === 200), page.getByRole('button', { name: '确 认' }).or(page.getByRole('button', { name: '确认' })).last().click()]);
  await page.getByRole('cell', { name: '已电话督促补报' }).waitFor();

  await page.goto(`${s.url}/work/monitoring/directory`);
  await page.getByTestId('directory-table').getByText('类别：housing-construction').first().waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a department clerk declares a 零报送 on the upload page', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'eval.clerk', '/work/collection/upload');
  await page.getByTestId('zero-period').fill('2026-11');
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/monitoring/zero-declarations')), page.getByTestId('zero-declare').click()]);
  assert.match((await page.getByTestId('zero-result').textContent()) ?? '', /已申报/);
  assert.deepEqual(problems, []);
  await page.close();
});
