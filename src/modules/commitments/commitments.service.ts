// Commitments (信用承诺): a department records a subject's commitment (容缺受理, 告知承诺, 主动承诺;
// 信用修复承诺 are taken over from repair applications), records its fulfilment, or declares it
// breached; the sweep breaches tolerance commitments not fulfilled in time. A breach files a
// commitment-breach record through collection in the taking department's name (so measures,
// eligibility, objections and classification read it like any record) and notifies.
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import type { DateStr } from '../../kernel/dates.ts';
import { addDays } from '../../kernel/dates.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { DomainError, badRequest, conflict, forbidden, notFound } from '../../kernel/errors.ts';
import { normalizeCode } from '../../kernel/codes/normalize.ts';
import { checkUscc } from '../../kernel/codes/uscc.ts';
import { checkIdNumber, ID_TYPE_LABELS, type IdType } from '../../kernel/codes/id-number.ts';
import { findDepartmentById, type Department } from '../access/departments.store.ts';
import { findSubjectByCode, findSubjectIdentity, publishOrganizationName, upsertSubjects, type Subject } from '../subjects/subjects.store.ts';
import { subjectRowOf } from '../subjects/subjects.rules.ts';
import { fileRecordFor } from '../collection/collection.service.ts';
import { getCheck } from '../sanctions/checks.service.ts';
import type { CheckAnswer } from '../sanctions/checks.service.ts';
import { storeEvidence, type EvidenceUpload } from '../rights/rights.service.ts';
import { enqueueNotices } from '../rights/rights.store.ts';
import { listRepairs } from '../rights/repair.store.ts';
import {
  COMMITMENT_KINDS,
  KIND_NAMES,
  actionDateProblem,
  commitmentProblems,
  defaultDueDate,
  isCommitmentPublic,
  isOverdue,
  lastDayToFulfil,
  severityOf,
  transitionProblem,
  type CommitmentKind,
  type Problem,
} from './commitments.rules.ts';
import * as store from './commitments.store.ts';

export const BREACH_CATEGORY = 'commitment-breach';
export const SWEEP_TASK = 'commitments.sweep';

export type CommitmentView = {
  commitmentId: string;
  number: string;
  status: store.CommitmentRow['status'];
  kind: CommitmentKind;
  kindName: string;
  content: string;
  matterRef: string | null;
  madeOn: DateStr;
  dueOn: DateStr | null;
  lastDay: DateStr | null; // tolerance: the last day to fulfil (rest days, grace)
  origin: 'department' | 'repair';
  checkId: string | null;
  subject: { id: string; kind: string; name: string; code: string | null; maskedId: string | null };
  department: { uscc: string; name: string };
  fulfilment: { on: DateStr; note: string } | null;
  breach: { on: DateStr; reason: string; automatic: boolean; recordId: string | null; evidence: store.EvidenceFile[] } | null;
};

export function viewOf(p: Platform, c: store.CommitmentRow): CommitmentView {
  return {
    commitmentId: c.id,
    number: c.number,
    status: c.status,
    kind: c.kind,
    kindName: KIND_NAMES[c.kind],
    content: c.content,
    matterRef: c.matterRef,
    madeOn: c.madeOn,
    dueOn: c.dueOn,
    lastDay: c.kind === 'tolerance' && c.dueOn ? lastDayToFulfil(p.rules.commitments, p.calendar, c.madeOn, c.dueOn) : null,
    origin: c.origin,
    checkId: c.checkId,
    subject: { id: c.subjectPublicId, kind: c.subjectKind, name: c.subjectName, code: c.subjectCode, maskedId: c.subjectMaskedId },
    department: { uscc: c.departmentUscc, name: c.departmentName },
    fulfilment: c.status === 'fulfilled' && c.fulfilledOn ? { on: c.fulfilledOn, note: c.fulfilmentNote ?? '' } : null,
    breach:
      c.status === 'breached' && c.breachedOn
        ? { on: c.breachedOn, reason: c.breachReason ?? '', automatic: c.breachAutomatic ?? false, recordId: c.breachRecordId === null ? null : String(c.breachRecordId), evidence: c.breachEvidence }
        : null,
  };
}

const invalid = (problems: Problem[]): DomainError =>
  problems.length === 1
    ? badRequest(problems[0]!.code, problems[0]!.zh, problems[0]!.en, { problems })
    : badRequest('COMMITMENT_INVALID', `承诺信息有误：${problems.map((x) => x.zh).join('；')}`, `The commitment is invalid: ${problems.map((x) => x.en).join('; ')}`, { problems });

export async function getCommitment(p: Platform, idOrNumber: string): Promise<store.CommitmentRow> {
  const c = await store.findCommitment(p.db, idOrNumber);
  if (!c) throw notFound('COMMITMENT_NOT_FOUND', `承诺 ${idOrNumber} 不存在`, `Commitment ${idOrNumber} not found`);
  return c;
}

// --- recording -------------------------------------------------------------------------------------

export type AddInput = {
  subject?: string; // code; optional when checkId names a found subject
  subjectName?: string; // needed only for a subject not yet on file
  subjectKind?: 'organization' | 'individual_business' | 'person';
  kind: string;
  content: string;
  matterRef?: string;
  madeOn?: string;
  dueOn?: string;
  checkId?: string;
};

// A subject not on file is filed from its code and name (a new company applying for a licence
// has no record yet; the check answered no-record and eligible).
async function resolveSubject(p: Platform, code: string, name: string | undefined, kind: AddInput['subjectKind'], today: DateStr): Promise<Subject> {
  const found = await findSubjectByCode(p.db, code, p.crypto);
  if (found) return found;
  const n = normalizeCode(code);
  const nameTrim = name?.trim();
  if (!nameTrim)
    throw badRequest('COMMITMENT_SUBJECT_UNKNOWN', `平台上没有代码为 ${code} 的主体，请同时填写主体名称`, `No subject with code ${code} is on file; give the subject's name too`);
  if (nameTrim.length > 200) throw badRequest('COMMITMENT_SUBJECT_NAME_TOO_LONG', '主体名称不能超过 200 字', 'The subject name may have at most 200 characters');
  const uscc = checkUscc(n);
  const id = /^\d{17}[\dX]$/.test(n) ? checkIdNumber(n, today) : undefined;
  let row;
  if (kind !== 'person' && uscc.ok) row = subjectRowOf({ kind: kind === 'individual_business' ? 'individual_business' : 'organization', name: nameTrim, uscc: uscc.value }, p.crypto);
  else if (id?.ok) row = subjectRowOf({ kind: 'person', name: nameTrim, idType: 'id_card' as IdType, idNumber: id.value }, p.crypto);
  else throw badRequest('SUBJECT_CODE_INVALID', `主体代码 ${code} 既不是有效的统一社会信用代码，也不是有效的居民身份证号码`, `The subject code ${code} is neither a valid USCC nor a valid ID number`);
  await p.db.tx((tx) => upsertSubjects(tx, [row]));
  return (await findSubjectByCode(p.db, code, p.crypto))!;
}

export async function addCommitment(p: Platform, actor: Actor, department: Department, input: AddInput): Promise<CommitmentView> {
  const today = p.today();
  const content = (input.content ?? '').trim();
  const matterRef = input.matterRef?.trim() || undefined;
  const problems = commitmentProblems({ kind: input.kind, content, madeOn: input.madeOn, dueOn: input.dueOn, matterRef }, today);
  if (input.kind === 'repair')
    problems.push({ field: 'kind', code: 'COMMITMENT_REPAIR_VIA_APPLICATION', zh: '信用修复承诺随信用修复申请作出，由平台自动登记，不能单独录入', en: 'A repair commitment is made with the repair application and taken over from it; it cannot be recorded on its own' });
  if (problems.length) throw invalid(problems);
  const kind = input.kind as CommitmentKind;
  // from a credit check's result page: the check must be this department's and must have allowed it
  let check: CheckAnswer | undefined;
  if (input.checkId) {
    const stored = await getCheck(p, input.checkId).catch(() => undefined);
    if (!stored || stored.departmentId !== department.id) throw notFound('CHECK_NOT_FOUND', `核查 ${input.checkId} 不存在`, `Credit check ${input.checkId} not found`);
    check = stored.snapshot as unknown as CheckAnswer;
    if ((kind === 'tolerance' || kind === 'notification') && !check.eligibility.toleranceAcceptance)
      throw new DomainError(409, 'COMMITMENT_NOT_ELIGIBLE', `该核查结果显示主体不适用容缺受理/告知承诺：${check.eligibility.reason}`, `The check says the subject may not use tolerance acceptance or notification commitments: ${check.eligibility.reasonEn}`);
  }
  const fromCheck = check?.subject.found ? check.subject.id : check?.subject.code;
  const code = input.subject?.trim() || fromCheck;
  if (!code) throw badRequest('COMMITMENT_SUBJECT_MISSING', '请填写承诺主体的代码', 'Give the code of the subject that commits');
  const subject = await resolveSubject(p, code, input.subjectName, input.subjectKind, today);
  // a commitment made from a check is the checked subject's
  if (check?.subject.found && subject.publicId !== check.subject.id)
    throw badRequest('COMMITMENT_SUBJECT_MISMATCH', '承诺主体与核查主体不一致', 'The subject differs from the checked subject');
  const madeOn = input.madeOn ?? today;
  const dueOn = kind === 'tolerance' ? (input.dueOn ?? defaultDueDate(p.rules.commitments, p.calendar, madeOn)) : null;
  const now = p.now();
  const id = await p.db.tx(async (tx) => {
    const number = await store.nextNumber(tx, today);
    const newId = (await store.insertCommitment(tx, {
      number,
      subjectId: subject.id,
      kind,
      content,
      matterRef: matterRef ?? null,
      departmentId: department.id,
      madeOn,
      dueOn,
      origin: 'department',
      checkId: input.checkId ?? null,
      createdAt: now,
      createdBy: actor.id,
    }))!;
    // an organization's commitments are public on 信用河北, so its page must exist (public names, 0023)
    if (subject.kind !== 'person') await publishOrganizationName(tx, subject.id);
    await writeAudit(tx, actor, 'commitment.add', `commitment:${newId}`, {
      number,
      kind,
      subject: subject.publicId,
      department: department.uscc,
      madeOn,
      dueOn,
      matterRef: matterRef ?? null,
      checkId: input.checkId ?? null,
    });
    return newId;
  });
  return viewOf(p, (await store.findCommitment(p.db, id))!);
}

// --- fulfilment and breach ---------------------------------------------------------------------------

function assertTaker(c: store.CommitmentRow, department: Department | undefined, what: 'fulfil' | 'breach'): void {
  if (department && department.id !== c.departmentId)
    throw forbidden(
      'COMMITMENT_NOT_YOURS',
      `承诺 ${c.number} 由${c.departmentName}作出登记，只有该部门可以${what === 'fulfil' ? '登记履行' : '认定违诺'}`,
      `Commitment ${c.number} was taken by ${c.departmentUscc}; only that department may ${what === 'fulfil' ? 'record its fulfilment' : 'declare it breached'}`,
    );
}

// department: the acting department (API); undefined for the operator's console (CLI without --department).
export async function fulfilCommitment(p: Platform, actor: Actor, department: Department | undefined, idOrNumber: string, input: { note: string; fulfilledOn?: string }): Promise<CommitmentView> {
  const today = p.today();
  const note = (input.note ?? '').trim();
  const c0 = await getCommitment(p, idOrNumber);
  assertTaker(c0, department, 'fulfil');
  if (!note) throw badRequest('FULFILMENT_NOTE_MISSING', '请说明履行情况（如补齐的材料）', 'Say how the commitment was fulfilled (e.g. the materials supplied)');
  if (note.length > 2000) throw badRequest('FULFILMENT_NOTE_TOO_LONG', '履行说明不能超过 2000 字', 'The note may have at most 2,000 characters');
  const on = input.fulfilledOn ?? today;
  await p.db.tx(async (tx) => {
    const c = (await store.findCommitment(tx, c0.id, true))!;
    const t = transitionProblem(c.status, 'fulfilled');
    if (t) throw new DomainError(409, t.code, t.zh, t.en);
    const d = actionDateProblem('fulfilledOn', on, c.madeOn, today);
    if (d) throw badRequest(d.code, d.zh, d.en, { problems: [d] });
    await store.markFulfilled(tx, c.id, { on, note, by: actor.id });
    await writeAudit(tx, actor, 'commitment.fulfil', `commitment:${c.id}`, { number: c.number, fulfilledOn: on });
  });
  return viewOf(p, (await store.findCommitment(p.db, c0.id))!);
}

export type BreachInput = { reason: string; breachedOn?: string; evidence?: EvidenceUpload[] };

export async function breachCommitment(p: Platform, actor: Actor, department: Department | undefined, idOrNumber: string, input: BreachInput): Promise<CommitmentView> {
  const today = p.today();
  const reason = (input.reason ?? '').trim();
  const c0 = await getCommitment(p, idOrNumber);
  assertTaker(c0, department, 'breach');
  if (!reason) throw badRequest('BREACH_REASON_MISSING', '请填写违诺事由', 'Give the reason of the breach');
  if (reason.length > 2000) throw badRequest('BREACH_REASON_TOO_LONG', '违诺事由不能超过 2000 字', 'The reason may have at most 2,000 characters');
  const on = input.breachedOn ?? today;
  // checked before any file is stored or anything changes
  const t0 = transitionProblem(c0.status, 'breached');
  if (t0) throw new DomainError(409, t0.code, t0.zh, t0.en);
  const d = actionDateProblem('breachedOn', on, c0.madeOn, today);
  if (d) throw badRequest(d.code, d.zh, d.en, { problems: [d] });
  const evidence = (await storeEvidence(p, input.evidence ?? [], 'evidence')).map(({ sha256, filename, contentType, size }) => ({ sha256, filename, contentType, size }));
  await p.db.tx(async (tx) => {
    const c = (await store.findCommitment(tx, c0.id, true))!;
    const t = transitionProblem(c.status, 'breached');
    if (t) throw new DomainError(409, t.code, t.zh, t.en);
    await breachInTx(p, tx, actor, c, { on, reason, evidence, automatic: false }, today);
  });
  return viewOf(p, (await store.findCommitment(p.db, c0.id))!);
}

// The breach itself, in the caller's transaction with the commitment locked: the record, the
// status, the audit event and the notice commit together.
async function breachInTx(
  p: Platform,
  tx: Db,
  actor: Actor,
  c: store.CommitmentRow,
  b: { on: DateStr; reason: string; evidence: store.EvidenceFile[]; automatic: boolean },
  today: DateStr,
): Promise<number> {
  const department = await findDepartmentById(tx, c.departmentId);
  if (!department) throw notFound('DEPARTMENT_NOT_FOUND', '部门不存在', 'Department not found');
  const who = await findSubjectIdentity(tx, c.subjectId, p.crypto);
  if (!who) throw notFound('SUBJECT_NOT_FOUND', '主体不存在', 'Subject not found');
  const severity = severityOf(p.rules.commitments, c.kind, b.on);
  const values: Record<string, unknown> = {
    ZTMC: who.name,
    ZTLB: who.kind === 'person' ? '自然人' : who.kind === 'individual_business' ? '个体工商户' : '法人及非法人组织',
    TYSHXYDM: who.uscc ?? (who.kind === 'person' ? null : '00000000000000000X'),
    GSZCH: who.regNo,
    ZJLX: who.idType ? (ID_TYPE_LABELS[who.idType as IdType] ?? who.idType) : null,
    ZJHM: who.idNumber,
    CNBH: c.number,
    CNLX: KIND_NAMES[c.kind],
    CNNR: c.content,
    XGSX: c.matterRef,
    CNRQ: c.madeOn,
    LXQX: c.dueOn,
    WNRQ: b.on,
    WNSY: b.reason,
    SXCD: severity === 'serious' ? '严重' : severity === 'general' ? '一般' : '轻微',
  };
  const recordId = await fileRecordFor(p, tx, actor, department, BREACH_CATEGORY, values, today);
  if (!(await store.markBreached(tx, c.id, { on: b.on, reason: b.reason, evidence: b.evidence, by: actor.id, automatic: b.automatic, recordId })))
    throw conflict('COMMITMENT_CHANGED', '承诺状态已被他人更改，请刷新后重试', 'The commitment was changed meanwhile; reload and try again');
  await writeAudit(tx, actor, 'commitment.breach', `commitment:${c.id}`, {
    number: c.number,
    kind: c.kind,
    breachedOn: b.on,
    automatic: b.automatic,
    severity,
    recordId,
    evidence: b.evidence.map((e) => e.sha256),
  });
  // the subject is told through the taking department (告知): the notifier carries it to the
  // department's system, which serves the 不良信息告知 on the subject; operators see it too
  const payload = {
    to: 'subject',
    commitment: c.number,
    kind: c.kind,
    kindName: KIND_NAMES[c.kind],
    subject: { id: c.subjectPublicId, name: c.subjectKind === 'person' ? null : c.subjectName, kind: c.subjectKind },
    breachedOn: b.on,
    reason: b.reason,
    severity,
    category: BREACH_CATEGORY,
    ref: c.number,
    objection: '主体对该记录有异议的，可在信用河北提出异议申请',
  };
  await enqueueNotices(tx, [{ audience: 'department', departmentId: c.departmentId, kind: 'commitment.breached', ref: c.number, payload }], p.now());
  return recordId;
}

// --- the sweep --------------------------------------------------------------------------------------

const SWEEP_ACTOR: Actor = { id: 'system:commitments', kind: 'system' };
const SWEEP_BATCH = 500;

export type SweepResult = { breached: string[]; takenOver: number; voided: number }; // breached: commitment ids

// Breaches every tolerance commitment whose last day has passed; idempotent (a breached one is no
// longer in force) and safe with several servers (each commitment is locked with SKIP LOCKED and
// changes only from in-force). The breach date is the first day after the last day.
export async function sweepCommitments(p: Platform): Promise<SweepResult> {
  const today = p.today();
  const sync = await takeOverRepairCommitments(p);
  const breached: string[] = [];
  const skipped = new Set<string>();
  for (;;) {
    const rows = (await store.dueBefore(p.db, today, SWEEP_BATCH + skipped.size)).filter((r) => !skipped.has(r.id));
    if (rows.length === 0) break;
    for (const r of rows) {
      const last = lastDayToFulfil(p.rules.commitments, p.calendar, r.madeOn, r.dueOn);
      if (!isOverdue(last, today)) {
        skipped.add(r.id);
        continue;
      }
      const done = await p.db.tx(async (tx) => {
        if (!(await store.lockInForce(tx, r.id))) return undefined;
        const c = (await store.findCommitment(tx, r.id))!;
        const on = addDays(last, 1);
        await breachInTx(
          p,
          tx,
          SWEEP_ACTOR,
          c,
          { on, reason: `容缺受理承诺未在履行期限 ${c.dueOn}${last !== c.dueOn ? `（顺延至 ${last}）` : ''} 内补齐材料`, evidence: [], automatic: true },
          today,
        );
        return c.id;
      });
      if (done) breached.push(done);
      else skipped.add(r.id); // held by another process, or no longer in force
    }
    if (rows.length < SWEEP_BATCH) break;
  }
  return { breached, ...sync };
}

// Repair applications' commitments (信用修复承诺) in the same model: each application's commitment
// is taken over once (repair_id is unique), made on the filing day with the reviewing department;
// a refused application's commitment becomes void.
export async function takeOverRepairCommitments(p: Platform, subjectId?: number): Promise<{ takenOver: number; voided: number }> {
  let takenOver = 0;
  let voided = 0;
  const pageSize = 500;
  for (let offset = 0; ; offset += pageSize) {
    const page = await listRepairs(p.db, { ...(subjectId !== undefined ? { subjectId } : {}), limit: pageSize, offset });
    const taken = await store.takenRepairIds(p.db, page.items.map((r) => r.id));
    const refused = page.items.filter((r) => r.status === 'refused').map((r) => r.id);
    const fresh = page.items.filter((r) => !taken.has(r.id) && r.status !== 'refused');
    if (fresh.length || refused.length)
      await p.db.tx(async (tx) => {
        for (const r of fresh) {
          const number = await store.nextNumber(tx, r.filedOn);
          const id = await store.insertCommitment(tx, {
            number,
            subjectId: r.subjectId,
            kind: 'repair',
            content: r.commitment,
            matterRef: r.number,
            departmentId: r.departmentId,
            madeOn: r.filedOn,
            dueOn: null,
            origin: 'repair',
            repairId: r.id,
            createdAt: p.now(),
            createdBy: SWEEP_ACTOR.id,
          });
          if (id) {
            takenOver += 1;
            await writeAudit(tx, SWEEP_ACTOR, 'commitment.take-over', `commitment:${id}`, { number, repair: r.number });
          }
        }
        voided += await store.markVoid(tx, refused);
      });
    if (page.items.length < pageSize) break;
  }
  return { takenOver, voided };
}

// --- reading --------------------------------------------------------------------------------------

export async function listCommitments(p: Platform, f: Omit<store.CommitmentFilter, 'subjectId'> & { subject?: string }): Promise<{ items: CommitmentView[]; total: number }> {
  let subjectId: number | undefined;
  if (f.subject) {
    const s = await findSubjectByCode(p.db, f.subject, p.crypto);
    if (!s) return { items: [], total: 0 };
    subjectId = s.id;
    await takeOverRepairCommitments(p, s.id);
  }
  const { subject: _s, ...rest } = f;
  const page = await store.listCommitments(p.db, { ...rest, ...(subjectId !== undefined ? { subjectId } : {}) });
  return { items: page.items.map((c) => viewOf(p, c)), total: page.total };
}

export type PublicCommitment = { number: string; kind: CommitmentKind; kindName: string; content: string; madeOn: DateStr; status: store.CommitmentRow['status']; department: string };

// 信用河北: an organization's commitments (content, date, status) per the openness rule; a
// person's never (by default): an empty list, as for a subject without commitments.
export async function publicCommitments(p: Platform, subject: Pick<Subject, 'id' | 'kind'>): Promise<PublicCommitment[]> {
  const today = p.today();
  const kinds = COMMITMENT_KINDS.filter((k) => isCommitmentPublic(p.rules.commitments, { kind: k, subjectKind: subject.kind }, today));
  if (kinds.length === 0) return [];
  // a public read writes nothing: repair commitments appear once the sweep has taken them over
  const rows = await store.commitmentsOfSubject(p.db, subject.id, kinds);
  return rows.map((c) => ({ number: c.number, kind: c.kind, kindName: KIND_NAMES[c.kind], content: c.content, madeOn: c.madeOn, status: c.status, department: c.departmentName }));
}
