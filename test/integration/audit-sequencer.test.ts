// The audit chain off the commit path (issue 14, docs/decisions/0019-audit-chain-sequencer.md):
// writers insert unchained events with no global lock, and the sequencer links committed events.
// The guarantees, each tested here on both databases where the database allows it: every committed
// event chained, none skipped or chained twice (also with two sequencers and eight writers at
// once), a crash between commit and chaining loses nothing (catch-up at start), an event committed
// late by a long transaction is still chained, a writer never waits for another writer's
// transaction, checkpoints stay signed, and a chain written by the first scheme (before migration
// 0021) verifies after it.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { adminPgUrl, createTestDb, testBackend, type TestDb } from '../helpers/db.ts';
import { chainAuditEvents, writeAudit, writeAudits, type Actor } from '../../src/kernel/audit.ts';
import { createAuditSequencer } from '../../src/kernel/audit-sequencer.ts';
import { GENESIS_HASH, linkHash, normalizeDetail } from '../../src/kernel/audit-chain.ts';
import { openPglite, openPostgres, type Db } from '../../src/kernel/db.ts';
import { migrate, MIGRATIONS_DIR } from '../../src/kernel/migrate.ts';
import { verifyAuditChain, verifyPlatformAuditChain, writeCheckpoint } from '../../src/modules/audit/audit.service.ts';

const WRITER = (w: number): Actor => ({ id: `system:writer${w}`, kind: 'system' });
const postgresOnly = testBackend() === 'pglite' ? 'PGlite has one session: two transactions cannot overlap' : false;

type Link = { id: number; seq: number | null; prev_hash: string | null; hash: string | null; actor: string; target: string | null };
const links = (db: Db) => db.query<Link>('SELECT id, seq, prev_hash, hash, actor, target FROM audit_event ORDER BY seq NULLS LAST, id');

// every event has exactly one place: seq 1..n without gap or repeat, each linked to the one before
function assertLinear(rows: Link[]): void {
  rows.forEach((r, i) => {
    assert.equal(r.seq, i + 1, `event ${r.id} at position ${i + 1}`);
    assert.equal(r.prev_hash, i === 0 ? GENESIS_HASH : rows[i - 1]!.hash);
  });
  assert.equal(new Set(rows.map((r) => r.id)).size, rows.length);
}

describe('writers and the sequencer', () => {
  let t: TestPlatform;
  before(async () => {
    t = await createTestPlatform('2026-11-20');
  });
  after(() => t.close());

  test('a committed event waits unchained (and is readable at once); a pass links it; a rolled-back one never appears', async () => {
    await chainAuditEvents(t.p.db, { wait: true });
    await t.p.db.tx((tx) => writeAudit(tx, WRITER(1), 'test.unchained', 'test:a'));
    await assert.rejects(
      t.p.db.tx(async (tx) => {
        await writeAudit(tx, WRITER(1), 'test.rolled-back', 'test:b');
        throw new Error('the change failed');
      }),
    );
    const row = await t.p.db.one<{ seq: number | null; hash: string | null }>("SELECT seq, hash FROM audit_event WHERE action = 'test.unchained'");
    assert.deepEqual(row, { seq: null, hash: null });
    const pass = await chainAuditEvents(t.p.db, { wait: true });
    assert.equal(pass.chained, 1);
    assert.equal(pass.busy, false);
    const rows = await links(t.p.db);
    assertLinear(rows);
    assert.equal(rows.at(-1)!.target, 'test:a');
    assert.equal((await t.p.db.query("SELECT 1 FROM audit_event WHERE action = 'test.rolled-back'")).length, 0);
    assert.equal((await chainAuditEvents(t.p.db, { wait: true })).chained, 0, 'nothing is chained twice');
  });

  test('eight concurrent writers and two sequencers at once: every event chained exactly once, in one linear chain', async () => {
    const before = (await links(t.p.db)).length;
    // a second platform-like sequencer on its own connections (as another server process would be)
    const other: Db = testBackend() === 'postgres' ? await openPostgres(t.dbUrl!, 3) : t.p.db;
    const a = createAuditSequencer(t.p.db, { intervalMs: 10 });
    const b = createAuditSequencer(other, { intervalMs: 10 });
    await a.start();
    await b.start();
    try {
      await Promise.all(
        [1, 2, 3, 4, 5, 6, 7, 8].map(async (w) => {
          for (let i = 0; i < 25; i++)
            await t.p.db.tx(async (tx) => {
              await writeAudit(tx, WRITER(w), 'test.concurrent', `test:${w}:${i}`, { i });
              if (i % 5 === 0) await writeAudits(tx, [{ actor: WRITER(w), action: 'test.concurrent-batch', target: `test:${w}:${i}`, detail: { i } }]);
            });
        }),
      );
    } finally {
      await a.stop();
      await b.stop();
      if (other !== t.p.db) await other.close();
    }
    await chainAuditEvents(t.p.db, { wait: true });
    const rows = await links(t.p.db);
    assert.equal(rows.length, before + 8 * 30);
    assertLinear(rows);
    // each writer's events in the order it wrote them
    for (let w = 1; w <= 8; w++) {
      const mine = rows.filter((r) => r.actor === `system:writer${w}` && r.target?.startsWith(`test:${w}:`)).map((r) => Number(r.target!.split(':')[2]));
      assert.deepEqual(mine, [...mine].sort((x, y) => x - y));
    }
    const v = await verifyPlatformAuditChain(t.p);
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    assert.equal(v.unchained, 0);
  });

  test('the loop links events soon after commit without being asked; checkpoints sign the chained head', async () => {
    const seqr = createAuditSequencer(t.p.db, { intervalMs: 20 });
    await seqr.start();
    try {
      await t.p.db.tx((tx) => writeAudit(tx, WRITER(9), 'test.by-the-loop', 'test:loop'));
      // no timing assertion: poll until linked (the bench measures the delay)
      for (let i = 0; i < 600; i++) {
        const r = await t.p.db.one<{ seq: number | null }>("SELECT seq FROM audit_event WHERE action = 'test.by-the-loop'");
        if (r?.seq) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      const r = await t.p.db.one<{ seq: number | null; lag: boolean }>("SELECT seq, chained_at >= at AS lag FROM audit_event WHERE action = 'test.by-the-loop'");
      assert.ok(r?.seq, 'linked by the loop');
      assert.equal(r.lag, true);
    } finally {
      await seqr.stop();
    }
    await t.p.db.tx((tx) => writeAudit(tx, WRITER(9), 'test.before-checkpoint', null));
    const cp = await writeCheckpoint(t.p, 'test');
    assert.equal(cp.created, true);
    const head = await t.p.db.one<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_chain_head');
    assert.deepEqual({ seq: cp.checkpoint!.seq, hash: cp.checkpoint!.hash }, head, 'the checkpoint covers the event committed just before it');
    const v = await verifyPlatformAuditChain(t.p);
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    assert.equal(v.checkpointsVerified, v.checkpoints);
  });

  test('search (the auditor\'s and the subject\'s access log) shows an event before it is chained, newest first', async () => {
    await chainAuditEvents(t.p.db, { wait: true });
    await t.p.db.tx((tx) => writeAudit(tx, WRITER(7), 'test.fresh', 'subject:fresh'));
    const { searchAuditEvents } = await import('../../src/modules/audit/audit.service.ts');
    const page = await searchAuditEvents(t.p, { action: 'test.*' }, 1, 5);
    assert.equal(page.items[0]!.action, 'test.fresh');
    assert.equal(page.items[0]!.seq, null);
  });
});

describe('a long transaction', () => {
  let d: TestDb;
  before(async () => {
    d = await createTestDb();
  });
  after(() => d.close());

  test('does not hold up other writers, and its event, committed late with a lower id, is still chained once', { skip: postgresOnly }, async () => {
    const client = new pg.Client({ connectionString: d.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO audit_event (at, actor, actor_kind, action, target, detail) VALUES (date_trunc('milliseconds', clock_timestamp()), 'system:long', 'system', 'test.long', 'test:long', '{}')`,
      );
      const longId = (await client.query<{ id: number }>("SELECT id FROM audit_event WHERE action = 'test.long'")).rows[0]!.id;
      // others write and commit meanwhile: no lock of the long transaction stops them
      for (let i = 0; i < 3; i++) await d.db.tx((tx) => writeAudit(tx, WRITER(1), 'test.short', `test:${i}`));
      const first = await chainAuditEvents(d.db, { wait: true });
      assert.equal(first.chained, 3, 'the committed events are chained; the uncommitted one is not visible yet');
      const shortIds = (await d.db.query<{ id: number }>("SELECT id FROM audit_event WHERE action = 'test.short'")).map((r) => r.id);
      assert.ok(shortIds.every((id) => id > Number(longId)), 'ids are not commit order');
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    const second = await chainAuditEvents(d.db, { wait: true });
    assert.equal(second.chained, 1);
    const rows = await links(d.db);
    assertLinear(rows);
    assert.equal(rows.at(-1)!.target, 'test:long', 'linked after the events that committed before it');
    const v = await verifyAuditChain(d.db, { verifiers: new Map() });
    assert.equal(v.ok, true, JSON.stringify(v.problems));
  });
});

describe('a crash between commit and chaining', () => {
  let dir: string;
  let pgDb: TestDb | undefined;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-audit-crash-'));
    if (testBackend() === 'postgres') pgDb = await createTestDb();
  });
  after(async () => {
    await pgDb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('loses nothing: the process is killed after its commits, and the sequencer catches up at start', async () => {
    const where = pgDb ? pgDb.url! : path.join(dir, 'pglite');
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/audit-crash-writer.ts', where, '20'], { encoding: 'utf8', timeout: 180_000 });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    assert.match(child.stdout, /committed 20/);
    const db = pgDb ? pgDb.db : (await openPglite(where)).db;
    try {
      const waiting = await db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_event WHERE seq IS NULL');
      assert.equal(waiting!.n, 20, 'committed, not chained: the state the crash left');
      const seqr = createAuditSequencer(db, { intervalMs: 200 });
      await seqr.start(); // serve's start: catch-up before the loop
      await seqr.stop();
      const rows = await links(db);
      assert.equal(rows.length, 20);
      assertLinear(rows);
      assert.deepEqual(rows.map((r) => r.target), Array.from({ length: 20 }, (_, i) => `test:${i}`));
      const v = await verifyAuditChain(db, { verifiers: new Map() });
      assert.equal(v.ok, true, JSON.stringify(v.problems));
      assert.equal(v.events, 20);
    } finally {
      if (!pgDb) await db.close();
    }
  });
});

describe('a chain written by the first scheme (before migration 0021)', () => {
  let db: Db;
  let close: () => Promise<void>;
  let oldDir: string;
  before(async () => {
    oldDir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-migrations-'));
    for (const f of readdirSync(MIGRATIONS_DIR)) if (/^\d{4}_/.test(f) && Number(f.slice(0, 4)) < 21) cpSync(path.join(MIGRATIONS_DIR, f), path.join(oldDir, f));
    if (testBackend() === 'postgres') {
      const name = `xy_test_old_chain_${process.pid}`;
      const admin = new pg.Client({ connectionString: adminPgUrl() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(adminPgUrl());
      u.pathname = `/${name}`;
      db = await openPostgres(u.toString(), 3);
      close = async () => {
        await db.close();
        const a = new pg.Client({ connectionString: adminPgUrl() });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      };
    } else {
      db = (await openPglite('memory://')).db;
      close = () => db.close();
    }
  });
  after(async () => {
    await close();
    rmSync(oldDir, { recursive: true, force: true });
  });

  // the first release's writer (head row lock, seq and hash in the business transaction), as data
  // upgraded from it looks
  const oldWriteAudit = (action: string, i: number) =>
    db.tx(async (tx) => {
      const head = (await tx.one<{ seq: number; hash: string | null; at: Date }>(
        "SELECT seq, hash, date_trunc('milliseconds', clock_timestamp()) AS at FROM audit_chain_head FOR UPDATE",
      ))!;
      const event = { at: head.at, actor: 'staff:old', actorKind: 'staff', action, target: `test:${i}`, detail: normalizeDetail({ i }), ip: null, why: null, alg: 'sha256' as const };
      const prev = head.hash ?? GENESIS_HASH;
      const hash = linkHash(prev, event);
      await tx.query(
        `INSERT INTO audit_event (seq, at, actor, actor_kind, action, target, detail, hash_alg, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, 'sha256', $8, $9)`,
        [head.seq + 1, head.at, event.actor, event.actorKind, action, event.target, JSON.stringify(event.detail), prev, hash],
      );
      await tx.query('UPDATE audit_chain_head SET seq = $1, hash = $2, sealed_through = $1', [head.seq + 1, hash]);
    });

  test('verifies after the migration, and new events continue it', async () => {
    await migrate(db, oldDir);
    for (let i = 0; i < 5; i++) await oldWriteAudit('test.old-scheme', i);
    assert.equal((await migrate(db)).some((m) => m.startsWith('0021_')), true);
    const upgraded = await verifyAuditChain(db, { verifiers: new Map() });
    assert.equal(upgraded.ok, true, JSON.stringify(upgraded.problems));
    assert.equal(upgraded.events, 5);
    for (let i = 0; i < 3; i++) await db.tx((tx) => writeAudit(tx, WRITER(1), 'test.new-scheme', `test:${i}`));
    await chainAuditEvents(db, { wait: true });
    const rows = await links(db);
    assertLinear(rows);
    assert.equal(rows.length, 8);
    const v = await verifyAuditChain(db, { verifiers: new Map() });
    assert.equal(v.ok, true, JSON.stringify(v.problems));
  });
});
