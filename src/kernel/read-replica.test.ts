// The read router's decisions, on scripted primary and replica answers and a scripted clock (the
// real replica: test/integration/read-replica.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db, Row } from './db.ts';
import { createReadRouter, parseLsn, primaryOnly, publicRead, replicaAsOf } from './read-replica.ts';
import { loadReadReplicaSettings, loadReadUrl } from '../config.ts';

function fakeDb(name: string, answer: (text: string) => Row | Error): Db & { texts: string[] } {
  const texts: string[] = [];
  const db = {
    kind: 'postgres' as const,
    texts,
    async query<R extends Row>(text: string): Promise<R[]> {
      texts.push(text);
      const a = answer(text);
      if (a instanceof Error) throw a;
      return [a as R];
    },
    async one<R extends Row>(text: string): Promise<R | undefined> {
      return (await db.query<R>(text))[0];
    },
    tx: () => Promise.reject(new Error(`${name}: no tx`)),
    copyIn: () => Promise.reject(new Error(`${name}: no copy`)),
    close: async () => {},
  };
  return db;
}

test('parseLsn reads both halves, past 2^32', () => {
  assert.equal(parseLsn('0/0'), 0n);
  assert.equal(parseLsn('1/0'), 1n << 32n);
  assert.equal(parseLsn('16/B374D848'), (0x16n << 32n) + 0xb374d848n);
  assert.throws(() => parseLsn('zz'));
});

test('replicaAsOf: the newest mark the replay position has reached', () => {
  const marks = [
    { lsn: 100n, at: 1000 },
    { lsn: 200n, at: 2000 },
    { lsn: 300n, at: 3000 },
  ];
  assert.equal(replicaAsOf(marks, 99n), undefined);
  assert.equal(replicaAsOf(marks, 100n), 1000, 'reaching the position exactly counts');
  assert.equal(replicaAsOf(marks, 299n), 2000);
  assert.equal(replicaAsOf(marks, 10_000n), 3000);
});

test('the router: replica while within the bound, primary beyond it, when paused, when down, and before the first sample', async () => {
  let clock = 1_000_000;
  let primaryLsn = 0x1000n;
  let replayLsn = 0x1000n;
  let paused = false;
  let replicaDown = false;
  const hex = (n: bigint) => `0/${n.toString(16).toUpperCase()}`;
  const primary = fakeDb('primary', (t) => {
    if (t.includes('pg_current_wal_flush_lsn')) {
      primaryLsn += 0x40n; // the heartbeat writes a record
      return { flush: hex(primaryLsn - 0x40n), beat: hex(primaryLsn) };
    }
    return { source: 'primary' };
  });
  const replica = fakeDb('replica', (t) => {
    if (replicaDown) return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    if (t.includes('pg_last_wal_replay_lsn')) return { lsn: hex(replayLsn), paused };
    return { source: 'replica' };
  });
  const router = createReadRouter(primary, replica, { maxLagMs: 10_000, sampleMs: 1000 }, () => clock);

  assert.equal(router.pick().source, 'primary', 'nothing measured yet: the primary');
  // the replica keeps up: each sample it has replayed the primary's flush position
  const keepUp = async () => {
    await router.sample();
    replayLsn = primaryLsn;
  };
  await keepUp();
  await keepUp();
  clock += 1000;
  await router.sample();
  let c = router.pick();
  assert.equal(c.source, 'replica');
  assert.ok(c.lagMs <= 1000, `lag ${c.lagMs}`);
  assert.deepEqual(await c.db.one('SELECT 1'), { source: 'replica' });
  await assert.rejects(c.db.copyIn('COPY x FROM STDIN', ''), /read-only/);

  // replay paused: the position stops; the lag grows with the clock; at the bound still the
  // replica (to the millisecond), one past it the primary
  paused = true;
  const stuckAt = replayLsn;
  const asOf = Date.parse(router.status().asOf!);
  for (let i = 0; i < 12; i++) {
    clock += 1000;
    await router.sample();
    replayLsn = stuckAt;
  }
  assert.equal(router.status().paused, true);
  clock = asOf + 10_000;
  assert.equal(router.pick().source, 'replica', 'exactly at the bound');
  clock = asOf + 10_001;
  c = router.pick();
  assert.equal(c.source, 'primary', 'one millisecond past the bound');
  assert.deepEqual(await c.db.one('SELECT 1'), { source: 'primary' });
  assert.equal(router.status().source, 'primary');

  // resumed: it catches up and serves again
  paused = false;
  await keepUp();
  clock += 500;
  await router.sample();
  assert.equal(router.pick().source, 'replica');

  // the replica goes away: a query on it is answered by the primary, and the replica is out of use
  replicaDown = true;
  c = router.pick();
  assert.deepEqual(await c.db.one('SELECT 1'), { source: 'primary' });
  assert.equal(router.pick().source, 'primary');
  await router.sample();
  assert.match(router.status().lastError ?? '', /replica: connect ECONNREFUSED/);
  assert.equal(router.pick().source, 'primary');

  // an SQL error of the query itself is the caller's, not a reason to switch
  replicaDown = false;
  await keepUp();
  await router.sample();
  const bad = createReadRouter(primary, fakeDb('replica', (t) => (t.includes('replay') ? { lsn: hex(primaryLsn + 0x1000n), paused: false } : Object.assign(new Error('syntax error'), { code: '42601' }))), { maxLagMs: 10_000, sampleMs: 1000 }, () => clock);
  await bad.sample();
  await assert.rejects(bad.pick().db.one('SELEC'), /syntax error/);
});

test('a promoted replica (not in recovery) serves no public read', async () => {
  const primary = fakeDb('primary', () => ({ flush: '0/10', beat: '0/20' }));
  const replica = fakeDb('replica', () => ({ lsn: null, paused: null }));
  const router = createReadRouter(primary, replica, { maxLagMs: 10_000, sampleMs: 1000 });
  await router.sample();
  assert.equal(router.pick().source, 'primary');
  assert.match(router.status().lastError ?? '', /not in recovery/);
});

test('a role that may not write the heartbeat: flush positions alone', async () => {
  let n = 0;
  const primary = fakeDb('primary', (t) => {
    if (t.includes('pg_logical_emit_message')) return Object.assign(new Error('permission denied for function pg_logical_emit_message'), { code: '42501' });
    return { flush: `0/${(0x100 + n++).toString(16)}`, beat: null };
  });
  const replica = fakeDb('replica', () => ({ lsn: '0/FFFF', paused: false }));
  const router = createReadRouter(primary, replica, { maxLagMs: 10_000, sampleMs: 1000 });
  await router.sample(); // refused: next samples without the heartbeat
  await router.sample();
  assert.equal(router.pick().source, 'replica');
  assert.ok(!primary.texts.at(-1)!.includes('pg_logical_emit_message'));
});

test('publicRead sets the freshness headers only when a replica is configured', () => {
  const headers: Record<string, string> = {};
  const reply = { header: (k: string, v: string) => (headers[k] = v) };
  const db = fakeDb('primary', () => ({}));
  assert.equal(publicRead({ reads: primaryOnly(db) }, reply), db);
  assert.deepEqual(headers, {});
});

test('configuration: DATABASE_READ_URL needs DATABASE_URL; lag bound and sample interval', () => {
  assert.equal(loadReadUrl({}, undefined), undefined);
  assert.throws(() => loadReadUrl({ DATABASE_READ_URL: 'postgres://r/x' }, undefined), /needs DATABASE_URL/);
  assert.throws(() => loadReadUrl({ DATABASE_READ_URL: 'mysql://r/x' }, 'postgres://p/x'), /postgres:\/\//);
  assert.equal(loadReadUrl({ DATABASE_READ_URL: 'postgres://r/x' }, 'postgres://p/x'), 'postgres://r/x');
  assert.deepEqual(loadReadReplicaSettings({}), { maxLagMs: 10_000, sampleMs: 1000 });
  assert.deepEqual(loadReadReplicaSettings({ XINYONG_READ_MAX_LAG_SECONDS: '2.5', XINYONG_READ_SAMPLE_MS: '200' }), { maxLagMs: 2500, sampleMs: 200 });
  assert.throws(() => loadReadReplicaSettings({ XINYONG_READ_MAX_LAG_SECONDS: '-1' }), /XINYONG_READ_MAX_LAG_SECONDS/);
  assert.throws(() => loadReadReplicaSettings({ XINYONG_READ_SAMPLE_MS: '10' }), /at least 50/);
});
