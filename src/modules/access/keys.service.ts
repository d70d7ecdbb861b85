// Re-encryption of every sealed value under the active key version and algorithm, and the key
// status an operator checks before removing an old key. Decryption happens here (the database
// never sees a key); each chunk is one set-based UPDATE plus its audit event in one transaction.
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { parseSealedPrefix } from '../../kernel/crypto.ts';
import { SEALED_COLUMNS, columnName, countByPrefix, staleSealed, replaceSealed, type SealedColumn } from './keys.store.ts';

export type ColumnReport = {
  column: string;
  reencrypted: number;
  changedMeanwhile: number; // rewritten by someone else between read and update: left as it is
  failed: number;
  failedKeys: number[]; // the first few, to investigate
  from: Record<string, number>; // prefix → rows moved from it
};

export type ReencryptReport = { activePrefix: string; complete: boolean; columns: ColumnReport[]; total: number; failed: number };

export type ReencryptOptions = {
  batchSize?: number;
  stopAfterRows?: number; // tests: interrupt the run, as a crash would
  onProgress?: (column: string, done: number) => void;
  columns?: readonly SealedColumn[];
};

export async function reencryptAll(p: Platform, actor: Actor, opts: ReencryptOptions = {}): Promise<ReencryptReport> {
  const batchSize = opts.batchSize ?? 1000;
  const prefix = p.crypto.activePrefix;
  const columns: ColumnReport[] = [];
  let total = 0;
  let complete = true;
  for (const c of opts.columns ?? SEALED_COLUMNS) {
    const report: ColumnReport = { column: columnName(c), reencrypted: 0, changedMeanwhile: 0, failed: 0, failedKeys: [], from: {} };
    columns.push(report);
    let after = 0;
    for (;;) {
      if (opts.stopAfterRows !== undefined && total >= opts.stopAfterRows) {
        complete = false;
        break;
      }
      const limit = opts.stopAfterRows !== undefined ? Math.min(batchSize, opts.stopAfterRows - total) : batchSize;
      const rows = await staleSealed(p.db, c, prefix, after, limit);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.key;
      const updates: { key: number; old: string; value: string }[] = [];
      const from: Record<string, number> = {};
      for (const r of rows) {
        try {
          const value = p.crypto.encrypt(p.crypto.decrypt(r.value));
          updates.push({ key: r.key, old: r.value, value });
          const f = parseSealedPrefix(r.value)!.prefix;
          from[f] = (from[f] ?? 0) + 1;
        } catch {
          report.failed += 1;
          if (report.failedKeys.length < 10) report.failedKeys.push(r.key);
        }
      }
      const n = await p.db.tx(async (tx) => {
        const changed = await replaceSealed(tx, c, updates);
        if (changed > 0)
          await writeAudit(tx, actor, 'keys.reencrypt', `column:${report.column}`, { rows: changed, from, to: prefix, firstKey: rows[0]!.key, lastKey: after });
        return changed;
      });
      report.reencrypted += n;
      report.changedMeanwhile += updates.length - n;
      for (const [k, v] of Object.entries(from)) report.from[k] = (report.from[k] ?? 0) + v;
      total += rows.length;
      opts.onProgress?.(report.column, report.reencrypted);
    }
  }
  const reencrypted = columns.reduce((s, c) => s + c.reencrypted, 0);
  const failed = columns.reduce((s, c) => s + c.failed, 0);
  if (reencrypted > 0 || failed > 0)
    await writeAudit(p.db, actor, 'keys.reencrypt.run', null, {
      to: prefix,
      complete,
      columns: Object.fromEntries(columns.map((c) => [c.column, { reencrypted: c.reencrypted, failed: c.failed }])),
    });
  return { activePrefix: prefix, complete, columns, total: reencrypted, failed };
}

export type KeyStatus = {
  suite: string;
  activeKey: number;
  activePrefix: string;
  loadedKeys: number[];
  keySource: string;
  indexScheme: { suite: string; keyVersion: number };
  columns: { column: string; byPrefix: Record<string, number>; stale: number }[];
  removableKeys: number[]; // loaded, not active, not the index key, no value sealed under it
};

export async function keyStatus(p: Platform): Promise<KeyStatus> {
  const { keyring } = p.config;
  const columns: KeyStatus['columns'] = [];
  const used = new Set<number>([keyring.active, p.crypto.index.keyVersion]);
  for (const c of SEALED_COLUMNS) {
    const counts = await countByPrefix(p.db, c);
    const byPrefix = Object.fromEntries(counts.map((r) => [r.prefix, r.n]));
    for (const r of counts) {
      const f = parseSealedPrefix(`${r.prefix}:`);
      if (f) used.add(f.keyVersion);
    }
    columns.push({ column: columnName(c), byPrefix, stale: counts.filter((r) => r.prefix !== p.crypto.activePrefix).reduce((s, r) => s + r.n, 0) });
  }
  const loadedKeys = [...keyring.keys.keys()].sort((a, b) => a - b);
  return {
    suite: keyring.suite,
    activeKey: keyring.active,
    activePrefix: p.crypto.activePrefix,
    loadedKeys,
    keySource: keyring.source,
    indexScheme: p.crypto.index,
    columns,
    removableKeys: loadedKeys.filter((k) => !used.has(k)),
  };
}
