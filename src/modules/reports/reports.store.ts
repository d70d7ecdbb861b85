// SQL of credit reports: issued reports, look-ups by number and by PDF hash, and the dispute
// marks of the public records a report lists.
import type { Db } from '../../kernel/db.ts';
import type { ReportContent, ReportEdition } from './reports.rules.ts';

// Inside the issuing transaction: the register row stays locked until it commits (concurrent
// reports queue here), and a rollback gives the serial back.
export async function nextSerial(tx: Db): Promise<number> {
  return Number((await tx.one<{ n: string }>(`UPDATE credit_report_register SET last_serial = last_serial + 1 RETURNING last_serial AS n`))!.n);
}

export type StoredReport = {
  number: string;
  subjectId: number;
  edition: ReportEdition;
  issuedAt: Date;
  asOf: string;
  requestedBy: string;
  purpose: string | null;
  codeMac: string;
  content: ReportContent;
  hashAlg: 'sha256' | 'sm3';
  contentHash: string;
  dataHash: string;
  pdfSha256: string;
  pdfSize: number;
  sigAlg: 'ed25519' | 'sm2';
  keyId: string;
  signature: string;
};

const COLUMNS = `number, subject_id AS "subjectId", edition, issued_at AS "issuedAt", as_of AS "asOf", requested_by AS "requestedBy", purpose,
  code_mac AS "codeMac", content, hash_alg AS "hashAlg", content_hash AS "contentHash", data_hash AS "dataHash", pdf_sha256 AS "pdfSha256",
  pdf_size AS "pdfSize", sig_alg AS "sigAlg", key_id AS "keyId", signature`;

export async function insertReport(tx: Db, r: StoredReport): Promise<void> {
  await tx.query(
    `INSERT INTO credit_report (number, subject_id, edition, issued_at, as_of, requested_by, purpose, code_mac, content, hash_alg, content_hash, data_hash,
       pdf_sha256, pdf_size, sig_alg, key_id, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      r.number, r.subjectId, r.edition, r.issuedAt, r.asOf, r.requestedBy, r.purpose, r.codeMac, JSON.stringify(r.content), r.hashAlg, r.contentHash, r.dataHash,
      r.pdfSha256, r.pdfSize, r.sigAlg, r.keyId, r.signature,
    ],
  );
}

export async function findReport(db: Db, number: string): Promise<StoredReport | undefined> {
  return db.one<StoredReport>(`SELECT ${COLUMNS} FROM credit_report WHERE number = $1`, [number]);
}

export async function findReportByPdf(db: Db, sha256: string): Promise<StoredReport | undefined> {
  return db.one<StoredReport>(`SELECT ${COLUMNS} FROM credit_report WHERE pdf_sha256 = $1 ORDER BY issued_at LIMIT 1`, [sha256]);
}

export type RecordExtras = { version: number; status: string; statusOn: string | null; validUntil: string | null; disputed: boolean };

// What the public record query does not carry: version, status, term, and whether the record
// key has an open dispute (record_dispute, the objection hook).
export async function recordExtras(db: Db, ids: readonly number[]): Promise<Map<number, RecordExtras>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<RecordExtras & { id: number }>(
    `SELECT r.id, r.version, r.status, r.status_on AS "statusOn", r.valid_until AS "validUntil",
            EXISTS (SELECT 1 FROM record_dispute x WHERE x.category = r.category AND x.department_id = r.department_id AND x.source_ref = r.source_ref AND x.closed_at IS NULL) AS disputed
     FROM record r WHERE r.id = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(rows.map(({ id, ...x }) => [id, x]));
}

export async function subjectOf(db: Db, id: number): Promise<{ id: number; publicId: string } | undefined> {
  return db.one('SELECT id, public_id AS "publicId" FROM subject WHERE id = $1', [id]);
}
