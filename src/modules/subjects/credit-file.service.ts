// A subject's credit file (信用档案): every current record version about it, and, for a person,
// the serious records and blacklist entries of the organizations whose records name them as
// legal representative or responsible person, marked "via organization X" [2017 四(一)].
// Internal view: non-public records included, personal fields in masked form.
import type { Platform } from '../../platform.ts';
import { notFound } from '../../kernel/errors.ts';
import type { DateStr } from '../../kernel/dates.ts';
import { findSubjectById, type Subject } from './subjects.store.ts';
import type { SubjectKind } from './subjects.rules.ts';
import { groupByOccupation, type OccupationGroup } from '../catalog/catalog.codelists.ts';

export type CreditFileRecord = {
  id: string;
  category: string;
  categoryName: string;
  listKind: 'red' | 'black' | null;
  ref: string;
  department: { id: number; name: string; regionCode: string }; // regionCode: where the holder is (a read's scope, personal-data.rules.ts)
  decisionDate: DateStr;
  severity: 'light' | 'general' | 'serious' | null;
  status: string;
  statusOn: DateStr | null;
  statusReason: string | null;
  validUntil: DateStr | null;
  publicFrom: DateStr | null;
  publicUntil: DateStr | null;
  publicToday: boolean;
  disputed: boolean;
  version: number;
  fields: Record<string, string>;
  via: { role: string; organization: { id: string; name: string; code: string | null } } | null;
};

// occupations: a person's own records that carry an occupation (职业信用), grouped by occupation.
export type CreditFile = { subject: Subject; asOf: DateStr; records: CreditFileRecord[]; linked: CreditFileRecord[]; occupations: OccupationGroup<CreditFileRecord>[] };

type Row = Omit<CreditFileRecord, 'id' | 'categoryName' | 'listKind' | 'department' | 'via'> & {
  id: number;
  departmentId: number;
  departmentName: string;
  departmentRegion: string;
  viaRole: string | null;
  viaId: string | null;
  viaName: string | null;
  viaCode: string | null;
};

const COLUMNS = `r.id, r.category, r.source_ref AS ref, r.department_id AS "departmentId", d.name AS "departmentName", d.region_code AS "departmentRegion", r.decision_date AS "decisionDate",
  r.severity, r.status, r.status_on AS "statusOn", r.status_reason AS "statusReason", r.valid_until AS "validUntil",
  r.pub_from AS "publicFrom", r.pub_until AS "publicUntil", r.version, r.fields,
  (r.status = 'active' AND r.pub_from IS NOT NULL AND r.pub_from <= $2::date AND (r.pub_until IS NULL OR r.pub_until >= $2::date)) AS "publicToday",
  EXISTS (SELECT 1 FROM record_dispute x WHERE x.category = r.category AND x.department_id = r.department_id AND x.source_ref = r.source_ref AND x.closed_at IS NULL) AS disputed`;

export async function creditFileOf(p: Platform, subjectId: number): Promise<CreditFile> {
  const subject = await findSubjectById(p.db, subjectId);
  if (!subject) throw notFound('SUBJECT_NOT_FOUND', `主体 ${subjectId} 不存在`, `Subject ${subjectId} not found`);
  const today = p.today();
  const black = p.catalog.all().filter((c) => c.list?.kind === 'black').map((c) => c.code);
  const own = await p.db.query<Row>(
    `SELECT ${COLUMNS}, NULL AS "viaRole", NULL AS "viaId", NULL AS "viaName", NULL AS "viaCode"
     FROM record r JOIN department d ON d.id = r.department_id
     WHERE r.subject_id = $1 AND r.superseded_at IS NULL ORDER BY r.decision_date DESC, r.id DESC`,
    [subjectId, today],
  );
  const linked =
    (subject.kind as SubjectKind) === 'person'
      ? await p.db.query<Row>(
          `SELECT ${COLUMNS}, l.role AS "viaRole", o.public_id AS "viaId", o.name AS "viaName", coalesce(o.uscc, o.reg_no) AS "viaCode"
           FROM subject_link l
             JOIN record r ON r.category = l.category AND r.department_id = l.department_id AND r.source_ref = l.source_ref AND r.superseded_at IS NULL
             JOIN subject o ON o.id = l.org_subject_id
             JOIN department d ON d.id = r.department_id
           WHERE l.person_subject_id = $1 AND l.superseded_at IS NULL AND (r.severity = 'serious' OR r.category = ANY($3::text[]))
           ORDER BY r.decision_date DESC, r.id DESC`,
          [subjectId, today, black],
        )
      : [];
  const present = (r: Row): CreditFileRecord => {
    const def = p.catalog.find(r.category);
    const { departmentId, departmentName, departmentRegion, viaRole, viaId, viaName, viaCode, ...rest } = r;
    return {
      ...rest,
      id: String(r.id),
      categoryName: def?.name ?? r.category,
      listKind: def?.list?.kind ?? null,
      department: { id: departmentId, name: departmentName, regionCode: departmentRegion },
      via: viaRole ? { role: viaRole, organization: { id: viaId!, name: viaName!, code: viaCode } } : null,
    };
  };
  const records = own.map(present);
  const occupations = (subject.kind as SubjectKind) === 'person' ? groupByOccupation(records, (c) => p.catalog.find(c)) : [];
  return { subject, asOf: today, records, linked: linked.map(present), occupations };
}
