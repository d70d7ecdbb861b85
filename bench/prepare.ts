// npm run bench -- prepare [--rows N] [--json]
// The importer's per-row JavaScript alone, without a database: a penalty CSV (demo generator,
// every row a different subject, 10 % persons) read, validated against the catalog and prepared
// (content MAC, sealed ID numbers, subject keys, windows) exactly as an import does, beside
// reading the same file with nothing else done (the baseline, same run). CPU µs per row is the
// process's (worker threads included): what the per-row path costs whatever the load.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRng, subjectAt, demoDepartments, generatePenaltyRows, PENALTY_COLUMNS, toCsvLine } from '../src/modules/demo/demo.generator.ts';
import { openSheet } from '../src/modules/collection/file-readers.ts';
import { loadCatalogFiles } from '../src/modules/catalog/catalog.load.ts';
import { mapHeader } from '../src/modules/catalog/catalog.headers.ts';
import { createFieldCrypto } from '../src/kernel/crypto.ts';
import { createCalendar } from '../src/kernel/calendar.ts';
import { loadRuleFile } from '../src/kernel/rules.ts';
import { checkSheetRow, createPreparer, type PrepContext } from '../src/modules/collection/row-prep.ts';

export const prepareBench = {
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({ args: argv, options: { rows: { type: 'string' }, json: { type: 'boolean' } } });
    const rows = Number(values.rows ?? 50_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xy-prepare-'));
    try {
      const file = await writeCsv(path.join(dir, 'penalty.csv'), rows);
      const def = loadCatalogFiles().find((d) => d.code === 'penalty')!;
      const ctx: PrepContext = {
        crypto: createFieldCrypto({ keys: new Map([[1, Buffer.alloc(32, 7)]]), active: 1, suite: 'aes', source: 'bench' }),
        calendar: createCalendar(),
        rules: { publication: loadRuleFile('publication'), timeliness: loadRuleFile('timeliness'), listLifecycle: loadRuleFile('list-lifecycle') },
      };
      const today = '2026-12-01';
      const readOnly = await timed(async () => {
        const sheet = await openSheet(file);
        let n = 0;
        for await (const r of sheet.rows) n += r.cells.length > 0 ? 1 : 0;
        return n;
      });
      const inThread = await timed(async () => {
        const sheet = await openSheet(file);
        const header = mapHeader(def, sheet.header);
        const prep = createPreparer(ctx, def, today);
        let n = 0;
        let i = 0;
        for await (const r of sheet.rows) {
          const c = checkSheetRow(def, header, r, today, prep, i++ % 4000);
          if (c.result.ok) n++;
        }
        return n;
      });
      const result = {
        bench: 'prepare',
        rows,
        readCpuUsPerRow: round(readOnly.cpuUs / rows),
        prepareCpuUsPerRow: round(inThread.cpuUs / rows),
        perRowCpuUs: round((inThread.cpuUs - readOnly.cpuUs) / rows), // validation + preparation
        readRowsPerSec: Math.round(rows / readOnly.seconds),
        prepareRowsPerSec: Math.round(rows / inThread.seconds),
        ratio: round(readOnly.seconds / inThread.seconds, 3), // read and prepare ÷ read alone (rates)
        valid: inThread.n,
        loadAverage: os.loadavg().map((x) => round(x, 1)),
      };
      console.log(values.json ? JSON.stringify(result) : result);
      return 0;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function timed(f: () => Promise<number>): Promise<{ n: number; cpuUs: number; seconds: number }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const n = await f();
  const c = process.cpuUsage(c0);
  return { n, cpuUs: c.user + c.system, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

async function writeCsv(file: string, rows: number): Promise<string> {
  const rng = createRng(7);
  const out = createWriteStream(file);
  out.write(toCsvLine(PENALTY_COLUMNS) + '\n');
  const gen = generatePenaltyRows(rng, { subjects: (i: number) => subjectAt(7, i), count: rows, departments: [demoDepartments()[0]!], today: '2026-11-20' });
  for (const row of gen) if (!out.write(toCsvLine(PENALTY_COLUMNS.map((c) => row[c] ?? '')) + '\n')) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return file;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
