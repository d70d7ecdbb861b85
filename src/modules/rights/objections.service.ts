// Objections (异议): a subject (identity checked on the portal, or through staff on their behalf)
// contests records; the providing departments are notified at once and answer within the
// working days the rules give (20 for persons, 15 for market entities); meanwhile the records
// are disputed and their measures suspended in every credit check. Outcomes: correct (a new
// version through the collection pipeline), revoke (a new version with status revoked: out of
// publication and of checks) or uphold, each with the department's explanation.
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import type { DateStr } from '../../kernel/dates.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/errors.ts';
import type { Subject } from '../subjects/subjects.store.ts';
import { correctRecordFields } from '../collection/collection.service.ts';
import { currentVersionForUpdate, insertStatusVersion } from '../collection/records.store.ts';
import { presentFields } from '../catalog/catalog.present.ts';
import { isOverdue, objectionDeadline, parseContact } from './rights.rules.ts';
import { storeEvidence, deliverNotices, type EvidenceUpload } from './rights.service.ts';
import type { SubjectSummary } from './identity.service.ts';
import * as rights from './rights.store.ts';
import { markInPerson } from './identity.store.ts';
import * as store from './objections.store.ts';

export type Outcome = 'correct' | 'revoke' | 'uphold';
export const OUTCOMES: readonly Outcome[] = ['correct', 'revoke', 'uphold'];
const STATUS_OF: Record<Outcome, Exclude<store.ItemStatus, 'open'>> = { correct: 'corrected', revoke: 'revoked', uphold: 'upheld' };

export type RecordRef = { ref: string; category?: string };

// Who files: the subject through the portal (session), or staff for them. `mayFile` narrows
// staff to records of departments in their scope.
export type Filer = {
  actor: Actor;
  via: 'portal' | 'staff';
  sessionId: number | null;
  mayFile?: (r: rights.SubjectRecord) => boolean;
  // 窗口代办: the identity document staff saw in person, and who saw it
  inPerson?: { document: string; checkedBy: string };
};

export type FileInput = {
  records: RecordRef[];
  reason: string;
  evidence?: EvidenceUpload[];
  applicant?: { name?: string; contact?: string };
};

export type AffectedCheckView = {
  checkId: string;
  checkedAt: string;
  department: { id: number; name: string };
  scenario: string;
  scenarioName: string;
  matterRef: string | null;
  measureId: string;
  measureName: string;
  feedback: string | null;
  record: { category: string; ref: string };
};

export type ObjectionItemView = {
  seq: number;
  recordId: string;
  category: string;
  categoryName: string;
  ref: string;
  department: { id: number; name: string };
  status: store.ItemStatus;
  note: string | null;
  decidedAt: string | null;
  decidedOn: DateStr | null;
  overdue: boolean;
  resultRecordId: string | null;
  // staff only: the record's current version, what a correction starts from
  current?: { recordId: string; version: number; status: string; fields: { code: string; name: string; value: string }[] } | null;
};

export type ObjectionView = {
  objectionId: string;
  number: string;
  status: 'open' | 'decided';
  filedVia: 'portal' | 'staff';
  filedAt: string;
  filedOn: DateStr;
  reason: string;
  subject: SubjectSummary;
  applicant: { name: string | null; contact: string | null } | null;
  inPerson: { document: string; checkedBy: string | null } | null;
  dueDate: DateStr;
  provisional: boolean;
  workingDays: number;
  rule: string;
  overdue: boolean;
  escalated: boolean;
  decidedAt: string | null;
  items: ObjectionItemView[];
  evidence: { sha256: string; filename: string; contentType: string; size: number; purpose: string }[];
  affectedChecks: AffectedCheckView[];
};

const text = (v: string | undefined, max: number, code: string, zh: string, en: string): string => {
  const t = (v ?? '').trim();
  if (!t) throw badRequest(`${code}_REQUIRED`, `请填写${zh}`, `${en} is required`);
  if (t.length > max) throw badRequest(`${code}_TOO_LONG`, `${zh}不能超过 ${max} 字`, `${en} may have at most ${max} characters`);
  return t;
};

// The subject's current records named by 文书号 (and category when one 文书号 is ambiguous).
export async function resolveRecords(db: Db, subjectId: number, refs: readonly RecordRef[]): Promise<rights.SubjectRecord[]> {
  if (refs.length === 0) throw badRequest('RECORDS_REQUIRED', '请指明有异议的信用记录（文书号）', 'Name the records contested (their 文书号)');
  if (refs.length > 20) throw badRequest('RECORDS_TOO_MANY', '一次最多对 20 条记录提出异议', 'At most 20 records per objection');
  const found = await rights.subjectRecordsByRef(db, subjectId, [...new Set(refs.map((r) => r.ref.trim()))]);
  const out: rights.SubjectRecord[] = [];
  for (const r of refs) {
    const ref = r.ref.trim();
    const hits = found.filter((f) => f.sourceRef === ref && (!r.category || f.category === r.category));
    if (hits.length === 0) throw notFound('RECORD_NOT_FOUND', `该主体没有文书号为“${ref}”的信用记录`, `The subject has no record with reference "${ref}"`);
    if (hits.length > 1)
      throw conflict('RECORD_AMBIGUOUS', `文书号“${ref}”对应多条记录，请同时指明信息类别（${hits.map((h) => h.category).join('、')}）`, `Reference "${ref}" names several records; give the category too (${hits.map((h) => h.category).join(', ')})`);
    if (!out.some((o) => o.id === hits[0]!.id)) out.push(hits[0]!);
  }
  return out;
}

export type WindowRecord = {
  category: string;
  categoryName: string;
  ref: string;
  decisionDate: string;
  department: { id: number; name: string };
  status: string;
  linked: boolean;
  // may be contested here: active or exited, no objection open on it
  contestable: boolean;
  openObjection: boolean;
};

// 窗口代办: the subject's current records a staff member may file an objection on (those of
// departments in their scope, `mayFile`), newest first, each saying whether it can be contested.
export async function windowRecords(p: Platform, subject: Subject, mayFile: (r: rights.SubjectRecord) => boolean): Promise<WindowRecord[]> {
  const records = (await rights.currentSubjectRecords(p.db, subject.id)).filter(mayFile);
  const open = new Set(await store.openItemKeys(p.db, records));
  return records.map((r) => ({
    category: r.category,
    categoryName: p.catalog.find(r.category)?.name ?? r.category,
    ref: r.sourceRef,
    decisionDate: r.decisionDate,
    department: { id: Number(r.departmentId), name: r.departmentName },
    status: r.status,
    linked: r.linked,
    contestable: (r.status === 'active' || r.status === 'exited') && !open.has(r.sourceRef),
    openObjection: open.has(r.sourceRef),
  }));
}

export async function fileObjection(p: Platform, subject: Subject, filer: Filer, input: FileInput): Promise<ObjectionView> {
  const reason = text(input.reason, 2000, 'REASON', '异议理由', 'A reason');
  const records = await resolveRecords(p.db, subject.id, input.records);
  for (const r of records) {
    if (r.status !== 'active' && r.status !== 'exited')
      throw conflict('RECORD_NOT_CONTESTABLE', `记录“${r.sourceRef}”已${r.status === 'revoked' ? '撤销' : '修复'}，无需提出异议`, `Record "${r.sourceRef}" is ${r.status}: there is nothing to contest`);
    if (filer.mayFile && !filer.mayFile(r))
      throw forbidden('DEPARTMENT_OUT_OF_SCOPE', `记录“${r.sourceRef}”由${r.departmentName}提供，不在您的管辖范围内`, `Record "${r.sourceRef}" comes from a department outside your scope`);
  }
  const open = await store.openItemKeys(p.db, records);
  if (open.length)
    throw conflict('OBJECTION_OPEN', `记录“${open.join('、')}”已有正在处理的异议`, `Record(s) ${open.join(', ')} already have an objection under verification`);
  const contact = input.applicant?.contact?.trim() ? parseContact(input.applicant.contact) : undefined;
  if (input.applicant?.contact?.trim() && !contact) throw badRequest('CONTACT_INVALID', '联系方式应为手机号码或电子邮箱', 'The contact must be a mobile number or an e-mail address');
  const applicantName = input.applicant?.name?.trim().slice(0, 100) || null;
  const evidence = await storeEvidence(p, input.evidence ?? [], 'evidence');
  const now = p.now();
  const today = p.today();
  const due = objectionDeadline(p.rules.rights, p.calendar, today, subject.kind);
  const id = randomUUID();
  try {
    await p.db.tx(async (tx) => {
      const number = await rights.nextNumber(tx, 'YY', today);
      await store.insertObjection(tx, {
        id,
        number,
        subjectId: subject.id,
        subjectKind: subject.kind,
        filedVia: filer.via,
        filedBy: filer.actor.id,
        sessionId: filer.sessionId,
        applicantName,
        applicantContact: contact ? p.crypto.encrypt(contact.value) : null,
        contactMasked: contact?.masked ?? null,
        reason,
        filedAt: now,
        filedOn: today,
        workingDays: due.workingDays,
        dueDate: due.due,
        dueProvisional: due.provisional,
        ruleSource: due.source,
        items: records.map((r) => ({ category: r.category, departmentId: r.departmentId, sourceRef: r.sourceRef, recordId: r.id })),
      });
      await rights.insertEvidence(tx, { kind: 'objection', id }, evidence, filer.actor.id);
      if (filer.inPerson) await markInPerson(tx, 'objection', id, filer.inPerson);
      await rights.openDisputes(tx, id, records, now);
      // the providing departments learn of it at once (work-portal queue and the notifier)
      const departments = [...new Set(records.map((r) => r.departmentId))];
      await rights.enqueueNotices(
        tx,
        departments.map((d) => ({
          audience: 'department' as const,
          departmentId: d,
          kind: 'objection.filed',
          ref: id,
          payload: {
            number,
            dueDate: due.due,
            provisional: due.provisional,
            records: records.filter((r) => r.departmentId === d).map((r) => ({ category: r.category, ref: r.sourceRef })),
          },
        })),
        now,
      );
      await writeAudit(tx, filer.actor, 'objection.file', `objection:${id}`, {
        number,
        subject: subject.publicId,
        via: filer.via,
        ...(filer.inPerson ? { inPerson: filer.inPerson } : {}),
        records: records.map((r) => ({ category: r.category, ref: r.sourceRef, recordId: r.id })),
        dueDate: due.due,
        provisional: due.provisional,
        evidence: evidence.map((e) => e.sha256),
      });
    });
  } catch (err) {
    // two filings at once: the unique index on open items lets one through
    if ((err as { code?: string }).code === '23505') throw conflict('OBJECTION_OPEN', '该记录已有正在处理的异议', 'The record already has an objection under verification');
    throw err;
  }
  await deliverNotices(p).catch(() => undefined); // the sweep retries what fails here
  return getObjection(p, id, { departmentIds: null, staff: filer.via === 'staff' });
}

export type Scope = { departmentIds: readonly number[] | null; staff: boolean };

export async function getObjection(p: Platform, idOrNumber: string, scope: Scope): Promise<ObjectionView> {
  const o = await store.findObjection(p.db, idOrNumber);
  const visible = o && (scope.departmentIds === null || o.items.some((i) => scope.departmentIds!.includes(i.departmentId)));
  if (!o || !visible) throw notFound('OBJECTION_NOT_FOUND', `异议 ${idOrNumber} 不存在`, `Objection ${idOrNumber} not found`);
  const items = scope.departmentIds === null ? o.items : o.items.filter((i) => scope.departmentIds!.includes(i.departmentId));
  const evidence = (await rights.evidenceOf(p.db, 'objection', [o.id])).get(o.id) ?? [];
  const affected: AffectedCheckView[] = [];
  for (const i of items)
    if (i.status === 'corrected' || i.status === 'revoked') affected.push(...(await affectedChecks(p, p.db, i)));
  const view = present(p, o, items, evidence, affected, scope.staff);
  if (!scope.staff) return view;
  const key = (k: rights.RecordKey) => `${k.category}\u0000${k.departmentId}\u0000${k.sourceRef}`;
  const current = new Map((await rights.currentContents(p.db, items)).map((c) => [key(c), c]));
  view.items.forEach((v, n) => {
    const c = current.get(key(items[n]!));
    v.current = c ? { recordId: String(c.id), version: c.version, status: c.status, fields: presentFields(p.catalog.find(c.category), c.fields) } : null;
  });
  return view;
}

// with the measure's and scenario's Chinese names: people read these (never a raw id such as dd-bidding)
async function affectedChecks(p: Platform, db: Db, i: Pick<store.ItemRow, 'category' | 'departmentId' | 'sourceRef'>): Promise<AffectedCheckView[]> {
  const checks = await rights.checksTriggeredBy(db, i);
  if (checks.length === 0) return [];
  const measures = new Map((await p.measures.current()).map((m) => [m.id, m.name]));
  const scenarios = new Map(p.measures.vocabulary.scenarios.map((x) => [x.code, x.name]));
  return checks.map((c) => ({
    checkId: c.checkId,
    checkedAt: new Date(c.checkedAt).toISOString(),
    department: { id: c.departmentId, name: c.departmentName },
    scenario: c.scenario,
    scenarioName: scenarios.get(c.scenario) ?? c.scenario,
    matterRef: c.matterRef,
    measureId: c.measureId,
    measureName: measures.get(c.measureId) ?? c.measureId,
    feedback: c.outcome,
    record: { category: i.category, ref: i.sourceRef },
  }));
}

function present(
  p: Platform,
  o: store.ObjectionRow,
  items: readonly store.ItemRow[],
  evidence: readonly rights.Evidence[],
  affected: AffectedCheckView[],
  staff: boolean,
): ObjectionView {
  const today = p.today();
  return {
    objectionId: o.id,
    number: o.number,
    status: o.status,
    filedVia: o.filedVia,
    filedAt: new Date(o.filedAt).toISOString(),
    filedOn: o.filedOn,
    reason: o.reason,
    subject: { id: o.subjectPublicId, kind: o.subjectKind, name: o.subjectName, code: o.subjectCode, maskedId: o.subjectMaskedId },
    applicant: staff ? { name: o.applicantName, contact: o.contactMasked } : null,
    // 窗口代办: the document the staff member saw (staff views only)
    inPerson: staff && o.inPersonDocument ? { document: o.inPersonDocument, checkedBy: o.inPersonCheckedBy } : null,
    dueDate: o.dueDate,
    provisional: o.dueProvisional,
    workingDays: o.workingDays,
    rule: o.ruleSource,
    overdue: items.some((i) => isOverdue(o.dueDate, i.decidedOn, today)),
    escalated: o.escalatedAt !== null,
    decidedAt: o.decidedAt ? new Date(o.decidedAt).toISOString() : null,
    items: items.map((i) => ({
      seq: i.seq,
      recordId: String(i.recordId),
      category: i.category,
      categoryName: p.catalog.find(i.category)?.name ?? i.category,
      ref: i.sourceRef,
      department: { id: i.departmentId, name: i.departmentName },
      status: i.status,
      note: i.note,
      decidedAt: i.decidedAt ? new Date(i.decidedAt).toISOString() : null,
      decidedOn: i.decidedOn,
      overdue: isOverdue(o.dueDate, i.decidedOn, today),
      resultRecordId: i.resultRecordId === null ? null : String(i.resultRecordId),
    })),
    evidence: evidence.map((e) => ({ sha256: e.sha256, filename: e.filename, contentType: e.contentType, size: e.size, purpose: e.purpose })),
    affectedChecks: affected,
  };
}

export async function listObjections(
  p: Platform,
  f: Omit<store.ObjectionFilter, 'overdueOn'> & { overdue?: boolean },
  staff: boolean,
): Promise<{ items: ObjectionView[]; total: number }> {
  const r = await store.listObjections(p.db, { ...f, overdueOn: f.overdue ? p.today() : undefined });
  const evidence = await rights.evidenceOf(p.db, 'objection', r.items.map((o) => o.id));
  return { total: r.total, items: r.items.map((o) => present(p, o, o.items, evidence.get(o.id) ?? [], [], staff)) };
}

export type DecideInput = {
  outcome: Outcome;
  note: string;
  fields?: Record<string, string>; // correct: the corrected values, by field code or Chinese name
  seqs?: number[]; // which of the department's open items (default: all of them)
};

// The department answers its open items of the objection. departmentIds null: any department
// (the operator's CLI).
export async function decideObjection(p: Platform, actor: Actor, idOrNumber: string, departmentIds: readonly number[] | null, input: DecideInput): Promise<ObjectionView> {
  if (!OUTCOMES.includes(input.outcome)) throw badRequest('OUTCOME_UNKNOWN', `处理结果应为 correct、revoke 或 uphold：${input.outcome}`, `The outcome must be correct, revoke or uphold: ${input.outcome}`);
  const note = text(input.note, 2000, 'NOTE', '核实说明', 'An explanation');
  const now = p.now();
  const today = p.today();
  const objectionId = await p.db.tx(async (tx) => {
    const o = await store.findObjection(tx, idOrNumber, true);
    const mine = o?.items.filter((i) => departmentIds === null || departmentIds.includes(i.departmentId)) ?? [];
    if (!o || mine.length === 0) throw notFound('OBJECTION_NOT_FOUND', `异议 ${idOrNumber} 不存在`, `Objection ${idOrNumber} not found`);
    let open = mine.filter((i) => i.status === 'open');
    if (input.seqs?.length) {
      const unknown = input.seqs.filter((s) => !mine.some((i) => i.seq === s));
      if (unknown.length) throw badRequest('ITEM_UNKNOWN', `异议中没有序号为 ${unknown.join('、')} 的记录`, `The objection has no item ${unknown.join(', ')}`);
      open = open.filter((i) => input.seqs!.includes(i.seq));
    }
    if (open.length === 0) throw conflict('OBJECTION_ALREADY_DECIDED', '这些记录的异议已处理', 'These records were already decided');
    const hasFields = input.fields !== undefined && Object.keys(input.fields).length > 0;
    if (hasFields && (input.outcome !== 'correct' || open.length !== 1))
      throw badRequest('CORRECTION_ONE_RECORD', '更正内容只能针对一条记录给出（请指明序号）', 'Corrected values apply to exactly one record (name its item)');
    const results: { item: store.ItemRow; resultId: number | null }[] = [];
    for (const item of open) {
      let resultId: number | null = null;
      if (input.outcome === 'correct') resultId = await correctRecord(p, tx, actor, item, input.fields ?? {}, today);
      if (input.outcome === 'revoke') {
        const cur = await currentVersionForUpdate(tx, item, p.config.timeZone);
        if (!cur) throw notFound('RECORD_NOT_FOUND', `记录“${item.sourceRef}”不存在`, `Record "${item.sourceRef}" not found`);
        resultId = (await insertStatusVersion(tx, cur.id, 'revoked', today, `异议 ${o.number}：${note}`)).id;
      }
      await store.decideItem(tx, o.id, item.seq, { status: STATUS_OF[input.outcome], note, at: now, on: today, by: actor.id, resultRecordId: resultId });
      await rights.closeDispute(tx, o.id, item, now);
      results.push({ item, resultId });
    }
    const decided = await store.closeIfDecided(tx, o.id, now);
    // departments that applied a punishment on the strength of a revoked or corrected record
    // restore the subject's standing [2017 五(三)]
    const affected: AffectedCheckView[] = [];
    if (input.outcome !== 'uphold') for (const r of results) affected.push(...(await affectedChecks(p, tx, r.item)));
    await rights.enqueueNotices(
      tx,
      affected.map((a) => ({
        audience: 'department' as const,
        departmentId: a.department.id,
        kind: 'check.affected',
        ref: `${a.checkId}:${a.measureId}:${o.id}`,
        payload: { checkId: a.checkId, measureId: a.measureId, feedback: a.feedback, objection: o.number, record: a.record, outcome: input.outcome },
      })),
      now,
    );
    await writeAudit(tx, actor, 'objection.decide', `objection:${o.id}`, {
      number: o.number,
      outcome: input.outcome,
      items: results.map((r) => ({ seq: r.item.seq, category: r.item.category, ref: r.item.sourceRef, resultRecordId: r.resultId })),
      decided,
      affectedChecks: affected.map((a) => a.checkId),
    });
    return o.id;
  });
  await deliverNotices(p).catch(() => undefined);
  return getObjection(p, objectionId, { departmentIds, staff: true });
}

// A correction is a new version made by the collection pipeline (validation, subject index,
// publication window, links): the current content with the corrected values. Without values,
// a version the department submitted since the filing is the correction.
async function correctRecord(p: Platform, tx: Db, actor: Actor, item: store.ItemRow, patch: Record<string, string>, today: DateStr): Promise<number> {
  const cur = await currentVersionForUpdate(tx, item, p.config.timeZone);
  if (!cur) throw notFound('RECORD_NOT_FOUND', `记录“${item.sourceRef}”不存在`, `Record "${item.sourceRef}" not found`);
  if (cur.status !== 'active' && cur.status !== 'exited')
    throw conflict('RECORD_NOT_CORRECTABLE', `记录“${item.sourceRef}”状态为 ${cur.status}，不能更正`, `Record "${item.sourceRef}" is ${cur.status} and cannot be corrected`);
  if (Object.keys(patch).length === 0) {
    if (cur.id !== item.recordId) return cur.id;
    throw badRequest(
      'CORRECTION_FIELDS_REQUIRED',
      '更正须给出更正后的字段值（如 CF_NR=…），或先通过数据报送提交更正后的记录',
      'A correction needs the corrected values (e.g. CF_NR=…), or submit the corrected record through collection first',
    );
  }
  // a new version through collection, received as the first version was
  return correctRecordFields(p, tx, actor, { ...item, ...cur }, patch, today);
}
