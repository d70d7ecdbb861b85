// Status versions of a record (decisions/0003: records are versions): a list exit (exited), an
// objection's revocation (revoked) and an approved credit repair (repaired) each make version
// n+1, a copy of n with the new status. Collection owns the record, so this one store writes
// them for sanctions and rights; corrections are new content and go through ingestChunk.
import type { Db } from '../../kernel/db.ts';
import { conflict } from '../../kernel/errors.ts';

// A record's identity across its versions: category, providing department, 文书号.
export type RecordKey = { category: string; departmentId: number; sourceRef: string };

export type CurrentVersion = { id: number; version: number; fields: Record<string, string>; sealed: string | null; status: string; firstReceivedOn: string };

// The current version of a record key, locked (FOR UPDATE) before a status version or a
// correction is written, with what a correction starts from and the day it was first received.
export async function currentVersionForUpdate(tx: Db, key: RecordKey, timeZone: string): Promise<CurrentVersion | undefined> {
  return tx.one<CurrentVersion>(
    `SELECT r.id, r.version, r.fields, r.sealed, r.status,
            (SELECT (min(f.received_at) AT TIME ZONE $4)::date::text FROM record f WHERE f.category = r.category AND f.department_id = r.department_id AND f.source_ref = r.source_ref) AS "firstReceivedOn"
     FROM record r WHERE r.category = $1 AND r.department_id = $2 AND r.source_ref = $3 AND r.superseded_at IS NULL FOR UPDATE`,
    [key.category, key.departmentId, key.sourceRef, timeZone],
  );
}

export type RecordStatus = 'exited' | 'revoked' | 'repaired';

// What becomes of the publication window: an exited entry is no longer public as an entry
// ('closed'); a revoked or repaired record keeps the window it had as history, cut to the day
// before the status takes effect ('cut').
const WINDOW: Record<RecordStatus, 'closed' | 'cut'> = { exited: 'closed', revoked: 'cut', repaired: 'cut' };

// `currentId` must be the current version (locked by the caller); answers the new version.
export async function insertStatusVersion(tx: Db, currentId: number, status: RecordStatus, statusOn: string, reason: string): Promise<{ id: number; version: number }> {
  const sup = await tx.query('UPDATE record SET superseded_at = now() WHERE id = $1 AND superseded_at IS NULL RETURNING id', [currentId]);
  if (sup.length === 0) throw conflict('RECORD_VERSION_CHANGED', '该信息已有新版本，请刷新后重试', 'The record has a newer version; reload and retry');
  // cut: public from pub_from through status_on - 1, or never if it was not public before status_on
  const window =
    WINDOW[status] === 'closed'
      ? 'NULL, NULL'
      : `CASE WHEN pub_from IS NOT NULL AND pub_from < $3::date THEN pub_from END,
         CASE WHEN pub_from IS NOT NULL AND pub_from < $3::date THEN LEAST(coalesce(pub_until, $3::date - 1), $3::date - 1) END`;
  return (await tx.one<{ id: number; version: number }>(
    `INSERT INTO record (category, category_version, department_id, source_ref, version, subject_id, content_hash, fields, sealed,
       decision_date, severity, status, pub_from, pub_until, late, batch_id, valid_until, status_on, status_reason)
     SELECT category, category_version, department_id, source_ref, version + 1, subject_id, content_hash, fields, sealed,
       decision_date, severity, $2, ${window}, late, NULL, valid_until, $3::date, $4
     FROM record WHERE id = $1
     RETURNING id, version`,
    [currentId, status, statusOn, reason],
  ))!;
}

// Regions of the departments that hold a current record of the subject: where the subject is,
// for the region scope of reads of its non-public data.
export async function recordRegionsOf(db: Db, subjectId: number): Promise<string[]> {
  const rows = await db.query<{ regionCode: string }>(
    `SELECT DISTINCT d.region_code AS "regionCode" FROM record r JOIN department d ON d.id = r.department_id WHERE r.subject_id = $1 AND r.superseded_at IS NULL`,
    [subjectId],
  );
  return rows.map((r) => r.regionCode);
}
