// Tips (举报) end to end through the API: filing (named and anonymous), bad input, evidence with
// its limits, the reporter's status view, routing and re-routing, handling and outcomes, the link
// to a record collected later, escalation by the job's service, per-address limits, and
// confidentiality: the reporter's name and phone appear in no response to anyone but the tip
// handler who read them with a purpose, in no log line, no audit detail or export, and nowhere in
// a full text dump of the database.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createTestPlatform, addTestDepartment, uscc, DEPT_USCC, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { buildApp } from '../../src/app.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import type { Role } from '../../src/modules/access/access.rules.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { escalateOverdue, listTipsFor } from '../../src/modules/tips/tips.service.ts';

const NAME = '欧阳秘举';
const PHONE = '13912345678';
const PHONE_PARTS = ['1391234', '2345678', '139 1234 5678', '139-1234-5678'];
const SUBJECT = uscc('91130102MA0T1P5X0'); // registered in 长安区 (130102), 石家庄
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

let t: TestPlatform;
let app: FastifyInstance; // the same platform, with a logger that keeps every line
const logs: string[] = [];
const seen: { who: string; res: LightMyRequestResponse }[] = []; // every response of the flow
let sjzMarket: Department, sjzCredit: Department, bdMarket: Department;
const cookie: Partial<Record<string, string>> = {};

async function user(name: string, role: Role, dep?: Department, regionCode = '130100'): Promise<void> {
  const { user } = await createStaffUser(t.p, SYSTEM_ACTOR, null, {
    username: name,
    displayName: name,
    role,
    password: 'Tips-Pass-2026!',
    mustChangePassword: false,
    ...(dep ? { departmentId: dep.id } : { regionCode }),
  });
  cookie[name] = await openSessionFor(t.p, user.id);
}

async function call(who: string, opts: InjectOptions): Promise<LightMyRequestResponse> {
  const c = cookie[who];
  const res = await app.inject({
    ...opts,
    ...(c ? { cookies: { xy_session: c }, headers: { 'x-requested-with': 'xinyong', ...(opts.headers ?? {}) } } : {}),
  });
  seen.push({ who, res });
  return res;
}
const pub = (opts: InjectOptions) => call('public', opts);
const count = async (table: string) => (await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))!.n;

const GOOD = { subjectName: '石家庄欺诈食品有限公司', subjectCode: SUBJECT, matter: '该公司在长安区门店长期销售过期食品并篡改生产日期，2026年10月起多次发现。' };
let named: { receiptNumber: string; queryCode: string };
let namedId: number;

before(async () => {
  t = await createTestPlatform('2026-11-20');
  app = await buildApp(t.p, {
    logger: { level: 'trace', stream: new Writable({ write: (chunk, _e, cb) => (logs.push(String(chunk)), cb()) }) },
    webDist: path.join(t.dir, 'no-web'),
  });
  sjzMarket = await addTestDepartment(t.p, DEPT_USCC); // 石家庄市市场监督管理局, market-regulation
  sjzCredit = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000010'), name: '石家庄市社会信用体系建设领导小组办公室', regionCode: '130100', kinds: ['credit-office'] });
  bdMarket = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0000011'), name: '保定市市场监督管理局', regionCode: '130600', kinds: ['market-regulation'] });
  await user('handler.sjz', 'tip_handler', sjzMarket);
  await user('handler.credit', 'tip_handler', sjzCredit);
  await user('handler.bd', 'tip_handler', bdMarket);
  await user('clerk.sjz', 'department_clerk', sjzMarket);
  await user('admin.sjz', 'department_admin', sjzMarket);
  await user('operator.sjz', 'operator', undefined, '130100');
  await user('operator.bd', 'operator', undefined, '130600');
  await user('auditor', 'auditor', undefined, '130000');
});
after(async () => {
  await app.close();
  await t.close();
});

describe('filing', () => {
  test('a named tip answers exactly a receipt number and a query code, and is routed by region and matter', async () => {
    const r = await pub({ method: 'POST', url: '/api/v1/public/tips', payload: { ...GOOD, reporter: { name: NAME, phone: PHONE } } });
    assert.equal(r.statusCode, 200, r.body);
    named = r.json();
    assert.deepEqual(Object.keys(named).sort(), ['queryCode', 'receiptNumber']);
    assert.match(named.receiptNumber, /^JB20261120\d{8}$/);
    assert.match(named.queryCode, /^[A-Z2-9]{12}$/);
    const row = (await t.p.db.one<{ id: number; department: number; region: string; kind: string; due: string; sealed: string }>(
      `SELECT id::int AS id, department_id::int AS department, subject_region AS region, matter_kind AS kind, due_date::text AS due, reporter_sealed AS sealed FROM tip WHERE receipt_number = $1`,
      [named.receiptNumber],
    ))!;
    namedId = row.id;
    assert.equal(row.department, sjzMarket.id);
    assert.equal(row.region, '130102');
    assert.equal(row.kind, 'market-regulation');
    assert.equal(row.due, '2026-12-11'); // 15 working days
    // sealed with the tip key: the master key cannot open it
    assert.throws(() => t.p.crypto.decrypt(row.sealed));
    assert.deepEqual(JSON.parse(t.p.modules.tips.crypto.decrypt(row.sealed)), { name: NAME, phone: PHONE });
  });

  test('an anonymous tip omits the reporter; a matter with no kind goes to the credit office', async () => {
    const r = await pub({ method: 'POST', url: '/api/v1/public/tips', payload: { subjectName: '石家庄某某咨询有限公司', subjectCode: uscc('91130100MA0T1P6X0'), matter: '该公司以虚构业绩骗取政府奖补资金，涉嫌严重失信。' } });
    assert.equal(r.statusCode, 200, r.body);
    const row = await t.p.db.one<{ department: number; sealed: string | null }>('SELECT department_id::int AS department, reporter_sealed AS sealed FROM tip WHERE receipt_number = $1', [r.json().receiptNumber]);
    assert.equal(row!.sealed, null);
    assert.equal(row!.department, sjzCredit.id);
  });

  test('bad input: no subject and no matter, no matter, a bad phone; zh/en errors, nothing stored', async () => {
    const before = await count('tip');
    const empty = await pub({ method: 'POST', url: '/api/v1/public/tips', payload: {} });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().error.code, 'TIP_EMPTY');
    assert.match(empty.json().error.zh, /举报内容为空/);
    assert.match(empty.json().error.en, /empty/);
    const noMatter = await pub({ method: 'POST', url: '/api/v1/public/tips', payload: { subjectName: '某公司', matter: '   ' } });
    assert.equal(noMatter.json().error.code, 'TIP_NO_MATTER');
    const phone = await pub({ method: 'POST', url: '/api/v1/public/tips', payload: { ...GOOD, reporter: { name: NAME, phone: '12' } } });
    assert.equal(phone.json().error.code, 'TIP_REPORTER_PHONE');
    const extra = await pub({ method: 'POST', url: '/api/v1/public/tips', payload: { ...GOOD, reporterId: 'x' } });
    assert.equal(extra.statusCode, 400);
    const nul = await pub({ method: 'POST', url: '/api/v1/public/tips', payload: { ...GOOD, matter: 'a\u0000bcdefghijklmn' } });
    assert.equal(nul.statusCode, 400);
    assert.equal(nul.json().error.code, 'CONTROL_CHARACTER');
    assert.equal(await count('tip'), before);
  });
});

describe('evidence and status', () => {
  const upload = (receipt: string, body: object) => pub({ method: 'POST', url: `/api/v1/public/tips/${receipt}/evidence`, payload: body });

  test('a PNG is accepted by content; a wrong query code, a false type and an oversized file are refused', async () => {
    const ok = await upload(named.receiptNumber, { queryCode: named.queryCode, contentType: 'image/png', contentBase64: PNG.toString('base64') });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().seq, 1);
    const wrong = await upload(named.receiptNumber, { queryCode: 'AAAAAAAAAAAA', contentType: 'image/png', contentBase64: PNG.toString('base64') });
    assert.equal(wrong.statusCode, 404);
    assert.equal(wrong.json().error.code, 'TIP_NOT_FOUND');
    const html = await upload(named.receiptNumber, { queryCode: named.queryCode, contentType: 'application/pdf', contentBase64: Buffer.from('<html><script>x</script></html>').toString('base64') });
    assert.equal(html.json().error.code, 'TIP_EVIDENCE_CONTENT');
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await upload(named.receiptNumber, { queryCode: named.queryCode, contentType: 'image/png', contentBase64: big.toString('base64') });
    assert.equal(tooBig.statusCode, 413, tooBig.body);
    assert.equal(tooBig.json().error.code, 'TIP_EVIDENCE_TOO_LARGE');
    assert.match(tooBig.json().error.zh, /超过 10 MB/);
    assert.equal(await count('tip_evidence'), 1);
  });

  test('at most 5 files per tip', async () => {
    for (let i = 2; i <= 5; i++) {
      const r = await upload(named.receiptNumber, { queryCode: named.queryCode, contentType: 'image/png', contentBase64: Buffer.concat([PNG, Buffer.from([i])]).toString('base64') });
      assert.equal(r.statusCode, 200, r.body);
    }
    const sixth = await upload(named.receiptNumber, { queryCode: named.queryCode, contentType: 'image/png', contentBase64: Buffer.concat([PNG, Buffer.from([6])]).toString('base64') });
    assert.equal(sixth.statusCode, 409);
    assert.equal(sixth.json().error.code, 'TIP_EVIDENCE_TOO_MANY');
  });

  test('the reporter sees the status with receipt number and query code, never notes', async () => {
    const r = await pub({ method: 'POST', url: '/api/v1/public/tips/status', payload: named });
    assert.equal(r.statusCode, 200, r.body);
    const s = r.json();
    assert.equal(s.status, 'received');
    assert.equal(s.dueDate, '2026-12-11');
    assert.equal(s.department, sjzMarket.name);
    assert.equal(s.evidenceFiles, 5);
    assert.equal(s.notes, undefined);
    const wrong = await pub({ method: 'POST', url: '/api/v1/public/tips/status', payload: { receiptNumber: named.receiptNumber, queryCode: 'WRONGWRONG22' } });
    assert.equal(wrong.statusCode, 404);
    const unknown = await pub({ method: 'POST', url: '/api/v1/public/tips/status', payload: { receiptNumber: 'JB2026112099999999', queryCode: named.queryCode } });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, wrong.json().error.code);
  });
});

describe('handling', () => {
  test('only the tip handlers of the routed department see the tip as handlers; operators of the region see it without the reporter', async () => {
    const list = await call('handler.sjz', { method: 'GET', url: '/api/v1/tips' });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json().items.map((i: { id: number }) => i.id), [namedId]);
    const detail = await call('handler.sjz', { method: 'GET', url: `/api/v1/tips/${namedId}` });
    assert.equal(detail.json().hasReporter, true);
    assert.equal(detail.json().evidence.length, 5);
    assert.equal((await call('handler.bd', { method: 'GET', url: `/api/v1/tips/${namedId}` })).statusCode, 404);
    assert.equal((await call('operator.bd', { method: 'GET', url: `/api/v1/tips/${namedId}` })).statusCode, 404);
    assert.equal((await call('operator.sjz', { method: 'GET', url: `/api/v1/tips/${namedId}` })).statusCode, 200);
    for (const who of ['clerk.sjz', 'admin.sjz', 'auditor'])
      assert.equal((await call(who, { method: 'GET', url: `/api/v1/tips/${namedId}` })).statusCode, 403, who);
  });

  test('the reporter: only a tip handler of the routed department, with a purpose, audited without the name', async () => {
    const body = { purpose: '核实举报线索需联系举报人补充情况' };
    for (const who of ['clerk.sjz', 'admin.sjz', 'operator.sjz', 'auditor', 'public']) {
      const r = await call(who, { method: 'POST', url: `/api/v1/tips/${namedId}/reporter-reads`, payload: body });
      assert.ok([401, 403].includes(r.statusCode), `${who}: ${r.statusCode}`);
    }
    assert.equal((await call('handler.bd', { method: 'POST', url: `/api/v1/tips/${namedId}/reporter-reads`, payload: body })).statusCode, 404);
    const noPurpose = await call('handler.sjz', { method: 'POST', url: `/api/v1/tips/${namedId}/reporter-reads`, payload: { purpose: '  ' } });
    assert.equal(noPurpose.statusCode, 400);
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/tips/${namedId}/reporter-reads`, payload: body, cookies: { xy_session: cookie['handler.sjz']! }, headers: { 'x-requested-with': 'xinyong' } });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { anonymous: false, reporter: { name: NAME, phone: PHONE } });
    assert.equal(r.headers['cache-control'], 'no-store');
    const ev = await t.p.db.query<{ actor: string; why: string; detail: unknown }>(`SELECT actor, why, detail FROM audit_event WHERE action = 'tip.reporter-read'`);
    assert.equal(ev.length, 1);
    assert.equal(ev[0]!.actor, 'staff:handler.sjz');
    assert.equal(ev[0]!.why, body.purpose);
  });

  test('a note puts the tip in progress; the reporter sees the status, not the note', async () => {
    const r = await call('handler.sjz', { method: 'POST', url: `/api/v1/tips/${namedId}/notes`, payload: { text: '已派执法人员现场检查，内部线索编号 NB-77' } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'in-progress');
    const s = await pub({ method: 'POST', url: '/api/v1/public/tips/status', payload: named });
    assert.equal(s.json().status, 'in-progress');
    assert.ok(!s.body.includes('NB-77'));
  });

  test('operators re-route within their region (with a reason); the former department loses it', async () => {
    const bad = await call('operator.sjz', { method: 'POST', url: `/api/v1/tips/${namedId}/route`, payload: { departmentId: bdMarket.id, reason: '试图跨区' } });
    assert.equal(bad.statusCode, 403);
    const r = await call('operator.sjz', { method: 'POST', url: `/api/v1/tips/${namedId}/route`, payload: { departmentId: sjzCredit.id, reason: '涉及多部门，先由信用办统筹' } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().departmentId, sjzCredit.id);
    assert.equal((await call('handler.sjz', { method: 'GET', url: `/api/v1/tips/${namedId}` })).statusCode, 404);
    assert.equal((await call('handler.credit', { method: 'GET', url: `/api/v1/tips/${namedId}` })).statusCode, 200);
    const back = await call('operator.sjz', { method: 'POST', url: `/api/v1/tips/${namedId}/route`, payload: { departmentId: sjzMarket.id, reason: '经协调由市场监管部门办理' } });
    assert.equal(back.statusCode, 200);
  });

  test('substantiated, then linked to the record the department submitted through collection; closed tips take no more', async () => {
    const out = await call('handler.sjz', {
      method: 'POST',
      url: `/api/v1/tips/${namedId}/outcome`,
      payload: { outcome: 'substantiated', note: '现场查获过期食品 32 箱，立案调查', reply: '经查，举报事项属实，已依法处理。' },
    });
    assert.equal(out.statusCode, 200, out.body);
    assert.equal(out.json().status, 'substantiated');
    const early = await call('handler.sjz', { method: 'POST', url: `/api/v1/tips/${namedId}/record-links`, payload: { category: 'penalty', sourceRef: '石市监罚〔2026〕901号' } });
    assert.equal(early.statusCode, 404);
    assert.equal(early.json().error.code, 'TIP_RECORD_NOT_FOUND');
    await submitJsonBatch(t.p, SYSTEM_ACTOR, sjzMarket, 'penalty', [penaltyRow({ CF_WSH: '石市监罚〔2026〕901号', CF_XDR_MC: GOOD.subjectName, CF_XDR_SHXYM: SUBJECT })]);
    const link = await call('handler.sjz', { method: 'POST', url: `/api/v1/tips/${namedId}/record-links`, payload: { category: 'penalty', sourceRef: '石市监罚〔2026〕901号' } });
    assert.equal(link.statusCode, 200, link.body);
    assert.equal(link.json().linkedRecordIds.length, 1);
    const again = await call('handler.sjz', { method: 'POST', url: `/api/v1/tips/${namedId}/outcome`, payload: { outcome: 'unsubstantiated', note: 'x', reply: 'y' } });
    assert.equal(again.statusCode, 409);
    const ev = await pub({ method: 'POST', url: `/api/v1/public/tips/${named.receiptNumber}/evidence`, payload: { queryCode: named.queryCode, contentType: 'image/png', contentBase64: PNG.toString('base64') } });
    assert.equal(ev.statusCode, 409);
    const s = (await pub({ method: 'POST', url: '/api/v1/public/tips/status', payload: named })).json();
    assert.equal(s.status, 'substantiated');
    assert.equal(s.reply, '经查，举报事项属实，已依法处理。');
    assert.ok(!JSON.stringify(s).includes('32 箱'));
  });

  test('not-competent needs the department it is forwarded to', async () => {
    const r = await pub({ method: 'POST', url: '/api/v1/public/tips', payload: { ...GOOD, matter: '该公司销售假冒商品并偷逃税款，开具虚假发票多张。' } });
    const id = (await t.p.db.one<{ id: number }>('SELECT id::int AS id FROM tip WHERE receipt_number = $1', [r.json().receiptNumber]))!.id;
    // 税 → tax; no tax department in 石家庄 → the credit office
    const missing = await call('handler.credit', { method: 'POST', url: `/api/v1/tips/${id}/outcome`, payload: { outcome: 'not-competent', note: '属税务', reply: '已转交税务部门办理' } });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.code, 'TIP_FORWARD_REQUIRED');
    const ok = await call('handler.credit', { method: 'POST', url: `/api/v1/tips/${id}/outcome`, payload: { outcome: 'not-competent', note: '属税务', reply: '已转交税务部门办理', forwardedTo: '国家税务总局石家庄市税务局' } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().forwardedTo, '国家税务总局石家庄市税务局');
  });
});

describe('escalation and limits', () => {
  test('an open tip past its due date is escalated once per level, audited', async () => {
    t.setToday('2026-12-11');
    assert.deepEqual((await escalateOverdue(t.p)).escalated, []);
    t.setToday('2026-12-14');
    const first = await escalateOverdue(t.p);
    assert.equal(first.escalated.length, 1); // the anonymous tip (the others are closed)
    assert.deepEqual((await escalateOverdue(t.p)).escalated, []);
    t.setToday('2026-12-21');
    assert.equal((await escalateOverdue(t.p)).escalated.length, 1);
    // by id: the two escalations are separate transactions one after the other; seq is given by the
    // audit sequencer after commit and may not be set yet (docs/security.md)
    const ev = await t.p.db.query<{ detail: { level: number } }>(`SELECT detail FROM audit_event WHERE action = 'tip.escalate' ORDER BY id`);
    assert.deepEqual(ev.map((e) => e.detail.level), [1, 2]);
    // (the staff sessions of this file ran out a month ago: the service directly)
    const overdue = await listTipsFor(t.p, { kind: 'supervisor', regionCode: '130100' }, { overdue: true, limit: 20, offset: 0 });
    assert.equal(overdue.total, 1);
    assert.equal(overdue.items[0]!.escalationLevel, 2);
    t.setToday('2026-11-20');
  });

  test('per address: 5 tips an hour, then 429; the counters hold no address and end with their window', async () => {
    const addr = '203.0.113.77';
    const file = () => app.inject({ method: 'POST', url: '/api/v1/public/tips', remoteAddress: addr, payload: GOOD }).then((res) => (seen.push({ who: 'public', res }), res));
    for (let i = 0; i < 5; i++) assert.equal((await file()).statusCode, 200);
    const sixth = await file();
    assert.equal(sixth.statusCode, 429);
    assert.equal(sixth.json().error.code, 'TIP_RATE_LIMITED');
    const rows = await t.p.db.query<{ k: string }>('SELECT address_key AS k FROM tip_rate');
    assert.ok(rows.every((r) => !r.k.includes('203.0.113')));
    t.setNow(new Date(t.p.now().getTime() + 3_600_000));
    assert.equal((await file()).statusCode, 200); // a new window; the old window's rows are gone
    const left = await t.p.db.query<{ start: Date }>('SELECT window_start AS start FROM tip_rate');
    const hour = Math.floor(t.p.now().getTime() / 3_600_000) * 3_600_000;
    assert.ok(left.every((r) => new Date(r.start).getTime() === hour));
    t.setToday('2026-11-20');
  });

  test('an IPv6 client is one address across its /64 (the 2026-12-06 re-test)', async () => {
    const file = (addr: string) => app.inject({ method: 'POST', url: '/api/v1/public/tips', remoteAddress: addr, payload: GOOD }).then((res) => (seen.push({ who: 'public', res }), res));
    for (let i = 1; i <= 5; i++) assert.equal((await file(`2001:db8:55:1::${i}`)).statusCode, 200);
    const sixth = await file('2001:db8:55:1:abcd::6');
    assert.deepEqual([sixth.statusCode, sixth.json().error?.code], [429, 'TIP_RATE_LIMITED']);
    assert.equal((await file('2001:db8:55:2::1')).statusCode, 200);
    t.setToday('2026-11-20');
  });
});

describe('confidentiality', () => {
  const secrets = [NAME, PHONE, ...PHONE_PARTS];
  const hits = (text: string) => secrets.filter((s) => text.includes(s));

  test('no response to anyone (the reporter read aside), no log line, no audit export holds the name or phone', async () => {
    const exp = await call('auditor', { method: 'GET', url: '/api/v1/audit/events/export' });
    assert.equal(exp.statusCode, 200, exp.body.slice(0, 300));
    const events = await call('auditor', { method: 'GET', url: '/api/v1/audit/events?pageSize=100' });
    assert.equal(events.statusCode, 200);
    assert.ok(seen.length > 40);
    for (const { who, res } of seen) {
      const text = JSON.stringify(res.headers) + res.body;
      assert.deepEqual(hits(text), [], `${who} ${res.statusCode}: ${res.body.slice(0, 200)}`);
    }
    assert.ok(logs.length > 40, `only ${logs.length} log lines`);
    for (const line of logs) assert.deepEqual(hits(line), [], line.slice(0, 300));
  });

  test('a full text dump of the database holds neither', async () => {
    const tables = await t.p.db.query<{ s: string; n: string }>(
      `SELECT table_schema AS s, table_name AS n FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    assert.ok(tables.some((x) => x.n === 'tip'));
    let dumped = 0;
    for (const { s, n } of tables) {
      const rows = await t.p.db.query<{ row: string }>(`SELECT x::text AS row FROM "${s}"."${n}" x`);
      for (const { row } of rows) {
        dumped++;
        assert.deepEqual(hits(row), [], `${s}.${n}: ${row.slice(0, 200)}`);
      }
    }
    assert.ok(dumped > 100);
  });
});
