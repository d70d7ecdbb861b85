// CPU seconds of starting a test platform, by part (docs/testing.md, "Platform start"): what every
// integration file pays before its first test. Run with the environment of a test run:
//   XINYONG_TEST_DB=pglite|postgres + the template variables of prepare-template.ts, NODE_ENV=test
//   node --import tsx test/helpers/start-cost.ts [--json] [--fresh-queues] [--schemas-at-start]
// (--schemas-at-start: route schemas compiled at ready, as `serve` does; tests compile on first use)
// Prints one line per part: CPU (user + system, this process) and wall.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const parts: { part: string; cpuS: number; wallMs: number }[] = [];
let c0 = cpu(), t0 = performance.now();
parts.push({ part: 'node + tsx (to the first line)', cpuS: c0, wallMs: performance.now() });
const mark = (part: string) => {
  const c = cpu(), t = performance.now();
  parts.push({ part, cpuS: c - c0, wallMs: t - t0 });
  c0 = c; t0 = t;
};
const { createTestPlatform } = await import('./platform.ts');
mark('imports (test/helpers/platform.ts and what it loads)');
const { createTestDb } = await import('./db.ts');
const t = await createTestDb();
mark('test database (createTestDb)');
const { loadConfig } = await import('../../src/config.ts');
const { openPlatform } = await import('../../src/platform.ts');
const { defineTasks } = await import('../../src/jobs.ts');
const { buildApp } = await import('../../src/app.ts');
const { mkdtempSync, rmSync } = await import('node:fs');
const os = await import('node:os');
const path = await import('node:path');
const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-startcost-'));
const config = loadConfig({ NODE_ENV: 'test', XINYONG_DATA_DIR: dir, XINYONG_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), XINYONG_JOB_POLL_SECONDS: '2' });
// --fresh-queues: without the template's job queues (as every file started before decision 0045)
if (process.argv.includes('--fresh-queues')) {
  await (await import('./db.ts')).forgetJobQueues(t.db);
  mark('(--fresh-queues: the template\'s queues removed)');
}
const p = await openPlatform(config, { command: 'test', db: t.db, now: () => new Date('2026-11-20T04:00:00Z') });
mark('openPlatform');
defineTasks(p);
await p.jobs.start({ schedules: false });
mark('job workers (defineTasks + jobs.start)');
const app = await buildApp(p, { webDist: path.join(dir, 'no-web'), pluginTimeoutMs: 900_000, ...(process.argv.includes('--schemas-at-start') ? {} : { schemas: 'on-first-use' as const }) });
await app.ready();
mark('buildApp + ready');
await app.close();
await p.close();
await t.close();
rmSync(dir, { recursive: true, force: true });
mark('close');
void createTestPlatform;
const total = parts.reduce((a, b) => a + b.cpuS, 0);
if (process.argv.includes('--json')) console.log(JSON.stringify({ backend: process.env.XINYONG_TEST_DB ?? 'pglite', parts, totalCpuS: +total.toFixed(2) }));
else {
  for (const r of parts) console.log(`${r.cpuS.toFixed(2).padStart(6)} CPU s ${(r.wallMs / 1000).toFixed(2).padStart(7)} s wall  ${r.part}`);
  console.log(`${total.toFixed(2).padStart(6)} CPU s in all`);
}
