// The public API's per-address, cost-weighted budget (issue 17; rules/public-budget.json at its
// real default scale): a scripted client running one-character name searches is refused long
// before one running code look-ups; another address is unaffected; Retry-After is honest (waiting
// one second less is still refused, waiting that long is served); the refusals are audited and
// aggregated; with XINYONG_REDIS_URL two servers share one budget per address.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { createTestPlatform, uscc, type TestPlatform } from '../helpers/platform.ts';
import { buildApp } from '../../src/app.ts';
import { loadBudgetRules, redisBucketStore } from '../../src/modules/access/public-budget.ts';
import { requestCost } from '../../src/modules/access/public-budget.rules.ts';
import type { FastifyInstance } from 'fastify';

let t: TestPlatform;
const rule = loadBudgetRules().at(-1)!;
const SEARCH = 'GET /api/v1/public/subjects';
const CODE = uscc('91130100MA0000001'); // a code look-up (nobody holds it: the answer is empty, the cost the same)

const search = (app: FastifyInstance, ip: string, q: string) =>
  app.inject({ method: 'GET', url: `/api/v1/public/subjects?q=${encodeURIComponent(q)}`, remoteAddress: ip });

// requests served until the first refusal
async function served(app: FastifyInstance, ip: string, q: string, max = 1000): Promise<{ n: number; refusal: Awaited<ReturnType<typeof search>> }> {
  for (let n = 0; n < max; n++) {
    const r = await search(app, ip, q);
    if (r.statusCode === 429) return { n, refusal: r };
    assert.equal(r.statusCode, 200, r.body);
  }
  throw new Error(`${ip}: never refused in ${max} requests`);
}

before(async () => {
  t = await createTestPlatform('2026-11-20', { XINYONG_PUBLIC_BUDGET_SCALE: '1' });
});
after(() => t.close());

describe('one budget per address across the public API, weighted by cost', () => {
  test('expensive queries are refused earlier than cheap ones; another address is unaffected', async () => {
    const short = requestCost(rule, SEARCH, { q: '华' });
    const cheap = requestCost(rule, SEARCH, { q: CODE });
    assert.ok(short > cheap, 'the rule prices a one-character search above a code look-up');

    const expensive = await served(t.app, '10.1.0.1', '华');
    assert.equal(expensive.n, Math.floor(rule.capacity / short));
    const body = expensive.refusal.json();
    assert.equal(body.error.code, 'PUBLIC_BUDGET_EXHAUSTED');
    assert.match(body.error.zh, /额度已用完/);
    assert.match(body.error.en, /budget/);
    assert.equal(body.error.details.cost, short);

    // a different address starts with a full budget
    assert.equal((await search(t.app, '10.1.0.2', '华')).statusCode, 200);

    const codes = await served(t.app, '10.1.0.3', CODE);
    assert.equal(codes.n, Math.floor(rule.capacity / cheap));
    assert.ok(codes.n > expensive.n * 5, `${codes.n} code look-ups vs ${expensive.n} short searches`);

    // the budget spans routes: the exhausted address is refused on another public route too
    const other = await t.app.inject({ method: 'GET', url: '/api/v1/public/stats', remoteAddress: '10.1.0.1' });
    assert.equal(other.statusCode, 429);
    // and exempt routes stay open
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/health', remoteAddress: '10.1.0.1' })).statusCode, 200);
  });

  // the 2026-12-06 re-test: 16 short searches from 16 addresses of one IPv6 /64 were all served
  test('an IPv6 client rotating addresses within its /64 pays from one budget', async () => {
    const short = requestCost(rule, SEARCH, { q: '华' });
    const max = Math.floor(rule.capacity / short);
    for (let i = 1; i <= max; i++) assert.equal((await search(t.app, `2001:db8:77:1::${i.toString(16)}`, '华')).statusCode, 200, `request ${i}`);
    const refused = await search(t.app, '2001:db8:77:1:dead:beef:0:1', '华');
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json().error.code, 'PUBLIC_BUDGET_EXHAUSTED');
    // another /64 is another client
    assert.equal((await search(t.app, '2001:db8:77:2::1', '华')).statusCode, 200);
  });

  test('Retry-After is honest: one second less is refused, that long is served', async () => {
    const ip = '10.1.0.4';
    const start = t.p.now();
    await served(t.app, ip, '华');
    const refused = await search(t.app, ip, '华');
    const wait = Number(refused.headers['retry-after']);
    const short = requestCost(rule, SEARCH, { q: '华' });
    const left = refused.json().error.details.remaining as number;
    assert.equal(wait, Math.ceil((short - left) / rule.refillPerSecond));
    assert.ok(wait >= 1);
    t.setNow(new Date(start.getTime() + (wait - 1) * 1000));
    const early = await search(t.app, ip, '华');
    assert.equal(early.statusCode, 429);
    assert.ok(Number(early.headers['retry-after']) <= 1);
    t.setNow(new Date(start.getTime() + wait * 1000));
    assert.equal((await search(t.app, ip, '华')).statusCode, 200);
    t.setNow(start);
  });

  test('refusals are audited as access.refused, a flood counted into one event', async () => {
    const ip = '10.1.0.5';
    await served(t.app, ip, '华');
    for (let i = 0; i < 20; i++) assert.equal((await search(t.app, ip, '华')).statusCode, 429);
    const rows = await t.p.db.query<{ ip: string; detail: { code: string; status: number } }>(
      `SELECT ip, detail FROM audit_event WHERE action = 'access.refused' AND detail->>'code' = 'PUBLIC_BUDGET_EXHAUSTED' AND ip = $1`,
      [ip],
    );
    assert.equal(rows.length, 1, 'the first refusal written at once, the rest counted for the summary');
    assert.equal(rows[0]!.detail.status, 429);
  });

  test('signed-in staff and department systems are not charged', async () => {
    // the policy check runs first: a route that is not public is never charged (a 401 is not a 429)
    for (let i = 0; i < 50; i++) {
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/batches', remoteAddress: '10.1.0.6' });
      assert.equal(r.statusCode, 401);
    }
    assert.equal((await search(t.app, '10.1.0.6', '华')).statusCode, 200);
  });
});

describe('shared through Redis (XINYONG_REDIS_URL)', () => {
  test('two servers share one budget per address', async () => {
    const redisUrl = process.env.XINYONG_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const p2 = { ...t.p, config: { ...t.p.config, redisUrl } };
    const a = await buildApp(p2);
    const b = await buildApp(p2);
    try {
      // a fresh address each run: buckets in Redis outlive the test
      const ip = `10.${randomInt(2, 250)}.${randomInt(0, 250)}.${randomInt(1, 250)}`;
      const short = requestCost(rule, SEARCH, { q: '华' });
      const n = Math.floor(rule.capacity / short);
      for (let i = 0; i < n; i++) assert.equal((await search(i % 2 ? a : b, ip, '华')).statusCode, 200);
      const r = await search(a, ip, '华');
      assert.equal(r.statusCode, 429);
      assert.equal((await search(b, ip, '华')).statusCode, 429);
      assert.ok(Number(r.headers['retry-after']) >= 1);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

test('Redis unreachable: the process falls back to its own buckets and says so once', async () => {
  const errors: Error[] = [];
  const store = redisBucketStore('redis://127.0.0.1:1', { onError: (e) => errors.push(e) }); // nothing listens on port 1
  try {
    const a = await store.take('10.9.9.9', 100, 0, 300, 5);
    const b = await store.take('10.9.9.9', 250, 0, 300, 5);
    assert.equal(a.ok, true);
    assert.equal(b.ok, false, 'still one budget per address in this process');
    assert.equal(b.retryAfterMs, 10_000);
    assert.equal(errors.length, 1);
  } finally {
    await store.close();
  }
});
