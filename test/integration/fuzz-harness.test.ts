// The fuzzing harness's own invariants, seen to catch failures: pointed at deliberately broken
// routes it reports a 5xx, an error without zh/en and a batch whose counts do not add up, each with
// a seed that replays the same failure; pointed at the real routes a short run is clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestPlatform, addTestDepartment, addTestClient, DEPT_USCC, type TestPlatform } from '../helpers/platform.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { runFuzz, mergeReports, type FuzzContext } from '../fuzz/harness.ts';

let t: TestPlatform;
let c: FuzzContext;
const LIMITS = { maxMs: 120_000, maxRssBytes: 8 * 2 ** 30 }; // timing is not what these tests check

before(async () => {
  t = await createTestPlatform('2026-11-20');
  const open = { config: { policy: { allow: ['public' as const] } }, schema: { hide: true } };
  // a handler that trusts its input: a 500 on markup, a bare error body on numbers
  t.app.get<{ Querystring: Record<string, string> }>('/api/v1/public/broken', open, async (req, reply) => {
    if (Object.values(req.query).some((v) => String(v).includes('<'))) throw new Error('unescaped markup');
    if (Object.values(req.query).some((v) => /^\d/.test(String(v)))) return reply.status(400).send({ error: 'bad number' });
    return { ok: true };
  });
  // a batch endpoint that drops a record from its counts
  t.app.post<{ Body: { records?: unknown[] } }>('/api/v1/public/broken-batches', open, async (req) => {
    const n = Array.isArray(req.body?.records) ? req.body.records.length : 0;
    return { batchId: 'x', category: 'penalty', counts: { rows: n, created: Math.max(0, n - 1), updated: 0, unchanged: 0, rejected: 0 }, results: [] };
  });
  // a batch endpoint that refuses with a proper error, but has written a batch first
  t.app.post('/api/v1/public/leaky-batches', open, async (_req, reply) => {
    await t.p.db.query("INSERT INTO batch (department_id, category, category_version, source, submitted_by) SELECT id, 'penalty', 1, 'api', 'leak' FROM department WHERE uscc = $1", [DEPT_USCC]);
    return reply.status(400).send({ error: { code: 'LEAK', zh: '拒绝', en: 'refused' } });
  });
  const dep = await addTestDepartment(t.p, DEPT_USCC);
  const { user } = await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'fz-admin', displayName: 'fz', role: 'platform_admin', regionCode: '130000', password: 'Correct-Horse-42', mustChangePassword: false });
  c = { t, dep, credential: await addTestClient(t.p, dep), staffCookie: await openSessionFor(t.p, user.id), dir: mkdtempSync(path.join(os.tmpdir(), 'xinyong-fz-')) };
});
after(async () => {
  rmSync(c.dir, { recursive: true, force: true });
  await t.close();
});

test('a broken public route: 5xx and errors without zh/en are reported with seeds that replay', async () => {
  const broken = { ...c, routes: { public: ['/api/v1/public/broken'] } };
  const r = await runFuzz(broken, { targets: ['public'], cases: 30, seed: 3, limits: LIMITS });
  assert.ok(r.failures.some((f) => f.failure.startsWith('GET') && f.failure.includes(': 500')), JSON.stringify(r.failures.slice(0, 3)));
  assert.ok(r.failures.some((f) => f.failure.includes('error without code, zh and en')));
  const sameCase = (s: string) => s.replace(/req-\w+/g, 'req-?'); // only the request id differs
  for (const f of r.failures.slice(0, 5)) {
    const again = await runFuzz(broken, { targets: ['public'], cases: 1, seed: f.seed, limits: LIMITS });
    assert.deepEqual(again.failures.map((x) => sameCase(x.failure)), [sameCase(f.failure)]);
  }
});

test('a batch endpoint whose counts do not add up is reported', async () => {
  const r = await runFuzz({ ...c, routes: { batches: '/api/v1/public/broken-batches' } }, { targets: ['json'], cases: 12, seed: 5, limits: LIMITS });
  assert.ok(r.failures.some((f) => f.failure.startsWith('counts do not add up')), JSON.stringify(r.failures.slice(0, 3)));
});

test('a refused request that wrote a batch is reported', async () => {
  // (a body the JSON parser refuses never reaches the handler: those cases write nothing)
  const r = await runFuzz({ ...c, routes: { batches: '/api/v1/public/leaky-batches' } }, { targets: ['json'], cases: 8, seed: 5, limits: LIMITS });
  assert.ok(r.failures.length > 0);
  assert.deepEqual(new Set(r.failures.map((f) => f.failure)), new Set(['a refused request wrote a batch']));
});

test('bounds: a case slower than the bound or a process above the memory bound fails', async () => {
  const slow = await runFuzz(c, { targets: ['public'], cases: 2, seed: 1, limits: { maxMs: -1, maxRssBytes: LIMITS.maxRssBytes } });
  assert.equal(slow.failures.length, 2);
  assert.match(slow.failures[0]!.failure, /took \d+ ms/);
  const fat = await runFuzz(c, { targets: ['public'], cases: 1, seed: 1, limits: { maxMs: LIMITS.maxMs, maxRssBytes: 1 } });
  assert.match(fat.failures[0]!.failure, /memory \d+ MB/);
});

test('the real routes: a short fixed-seed run over every target is clean', async () => {
  const r = await runFuzz(c, { targets: ['json', 'csv', 'xlsx', 'public', 'signed', 'staff'], cases: 36, seed: 11, limits: LIMITS });
  assert.deepEqual(r.failures, []);
  assert.equal(r.cases, 36);
  assert.equal(Object.keys(r.outcomes).length, 6);
  // the CPU the cases used is measured: in this process, and on PostgreSQL in its backends too
  assert.ok(r.cpu.node > 0);
  if (t.p.db.kind === 'postgres') assert.ok(r.cpu.server > 0, JSON.stringify(r.cpu));
});

test('workers: the shards of a run, merged, have the one-process run\'s cases, outcomes and failing seeds', async () => {
  const broken = { ...c, routes: { public: ['/api/v1/public/broken'] } };
  const o = { targets: ['public', 'signed'] as const, cases: 24, seed: 3, limits: LIMITS };
  const whole = await runFuzz(broken, o);
  const parts = [];
  for (let index = 0; index < 3; index++) parts.push(await runFuzz(broken, { ...o, shard: { index, count: 3 } }));
  assert.deepEqual(parts.map((r) => r.cases), [8, 8, 8]);
  const merged = mergeReports(parts, 1);
  assert.equal(merged.cases, whole.cases);
  assert.deepEqual(merged.outcomes.public, whole.outcomes.public);
  assert.equal(Object.values(merged.outcomes.signed!).reduce((a, b) => a + b, 0), 12);
  assert.ok(whole.failures.length > 0);
  assert.deepEqual(merged.failures.map((f) => f.seed), whole.failures.map((f) => f.seed).sort((a, b) => a - b));
  assert.equal(merged.workers!.length, 3);
});
