// 政务诚信 (issue 12): government bodies (USCC beginning 11) and civil servants as subjects, the
// government-dishonesty category with the seed's source kinds, a USCC outside 11 refused as a row
// error, and the government credit evaluation scored per body and ranked per city, for operators.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';
import { openSessionFor } from '../../src/modules/access/staff.service.ts';
import { fileObjection, decideObjection } from '../../src/modules/rights/objections.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import type { Role } from '../../src/modules/access/access.rules.ts';
import { governmentCommand } from '../../src/cli/government.ts';
import { governmentSweep } from '../../src/modules/government/government.service.ts';
import { makeIo } from '../../src/cli/shared.ts';
import { PassThrough } from 'node:stream';
import { staffSession } from '../helpers/staff.ts';

const SJZ_A = uscc('11130100MB0000911'); // 石家庄 body with a broken contract (serious) and an unperformed judgment
const SJZ_B = uscc('11130100MB0000912'); // 石家庄 body with a disciplinary record
const SJZ_C = uscc('11130100MB0000913'); // 石家庄 body with a performed judgment only
const BD_A = uscc('11130600MB0000914'); // 保定 body with a broken service promise
const CIVIL_SERVANT = idNumber('13010219750505123');

let t: TestPlatform;
let court: Department;
const sessions: Record<string, string> = {};

const row = (over: Record<string, string>): Record<string, string> => ({
  ZW_MC: '石家庄市某局',
  ZW_LB: '政府机构',
  ZW_SHXYM: SJZ_A,
  ZW_SXLX: '政府合同违约',
  ZW_WSH: '（2026）冀01民初1号',
  ZW_SY: '拖欠工程款',
  ZW_NR: '判令支付工程款及利息',
  ZW_RDRQ: '2026-03-01',
  ZW_RDJG: '石家庄市中级人民法院',
  ZW_RDJGDM: uscc('11130100MB0000901'),
  ZW_SJLY: '石家庄市中级人民法院',
  SEVERITY: '严重',
  ...over,
});

async function staff(name: string, role: Role, dep: Department | null): Promise<void> {
  sessions[name] = await staffSession(t.p, name, role, { dep });
}
const as = (name: string, url: string) => t.app.inject({ method: 'GET', url, cookies: { xy_session: sessions[name]! }, headers: { 'x-requested-with': 'xinyong' } });

before(async () => {
  t = await createTestPlatform('2026-11-20');
  court = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000901'), name: '石家庄市中级人民法院', regionCode: '130100', kinds: ['court'] });
  await staff('gov.op', 'operator', null);
  await staff('clerk', 'department_clerk', court);
});
after(() => t.close());

describe('government bodies and civil servants as subjects', () => {
  test('records of bodies and of a civil servant are taken; a body whose code does not begin with 11 is a row error; good rows kept', async () => {
    const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, court, 'government-dishonesty', [
      row({}),
      row({ ZW_SXLX: '司法判决', ZW_WSH: '（2026）冀01民初2号', SEVERITY: '一般' }),
      row({ ZW_MC: '石家庄市某办', ZW_SHXYM: SJZ_B, ZW_SXLX: '纪律处分', ZW_WSH: '石纪〔2026〕3号', SEVERITY: '一般' }),
      row({ ZW_MC: '石家庄市某委', ZW_SHXYM: SJZ_C, ZW_SXLX: '司法判决', ZW_WSH: '（2026）冀01民初4号', ZW_LXZT: '已履行' }),
      row({ ZW_MC: '保定市某局', ZW_SHXYM: BD_A, ZW_SXLX: '服务承诺未兑现', ZW_WSH: '保政督〔2026〕5号', SEVERITY: '一般' }),
      row({ ZW_MC: '某商贸有限公司', ZW_SHXYM: uscc('91130100MA0000915'), ZW_WSH: '（2026）冀01民初6号' }),
      row({ ZW_MC: '张某', ZW_LB: '公务员', ZW_SHXYM: '', ZW_ZJLX: '居民身份证', ZW_ZJHM: CIVIL_SERVANT, ZW_SZDW: '石家庄市某局', ZW_ZW: '科长', ZW_SXLX: '问责处理', ZW_WSH: '石纪问〔2026〕7号', SEVERITY: '一般' }),
    ]);
    assert.equal(r.counts.created, 6, JSON.stringify(r.results));
    assert.equal(r.counts.rejected, 1);
    const e = r.results.find((x) => x.status === 'rejected')!.errors![0]!;
    assert.equal(e.field, 'ZW_SHXYM');
    assert.equal(e.code, 'USCC_PREFIX_NOT_ALLOWED');
    assert.match(e.zh, /11/);
    const body = (await findSubjectByCode(t.p.db, SJZ_A, t.p.crypto))!;
    assert.equal(body.kind, 'organization');
    const person = (await findSubjectByCode(t.p.db, CIVIL_SERVANT, t.p.crypto))!;
    assert.equal(person.kind, 'person');
  });
});

describe('government credit evaluation', () => {
  test('every body scored with indicators and records, ranked per city; the civil servant is no body', async () => {
    const res = await as('gov.op', '/api/v1/government/evaluation');
    assert.equal(res.statusCode, 200, res.body);
    const ev = res.json();
    const rows = ev.items.map((i: { region: string; body: { uscc: string }; score: number; rank: number }) => [i.region, i.body.uscc, i.score, i.rank]);
    // A: contract serious −15, judgment general −10 → 75; B: discipline general −4 → 96; C: judgment performed → 100; 保定: promise −5 → 95
    assert.deepEqual(rows, [
      ['130100', SJZ_C, 100, 1],
      ['130100', SJZ_B, 96, 2],
      ['130100', SJZ_A, 75, 3],
      ['130600', BD_A, 95, 1],
    ]);
    const a = ev.items.find((i: { body: { uscc: string } }) => i.body.uscc === SJZ_A);
    const contracts = a.indicators.find((x: { id: string }) => x.id === 'contracts');
    assert.equal(contracts.points, -15);
    assert.deepEqual(contracts.records.map((r: { ref: string }) => r.ref), ['（2026）冀01民初1号']);
    const city = (await as('gov.op', '/api/v1/government/evaluation?region=130600')).json();
    assert.deepEqual(city.items.map((i: { body: { uscc: string } }) => i.body.uscc), [BD_A]);
  });

  test('a record revoked after an objection leaves the score', async () => {
    const s = (await findSubjectByCode(t.p.db, SJZ_B, t.p.crypto))!;
    const o = await fileObjection(t.p, s, { actor: SYSTEM_ACTOR, via: 'staff', sessionId: null }, { records: [{ ref: '石纪〔2026〕3号' }], reason: '处分已撤销' });
    await decideObjection(t.p, SYSTEM_ACTOR, o.objectionId, null, { outcome: 'revoke', note: '经核实撤销' });
    const ev = (await as('gov.op', '/api/v1/government/evaluation?region=130100')).json();
    const b = ev.items.find((i: { body: { uscc: string } }) => i.body.uscc === SJZ_B);
    assert.equal(b.score, 100);
    assert.equal(b.rank, 1);
  });

  test('the CLI prints the same evaluation as JSON', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c) => (out += c));
    const io = makeIo({ stdout, stderr: new PassThrough(), stdin: new PassThrough(), cwd: t.dir, actor: SYSTEM_ACTOR, platform: t.p });
    const code = await governmentCommand.run(['evaluation', '--region', '130600', '--json'], io);
    assert.equal(code ?? 0, 0);
    const ev = JSON.parse(out);
    assert.deepEqual(ev.items.map((i: { body: { uscc: string }; score: number }) => [i.body.uscc, i.score]), [[BD_A, 95]]);
    // a region that is no Hebei city is refused naming --region (exit 2), not answered with an empty list
    for (const region of ['abc', '139900', '130102']) {
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (c) => (err += c));
      const bad = makeIo({ stdout: new PassThrough(), stderr, stdin: new PassThrough(), cwd: t.dir, actor: SYSTEM_ACTOR, platform: t.p });
      assert.equal(await governmentCommand.run(['evaluation', '--region', region], bad), 2, region);
      assert.match(err, new RegExp(`--region 的值 ${region} 不是河北省设区市的行政区划代码`));
      assert.match(err, new RegExp(`--region ${region} is not the code of a Hebei city`));
    }
  });

  test('department staff are refused, audited', async () => {
    const res = await as('clerk', '/api/v1/government/evaluation');
    assert.equal(res.statusCode, 403, res.body);
    const n = await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'access.refused' AND target = 'route:GET /api/v1/government/evaluation'`);
    assert.equal(n!.n, 1);
  });
});

describe('the evaluation stored per period, with its inputs', () => {
  const req = (name: string, method: 'GET' | 'POST', url: string) => t.app.inject({ method, url, cookies: { xy_session: sessions[name]! }, headers: { 'x-requested-with': 'xinyong' } });

  test('the job stores the month, quarter and year just ended, each once, as of the period’s last day', async () => {
    t.setToday('2026-12-01');
    // sessions opened on 2026-11-20 have expired by now: sign in again
    for (const name of ['gov.op', 'clerk']) {
      const u = (await t.p.db.one<{ id: number }>(`SELECT id FROM staff_user WHERE username = $1`, [name]))!;
      sessions[name] = await openSessionFor(t.p, u.id);
    }
    assert.deepEqual(await governmentSweep(t.p), ['2026-11', '2026-Q3', '2025']);
    assert.deepEqual(await governmentSweep(t.p), []);
    const nov = (await req('gov.op', 'GET', '/api/v1/government/evaluation/periods/2026-11')).json();
    assert.equal(nov.runNo, 1);
    assert.equal(nov.trigger, 'job');
    assert.equal(nov.evaluation.asOf, '2026-11-30');
    assert.deepEqual(nov.evaluation.items.map((i: { body: { uscc: string }; score: number }) => [i.body.uscc, i.score]), [[SJZ_B, 100], [SJZ_C, 100], [SJZ_A, 75], [BD_A, 95]]);
    // kept with its inputs: the bodies and the record versions read
    assert.equal(nov.inputs.bodies.length, 4);
    assert.ok(nov.inputs.records.some((r: { ref: string; kind: string; status: string }) => r.ref === '石纪〔2026〕3号' && r.kind === '纪律处分' && r.status === 'revoked'));
    // the year 2025 ended before any of the records was decided
    const y = (await req('gov.op', 'GET', '/api/v1/government/evaluation/periods/2025')).json();
    assert.ok(y.evaluation.items.every((i: { score: number }) => i.score === 100));
    const audits = await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'government-evaluation.run'`);
    assert.equal(audits!.n, 3);
  });

  test('on demand after late data: a new run, the earlier kept; an unchanged result stores nothing', async () => {
    const court2 = await submitJsonBatch(t.p, SYSTEM_ACTOR, court, 'government-dishonesty', [
      row({ ZW_MC: '保定市某局', ZW_SHXYM: BD_A, ZW_SXLX: '政府合同违约', ZW_WSH: '（2026）冀06民初8号', ZW_RDRQ: '2026-11-10', SEVERITY: '一般' }),
    ]);
    assert.equal(court2.counts.created, 1);
    const run = await req('gov.op', 'POST', '/api/v1/government/evaluation/periods/2026-11/run');
    assert.equal(run.statusCode, 200, run.body);
    assert.deepEqual(run.json(), { period: '2026-11', runNo: 2, stored: true, asOf: '2026-11-30' });
    const again = (await req('gov.op', 'POST', '/api/v1/government/evaluation/periods/2026-11/run')).json();
    assert.equal(again.stored, false);
    assert.equal(again.runNo, 2);
    const latest = (await req('gov.op', 'GET', '/api/v1/government/evaluation/periods/2026-11?region=130600')).json();
    assert.equal(latest.runNo, 2);
    assert.deepEqual(latest.evaluation.items.map((i: { score: number }) => i.score), [87]); // 95 − 8 (contract, general)
    assert.deepEqual(latest.runs.map((r: { runNo: number; trigger: string }) => [r.runNo, r.trigger]), [[2, 'demand'], [1, 'job']]);
    const first = (await req('gov.op', 'GET', '/api/v1/government/evaluation/periods/2026-11?runNo=1&region=130600')).json();
    assert.deepEqual(first.evaluation.items.map((i: { score: number }) => i.score), [95]);
    assert.ok(!first.inputs.records.some((r: { ref: string }) => r.ref === '（2026）冀06民初8号'));
    assert.ok(latest.inputs.records.some((r: { ref: string }) => r.ref === '（2026）冀06民初8号'));
    // a period not yet begun, a malformed one, a missing run
    assert.equal((await req('gov.op', 'POST', '/api/v1/government/evaluation/periods/2027/run')).json().error.code, 'PERIOD_IN_FUTURE');
    assert.equal((await req('gov.op', 'GET', '/api/v1/government/evaluation/periods/2026-13')).json().error.code, 'PERIOD_INVALID');
    assert.equal((await req('gov.op', 'GET', '/api/v1/government/evaluation/periods/2026-11?runNo=9')).statusCode, 404);
  });

  test('the dashboard section: per city, bodies, mean and lowest score of the stored run', async () => {
    const d = await req('gov.op', 'GET', '/api/v1/government/evaluation/dashboard?period=2026-11');
    assert.equal(d.statusCode, 200, d.body);
    assert.equal(d.json().runNo, 2);
    assert.deepEqual(d.json().cities.map((c: { region: string; regionName: string; bodies: number; meanScore: number; minScore: number; lowest: { name: string } }) => [c.region, c.regionName, c.bodies, c.meanScore, c.minScore]), [
      ['130100', '石家庄市', 3, 91.7, 75],
      ['130600', '保定市', 1, 87, 87],
    ]);
  });

  test('the CLI reads a stored run; department staff may neither read nor run', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c) => (out += c));
    const io = makeIo({ stdout, stderr: new PassThrough(), stdin: new PassThrough(), cwd: t.dir, actor: SYSTEM_ACTOR, platform: t.p });
    assert.equal((await governmentCommand.run(['evaluation', '--period', '2026-11', '--run-no', '1', '--region', '130600', '--json'], io)) ?? 0, 0);
    const s = JSON.parse(out);
    assert.equal(s.runNo, 1);
    assert.deepEqual(s.evaluation.items.map((i: { score: number }) => i.score), [95]);
    assert.equal((await req('clerk', 'GET', '/api/v1/government/evaluation/periods/2026-11')).statusCode, 403);
    assert.equal((await req('clerk', 'POST', '/api/v1/government/evaluation/periods/2026-11/run')).statusCode, 403);
    t.setToday('2026-11-20');
  });
});
