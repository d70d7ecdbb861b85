// Child process of the collect bench: registers the demo department if needed and imports FILE.
// Prints seconds, peak RSS, and the CPU the import spent in this process and (PostgreSQL on this
// machine) in the database's server processes: CPU per row tells where the time goes even when
// the machine is busy.
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/config.ts';
import { openPlatform } from '../src/platform.ts';
import { findDepartmentByUscc } from '../src/modules/access/departments.store.ts';
import { importFile } from '../src/modules/collection/collection.service.ts';
import { ensureDemoDepartments } from '../src/modules/demo/demo.service.ts';
import { SYSTEM_ACTOR, cliActor } from '../src/kernel/audit.ts';
import type { Db } from '../src/kernel/db.ts';

const [file, uscc, mode] = process.argv.slice(2) as [string, string, string | undefined];
const bulk = mode === '--bulk'; // xinyong import --bulk: the operator at the command line
const env = { ...process.env };
if (!env.DATABASE_URL) delete env.DATABASE_URL;
const p = await openPlatform(loadConfig(env), { command: 'bench import' });
await ensureDemoDepartments(p, SYSTEM_ACTOR);
const dep = (await findDepartmentByUscc(p.db, uscc))!;
// The database's sessions come and go during a long import (the pool closes idle ones): each
// one's CPU is sampled every second, so a session that ended is counted up to its last sample.
const sessions = new Map<number, { first: number; last: number }>();
const sample = async () => {
  for (const [pid, ticks] of await serverCpuBySession(p.db)) {
    const s = sessions.get(pid);
    if (s) s.last = ticks;
    else sessions.set(pid, { first: started ? 0 : ticks, last: ticks });
  }
};
let started = false;
const measurable = p.db.kind === 'postgres';
if (measurable) await sample().catch(() => {});
started = true;
const sampler = measurable ? setInterval(() => void sample().catch(() => {}), 1000) : undefined;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const s = await importFile(p, { file, category: 'penalty', department: dep, actor: bulk ? cliActor() : SYSTEM_ACTOR, bulk });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
let serverCpuSeconds: number | null = null;
if (measurable && sessions.size) {
  await sample().catch(() => {});
  let ticks = 0;
  for (const s of sessions.values()) ticks += s.last - s.first;
  serverCpuSeconds = ticks / 100; // USER_HZ
}
await p.close();
console.log(
  JSON.stringify({
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    importerCpuSeconds: (cpu.user + cpu.system) / 1e6,
    serverCpuSeconds,
    summary: { rows: s.rows, rejected: s.rejected, status: s.status },
    ...(s.phases ? { phases: s.phases } : {}),
  }),
);

// CPU ticks of each of this database's server processes (PostgreSQL on this machine, Linux /proc);
// empty for a remote server or without /proc.
async function serverCpuBySession(db: Db): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const pids = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  for (const { pid } of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, Number(f[11]) + Number(f[12])); // utime, stime
    } catch {
      // ended meanwhile, or not on this machine
    }
  }
  return out;
}
