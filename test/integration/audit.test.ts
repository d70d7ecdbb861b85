// The tamper-evident audit trail end to end: the hash chain as writers leave it (also under
// concurrency), what `verify` reports after direct SQL tampering, signed checkpoints, the auditor
// API (search, export, verify) and the CLI's exit codes.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { addDays } from '../../src/kernel/dates.ts';
import { createTestPlatform, addTestDepartment, uscc, type TestPlatform } from '../helpers/platform.ts';
import { createTestDb, seedPgliteDataDir, testBackend, type TestDb } from '../helpers/db.ts';
import { CLI_TIMEOUT_MS } from '../helpers/cli.ts';
import { auditRead, chainAuditEvents, setAuditHashAlg, writeAudit, writeAudits, SYSTEM_ACTOR, type Actor } from '../../src/kernel/audit.ts';
import { GENESIS_HASH } from '../../src/kernel/audit-chain.ts';
import { openPglite, type Db, type Row } from '../../src/kernel/db.ts';
import { DomainError } from '../../src/kernel/errors.ts';
import { verifyAuditChain, verifyPlatformAuditChain, writeCheckpoint, platformAuditSigner, checkpointSweep } from '../../src/modules/audit/audit.service.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import type { Role } from '../../src/modules/access/access.rules.ts';

let t: TestPlatform;
const CLERK: Actor = { id: 'staff:clerk1', kind: 'staff', ip: '10.1.2.3' };

before(async () => {
  t = await createTestPlatform('2026-11-20');
  for (let i = 1; i <= 5; i++) await addTestDepartment(t.p, uscc(`11130100MB000${String(i).padStart(4, '0')}`), `测试部门${i}`);
});
after(() => t.close());

type EventRow = { id: number; seq: number; chained_at: Date | null; at: Date; actor: string; actor_kind: string; action: string; target: string | null; detail: unknown; ip: string | null; why: string | null; hash_alg: string; prev_hash: string; hash: string };
// the chain as the sequencer leaves it once everything committed so far is linked (the test
// platform runs no sequencer loop: each test decides when the chain is brought up to date)
const events = async (db: Db = t.p.db) => {
  await chainAuditEvents(db, { wait: true });
  return db.query<EventRow>('SELECT * FROM audit_event ORDER BY seq');
};
const verify = () => verifyPlatformAuditChain(t.p);
const inTx = (n: number, actor: Actor, action: string) =>
  t.p.db.tx(async (tx) => {
    for (let i = 0; i < n; i++) {
      await tx.query('SELECT 1'); // some work of the caller's own, between events
      await writeAudit(tx, actor, action, `test:${i}`, { i });
    }
  });

// Runs fn with the database tampered by `tamper`, then puts it back, so each test starts intact.
async function tampered(tamper: string[], restore: string[], fn: () => Promise<void>): Promise<void> {
  for (const sql of tamper) await t.p.db.query(sql);
  try {
    await fn();
  } finally {
    for (const sql of restore) await t.p.db.query(sql);
  }
}

describe('the hash chain', () => {
  test('every event gets the next seq and links to the one before; the chain verifies', async () => {
    const rows = await events();
    assert.ok(rows.length >= 5);
    rows.forEach((r, i) => {
      assert.equal(r.seq, i + 1);
      assert.equal(r.prev_hash, i === 0 ? GENESIS_HASH : rows[i - 1]!.hash);
      assert.equal(r.hash_alg, 'sha256');
      assert.match(r.hash, /^[0-9a-f]{64}$/);
    });
    const head = await t.p.db.one<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_chain_head');
    assert.deepEqual(head, { seq: rows.length, hash: rows[rows.length - 1]!.hash });
    const v = await verify();
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    assert.equal(v.events, rows.length);
  });

  test('who, when, from where, what and why are recorded; reading personal data requires a reason', async () => {
    await t.p.db.tx((tx) => auditRead(tx, CLERK, ['idNumber', 'penalties'], 'subject:42', '行政许可审查（许可申请 2026-118）'));
    const last = (await events()).pop()!;
    assert.deepEqual(
      { actor: last.actor, action: last.action, target: last.target, detail: last.detail, ip: last.ip, why: last.why },
      { actor: 'staff:clerk1', action: 'personal-data.read', target: 'subject:42', detail: { what: ['idNumber', 'penalties'] }, ip: '10.1.2.3', why: '行政许可审查（许可申请 2026-118）' },
    );
    await assert.rejects(
      t.p.db.tx((tx) => auditRead(tx, CLERK, 'idNumber', 'subject:42', '  ')),
      (e: unknown) => e instanceof DomainError && e.code === 'REASON_REQUIRED',
    );
    // context ip wins over the actor's
    await t.p.db.tx((tx) => writeAudit(tx, CLERK, 'test.ip', null, {}, { ip: '192.0.2.9', why: 'because' }));
    const e = (await events()).pop()!;
    assert.deepEqual([e.ip, e.why], ['192.0.2.9', 'because']);
  });

  test('a rolled-back transaction leaves no gap in seq (the id may have one)', async () => {
    const before = (await events()).length;
    await assert.rejects(
      t.p.db.tx(async (tx) => {
        await writeAudit(tx, CLERK, 'test.rolled-back', null);
        throw new Error('the change failed');
      }),
    );
    await inTx(1, CLERK, 'test.after-rollback');
    const rows = await events();
    assert.equal(rows.length, before + 1);
    assert.equal(rows[rows.length - 1]!.seq, before + 1);
    assert.equal((await verify()).ok, true);
  });

  test('SM3 and SHA-256 links mix in one chain; each event records its algorithm (the one set when it was linked)', async () => {
    await setAuditHashAlg(t.p.db, 'sm3');
    try {
      await inTx(3, CLERK, 'test.sm3');
      await events(); // linked while SM3 is set
    } finally {
      await setAuditHashAlg(t.p.db, 'sha256');
    }
    await inTx(1, CLERK, 'test.sha256-again');
    const rows = await events();
    assert.deepEqual(rows.slice(-4).map((r) => r.hash_alg), ['sm3', 'sm3', 'sm3', 'sha256']);
    const v = await verify();
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    assert.equal(v.algorithms.sm3, 3);
  });

  test('four concurrent transactions writing events leave one linear, verifiable chain', async () => {
    const before = (await events()).length;
    await Promise.all([1, 2, 3, 4].map((w) => inTx(10, { id: `system:writer${w}`, kind: 'system' }, `test.concurrent.${w}`)));
    const rows = await events();
    assert.equal(rows.length, before + 40);
    rows.forEach((r, i) => assert.equal(r.seq, i + 1));
    // each writer's events are chained in the order it wrote them (ids are insertion order)
    for (const w of [1, 2, 3, 4]) {
      const mine = rows.filter((r) => r.actor === `system:writer${w}`);
      assert.deepEqual(mine.map((r) => r.target), Array.from({ length: 10 }, (_, i) => `test:${i}`));
    }
    assert.ok(rows.every((r) => r.chained_at !== null || r.seq <= before), 'the sequencer stamps when it linked');
    const v = await verify();
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    assert.equal(v.events, rows.length);
  });

  test('given the pool handle instead of a transaction, concurrent writers still chain linearly', async () => {
    const before = (await events()).length;
    await Promise.all([1, 2, 3, 4].map(async (w) => {
      for (let i = 0; i < 5; i++) await writeAudit(t.p.db, { id: `system:pool${w}`, kind: 'system' }, 'test.pool', `test:${i}`);
    }));
    const rows = await events();
    assert.equal(rows.length, before + 20);
    rows.forEach((r, i) => assert.equal(r.seq, i + 1));
    assert.equal((await verify()).ok, true);
  });

  test('writeAudits writes several events in one statement, chained in order', async () => {
    const before = (await events()).length;
    await t.p.db.tx((tx) => writeAudits(tx, [1, 2, 3].map((i) => ({ actor: CLERK, action: 'test.batch', target: `test:${i}`, detail: { i }, context: { why: `第${i}次` } }))));
    const rows = (await events()).slice(before);
    assert.deepEqual(rows.map((r) => [r.seq, r.target, r.why, r.ip]), [1, 2, 3].map((i) => [before + i, `test:${i}`, `第${i}次`, '10.1.2.3']));
    assert.equal((await verify()).ok, true);
  });
});

describe('verify after tampering by direct SQL', () => {
  let n: number;
  before(async () => {
    const r = await writeCheckpoint(t.p, 'test');
    assert.equal(r.created, true);
    await inTx(6, CLERK, 'test.after-checkpoint');
    n = (await events()).length;
    assert.equal((await verify()).ok, true);
  });

  test('an UPDATE of one event is reported at exactly that seq', async () => {
    const target = n - 3;
    const orig = (await events()).find((r) => r.seq === target)!;
    await tampered([`UPDATE audit_event SET actor = 'staff:somebody-else' WHERE seq = ${target}`], [`UPDATE audit_event SET actor = '${orig.actor}' WHERE seq = ${target}`], async () => {
      const v = await verify();
      assert.equal(v.ok, false);
      assert.deepEqual([v.firstProblem!.kind, v.firstProblem!.seq], ['altered', target]);
      assert.equal(v.problemCount, 1);
    });
    // a change to detail (jsonb) shows just the same
    await tampered([`UPDATE audit_event SET detail = '{"i": 99}' WHERE seq = ${target}`], [`UPDATE audit_event SET detail = '${JSON.stringify(orig.detail)}' WHERE seq = ${target}`], async () => {
      const v = await verify();
      assert.deepEqual([v.firstProblem!.kind, v.firstProblem!.seq], ['altered', target]);
    });
    assert.equal((await verify()).ok, true);
  });

  test('a deleted event is reported as removed (a gap at its seq)', async () => {
    const target = 4;
    const cols = 'id, seq, at, actor, actor_kind, action, target, detail, ip, why, hash_alg, prev_hash, hash';
    // a plain table: a temporary one would live on one pooled connection only
    await t.p.db.query(`CREATE TABLE audit_saved AS SELECT ${cols} FROM audit_event WHERE seq = ${target}`);
    await tampered([`DELETE FROM audit_event WHERE seq = ${target}`], [`INSERT INTO audit_event (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM audit_saved`, 'DROP TABLE audit_saved'], async () => {
      const v = await verify();
      assert.equal(v.ok, false);
      assert.deepEqual([v.firstProblem!.kind, v.firstProblem!.seq, v.firstProblem!.toSeq], ['removed', target, undefined]);
      assert.match(v.firstProblem!.en, /removed/);
    });
    assert.equal((await verify()).ok, true);
  });

  test('two swapped events are reported as reordered at the first of them', async () => {
    const a = n - 5;
    const b = n - 4;
    const swap = [`UPDATE audit_event SET seq = -1 WHERE seq = ${a}`, `UPDATE audit_event SET seq = ${a} WHERE seq = ${b}`, `UPDATE audit_event SET seq = ${b} WHERE seq = -1`];
    await tampered(swap, swap, async () => {
      const v = await verify();
      assert.equal(v.ok, false);
      assert.deepEqual([v.firstProblem!.kind, v.firstProblem!.seq], ['reordered', a]);
    });
    assert.equal((await verify()).ok, true);
  });

  test('a forged checkpoint signature is reported', async () => {
    const cp = (await t.p.db.one<{ id: number; seq: number; signature: string }>('SELECT id, seq, signature FROM audit_checkpoint ORDER BY seq LIMIT 1'))!;
    const forged = Buffer.alloc(64, 7).toString('base64');
    await tampered([`UPDATE audit_checkpoint SET signature = '${forged}' WHERE id = ${cp.id}`], [`UPDATE audit_checkpoint SET signature = '${cp.signature}' WHERE id = ${cp.id}`], async () => {
      const v = await verify();
      assert.equal(v.ok, false);
      assert.deepEqual([v.firstProblem!.kind, v.firstProblem!.seq], ['checkpoint-forged', cp.seq]);
    });
  });

  test('events altered and re-hashed all the way to the head pass link by link, but not the signed checkpoint', async () => {
    const cp = (await t.p.db.one<{ seq: number }>('SELECT seq FROM audit_checkpoint ORDER BY seq LIMIT 1'))!;
    const saved = await events();
    // an attacker who knows the algorithm recomputes every hash from seq 2 on (no signing key though)
    const { linkHash } = await import('../../src/kernel/audit-chain.ts');
    let prev = saved[0]!.hash;
    const rewrite: string[] = [];
    for (const r of saved.slice(1)) {
      const actor = r.seq === 2 ? 'staff:intruder' : r.actor;
      const hash = linkHash(prev, { at: r.at, actor, actorKind: r.actor_kind, action: r.action, target: r.target, detail: r.detail, ip: r.ip, why: r.why, alg: r.hash_alg as 'sha256' | 'sm3' });
      rewrite.push(`UPDATE audit_event SET actor = '${actor}', prev_hash = '${prev}', hash = '${hash}' WHERE seq = ${r.seq}`);
      prev = hash;
    }
    rewrite.push(`UPDATE audit_chain_head SET hash = '${prev}'`);
    const restore = saved.slice(1).map((r) => `UPDATE audit_event SET actor = '${r.actor}', prev_hash = '${r.prev_hash}', hash = '${r.hash}' WHERE seq = ${r.seq}`);
    restore.push(`UPDATE audit_chain_head SET hash = '${saved[saved.length - 1]!.hash}'`);
    await tampered(rewrite, restore, async () => {
      const v = await verify();
      assert.equal(v.ok, false);
      assert.deepEqual([v.firstProblem!.kind, v.firstProblem!.seq, v.firstProblem!.toSeq], ['rewritten', 1, cp.seq]);
    });
    assert.equal((await verify()).ok, true);
  });

  test('the removed tail of the chain shows against the signed checkpoint, even with the head moved back', async () => {
    const r = await writeCheckpoint(t.p, 'test');
    assert.equal(r.created, true);
    const last = r.checkpoint!.seq;
    const cols = 'id, seq, at, actor, actor_kind, action, target, detail, ip, why, hash_alg, prev_hash, hash';
    await t.p.db.query(`CREATE TABLE audit_saved_tail AS SELECT ${cols} FROM audit_event WHERE seq > ${last - 2}`);
    const prevHead = (await t.p.db.one<{ hash: string }>(`SELECT hash FROM audit_event WHERE seq = ${last - 2}`))!.hash;
    await tampered(
      [`DELETE FROM audit_event WHERE seq > ${last - 2}`, `UPDATE audit_chain_head SET seq = ${last - 2}, hash = '${prevHead}', sealed_through = ${last - 2}`],
      [
        `INSERT INTO audit_event (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM audit_saved_tail`,
        'DROP TABLE audit_saved_tail',
        `UPDATE audit_chain_head SET seq = ${last}, hash = (SELECT hash FROM audit_event WHERE seq = ${last}), sealed_through = ${last}`,
      ],
      async () => {
        const v = await verify();
        assert.deepEqual([v.firstProblem!.kind, v.firstProblem!.seq, v.firstProblem!.toSeq], ['removed', last - 1, last]);
      },
    );
    assert.equal((await verify()).ok, true);
  });
});

describe('checkpoints', () => {
  test('on demand: signs the head once; nothing new → the same checkpoint; the sweep signs when due', async () => {
    await inTx(1, CLERK, 'test.checkpoint');
    const a = await writeCheckpoint(t.p, 'test');
    assert.equal(a.created, true);
    const b = await writeCheckpoint(t.p, 'test');
    assert.equal(b.created, false);
    assert.equal(b.checkpoint!.id, a.checkpoint!.id);
    const signer = platformAuditSigner(t.p);
    assert.equal(a.checkpoint!.keyId, signer.keyId);
    assert.equal(await checkpointSweep(t.p, signer), undefined); // nothing unsigned
    await inTx(1, CLERK, 'test.checkpoint');
    assert.equal(await checkpointSweep(t.p, signer), undefined); // 1 event, not 10 minutes
    t.setNow(new Date(t.p.now().getTime() + 10 * 60_000));
    const swept = await checkpointSweep(t.p, signer);
    assert.equal(swept?.prevSeq, a.checkpoint!.seq);
    const v = await verify();
    assert.equal(v.ok, true);
    assert.equal(v.checkpoints, v.checkpointsVerified);
    assert.equal(v.unsignedEvents, 0);
  });

  test('a verifier without the platform key reports the checkpoints as signed by an unknown key', async () => {
    const v = await verifyAuditChain(t.p.db, { verifiers: new Map() });
    assert.equal(v.firstProblem?.kind, 'checkpoint-unknown-key');
  });
});

describe('events from before the chain', () => {
  let d: TestDb;
  before(async () => {
    d = await createTestDb();
  });
  after(() => d.close());

  test('are sealed in order by the first sequencer pass after the upgrade, before newer events', async () => {
    // as migration 0004 leaves an older database: events numbered, not hashed
    await d.db.query(`INSERT INTO audit_event (seq, actor, actor_kind, action, target, detail) VALUES
      (1, 'cli:root', 'cli', 'department.add', 'department:1', '{"name":"甲"}'),
      (2, 'cli:root', 'cli', 'department.add', 'department:2', '{"name":"乙"}')`);
    await d.db.query('UPDATE audit_chain_head SET seq = 2, hash = NULL, sealed_through = 0');
    const unsealed = await verifyAuditChain(d.db, { verifiers: new Map() });
    assert.deepEqual(unsealed.problems.map((p) => [p.kind, p.seq]), [['unsealed', 1], ['unsealed', 2]]);
    await d.db.tx((tx) => writeAudit(tx, SYSTEM_ACTOR, 'test.first-after-upgrade', null));
    assert.deepEqual(
      (await d.db.query('SELECT seq, hash FROM audit_event ORDER BY id')).map((r) => r.hash === null),
      [true, true, true],
      'writing takes no lock and links nothing',
    );
    const rows = await events(d.db);
    assert.deepEqual(rows.map((r) => [r.seq, r.hash_alg]), [[1, 'sha256'], [2, 'sha256'], [3, 'sha256']]);
    assert.equal(rows[2]!.prev_hash, rows[1]!.hash);
    const v = await verifyAuditChain(d.db, { verifiers: new Map() });
    assert.equal(v.ok, true, JSON.stringify(v.problems));
  });
});

describe('auditor API', () => {
  const sessions: Partial<Record<Role, string>> = {};
  before(async () => {
    for (const role of ['auditor', 'platform_admin', 'operator'] as const) {
      const { user } = await createStaffUser(t.p, SYSTEM_ACTOR, null, {
        username: `audit-${role}`,
        displayName: role,
        role,
        regionCode: '130000',
        password: 'Correct-Horse-42',
        mustChangePassword: false,
      });
      sessions[role] = await openSessionFor(t.p, user.id);
    }
  });
  const get = (url: string, role?: Role) => t.app.inject({ method: 'GET', url, ...(role ? { cookies: { xy_session: sessions[role]! } } : {}) });

  test('search: filters by action (exact or prefix), actor, target and time; newest first, paged', async () => {
    const r = await get('/api/v1/audit/events?action=personal-data.read', 'auditor');
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.items.length, 1);
    assert.equal(body.items[0].why, '行政许可审查（许可申请 2026-118）');
    const prefix = (await get('/api/v1/audit/events?action=test.concurrent.*&pageSize=15', 'auditor')).json();
    assert.equal(prefix.items.length, 15);
    assert.equal(prefix.hasMore, true);
    assert.ok(prefix.items[0].seq > prefix.items[14].seq);
    const page3 = (await get('/api/v1/audit/events?action=test.concurrent.*&pageSize=15&page=3', 'auditor')).json();
    assert.equal(page3.items.length, 10);
    assert.equal(page3.hasMore, false);
    const byActor = (await get('/api/v1/audit/events?actor=system:writer2', 'auditor')).json();
    assert.equal(byActor.items.length, 10);
    const byTarget = (await get(`/api/v1/audit/events?target=${encodeURIComponent('department:*')}`, 'auditor')).json();
    assert.equal(byTarget.items.length, 5);
    // events are stamped by the database's clock: the days are taken from the stamps themselves,
    // so the test holds across midnight in Asia/Shanghai; none after the newest event's day
    const stamps = (await get('/api/v1/audit/events?pageSize=200', 'auditor')).json().items.map((i: { at: string }) => i.at).sort();
    const day = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const first = day(stamps[0]);
    const after = addDays(day(stamps[stamps.length - 1]), 1);
    assert.equal((await get(`/api/v1/audit/events?from=${after}`, 'auditor')).json().items.length, 0);
    assert.ok((await get(`/api/v1/audit/events?from=${first}&to=${after}`, 'auditor')).json().items.length > 0);
    const bad = await get('/api/v1/audit/events?from=2026-02-30', 'auditor');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'AUDIT_TIME_INVALID');
  });

  test('export as CSV and XLSX streams the filtered events, and the export itself is audited', async () => {
    const csv = await get('/api/v1/audit/events/export?format=csv&action=test.concurrent.*', 'auditor');
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="audit-events-.*\.csv"/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n');
    assert.equal(lines.length, 41);
    assert.match(lines[0]!, /^序号 seq,/);
    const exported = (await get('/api/v1/audit/events?action=audit.export', 'auditor')).json();
    assert.equal(exported.items.length, 1);
    assert.equal(exported.items[0].actor, 'staff:audit-auditor');
    assert.deepEqual(exported.items[0].detail, { format: 'csv', filter: { action: 'test.concurrent.*' } });

    const xlsx = await get('/api/v1/audit/events/export?format=xlsx&actor=system:writer3', 'auditor');
    assert.equal(xlsx.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.rowCount, 11);
    assert.equal(ws.getRow(2).getCell(4).value, 'system:writer3');
    assert.equal((await get('/api/v1/audit/events?action=audit.export', 'auditor')).json().items.length, 2);
  });

  test('verify answers the same as the CLI and the service', async () => {
    const r = await get('/api/v1/audit/verify', 'auditor');
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().ok, true);
    assert.equal(r.json().events, (await events()).length);
  });

  test('only auditors search and export; administrators may verify; anonymous callers are refused', async () => {
    assert.equal((await get('/api/v1/audit/events', 'platform_admin')).statusCode, 403);
    assert.equal((await get('/api/v1/audit/events/export', 'platform_admin')).statusCode, 403);
    assert.equal((await get('/api/v1/audit/events', 'operator')).statusCode, 403);
    assert.equal((await get('/api/v1/audit/verify', 'platform_admin')).statusCode, 200);
    assert.equal((await get('/api/v1/audit/verify', 'operator')).statusCode, 403);
    assert.equal((await get('/api/v1/audit/events')).statusCode, 401);
    assert.equal((await get('/api/v1/audit/verify')).statusCode, 401);
  });
});

describe('CLI', () => {
  const BIN = path.resolve('bin/xinyong.mjs');
  let dir: string;
  let pg: TestDb | undefined;
  let env: Record<string, string>;
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: CLI_TIMEOUT_MS });
  // tamper with the CLI's database while no CLI process holds it
  const sql = async (text: string): Promise<Row[]> => {
    if (pg) return pg.db.query(text);
    const { db } = await openPglite(path.join(dir, 'pglite'));
    try {
      return await db.query(text);
    } finally {
      await db.close();
    }
  };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-audit-cli-'));
    env = { ...(process.env as Record<string, string>), XINYONG_DATA_DIR: dir, LOG_LEVEL: 'silent' };
    seedPgliteDataDir(dir); // the migrated template: the first command does not migrate
    delete env.DATABASE_URL;
    if (testBackend() === 'postgres') {
      pg = await createTestDb();
      env.DATABASE_URL = pg.url!;
    }
  });
  after(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('verify exits 0 on an intact chain and 3, naming the seq, after an UPDATE; checkpoint and public-key work', async () => {
    for (let i = 1; i <= 3; i++) {
      const d = cli('departments', 'add', '--uscc', uscc(`11130100MB000900${i}`), '--name', `审计测试部门${i}`, '--region', '130100', '--json');
      assert.equal(d.status, 0, d.stderr);
    }
    const cp = cli('audit', 'checkpoint', '--json');
    assert.equal(cp.status, 0, cp.stderr);
    assert.equal(JSON.parse(cp.stdout).created, true);
    const pub = cli('audit', 'public-key', '--json');
    assert.equal(pub.status, 0, pub.stderr);
    const key = JSON.parse(pub.stdout);
    assert.equal(key.alg, 'ed25519');
    assert.equal(JSON.parse(cp.stdout).checkpoint.keyId, key.keyId);

    const ok = cli('audit', 'verify', '--json');
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const good = JSON.parse(ok.stdout);
    assert.equal(good.ok, true);
    assert.equal(good.checkpointsVerified, 1);
    const target = (await sql("SELECT seq FROM audit_event WHERE action = 'department.add' ORDER BY seq LIMIT 1 OFFSET 1"))[0]!.seq as number;
    assert.ok(good.events >= 3);

    await sql(`UPDATE audit_event SET detail = jsonb_set(detail, '{name}', '"另一个部门"') WHERE seq = ${target}`);
    const bad = cli('audit', 'verify', '--json');
    assert.equal(bad.status, 3, bad.stderr);
    const report = JSON.parse(bad.stdout);
    assert.equal(report.ok, false);
    assert.deepEqual([report.firstProblem.kind, report.firstProblem.seq], ['altered', target]);
    const human = cli('audit', 'verify');
    assert.equal(human.status, 3);
    assert.match(human.stdout, new RegExp(`\\[altered\\] seq ${target}:`));
  });
});
