// Issue 10 in a real browser: a department clerk finds a company by name, is asked for a purpose
// and a matter reference, opens its full credit file (records, list entry, measures in tabs) and
// the read lands in the company's access log; a meaningless purpose and a company of another city
// are refused in the dialog. The clerk browses the department's own records with filters and
// downloads the filtered XLSX; a visitor opens 公示统计 and sees the totals the home page shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { orgUscc, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';
import { accessLog } from '../../src/modules/rights/own-file.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { addStaff, pick, shot, signInAs, text, watchProblems } from './work-helpers.ts';

const ORG = orgUscc('91', '130100', 'MA0EQ001');
const BD_ORG = orgUscc('91', '130600', 'MA0EQ002');
const PURPOSE = '政府采购资格审查';
const MATTER = '石采〔2026〕0123号';

let s: TestServer;
let browser: Browser;
let market: Department;

before(async () => {
  s = await startTestServer('2026-11-20');
  market = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  const bd = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0000002'), name: '保定市市场监督管理局', regionCode: '130600', kinds: ['market-regulation'] });
  const r = await submitJsonBatch(s.p, SYSTEM_ACTOR, market, 'penalty', [
    penaltyRow({ CF_XDR_MC: '石家庄浏览器商贸有限公司', CF_XDR_SHXYM: ORG, CF_WSH: '石市监罚〔2026〕801号', CF_JDRQ: '2026-06-01', SEVERITY: '严重' }),
    penaltyRow({ CF_XDR_MC: '石家庄按时商贸有限公司', CF_XDR_SHXYM: orgUscc('91', '130100', 'MA0EQ003'), CF_WSH: '石市监罚〔2026〕802号', CF_JDRQ: '2026-11-19', CF_YXQ: '2027-11-19' }),
  ]);
  assert.equal(r.counts.created, 2, JSON.stringify(r.results));
  const l = await submitJsonBatch(s.p, SYSTEM_ACTOR, market, 'serious-dishonesty', [
    { 主体名称: '石家庄浏览器商贸有限公司', 主体类别: '法人及非法人组织', 统一社会信用代码: ORG, 认定文书号: '石严失〔2026〕12号', 认定日期: '2026-05-01', 认定事由: '拒不履行', 认定依据: '测试依据' },
  ]);
  assert.equal(l.counts.created, 1, JSON.stringify(l.results));
  await submitJsonBatch(s.p, SYSTEM_ACTOR, bd, 'penalty', [penaltyRow({ CF_XDR_MC: '保定浏览器建材有限公司', CF_XDR_SHXYM: BD_ORG, CF_WSH: '保市监罚〔2026〕803号' })]);
  await addStaff(s, { username: 'market.clerk', displayName: '钱经办', role: 'department_clerk', departmentId: market.id });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

test('a clerk finds a company by name, states a purpose, reads its full file in tabs; the read is in its access log', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'market.clerk', '/work/inquiry');
  assert.ok((await page.getByTestId('side-menu').innerText()).includes('信用查询'));

  await page.getByTestId('inquiry-search').locator('input').fill('浏览器');
  await page.getByTestId('inquiry-search-button').click();
  const hits = page.getByTestId('inquiry-hits');
  await hits.getByText('石家庄浏览器商贸有限公司').waitFor();
  assert.ok((await hits.innerText()).includes('保定浏览器建材有限公司'));

  // a meaningless purpose: refused in the dialog, nothing opened
  await hits.locator('tr', { hasText: '石家庄浏览器商贸有限公司' }).getByTestId('inquiry-open').click();
  await page.getByTestId('inquiry-purpose').fill('。。。');
  await page.getByTestId('inquiry-matter').fill(MATTER);
  await page.getByTestId('inquiry-confirm').click();
  await page.getByTestId('inquiry-error').waitFor();
  assert.match(await text(page, 'inquiry-error'), /用途须具体说明/);
  assert.equal(await page.getByTestId('credit-file').count(), 0);

  // a real purpose: the file opens
  await page.getByTestId('inquiry-purpose').fill(PURPOSE);
  await page.getByTestId('inquiry-confirm').click();
  await page.getByTestId('credit-file').waitFor();
  assert.equal(await text(page, 'file-subject-name'), '石家庄浏览器商贸有限公司');
  const file = await page.getByTestId('credit-file').innerText();
  assert.ok(file.includes(PURPOSE) && file.includes(MATTER), file);
  assert.ok((await page.getByTestId('file-records').innerText()).includes('石市监罚〔2026〕801号'));
  await page.getByRole('tab', { name: /红黑名单/ }).click();
  assert.ok((await page.getByTestId('file-lists').innerText()).includes('石严失〔2026〕12号'));
  await page.getByRole('tab', { name: /适用措施/ }).click();
  await page.getByTestId('file-measures').waitFor();
  assert.ok((await page.getByTestId('file-measures').locator('tr.ant-table-row').count()) > 0);
  await shot(page, 'work-inquiry-file');

  // a company of 保定: outside the clerk's region, refused with the reason
  await hits.locator('tr', { hasText: '保定浏览器建材有限公司' }).getByTestId('inquiry-open').click();
  await page.getByTestId('inquiry-purpose').fill(PURPOSE);
  await page.getByTestId('inquiry-matter').fill(MATTER);
  await page.getByTestId('inquiry-confirm').click();
  await page.getByTestId('inquiry-error').waitFor();
  assert.match(await text(page, 'inquiry-error'), /不在您的行政区域内/);

  // the company's own access log shows the read: the department and role, with the purpose
  const subject = (await findSubjectByCode(s.p.db, ORG, s.p.crypto))!;
  const log = await accessLog(s.p, subject, { id: `subject:${subject.publicId}`, kind: 'public' });
  const read = log.entries.filter((e) => e.kind === 'data-read' && !e.self);
  assert.equal(read.length, 1, JSON.stringify(log.entries));
  assert.equal(read[0]!.organization, '石家庄市市场监督管理局');
  assert.ok(read[0]!.purpose!.includes(PURPOSE) && read[0]!.purpose!.includes(MATTER));
  const bd = (await findSubjectByCode(s.p.db, BD_ORG, s.p.crypto))!;
  assert.equal((await accessLog(s.p, bd, { id: `subject:${bd.publicId}`, kind: 'public' })).entries.filter((e) => !e.self).length, 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the clerk filters the department’s records and downloads the filtered XLSX', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'market.clerk', '/work/collection/records');
  await page.getByTestId('own-records-total').filter({ hasText: '共 3 条' }).waitFor();
  // late only (the penalty of June and the list entry of May)
  await pick(page, 'own-records-late', '迟报');
  await page.waitForURL(/late=true/);
  await page.getByTestId('own-records-total').filter({ hasText: '共 2 条' }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('own-records-export').click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  assert.equal(ws.actualRowCount, 3); // header and two late records
  assert.ok(!JSON.stringify(ws.getSheetValues()).includes('石市监罚〔2026〕802号'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a visitor opens 公示统计: the totals of the home page, by city and by month, with a chart', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(`${s.url}/statistics`);
  await page.getByTestId('statistics-by-city').waitFor();
  const stats = (await (await fetch(`${s.url}/api/v1/public/stats`)).json()) as { publications: number; subjects: number; listEntries: number };
  const total = async (m: string) => Number((await page.getByTestId(`statistics-total-${m}`).locator('.ant-statistic-content-value').innerText()).replace(/,/g, ''));
  assert.deepEqual([await total('publications'), await total('subjects'), await total('listEntries')], [stats.publications, stats.subjects, stats.listEntries]);
  assert.ok((await page.getByTestId('statistics-by-city').innerText()).includes('保定市'));
  await page.getByTestId('statistics-charts').locator('canvas').first().waitFor();
  await shot(page, 'public-statistics');
  assert.deepEqual(problems, []);
  await page.close();
});
