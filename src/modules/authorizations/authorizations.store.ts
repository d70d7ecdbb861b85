// SQL of subject authorizations.
import type { Db } from '../../kernel/db.ts';
import type { DateStr } from '../../kernel/dates.ts';
import type { AuthorizationScope } from './authorizations.rules.ts';

export type StoredAuthorization = {
  id: string;
  subjectId: number;
  subjectPublicId: string;
  requesterDepartmentId: number;
  requesterName: string;
  requesterUscc: string;
  scope: AuthorizationScope;
  purpose: string;
  validFrom: DateStr;
  validUntil: DateStr;
  grantedAt: Date;
  revokedAt: Date | null;
};

const SELECT = `SELECT a.id, a.subject_id::int AS "subjectId", s.public_id::text AS "subjectPublicId",
  a.requester_department_id::int AS "requesterDepartmentId", d.name AS "requesterName", d.uscc AS "requesterUscc",
  a.scope, a.purpose, a.valid_from::text AS "validFrom", a.valid_until::text AS "validUntil", a.granted_at AS "grantedAt", a.revoked_at AS "revokedAt"
  FROM subject_authorization a JOIN subject s ON s.id = a.subject_id JOIN department d ON d.id = a.requester_department_id`;

export type NewAuthorization = {
  subjectId: number;
  requesterDepartmentId: number;
  scope: AuthorizationScope;
  purpose: string;
  validFrom: DateStr;
  validUntil: DateStr;
  grantedAt: Date;
  sessionId: number;
};

export async function insertAuthorization(db: Db, a: NewAuthorization): Promise<string> {
  const row = await db.one<{ id: string }>(
    `INSERT INTO subject_authorization (subject_id, requester_department_id, scope, purpose, valid_from, valid_until, granted_at, granted_session)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text`,
    [a.subjectId, a.requesterDepartmentId, a.scope, a.purpose, a.validFrom, a.validUntil, a.grantedAt, a.sessionId],
  );
  return row!.id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findAuthorization(db: Db, id: string): Promise<StoredAuthorization | undefined> {
  if (!UUID.test(id)) return undefined; // not an id: nothing, rather than a cast error
  return db.one<StoredAuthorization>(`${SELECT} WHERE a.id = $1::uuid`, [id]);
}

export async function authorizationsOf(db: Db, subjectId: number): Promise<StoredAuthorization[]> {
  return db.query<StoredAuthorization>(`${SELECT} WHERE a.subject_id = $1 ORDER BY a.granted_at DESC, a.id`, [subjectId]);
}

// Unrevoked authorizations of this subject to this requester for this scope, the latest ending first.
export async function candidateAuthorizations(db: Db, subjectId: number, requesterDepartmentId: number, scope: AuthorizationScope): Promise<StoredAuthorization[]> {
  return db.query<StoredAuthorization>(
    `${SELECT} WHERE a.subject_id = $1 AND a.requester_department_id = $2 AND a.scope = $3 AND a.revoked_at IS NULL ORDER BY a.valid_until DESC, a.granted_at DESC`,
    [subjectId, requesterDepartmentId, scope],
  );
}

export async function revokeAuthorization(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db.query<{ id: string }>('UPDATE subject_authorization SET revoked_at = $2 WHERE id = $1::uuid AND revoked_at IS NULL RETURNING id::text', [id, at]);
  return rows.length > 0;
}
