// DATABASE_READ_URL naming a replica that does not answer: the platform still opens, and public
// reads go to the primary (the real replica: test/cluster/replica.test.ts, npm run test:cluster).
// PostgreSQL only (the embedded database refuses DATABASE_READ_URL: src/config.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, testBackend } from '../helpers/db.ts';
import { freePort } from '../helpers/servers.ts';
import { loadConfig } from '../../src/config.ts';
import { openPlatform } from '../../src/platform.ts';
import { buildApp } from '../../src/app.ts';

const skip = testBackend() === 'postgres' ? false : 'DATABASE_READ_URL needs DATABASE_URL (PostgreSQL)';

test('a read replica that is down does not stop the start; public reads are the primary’s and say so', { skip }, async () => {
  const tdb = await createTestDb();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-replica-down-'));
  const nobody = `postgres://postgres@127.0.0.1:${await freePort()}/nothing`;
  try {
    const config = loadConfig({ NODE_ENV: 'test', XINYONG_DATA_DIR: dir, XINYONG_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), DATABASE_URL: tdb.url!, DATABASE_READ_URL: nobody, XINYONG_PUBLIC_BUDGET_SCALE: '1000' });
    const p = await openPlatform(config, { command: 'test', db: tdb.db });
    const app = await buildApp(p, { webDist: path.join(dir, 'no-web') });
    try {
      await p.reads.sample();
      const st = p.reads.status();
      assert.equal(st.configured, true);
      assert.equal(st.source, 'primary');
      assert.match(st.lastError ?? '', /^replica: .*ECONNREFUSED/);
      const r = await app.inject({ method: 'GET', url: '/api/v1/public/subjects?q=%E6%B5%8B%E8%AF%95%E5%85%AC%E5%8F%B8&page=1&pageSize=10' });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.headers['x-data-source'], 'primary');
      const health = (await app.inject({ method: 'GET', url: '/api/v1/health' })).json() as { readReplica: { source: string; lagMs: number | null } };
      assert.deepEqual({ source: health.readReplica.source, lagMs: health.readReplica.lagMs }, { source: 'primary', lagMs: null });
    } finally {
      await app.close();
      await p.close();
    }
  } finally {
    await tdb.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
