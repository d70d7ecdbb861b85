// 数据归集 in the work portal, in a real browser: a clerk of a 石家庄 department uploads a CSV
// with one bad row, watches it import, downloads the error report; another region's batch stays
// invisible to them, by list and by direct URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { addTestDepartment, uscc } from '../helpers/platform.ts';
import { csv, penaltyRow } from '../helpers/rows.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { addStaff, shot, signInAs, text, watchProblems } from './work-helpers.ts';

let s: TestServer;
let browser: Browser;
let dir: string;
let baodingBatch: string;

before(async () => {
  s = await startTestServer('2026-11-20');
  const sjz = await addTestDepartment(s.p, uscc('11130100MB0000001'), '石家庄市市场监督管理局', '130100');
  const bd = await addTestDepartment(s.p, uscc('11130600MB0000002'), '保定市市场监督管理局', '130600');
  await addStaff(s, { username: 'sjz.clerk', displayName: '张经办', role: 'department_clerk', departmentId: sjz.id });
  // one batch of their own from the department's system, so the list is never empty
  await submitJsonBatch(s.p, SYSTEM_ACTOR, sjz, 'penalty', [penaltyRow({ CF_WSH: '石市监罚〔2026〕100号' })]);
  const r = await submitJsonBatch(s.p, SYSTEM_ACTOR, bd, 'penalty', [
    penaltyRow({ CF_WSH: '保市监罚〔2026〕7号', CF_XDR_MC: '保定某某商贸有限公司', CF_XDR_SHXYM: uscc('91130600MA0000004'), CF_CFJG: '保定市市场监督管理局' }),
  ]);
  baodingBatch = r.batchId;
  dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-e2e-'));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function downloaded(page: Page, testId: string): Promise<{ name: string; body: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), body: readFileSync(file) };
}

test('a clerk of a 石家庄 department uploads a CSV with one bad row, sees the counts and downloads the error report', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'sjz.clerk', '/work/collection/upload');
  assert.equal(await text(page, 'user-role'), '部门业务员');
  assert.match(await text(page, 'user-where'), /石家庄市市场监督管理局 · 河北省 石家庄市/);
  const menu = await page.getByTestId('side-menu').innerText();
  assert.ok(menu.includes('上传数据文件') && menu.includes('批次记录'), menu);
  assert.ok(!menu.includes('用户管理') && !menu.includes('审计'), menu);

  const file = path.join(dir, '石家庄处罚.csv');
  writeFileSync(
    file,
    csv([
      penaltyRow({ CF_WSH: '石市监罚〔2026〕201号' }),
      penaltyRow({ CF_WSH: '石市监罚〔2026〕202号', CF_XDR_SHXYM: '91130100MA0A1B2C3X' }), // wrong check character
    ]),
  );
  await page.locator('input[type=file]').setInputFiles(file);
  assert.match(await text(page, 'upload-file'), /石家庄处罚\.csv/);
  await shot(page, 'work-upload-selected');
  await page.getByTestId('upload-submit').click();
  await page.getByTestId('upload-status').filter({ hasText: '已完成' }).waitFor();
  assert.equal(await text(page, 'count-rows'), '2');
  assert.equal(await text(page, 'count-created'), '1');
  assert.equal(await text(page, 'count-updated'), '0');
  assert.equal(await text(page, 'count-unchanged'), '0');
  assert.equal(await text(page, 'count-rejected'), '1');
  await shot(page, 'work-upload-done');

  const report = await downloaded(page, 'upload-errors-csv');
  assert.match(report.name, /^batch-[0-9a-f-]{36}-errors\.csv$/);
  const lines = report.body.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines.length, 2, lines.join('\n')); // header + the one error
  assert.match(lines[1]!, /^3,CF_XDR_SHXYM,/); // spreadsheet row 3: the second data row

  // the batch page: the first errors, and the other downloads
  await page.getByTestId('upload-batch-link').click();
  await page.getByTestId('batch-errors').getByRole('cell', { name: 'CF_XDR_SHXYM', exact: true }).waitFor();
  const errors = await page.getByTestId('batch-errors').innerText();
  assert.ok(errors.includes('CF_XDR_SHXYM') && errors.includes('91130100MA0A1B2C3X'), errors);
  assert.equal(await text(page, 'batch-status'), '已完成');
  await shot(page, 'work-batch-detail');
  const xlsx = await downloaded(page, 'download-errors-xlsx');
  assert.equal(xlsx.body.subarray(0, 2).toString('latin1'), 'PK'); // a zip: XLSX
  const original = await downloaded(page, 'download-original');
  assert.equal(original.body.toString('utf8'), readFileSync(file, 'utf8'));

  // and in the history
  await page.getByTestId('menu-batches').click();
  await page.getByTestId('batch-link').first().waitFor();
  // newest first: the upload, then the department system's batch
  assert.deepEqual(await page.getByTestId('batch-link').allTextContents(), ['石家庄处罚.csv', '接口提交']);
  await shot(page, 'work-batches');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a clerk in 石家庄 cannot see a 保定 department’s batch, by list or by URL', async () => {
  const page = await browser.newPage();
  await signInAs(s, page, 'sjz.clerk', '/work/collection/batches');
  await page.getByTestId('batches-table').waitFor();
  await page.getByTestId('batch-link').first().waitFor();
  const hrefs = await page.getByTestId('batch-link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length >= 1);
  assert.ok(!hrefs.some((h) => h?.includes(baodingBatch)), hrefs.join(' '));

  await page.goto(`${s.url}/work/collection/batches/${baodingBatch}`);
  await page.getByTestId('batch-not-found').waitFor();
  assert.ok(!(await page.locator('body').innerText()).includes('保定'));
  await shot(page, 'work-batch-not-found');
  // the downloads refuse as well
  const r = await page.request.get(`${s.url}/api/v1/batches/${baodingBatch}/errors?format=csv`);
  assert.equal(r.status(), 404);
  // and administration is not the clerk's
  await page.goto(`${s.url}/work/admin/users`);
  await page.getByTestId('forbidden-page').waitFor();
  await page.close();
});
