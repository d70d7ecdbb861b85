// Measures across nodes (issue 11, docs/exchange.md "Downward feed"): the parent reads the
// revisions its feed carries; a child applies a revision received from its parent. The measure
// list is a province-wide setting (cities only propose changes), so the parent's revision becomes
// the child's current one; a revision equal to the child's current one writes nothing.
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { DomainError, badRequest } from '../../kernel/errors.ts';
import type { MeasureDef } from './sanctions.rules.ts';
import { measureHash, parseMeasure } from './measures.load.ts';
import { definitionOf } from './measures.store.ts';

export type MeasureFeedItem = { id: string; revision: number; active: boolean; definition: MeasureDef };

// The revisions named `<measure id>:<revision>` (those no longer on file are left out).
export async function measureRevisionsByRef(p: Pick<Platform, 'db'>, refs: readonly string[]): Promise<Map<string, MeasureFeedItem>> {
  const out = new Map<string, MeasureFeedItem>();
  if (refs.length === 0) return out;
  const rows = await p.db.query<{ id: string; revision: number; active: boolean; definition: MeasureDef }>(
    `SELECT measure_id AS id, revision, active, definition FROM measure_version WHERE measure_id || ':' || revision = ANY($1::text[])`,
    [refs],
  );
  for (const r of rows) out.set(`${r.id}:${r.revision}`, { id: r.id, revision: r.revision, active: r.active, definition: definitionOf(r.definition) });
  return out;
}

export type UpstreamApplied = { outcome: 'accepted' | 'unchanged' | 'rejected'; revision?: number; errors?: { field: string; code: string; zh: string; en: string }[] };

// At a child, inside the feed page's transaction: the parent's revision checked with this
// node's vocabulary and catalog (refused with the reason otherwise), then written as this node's
// next revision unless the current one is the same (definition and active). Audited
// `measure.upstream`. The caller calls p.measures.forget() after the commit.
export async function applyUpstreamMeasure(p: Pick<Platform, 'measures' | 'catalog' | 'now'>, tx: Db, actor: Actor, item: MeasureFeedItem & { parent: string }): Promise<UpstreamApplied> {
  let def: MeasureDef;
  try {
    def = parseMeasure(item.definition, p.measures.vocabulary, p.catalog.all(), (msg) => {
      throw badRequest('MEASURE_INVALID', `上级平台下发的措施 ${item.id} 在本平台无效：${msg}`, `The measure ${item.id} from the parent is invalid here: ${msg}`);
    });
    if (def.id !== item.id) throw badRequest('MEASURE_INVALID', `措施编号 ${def.id} 与条目的 ${item.id} 不一致`, `Measure id ${def.id} differs from the item's ${item.id}`);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { outcome: 'rejected', errors: [{ field: 'definition', code: err.code, zh: err.zh, en: err.en }] };
  }
  await tx.query('SELECT pg_advisory_xact_lock(7243005)'); // the measure registry's lock
  const latest = await tx.one<{ revision: number; hash: string; active: boolean }>(
    'SELECT revision, hash, active FROM measure_version WHERE measure_id = $1 ORDER BY revision DESC LIMIT 1',
    [def.id],
  );
  const hash = measureHash(def);
  if (latest && latest.hash === hash && latest.active === item.active) return { outcome: 'unchanged', revision: latest.revision };
  const revision = (latest?.revision ?? 0) + 1;
  await tx.query(
    `INSERT INTO measure_version (measure_id, revision, definition, hash, source, active, created_by, created_at)
     VALUES ($1, $2, $3, $4, 'operator', $5, $6, $7)`,
    [def.id, revision, JSON.stringify(def), hash, item.active, actor.id, p.now()],
  );
  await writeAudit(tx, actor, 'measure.upstream', `measure:${def.id}`, { revision, parent: item.parent, parentRevision: item.revision, active: item.active });
  return { outcome: 'accepted', revision };
}
