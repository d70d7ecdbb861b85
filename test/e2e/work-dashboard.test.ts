// 监测看板 in a real browser: an operator of the province opens November's dashboard — the map of
// Hebei drawn (the regions coloured: nothing was delivered, so 石家庄 and 保定 are painted red),
// the 辛集/定州/雄安 markers named, the ranking with the 约谈 tags, the open warning, the trend of
// October and November — drills from a city to its departments and a department's late records,
// and downloads the 通报 as XLSX (one sheet per table) and as PDF. The 政府信用评估 section shows the
// stored November evaluation per city (a body with a broken contract: 85).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium, E2E_WAIT_MS } from '../helpers/browser.ts';
import { waitUntil } from '../helpers/wait.ts';
import { uscc } from '../helpers/platform.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { runEvaluation } from '../../src/modules/monitoring/evaluation.service.ts';
import { runGovernmentEvaluation } from '../../src/modules/government/government.service.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { raiseWarning } from '../../src/modules/warnings/warnings.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { totpCode } from '../../src/modules/access/totp.ts';
import { PASSWORD, addStaff, fillSignIn, shot, watchProblems } from './work-helpers.ts';

let s: TestServer;
let browser: Browser;
let sjz: Department;
let operatorSecret: string;
let dir: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xy-dashboard-'));
  s = await startTestServer('2026-12-10');
  sjz = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000051'), name: '石家庄市住房和城乡建设局', regionCode: '130100', kinds: ['housing-construction'] });
  await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0000052'), name: '保定市住房和城乡建设局', regionCode: '130600', kinds: ['housing-construction'] });
  await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130200MB0000053'), name: '唐山市住房和城乡建设局', regionCode: '130200', kinds: ['housing-construction'] });
  await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130400MB0000054'), name: '邯郸市住房和城乡建设局', regionCode: '130400', kinds: ['housing-construction'] });
  await runEvaluation(s.p, SYSTEM_ACTOR, '2026-10', 'demand');
  await runEvaluation(s.p, SYSTEM_ACTOR, '2026-11', 'demand');
  // a government body with a broken contract (serious, −15), evaluated and stored for November
  // (after the 考核 runs above, which it must not change)
  const gov = await submitJsonBatch(s.p, SYSTEM_ACTOR, sjz, 'government-dishonesty', [{
    ZW_MC: '石家庄市某看板局', ZW_LB: '政府机构', ZW_SHXYM: uscc('11130100MB0000955'), ZW_SXLX: '政府合同违约', ZW_WSH: '（2026）冀01民初955号',
    ZW_SY: '拖欠工程款', ZW_NR: '判令支付工程款', ZW_RDRQ: '2026-11-05', ZW_RDJG: '石家庄市中级人民法院', ZW_RDJGDM: uscc('11130100MB0000956'), ZW_SJLY: '石家庄市中级人民法院', SEVERITY: '严重',
  }]);
  assert.equal(gov.counts.created, 1, JSON.stringify(gov.results));
  await runGovernmentEvaluation(s.p, SYSTEM_ACTOR, '2026-11', 'demand');
  await raiseWarning(s.p.db, SYSTEM_ACTOR, {
    kind: 'department.silent', targetKind: 'department', target: `${sjz.uscc}|penalty`, targetName: sjz.name, regionCode: '130100', today: '2026-12-10',
    reason: { zh: '石家庄市住房和城乡建设局的 penalty（每月报送）自（从未报送）后未再报送', en: 'silent', figures: {} },
  });
  operatorSecret = (await addStaff(s, { username: 'dash.operator', role: 'operator', regionCode: '130000' })).totp!.secret;
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

// Pixels of the map's canvas close to the visual map's red (#f5222d, coverage 0).
const redPixels = (page: Page) =>
  page.getByTestId('hebei-map').evaluate((el) => {
    const canvas = el.querySelector('canvas')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! > 200 && data[i + 1]! < 90 && data[i + 2]! < 90) n++;
    return n;
  });

test('an operator reads the dashboard with its map, drills down to a department and downloads the 通报', async () => {
  const page = await browser.newPage({ acceptDownloads: true });
  const problems = watchProblems(page);
  await page.goto(`${s.url}/work/monitoring/dashboard?period=2026-11`);
  await page.getByTestId('sign-in-username').waitFor();
  await fillSignIn(page, 'dash.operator', PASSWORD, totpCode(operatorSecret, s.p.now()));
  await page.getByTestId('user-name').waitFor();

  // the map: drawn on a canvas, its label naming the cities and the three own rows
  const map = page.getByTestId('hebei-map');
  await map.locator('canvas').waitFor();
  const label = (await map.getAttribute('aria-label')) ?? '';
  for (const name of ['石家庄市', '保定市', '辛集市', '定州市', '雄安新区']) assert.ok(label.includes(name), `${name} in ${label}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="hebei-map"] canvas') !== null);
  // ECharts paints after its animation: wait for the painted state, bounded by time, not by a
  // number of looks (those ran out on the loaded CI machine)
  let red = 0;
  await waitUntil(async () => (red = await redPixels(page)) >= 500, 'the map to paint the cities red', E2E_WAIT_MS).catch(() => undefined);
  assert.ok(red >= 500, `the cities with departments are painted (coverage 0 → red): ${red} red pixels`);

  // ranking with tail flags (four departments scored 0 two months running: all flagged), warnings, trend
  await page.getByTestId('dashboard-region-table').getByText('石家庄市').waitFor();
  assert.ok((await page.getByTestId('dashboard-region-table').getByText('约谈').count()) >= 1);
  await page.getByTestId('dashboard-warnings').getByRole('cell', { name: '石家庄市住房和城乡建设局', exact: true }).waitFor();
  await page.getByTestId('trend-chart').locator('canvas').waitFor();
  assert.match((await page.getByTestId('trend-chart').getAttribute('aria-label')) ?? '', /2026-10.*2026-11/);
  // the 政府信用评估 section: per city, from November's stored run
  const govCard = page.getByTestId('dashboard-government');
  await govCard.getByText('石家庄市某看板局').waitFor();
  const govText = await govCard.innerText();
  assert.ok(govText.includes('石家庄市') && govText.includes('85（石家庄市某看板局）'), govText);
  assert.ok((await page.getByText('2026-11 第 1 次评估，截至 2026-11-30').count()) === 1);
  await shot(page, 'work-dashboard');

  // the 通报, both formats
  const xlsx = await downloaded(page, 'bulletin-xlsx');
  assert.equal(xlsx.name, 'bulletin-2026-11.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['通报', '地区排名', '部门排名', '约谈名单']);
  const pdf = await downloaded(page, 'bulletin-pdf');
  assert.equal(pdf.name, 'bulletin-2026-11.pdf');
  assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');

  // drill-down: a city to its departments, a department to its late and rejected records
  await page.getByTestId('dashboard-region-link').filter({ hasText: '石家庄市' }).click();
  const drawer = page.locator('.ant-drawer').filter({ hasText: '石家庄市 · 部门' });
  await drawer.getByText('石家庄市住房和城乡建设局').waitFor();
  assert.match(page.url(), /\/work\/monitoring\/evaluation\?period=2026-11&region=130100$/);
  await drawer.getByText('石家庄市住房和城乡建设局').click();
  await page.getByTestId('late-table').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});
