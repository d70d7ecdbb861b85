// Monitoring end to end: the resource directory (file entries, an operator's revision with
// history), records and a 零报送 of three departments in three cities, the evaluation of October
// and November (coverage, timeliness, quality, score, ranks, tail flags for 约谈, stored runs with
// history), the drill-down, city staff seeing their region only, and the early warnings the
// monitoring sweep raises (silent department, volume drop, region below target, a subject with
// serious records), acknowledged and closed.
//
// Records are received "now" (received_at defaults to the database clock); to place them in
// November the test sets the platform clock to the day of receipt (so the lateness flag is
// computed for that day) and then moves received_at and the batch start to that day.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, orgUscc, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow, licenseRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { monitoringSweep } from '../../src/modules/monitoring/monitoring.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const SUBJECT_X = orgUscc('91', '130100', 'MA0M0N01');
let t: TestPlatform;
let a: Department; // 石家庄 market regulation
let b: Department; // 保定 market regulation
let c: Department; // 唐山 ecology and environment
let bClient: string;
let provinceOp: number;
let cityOp: number;

const asStaff = async (userId: number, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, cookies: { xy_session: await openSessionFor(t.p, userId) }, headers: { 'x-requested-with': 'xinyong' }, ...(payload ? { payload } : {}) });
const declare = (json: object) => signedInject(t.app, bClient, { url: '/api/v1/monitoring/zero-declarations', json, now: t.p.now() });

// submit on `day` and place the rows and batches of this department received since `mark` on that day
async function receiveOn(day: string, dep: Department, category: string, rows: Record<string, string>[]): Promise<void> {
  t.setToday(day);
  const mark = (await t.p.db.one<{ n: number }>('SELECT coalesce(max(id), 0) AS n FROM record'))!.n;
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, dep, category, rows);
  await t.p.db.query(`UPDATE record SET received_at = ($1::date + time '12:00') AT TIME ZONE 'Asia/Shanghai' WHERE id > $2 AND department_id = $3`, [day, mark, dep.id]);
  await t.p.db.query(`UPDATE batch SET started_at = ($1::date + time '12:00') AT TIME ZONE 'Asia/Shanghai' WHERE id = $2`, [day, r.batchId]);
}

const stateOf = async () =>
  JSON.stringify(await t.p.db.one(`SELECT (SELECT count(*) FROM directory_entry) AS d, (SELECT count(*) FROM zero_declaration) AS z, (SELECT count(*) FROM evaluation_run) AS e, (SELECT count(*) FROM audit_event) AS a`));

before(async () => {
  t = await createTestPlatform('2026-11-02');
  a = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  b = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0000002'), name: '保定市市场监督管理局', regionCode: '130600', kinds: ['market-regulation'] });
  c = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130200MB0000003'), name: '唐山市生态环境局', regionCode: '130200', kinds: ['ecology-environment'] });
  bClient = await addTestClient(t.p, b, ['collect']);
  provinceOp = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'mon.province', displayName: '省信用办', role: 'operator', regionCode: '130000', password: 'Monitor-Pass-2026', mustChangePassword: false })).user.id;
  cityOp = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'mon.sjz', displayName: '石家庄信用办', role: 'operator', regionCode: '130100', password: 'Monitor-Pass-2026', mustChangePassword: false })).user.id;
});
after(() => t.close());

test('directory: entries from directory/*.json; a province operator revises one, with history; city staff and bad input are refused, nothing changed', async () => {
  const list = (await asStaff(provinceOp, 'GET', '/api/v1/monitoring/directory')).json();
  const kindPenalty = list.entries.find((e: { departmentKind: string; category: string }) => e.departmentKind === 'market-regulation' && e.category === 'penalty');
  assert.deepEqual([kindPenalty.frequency, kindPenalty.from, kindPenalty.source, kindPenalty.revision], ['monthly', '2024-01-01', 'file', 1]);

  const before = await stateOf();
  const refused = await asStaff(cityOp, 'POST', '/api/v1/monitoring/directory', { department: c.uscc, category: 'penalty', frequency: 'monthly', from: '2026-11-01' });
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().error.code, 'PROVINCE_LEVEL_REQUIRED');
  for (const [body, code] of [
    [{ department: c.uscc, category: 'penalty', frequency: 'hourly' }, 'DIRECTORY_FREQUENCY_INVALID'],
    [{ department: c.uscc, category: 'no-such', frequency: 'monthly' }, 'CATEGORY_UNKNOWN'],
    [{ department: uscc('11130200MB0000099'), category: 'penalty', frequency: 'monthly' }, 'DEPARTMENT_NOT_FOUND'],
    [{ department: c.uscc, category: 'penalty', frequency: 'monthly', from: '2026-13-01' }, 'DATE_INVALID'],
    [{ category: 'penalty', frequency: 'monthly' }, 'DIRECTORY_SUPPLIER_REQUIRED'],
  ] as const) {
    const r = await asStaff(provinceOp, 'POST', '/api/v1/monitoring/directory', body);
    assert.ok([400, 404].includes(r.statusCode), r.body);
    assert.equal(r.json().error.code, code, r.body);
    assert.ok(r.json().error.zh && r.json().error.en);
  }
  // refusals are audited (access.refused) but change nothing else
  const after = JSON.parse(await stateOf());
  assert.deepEqual([after.d, after.z, after.e], [JSON.parse(before).d, JSON.parse(before).z, JSON.parse(before).e]);

  // 唐山 ecology owes penalties monthly from 11-01 and a nil return does not count for them
  const set = await asStaff(provinceOp, 'POST', '/api/v1/monitoring/directory', { department: c.uscc, category: 'penalty', frequency: 'weekly', from: '2026-11-01', zeroCounts: false });
  assert.equal(set.statusCode, 200, set.body);
  const again = await asStaff(provinceOp, 'POST', '/api/v1/monitoring/directory', { department: c.uscc, category: 'penalty', frequency: 'monthly', from: '2026-11-01', zeroCounts: false, note: '改为按月' });
  assert.equal(again.json().revision, 2);
  const history = (await asStaff(provinceOp, 'GET', `/api/v1/monitoring/directory/history?key=${encodeURIComponent(again.json().key)}`)).json();
  assert.deepEqual(history.entries.map((e: { revision: number; frequency: string }) => [e.revision, e.frequency]), [[2, 'monthly'], [1, 'weekly']]);
  // 石家庄 staff see the kind entries and 石家庄's own, not 唐山's
  const cityList = (await asStaff(cityOp, 'GET', '/api/v1/monitoring/directory')).json();
  assert.equal(cityList.entries.some((e: { departmentUscc: string | null }) => e.departmentUscc === c.uscc), false);
  assert.ok(cityList.entries.length > 0);
});

test('records of November and a 零报送; a nil return is refused for a bad period, a category not owed, or one with records', async () => {
  // 石家庄: a serious penalty of X on time, a licence, and one rejected row (no 文书号)
  await receiveOn('2026-11-10', a, 'penalty', [
    penaltyRow({ CF_XDR_SHXYM: SUBJECT_X, CF_XDR_MC: '石家庄监测测试有限公司', CF_WSH: '石市监罚〔2026〕501号', SEVERITY: '严重', CF_JDRQ: '2026-11-05' }),
    penaltyRow({ CF_WSH: '', CF_JDRQ: '2026-11-05' }),
  ]);
  await receiveOn('2026-11-10', a, 'license', [licenseRow({ XK_WSH: '石市监许〔2026〕501号', XK_JDRQ: '2026-11-05' })]);
  // 保定: a serious penalty of X decided in September, received late
  await receiveOn('2026-11-12', b, 'penalty', [
    penaltyRow({ CF_XDR_SHXYM: SUBJECT_X, CF_XDR_MC: '石家庄监测测试有限公司', CF_WSH: '保市监罚字〔2026〕第0501号', SEVERITY: '严重', CF_JDRQ: '2026-09-20', CF_CFJG: '保定市市场监督管理局', CF_CFJGDM: b.uscc, CF_SJLY: '保定市市场监督管理局', CF_SJLYDM: b.uscc }),
  ]);
  t.setToday('2026-12-10');

  const before = await stateOf();
  for (const [body, status, code] of [
    [{ category: 'license', period: '2027-01' }, 400, 'PERIOD_IN_FUTURE'],
    [{ category: 'license', period: '2026-13' }, 400, 'PERIOD_INVALID'],
    [{ category: 'license', period: 'November' }, 400, 'PERIOD_INVALID'],
    [{ category: 'no-such', period: '2026-11' }, 404, 'CATEGORY_UNKNOWN'],
    [{ category: 'dishonest-debtor', period: '2026-11' }, 400, 'DIRECTORY_ENTRY_MISSING'],
    [{ category: 'penalty', period: '2026-11' }, 409, 'ZERO_DECLARATION_HAS_RECORDS'],
  ] as const) {
    const r = await declare(body);
    assert.equal(r.statusCode, status, r.body);
    assert.equal(r.json().error.code, code);
    assert.match(r.json().error.zh, /[\u4e00-\u9fff]/);
  }
  assert.equal(await stateOf(), before, 'refused nil returns change nothing');
  const ok = await declare({ category: 'license', period: '2026-11' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual([ok.json().created, ok.json().counts, ok.json().declaration.start, ok.json().declaration.end], [true, true, '2026-11-01', '2026-11-30']);
  const twice = await declare({ category: 'license', period: '2026-11' });
  assert.deepEqual([twice.json().created, twice.json().declaration.id], [false, ok.json().declaration.id]);
});

type Row = { uscc?: string; code?: string; due: number; covered: number; coverage: number | null; records: number; onTime: number; timeliness: number | null; rows?: number; rejected?: number; rejectRate?: number | null; score: number | null; rank: number | null; tail: boolean; tailFlag: boolean };

test('evaluation of October then November: coverage, timeliness, quality, score, ranks, tail flags; a re-run stores nothing new; late data makes run 2', async () => {
  const oct = await asStaff(provinceOp, 'POST', '/api/v1/monitoring/evaluations/2026-10/run');
  assert.equal(oct.statusCode, 200, oct.body);
  assert.deepEqual([oct.json().runNo, oct.json().stored], [1, true]);
  const octResult = (await asStaff(provinceOp, 'GET', '/api/v1/monitoring/evaluations/2026-10')).json();
  // nothing arrived in October: everyone covered nothing and is in the tail (score 0 < 60)
  for (const d of octResult.departments as Row[]) assert.deepEqual([d.covered, d.score, d.tail, d.tailFlag], [0, 0, true, false], JSON.stringify(d));

  const run = await asStaff(provinceOp, 'POST', '/api/v1/monitoring/evaluations/2026-11/run');
  assert.deepEqual([run.json().runNo, run.json().stored], [1, true]);
  const nov = (await asStaff(provinceOp, 'GET', '/api/v1/monitoring/evaluations/2026-11')).json();
  assert.equal(nov.asOf, '2026-11-30');
  const dep = (u: string) => (nov.departments as Row[]).find((d) => d.uscc === u)!;
  // 石家庄: penalty and licence slots covered (the quarterly 严重违法失信 slot ends in December), 2
  // records on time, 1 of 3 rows rejected: (40·1 + 25·1 + 15·0.6667) / 80
  assert.deepEqual(
    [dep(a.uscc).due, dep(a.uscc).covered, dep(a.uscc).coverage, dep(a.uscc).records, dep(a.uscc).onTime, dep(a.uscc).timeliness, dep(a.uscc).rows, dep(a.uscc).rejected, dep(a.uscc).rejectRate, dep(a.uscc).score, dep(a.uscc).rank],
    [2, 2, 1, 2, 2, 1, 3, 1, 0.3333, 93.8, 1],
  );
  // 保定: the licence slot covered by the nil return, the one record late: (40 + 0 + 15) / 80
  assert.deepEqual([dep(b.uscc).covered, dep(b.uscc).coverage, dep(b.uscc).records, dep(b.uscc).onTime, dep(b.uscc).timeliness, dep(b.uscc).score, dep(b.uscc).rank], [2, 1, 1, 0, 0, 68.8, 2]);
  // 唐山: penalty (its own entry from 11-01) and licence (its kind's) due, nothing covered
  assert.deepEqual([dep(c.uscc).due, dep(c.uscc).covered, dep(c.uscc).coverage, dep(c.uscc).timeliness, dep(c.uscc).rejectRate, dep(c.uscc).score, dep(c.uscc).rank], [2, 0, 0, null, null, 0, 3]);
  // 约谈: 唐山 was in the tail in October and is again; the others left it
  assert.deepEqual([dep(a.uscc).tailFlag, dep(b.uscc).tailFlag, dep(c.uscc).tail, dep(c.uscc).tailFlag], [false, false, true, true]);
  const reg = (code: string) => (nov.regions as Row[]).find((g) => g.code === code)!;
  assert.deepEqual([reg('130100').score, reg('130100').rank, reg('130600').rank, reg('130200').rank, reg('130200').tailFlag], [93.8, 1, 2, 3, true]);
  assert.deepEqual([reg('130300').due, reg('130300').coverage, reg('130300').score, reg('130300').rank], [0, null, null, null]);
  // 14 region rows: 11 cities, 辛集, 定州, 雄安
  assert.equal(nov.regions.length, 14);
  for (const code of ['130181', '130682', '133100']) assert.ok(reg(code), code);

  // the same figures again: nothing new stored
  const same = await asStaff(provinceOp, 'POST', '/api/v1/monitoring/evaluations/2026-11/run');
  assert.deepEqual([same.json().runNo, same.json().stored], [1, false]);
  // late data: 唐山 declares it had no licences in November; run 2 shows it, run 1 stays
  const cClient = await addTestClient(t.p, c, ['collect']);
  const late = await signedInject(t.app, cClient, { url: '/api/v1/monitoring/zero-declarations', json: { category: 'license', period: '2026-11' }, now: t.p.now() });
  assert.equal(late.statusCode, 200, late.body);
  const rerun = await asStaff(provinceOp, 'POST', '/api/v1/monitoring/evaluations/2026-11/run');
  assert.deepEqual([rerun.json().runNo, rerun.json().stored, rerun.json().previousRunNo], [2, true, 1]);
  const v2 = (await asStaff(provinceOp, 'GET', '/api/v1/monitoring/evaluations/2026-11')).json();
  const v1 = (await asStaff(provinceOp, 'GET', '/api/v1/monitoring/evaluations/2026-11?run=1')).json();
  const cOf = (r: { departments: Row[] }) => r.departments.find((d) => d.uscc === c.uscc)!;
  assert.deepEqual([cOf(v1).covered, cOf(v2).covered, cOf(v2).coverage], [0, 1, 0.5]);
  assert.deepEqual(v2.runs.map((r: { runNo: number }) => r.runNo), [2, 1]);
  const periods = (await asStaff(provinceOp, 'GET', '/api/v1/monitoring/evaluations')).json().periods;
  assert.deepEqual(periods.map((x: { period: string; runs: number }) => [x.period, x.runs]), [['2026-11', 2], ['2026-10', 1]]);
  // a run is audited
  const audits = await t.p.db.query(`SELECT target FROM audit_event WHERE action = 'evaluation.run' ORDER BY id`);
  assert.deepEqual(audits.map((x) => x.target), ['evaluation:2026-10', 'evaluation:2026-11', 'evaluation:2026-11']);

  // bad periods: zh/en, nothing stored
  const before = await stateOf();
  for (const [p, code] of [['2026-13', 'PERIOD_INVALID'], ['2027-01', 'PERIOD_IN_FUTURE'], ['2026-Q5', 'PERIOD_INVALID'], ['2030', 'PERIOD_IN_FUTURE']]) {
    const r = await asStaff(provinceOp, 'POST', `/api/v1/monitoring/evaluations/${p}/run`);
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().error.code, code);
  }
  assert.equal(await stateOf(), before);
});

test('drill-down and scope: a department’s late records and rejected rows; city staff see their region only', async () => {
  const bDrill = (await asStaff(provinceOp, 'GET', `/api/v1/monitoring/evaluations/2026-11/departments/${b.uscc}`)).json();
  assert.deepEqual(bDrill.late.map((r: { sourceRef: string; receivedOn: string }) => [r.sourceRef, r.receivedOn]), [['保市监罚字〔2026〕第0501号', '2026-11-12']]);
  const aDrill = (await asStaff(provinceOp, 'GET', `/api/v1/monitoring/evaluations/2026-11/departments/${a.uscc}`)).json();
  assert.equal(aDrill.late.length, 0);
  assert.ok(aDrill.rejected.length >= 1);
  assert.equal(aDrill.department.rejected, 1);
  const region = (await asStaff(provinceOp, 'GET', '/api/v1/monitoring/evaluations/2026-11/regions/130600')).json();
  assert.deepEqual(region.departments.map((d: Row) => d.uscc), [b.uscc]);

  const city = (await asStaff(cityOp, 'GET', '/api/v1/monitoring/evaluations/2026-11')).json();
  assert.deepEqual(city.regions.map((g: Row) => g.code).sort(), ['130100', '130181'].sort().filter((x) => city.regions.some((g: Row) => g.code === x)));
  assert.ok(city.regions.every((g: Row) => ['130100', '130181'].includes(g.code!)));
  assert.deepEqual(city.departments.map((d: Row) => d.uscc), [a.uscc]);
  assert.equal(city.departments[0].rank, 1, 'ranks stay province-wide');
  const out = await asStaff(cityOp, 'GET', `/api/v1/monitoring/evaluations/2026-11/departments/${b.uscc}`);
  assert.equal(out.statusCode, 404);
  assert.equal((await asStaff(cityOp, 'GET', '/api/v1/monitoring/evaluations/2026-11/regions/130600')).statusCode, 404);
});

test('early warnings: the sweep raises silent departments, a region below target, a subject with serious records and a volume drop; idempotent; ack needs a note; close', async () => {
  // a fourth department with 12 records a month in August–October and 2 in November
  const d = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130900MB0000004'), name: '沧州市交通运输局', regionCode: '130900', kinds: ['transport'] });
  let n = 0;
  for (const [day, count] of [['2026-08-12', 12], ['2026-09-14', 12], ['2026-10-13', 12], ['2026-11-12', 2]] as const) {
    const rows = Array.from({ length: count }, () => {
      n++;
      return penaltyRow({ CF_XDR_SHXYM: uscc(`91130900MA${String(1000000 + n).slice(-7)}`), CF_XDR_MC: `沧州运输${n}有限公司`, CF_WSH: `沧交执罚〔2026〕${n}号`, CF_JDRQ: day, CF_CFJG: d.name, CF_CFJGDM: d.uscc, CF_SJLY: d.name, CF_SJLYDM: d.uscc });
    });
    await receiveOn(day, d, 'penalty', rows);
  }
  t.setToday('2026-12-10');

  const first = await monitoringSweep(t.p);
  // the month was evaluated already; the quarter and the year just ended are evaluated now
  assert.deepEqual(first.evaluated.sort(), ['2025', '2026-Q3']);
  const list = (await asStaff(provinceOp, 'GET', '/api/v1/warnings?state=live&pageSize=100')).json();
  const find = (kind: string, target: string) => list.items.find((w: { kind: string; target: string }) => w.kind === kind && w.target === target);
  // 唐山 owes penalties monthly from 11-01 and sent none: November ended, plus 5 working days
  const silent = find('department.silent', `${c.uscc}|penalty`);
  assert.ok(silent, JSON.stringify(list.items.map((w: { kind: string; target: string }) => [w.kind, w.target])));
  assert.equal(silent.reason.figures.deadline, '2026-12-07');
  assert.equal(find('department.silent', `${a.uscc}|penalty`), undefined, '石家庄 delivered in November');
  // 保定's November timeliness 0 and 唐山's coverage 0.5 are below the 2026 target (100 %)
  assert.ok(find('region.below-target', '130600'));
  assert.deepEqual(find('region.below-target', '130200').reason.figures.below, ['coverage']);
  assert.equal(find('region.below-target', '130100'), undefined);
  // X has two serious penalties within 90 days (石家庄 11-05, 保定 09-20)
  const serious = list.items.find((w: { kind: string }) => w.kind === 'subject.serious-records');
  assert.equal(serious.reason.figures.records, 2);
  assert.equal(serious.targetName, '石家庄监测测试有限公司');
  // 沧州: 2 in November against 12 a month before
  const drop = find('department.volume-drop', d.uscc);
  assert.deepEqual([drop.reason.figures.records, drop.reason.figures.trailingAverage], [2, 12]);

  // again: nothing new raised, nothing evaluated
  const second = await monitoringSweep(t.p);
  assert.deepEqual([second.evaluated, second.warnings.raised, second.warnings.refreshed], [[], 0, first.warnings.raised]);

  // city staff of 石家庄 see their region's warnings only
  const city = (await asStaff(cityOp, 'GET', '/api/v1/warnings?pageSize=100')).json();
  assert.ok(city.items.length > 0);
  assert.ok(city.items.every((w: { regionCode: string }) => w.regionCode.startsWith('1301')), JSON.stringify(city.items.map((w: { regionCode: string }) => w.regionCode)));
  assert.equal((await asStaff(cityOp, 'POST', `/api/v1/warnings/${drop.id}/ack`, { note: '跨区' })).statusCode, 404);

  const noNote = await asStaff(provinceOp, 'POST', `/api/v1/warnings/${drop.id}/ack`, {});
  assert.equal(noNote.statusCode, 400);
  assert.equal(noNote.json().error.code, 'WARNING_NOTE_REQUIRED');
  const ack = await asStaff(provinceOp, 'POST', `/api/v1/warnings/${drop.id}/ack`, { note: '已电话督促沧州市交通运输局补报' });
  assert.deepEqual([ack.statusCode, ack.json().state, ack.json().note], [200, 'acknowledged', '已电话督促沧州市交通运输局补报']);
  // an acknowledged warning is refreshed, not raised again
  const third = await monitoringSweep(t.p);
  assert.equal(third.warnings.raised, 0);
  const closed = await asStaff(provinceOp, 'POST', `/api/v1/warnings/${drop.id}/close`, { note: '已补报' });
  assert.equal(closed.json().state, 'closed');
  assert.equal((await asStaff(provinceOp, 'POST', `/api/v1/warnings/${drop.id}/ack`, { note: 'x' })).json().error.code, 'WARNING_CLOSED');
  // closed: the next sweep that still sees the drop raises a new warning
  const fourth = await monitoringSweep(t.p);
  assert.equal(fourth.warnings.raised, 1);
  const actions = await t.p.db.query(`SELECT action, count(*) AS n FROM audit_event WHERE action LIKE 'warning.%' GROUP BY action ORDER BY action`);
  assert.deepEqual(actions.map((x) => [x.action, x.n]), [['warning.acknowledge', 1], ['warning.close', 1], ['warning.raise', first.warnings.raised + 1]]);
});

test('a period with no stored run: its result is computed once and stored, read while fresh, computed again after provisionalMinutes or on another as-of day, superseded by a run', async () => {
  const provisional = async (period: string) =>
    t.p.db.one<{ asOf: string; computedAt: Date; n: number }>(`SELECT as_of::text AS "asOf", computed_at AS "computedAt", (SELECT count(*)::int FROM evaluation_run WHERE period = $1) AS n FROM evaluation_provisional WHERE period = $1`, [period]);
  const get = async (period: string) => {
    const r = await asStaff(provinceOp, 'GET', `/api/v1/monitoring/evaluations/${period}`);
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };
  // a closed period (September) never run: computed at the first request and stored
  const at = new Date('2026-12-10T04:00:00Z');
  t.setNow(at);
  const first = await get('2026-09');
  assert.deepEqual([first.runNo, first.ranAt, first.computedAt, first.asOf, first.runs.length], [null, null, at.toISOString(), '2026-09-30', 0]);
  assert.deepEqual({ ...(await provisional('2026-09'))! }, { asOf: '2026-09-30', computedAt: at, n: 0 });
  // read back (not computed again: the same computation time) up to the last millisecond before
  // provisionalMinutes (10 in rules/evaluation.json), with the same figures
  t.setNow(new Date(at.getTime() + 10 * 60_000 - 1));
  const again = await get('2026-09');
  assert.equal(again.computedAt, at.toISOString());
  assert.deepEqual(again.departments, first.departments);
  // at 10 minutes it is computed again and replaces the stored one
  const later = new Date(at.getTime() + 10 * 60_000);
  t.setNow(later);
  assert.equal((await get('2026-09')).computedAt, later.toISOString());
  assert.deepEqual((await provisional('2026-09'))!.computedAt, later);

  // a running period (December): another as-of day is computed again even within the 10 minutes
  t.setNow(new Date('2026-12-10T15:58:00Z')); // 23:58 in Shanghai
  const dec = await get('2026-12');
  assert.deepEqual([dec.asOf, dec.computedAt], ['2026-12-10', '2026-12-10T15:58:00.000Z']);
  t.setNow(new Date('2026-12-10T15:59:59Z'));
  assert.equal((await get('2026-12')).computedAt, '2026-12-10T15:58:00.000Z');
  t.setNow(new Date('2026-12-10T16:01:00Z')); // 00:01 on 11 December
  const next = await get('2026-12');
  assert.deepEqual([next.asOf, next.computedAt], ['2026-12-11', '2026-12-10T16:01:00.000Z']);
  t.setToday('2026-12-10');

  // a run of September supersedes it: the provisional row is gone and the run is answered
  const run = await asStaff(provinceOp, 'POST', '/api/v1/monitoring/evaluations/2026-09/run');
  assert.deepEqual([run.statusCode, run.json().runNo, run.json().stored], [200, 1, true]);
  assert.equal(await provisional('2026-09'), undefined);
  const stored = await get('2026-09');
  assert.deepEqual([stored.runNo, stored.computedAt, stored.runs.length], [1, null, 1]);
  assert.deepEqual(stored.departments, first.departments);
  // reading a provisional result is not an evaluation run: no run audited for December
  assert.equal((await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'evaluation.run' AND target = 'evaluation:2026-12'`))!.n, 0);
});
