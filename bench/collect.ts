// npm run bench -- collect [--rows N] [--pglite-rows N] [--json] [--keep]
// Generates a penalty CSV (demo generator), imports it with the real pipeline in a child process
// (so its peak RSS is the importer's alone), and compares rows/s with a raw COPY of the same
// file into a bare table in the same run. PostgreSQL: 1,000,000 rows; PGlite: 100,000.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import os from 'node:os';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { parseArgs } from 'node:util';
import { createRng, subjectAt, demoDepartments, generatePenaltyRows, PENALTY_COLUMNS, toCsvLine } from '../src/modules/demo/demo.generator.ts';
import { openPglite } from '../src/kernel/db.ts';

type Figures = {
  rows: number;
  importRowsPerSec: number;
  baselineRowsPerSec: number;
  ratio: number;
  peakRssMb: number;
  importSeconds: number;
  baselineSeconds: number;
  rejected: number;
  // CPU of the import: this process (parse, validate, hash, encrypt) and the database server's
  importerCpuUsPerRow?: number;
  serverCpuUsPerRow?: number;
  // PostgreSQL: the same rows written by set-based SQL alone into the platform's own tables
  // (subjects with their indexes, records with theirs and their foreign keys), no validation:
  // what the schema costs, whatever the importer does
  sqlFloorRowsPerSec?: number;
  sqlFloorRatio?: number; // SQL floor / raw COPY
  sqlFloorPhases?: { copy: number; stage: number; subjects: number; records: number; commit: number }; // seconds
  // CPU of the one database session (PostgreSQL on this machine, from /proc): steady under load,
  // where the ratios move with the neighbours (docs/operations.md, the 1,000,000-row run)
  sqlFloorPhasesCpu?: { copy: number; stage: number; subjects: number; records: number; commit: number }; // seconds
  sqlFloorServerCpuUsPerRow?: number;
  baselineServerCpuUsPerRow?: number; // the raw COPY's
  importVsSqlFloor?: number; // import / SQL floor
  // PostgreSQL: `xinyong import --bulk` of the same file into an empty platform (decision 0028)
  bulkRowsPerSec?: number;
  bulkRatio?: number; // bulk import / raw COPY
  bulkSeconds?: number;
  bulkPeakRssMb?: number;
  bulkImporterCpuUsPerRow?: number;
  bulkServerCpuUsPerRow?: number;
  bulkPhases?: { write: number; indexes: number; grams: number; analyze: number; indexesRebuilt: number }; // seconds
};

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PG_ADMIN = process.env.XINYONG_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const collectBench = {
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: { rows: { type: 'string' }, 'pglite-rows': { type: 'string' }, json: { type: 'boolean' }, keep: { type: 'boolean' }, only: { type: 'string' } },
    });
    const log = values.json ? () => {} : (m: string) => console.error(m);
    const pgRows = Number(values.rows ?? 1_000_000);
    const liteRows = Number(values['pglite-rows'] ?? 100_000);
    const dir = path.join(ROOT, 'bench-data');
    mkdirSync(dir, { recursive: true });
    const out: Record<string, Figures | { error: string }> = {};
    if (values.only !== 'pglite') {
      try {
        const file = await ensureCsv(dir, pgRows, log);
        out.postgres = await benchPostgres(file, pgRows, log);
      } catch (err) {
        out.postgres = { error: (err as Error).message };
      }
    }
    if (values.only !== 'postgres') {
      const file = await ensureCsv(dir, liteRows, log);
      out.pglite = await benchPglite(file, liteRows, log);
    }
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    const primary = (out.postgres && 'ratio' in out.postgres ? out.postgres : out.pglite) as Figures;
    // peak RSS throughout: the normal and the bulk import's
    const peak = Math.max(primary?.peakRssMb ?? 0, primary?.bulkPeakRssMb ?? 0) || undefined;
    const result = { bench: 'collect', ratio: primary?.ratio, bulkRatio: primary?.bulkRatio, peakRssMb: peak, loadAverage: os.loadavg().map((x) => round(x, 1)), ...out };
    if (values.json) console.log(JSON.stringify(result));
    else printTable(result as Record<string, unknown>);
    return 0;
  },
};

async function ensureCsv(dir: string, rows: number, log: (m: string) => void): Promise<string> {
  const file = path.join(dir, `penalty-${rows}.csv`);
  if (existsSync(file)) return file;
  log(`generating ${rows} penalty rows → ${file}`);
  const t0 = Date.now();
  const rng = createRng(7);
  const dep = demoDepartments()[0]!;
  const out = createWriteStream(file + '.tmp');
  out.write(toCsvLine(PENALTY_COLUMNS) + '\n');
  const gen = generatePenaltyRows(rng, { subjects: (i: number) => subjectAt(7, i), count: rows, departments: [dep], today: '2026-11-20' });
  for (const row of gen) if (!out.write(toCsvLine(PENALTY_COLUMNS.map((c) => row[c] ?? '')) + '\n')) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  const { renameSync } = await import('node:fs');
  renameSync(file + '.tmp', file);
  log(`  ${(statSync(file).size / 1e6).toFixed(0)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

// Runs the import in a child process: `xinyong import` with the real pipeline, reporting maxRSS.
function runImport(env: Record<string, string>, file: string, uscc: string, bulk = false): Promise<ImportRun> {
  return new Promise((resolve, reject) => {
    // the same heap cap as `xinyong import` (bin/xinyong.mjs)
    const child = spawn(process.execPath, ['--max-old-space-size=192', '--import', 'tsx', path.join(ROOT, 'bench/collect-worker.ts'), file, uscc, ...(bulk ? ['--bulk'] : [])], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => (buf += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`import worker exited ${code}: ${buf}`));
      resolve(JSON.parse(buf.trim().split('\n').pop()!));
    });
  });
}

async function benchPostgres(file: string, rows: number, log: (m: string) => void): Promise<Figures> {
  const name = `xy_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  try {
    // baseline: raw COPY of the same file into a bare table
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    await c.query(`CREATE TABLE raw_penalty (${PENALTY_COLUMNS.map((col) => `"${col}" text`).join(', ')})`);
    log(`PostgreSQL: raw COPY of ${rows} rows…`);
    const baselineCpu = await sessionCpu(c);
    const bc0 = baselineCpu();
    const b0 = process.hrtime.bigint();
    await pipeline(createReadStream(file), c.query(copyFrom(`COPY raw_penalty FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    const baselineSeconds = Number(process.hrtime.bigint() - b0) / 1e9;
    const bc1 = baselineCpu();
    await c.query('DROP TABLE raw_penalty');
    await c.end();
    log(`  ${(rows / baselineSeconds).toFixed(0)} rows/s; import through the pipeline…`);
    const dep = demoDepartments()[0]!;
    const r = await runImport({ DATABASE_URL: url.toString() }, file, dep.uscc);
    const f = figures(rows, r, baselineSeconds);
    if (bc0 !== undefined && bc1 !== undefined) f.baselineServerCpuUsPerRow = round(((bc1 - bc0) * 1e6) / rows, 1);
    log(`  ${f.importRowsPerSec} rows/s; set-based SQL floor into the platform's tables…`);
    const { seconds: floorSeconds, phases: floorPhases, cpu: floorCpu } = await sqlFloor(admin, name, file);
    f.sqlFloorPhases = floorPhases;
    if (floorCpu) {
      f.sqlFloorPhasesCpu = floorCpu;
      f.sqlFloorServerCpuUsPerRow = Math.round((Object.values(floorCpu).reduce((a, b) => a + b, 0) * 1e6) / rows);
    }
    f.sqlFloorRowsPerSec = Math.round(rows / floorSeconds);
    f.sqlFloorRatio = round(f.sqlFloorRowsPerSec / f.baselineRowsPerSec, 3);
    f.importVsSqlFloor = round(f.importRowsPerSec / f.sqlFloorRowsPerSec, 3);
    // bulk: the same file into an empty platform of its own
    log(`  ${f.sqlFloorRowsPerSec} rows/s; bulk import into an empty platform…`);
    await admin.query(`CREATE DATABASE ${name}_bulk`);
    url.pathname = `/${name}_bulk`;
    const dataDir = path.join(os.tmpdir(), `xy-bulk-${Date.now().toString(36)}`);
    try {
      const b = await runImport({ DATABASE_URL: url.toString(), XINYONG_DATA_DIR: dataDir }, file, dep.uscc, true);
      f.bulkSeconds = round(b.seconds);
      f.bulkRowsPerSec = Math.round(rows / b.seconds);
      f.bulkRatio = round(f.bulkRowsPerSec / f.baselineRowsPerSec, 3);
      f.bulkPeakRssMb = Math.round(b.peakRssMb);
      if (b.phases) f.bulkPhases = b.phases;
      if (b.importerCpuSeconds !== undefined) f.bulkImporterCpuUsPerRow = Math.round((b.importerCpuSeconds * 1e6) / rows);
      if (typeof b.serverCpuSeconds === 'number') f.bulkServerCpuUsPerRow = Math.round((b.serverCpuSeconds * 1e6) / rows);
      if (b.summary.rows !== rows) throw new Error(`bulk import read ${b.summary.rows} of ${rows} rows`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return f;
  } finally {
    // XINYONG_BENCH_KEEP_DB=1 keeps the three databases for a look afterwards (drop them by hand)
    if (process.env.XINYONG_BENCH_KEEP_DB === '1') console.error(`kept databases ${name}, ${name}_floor, ${name}_bulk`);
    else await dropBenchDbs(admin, name);
    await admin.end();
  }
}

async function dropBenchDbs(admin: pg.Client, name: string): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`DROP DATABASE IF EXISTS ${name}_floor WITH (FORCE)`);
  await admin.query(`DROP DATABASE IF EXISTS ${name}_bulk WITH (FORCE)`);
}

// The database's share alone: the file COPY'd into a staging table, then subjects and records
// written by two INSERT … SELECT statements into a freshly migrated schema (the platform's
// tables, indexes and foreign keys), with codes, keys, JSON and dates derived in SQL. No
// validation, hashing or encryption (stand-ins of the same size): a floor no importer of these
// rows into this schema can beat on this server.
type FloorSteps = NonNullable<Figures['sqlFloorPhases']>;
async function sqlFloor(admin: pg.Client, name: string, file: string): Promise<{ seconds: number; phases: FloorSteps; cpu?: FloorSteps }> {
  const floorDb = `${name}_floor`;
  await admin.query(`CREATE DATABASE ${floorDb}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${floorDb}`;
  const { openPlatform } = await import('../src/platform.ts');
  const { loadConfig } = await import('../src/config.ts');
  const { ensureDemoDepartments } = await import('../src/modules/demo/demo.service.ts');
  const { SYSTEM_ACTOR } = await import('../src/kernel/audit.ts');
  const dataDir = path.join(os.tmpdir(), `xy-floor-${Date.now().toString(36)}`);
  const p = await openPlatform(loadConfig({ ...process.env, DATABASE_URL: url.toString(), XINYONG_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { command: 'bench floor' });
  await ensureDemoDepartments(p, SYSTEM_ACTOR);
  await p.close();
  rmSync(dataDir, { recursive: true, force: true });
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  try {
    const dep = (await c.query<{ id: number }>('SELECT id FROM department WHERE uscc = $1', [demoDepartments()[0]!.uscc])).rows[0]!.id;
    const cpuNow = await sessionCpu(c);
    const cpu: number[] = [];
    let cp = cpuNow();
    const t0 = process.hrtime.bigint();
    let tp = t0;
    const lap = () => {
      const now = process.hrtime.bigint();
      const d = round(Number(now - tp) / 1e9);
      tp = now;
      const cn = cpuNow();
      if (cp !== undefined && cn !== undefined) cpu.push(round(cn - cp));
      cp = cn;
      return d;
    };
    await c.query('BEGIN');
    await c.query(`CREATE TEMP TABLE raw_penalty (${PENALTY_COLUMNS.map((col) => `"${col}" text`).join(', ')}) ON COMMIT DROP`);
    await pipeline(createReadStream(file), c.query(copyFrom(`COPY raw_penalty FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    const copy = lap();
    await c.query(`CREATE TEMP TABLE st ON COMMIT DROP AS
      SELECT row_number() OVER () AS n,
        CASE WHEN "CF_XDR_LB" = '自然人' THEN 'ID:id_card:' || encode(sha256(convert_to("CF_XDR_ZJHM", 'UTF8')), 'base64')
             WHEN "CF_XDR_SHXYM" = '00000000000000000X' THEN 'REGNO:' || "CF_XDR_GSZC" ELSE 'USCC:' || "CF_XDR_SHXYM" END AS key, r.*
      FROM raw_penalty r`);
    const stage = lap();
    // public_name as the import sets it (0023): the name of a subject whose record publishes
    // (penalties of organizations and 个体工商户 but 轻微 ones; persons' are not public), which also fills its
    // search grams and trigram entries
    await c.query(`INSERT INTO subject (subject_key, kind, name, public_name, uscc, org_code, reg_no, id_type, id_blind, id_cipher, id_masked)
      SELECT DISTINCT ON (key) key,
        CASE WHEN "CF_XDR_LB" = '自然人' THEN 'person' WHEN "CF_XDR_LB" = '个体工商户' THEN 'individual_business' ELSE 'organization' END,
        "CF_XDR_MC", CASE WHEN "CF_XDR_LB" <> '自然人' AND "SEVERITY" IS DISTINCT FROM '轻微' THEN "CF_XDR_MC" END,
        CASE WHEN "CF_XDR_LB" <> '自然人' AND "CF_XDR_SHXYM" <> '00000000000000000X' THEN "CF_XDR_SHXYM" END,
        CASE WHEN "CF_XDR_LB" <> '自然人' AND "CF_XDR_SHXYM" <> '00000000000000000X' THEN substr("CF_XDR_SHXYM", 9, 9) END,
        nullif("CF_XDR_GSZC", ''),
        CASE WHEN "CF_XDR_LB" = '自然人' THEN 'id_card' END,
        CASE WHEN "CF_XDR_LB" = '自然人' THEN substr(key, 12) END,
        CASE WHEN "CF_XDR_LB" = '自然人' THEN 'v1:' || encode(sha256(convert_to("CF_XDR_ZJHM" || 'iv', 'UTF8')), 'base64') || ':' || md5("CF_XDR_ZJHM") END,
        CASE WHEN "CF_XDR_LB" = '自然人' THEN left("CF_XDR_ZJHM", 6) || '********' || right("CF_XDR_ZJHM", 4) END
      FROM st ORDER BY key, n DESC
      ON CONFLICT (subject_key) DO UPDATE SET name = EXCLUDED.name, updated_at = now() WHERE subject.name IS DISTINCT FROM EXCLUDED.name`);
    const subjects = lap();
    await c.query(
      `INSERT INTO record (category, category_version, department_id, source_ref, version, subject_id, content_hash, fields, sealed,
         decision_date, severity, pub_from, pub_until, late, batch_id, valid_until, status)
       SELECT 'penalty', 1, $1, st."CF_WSH", 1, s.id, encode(sha256(convert_to(st."CF_WSH" || st."CF_NR", 'UTF8')), 'base64'),
         jsonb_strip_nulls(to_jsonb(st) - 'n' - 'key'), NULL,
         to_date(st."CF_JDRQ", 'YYYY-MM-DD'), 'general', to_date(st."CF_JDRQ", 'YYYY-MM-DD'), to_date(st."CF_JDRQ", 'YYYY-MM-DD') + 365, false, NULL, NULL, 'active'
       FROM st JOIN subject s ON s.subject_key = st.key
       ORDER BY st.n
       ON CONFLICT (category, department_id, source_ref) WHERE superseded_at IS NULL DO NOTHING`,
      [dep],
    );
    const records = lap();
    await c.query('COMMIT');
    const commit = lap();
    const [cCopy, cStage, cSubjects, cRecords, cCommit] = cpu;
    return {
      seconds: Number(process.hrtime.bigint() - t0) / 1e9,
      phases: { copy, stage, subjects, records, commit },
      ...(cpu.length === 5 ? { cpu: { copy: cCopy!, stage: cStage!, subjects: cSubjects!, records: cRecords!, commit: cCommit! } } : {}),
    };
  } finally {
    await c.end();
  }
}

// CPU seconds so far of the client's database session, from /proc (PostgreSQL on this machine,
// Linux); a function answering undefined when the server is elsewhere.
async function sessionCpu(c: pg.Client): Promise<() => number | undefined> {
  const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  return () => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // a remote server's backend pid may name some other process here
      if (!stat.slice(stat.indexOf('(') + 1).startsWith('postgres')) return undefined;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, USER_HZ
    } catch {
      return undefined;
    }
  };
}

async function benchPglite(file: string, rows: number, log: (m: string) => void): Promise<Figures> {
  const base = path.join(os.tmpdir(), `xy-bench-${Date.now().toString(36)}`);
  mkdirSync(base, { recursive: true });
  try {
    const { db, lite } = await openPglite(path.join(base, 'raw'));
    await db.query(`CREATE TABLE raw_penalty (${PENALTY_COLUMNS.map((col) => `"${col}" text`).join(', ')})`);
    log(`PGlite: raw COPY of ${rows} rows…`);
    const { readFile } = await import('node:fs/promises');
    const b0 = process.hrtime.bigint();
    await lite.query(`COPY raw_penalty FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], { blob: new Blob([await readFile(file)]) });
    const baselineSeconds = Number(process.hrtime.bigint() - b0) / 1e9;
    await db.close();
    log(`  ${(rows / baselineSeconds).toFixed(0)} rows/s; import through the pipeline…`);
    const dep = demoDepartments()[0]!;
    const r = await runImport({ XINYONG_DATA_DIR: path.join(base, 'data'), DATABASE_URL: '' }, file, dep.uscc);
    return figures(rows, r, baselineSeconds);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

type ImportRun = { seconds: number; peakRssMb: number; importerCpuSeconds?: number; serverCpuSeconds?: number | null; summary: { rows: number; rejected: number }; phases?: Figures['bulkPhases'] };

function figures(rows: number, r: ImportRun, baselineSeconds: number): Figures {
  const importRowsPerSec = Math.round(rows / r.seconds);
  const baselineRowsPerSec = Math.round(rows / baselineSeconds);
  return {
    ...(r.importerCpuSeconds !== undefined ? { importerCpuUsPerRow: Math.round((r.importerCpuSeconds * 1e6) / rows) } : {}),
    ...(typeof r.serverCpuSeconds === 'number' ? { serverCpuUsPerRow: Math.round((r.serverCpuSeconds * 1e6) / rows) } : {}),
    rows: r.summary.rows,
    rejected: r.summary.rejected,
    importSeconds: round(r.seconds),
    baselineSeconds: round(baselineSeconds),
    importRowsPerSec,
    baselineRowsPerSec,
    ratio: round(importRowsPerSec / baselineRowsPerSec, 3),
    peakRssMb: Math.round(r.peakRssMb),
  };
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function printTable(r: Record<string, unknown>): void {
  console.log('collect: file import through the pipeline vs raw COPY of the same file (same run)');
  for (const db of ['postgres', 'pglite']) {
    const f = r[db] as Figures | { error: string } | undefined;
    if (!f) continue;
    if ('error' in f) {
      console.log(`  ${db}: not measured: ${f.error}`);
      continue;
    }
    console.log(
      `  ${db.padEnd(8)} ${f.rows} rows: import ${f.importRowsPerSec} rows/s (${f.importSeconds} s), raw COPY ${f.baselineRowsPerSec} rows/s (${f.baselineSeconds} s), ratio ${f.ratio}, importer peak RSS ${f.peakRssMb} MB, rejected ${f.rejected}`,
    );
    if (f.importerCpuUsPerRow !== undefined)
      console.log(`           CPU per row: importer ${f.importerCpuUsPerRow} µs${f.serverCpuUsPerRow !== undefined ? `, database server ${f.serverCpuUsPerRow} µs` : ''}`);
    if (f.sqlFloorRowsPerSec !== undefined)
      console.log(
        `           set-based SQL alone into the platform's tables: ${f.sqlFloorRowsPerSec} rows/s = ${f.sqlFloorRatio} of raw COPY; the import reaches ${f.importVsSqlFloor} of it`,
      );
    if (f.sqlFloorServerCpuUsPerRow !== undefined)
      console.log(`           server CPU per row: SQL floor ${f.sqlFloorServerCpuUsPerRow} µs, raw COPY ${f.baselineServerCpuUsPerRow ?? '–'} µs`);
    if (f.bulkRowsPerSec !== undefined)
      console.log(
        `           bulk import into an empty platform: ${f.bulkRowsPerSec} rows/s (${f.bulkSeconds} s) = ${f.bulkRatio} of raw COPY, peak RSS ${f.bulkPeakRssMb} MB, CPU per row importer ${f.bulkImporterCpuUsPerRow} µs, server ${f.bulkServerCpuUsPerRow} µs`,
      );
  }
}
