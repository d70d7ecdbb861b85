// Child process of the collect bench: registers the demo department if needed and imports FILE.
import { loadConfig } from '../src/config.ts';
import { openPlatform } from '../src/platform.ts';
import { findDepartmentByUscc } from '../src/modules/access/departments.store.ts';
import { importFile } from '../src/modules/collection/collection.service.ts';
import { ensureDemoDepartments } from '../src/modules/demo/demo.service.ts';
import { SYSTEM_ACTOR } from '../src/kernel/audit.ts';

const [file, uscc] = process.argv.slice(2) as [string, string];
const env = { ...process.env };
if (!env.DATABASE_URL) delete env.DATABASE_URL;
const p = await openPlatform(loadConfig(env), { command: 'bench import' });
await ensureDemoDepartments(p, SYSTEM_ACTOR);
const dep = (await findDepartmentByUscc(p.db, uscc))!;
const t0 = process.hrtime.bigint();
const s = await importFile(p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
await p.close();
console.log(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, summary: { rows: s.rows, rejected: s.rejected, status: s.status } }));
