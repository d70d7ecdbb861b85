// The data set the PostgreSQL benches share (check, classify, evaluation, search): a database of
// its own (created, or reused with --reuse), the platform's environment for it, and the demo
// generator's subjects and records bulk-loaded with COPY into the real tables (indexes built
// after), list entries through the real import pipeline. `openBenchDatabase` creates and fills
// it; `close` drops it unless --keep or --reuse.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../src/config.ts';
import { openPlatform, type Platform } from '../src/platform.ts';
import { SYSTEM_ACTOR } from '../src/kernel/audit.ts';
import { maskIdNumber } from '../src/kernel/codes/id-number.ts';
import { ensureDemoDepartments } from '../src/modules/demo/demo.service.ts';
import { loadDemoLists } from '../src/modules/demo/demo.sanctions.ts';
import { KeyIndex } from './keyindex.ts';
import { createRng, deriveSubject, personAt, generateLicenseRows, generatePenaltyRows, type DemoSubject } from '../src/modules/demo/demo.generator.ts';
import { mix32 } from '../src/modules/demo/demo.rng.ts';
import { subjectRowOf } from '../src/modules/subjects/subjects.rules.ts';
import { publicationWindow, type Severity } from '../src/modules/publication/publication.rules.ts';
import type { SubjectIdentity } from '../src/modules/catalog/catalog.types.ts';

export const PG_ADMIN = process.env.XINYONG_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SEED = 20261128;
const TODAY = '2026-11-20';
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

// subjects: the demo generator's mixed stream (70 % organizations, 20 % individual businesses,
// 10 % persons); persons: residents added after them (personAt), for a province's shape (issue 14:
// 8 M organizations ≈ subjects 11.43 M, 20 M persons ≈ persons 18.86 M). Records are spread
// uniformly over all subjects + persons.
export type Sizes = { subjects: number; records: number; lists: number; persons?: number | undefined };

export type BenchDatabase = {
  name: string; // the database
  url: string; // its connection string
  dir: string; // a temporary data directory for the platform
  env: Record<string, string>; // the platform's environment (loadConfig(env))
  reused: boolean;
  loaded: Record<string, number>; // load figures (empty when reused)
  describe(): string; // for the result's data.database
  close(): Promise<void>; // drops the database unless kept or reused; removes dir
};

// Creates `xy_bench_<bench>_<time>` (or reuses `reuse`) and fills it with `n` from the demo
// generator. afterIndexes: see buildDataSet.
export async function openBenchDatabase(o: {
  bench: string;
  n: Sizes;
  reuse?: string | undefined;
  keep?: boolean | undefined;
  env?: Record<string, string>;
  log: (m: string) => void;
  afterIndexes?: (client: pg.Client) => Promise<void>;
}): Promise<BenchDatabase> {
  const name = o.reuse ?? `xy_bench_${o.bench}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), `xy-bench-${o.bench}-`));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    DATABASE_URL: url.toString(),
    XINYONG_DATA_DIR: dir,
    XINYONG_MASTER_KEY: Buffer.alloc(32, 42).toString('base64'), // a server process must derive the same blind-index key
    LOG_LEVEL: 'silent',
    ...o.env,
  };
  const loaded: Record<string, number> = {};
  const close = async () => {
    if (!o.keep && !o.reuse) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    else o.log(`kept database ${name} (reuse with --reuse ${name})`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (!o.reuse) {
      await admin.query(`CREATE DATABASE ${name}`);
      const p = await openPlatform(loadConfig(env), { command: `bench ${o.bench}` });
      try {
        Object.assign(loaded, await buildDataSet(p, url.toString(), o.n, dir, o.log, o.afterIndexes));
      } finally {
        await p.close();
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { name, url: url.toString(), dir, env, reused: !!o.reuse, loaded, describe: () => (o.reuse ? `${name} (reused)` : name), close };
}

// ---- data set: the demo generator, COPY

const esc = (v: string | number | boolean | null | undefined): string =>
  v === null || v === undefined ? '\\N' : typeof v === 'string' ? v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') : String(v);

async function copyRows(client: pg.PoolClient | pg.Client, sql: string, rows: () => Generator<string>): Promise<void> {
  const stream = client.query(copyFrom(sql));
  let buf = '';
  for (const line of rows()) {
    buf += line;
    if (buf.length > 1 << 20) {
      if (!stream.write(buf)) await new Promise((r) => stream.once('drain', r));
      buf = '';
    }
  }
  await new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
    stream.end(buf);
  });
}

function identityOf(s: DemoSubject): SubjectIdentity {
  if (s.kind === 'person') return { kind: 'person', name: s.name, idType: 'id_card', idNumber: s.idNumber! };
  return { kind: s.kind, name: s.name, uscc: s.uscc!, ...(s.regNo ? { regNo: s.regNo } : {}) };
}

// afterIndexes: runs once subjects and records are loaded and indexed, before the list entries
// (other benches fill their own derived tables there, set-based)
export async function buildDataSet(
  p: Platform,
  url: string,
  n: Sizes,
  dir: string,
  log: (m: string) => void,
  afterIndexes?: (client: pg.Client) => Promise<void>,
): Promise<Record<string, number>> {
  const t0 = Date.now();
  const deps = await ensureDemoDepartments(p, SYSTEM_ACTOR);
  const depId = new Map(deps.map((d) => [d.demo.uscc, d.department.id]));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // bulk load: plain and partial indexes are built after the load; FK triggers off for the load
    const idx = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('subject', 'record')
       AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
    );
    for (const i of idx.rows) await client.query(`DROP INDEX ${i.indexname}`);
    await client.query(`SET session_replication_role = replica`);

    const total = n.subjects + (n.persons ?? 0);
    const subjectOf = (i: number) => (i < n.subjects ? deriveSubject(SEED, i) : personAt(SEED, i - n.subjects));
    log(`subjects: generating and loading ${n.subjects}${n.persons ? ` + ${n.persons} persons` : ''}…`);
    const base = Number((await client.query<{ n: string }>('SELECT coalesce(max(id), 0) AS n FROM subject')).rows[0]!.n);
    const idOf = new Int32Array(total);
    const seen = new KeyIndex(total); // typed arrays, not a Map of 8 M+ strings (keyindex.ts)
    let next = base;
    await copyRows(client, 'COPY subject (subject_key, kind, name, uscc, org_code, reg_no, id_type, id_blind, id_cipher, id_masked) FROM STDIN', function* () {
      for (let i = 0; i < total; i++) {
        const row = subjectRowOf(identityOf(subjectOf(i)), p.crypto);
        const known = seen.getOrSet(row.key, next + 1);
        if (known !== undefined) {
          idOf[i] = known;
          continue;
        }
        next += 1;
        idOf[i] = next;
        yield [row.key, row.kind, row.name, row.uscc, row.orgCode, row.regNo, row.idType, row.idBlind, row.idCipher, row.idMasked].map(esc).join('\t') + '\n';
      }
    });
    const check = (await client.query<{ min: string; max: string; n: string }>('SELECT min(id) AS min, max(id) AS max, count(*) AS n FROM subject WHERE id > $1', [base])).rows[0]!;
    if (Number(check.min) !== base + 1 || Number(check.max) !== next || Number(check.n) !== next - base)
      throw new Error(`subject ids were not assigned in load order (${JSON.stringify(check)}); cannot map records to subjects`);
    const tSubjects = Date.now();
    log(`  ${next - base} subjects in ${((tSubjects - t0) / 1000).toFixed(1)} s`);

    const rng = createRng(SEED);
    const demos = deps.map((d) => d.demo);
    let picked = 0;
    const subjects = (i: number) => subjectOf((picked = mix32(i + 0x9e3779b9) % total));
    const penalties = Math.round(n.records * 0.6);
    const plan = [
      { category: 'penalty', count: penalties, gen: generatePenaltyRows, ref: 'CF_WSH', date: 'CF_JDRQ', source: 'CF_SJLYDM', masked: ['CF_XDR_ZJHM', 'CF_FR_ZJHM'] },
      { category: 'license', count: n.records - penalties, gen: generateLicenseRows, ref: 'XK_WSH', date: 'XK_JDRQ', source: 'XK_LYDWDM', masked: ['XK_XDR_ZJHM'] },
    ] as const;
    const SEVERITY: Record<string, Severity> = { 轻微: 'light', 一般: 'general', 严重: 'serious' };
    for (const step of plan) {
      const def = p.catalog.get(step.category);
      log(`records: generating and loading ${step.count} ${step.category}…`);
      const t = Date.now();
      let rows = 0;
      await copyRows(
        client,
        `COPY record (category, category_version, department_id, source_ref, version, subject_id, content_hash, fields, sealed, decision_date, severity, status, pub_from, pub_until, late, valid_until) FROM STDIN`,
        function* () {
          for (const row of step.gen(rng, { subjects, count: step.count, departments: demos, today: TODAY })) {
            const subject = subjectOf(picked);
            const fields: Record<string, string> = {};
            const sealed: Record<string, string> = {};
            for (const [k, v] of Object.entries(row)) {
              if (!v) continue;
              if ((step.masked as readonly string[]).includes(k)) {
                sealed[k] = v;
                fields[k] = maskIdNumber(v);
              } else fields[k] = v;
            }
            const decisionDate = row[step.date]!;
            const severity = step.category === 'penalty' ? SEVERITY[row.SEVERITY ?? '一般'] : undefined;
            const validUntil = step.category === 'license' ? row.XK_YXQZI : undefined;
            const w = publicationWindow(p.rules.publication, {
              rule: def.publication.rule,
              personsPublic: def.publication.persons,
              subjectKind: subject.kind,
              decisionDate,
              severity,
              publicationEnd: row.CF_GSJZQ || undefined,
              validUntil,
              licenseStatus: row.XK_ZT === '有效' || row.XK_ZT === undefined ? 'valid' : 'invalid',
            });
            const json = JSON.stringify(fields);
            rows += 1;
            yield [
              step.category, def.version, depId.get(row[step.source]!) ?? deps[0]!.department.id, row[step.ref], 1, idOf[picked],
              p.crypto.contentMac(json), json, Object.keys(sealed).length ? p.crypto.encrypt(JSON.stringify(sealed)) : null,
              decisionDate, severity ?? null, 'active', w.from ?? null, w.until ?? null, false, validUntil ?? null,
            ].map(esc).join('\t') + '\n';
          }
        },
      );
      log(`  ${rows} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    // public names (0023), as collection sets them: subjects with a record that has a publication
    // window (the generated records carry the subject's one name); triggers are still off
    await client.query(
      `UPDATE subject s SET public_name = s.name WHERE s.id > $1 AND EXISTS (SELECT 1 FROM record r WHERE r.subject_id = s.id AND r.superseded_at IS NULL AND r.pub_from IS NOT NULL)`,
      [base],
    );
    const tRecords = Date.now();
    await client.query(`SET session_replication_role = origin`);
    log(`indexes: building ${idx.rows.length}…`);
    await client.query(`SET maintenance_work_mem = '512MB'`);
    for (const i of idx.rows) await client.query(i.indexdef);
    await client.query('ANALYZE subject');
    await client.query('ANALYZE record');
    const tIndexes = Date.now();
    log(`  ${((tIndexes - tRecords) / 1000).toFixed(1)} s`);
    if (afterIndexes) await afterIndexes(client);

    log(`list entries: ${n.lists} through the import pipeline…`);
    const lists = await loadDemoLists(p, { rng, deps, subjects: (i) => deriveSubject(SEED, i), subjectCount: n.subjects, entries: n.lists, dir, actor: SYSTEM_ACTOR, today: TODAY }, log);
    await client.query('ANALYZE');
    const tLists = Date.now();
    log(`  ${lists.created} created, ${lists.rejected} rejected in ${((tLists - tIndexes) / 1000).toFixed(1)} s`);
    return {
      subjectsLoaded: next - base,
      keyIndexMb: round(seen.bytes / 2 ** 20, 0),
      peakRssMb: round(process.resourceUsage().maxRSS / 1024, 0),
      listEntriesCreated: lists.created,
      loadSecondsSubjects: round((tSubjects - t0) / 1000, 1),
      loadSecondsRecords: round((tRecords - tSubjects) / 1000, 1),
      loadSecondsIndexes: round((tIndexes - tRecords) / 1000, 1),
      loadSecondsLists: round((tLists - tIndexes) / 1000, 1),
    };
  } finally {
    await client.end();
  }
}

