// SQL of tips (举报): the tip, its evidence, its internal handling history, its links to records,
// and the per-address counters of the public routes. The reporter is only ever the sealed column.
import type { Db } from '../../kernel/db.ts';
import type { TipStatus } from './tips.rules.ts';

export type TipRow = {
  id: number;
  receiptNumber: string;
  queryCodeHash: string;
  subjectName: string;
  subjectCode: string | null;
  subjectRegion: string;
  matter: string;
  matterKind: string;
  hasReporter: boolean;
  departmentId: number | null;
  departmentName: string | null;
  status: TipStatus;
  receivedOn: string;
  dueDate: string;
  escalationLevel: number;
  escalatedOn: string | null;
  outcomeOn: string | null;
  outcomeNote: string | null;
  publicReply: string | null;
  forwardedTo: string | null;
  createdAt: Date;
};

const COLUMNS = `t.id::int AS id, t.receipt_number AS "receiptNumber", t.query_code_hash AS "queryCodeHash",
  t.subject_name AS "subjectName", t.subject_code AS "subjectCode", t.subject_region AS "subjectRegion",
  t.matter, t.matter_kind AS "matterKind", (t.reporter_sealed IS NOT NULL) AS "hasReporter",
  t.department_id::int AS "departmentId", d.name AS "departmentName", t.status,
  t.received_on::text AS "receivedOn", t.due_date::text AS "dueDate", t.escalation_level AS "escalationLevel",
  t.escalated_on::text AS "escalatedOn", t.outcome_on::text AS "outcomeOn", t.outcome_note AS "outcomeNote",
  t.public_reply AS "publicReply", t.forwarded_to AS "forwardedTo", t.created_at AS "createdAt"`;
const FROM = 'tip t LEFT JOIN department d ON d.id = t.department_id';

export type NewTip = {
  receiptNumber: string;
  queryCodeHash: string;
  subjectName: string;
  subjectCode: string | null;
  subjectRegion: string;
  matter: string;
  matterKind: string;
  reporterSealed: string | null;
  departmentId: number | null;
  receivedOn: string;
  dueDate: string;
};

export async function insertTip(tx: Db, t: NewTip): Promise<number> {
  const row = await tx.one<{ id: number }>(
    `INSERT INTO tip (receipt_number, query_code_hash, subject_name, subject_code, subject_region, matter, matter_kind, reporter_sealed, department_id, received_on, due_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id::int AS id`,
    [t.receiptNumber, t.queryCodeHash, t.subjectName, t.subjectCode, t.subjectRegion, t.matter, t.matterKind, t.reporterSealed, t.departmentId, t.receivedOn, t.dueDate],
  );
  return row!.id;
}

export async function findTip(db: Db, id: number): Promise<TipRow | undefined> {
  return db.one<TipRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = $1`, [id]);
}

export async function findTipForUpdate(tx: Db, id: number): Promise<TipRow | undefined> {
  return tx.one<TipRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = $1 FOR UPDATE OF t`, [id]);
}

export async function findTipByReceipt(db: Db, receiptNumber: string): Promise<TipRow | undefined> {
  return db.one<TipRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.receipt_number = $1`, [receiptNumber]);
}

// The sealed reporter: read only by the service that audits the read.
export async function sealedReporterOf(db: Db, id: number): Promise<string | null> {
  const row = await db.one<{ sealed: string | null }>('SELECT reporter_sealed AS sealed FROM tip WHERE id = $1', [id]);
  return row?.sealed ?? null;
}

export type TipFilter = {
  departmentIds: readonly number[] | null; // null: any department
  regionCodes: readonly string[] | null; // subject regions (operators: their region and below); null: any
  unroutedOnly?: boolean;
  status?: TipStatus;
  state?: 'open' | 'closed';
  overdueOn?: string; // only open tips due before this day
};

function where(f: TipFilter): { sql: string; values: unknown[] } {
  const conds: string[] = [];
  const values: unknown[] = [];
  const scope: string[] = [];
  if (f.departmentIds) {
    values.push(f.departmentIds);
    scope.push(`t.department_id = ANY($${values.length}::bigint[])`);
  }
  if (f.regionCodes) {
    values.push(f.regionCodes);
    scope.push(`t.subject_region = ANY($${values.length}::text[])`);
  }
  if (scope.length > 0) conds.push(`(${scope.join(' OR ')})`);
  if (f.unroutedOnly) conds.push('t.department_id IS NULL');
  if (f.status) {
    values.push(f.status);
    conds.push(`t.status = $${values.length}`);
  }
  if (f.state) conds.push(`t.status ${f.state === 'open' ? '' : 'NOT '}IN ('received', 'in-progress')`);
  if (f.overdueOn) {
    values.push(f.overdueOn);
    conds.push(`t.status IN ('received', 'in-progress') AND t.due_date < $${values.length}::date`);
  }
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', values };
}

export async function listTips(db: Db, f: TipFilter, limit: number, offset: number): Promise<{ items: TipRow[]; total: number }> {
  const w = where(f);
  const items = await db.query<TipRow>(
    `SELECT ${COLUMNS} FROM ${FROM} ${w.sql} ORDER BY t.due_date, t.id LIMIT $${w.values.length + 1} OFFSET $${w.values.length + 2}`,
    [...w.values, limit, offset],
  );
  const total = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM tip t ${w.sql}`, w.values);
  return { items, total: total?.n ?? 0 };
}

export async function openTipsDueBefore(db: Db, day: string): Promise<TipRow[]> {
  return db.query<TipRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.status IN ('received', 'in-progress') AND t.due_date < $1::date ORDER BY t.id`, [day]);
}

export async function setRoute(tx: Db, id: number, departmentId: number): Promise<void> {
  await tx.query('UPDATE tip SET department_id = $2 WHERE id = $1', [id, departmentId]);
}

export async function setStatus(tx: Db, id: number, status: TipStatus): Promise<void> {
  await tx.query('UPDATE tip SET status = $2 WHERE id = $1', [id, status]);
}

export async function setOutcome(
  tx: Db,
  id: number,
  o: { status: TipStatus; on: string; note: string; publicReply: string; forwardedTo: string | null },
): Promise<void> {
  await tx.query('UPDATE tip SET status = $2, outcome_on = $3, outcome_note = $4, public_reply = $5, forwarded_to = $6 WHERE id = $1', [
    id,
    o.status,
    o.on,
    o.note,
    o.publicReply,
    o.forwardedTo,
  ]);
}

export async function setEscalation(tx: Db, id: number, level: number, on: string): Promise<void> {
  await tx.query('UPDATE tip SET escalation_level = $2, escalated_on = $3 WHERE id = $1', [id, level, on]);
}

// ---- internal history

export type TipNote = { seq: number; at: Date; actor: string; kind: 'note' | 'route' | 'escalation' | 'outcome' | 'record-link'; text: string };

export async function addNote(tx: Db, tipId: number, at: Date, actor: string, kind: TipNote['kind'], text: string): Promise<void> {
  await tx.query(
    `INSERT INTO tip_note (tip_id, seq, at, actor, kind, text)
     VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM tip_note WHERE tip_id = $1), $2, $3, $4, $5)`,
    [tipId, at, actor, kind, text],
  );
}

export async function notesOf(db: Db, tipId: number): Promise<TipNote[]> {
  return db.query<TipNote>('SELECT seq, at, actor, kind, text FROM tip_note WHERE tip_id = $1 ORDER BY seq', [tipId]);
}

// ---- evidence

export type TipEvidence = { seq: number; sha256: string; contentType: string; size: number; uploadedAt: Date };

export async function evidenceOf(db: Db, tipId: number): Promise<TipEvidence[]> {
  return db.query<TipEvidence>(
    'SELECT seq, sha256, content_type AS "contentType", size::int AS size, uploaded_at AS "uploadedAt" FROM tip_evidence WHERE tip_id = $1 ORDER BY seq',
    [tipId],
  );
}

// Adds a file unless the tip already has `max`; answers the new seq, or undefined when full.
export async function insertEvidence(tx: Db, tipId: number, e: Omit<TipEvidence, 'seq'>, max: number): Promise<number | undefined> {
  await tx.query('SELECT 1 FROM tip WHERE id = $1 FOR UPDATE', [tipId]); // one upload at a time per tip: the cap holds
  const n = await tx.one<{ n: number }>('SELECT count(*)::int AS n FROM tip_evidence WHERE tip_id = $1', [tipId]);
  if ((n?.n ?? 0) >= max) return undefined;
  const row = await tx.one<{ seq: number }>(
    `INSERT INTO tip_evidence (tip_id, seq, sha256, content_type, size, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq`,
    [tipId, (n?.n ?? 0) + 1, e.sha256, e.contentType, e.size, e.uploadedAt],
  );
  return row!.seq;
}

// ---- records linked to a substantiated tip

export async function linkRecord(tx: Db, tipId: number, recordId: number, at: Date): Promise<boolean> {
  const rows = await tx.query('INSERT INTO tip_record_link (tip_id, record_id, linked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING tip_id', [tipId, recordId, at]);
  return rows.length > 0;
}

export async function linkedRecordIds(db: Db, tipId: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>('SELECT record_id::int AS id FROM tip_record_link WHERE tip_id = $1 ORDER BY linked_at, record_id', [tipId]);
  return rows.map((r) => r.id);
}

// ---- per-address counters (keyed hash of address and window; expired windows deleted)

export async function countAttempt(db: Db, addressKey: string, action: 'file' | 'evidence' | 'status', windowStart: Date): Promise<number> {
  return db.tx(async (tx) => {
    await tx.query('DELETE FROM tip_rate WHERE window_start < $1', [windowStart]);
    const row = await tx.one<{ count: number }>(
      `INSERT INTO tip_rate (address_key, action, window_start, count) VALUES ($1, $2, $3, 1)
       ON CONFLICT (address_key, action, window_start) DO UPDATE SET count = tip_rate.count + 1 RETURNING count`,
      [addressKey, action, windowStart],
    );
    return row!.count;
  });
}
