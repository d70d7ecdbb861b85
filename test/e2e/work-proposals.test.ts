// 全省设置建议 in a real browser (issue 17): a 保定 operator proposes to withdraw a measure for the
// whole province from the work portal (the form starts from the kind's example) and sees it
// pending; a province operator sees it, approves it with a note, and the measure is withdrawn; the
// proposer then sees it approved with the note.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { totpCode } from '../../src/modules/access/totp.ts';
import { PASSWORD, addStaff, fillSignIn, shot, text, watchProblems } from './work-helpers.ts';

let s: TestServer;
let browser: Browser;
const secrets: Record<string, string> = {};

before(async () => {
  s = await startTestServer('2026-11-20');
  secrets.bdop = (await addStaff(s, { username: 'bdop', displayName: '保定运营', role: 'operator', regionCode: '130600' })).totp!.secret;
  secrets.provop = (await addStaff(s, { username: 'provop', displayName: '省运营', role: 'operator', regionCode: '130000' })).totp!.secret;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

const measureActive = async (id: string) =>
  ((await (await fetch(`${s.url}/api/v1/measures`)).json()) as { measures: { id: string; active: boolean }[] }).measures.find((m) => m.id === id)!.active;

test('a city operator proposes, a province operator approves with a note, the proposer sees the outcome', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(s.url + '/work/admin/proposals');
  await fillSignIn(page, 'bdop', PASSWORD, totpCode(secrets.bdop!, s.p.now()));
  await page.getByTestId('proposal-new').click();
  // the first kind offered is a change to a measure, prefilled with its example (dd-exit-restriction → inactive)
  const change = page.getByTestId('proposal-change-input');
  assert.match(await change.inputValue(), /dd-exit-restriction/);
  await change.fill(JSON.stringify({ id: 'dd-exit-restriction', patch: { active: false } }));
  await page.getByTestId('proposal-reason').fill('该措施与保定试点政策冲突，建议全省暂停');
  await shot(page, 'work-proposals-form');
  await page.getByRole('button', { name: '提交建议' }).click();
  await page.getByTestId('proposal-status').first().waitFor();
  assert.equal(await text(page, 'proposal-status'), '待审批');
  assert.equal(await page.getByTestId('proposal-approve').count(), 0, 'the proposer cannot approve');
  assert.equal(await measureActive('dd-exit-restriction'), true);
  await page.close();

  const prov = await browser.newPage();
  problems.push(...watchProblems(prov));
  await prov.goto(s.url + '/work/admin/proposals');
  await fillSignIn(prov, 'provop', PASSWORD, totpCode(secrets.provop!, s.p.now()));
  await prov.getByTestId('proposal-approve').first().waitFor();
  assert.equal(await text(prov, 'proposal-kind'), '修改联合奖惩措施');
  await prov.getByTestId('proposal-approve').first().click();
  await prov.getByTestId('proposal-note').fill('经省信用办研究同意暂停');
  await shot(prov, 'work-proposals-approve');
  await prov.getByRole('button', { name: '批准并执行' }).click();
  await prov.getByTestId('proposal-approve').waitFor({ state: 'detached' });
  assert.equal(await measureActive('dd-exit-restriction'), false);
  await prov.close();

  const again = await browser.newPage();
  await again.goto(s.url + '/work/admin/proposals');
  await fillSignIn(again, 'bdop', PASSWORD, totpCode(secrets.bdop!, new Date(s.p.now().getTime() + 30_000)));
  await again.getByTestId('proposals-table').waitFor();
  await again.getByText('已批准').first().click(); // the 已批准 filter
  await again.getByText('经省信用办研究同意暂停').waitFor();
  assert.equal(await text(again, 'proposal-status'), '已批准');
  await again.close();
  assert.deepEqual(problems, []);
});
