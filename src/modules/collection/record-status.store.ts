// Status versions of a record: an objection's revocation (revoked) and an approved credit repair
// (repaired) are new versions, like a list exit (decisions/0003): version n+1 copies n with the
// new status, and its publication window ends the day before the status takes effect.
import type { Db } from '../../kernel/db.ts';
import { conflict } from '../../kernel/errors.ts';

export type RecordStatus = 'revoked' | 'repaired';

// `currentId` must be the current version (locked by the caller); answers the new version.
export async function insertStatusVersion(tx: Db, currentId: number, status: RecordStatus, statusOn: string, reason: string): Promise<{ id: number; version: number }> {
  const sup = await tx.query('UPDATE record SET superseded_at = now() WHERE id = $1 AND superseded_at IS NULL RETURNING id', [currentId]);
  if (sup.length === 0) throw conflict('RECORD_VERSION_CHANGED', '该信息已有新版本，请刷新后重试', 'The record has a newer version; reload and retry');
  // the window it had stays as history, cut to the day before: public from pub_from through
  // status_on - 1, or never if it was not public before status_on
  return (await tx.one<{ id: number; version: number }>(
    `INSERT INTO record (category, category_version, department_id, source_ref, version, subject_id, content_hash, fields, sealed,
       decision_date, severity, status, pub_from, pub_until, late, batch_id, valid_until, status_on, status_reason)
     SELECT category, category_version, department_id, source_ref, version + 1, subject_id, content_hash, fields, sealed,
       decision_date, severity, $2,
       CASE WHEN pub_from IS NOT NULL AND pub_from < $3::date THEN pub_from END,
       CASE WHEN pub_from IS NOT NULL AND pub_from < $3::date THEN LEAST(coalesce(pub_until, $3::date - 1), $3::date - 1) END,
       late, NULL, valid_until, $3::date, $4
     FROM record WHERE id = $1
     RETURNING id, version`,
    [currentId, status, statusOn, reason],
  ))!;
}
