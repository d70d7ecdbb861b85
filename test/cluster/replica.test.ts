// Several servers, one platform, with a read replica (issue 14; docs/operations.md "A read
// replica", decision 0027), on one real PostgreSQL 15 streaming replica of the test server made
// once for the file by pg_basebackup -R on a free port (test/helpers/replica.ts): each copy is the
// whole server, a minute or more on a loaded machine. `npm run test:cluster`; PostgreSQL only.
//
// 1. Without a replica (any backend): public reads are the primary's, no freshness headers.
// 2. Two real `xinyong serve` processes, each with its own data directory, on one primary and the
//    replica, with DATABASE_READ_URL set: the public portal (search, subject page, 双公示) answered
//    on both from the replica; a signed import through A seen on both once the replica has it;
//    credit checks on both (on the primary) and a check's nonce replayed to the other server
//    refused; with replay paused both fall back to the primary once the lag passes the bound, and
//    go back to the replica when it has caught up.
// 3. In process, every public read path: the replica while fresh; with replay paused the portal
//    shows the replica's older data (and says how old) until the lag passes the bound, then the
//    primary's; when the replica dies (stopped last, by this test) the primary answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, forgetJobQueues, testBackend } from '../helpers/db.ts';
import { addTestDepartment, addTestClient, createTestPlatform, DEPT_USCC, orgUscc, uscc } from '../helpers/platform.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { clusterEnv, freePort, listening, startServer, stopServer, until, type Server } from '../helpers/servers.ts';
import { replicaUnavailable, startReplica, type Replica } from '../helpers/replica.ts';
import { loadClockOffset, loadConfig } from '../../src/config.ts';
import { openPlatform } from '../../src/platform.ts';
import { parseCredential, signRequest } from '../../src/modules/access/signing.client.ts';
import { addDepartment } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { openPostgres, type Db } from '../../src/kernel/db.ts';
import { createReadRouter, type ReadReplicaSettings } from '../../src/kernel/read-replica.ts';

const why = testBackend() !== 'postgres' ? 'a read replica is PostgreSQL streaming replication; the cluster tests run on PostgreSQL' : await replicaUnavailable();
if (why && testBackend() === 'postgres') console.log(`# replica tests skipped, replication cannot be set up here: ${why}`);

let replica: Replica | undefined;
before(async () => {
  if (!why) replica = await startReplica({ log: (s) => console.log(`# ${s}`) });
}, { timeout: 900_000 });
after(async () => {
  await replica?.stop();
});

const clockOffset = loadClockOffset(process.env, false);
const serverNow = () => new Date(Date.now() + clockOffset);
const ROWS = 40;
const MAX_LAG_SECONDS = 5;
const SEED = uscc('91130100MC0000001');

type Health = { readReplica?: { source: string; lagMs: number | null; paused: boolean | null } };
type Search = { source: string | null; asOf: string | null; total: number };

const FIRST = orgUscc('91', '130100', 'MA0RR001');
const SECOND = orgUscc('91', '130100', 'MA0RR002');

test('without a read replica public reads are the primary’s and carry no freshness headers', async () => {
  const t = await createTestPlatform('2026-11-20');
  try {
    assert.equal(t.p.reads.status().configured, false);
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/public/subjects?q=%E5%89%AF%E6%9C%AC&page=1&pageSize=10' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['x-data-source'], undefined);
    assert.equal(r.headers['x-data-as-of'], undefined);
  } finally {
    await t.close();
  }
});
test('two serve processes and a streaming replica: the public portal on both from the replica, a signed import, credit checks and nonces across both, the fallback while replay is paused', { skip: why ?? false, timeout: 900_000 }, async (tc) => {
  const tdb = await createTestDb();
  await forgetJobQueues(tdb.db); // the servers create the queues side by side, as on a new installation
  const dirs = [0, 1].map(() => mkdtempSync(path.join(os.tmpdir(), 'xinyong-cluster-replica-')));
  const servers: Server[] = [];
  try {
    const base = clusterEnv(tdb.url!, {
      XINYONG_PUBLIC_RATE_MAX: '100000',
      XINYONG_PUBLIC_BUDGET_SCALE: '1000',
      XINYONG_READ_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS),
      XINYONG_READ_SAMPLE_MS: '250',
    });
    const setup = await openPlatform(loadConfig({ ...base, XINYONG_DATA_DIR: dirs[0]! }), { command: 'test', db: tdb.db });
    const dep = await addTestDepartment(setup, DEPT_USCC);
    const credential = parseCredential(await addTestClient(setup, dep, ['collect', 'check']));
    const seeded = await submitJsonBatch(setup, SYSTEM_ACTOR, dep, 'penalty', [penaltyRow({ CF_XDR_MC: '集群副本种子有限公司', CF_XDR_SHXYM: SEED, CF_WSH: '冀副本〔2026〕1号' })]);
    assert.equal(seeded.counts.created, 1, JSON.stringify(seeded.results));
    await setup.close();

    await replica!.catchUp(); // the test database and its seed
    const readUrl = replica!.urlFor(tdb.url!);
    for (const [i, name] of ['A', 'B'].entries()) servers.push(startServer(name, await freePort(), { ...base, XINYONG_DATA_DIR: dirs[i]!, DATABASE_READ_URL: readUrl }));
    await Promise.all(servers.map(listening));
    const [A, B] = servers as [Server, Server];

    const health = async (s: Server) => ((await (await fetch(`${s.url}/api/v1/health`)).json()) as Health).readReplica;
    const bothOn = (source: string) => until(`both servers reading from the ${source}`, async () => (await Promise.all(servers.map(health))).every((h) => h?.source === source), 300_000);
    const search = async (s: Server, q: string): Promise<Search> => {
      const r = await fetch(`${s.url}/api/v1/public/subjects?q=${encodeURIComponent(q)}&page=1&pageSize=10`);
      assert.equal(r.status, 200, await r.clone().text());
      return { source: r.headers.get('x-data-source'), asOf: r.headers.get('x-data-as-of'), total: ((await r.json()) as { total: number }).total };
    };
    const signed = (s: Server, method: 'GET' | 'POST', p: string, body?: string, nonce?: string) => {
      const headers = signRequest(credential, { method, path: p, body, at: serverNow(), ...(nonce ? { nonce } : {}) });
      return { headers, send: (to: Server = s) => fetch(`${to.url}${p}`, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': p.includes('/files') ? 'text/csv' : 'application/json' } : {}) }, body }) };
    };

    // ---- the public portal on both servers, from the replica
    await bothOn('replica');
    for (const s of servers) {
      const found = await search(s, '集群副本种子有限公司');
      assert.deepEqual([found.source, found.total], ['replica', 1], `search on ${s.name}`);
      const page = await fetch(`${s.url}/api/v1/public/subjects/${SEED}`);
      assert.equal(page.status, 200, `subject page on ${s.name}: ${await page.clone().text()}`);
      assert.equal(page.headers.get('x-data-source'), 'replica');
      const pubs = await fetch(`${s.url}/api/v1/public/publications?page=1&pageSize=10`);
      assert.equal(pubs.headers.get('x-data-source'), 'replica');
      assert.ok(((await pubs.json()) as { items: { ref: string }[] }).items.some((x) => x.ref === '冀副本〔2026〕1号'), `双公示 on ${s.name}`);
    }

    // ---- a signed upload through A; the same request replayed to B is refused
    const body = csv(Array.from({ length: ROWS }, (_, i) => penaltyRow({ CF_WSH: `冀副本〔2026〕${100 + i}号`, CF_XDR_MC: `集群副本导入${i}有限公司`, CF_XDR_SHXYM: uscc(`91130100MC${String(100 + i).padStart(7, '0')}`) })));
    const upload = signed(A, 'POST', '/api/v1/batches/files?category=penalty&filename=replica.csv', body);
    const up = await upload.send(A);
    assert.equal(up.status, 202, await up.clone().text());
    const batchId = ((await up.json()) as { id: string }).id;
    const replay = await upload.send(B);
    assert.equal(replay.status, 401);
    assert.equal(((await replay.json()) as { error: { code: string } }).error.code, 'NONCE_REUSED');
    const done = await until('the upload imported', async () => {
      const b = (await (await signed(B, 'GET', `/api/v1/batches/${batchId}`).send()).json()) as { status: string };
      return b.status !== 'running' ? b : undefined;
    }, 300_000);
    assert.equal(done.status, 'completed', JSON.stringify(done));

    // the import is on the public portal of both servers once the replica has replayed it
    for (const s of servers)
      await until(`the import on ${s.name}'s portal`, async () => {
        const r = await search(s, '集群副本导入7有限公司');
        return r.source === 'replica' && r.total === 1;
      }, 300_000);

    // ---- credit checks on both servers (on the primary); a check's nonce replayed to the other is refused
    const subject = uscc('91130100MC0000107');
    const checkBody = JSON.stringify({ subject, scenario: 'procurement' });
    const onA = signed(A, 'POST', '/api/v1/credit-checks', checkBody);
    const a = await onA.send(A);
    assert.equal(a.status, 200, await a.clone().text());
    const answerA = (await a.json()) as { checkId: string; subject: { found: boolean }; measures: unknown[] };
    assert.equal(answerA.subject.found, true, 'the subject imported a moment ago is found by a check (the primary)');
    const replayed = await onA.send(B);
    assert.equal(replayed.status, 401);
    assert.equal(((await replayed.json()) as { error: { code: string } }).error.code, 'NONCE_REUSED');
    const b = await signed(B, 'POST', '/api/v1/credit-checks', checkBody).send();
    assert.equal(b.status, 200, await b.clone().text());
    const answerB = (await b.json()) as { checkId: string; subject: { found: boolean }; measures: unknown[] };
    assert.deepEqual(answerB.measures, answerA.measures, 'the same answer on both servers');
    assert.notEqual(answerB.checkId, answerA.checkId);
    const stored = await signed(B, 'GET', `/api/v1/credit-checks/${answerA.checkId}`).send();
    assert.equal(stored.status, 200, `A's check read on B: ${await stored.clone().text()}`);

    // ---- replay paused: both servers serve the replica's older data until the lag passes the
    // bound, then the primary's; after resuming, the replica again
    await replica!.pause();
    const late = uscc('91130100MC0000999');
    const second = signed(B, 'POST', '/api/v1/batches/files?category=penalty&filename=late.csv', csv([penaltyRow({ CF_WSH: '冀副本〔2026〕999号', CF_XDR_MC: '集群副本迟到有限公司', CF_XDR_SHXYM: late })]));
    const up2 = await second.send();
    assert.equal(up2.status, 202, await up2.clone().text());
    const batch2 = ((await up2.json()) as { id: string }).id;
    await until('the second upload imported', async () => {
      const x = (await (await signed(A, 'GET', `/api/v1/batches/${batch2}`).send()).json()) as { status: string };
      return x.status === 'completed' ? x : undefined;
    }, 300_000);
    // whatever a server answers meanwhile is consistent with where it read: the replica has not
    // replayed the import, so a replica answer does not have it; a primary answer does
    const seen: string[] = [];
    await until('both servers to fall back to the primary', async () => {
      for (const s of servers) {
        const r = await search(s, '集群副本迟到有限公司');
        seen.push(`${s.name}:${r.source}:${r.total}`);
        assert.equal(r.total, r.source === 'primary' ? 1 : 0, `${s.name} read from the ${r.source}`);
      }
      return (await Promise.all(servers.map(health))).every((h) => h?.source === 'primary' && h.paused === true && (h.lagMs ?? 0) > MAX_LAG_SECONDS * 1000);
    }, 300_000);
    const lags = await Promise.all(servers.map(health));
    tc.diagnostic(`paused: answers ${seen.slice(0, 6).join(' ')}${seen.length > 6 ? ' …' : ''}; lag when fallen back ${lags.map((h) => h?.lagMs).join(' / ')} ms`);
    for (const s of servers) assert.deepEqual(await search(s, '集群副本迟到有限公司').then((r) => [r.source, r.total]), ['primary', 1]);

    await replica!.resume();
    await replica!.catchUp();
    await bothOn('replica');
    for (const s of servers) assert.deepEqual(await search(s, '集群副本迟到有限公司').then((r) => [r.source, r.total]), ['replica', 1]);
  } finally {
    await replica?.resume().catch(() => {}); // the next test needs it replaying
    await Promise.all(servers.map(stopServer));
    await tdb.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test('a real streaming replica: public reads while fresh, stale data while replay is paused within the bound, the primary beyond it and when the replica dies', { skip: why ?? false, timeout: 900_000 }, async (tc) => {
  let readDb: Db | undefined;
  const t = await createTestPlatform('2026-11-20');
  try {
    await replica!.catchUp(); // the test database, created on the primary a moment ago
    readDb = await openPostgres(replica!.urlFor(t.dbUrl!), 4);
    // the bound is read at each pick: the test moves it instead of waiting minutes
    const settings: ReadReplicaSettings = { maxLagMs: 600_000, sampleMs: 200 };
    const router = createReadRouter(t.p.db, readDb, settings);
    t.p.reads = router;
    const dep = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
    const imported = async (name: string, code: string, ref: string) => {
      const s = await submitJsonBatch(t.p, SYSTEM_ACTOR, dep, 'penalty', [penaltyRow({ CF_XDR_MC: name, CF_XDR_SHXYM: code, CF_WSH: ref, SEVERITY: '一般' })]);
      assert.equal(s.counts.created, 1, JSON.stringify(s.results));
    };
    const get = (url: string) => t.app.inject({ method: 'GET', url });
    const search = async (q: string) => {
      const r = await get(`/api/v1/public/subjects?q=${encodeURIComponent(q)}&page=1&pageSize=10`);
      assert.equal(r.statusCode, 200, r.body);
      return { source: r.headers['x-data-source'], asOf: String(r.headers['x-data-as-of']), total: (r.json() as { total: number }).total };
    };
    const sampledUntil = (what: string, ok: () => boolean | Promise<boolean>) =>
      until(what, async () => {
        await router.sample();
        return ok();
      }, 300_000);

    await imported('副本甲有限公司', FIRST, '石市监罚〔2026〕901号');
    await replica!.catchUp();
    await sampledUntil('the replica to be measured fresh', () => router.status().source === 'replica');

    // ---- fresh: every public read path answers from the replica and says so
    const found = await search('副本甲有限公司');
    assert.deepEqual([found.source, found.total], ['replica', 1]);
    for (const url of [`/api/v1/public/subjects/${FIRST}`, '/api/v1/public/publications?page=1&pageSize=10', '/api/v1/public/stats', '/api/v1/public/statistics', '/api/v1/public/lists', `/api/v1/public/subjects/${FIRST}/list-exits`]) {
      const r = await get(url);
      assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
      assert.equal(r.headers['x-data-source'], 'replica', url);
      assert.ok(!Number.isNaN(Date.parse(String(r.headers['x-data-as-of']))), url);
    }
    const pubs = (await get('/api/v1/public/publications?page=1&pageSize=10')).json() as { items: { ref: string }[] };
    assert.ok(pubs.items.some((x) => x.ref === '石市监罚〔2026〕901号'), '双公示 on the replica shows the record');
    // staff work and credit checks never go to the replica: platform.db is the primary
    assert.equal((await t.p.db.one<{ r: boolean }>('SELECT pg_is_in_recovery() AS r'))!.r, false);
    assert.equal((await readDb.one<{ r: boolean }>('SELECT pg_is_in_recovery() AS r'))!.r, true);

    // ---- replay paused: a record imported now is on the primary only
    await replica!.pause();
    await sampledUntil('the pause to be seen', () => router.status().paused === true);
    const importedAt = Date.now();
    await imported('副本乙有限公司', SECOND, '石市监罚〔2026〕902号');
    await router.sample();
    const stale = await search('副本乙有限公司');
    assert.equal(stale.source, 'replica', 'within the bound the replica still answers');
    assert.equal(stale.total, 0, 'and it does not have the new record yet: this is what lags');
    // (the last transaction the replica replayed committed before the import began: at most the same millisecond)
    assert.ok(Date.parse(stale.asOf) <= importedAt, `X-Data-As-Of ${stale.asOf} is not after the import began (${new Date(importedAt).toISOString()})`);
    const page = await get(`/api/v1/public/subjects/${SECOND}`);
    assert.equal(page.statusCode, 404, 'the new subject’s page is not on the replica yet');
    // the lag measured grows while replay is paused (the as-of time stays put)
    const lag1 = router.status().lagMs!;
    await sampledUntil('the measured lag to grow', () => router.status().lagMs! > lag1 + 500);
    tc.diagnostic(`measured lag while paused: ${router.status().lagMs} ms, as of ${router.status().asOf}`);

    // ---- beyond the bound: the primary answers, with the new record
    settings.maxLagMs = 1000;
    await sampledUntil('the lag to pass the bound', () => router.status().source === 'primary');
    const fresh = await search('副本乙有限公司');
    assert.deepEqual([fresh.source, fresh.total], ['primary', 1]);
    assert.equal((await get(`/api/v1/public/subjects/${SECOND}`)).statusCode, 200);
    const health = (await get('/api/v1/health')).json() as { readReplica?: { source: string; paused: boolean; lagMs: number } };
    assert.equal(health.readReplica?.source, 'primary');
    assert.equal(health.readReplica?.paused, true);
    assert.ok(health.readReplica!.lagMs > 1000);

    // ---- resumed: the replica catches up and serves again, the new record included
    await replica!.resume();
    await replica!.catchUp();
    settings.maxLagMs = 600_000;
    await sampledUntil('the replica to serve the new record', async () => {
      const s = await search('副本乙有限公司');
      return s.source === 'replica' && s.total === 1;
    });

    // ---- the replica dies: public reads keep working, on the primary
    await replica!.stop();
    replica = undefined;
    const afterDeath = await search('副本甲有限公司');
    assert.equal(afterDeath.total, 1, 'a query the dead replica cannot answer is answered by the primary');
    await router.sample();
    assert.equal(router.status().source, 'primary');
    assert.match(router.status().lastError ?? '', /^replica: /);
    assert.equal((await search('副本乙有限公司')).source, 'primary');
  } finally {
    await t.p.reads.stop();
    await readDb?.close().catch(() => {});
    await t.close();
  }
});
