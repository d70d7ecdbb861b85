// Links from an organization's record to the persons it names (法定代表人, 负责人): the
// organization's serious records and blacklist entries also belong in their credit files
// [冀政办字〔2017〕91号 四(一)]. Keyed by record key, so later versions keep the link; a version
// that names someone else supersedes it.
import type { Db } from '../../kernel/db.ts';
import type { SubjectRow } from './subjects.rules.ts';
import { upsertSubjects } from './subjects.store.ts';

export type LinkRole = 'legal_representative' | 'responsible_person';
export type RecordKey = { category: string; departmentId: number; sourceRef: string };
export type NewLink = RecordKey & { orgSubjectId: number; person: SubjectRow; role: LinkRole; recordId: number };

// `touched`: record keys that got a new version in this chunk; their links not named again in
// `links` are superseded. Persons named are filed as subjects (one code, one subject).
export async function replaceLinks(tx: Db, touched: readonly RecordKey[], links: readonly NewLink[]): Promise<void> {
  const personIds = links.length ? await upsertSubjects(tx, links.map((l) => l.person)) : new Map<string, number>();
  const rows = links
    .map((l) => ({ ...l, personId: personIds.get(l.person.key)! }))
    .filter((l) => l.personId !== l.orgSubjectId);
  if (touched.length)
    await tx.query(
      `UPDATE subject_link l SET superseded_at = now()
       FROM unnest($1::text[], $2::bigint[], $3::text[]) AS k(c, d, r)
       WHERE l.superseded_at IS NULL AND l.category = k.c AND l.department_id = k.d AND l.source_ref = k.r
         AND NOT EXISTS (SELECT 1 FROM unnest($4::text[], $5::bigint[], $6::text[], $7::bigint[], $8::text[]) AS n(c, d, r, p, role)
                         WHERE n.c = l.category AND n.d = l.department_id AND n.r = l.source_ref AND n.p = l.person_subject_id AND n.role = l.role)`,
      [
        touched.map((k) => k.category),
        touched.map((k) => k.departmentId),
        touched.map((k) => k.sourceRef),
        rows.map((l) => l.category),
        rows.map((l) => l.departmentId),
        rows.map((l) => l.sourceRef),
        rows.map((l) => l.personId),
        rows.map((l) => l.role),
      ],
    );
  if (rows.length)
    await tx.query(
      `INSERT INTO subject_link (org_subject_id, person_subject_id, role, category, department_id, source_ref, record_id)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[])
       ON CONFLICT DO NOTHING`,
      [
        rows.map((l) => l.orgSubjectId),
        rows.map((l) => l.personId),
        rows.map((l) => l.role),
        rows.map((l) => l.category),
        rows.map((l) => l.departmentId),
        rows.map((l) => l.sourceRef),
        rows.map((l) => l.recordId),
      ],
    );
}

export type PersonLink = { orgSubjectId: number; role: LinkRole; category: string; departmentId: number; sourceRef: string };

export async function linksOfPerson(db: Db, personSubjectId: number): Promise<PersonLink[]> {
  return db.query<PersonLink>(
    `SELECT org_subject_id AS "orgSubjectId", role, category, department_id AS "departmentId", source_ref AS "sourceRef"
     FROM subject_link WHERE person_subject_id = $1 AND superseded_at IS NULL ORDER BY id`,
    [personSubjectId],
  );
}

// The persons an organization's current records name (legal representative, responsible person),
// with the record that names them: the "linked persons" of its credit file (masked ID numbers).
export type LinkedPerson = { role: LinkRole; publicId: string; name: string; idMasked: string | null; category: string; departmentId: number; sourceRef: string };

export async function personsLinkedTo(db: Db, orgSubjectId: number): Promise<LinkedPerson[]> {
  return db.query<LinkedPerson>(
    `SELECT l.role, s.public_id AS "publicId", s.name, s.id_masked AS "idMasked", l.category, l.department_id AS "departmentId", l.source_ref AS "sourceRef"
     FROM subject_link l JOIN subject s ON s.id = l.person_subject_id
     WHERE l.org_subject_id = $1 AND l.superseded_at IS NULL ORDER BY l.id`,
    [orgSubjectId],
  );
}

// The organizations whose current records name the person, with the role: the other direction.
export type LinkedOrganization = { role: LinkRole; publicId: string; name: string; code: string | null; category: string; departmentId: number; sourceRef: string };

export async function organizationsLinkedTo(db: Db, personSubjectId: number): Promise<LinkedOrganization[]> {
  return db.query<LinkedOrganization>(
    `SELECT l.role, s.public_id AS "publicId", s.name, coalesce(s.uscc, s.reg_no) AS code, l.category, l.department_id AS "departmentId", l.source_ref AS "sourceRef"
     FROM subject_link l JOIN subject s ON s.id = l.org_subject_id
     WHERE l.person_subject_id = $1 AND l.superseded_at IS NULL ORDER BY l.id`,
    [personSubjectId],
  );
}
