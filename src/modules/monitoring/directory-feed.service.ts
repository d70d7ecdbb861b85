// The resource directory across nodes (issue 11, docs/exchange.md "Downward feed"): the parent
// reads the directory revisions its feed carries; a child applies a revision received from its
// parent. The directory is set at the province; the parent's revision becomes the child's current
// one for that entry (a department's own entry or a kind's), unless it is already so.
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { DomainError } from '../../kernel/errors.ts';
import { findDepartmentByUscc } from '../access/departments.store.ts';
import { FREQUENCIES, type Frequency } from './monitoring.rules.ts';
import { frequencyError } from './directory.service.ts';
import * as store from './directory.store.ts';

export type DirectoryFeedItem = {
  key: string;
  revision: number;
  departmentUscc: string | null;
  departmentRegion: string | null;
  departmentKind: string | null;
  category: string;
  frequency: string;
  from: string;
  zeroCounts: boolean;
  active: boolean;
  note: string | null;
};

// The revisions by id (those no longer on file are left out).
export async function directoryRevisionsByIds(p: Pick<Platform, 'db'>, ids: readonly number[]): Promise<Map<number, DirectoryFeedItem>> {
  const out = new Map<number, DirectoryFeedItem>();
  for (const e of await store.entriesByIds(p.db, ids))
    out.set(Number(e.id), {
      key: e.key,
      revision: e.revision,
      departmentUscc: e.departmentUscc,
      departmentRegion: e.departmentRegion,
      departmentKind: e.departmentKind,
      category: e.category,
      frequency: e.frequency,
      from: e.from,
      zeroCounts: e.zeroCounts,
      active: e.active,
      note: e.note,
    });
  return out;
}

export type DirectoryApplied = { outcome: 'accepted' | 'unchanged' | 'ignored' | 'rejected'; errors?: { field: string; code: string; zh: string; en: string }[] };

// At a child, inside the feed page's transaction. A department's entry for a department not
// registered here is ignored (it owes nothing here); an unknown category or frequency is refused
// with the reason; otherwise the parent's revision becomes the entry's next revision here unless
// the current one says the same (frequency, zero counts, active). Audited `directory.upstream`.
export async function applyUpstreamDirectoryEntry(p: Pick<Platform, 'catalog' | 'now'>, tx: Db, actor: Actor, item: DirectoryFeedItem & { parent: string }): Promise<DirectoryApplied> {
  const refuse = (err: DomainError, field: string): DirectoryApplied => ({ outcome: 'rejected', errors: [{ field, code: err.code, zh: err.zh, en: err.en }] });
  try {
    p.catalog.get(item.category);
  } catch (err) {
    if (err instanceof DomainError) return refuse(err, 'category');
    throw err;
  }
  if (!(FREQUENCIES as readonly string[]).includes(item.frequency)) return refuse(frequencyError(item.frequency), 'frequency');
  let departmentId: number | null = null;
  if (item.departmentUscc) {
    const dep = await findDepartmentByUscc(tx, item.departmentUscc);
    if (!dep) return { outcome: 'ignored' };
    departmentId = dep.id;
  }
  const current = (await store.entryHistory(tx, item.key))[0];
  if (current && current.frequency === item.frequency && current.zeroCounts === item.zeroCounts && current.active === item.active) return { outcome: 'unchanged' };
  const id = await store.insertRevision(tx, {
    key: item.key,
    departmentId,
    departmentKind: item.departmentUscc ? null : item.departmentKind,
    category: item.category,
    frequency: item.frequency as Frequency,
    from: item.from,
    zeroCounts: item.zeroCounts,
    active: item.active,
    source: 'operator',
    fileHash: null,
    note: `上级平台 ${item.parent} 第 ${item.revision} 版${item.note ? `：${item.note}` : ''}`.slice(0, 500),
    at: p.now(),
    by: actor.id,
  });
  if (id === undefined) throw new Error(`directory entry ${item.key} changed concurrently; the feed page is filed again next time`);
  await writeAudit(tx, actor, 'directory.upstream', `directory:${item.key}`, { parent: item.parent, parentRevision: item.revision, frequency: item.frequency, zeroCounts: item.zeroCounts, active: item.active });
  return { outcome: 'accepted' };
}
