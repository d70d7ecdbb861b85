// The public portal in a real browser: search a subject, open its page, see its records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { addTestDepartment, addTestClient, DEPT_USCC } from '../helpers/platform.ts';
import { penaltyRow, licenseRow, ORG_USCC } from '../helpers/rows.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { launchChromium } from '../helpers/browser.ts';

let s: TestServer;
let browser: Browser;

before(async () => {
  s = await startTestServer('2026-11-20');
  const dep = await addTestDepartment(s.p, DEPT_USCC);
  await addTestClient(s.p, dep);
  await submitJsonBatch(s.p, SYSTEM_ACTOR, dep, 'penalty', [penaltyRow()]);
  await submitJsonBatch(s.p, SYSTEM_ACTOR, dep, 'license', [licenseRow()]);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('a citizen searches a company on the portal and opens its page', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(s.url + '/');
  await page.getByTestId('search-input').fill('华信达');
  await page.getByTestId('search-button').click();
  const link = page.getByTestId('result-link').first();
  await link.waitFor();
  assert.equal((await link.textContent())?.trim(), '石家庄华信达商贸有限公司');
  await link.click();
  const heading = page.getByTestId('subject-name');
  await heading.waitFor();
  assert.equal((await heading.textContent())?.trim(), '石家庄华信达商贸有限公司');
  assert.ok((await page.content()).includes(ORG_USCC));
  // the license tab is one of two; the records themselves are cards
  await page.getByTestId('record-card').first().waitFor();
  const text = await page.locator('body').innerText();
  assert.ok(text.includes('石市监') && (text.includes('食品经营许可') || text.includes('罚款')), text.slice(0, 500));
  await page.screenshot({ path: '.test-tmp/portal-subject.png', fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('an unknown name shows the empty state, not an error', async () => {
  const page = await browser.newPage();
  await page.goto(s.url + '/search?q=' + encodeURIComponent('不存在的公司名称'));
  await page.getByTestId('search-empty').waitFor();
  await page.close();
});
