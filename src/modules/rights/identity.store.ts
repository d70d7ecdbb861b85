// SQL of the subject identity check: contacts on file, one-time-code challenges, identity-provider
// flows and certificate challenges, and the sessions they open.
import type { Db } from '../../kernel/db.ts';

export type Challenge = {
  id: string;
  subjectId: number | null;
  identityKey: string;
  purpose: string;
  channel: string;
  destinationMasked: string;
  otpMac: string;
  createdAt: Date;
  expiresAt: Date;
  attempts: number;
  maxAttempts: number;
  verifiedAt: Date | null;
  contactId: number | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CHALLENGE_COLUMNS = `id, subject_id AS "subjectId", identity_key AS "identityKey", purpose, channel, destination_masked AS "destinationMasked",
  otp_mac AS "otpMac", created_at AS "createdAt", expires_at AS "expiresAt", attempts, max_attempts AS "maxAttempts", verified_at AS "verifiedAt", contact_id AS "contactId"`;

// Challenges from one requester (in all, and for one identity) since `hour`; codes sent to one
// contact since `hour` and `day`, and to all the subject's contacts since `day`.
export async function challengeCounts(
  db: Db,
  q: { requesterKey: string; identityKey: string; contactId: number | null; subjectId: number | null; hour: Date; day: Date },
): Promise<{ requesterHour: number; requesterIdentityHour: number; contactHour: number; contactDay: number; subjectDay: number }> {
  return (await db.one<{ requesterHour: number; requesterIdentityHour: number; contactHour: number; contactDay: number; subjectDay: number }>(
    `SELECT
       (SELECT count(*) FROM identity_challenge WHERE requester_key = $1 AND created_at > $5)::int AS "requesterHour",
       (SELECT count(*) FROM identity_challenge WHERE requester_key = $1 AND identity_key = $2 AND created_at > $5)::int AS "requesterIdentityHour",
       (SELECT count(*) FROM identity_challenge WHERE contact_id = $3 AND created_at > $5)::int AS "contactHour",
       (SELECT count(*) FROM identity_challenge WHERE contact_id = $3 AND created_at > $6)::int AS "contactDay",
       (SELECT count(*) FROM identity_challenge WHERE subject_id = $4 AND contact_id IS NOT NULL AND created_at > $6)::int AS "subjectDay"`,
    [q.requesterKey, q.identityKey, q.contactId ?? -1, q.subjectId ?? -1, q.hour, q.day],
  ))!;
}

export type NewChallenge = Omit<Challenge, 'attempts' | 'verifiedAt'> & { ip: string | null; requesterKey: string };

export async function insertChallenge(tx: Db, c: NewChallenge): Promise<void> {
  await tx.query(
    `INSERT INTO identity_challenge (id, subject_id, identity_key, purpose, channel, destination_masked, otp_mac, created_at, expires_at, max_attempts, ip, contact_id, requester_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [c.id, c.subjectId, c.identityKey, c.purpose, c.channel, c.destinationMasked, c.otpMac, c.createdAt, c.expiresAt, c.maxAttempts, c.ip, c.contactId, c.requesterKey],
  );
}

// ---- contacts on file ----------------------------------------------------------------------------

export type StoredContact = { id: number; kind: 'mobile' | 'email'; valueEnc: string; masked: string; source: 'department' | 'oidc'; addedAt: Date };

export async function liveContacts(db: Db, subjectId: number): Promise<StoredContact[]> {
  return db.query<StoredContact>(
    `SELECT id, kind, value_enc AS "valueEnc", masked, source, added_at AS "addedAt" FROM subject_contact
     WHERE subject_id = $1 AND removed_at IS NULL ORDER BY added_at DESC, id DESC`,
    [subjectId],
  );
}

// One live row per subject and contact: a second registration of the same contact changes nothing.
export async function addContact(
  tx: Db,
  c: { subjectId: number; kind: 'mobile' | 'email'; valueEnc: string; valueMac: string; masked: string; source: 'department' | 'oidc'; sourceRef: string; at: Date },
): Promise<{ id: number; added: boolean }> {
  const inserted = await tx.one<{ id: number }>(
    `INSERT INTO subject_contact (subject_id, kind, value_enc, value_mac, masked, source, source_ref, added_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (subject_id, value_mac) WHERE removed_at IS NULL DO NOTHING RETURNING id`,
    [c.subjectId, c.kind, c.valueEnc, c.valueMac, c.masked, c.source, c.sourceRef, c.at],
  );
  if (inserted) return { id: inserted.id, added: true };
  const existing = await tx.one<{ id: number }>('SELECT id FROM subject_contact WHERE subject_id = $1 AND value_mac = $2 AND removed_at IS NULL', [c.subjectId, c.valueMac]);
  return { id: existing!.id, added: false };
}

export async function removeContact(tx: Db, subjectId: number, id: number, at: Date): Promise<boolean> {
  return (await tx.query('UPDATE subject_contact SET removed_at = $3 WHERE id = $1 AND subject_id = $2 AND removed_at IS NULL RETURNING id', [id, subjectId, at])).length > 0;
}

// Whether the department provided any record of the subject: it may put on file only contacts
// of subjects it holds records of.
export async function subjectHasRecordFrom(db: Db, subjectId: number, departmentId: number): Promise<boolean> {
  return Boolean(await db.one('SELECT 1 AS x FROM record WHERE subject_id = $1 AND department_id = $2 LIMIT 1', [subjectId, departmentId]));
}

// ---- identity-provider flows and certificate challenges --------------------------------------------

export type OidcFlow = { stateHash: string; bindingHash: string; verifierEnc: string; nonce: string; purpose: string; redirectUri: string; expiresAt: Date; usedAt: Date | null };

export async function insertOidcFlow(tx: Db, f: Omit<OidcFlow, 'usedAt'> & { createdAt: Date }): Promise<void> {
  await tx.query(
    `INSERT INTO identity_oidc_flow (state_hash, binding_hash, verifier_enc, nonce, purpose, redirect_uri, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [f.stateHash, f.bindingHash, f.verifierEnc, f.nonce, f.purpose, f.redirectUri, f.createdAt, f.expiresAt],
  );
}

// Taken once: the row is marked used in the same transaction, whatever the outcome.
export async function takeOidcFlow(tx: Db, stateHash: string, at: Date): Promise<OidcFlow | undefined> {
  const f = await tx.one<OidcFlow>(
    `SELECT state_hash AS "stateHash", binding_hash AS "bindingHash", verifier_enc AS "verifierEnc", nonce, purpose, redirect_uri AS "redirectUri", expires_at AS "expiresAt", used_at AS "usedAt"
     FROM identity_oidc_flow WHERE state_hash = $1 FOR UPDATE`,
    [stateHash],
  );
  if (f && !f.usedAt) await tx.query('UPDATE identity_oidc_flow SET used_at = $2 WHERE state_hash = $1', [stateHash, at]);
  return f;
}

export type CertificateChallenge = { id: string; nonce: string; purpose: string; expiresAt: Date; usedAt: Date | null };

export async function insertCertificateChallenge(tx: Db, c: Omit<CertificateChallenge, 'usedAt'> & { createdAt: Date; ip: string | null }): Promise<void> {
  await tx.query('INSERT INTO identity_certificate_challenge (id, nonce, purpose, created_at, expires_at, ip) VALUES ($1, $2, $3, $4, $5, $6)', [c.id, c.nonce, c.purpose, c.createdAt, c.expiresAt, c.ip]);
}

export async function takeCertificateChallenge(tx: Db, id: string, at: Date): Promise<CertificateChallenge | undefined> {
  if (!UUID.test(id)) return undefined;
  const c = await tx.one<CertificateChallenge>(
    `SELECT id, nonce, purpose, expires_at AS "expiresAt", used_at AS "usedAt" FROM identity_certificate_challenge WHERE id = $1 FOR UPDATE`,
    [id.toLowerCase()],
  );
  if (c && !c.usedAt) await tx.query('UPDATE identity_certificate_challenge SET used_at = $2 WHERE id = $1', [c.id, at]);
  return c;
}

export async function findChallengeForUpdate(tx: Db, id: string): Promise<Challenge | undefined> {
  if (!UUID.test(id)) return undefined;
  return tx.one<Challenge>(`SELECT ${CHALLENGE_COLUMNS} FROM identity_challenge WHERE id = $1 FOR UPDATE`, [id.toLowerCase()]);
}

export async function countWrongAttempt(tx: Db, id: string): Promise<number> {
  return (await tx.one<{ attempts: number }>('UPDATE identity_challenge SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts', [id]))!.attempts;
}

export async function markVerified(tx: Db, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE identity_challenge SET verified_at = $2 WHERE id = $1', [id, at]);
}

export type SessionMethod = 'otp' | 'oidc' | 'certificate';
export type SubjectSession = { id: number; subjectId: number | null; challengeId: string | null; method: SessionMethod; createdAt: Date; expiresAt: Date };

export async function insertSession(
  tx: Db,
  s: { tokenHash: string; challengeId: string | null; subjectId: number | null; method: SessionMethod; identityRef: string | null; createdAt: Date; expiresAt: Date },
): Promise<number> {
  return (await tx.one<{ id: number }>(
    `INSERT INTO subject_session (token_hash, challenge_id, subject_id, method, identity_ref, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [s.tokenHash, s.challengeId, s.subjectId, s.method, s.identityRef, s.createdAt, s.expiresAt],
  ))!.id;
}

// A live session by token hash: not revoked, not expired at `now`.
export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<SubjectSession | undefined> {
  return db.one<SubjectSession>(
    `SELECT id, subject_id AS "subjectId", challenge_id AS "challengeId", method, created_at AS "createdAt", expires_at AS "expiresAt"
     FROM subject_session WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
    [tokenHash, now],
  );
}

export async function revokeSession(tx: Db, id: number, at: Date): Promise<void> {
  await tx.query('UPDATE subject_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at]);
}

// 窗口代办: the document staff saw in person and who saw it, on the objection or application.
export async function markInPerson(tx: Db, kind: 'objection' | 'repair', id: string, v: { document: string; checkedBy: string }): Promise<void> {
  const table = kind === 'objection' ? 'objection' : 'repair_application';
  await tx.query(`UPDATE ${table} SET in_person_document = $2, in_person_checked_by = $3 WHERE id = $1`, [id, v.document, v.checkedBy]);
}
