// The 通报 of a period and the dashboard's trend: October and November evaluated for three
// departments in three cities (石家庄 delivers in November, 保定 and 唐山 stay silent and are
// flagged for 约谈), then the bulletin as XLSX (one sheet per table: the facts with the period and
// the date of issue, the regions' and departments' rankings, the 约谈 list) and as a Chinese PDF,
// city staff getting their region's rows only, bad input refused, the export audited; the trend
// gives both stored months, oldest first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { createTestPlatform, uscc, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

let t: TestPlatform;
let a: Department;
let provinceOp: number;
let cityOp: number;

const asStaff = async (userId: number, url: string) =>
  t.app.inject({ method: 'GET', url, cookies: { xy_session: await openSessionFor(t.p, userId) }, headers: { 'x-requested-with': 'xinyong' } });
const asOperator = async (url: string) => t.app.inject({ method: 'POST', url, cookies: { xy_session: await openSessionFor(t.p, provinceOp) }, headers: { 'x-requested-with': 'xinyong' } });

async function workbook(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const rows = (name: string) => {
    const out: string[][] = [];
    wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return out;
  };
  return { names: wb.worksheets.map((w) => w.name), rows };
}

before(async () => {
  t = await createTestPlatform('2026-11-02');
  a = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000041'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0000042'), name: '保定市市场监督管理局', regionCode: '130600', kinds: ['market-regulation'] });
  await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130200MB0000043'), name: '唐山市市场监督管理局', regionCode: '130200', kinds: ['market-regulation'] });
  provinceOp = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'bul.province', displayName: '省信用办', role: 'operator', regionCode: '130000', password: 'Bulletin-Pass-2026', mustChangePassword: false })).user.id;
  cityOp = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'bul.sjz', displayName: '石家庄信用办', role: 'operator', regionCode: '130100', password: 'Bulletin-Pass-2026', mustChangePassword: false })).user.id;
  t.setToday('2026-11-10');
  const mark = (await t.p.db.one<{ n: number }>('SELECT coalesce(max(id), 0) AS n FROM record'))!.n;
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, a, 'penalty', [penaltyRow({ CF_WSH: '石市监罚〔2026〕801号', CF_JDRQ: '2026-11-05' })]);
  await t.p.db.query(`UPDATE record SET received_at = (date '2026-11-10' + time '12:00') AT TIME ZONE 'Asia/Shanghai' WHERE id > $1`, [mark]);
  await t.p.db.query(`UPDATE batch SET started_at = (date '2026-11-10' + time '12:00') AT TIME ZONE 'Asia/Shanghai' WHERE id = $1`, [r.batchId]);
  t.setToday('2026-12-10');
  for (const period of ['2026-10', '2026-11']) assert.equal((await asOperator(`/api/v1/monitoring/evaluations/${period}/run`)).statusCode, 200);
});
after(() => t.close());

test('通报 as XLSX: the period, the date of issue, both rankings and the 约谈 list, one sheet per table; audited', async () => {
  const res = await asStaff(provinceOp, '/api/v1/monitoring/evaluations/2026-11/bulletin?format=xlsx');
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /spreadsheetml/);
  assert.match(String(res.headers['content-disposition']), /bulletin-2026-11\.xlsx/);
  const wb = await workbook(res.rawPayload);
  assert.deepEqual(wb.names, ['通报', '地区排名', '部门排名', '约谈名单']);
  const facts = Object.fromEntries(wb.rows('通报').slice(1).map((r) => [r[0], r[1]]));
  assert.equal(facts['考核期间'], '2026年11月（2026-11-01 至 2026-11-30）');
  assert.equal(facts['印发日期'], '2026-12-10');
  assert.equal(facts['考核结果'], '第 1 次');
  assert.equal(facts['范围'], '全省');
  const regions = wb.rows('地区排名');
  assert.equal(regions[0]![1], '地区');
  assert.deepEqual(regions[1]!.slice(0, 2), ['1', '石家庄市'], 'the delivering city ranks first');
  const departments = wb.rows('部门排名');
  assert.deepEqual(departments[1]!.slice(0, 2), ['1', '石家庄市市场监督管理局']);
  // 保定 and 唐山 were in the tail in October and November: flagged, in the rankings and the list
  const flagged = departments.filter((r) => r.at(-1) === '约谈').map((r) => r[1]).sort();
  assert.deepEqual(flagged, ['保定市市场监督管理局', '唐山市市场监督管理局']);
  const list = wb.rows('约谈名单').slice(1).map((r) => `${r[0]}:${r[1]}`).sort();
  assert.ok(list.includes('部门:保定市市场监督管理局') && list.includes('部门:唐山市市场监督管理局'), list.join());
  assert.ok(!list.some((x) => x.includes('石家庄')), list.join());
  const audit = await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'evaluation.bulletin' AND target = 'evaluation:2026-11'`);
  assert.equal(audit!.n, 1);
});

test('通报 as a Chinese PDF: the CJK face embedded with the title and the names', async () => {
  const res = await asStaff(provinceOp, '/api/v1/monitoring/evaluations/2026-11/bulletin?format=pdf');
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  const pdf = res.rawPayload;
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.match(pdf.toString('latin1'), /\/FontFile2/);
  // the ToUnicode map of the embedded subset holds the characters drawn
  const text = pdf.toString('latin1');
  const cmaps: string[] = [];
  const re = /\d+ 0 obj\s*<<((?:(?!endobj)[\s\S])*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const length = Number(/\/Length (\d+)/.exec(m[1]!)?.[1]);
    const raw = pdf.subarray(m.index + m[0].length, m.index + m[0].length + length);
    const data = (/\/FlateDecode/.test(m[1]!) ? inflateSync(raw) : raw).toString('latin1');
    if (data.includes('begincmap')) cmaps.push(data);
  }
  const hex = (ch: string) => ch.codePointAt(0)!.toString(16).padStart(4, '0');
  for (const ch of '通报约谈唐山印发') assert.ok(cmaps.some((c) => c.toLowerCase().includes(`<${hex(ch)}>`)), `${ch} drawn`);
});

test('city staff get their region’s rows; bad input is refused with zh/en errors', async () => {
  const res = await asStaff(cityOp, '/api/v1/monitoring/evaluations/2026-11/bulletin');
  assert.equal(res.statusCode, 200, res.body);
  const wb = await workbook(res.rawPayload);
  // 辛集 lies inside 石家庄's code range: its row is theirs to see too
  assert.deepEqual(wb.rows('地区排名').slice(1).map((r) => r[1]).sort(), ['石家庄市', '辛集市'].sort());
  assert.deepEqual(wb.rows('部门排名').slice(1).map((r) => r[1]), ['石家庄市市场监督管理局']);
  assert.equal(Object.fromEntries(wb.rows('通报').slice(1).map((r) => [r[0], r[1]]))['范围'], '石家庄市');
  for (const [url, code] of [
    ['/api/v1/monitoring/evaluations/2026-13/bulletin', 'PERIOD_INVALID'],
    ['/api/v1/monitoring/evaluations/2027-01/bulletin', 'PERIOD_IN_FUTURE'],
    ['/api/v1/monitoring/evaluations/2026-11/bulletin?format=doc', 'REQUEST_INVALID'],
    ['/api/v1/monitoring/evaluations/2026-11/bulletin?run=9', 'EVALUATION_RUN_NOT_FOUND'],
  ]) {
    const r = await asStaff(provinceOp, url!);
    assert.ok([400, 404].includes(r.statusCode), `${url}: ${r.statusCode}`);
    assert.equal(r.json().error.code, code, r.body);
    assert.ok(r.json().error.zh && r.json().error.en);
  }
});

test('trend: the stored months oldest first, with the regions in scope', async () => {
  const all = (await asStaff(provinceOp, '/api/v1/monitoring/trend?kind=month&count=12')).json();
  assert.deepEqual(all.points.map((x: { period: string }) => x.period), ['2026-10', '2026-11']);
  const nov = all.points[1];
  assert.ok(nov.regions.length >= 3);
  assert.ok(nov.regions.find((g: { code: string }) => g.code === '130100').coverage > 0, '石家庄 delivered in November');
  assert.equal(nov.regions.find((g: { code: string }) => g.code === '130600').coverage, 0, '保定 did not');
  assert.ok(nov.coverage > 0 && nov.coverage < 1, String(nov.coverage));
  assert.equal(all.points[0].coverage, 0);
  const city = (await asStaff(cityOp, '/api/v1/monitoring/trend')).json();
  assert.deepEqual(city.points[1].regions.map((g: { code: string }) => g.code).sort(), ['130100', '130181']);
  const bad = await asStaff(provinceOp, '/api/v1/monitoring/trend?kind=week');
  assert.equal(bad.statusCode, 400);
});
