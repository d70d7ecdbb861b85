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
import { SYSTEM_ACTOR } from '../src/kernel/audit.ts';
import type { Db } from '../src/kernel/db.ts';

const [file, uscc] = process.argv.slice(2) as [string, string];
const env = { ...process.env };
if (!env.DATABASE_URL) delete env.DATABASE_URL;
const p = await openPlatform(loadConfig(env), { command: 'bench import' });
await ensureDemoDepartments(p, SYSTEM_ACTOR);
const dep = (await findDepartmentByUscc(p.db, uscc))!;
const db0 = await serverCpu(p.db);
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const s = await importFile(p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const db1 = await serverCpu(p.db);
await p.close();
console.log(
  JSON.stringify({
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    importerCpuSeconds: (cpu.user + cpu.system) / 1e6,
    serverCpuSeconds: db0 !== undefined && db1 !== undefined ? db1 - db0 : null,
    summary: { rows: s.rows, rejected: s.rejected, status: s.status },
  }),
);

// CPU seconds of this database's server processes (PostgreSQL on this machine, Linux /proc).
async function serverCpu(db: Db): Promise<number | undefined> {
  if (db.kind !== 'postgres') return undefined;
  try {
    const pids = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
    let ticks = 0;
    for (const { pid } of pids) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime
    }
    return ticks / 100; // USER_HZ
  } catch {
    return undefined; // a remote server, or no /proc
  }
}
