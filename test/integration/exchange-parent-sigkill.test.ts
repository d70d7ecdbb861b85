// The province's `serve` process is killed with SIGKILL while it receives a city's batch (issue
// 11: "a parent killed mid-receive"); restarted, it is sent the batch again: every record version
// is filed at the province exactly once and the city's outbox drains. The province runs as a real
// process on its own database (PostgreSQL database or PGlite directory); the city runs in this
// process on another and relays through a link that counts requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestDb } from '../helpers/db.ts';
import { freePort, nodeServeEnv } from '../helpers/servers.ts';
import { startNode, startLink } from '../helpers/nodes.ts';
import { addTestDepartment, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { waitUntil } from '../helpers/wait.ts';
import { loadConfig } from '../../src/config.ts';
import { openPlatform } from '../../src/platform.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { addNode, setUpstream, relayOnce } from '../../src/modules/exchange/exchange.service.ts';
import { RELAY_BATCH_MAX } from '../../src/modules/exchange/exchange.rules.ts';

const BIN = path.resolve('bin/xinyong.mjs');
const N = RELAY_BATCH_MAX * 3;

function serve(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'ignore', 'ignore'] });
  return { child, exited: new Promise((r) => child.once('exit', (code) => r(code))) };
}

// the relay's own bound is 60 s; this loaded machine may need longer for one batch
const send = async (url: string, headers: Record<string, string>, body: string, signal?: AbortSignal) => {
  const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body, signal: signal ?? AbortSignal.timeout(600_000) });
  return { status: res.status, text: await res.text() };
};

test('SIGKILL of the province mid-receive: sent again after its restart, filed exactly once', { timeout: 1_800_000 }, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-parent-kill-'));
  let tdb: TestDb | undefined;
  const children: ReturnType<typeof serve>[] = [];
  const city = await startNode('city', '130100', 'real');
  const port = await freePort();
  const link = await startLink(`http://127.0.0.1:${port}`);
  let stop = false;
  let relaying: Promise<void> | undefined;
  try {
    const { env, tdb: db } = await nodeServeEnv({ dir, role: 'province', region: '130000', port, extra: { LOG_LEVEL: 'warn' } });
    tdb = db;
    // the province registers the city before its server starts
    const setup = await openPlatform(loadConfig(env), { command: 'test', ...(tdb ? { db: tdb.db } : {}) });
    const key = await addNode(setup, SYSTEM_ACTOR, { region: '130100', name: '石家庄市' });
    await setup.close();

    const dep = await addTestDepartment(city.p, uscc('11130100MB0000K01'), '石家庄市市场监督管理局', '130100');
    for (let i = 0; i < N; i += 500)
      await submitJsonBatch(
        city.p,
        SYSTEM_ACTOR,
        dep,
        'penalty',
        Array.from({ length: Math.min(500, N - i) }, (_, k) => {
          const n = i + k + 1;
          return penaltyRow({ CF_WSH: `石市监罚〔2026〕P${n}号`, CF_XDR_MC: `石家庄上级中断${n}有限公司`, CF_XDR_SHXYM: uscc(`91130100MB${String(n).padStart(7, '0')}`) });
        }),
      );
    assert.equal((await setUpstream(city.p, SYSTEM_ACTOR, { url: link.url, keyId: key.keyId, secret: key.secret })).queued, N);
    const outbox = async () =>
      (await city.p.db.one<{ pending: number; delivered: number }>(
        "SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*) FILTER (WHERE state = 'delivered')::int AS delivered FROM exchange_outbox",
      ))!;

    const first = serve(env);
    children.push(first);
    await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/api/v1/health`).catch(() => undefined))?.status === 200, 'the province to serve', 300_000);
    relaying = (async () => {
      while (!stop) {
        const r = await relayOnce(city.p, { ignoreBackoff: true, send }).catch((err: Error) => ({ state: 'failed', sent: 0, error: err.message }));
        if (r.state !== 'done' || r.sent === 0) await new Promise((w) => setTimeout(w, 200));
      }
    })();
    // the second batch has reached the province: it is filing it now
    await waitUntil(async () => link.requests >= 2, 'the second batch to reach the province', 600_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await outbox();
    t.diagnostic(`killed while receiving: ${atKill.delivered} of ${N} acknowledged`);
    assert.ok(atKill.delivered < N, 'killed before the last acknowledgement');

    const second = serve(env);
    children.push(second);
    await waitUntil(async () => (await outbox()).pending === 0, 'the city to deliver everything to the restarted province', 900_000);
    stop = true;
    await relaying;
    second.child.kill('SIGTERM');
    await second.exited;
    assert.deepEqual(await outbox(), { pending: 0, delivered: N });

    const again = await openPlatform(loadConfig(env), { command: 'test', ...(tdb ? { db: tdb.db } : {}) });
    try {
      const p = (await again.db.one<{ n: number; refs: number; versions: number; received: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT source_ref)::int AS refs, max(version) AS versions,
                (SELECT count(*)::int FROM exchange_received) AS received FROM record WHERE source_ref LIKE '石市监罚〔2026〕P%'`,
      ))!;
      assert.deepEqual(p, { n: N, refs: N, versions: 1, received: N });
    } finally {
      await again.close();
    }
  } finally {
    stop = true;
    await relaying?.catch(() => {});
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await link.close();
    await city.close();
    await tdb?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
