// A newcomer's first hour in a real browser: the public pages pass axe-core (no serious or critical
// violations), search works with the keyboard alone, text enlarged to 200 % loses nothing; staff
// sign in without a console error; an upload with a 5 MB cell shows a cut value with its length.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium, WAIT } from '../helpers/browser.ts';
import { addTestDepartment, uscc } from '../helpers/platform.ts';
import { csv, penaltyRow, licenseRow } from '../helpers/rows.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { addStaff, fillSignIn, signInAs } from './work-helpers.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let s: TestServer;
let browser: Browser;
let dir: string;
let subjectPath: string;

before(async () => {
  s = await startTestServer('2026-11-20');
  const dep = await addTestDepartment(s.p, uscc('11130100MB0000001'), '石家庄市市场监督管理局', '130100');
  await addStaff(s, { username: 'sjz.clerk', displayName: '张经办', role: 'department_clerk', departmentId: dep.id });
  await submitJsonBatch(s.p, SYSTEM_ACTOR, dep, 'penalty', [penaltyRow()]);
  await submitJsonBatch(s.p, SYSTEM_ACTOR, dep, 'license', [licenseRow()]);
  dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-e2e-fh-'));
  browser = await launchChromium();
  const page = await browser.newPage();
  await page.goto(s.url + '/search?q=' + encodeURIComponent('华信达'));
  await page.getByTestId('result-link').first().waitFor();
  subjectPath = new URL((await page.getByTestId('result-link').first().getAttribute('href'))!, s.url).pathname;
  await page.close();
});
after(async () => {
  await browser?.close();
  await s?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Console errors of any kind, failed requests included: a normal visit has none.
function consoleErrors(page: Page): string[] {
  const out: string[] = [];
  page.on('pageerror', (e) => out.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') out.push(`${m.type()}: ${m.text()}`);
  });
  return out;
}

type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; any: { data?: unknown }[] }[] }[] };

async function axe(page: Page): Promise<AxeResult['violations']> {
  await page.addScriptTag({ path: AXE });
  const r = (await page.evaluate(() => (window as unknown as { axe: { run(o: object): Promise<unknown> } }).axe.run({ resultTypes: ['violations'] }))) as AxeResult;
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const PUBLIC_PAGES: [string, string, () => string][] = [
  ['首页 home', 'search-input', () => '/'],
  ['搜索 search', 'result-link', () => '/search?q=' + encodeURIComponent('华信达')],
  ['主体 subject', 'subject-name', () => subjectPath],
  ['红黑名单 lists', '', () => '/lists'],
  ['双公示 publications', '', () => '/publications'],
  ['异议 objection', '', () => '/objections'],
  ['报告核验 report verification', '', () => '/reports/verify'],
  ['公示统计 statistics', 'statistics-by-city', () => '/statistics'],
  ['诚信典型 exemplars', 'exemplar-publicity', () => '/exemplars'],
];

test('the public pages have no serious or critical axe-core violations and no console errors', async () => {
  const context = await browser.newContext({ bypassCSP: true }); // to inject axe-core
  const found: string[] = [];
  for (const [name, testId, url] of PUBLIC_PAGES) {
    const page = await context.newPage();
    const errors = consoleErrors(page);
    await page.goto(s.url + url());
    if (testId) await page.getByTestId(testId).first().waitFor();
    await page.waitForLoadState('networkidle');
    for (const v of await axe(page)) found.push(`${name}: [${v.impact}] ${v.id} — ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${JSON.stringify(n.any[0]?.data ?? '')}`).join(' | ')}`);
    for (const e of errors) found.push(`${name}: ${e}`);
    await page.close();
  }
  await context.close();
  assert.deepEqual(found, []);
});

test('search and navigation work with the keyboard alone', async () => {
  const page = await browser.newPage();
  await page.goto(s.url + '/');
  await page.getByTestId('search-input').waitFor();
  // Tab from the top of the page reaches the search box
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'search-input');
  }
  assert.ok(reached, 'the search box is reachable with Tab');
  await page.keyboard.type('华信达');
  await page.keyboard.press('Enter');
  await page.getByTestId('result-link').first().waitFor();
  // Tab on to the first result and open it with Enter
  let onResult = false;
  for (let i = 0; i < 40 && !onResult; i++) {
    await page.keyboard.press('Tab');
    onResult = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'result-link');
  }
  assert.ok(onResult, 'the first result is reachable with Tab');
  const focusVisible = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const st = getComputedStyle(el);
    return st.outlineStyle !== 'none' || st.boxShadow !== 'none' || st.textDecorationLine !== 'none';
  });
  assert.ok(focusVisible, 'the focused link shows it');
  await page.keyboard.press('Enter');
  await page.getByTestId('subject-name').waitFor();
  await page.close();
});

test('text enlarged to 200 % loses nothing: no sideways scrolling, the content stays', async () => {
  // 200 % zoom of a 1280 px window: the page lays out in 640 CSS px at twice the pixel size
  const context = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  for (const [name, testId, url] of PUBLIC_PAGES.slice(0, 5)) {
    const page = await context.newPage();
    await page.goto(s.url + url());
    if (testId) await page.getByTestId(testId).first().waitFor();
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${name}: ${overflow} px wider than the window at 200 %`);
    if (testId) assert.ok(await page.getByTestId(testId).first().isVisible(), `${name}: ${testId} visible`);
    await page.close();
  }
  await context.close();
});

test('staff sign in without a console error', async () => {
  const page = await browser.newPage();
  const errors = consoleErrors(page);
  await page.goto(s.url + '/work/sign-in');
  await page.getByTestId('sign-in-username').waitFor();
  await page.waitForLoadState('networkidle');
  await fillSignIn(page, 'sjz.clerk');
  await page.getByTestId('user-name').waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an upload with a 5 MB cell shows the value cut to 200 characters, with its length', async () => {
  const huge = '违'.repeat(1_750_000); // 5.25 MB in UTF-8
  const file = path.join(dir, '超长单元格.csv');
  writeFileSync(file, csv([penaltyRow({ CF_WSH: '石市监罚〔2026〕500号', CF_WFXW: huge })]));
  const page = await browser.newPage();
  await signInAs(s, page, 'sjz.clerk', '/work/collection/upload');
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByTestId('upload-submit').click();
  await page.getByTestId('upload-status').filter({ hasText: '已完成' }).waitFor(WAIT);
  await page.getByTestId('upload-batch-link').click();
  const errors = page.getByTestId('batch-errors');
  await errors.getByRole('cell', { name: 'CF_WFXW', exact: true }).waitFor();
  const shown = await errors.innerText();
  assert.match(shown, /共 1750000 个字符/);
  assert.ok(shown.length < 3000, `the error table shows ${shown.length} characters`);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height < 4000, `the batch page is ${height} px tall`);
  await page.close();
});
