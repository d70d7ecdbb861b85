// A subject's own credit file and access log (查询记录), for a subject whose identity was checked:
// the whole file (non-public records too, linked records, source, status, publication window,
// objection and repair marks, the repair notice of each record), and who looked at them: every
// credit check and every read of their non-public data, by whom, when and why. Both reads are
// themselves audited.
import type { Platform } from '../../platform.ts';
import { auditRead, type Actor } from '../../kernel/audit.ts';
import type { DateStr } from '../../kernel/dates.ts';
import type { Subject } from '../subjects/subjects.store.ts';
import { creditFileOf, type CreditFileRecord } from '../subjects/credit-file.service.ts';
import { checksOfSubject } from '../sanctions/checks.store.ts';
import { searchEvents } from '../audit/audit.store.ts';
import { readerLabel } from '../access/personal-data.service.ts';
import { presentFields } from '../catalog/catalog.present.ts';
import { repairNotice } from './rights.rules.ts';
import { repairRecordOf } from './repair.service.ts';
import { summarize, type SubjectSummary } from './identity.service.ts';
import * as objections from './objections.store.ts';
import * as repairs from './repair.store.ts';
import { gradeOfSubject, type GradeAnswer } from '../classification/classification.service.ts';

export type OwnRecord = {
  id: string;
  category: string;
  categoryName: string;
  listKind: 'red' | 'black' | null;
  ref: string;
  source: { department: string };
  decisionDate: DateStr;
  severity: string | null;
  status: string;
  statusOn: DateStr | null;
  statusReason: string | null;
  validUntil: DateStr | null;
  publication: { from: DateStr | null; until: DateStr | null; publicToday: boolean };
  disputed: boolean;
  version: number;
  via: CreditFileRecord['via'];
  fields: { code: string; name: string; value: string }[];
  objection: { number: string; status: string; note: string | null; decidedOn: DateStr | null } | null;
  repair: { number: string; status: string; decidedOn: DateStr | null } | null;
  repairNotice: { repairable: boolean; earliestDate: DateStr | null; how: string };
};

// classification: the subject's own grade with its explanation; a grade is objected to through the
// records behind it (decisions/0016), which are among `records` by id.
export type OwnFile = { subject: SubjectSummary | null; asOf: DateStr; records: OwnRecord[]; linked: OwnRecord[]; classification?: GradeAnswer | null };

export async function ownCreditFile(p: Platform, subject: Subject | undefined, actor: Actor): Promise<OwnFile> {
  const today = p.today();
  if (!subject) return { subject: null, asOf: today, records: [], linked: [] };
  await p.db.tx((tx) => auditRead(tx, actor, ['credit-file'], `subject:${subject.publicId}`, '本人查询信用档案 own credit file'));
  const file = await creditFileOf(p, subject.id);
  const all = [...file.records, ...file.linked];
  const keys = all.map((r) => ({ category: r.category, departmentId: r.department.id, sourceRef: r.ref }));
  const key = (k: { category: string; departmentId: number; sourceRef: string }) => `${k.category}\u0000${k.departmentId}\u0000${k.sourceRef}`;
  const objectionOf = new Map((await objections.latestOutcomes(p.db, keys)).map((o) => [key(o), o]));
  const repairOf = new Map((await repairs.latestRepairs(p.db, keys)).map((r) => [key(r), r]));
  const present = (r: CreditFileRecord): OwnRecord => {
    const k = key({ category: r.category, departmentId: r.department.id, sourceRef: r.ref });
    const o = objectionOf.get(k);
    const rp = repairOf.get(k);
    const notice = repairNotice({ ...repairRecordOf(p, r), ref: r.ref, departmentName: r.department.name, subjectName: subject.name }, p.rules.publication, p.rules.rights, today);
    return {
      id: r.id,
      category: r.category,
      categoryName: r.categoryName,
      listKind: r.listKind,
      ref: r.ref,
      source: { department: r.department.name },
      decisionDate: r.decisionDate,
      severity: r.severity,
      status: r.status,
      statusOn: r.statusOn,
      statusReason: r.statusReason,
      validUntil: r.validUntil,
      publication: { from: r.publicFrom, until: r.publicUntil, publicToday: r.publicToday },
      disputed: r.disputed,
      version: r.version,
      via: r.via,
      fields: presentFields(p.catalog.find(r.category), r.fields),
      objection: o ? { number: o.number, status: o.status, note: o.note, decidedOn: o.decidedOn } : null,
      repair: rp ? { number: rp.number, status: rp.status, decidedOn: rp.decidedOn } : null,
      repairNotice: { repairable: notice.repairable, earliestDate: notice.earliestDate, how: notice.how },
    };
  };
  return { subject: summarize(subject), asOf: today, records: file.records.map(present), linked: file.linked.map(present), classification: await gradeOfSubject(p, subject) };
}

export type AccessEntry = {
  at: string;
  kind: 'credit-check' | 'data-read';
  by: string;
  byKind: string;
  purpose: string | null;
  what: string[];
  ref: string | null; // the check id
  self: boolean;
  organization: string | null; // the department of the staff member who read (a citizen knows departments, not user names)
};

// Newest first: credit checks (their snapshots) and reads of non-public data (audit events).
export async function accessLog(p: Platform, subject: Subject | undefined, actor: Actor, limit = 200): Promise<{ subject: SubjectSummary | null; entries: AccessEntry[] }> {
  if (!subject) return { subject: null, entries: [] };
  const target = `subject:${subject.publicId}`;
  const [checks, reads] = await Promise.all([
    checksOfSubject(p.db, subject.id, limit),
    searchEvents(p.db, { target, action: 'personal-data.read' }, p.config.timeZone, 0, limit),
  ]);
  const entries: AccessEntry[] = [
    ...checks.map((c) => ({
      at: new Date(c.checkedAt).toISOString(),
      kind: 'credit-check' as const,
      by: c.departmentName,
      byKind: 'department',
      // the scenario by its Chinese name (the measures' vocabulary), as the subject reads it
      // and, as for a full report read on it, the authorization the check rested on (banks, agencies)
      purpose:
        `信用核查 ${p.measures.vocabulary.scenarios.find((s) => s.code === c.scenario)?.name ?? c.scenario}${c.matterRef ? ` ${c.matterRef}` : ''}` +
        (c.authorizationId ? `（依据主体授权 ${c.authorizationId}，授权用途：${c.authorizationPurpose ?? ''}）` : ''),
      what: ['credit-check'],
      ref: c.id,
      self: false,
      organization: c.departmentName,
    })),
    ...reads.map((e) => ({
      at: new Date(e.at).toISOString(),
      kind: 'data-read' as const,
      by: e.actor === actor.id ? '本人 the subject' : e.actor,
      byKind: e.actorKind,
      purpose: e.why,
      what: Array.isArray(e.detail.what) ? (e.detail.what as unknown[]).map(String) : [],
      ref: null,
      self: e.actor === actor.id,
      organization: null as string | null,
    })),
  ];
  // readers by department and role, never by sign-in name or key id
  const labels = new Map<string, Awaited<ReturnType<typeof readerLabel>>>();
  for (const e of entries) {
    if (e.kind !== 'data-read' || e.self) continue;
    if (!labels.has(e.by)) labels.set(e.by, await readerLabel(p, e.by));
    const l = labels.get(e.by)!;
    e.by = l.by;
    e.organization = l.organization;
  }
  entries.sort((a, b) => b.at.localeCompare(a.at));
  // reading the log is itself a read of personal data: recorded after the log is taken
  await p.db.tx((tx) => auditRead(tx, actor, ['access-log'], target, '本人查询查询记录 own access log'));
  return { subject: summarize(subject), entries: entries.slice(0, limit) };
}
