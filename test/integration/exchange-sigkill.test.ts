// A city's `serve` process relaying its outbox to the province is killed with SIGKILL mid-batch
// (the province has filed the batch, its answer is still on the way); restarted, it resumes by
// itself: every record version reaches the province exactly once (issue 11). The city runs as a
// real process on its own database (PostgreSQL database or PGlite directory); the province runs
// in this process on another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
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
import { addNode, setUpstream } from '../../src/modules/exchange/exchange.service.ts';
import { RELAY_BATCH_MAX } from '../../src/modules/exchange/exchange.rules.ts';

const BIN = path.resolve('bin/xinyong.mjs');
const run = promisify(execFile);
const N = RELAY_BATCH_MAX * 4; // four batches: killed while the first is being answered

function serve(env: Record<string, string>): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const take = (d: Buffer) => lines.push(...d.toString('utf8').split('\n'));
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  return { child, lines, exited: new Promise((r) => child.once('exit', (code) => r(code))) };
}

test('SIGKILL of a relaying serve process mid-batch: resumed by itself, nothing lost, nothing filed twice', { timeout: 900_000 }, async (t) => {
  const prov = await startNode('province', '130000', 'real');
  const link = await startLink(prov.url);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-relay-kill-'));
  let tdb: TestDb | undefined;
  const children: ReturnType<typeof serve>[] = [];
  try {
    const key = await addNode(prov.p, SYSTEM_ACTOR, { region: '130100', name: '石家庄市' });
    const { env, tdb: db } = await nodeServeEnv({ dir, role: 'city', region: '130100', port: await freePort(), extra: { XINYONG_EXCHANGE_RELAY_SECONDS: '1' } });
    tdb = db;
    // the city's data, collected before its server starts
    const city = await openPlatform(loadConfig(env), { command: 'test', ...(tdb ? { db: tdb.db } : {}) });
    const dep = await addTestDepartment(city, uscc('11130100MB0000001'), '石家庄市市场监督管理局', '130100');
    for (let i = 0; i < N; i += 1000)
      await submitJsonBatch(
        city,
        SYSTEM_ACTOR,
        dep,
        'penalty',
        Array.from({ length: Math.min(1000, N - i) }, (_, k) => {
          const n = i + k + 1;
          return penaltyRow({ CF_WSH: `石市监罚〔2026〕K${n}号`, CF_XDR_MC: `石家庄中断交换${n}有限公司`, CF_XDR_SHXYM: uscc(`91130100MA${String(n).padStart(7, '0')}`) });
        }),
      );
    assert.equal((await setUpstream(city, SYSTEM_ACTOR, { url: link.url, keyId: key.keyId, secret: key.secret })).queued, N);
    await city.close();

    const received = async () => (await prov.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM exchange_received'))!.n;
    link.holdMs = 3_000; // the province files at once; its answer takes 3 s to come back
    const first = serve(env);
    children.push(first);
    await waitUntil(async () => (await received()) > 0, 'the province to file the first batch', 240_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await received();
    t.diagnostic(`killed after the province filed ${atKill} of ${N}`);
    assert.ok(atKill >= 1 && atKill < N, `killed mid-delivery (${atKill} of ${N} filed)`);

    link.holdMs = 0;
    const second = serve(env);
    children.push(second);
    await waitUntil(async () => (await received()) >= N, 'the restarted city to deliver the rest', 300_000);
    // the city's own view, asked of the running server over its admin channel (xinyong exchange status --json)
    await waitUntil(async () => {
      const { stdout } = await run(process.execPath, [BIN, 'exchange', 'status', '--json'], { env });
      const s = JSON.parse(stdout) as { role: string; upstream: { pending: number; delivered: number } };
      return s.role === 'city' && s.upstream.pending === 0 && s.upstream.delivered === N;
    }, 'the city to take the last answer', 120_000);
    second.child.kill('SIGTERM');
    await second.exited;

    // the province: every version once
    const p = (await prov.p.db.one<{ n: number; refs: number; versions: number; received: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT source_ref)::int AS refs, max(version) AS versions,
              (SELECT count(*)::int FROM exchange_received) AS received FROM record WHERE source_ref LIKE '石市监罚〔2026〕K%'`,
    ))!;
    assert.deepEqual(p, { n: N, refs: N, versions: 1, received: N });
    // the batch filed before the kill was sent again and answered duplicate
    const dup = (await prov.p.db.one<{ n: number }>("SELECT coalesce(sum((detail->>'duplicate')::int), 0)::int AS n FROM audit_event WHERE action = 'exchange.receive'"))!.n;
    assert.ok(dup >= 1, `duplicates answered: ${dup}`);
    // the city: everything delivered, nothing pending
    const again = await openPlatform(loadConfig(env), { command: 'test', ...(tdb ? { db: tdb.db } : {}) });
    try {
      const o = (await again.db.one<{ pending: number; delivered: number }>(
        "SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending, count(*) FILTER (WHERE state = 'delivered')::int AS delivered FROM exchange_outbox",
      ))!;
      assert.deepEqual(o, { pending: 0, delivered: N });
    } finally {
      await again.close();
    }
  } finally {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await link.close();
    await prov.close();
    await tdb?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
