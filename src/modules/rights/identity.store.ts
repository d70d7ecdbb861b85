// SQL of the subject identity check: one-time-code challenges and the sessions they open.
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
};

const CHALLENGE_COLUMNS = `id, subject_id AS "subjectId", identity_key AS "identityKey", purpose, channel, destination_masked AS "destinationMasked",
  otp_mac AS "otpMac", created_at AS "createdAt", expires_at AS "expiresAt", attempts, max_attempts AS "maxAttempts", verified_at AS "verifiedAt"`;

export async function countRecentChallenges(db: Db, identityKey: string, since: Date): Promise<number> {
  return (await db.one<{ n: number }>('SELECT count(*) AS n FROM identity_challenge WHERE identity_key = $1 AND created_at > $2', [identityKey, since]))!.n;
}

export type NewChallenge = Omit<Challenge, 'attempts' | 'verifiedAt'> & { ip: string | null };

export async function insertChallenge(tx: Db, c: NewChallenge): Promise<void> {
  await tx.query(
    `INSERT INTO identity_challenge (id, subject_id, identity_key, purpose, channel, destination_masked, otp_mac, created_at, expires_at, max_attempts, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [c.id, c.subjectId, c.identityKey, c.purpose, c.channel, c.destinationMasked, c.otpMac, c.createdAt, c.expiresAt, c.maxAttempts, c.ip],
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

export type SubjectSession = { id: number; subjectId: number | null; challengeId: string; createdAt: Date; expiresAt: Date };

export async function insertSession(tx: Db, s: { tokenHash: string; challengeId: string; subjectId: number | null; createdAt: Date; expiresAt: Date }): Promise<number> {
  return (await tx.one<{ id: number }>(
    `INSERT INTO subject_session (token_hash, challenge_id, subject_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [s.tokenHash, s.challengeId, s.subjectId, s.createdAt, s.expiresAt],
  ))!.id;
}

// A live session by token hash: not revoked, not expired at `now`.
export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<SubjectSession | undefined> {
  return db.one<SubjectSession>(
    `SELECT id, subject_id AS "subjectId", challenge_id AS "challengeId", created_at AS "createdAt", expires_at AS "expiresAt"
     FROM subject_session WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
    [tokenHash, now],
  );
}

export async function revokeSession(tx: Db, id: number, at: Date): Promise<void> {
  await tx.query('UPDATE subject_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at]);
}
