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
import { departmentRegions, personalDataRule, refusalError, requesterOf } from '../access/personal-data.service.ts';
import { applyReadScope, homeRegionsOf, inReadScope, scopeCoversAll, scopeDetail, type ReadScope } from '../access/personal-data.rules.ts';
import { regionContains } from '../access/access.rules.ts';
import { regionLabel } from '../../kernel/codes/region.ts';
import { withholdEligibility, withholdMeasures } from '../sanctions/check-privacy.rules.ts';
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
import { authorizationCovering, authorizationForUse } from '../authorizations/authorizations.service.ts';
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
  // the grade with its explanation and history (read under the file's rule); null in a partial
  // read while the person has records held outside the requester's region (it rests on them)
  classification: GradeAnswer | null;
  // what of the file was read: the whole file, or (a requester outside the person's own region
  // whose region holds records of them) the records held in its region and those public today,
  // with how many of each part were withheld — never what they are
  scope: FileScope;
};

export type FileScope = {
  kind: 'whole' | 'own-region-records';
  region: string | null;
  regionName: string | null;
  withheld: { records: number; linked: number; objections: number; repairs: number; linkedOrganizations: number; measureTriggers: number; classification: boolean };
};

export type QueryInput = { subject: string; purpose?: string | null; matterRef?: string | null };

const MAX_ROWS = 200;

export async function staffCreditFile(p: Platform, who: Principal, actor: Actor, input: QueryInput): Promise<StaffCreditFile> {
  const subject = await findSubjectByCode(p.db, input.subject, p.crypto);
  if (!subject) throw notFound('SUBJECT_NOT_FOUND', '平台没有该主体的信用记录', 'The platform holds no record of this subject');
  const requester = await requesterOf(p, who);
  const today = p.today();
  const recordRegions = await recordRegionsOf(p.db, subject.id);
  const regions = subjectRegions(subject, recordRegions);
  const rule = personalDataRule(today);
  const home = subject.kind === 'person' ? homeRegionsOf(subject.idMasked, subject.idType) : [];
  // a bank's or agency's staff read a person's file only on the subject's authorization; a valid
  // one opens the whole file out of region (rule `authorizationOpensRegion`, decision 0053)
  const use = { subject, requester: (await findActingDepartment(p.db, who)) ?? null, scope: 'credit-file' as const };
  const covering = await authorizationCovering(p, use);
  const verdict = requester
    ? queryVerdict(requester, subject.kind, { purpose: input.purpose, matterRef: input.matterRef, subjectRegions: regions, homeRegions: home, recordRegions, authorized: covering !== null }, rule)
    : ({ ok: false, refusal: { code: 'CREDIT_FILE_FORBIDDEN', zh: '您不能查询主体的完整信用档案', en: 'You may not open a subject’s full credit file' } } as const);
  if (!verdict.ok) throw refusalError(verdict.refusal);
  const scope: ReadScope = verdict.scope;
  const purpose = input.purpose!.trim();
  const matterRef = input.matterRef!.trim();
  const authorization = covering ?? (await authorizationForUse(p, use));
  // the grade first, on its own: it may regrade the subject in a transaction of its own (a file
  // changed since), which on the embedded database must not interleave with the reads below. A
  // person's grade rests on their whole file: not read in a partial scope that leaves records out.
  const gradeShown = scopeCoversAll(scope, recordRegions);
  const classification = gradeShown ? await gradeOfSubject(p, subject) : null;
  const [file, objections, repairs, measures] = await Promise.all([
    creditFileOf(p, subject.id),
    listObjections(p.db, { subjectId: subject.id, limit: MAX_ROWS, offset: 0 }),
    listRepairs(p.db, { subjectId: subject.id, limit: MAX_ROWS, offset: 0 }),
    measuresOfSubject(p, subject.publicId),
  ]);
  // the read's scope applied: records by the region of the department holding them (or public
  // today); objections, repairs and links by the department of the record they concern
  const where = (r: CreditFileRecord) => ({ holderRegion: r.department.regionCode, publicToday: r.publicToday });
  const own = applyReadScope(scope, file.records, where);
  const linkedRecords = applyReadScope(scope, file.linked, where);
  const shownIds = new Set([...own.shown, ...linkedRecords.shown].map((r) => Number(r.id)));
  const depRegion = scope.kind === 'whole' ? new Map<number, string>() : await departmentRegions(p);
  const held = (departmentId: number, recordId?: number | null) =>
    inReadScope(scope, { holderRegion: depRegion.get(departmentId) }) || (recordId != null && shownIds.has(Number(recordId)));
  // an objection is shown only if every record it concerns is (its reason may describe them)
  const shownObjections = objections.items.filter((o) => o.items.every((i) => held(i.departmentId, i.recordId)));
  const shownRepairs = repairs.items.filter((a) => held(a.departmentId, a.recordId));
  const orgs0 = subject.kind === 'person' ? await organizationsLinkedTo(p.db, subject.id) : [];
  const orgs = orgs0.filter((x) => held(x.departmentId));
  const m = scope.kind === 'whole' ? { value: measures.measures, withheld: 0 } : withholdMeasures(measures.measures, shownIds);
  const e = scope.kind === 'whole' ? { value: measures.eligibility, withheld: 0 } : withholdEligibility(measures.eligibility, shownIds);
  const fileScope: FileScope = {
    kind: scope.kind,
    region: scope.kind === 'whole' ? null : scope.region,
    regionName: scope.kind === 'whole' ? null : regionLabel(scope.region),
    withheld: {
      records: own.withheld,
      linked: linkedRecords.withheld,
      objections: objections.items.length - shownObjections.length,
      repairs: repairs.items.length - shownRepairs.length,
      linkedOrganizations: orgs0.length - orgs.length,
      measureTriggers: m.withheld,
      classification: !gradeShown,
    },
  };
  // audited before anything is answered: the subject's access log shows it with this purpose,
  // and the event the scope applied and the counts
  await p.db.tx((tx) =>
    auditRead(tx, actor, ['credit-file'], `subject:${subject.publicId}`, readReason(purpose, matterRef, authorization), {}, {
      query: 'staff-credit-file',
      matterRef,
      ...(authorization ? { authorization: authorization.id } : {}),
      ...scopeDetail(scope, own.shown.length + linkedRecords.shown.length, own.withheld + linkedRecords.withheld),
    }),
  );
  const persons = subject.kind === 'person' ? [] : await personsLinkedTo(p.db, subject.id);
  const present = (r: CreditFileRecord): FileRecord => ({ ...r, fields: presentFields(p.catalog.find(r.category), r.fields) });
  return {
    // in a partial scope the regions of departments elsewhere holding records are not said either
    subject: {
      id: subject.publicId,
      kind: subject.kind,
      name: subject.name,
      code: subject.uscc ?? subject.regNo ?? null,
      maskedId: subject.idMasked,
      regions: scope.kind === 'whole' ? regions : regions.filter((r) => home.includes(r) || regionContains(scope.region, r)),
    },
    asOf: today,
    purpose,
    matterRef,
    authorization: authorization ? { id: authorization.id, validUntil: authorization.validUntil } : null,
    records: own.shown.filter((r) => !r.listKind).map(present),
    listEntries: own.shown.filter((r) => r.listKind).map(present),
    linked: linkedRecords.shown.map(present),
    occupations: scope.kind === 'whole' ? file.occupations.map((g) => ({ occupation: g.occupation, certificates: g.certificates, recordIds: g.records.map((r) => r.id) })) : occupationsShown(file.occupations, shownIds),
    objections: shownObjections.map((o) => ({
      number: o.number,
      status: o.status,
      filedOn: o.filedOn,
      dueDate: o.dueDate,
      reason: o.reason,
      items: o.items.map((i) => ({ category: i.category, ref: i.sourceRef, department: i.departmentName, status: i.status, note: i.note })),
    })),
    repairs: shownRepairs.map((a) => ({
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
    measures: m.value,
    eligibility: e.value,
    classification,
    scope: fileScope,
  };
}

// A partial read's occupations: only the shown records; a certificate only if every record of
// the occupation is shown (the group does not say which record it came from).
function occupationsShown(groups: readonly { occupation: StaffCreditFile['occupations'][number]['occupation']; certificates: string[]; records: readonly CreditFileRecord[] }[], shown: ReadonlySet<number>): StaffCreditFile['occupations'] {
  return groups
    .map((g) => {
      const ids = g.records.filter((r) => shown.has(Number(r.id))).map((r) => r.id);
      return { occupation: g.occupation, certificates: ids.length === g.records.length ? g.certificates : [], recordIds: ids };
    })
    .filter((g) => g.recordIds.length > 0);
}
