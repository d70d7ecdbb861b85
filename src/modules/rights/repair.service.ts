// Credit repair (信用修复): eligibility from the rules in force (minimum period passed,
// obligations fulfilled with evidence, a public commitment), the application, the department's
// review within N working days, and the outcome. Approval is a new version with status repaired:
// the record leaves publication (its window ends the day before) and triggers no measure.
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import type { DateStr } from '../../kernel/dates.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { DomainError, badRequest, conflict, forbidden, notFound } from '../../kernel/errors.ts';
import type { Subject } from '../subjects/subjects.store.ts';
import { currentVersionForUpdate, insertStatusVersion } from '../collection/records.store.ts';
import { isOverdue, parseContact, repairDeadline, repairEligibility, repairNotice, type RepairEligibility, type RepairNotice, type RepairRecord } from './rights.rules.ts';
import { storeEvidence, deliverNotices, type EvidenceUpload } from './rights.service.ts';
import { markInPerson } from './identity.store.ts';
import { resolveRecords, type Filer, type RecordRef, type Scope } from './objections.service.ts';
import type { SubjectSummary } from './identity.service.ts';
import * as rights from './rights.store.ts';
import * as store from './repair.store.ts';

export function repairRecordOf(p: Platform, r: Pick<rights.SubjectRecord, 'category' | 'severity' | 'decisionDate' | 'status'>): RepairRecord {
  const def = p.catalog.find(r.category);
  return {
    category: r.category,
    categoryName: def?.name ?? r.category,
    publicationRule: def?.publication.rule ?? 'none',
    listKind: def?.list?.kind ?? null,
    severity: r.severity,
    decisionDate: r.decisionDate,
    status: r.status,
  };
}

export type EligibilityAnswer = RepairEligibility & {
  record: { id: string; category: string; categoryName: string; ref: string; department: { id: number; name: string }; decisionDate: DateStr; status: string };
};

export type Provided = { commitment?: string; obligationsEvidence?: number };

export async function checkEligibility(p: Platform, subject: Subject, ref: RecordRef, provided: Provided = {}): Promise<EligibilityAnswer> {
  const [r] = await resolveRecords(p.db, subject.id, [ref]);
  if (r!.linked) throw forbidden('REPAIR_OWN_RECORDS', '只能对本主体的信用记录申请修复（关联企业的记录由企业申请）', 'Only the record’s own subject may apply for its repair');
  const e = repairEligibility(p.rules.publication, p.rules.rights, {
    record: repairRecordOf(p, r!),
    today: p.today(),
    provided: { commitment: Boolean(provided.commitment?.trim()), obligationsEvidence: (provided.obligationsEvidence ?? 0) > 0 },
    pendingApplication: await store.hasPending(p.db, r!),
  });
  return {
    ...e,
    record: {
      id: String(r!.id),
      category: r!.category,
      categoryName: p.catalog.find(r!.category)?.name ?? r!.category,
      ref: r!.sourceRef,
      department: { id: r!.departmentId, name: r!.departmentName },
      decisionDate: r!.decisionDate,
      status: r!.status,
    },
  };
}

export type ApplyInput = RecordRef & {
  obligations: string;
  commitment: string;
  evidence?: EvidenceUpload[];
  applicant?: { name?: string; contact?: string };
};

export type RepairView = {
  repairId: string;
  number: string;
  status: store.RepairStatus;
  filedVia: 'portal' | 'staff';
  filedAt: string;
  filedOn: DateStr;
  subject: SubjectSummary;
  applicant: { name: string | null; contact: string | null } | null;
  record: { id: string; category: string; categoryName: string; ref: string; department: { id: number; name: string } };
  obligations: string;
  commitment: string;
  earliestDate: DateStr | null;
  dueDate: DateStr;
  provisional: boolean;
  workingDays: number;
  rule: string;
  overdue: boolean;
  escalated: boolean;
  decision: { outcome: 'approved' | 'refused'; reason: string; decidedAt: string; decidedOn: DateStr; resultRecordId: string | null } | null;
  evidence: { sha256: string; filename: string; contentType: string; size: number; purpose: string }[];
};

export async function applyRepair(p: Platform, subject: Subject, filer: Filer, input: ApplyInput): Promise<RepairView> {
  const obligations = (input.obligations ?? '').trim();
  const commitment = (input.commitment ?? '').trim();
  if (obligations.length > 2000 || commitment.length > 2000) throw badRequest('TEXT_TOO_LONG', '说明和承诺各不能超过 2000 字', 'The statement and the commitment may have at most 2,000 characters each');
  const uploads = input.evidence ?? [];
  const eligibility = await checkEligibility(p, subject, input, {
    commitment,
    obligationsEvidence: uploads.filter((u) => (u.purpose ?? 'obligations') === 'obligations').length,
  });
  if (!obligations) eligibility.missing.unshift({ code: 'OBLIGATIONS_EVIDENCE', zh: '须说明履行义务的情况', en: 'Say how the obligations were fulfilled' });
  if (eligibility.missing.length)
    throw new DomainError(
      409,
      'REPAIR_NOT_ELIGIBLE',
      `暂不符合信用修复条件：${eligibility.missing.map((m) => m.zh).join('；')}`,
      `Not eligible for repair: ${eligibility.missing.map((m) => m.en).join('; ')}`,
      { earliestDate: eligibility.earliestDate, missing: eligibility.missing },
    );
  const [r] = await resolveRecords(p.db, subject.id, [input]);
  if (filer.mayFile && !filer.mayFile(r!))
    throw forbidden('DEPARTMENT_OUT_OF_SCOPE', `记录“${r!.sourceRef}”由${r!.departmentName}提供，不在您的管辖范围内`, `Record "${r!.sourceRef}" comes from a department outside your scope`);
  const contact = input.applicant?.contact?.trim() ? parseContact(input.applicant.contact) : undefined;
  if (input.applicant?.contact?.trim() && !contact) throw badRequest('CONTACT_INVALID', '联系方式应为手机号码或电子邮箱', 'The contact must be a mobile number or an e-mail address');
  const evidence = await storeEvidence(p, uploads, 'obligations');
  const now = p.now();
  const today = p.today();
  const due = repairDeadline(p.rules.rights, p.calendar, today);
  const id = randomUUID();
  try {
    await p.db.tx(async (tx) => {
      const number = await rights.nextNumber(tx, 'XF', today);
      await store.insertRepair(tx, {
        id,
        number,
        subjectId: subject.id,
        category: r!.category,
        departmentId: r!.departmentId,
        sourceRef: r!.sourceRef,
        recordId: r!.id,
        filedVia: filer.via,
        filedBy: filer.actor.id,
        sessionId: filer.sessionId,
        applicantName: input.applicant?.name?.trim().slice(0, 100) || null,
        applicantContact: contact ? p.crypto.encrypt(contact.value) : null,
        contactMasked: contact?.masked ?? null,
        obligations,
        commitment,
        filedAt: now,
        filedOn: today,
        earliestDate: eligibility.earliestDate,
        workingDays: due.workingDays,
        dueDate: due.due,
        dueProvisional: due.provisional,
        ruleSource: due.source,
      });
      await rights.insertEvidence(tx, { kind: 'repair', id }, evidence, filer.actor.id);
      if (filer.inPerson) await markInPerson(tx, 'repair', id, filer.inPerson);
      await rights.enqueueNotices(
        tx,
        [{ audience: 'department', departmentId: r!.departmentId, kind: 'repair.filed', ref: id, payload: { number, dueDate: due.due, provisional: due.provisional, record: { category: r!.category, ref: r!.sourceRef } } }],
        now,
      );
      await writeAudit(tx, filer.actor, 'repair.apply', `repair:${id}`, {
        number,
        subject: subject.publicId,
        via: filer.via,
        ...(filer.inPerson ? { inPerson: filer.inPerson } : {}),
        record: { category: r!.category, ref: r!.sourceRef, recordId: r!.id },
        dueDate: due.due,
        provisional: due.provisional,
        evidence: evidence.map((e) => e.sha256),
      });
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw conflict('REPAIR_PENDING', '该信息已有待审核的信用修复申请', 'A repair application for this record is already under review');
    throw err;
  }
  await deliverNotices(p).catch(() => undefined);
  return getRepair(p, id, { departmentIds: null, staff: filer.via === 'staff' });
}

export async function getRepair(p: Platform, idOrNumber: string, scope: Scope): Promise<RepairView> {
  const a = await store.findRepair(p.db, idOrNumber);
  if (!a || (scope.departmentIds !== null && !scope.departmentIds.includes(a.departmentId)))
    throw notFound('REPAIR_NOT_FOUND', `信用修复申请 ${idOrNumber} 不存在`, `Repair application ${idOrNumber} not found`);
  const evidence = (await rights.evidenceOf(p.db, 'repair', [a.id])).get(a.id) ?? [];
  return present(p, a, evidence, scope.staff);
}

function present(p: Platform, a: store.RepairRow, evidence: readonly rights.Evidence[], staff: boolean): RepairView {
  return {
    repairId: a.id,
    number: a.number,
    status: a.status,
    filedVia: a.filedVia,
    filedAt: new Date(a.filedAt).toISOString(),
    filedOn: a.filedOn,
    subject: { id: a.subjectPublicId, kind: a.subjectKind, name: a.subjectName, code: a.subjectCode, maskedId: a.subjectMaskedId },
    applicant: staff ? { name: a.applicantName, contact: a.contactMasked } : null,
    record: {
      id: String(a.recordId),
      category: a.category,
      categoryName: p.catalog.find(a.category)?.name ?? a.category,
      ref: a.sourceRef,
      department: { id: a.departmentId, name: a.departmentName },
    },
    obligations: a.obligations,
    commitment: a.commitment,
    earliestDate: a.earliestDate,
    dueDate: a.dueDate,
    provisional: a.dueProvisional,
    workingDays: a.workingDays,
    rule: a.ruleSource,
    overdue: isOverdue(a.dueDate, a.decidedOn, p.today()),
    escalated: a.escalatedAt !== null,
    decision:
      a.status === 'pending'
        ? null
        : {
            outcome: a.status,
            reason: a.decisionReason ?? '',
            decidedAt: new Date(a.decidedAt!).toISOString(),
            decidedOn: a.decidedOn!,
            resultRecordId: a.resultRecordId === null ? null : String(a.resultRecordId),
          },
    evidence: evidence.map((e) => ({ sha256: e.sha256, filename: e.filename, contentType: e.contentType, size: e.size, purpose: e.purpose })),
  };
}

export async function listRepairs(p: Platform, f: Omit<store.RepairFilter, 'overdueOn'> & { overdue?: boolean }, staff: boolean): Promise<{ items: RepairView[]; total: number }> {
  const r = await store.listRepairs(p.db, { ...f, overdueOn: f.overdue ? p.today() : undefined });
  const evidence = await rights.evidenceOf(p.db, 'repair', r.items.map((a) => a.id));
  return { total: r.total, items: r.items.map((a) => present(p, a, evidence.get(a.id) ?? [], staff)) };
}

export type RepairDecision = { outcome: 'approve' | 'refuse'; reason: string };

// The record's department decides. Approval: a repaired version (publication ends, measures lift,
// a blacklist entry leaves its list); the result is published with the commitment.
export async function decideRepair(p: Platform, actor: Actor, idOrNumber: string, departmentIds: readonly number[] | null, input: RepairDecision): Promise<RepairView> {
  if (input.outcome !== 'approve' && input.outcome !== 'refuse') throw badRequest('OUTCOME_UNKNOWN', `审核结果应为 approve 或 refuse：${input.outcome}`, `The outcome must be approve or refuse: ${input.outcome}`);
  const reason = (input.reason ?? '').trim();
  if (!reason) throw badRequest('REASON_REQUIRED', '请说明审核理由', 'Give the reasons for the decision');
  if (reason.length > 2000) throw badRequest('REASON_TOO_LONG', '审核理由不能超过 2000 字', 'The reasons may have at most 2,000 characters');
  const now = p.now();
  const today = p.today();
  const id = await p.db.tx(async (tx) => {
    const a = await store.findRepair(tx, idOrNumber, true);
    if (!a || (departmentIds !== null && !departmentIds.includes(a.departmentId)))
      throw notFound('REPAIR_NOT_FOUND', `信用修复申请 ${idOrNumber} 不存在`, `Repair application ${idOrNumber} not found`);
    if (a.status !== 'pending') throw conflict('REPAIR_ALREADY_DECIDED', '该申请已审核', 'The application was already decided');
    let resultId: number | null = null;
    if (input.outcome === 'approve') {
      const cur = await currentVersionForUpdate(tx, a, p.config.timeZone);
      if (!cur || (cur.status !== 'active' && cur.status !== 'exited'))
        throw conflict('RECORD_NOT_REPAIRABLE', `记录“${a.sourceRef}”当前状态为 ${cur?.status ?? '不存在'}，不能修复`, `Record "${a.sourceRef}" is ${cur?.status ?? 'missing'} and cannot be repaired`);
      resultId = (await insertStatusVersion(tx, cur.id, 'repaired', today, `信用修复 ${a.number}：${reason}`)).id;
    }
    await store.decideRepair(tx, a.id, { status: input.outcome === 'approve' ? 'approved' : 'refused', reason, at: now, on: today, by: actor.id, resultRecordId: resultId });
    await writeAudit(tx, actor, 'repair.decide', `repair:${a.id}`, { number: a.number, outcome: input.outcome, record: { category: a.category, ref: a.sourceRef }, resultRecordId: resultId });
    return a.id;
  });
  return getRepair(p, id, { departmentIds, staff: true });
}

export async function publishedResults(p: Platform, o: { from: DateStr; limit: number; offset: number }) {
  const personCategories = p.catalog.all().filter((c) => c.publication.persons).map((c) => c.code);
  const r = await store.publishedRepairs(p.db, { from: o.from, publicPersonCategories: personCategories, limit: o.limit, offset: o.offset });
  return {
    total: r.total,
    items: r.items.map((x) => ({
      number: x.number,
      decidedOn: x.decidedOn,
      subject: { name: x.subjectName, code: x.subjectCode, kind: x.subjectKind },
      record: { category: x.category, categoryName: p.catalog.find(x.category)?.name ?? x.category, ref: x.sourceRef },
      department: { name: x.departmentName },
      commitment: x.commitment,
    })),
  };
}

export type NoticeAnswer = RepairNotice & {
  record: { id: string; category: string; categoryName: string; ref: string; decisionDate: DateStr; department: { id: number; name: string } };
};

// The repair notice of one record (两书同达): made from the rules in force, so it always says
// what applies today.
// `visible`: whether the caller may see this record (department scope, or public today).
export async function repairNoticeFor(p: Platform, recordId: number, visible: (r: rights.SubjectRecord & { publicToday: boolean }) => boolean): Promise<NoticeAnswer> {
  const r = Number.isSafeInteger(recordId) ? await rights.findRecordById(p.db, recordId, p.today()) : undefined;
  if (!r || !visible(r)) throw notFound('RECORD_NOT_FOUND', `记录 ${recordId} 不存在`, `Record ${recordId} not found`);
  const subjectName = r.subjectName;
  const rec = repairRecordOf(p, r);
  const n = repairNotice({ ...rec, ref: r.sourceRef, departmentName: r.departmentName, subjectName }, p.rules.publication, p.rules.rights, p.today());
  return {
    ...n,
    record: { id: String(r.id), category: r.category, categoryName: rec.categoryName, ref: r.sourceRef, decisionDate: r.decisionDate, department: { id: r.departmentId, name: r.departmentName } },
  };
}
