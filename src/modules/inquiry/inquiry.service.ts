// The staff credit query (部门信用查询): department staff and operators look a subject up by name
// or code and, after stating a purpose and a matter reference, open its full credit file — every
// current record and list entry, objections, repairs, linked persons or organizations, and the
// measures the file would trigger. Each opening is authorized by the one personal-data rule
// (role, region; for a person also department kinds, second factor and a bank's authorization),
// audited as a read with its purpose, and so appears in the subject's own access log
// (rights/own-file.service.ts reads the same audit events).
import type { Platform } from '../../platform.ts';
import { auditRead, type Actor } from '../../kernel/audit.ts';
import { badRequest, notFound } from '../../kernel/errors.ts';
import type { DateStr } from '../../kernel/dates.ts';
import type { Principal } from '../access/auth.ts';
import { personalDataRule, refusalError, requesterOf } from '../access/personal-data.service.ts';
import { findActingDepartment } from '../access/scope.service.ts';
import { findSubjectByCode, isCodeLike, searchOrganizationsByName, type Subject } from '../subjects/subjects.store.ts';
import { creditFileOf, type CreditFileRecord } from '../subjects/credit-file.service.ts';
import { organizationsLinkedTo, personsLinkedTo } from '../subjects/subject-links.store.ts';
import { recordRegionsOf } from '../collection/records.store.ts';
import { measuresOfSubject } from '../sanctions/checks.service.ts';
import type { FileMeasure, Eligibility } from '../sanctions/sanctions.rules.ts';
import { presentFields } from '../catalog/catalog.present.ts';
import { listObjections } from '../rights/objections.store.ts';
import { listRepairs } from '../rights/repair.store.ts';
import { authorizationForUse } from '../authorizations/authorizations.service.ts';
import { gradeOfSubject, type GradeAnswer } from '../classification/classification.service.ts';
import { queryVerdict, readReason, subjectRegions } from './inquiry.rules.ts';

export type SubjectHit = { id: string; kind: Subject['kind']; name: string | null; code: string | null; maskedId: string | null };

const SEARCH_LIMIT = 20;

// A name finds organizations and individual businesses; a code finds any subject. A person is
// shown by masked ID number only: the name comes with the file, after a purpose is stated.
export async function searchSubjects(p: Platform, q: string): Promise<{ items: SubjectHit[]; by: 'code' | 'name' }> {
  const text = q.trim();
  if ([...text].length < 2) throw badRequest('QUERY_TOO_SHORT', '请输入至少 2 个字的名称，或完整的代码', 'Type at least 2 characters of the name, or a whole code');
  const hit = (s: Subject): SubjectHit => ({ id: s.publicId, kind: s.kind, name: s.kind === 'person' ? null : s.name, code: s.uscc ?? s.regNo ?? null, maskedId: s.idMasked });
  if (isCodeLike(text)) {
    const s = await findSubjectByCode(p.db, text, p.crypto);
    return { items: s ? [hit(s)] : [], by: 'code' };
  }
  return { items: (await searchOrganizationsByName(p.db, text, SEARCH_LIMIT)).map(hit), by: 'name' };
}

export type FileRecord = Omit<CreditFileRecord, 'fields'> & { fields: { code: string; name: string; value: string }[] };

export type StaffCreditFile = {
  subject: SubjectHit & { name: string; regions: string[] };
  asOf: DateStr;
  purpose: string;
  matterRef: string;
  authorization: { id: string; validUntil: DateStr | null } | null;
  records: FileRecord[]; // licences, penalties and other records (not list entries)
  listEntries: FileRecord[];
  linked: FileRecord[]; // a person: the serious records and blacklist entries of organizations naming them
  occupations: { occupation: { code: string; name: string; gbt6565: string | null }; certificates: string[]; recordIds: string[] }[];
  objections: { number: string; status: string; filedOn: DateStr; dueDate: DateStr; reason: string; items: { category: string; ref: string; department: string; status: string; note: string | null }[] }[];
  repairs: { number: string; status: string; category: string; ref: string; department: string; filedOn: DateStr; decidedOn: DateStr | null; decisionReason: string | null }[];
  linkedPersons: { role: string; id: string; name: string; maskedId: string | null; ref: string }[];
  linkedOrganizations: { role: string; id: string; name: string; code: string | null; ref: string }[];
  measures: FileMeasure[];
  eligibility: Eligibility;
  classification: GradeAnswer; // the grade with its explanation and history (read under the file's rule)
};

export type QueryInput = { subject: string; purpose?: string | null; matterRef?: string | null };

const MAX_ROWS = 200;

export async function staffCreditFile(p: Platform, who: Principal, actor: Actor, input: QueryInput): Promise<StaffCreditFile> {
  const subject = await findSubjectByCode(p.db, input.subject, p.crypto);
  if (!subject) throw notFound('SUBJECT_NOT_FOUND', '平台没有该主体的信用记录', 'The platform holds no record of this subject');
  const requester = await requesterOf(p, who);
  const today = p.today();
  const regions = subjectRegions(subject, await recordRegionsOf(p.db, subject.id));
  const rule = personalDataRule(today);
  const verdict = requester
    ? queryVerdict(requester, subject.kind, { purpose: input.purpose, matterRef: input.matterRef, subjectRegions: regions }, rule)
    : ({ ok: false, refusal: { code: 'CREDIT_FILE_FORBIDDEN', zh: '您不能查询主体的完整信用档案', en: 'You may not open a subject’s full credit file' } } as const);
  if (!verdict.ok) throw refusalError(verdict.refusal);
  const purpose = input.purpose!.trim();
  const matterRef = input.matterRef!.trim();
  // a bank's or agency's staff read a person's file only on the subject's authorization
  const authorization = await authorizationForUse(p, { subject, requester: (await findActingDepartment(p.db, who)) ?? null, scope: 'credit-file' });
  // audited before anything is read: the subject's access log shows it with this purpose
  await p.db.tx((tx) =>
    auditRead(tx, actor, ['credit-file'], `subject:${subject.publicId}`, readReason(purpose, matterRef), {}, {
      query: 'staff-credit-file',
      matterRef,
      ...(authorization ? { authorization: authorization.id } : {}),
    }),
  );
  // the grade first, on its own: it may regrade the subject in a transaction of its own (a file
  // changed since), which on the embedded database must not interleave with the reads below
  const classification = await gradeOfSubject(p, subject);
  const [file, objections, repairs, measures] = await Promise.all([
    creditFileOf(p, subject.id),
    listObjections(p.db, { subjectId: subject.id, limit: MAX_ROWS, offset: 0 }),
    listRepairs(p.db, { subjectId: subject.id, limit: MAX_ROWS, offset: 0 }),
    measuresOfSubject(p, subject.publicId),
  ]);
  const persons = subject.kind === 'person' ? [] : await personsLinkedTo(p.db, subject.id);
  const orgs = subject.kind === 'person' ? await organizationsLinkedTo(p.db, subject.id) : [];
  const present = (r: CreditFileRecord): FileRecord => ({ ...r, fields: presentFields(p.catalog.find(r.category), r.fields) });
  return {
    subject: { id: subject.publicId, kind: subject.kind, name: subject.name, code: subject.uscc ?? subject.regNo ?? null, maskedId: subject.idMasked, regions },
    asOf: today,
    purpose,
    matterRef,
    authorization: authorization ? { id: authorization.id, validUntil: authorization.validUntil } : null,
    records: file.records.filter((r) => !r.listKind).map(present),
    listEntries: file.records.filter((r) => r.listKind).map(present),
    linked: file.linked.map(present),
    occupations: file.occupations.map((g) => ({ occupation: g.occupation, certificates: g.certificates, recordIds: g.records.map((r) => r.id) })),
    objections: objections.items.map((o) => ({
      number: o.number,
      status: o.status,
      filedOn: o.filedOn,
      dueDate: o.dueDate,
      reason: o.reason,
      items: o.items.map((i) => ({ category: i.category, ref: i.sourceRef, department: i.departmentName, status: i.status, note: i.note })),
    })),
    repairs: repairs.items.map((a) => ({
      number: a.number,
      status: a.status,
      category: a.category,
      ref: a.sourceRef,
      department: a.departmentName,
      filedOn: a.filedOn,
      decidedOn: a.decidedOn,
      decisionReason: a.decisionReason,
    })),
    linkedPersons: persons.map((x) => ({ role: x.role, id: x.publicId, name: x.name, maskedId: x.idMasked, ref: x.sourceRef })),
    linkedOrganizations: orgs.map((x) => ({ role: x.role, id: x.publicId, name: x.name, code: x.code, ref: x.sourceRef })),
    measures: measures.measures,
    eligibility: measures.eligibility,
    classification,
  };
}
