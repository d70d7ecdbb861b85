// Rate limits across several servers (docs/operations.md, "Several servers"): with
// XINYONG_REDIS_URL the counter is one for the cluster, so a client that the load balancer spreads
// over two servers gets the limit once; without it each process counts alone (documented: N
// servers allow N times the limit). Two app instances stand for two servers here; the two-process
// test (cluster.test.ts) checks the same through real `xinyong serve` processes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { buildApp } from '../../src/app.ts';
import type { Platform } from '../../src/platform.ts';

const REDIS = process.env.XINYONG_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let t: TestPlatform;
before(async () => {
  t = await createTestPlatform();
});
after(async () => {
  await t.close();
});

async function servers(redisUrl: string | undefined): Promise<FastifyInstance[]> {
  // a fresh key space per test: other runs on this machine share the Redis
  const prefix = `xinyong-test-${randomBytes(6).toString('hex')}:`;
  const p: Platform = { ...t.p, config: { ...t.p.config, redisUrl, redisPrefix: prefix, publicRateLimit: { max: 3, windowMs: 60_000 } } };
  return Promise.all(['a', 'b'].map(() => buildApp(p, { webDist: path.join(t.dir, 'no-web') })));
}

const hit = (app: FastifyInstance) => app.inject({ method: 'GET', url: '/api/v1/public/regions', remoteAddress: '203.0.113.7' });

test('with Redis: three requests spread over two servers use up the limit of three for both', async () => {
  const [a, b] = await servers(REDIS);
  try {
    const codes = [];
    for (const app of [a!, b!, a!, b!, a!]) codes.push((await hit(app)).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 429, 429]);
    const refused = await hit(b!);
    assert.equal(refused.json().error.code, 'RATE_LIMITED');
    // another client address has its own counter
    assert.equal((await a!.inject({ method: 'GET', url: '/api/v1/public/regions', remoteAddress: '203.0.113.8' })).statusCode, 200);
  } finally {
    await Promise.all([a!.close(), b!.close()]);
  }
});

test('without Redis: each server counts alone (the documented per-process limit)', async () => {
  const [a, b] = await servers(undefined);
  try {
    const codes = [];
    for (const app of [a!, b!, a!, b!, a!, b!, a!]) codes.push((await hit(app)).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 200, 429]);
  } finally {
    await Promise.all([a!.close(), b!.close()]);
  }
});

test('a Redis that cannot be reached does not take the portal down: requests pass, unlimited', async () => {
  const [a, b] = await servers('redis://127.0.0.1:1'); // nothing listens on port 1
  try {
    for (let i = 0; i < 5; i++) assert.equal((await hit(a!)).statusCode, 200);
  } finally {
    await Promise.all([a!.close(), b!.close()]);
  }
});
