// Measures (奖惩措施) versioned in the database. The built-in ones from measures/*.json are loaded
// at start; operators add and change measures through the API. Every change is a new revision;
// credit checks name the revision they applied.
import type { Db } from '../../kernel/db.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, conflict, notFound } from '../../kernel/errors.ts';
import { sharedLoads } from '../../kernel/shared-load.ts';
import type { CategoryDef } from '../catalog/catalog.types.ts';
import type { Measure, MeasureDef } from './sanctions.rules.ts';
import { loadMeasureFiles, measureHash, MeasureDefinitionError, parseMeasure, type FileMeasure, type Vocabulary } from './measures.load.ts';

export type MeasureRevision = Measure & { createdAt: string; createdBy: string; fileVersion: number | null };

type Row = { measureId: string; revision: number; definition: MeasureDef; hash: string; source: 'file' | 'operator'; fileVersion: number | null; active: boolean; createdAt: Date; createdBy: string };

const COLUMNS = `measure_id AS "measureId", revision, definition, hash, source, file_version AS "fileVersion", active, created_at AS "createdAt", created_by AS "createdBy"`;

const toRevision = (r: Row): MeasureRevision => ({
  ...r.definition,
  revision: r.revision,
  active: r.active,
  source: r.source,
  fileVersion: r.fileVersion,
  createdAt: new Date(r.createdAt).toISOString(),
  createdBy: r.createdBy,
});

// The measures in force now: the latest revision of each.
export async function currentMeasures(db: Db): Promise<MeasureRevision[]> {
  const rows = await db.query<Row>(`SELECT DISTINCT ON (measure_id) ${COLUMNS} FROM measure_version ORDER BY measure_id, revision DESC`);
  return rows.map(toRevision);
}

export async function measureHistory(db: Db, id: string): Promise<MeasureRevision[]> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM measure_version WHERE measure_id = $1 ORDER BY revision DESC`, [id]);
  if (rows.length === 0) throw notFound('MEASURE_NOT_FOUND', `措施 ${id} 不存在`, `Measure ${id} not found`);
  return rows.map(toRevision);
}

export type SyncReport = { inserted: string[]; keptOperatorEdits: string[] };

// Loads the built-in measures: a new measure, or a new version of one nobody has edited since,
// becomes a new revision. An operator's edit wins over a later file version (reported). A file
// changed without a new version stops the start-up, as for the catalog.
export async function syncMeasures(db: Db, files: readonly FileMeasure[]): Promise<SyncReport> {
  const report: SyncReport = { inserted: [], keptOperatorEdits: [] };
  await db.tx(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7243005)');
    const rows = await tx.query<Row>(`SELECT ${COLUMNS} FROM measure_version ORDER BY measure_id, revision`);
    const byId = new Map<string, Row[]>();
    for (const r of rows) byId.set(r.measureId, [...(byId.get(r.measureId) ?? []), r]);
    for (const f of files) {
      const { version, file, ...def } = f;
      const hash = measureHash(def);
      const versions = byId.get(def.id) ?? [];
      const same = versions.find((v) => v.source === 'file' && v.fileVersion === version);
      if (same) {
        if (same.hash !== hash) throw new MeasureDefinitionError(`measures/${file}: measure ${def.id} changed but its version is still ${version}: bump "version"`);
        continue;
      }
      const latest = versions.at(-1);
      if (latest && latest.source === 'operator') {
        report.keptOperatorEdits.push(def.id);
        continue;
      }
      if (latest && (latest.fileVersion ?? 0) > version) continue; // an older file: the database is ahead
      await tx.query(
        `INSERT INTO measure_version (measure_id, revision, definition, hash, source, file_version, active, created_by) VALUES ($1, $2, $3, $4, 'file', $5, true, 'system:measures-file')`,
        [def.id, (latest?.revision ?? 0) + 1, JSON.stringify(def), hash, version],
      );
      await writeAudit(tx, { id: 'system:measures-file', kind: 'system' }, 'measure.load', `measure:${def.id}`, { file, version, revision: (latest?.revision ?? 0) + 1 });
      report.inserted.push(def.id);
    }
  });
  return report;
}

// The measures a check reads, cached briefly: a check is on the hot path and measures change
// rarely. Changes through this registry are seen at once; those by another process within TTL.
export type MeasureRegistry = {
  vocabulary: Vocabulary;
  current(): Promise<MeasureRevision[]>;
  create(actor: Actor, raw: unknown): Promise<MeasureRevision>;
  change(actor: Actor, id: string, patch: Record<string, unknown>, note?: string): Promise<MeasureRevision>;
  // the checks of create and change without writing (a proposed change, src/modules/proposals)
  checkCreate(raw: unknown): Promise<MeasureDef>;
  checkChange(id: string, patch: Record<string, unknown>): Promise<{ def: MeasureDef; active: boolean }>;
  history(id: string): Promise<MeasureRevision[]>;
  // drops the cached list: a revision written outside create/change (one received from the parent node) is seen at once
  forget(): void;
};

const CACHE_MS = 5000;

export async function openMeasures(db: Db, catalog: readonly CategoryDef[], now: () => Date): Promise<MeasureRegistry> {
  const { vocabulary, measures } = loadMeasureFiles(catalog);
  await syncMeasures(db, measures);
  // one load at a time: the checks that arrive while the list is being read wait for that read
  const cache = sharedLoads<'list', MeasureRevision[]>({ ttlMs: CACHE_MS, now: () => now().getTime() });
  const invalid = (msg: string): never => {
    throw badRequest('MEASURE_INVALID', `措施定义有误：${msg}`, `The measure definition is invalid: ${msg}`);
  };
  const write = async (actor: Actor, def: MeasureDef, active: boolean, expectNew: boolean, note?: string): Promise<MeasureRevision> => {
    const saved = await db.tx(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7243005)');
      const latest = await tx.one<{ revision: number }>('SELECT max(revision) AS revision FROM measure_version WHERE measure_id = $1', [def.id]);
      const rev = latest?.revision ?? 0;
      if (expectNew && rev > 0) throw conflict('MEASURE_EXISTS', `措施 ${def.id} 已存在，请用 PATCH 修改`, `Measure ${def.id} already exists; change it with PATCH`);
      const row = (await tx.one<Row>(
        // the platform's clock, like every other time the platform records
        `INSERT INTO measure_version (measure_id, revision, definition, hash, source, active, created_by, created_at)
         VALUES ($1, $2, $3, $4, 'operator', $5, $6, $7) RETURNING ${COLUMNS}`,
        [def.id, rev + 1, JSON.stringify(def), measureHash(def), active, actor.id, now()],
      ))!;
      await writeAudit(tx, actor, expectNew ? 'measure.create' : 'measure.change', `measure:${def.id}`, { revision: rev + 1, active, ...(note ? { note } : {}) });
      return row;
    });
    cache.forget();
    return toRevision(saved);
  };
  const registry: MeasureRegistry = {
    vocabulary,
    async current() {
      return cache.get('list', () => currentMeasures(db));
    },
    async create(actor, raw) {
      const def = parseMeasure(raw, vocabulary, catalog, invalid);
      return write(actor, def, true, true);
    },
    async change(actor, id, patch, note) {
      const { def, active } = await registry.checkChange(id, patch);
      return write(actor, def, active, false, note);
    },
    async checkCreate(raw) {
      const def = parseMeasure(raw, vocabulary, catalog, invalid);
      if (await db.one('SELECT 1 FROM measure_version WHERE measure_id = $1 LIMIT 1', [def.id])) throw conflict('MEASURE_EXISTS', `措施 ${def.id} 已存在，请用 PATCH 修改`, `Measure ${def.id} already exists; change it with PATCH`);
      return def;
    },
    async checkChange(id, patch) {
      const history = await measureHistory(db, id);
      const latest = history[0]!; // measureHistory throws MEASURE_NOT_FOUND for none
      if ('id' in patch && patch.id !== id) invalid('id cannot change');
      const { active, ...rest } = patch;
      if (active !== undefined && typeof active !== 'boolean') invalid('active must be true or false');
      const nextActive = typeof active === 'boolean' ? active : latest.active;
      const base: Record<string, unknown> = { ...definitionOf(latest) };
      for (const [k, v] of Object.entries(rest)) {
        if (v === null) delete base[k];
        else base[k] = v;
      }
      return { def: parseMeasure(base, vocabulary, catalog, invalid), active: nextActive };
    },
    history: (id) => measureHistory(db, id),
    forget() {
      cache.forget();
    },
  };
  return registry;
}

export function definitionOf(m: MeasureDef): MeasureDef {
  const def: MeasureDef = {
    id: m.id,
    kind: m.kind,
    type: m.type,
    name: m.name,
    content: m.content,
    basis: m.basis,
    implementers: m.implementers,
    scenarios: m.scenarios,
    triggers: m.triggers,
  };
  if (m.memorandum) def.memorandum = m.memorandum;
  return def;
}
