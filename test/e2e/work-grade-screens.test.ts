// Issue 12's remaining screens in a real browser: (a) a market-regulation clerk (the competent
// department of 执业药师) lists its practitioners and filters them by 诚信积分 band; (b) the monitoring
// dashboard shows organizations' grades per city (persons not counted); (c) the 政府信用评估 page
// shows today's evaluation and, picked, November's stored run — which differs after a December
// record. The page's figures are the services'.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium, E2E_WAIT_MS } from '../helpers/browser.ts';
import { waitUntil } from '../helpers/wait.ts';
import { idNumber, orgUscc, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { drainDirty, gradeDistribution } from '../../src/modules/classification/classification.service.ts';
import { governmentEvaluation, runGovernmentEvaluation, storedGovernmentEvaluation } from '../../src/modules/government/government.service.ts';
import { findRegion } from '../../src/kernel/codes/region.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { totpCode } from '../../src/modules/access/totp.ts';
import { PASSWORD, addStaff, containing, fillSignIn, pick, shot, signInAs, watchProblems } from './work-helpers.ts';

const GOV_BODY = uscc('11130100MB0000955');

let s: TestServer;
let browser: Browser;
let market: Department;
let housing: Department;
let operatorSecret: string;

const conduct = (over: Record<string, string>) => ({
  ZY_XM: '李某', ZY_LB: '自然人', ZY_ZJLX: '居民身份证', ZY_ZJHM: idNumber('13010219800101111'), OCCUPATION: '执业药师', CERT_NO: 'ZYYS-2020-0001',
  ZY_JLLB: '惩戒处分', ZY_WSH: '冀药监惩〔2026〕1号', ZY_SY: '出租执业药师注册证', ZY_NR: '暂停执业六个月', ZY_JDRQ: '2026-08-01',
  ZY_JDJG: '石家庄市市场监督管理局', ZY_JDJGDM: uscc('11130100MB0000201'), ZY_SJLY: '石家庄市市场监督管理局', SEVERITY: '严重', ...over,
});
const govRecord = (ref: string, date: string) => ({
  ZW_MC: '石家庄市某评估局', ZW_LB: '政府机构', ZW_SHXYM: GOV_BODY, ZW_SXLX: '政府合同违约', ZW_WSH: ref,
  ZW_SY: '拖欠工程款', ZW_NR: '判令支付工程款', ZW_RDRQ: date, ZW_RDJG: '石家庄市中级人民法院', ZW_RDJGDM: uscc('11130100MB0000956'), ZW_SJLY: '石家庄市中级人民法院', SEVERITY: '严重',
});

before(async () => {
  s = await startTestServer('2026-12-10');
  market = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000201'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  housing = await addDepartment(s.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000051'), name: '石家庄市住房和城乡建设局', regionCode: '130100', kinds: ['housing-construction'] });
  const ok = (r: { counts: { created: number }; results: unknown }, n: number) => assert.equal(r.counts.created, n, JSON.stringify(r.results));
  ok(await submitJsonBatch(s.p, SYSTEM_ACTOR, market, 'professional-conduct', [
    conduct({}),
    conduct({ ZY_XM: '周某', ZY_ZJHM: idNumber('13010219810202222'), CERT_NO: 'ZYYS-2021-0002', ZY_JLLB: '表彰', ZY_WSH: '冀药监表〔2026〕2号', ZY_SY: '抗疫先进', ZY_NR: '通报表扬', SEVERITY: '' }),
  ]), 2);
  ok(await submitJsonBatch(s.p, SYSTEM_ACTOR, market, 'penalty', [
    penaltyRow({ CF_XDR_MC: '石家庄严重失信商贸有限公司', CF_XDR_SHXYM: orgUscc('91', '130100', 'MA0QC001'), CF_WSH: '石市监罚〔2026〕951号', CF_JDRQ: '2026-06-01', SEVERITY: '严重' }),
    penaltyRow({ CF_XDR_MC: '保定一般失信商贸有限公司', CF_XDR_SHXYM: orgUscc('91', '130600', 'MA0QC002'), CF_WSH: '石市监罚〔2026〕952号', CF_JDRQ: '2026-07-01', SEVERITY: '一般' }),
  ]), 2);
  // a government body: November's record, stored for November; a December record after it
  ok(await submitJsonBatch(s.p, SYSTEM_ACTOR, housing, 'government-dishonesty', [govRecord('（2026）冀01民初955号', '2026-11-05')]), 1);
  await runGovernmentEvaluation(s.p, SYSTEM_ACTOR, '2026-11', 'demand');
  ok(await submitJsonBatch(s.p, SYSTEM_ACTOR, housing, 'government-dishonesty', [govRecord('（2026）冀01民初988号', '2026-12-01')]), 1);
  await drainDirty(s.p);
  await addStaff(s, { username: 'drug.clerk', role: 'department_clerk', departmentId: market.id });
  operatorSecret = (await addStaff(s, { username: 'grade.operator', role: 'operator', regionCode: '130000' })).totp!.secret;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

const rowsOf = (page: import('playwright-core').Page, testId: string) =>
  page.getByTestId(testId).locator('tr.ant-table-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));

test('the competent department lists its practitioners and filters them by band', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(s, page, 'drug.clerk', '/work/classification/practitioners');
  await pick(page, 'practitioners-occupation', /执业药师/);
  await page.getByTestId('practitioners-purpose').fill('执业监督检查');
  await page.getByTestId('practitioners-matter').fill('石药监〔2026〕5号');
  await page.getByTestId('practitioners-submit').click();
  await page.getByTestId('practitioners-table').locator('tr.ant-table-row', { hasText: '周某' }).waitFor();
  const all = await rowsOf(page, 'practitioners-table');
  assert.deepEqual(all.map((r) => r[0]).sort(), ['周某', '李某']);
  const li = all.find((r) => r[0] === '李某')!;
  assert.ok(li[2]!.includes('ZYYS-2020-0001'), li.join('|'));
  assert.ok(!li[1]!.includes('19800101'), `ID number masked: ${li[1]}`);
  // a serious disciplinary decision (−30 within 12 months, −5 within 36) puts 李某 in another band than 周某's honour
  const band = li[5]!;
  assert.notEqual(band, all.find((r) => r[0] === '周某')![5]);
  await pick(page, 'practitioners-grade', containing(band));
  await page.getByTestId('practitioners-submit').click();
  await page.getByTestId('practitioners-table').locator('tr.ant-table-row', { hasText: '周某' }).waitFor({ state: 'detached' });
  assert.deepEqual((await rowsOf(page, 'practitioners-table')).map((r) => r[0]), ['李某']);
  const reads = await s.p.db.query<{ why: string }>(`SELECT why FROM audit_event WHERE action = 'personal-data.read' AND target = 'occupation:licensed-pharmacist'`);
  assert.equal(reads.length, 2);
  await shot(page, 'work-practitioners');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the dashboard shows organizations’ grades per city; the government page shows today or a stored period', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(`${s.url}/work/monitoring/dashboard?period=2026-11`);
  await page.getByTestId('sign-in-username').waitFor();
  await fillSignIn(page, 'grade.operator', PASSWORD, totpCode(operatorSecret, s.p.now()));
  await page.getByTestId('user-name').waitFor();

  // (b) counts by grade per city, organizations only: the persons graded above are not counted
  const expected = await gradeDistribution(s.p, '130000', (c) => findRegion(c)?.name, () => true);
  const persons = (await s.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM classification_grade WHERE scope = 'person'`))!.n;
  const orgs = (await s.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM classification_grade WHERE scope = 'organization'`))!.n;
  assert.ok(persons >= 2);
  assert.equal(expected.cities.reduce((n, c) => n + c.total, 0), orgs);
  await page.getByTestId('dashboard-grades').locator('tr.ant-table-row', { hasText: '保定市' }).waitFor();
  const shown = await rowsOf(page, 'dashboard-grades');
  assert.equal(shown.length, expected.cities.length);
  for (const c of expected.cities) {
    const row = shown.find((r) => r[0] === c.regionName)!;
    assert.ok(row, `${c.regionName} shown`);
    assert.deepEqual(row.slice(1, 1 + c.counts.length).map(Number), c.counts.map((x) => x.subjects), c.regionName);
    assert.equal(Number(row[1 + c.counts.length]), c.total);
  }
  const sjz = expected.cities.find((c) => c.region === '130100')!;
  // D: the company with a serious penalty and the government body (its serious 政务失信 records count as penalties)
  assert.equal(sjz.counts.find((x) => x.grade === 'D')!.subjects, 2);
  assert.equal(expected.cities.find((c) => c.region === '130600')!.counts.find((x) => x.grade === 'C')!.subjects, 1);
  await shot(page, 'work-dashboard-grades');

  // (c) today's evaluation (both records) and November's stored run (the first only)
  const today = (await governmentEvaluation(s.p)).items.find((i) => i.body.uscc === GOV_BODY)!;
  const nov = (await storedGovernmentEvaluation(s.p, '2026-11')).evaluation.items.find((i) => i.body.uscc === GOV_BODY)!;
  assert.ok(today.score < nov.score, `today ${today.score} < November ${nov.score}`);
  // a city with no government body on file says why the list is empty (not a bare 暂无数据)
  await page.goto(`${s.url}/work/monitoring/government?region=131100`);
  await page.getByTestId('gov-empty').filter({ hasText: '地区 131100 暂无参与评估的政府机关' }).waitFor();
  assert.match(await page.getByTestId('gov-empty').innerText(), /统一社会信用代码以 11 开头/);
  await page.goto(`${s.url}/work/monitoring/government`);
  // the score is the cell after the body's USCC
  const scoreShown = async () => {
    const row = (await rowsOf(page, 'gov-table')).find((r) => r.includes(GOV_BODY));
    return row ? Number(row[row.indexOf(GOV_BODY) + 1]) : null;
  };
  await waitUntil(async () => (await scoreShown()) === today.score, `today's score ${today.score}`, E2E_WAIT_MS);
  assert.match(await page.getByTestId('gov-run').innerText(), /今日即时计算/);
  await pick(page, 'gov-period', /2026-11/);
  await page.getByTestId('gov-run').filter({ hasText: '第 1 次' }).waitFor();
  await page.waitForURL(/period=2026-11/);
  await waitUntil(async () => (await scoreShown()) === nov.score, `November's stored score ${nov.score}`, E2E_WAIT_MS);
  assert.match(await page.getByTestId('gov-run').innerText(), /2026-11 第 1 次评估/);
  await shot(page, 'work-government-period');
  assert.deepEqual(problems, []);
  await page.close();
});
