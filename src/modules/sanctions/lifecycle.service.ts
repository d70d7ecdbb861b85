// The list lifecycle beyond entry and exit (issue 13, 失信被执行人): the removal clock of an entry
// marked 履行完毕 (shown on the entry; an entry its owner has not exited by the deadline raises an
// early warning through the warnings module; the entry itself leaves the list at the deadline
// because its stored term was cut at ingest), and the 信用警示 stage before entry.
import type { Platform } from '../../platform.ts';
import { addDays, isValidDate, type DateStr } from '../../kernel/dates.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, conflict, DomainError, notFound } from '../../kernel/errors.ts';
import { controlCharacterMessage, findControlCharacter } from '../../kernel/text.ts';
import type { CategoryDef } from '../catalog/catalog.types.ts';
import type { Department } from '../access/departments.store.ts';
import { assertListOwner } from '../catalog/catalog.rules.ts';
import { creditWarningUntil, removalView, type RemovalView } from '../catalog/list-lifecycle.rules.ts';
import { findSubjectByCode } from '../subjects/subjects.store.ts';
import { raiseWarning } from '../warnings/warnings.service.ts';
import { getListDef } from './lists.service.ts';
import * as store from './lifecycle.store.ts';

export const REMOVAL_OVERDUE = 'list.removal-overdue';
export const REMOVAL_SWEEP_TASK = 'lists.removal-sweep';

export type { RemovalView };

// The removal clock of an entry as shown on it (work portal, public entry page), or null.
export function removalOf(p: Platform, def: CategoryDef, fields: Readonly<Record<string, string | null | undefined>>, status: string, today: DateStr = p.today()): RemovalView | null {
  return removalView(p.rules.listLifecycle, def, fields, status, today, p.calendar);
}

// Entries marked 履行完毕 whose deadline has passed while their owner has not exited them: one
// early warning each (idempotent while open), to the owner department's region. Looks back a year.
export async function sweepOverdueRemovals(p: Platform): Promise<{ overdue: { category: string; ref: string; department: string; deadline: DateStr }[] }> {
  const today = p.today();
  const actor: Actor = { id: 'system:lists', kind: 'system' };
  const overdue: { category: string; ref: string; department: string; deadline: DateStr }[] = [];
  const rule = p.rules.listLifecycle;
  const categories = new Set(rule.flatMap((r) => Object.entries(r.lists ?? {}).filter(([, l]) => l.removal).map(([c]) => c)));
  for (const category of categories) {
    const def = p.catalog.find(category);
    if (!def) continue;
    // every spelling the rule entries call performed (canonical values of their keys)
    const fields = new Set<string>();
    const values = new Set<string>();
    for (const r of rule) {
      const m = r.lists?.[category]?.removal;
      if (!m) continue;
      fields.add(m.performanceField);
      for (const e of def.fields.find((f) => f.code === m.performanceField)?.codeList ?? []) if (e.key && m.performedKeys.includes(e.key)) values.add(e.value);
    }
    for (const field of fields) {
      const rows = await store.performedEntriesEnded(p.db, { category, field, values: [...values], from: addDays(today, -366), before: today });
      for (const e of rows) {
        const clock = removalOf(p, def, e.fields, e.status, today);
        // the term may have ended before the clock's deadline (an earlier 有效期至): that is a term end, not a late removal
        if (!clock || clock.state !== 'overdue' || clock.deadline !== e.validUntil) continue;
        overdue.push({ category, ref: e.sourceRef, department: e.departmentUscc, deadline: clock.deadline });
        await raiseWarning(p.db, actor, {
          kind: REMOVAL_OVERDUE,
          targetKind: 'department',
          target: `${e.departmentUscc}:${category}:${e.sourceRef}`,
          targetName: `${e.departmentName} ${def.name} ${e.sourceRef}`,
          regionCode: e.regionCode,
          reason: {
            zh: `${def.name}“${e.sourceRef}”已于 ${clock.performedOn} 履行完毕，应在 ${clock.deadline}（${clock.workingDays} 个工作日）前移出，${e.departmentName}至今未办理移出；平台已自 ${addDays(clock.deadline, 1)} 起停止公示和联合惩戒`,
            en: `${def.code} entry ${e.sourceRef} was fully performed on ${clock.performedOn} and was due off the list by ${clock.deadline} (${clock.workingDays} working days); ${e.departmentUscc} has not exited it. The platform stopped publishing it and its measures from ${addDays(clock.deadline, 1)}`,
            figures: { category, ref: e.sourceRef, performedOn: clock.performedOn, deadline: clock.deadline, workingDays: clock.workingDays, recordId: e.id },
          },
          today,
        });
      }
    }
  }
  return { overdue };
}

// --- 信用警示 ---------------------------------------------------------------------------------

export type CreditWarningState = 'open' | 'lifted' | 'entered' | 'ended';
export const CREDIT_WARNING_STATE_NAMES: Record<CreditWarningState, string> = { open: '警示中', lifted: '已解除', entered: '已纳入名单', ended: '已到期' };

export type CreditWarningView = {
  id: string;
  category: string;
  categoryName: string;
  ref: string;
  reason: string;
  firstDay: DateStr;
  lastDay: DateStr;
  state: CreditWarningState;
  stateName: string;
  lifted: { on: DateStr; reason: string } | null;
  entered: { ref: string; on: DateStr } | null;
  department: { uscc: string; name: string };
  subject: { id: string; kind: string; name: string; code: string | null; maskedId: string | null };
  createdAt: string;
};

function viewOf(p: Platform, w: store.CreditWarningRow, today: DateStr): CreditWarningView {
  const state: CreditWarningState = w.enteredRef ? 'entered' : w.liftedOn ? 'lifted' : today > w.lastDay ? 'ended' : 'open';
  return {
    id: String(w.id),
    category: w.category,
    categoryName: p.catalog.find(w.category)?.name ?? w.category,
    ref: w.ref,
    reason: w.reason,
    firstDay: w.firstDay,
    lastDay: w.lastDay,
    state,
    stateName: CREDIT_WARNING_STATE_NAMES[state],
    lifted: w.liftedOn ? { on: w.liftedOn, reason: w.liftReason ?? '' } : null,
    entered: w.enteredRef && w.enteredOn ? { ref: w.enteredRef, on: w.enteredOn } : null,
    department: { uscc: w.departmentUscc, name: w.departmentName },
    subject: { id: w.subjectPublicId, kind: w.subjectKind, name: w.subjectName, code: w.subjectUscc, maskedId: w.subjectIdMasked },
    createdAt: w.createdAt.toISOString(),
  };
}

function cleanText(raw: string | undefined, zhName: string, enName: string, max: number, code: string): string {
  const v = (raw ?? '').trim();
  if (!v) throw badRequest(`${code}_REQUIRED`, `请填写${zhName}`, `Give the ${enName}`);
  if ([...v].length > max) throw badRequest(`${code}_TOO_LONG`, `${zhName}不能超过 ${max} 字`, `The ${enName} may have at most ${max} characters`);
  const hit = findControlCharacter(v, { allowWhitespaceControls: true });
  if (hit) {
    const m = controlCharacterMessage(zhName, enName, hit);
    throw badRequest(m.code, m.zh, m.en);
  }
  return v;
}

export type CreditWarningInput = { category: string; subject: string; ref: string; reason: string; firstDay?: string; lastDay?: string };

// A department of the list's owner kind records a 信用警示 for a subject on file.
export async function recordCreditWarning(p: Platform, actor: Actor, department: Department, input: CreditWarningInput): Promise<CreditWarningView> {
  const def = getListDef(p, input.category);
  assertListOwner(def, department);
  const today = p.today();
  const ref = cleanText(input.ref, '案号（文书号）', 'case reference', 128, 'CREDIT_WARNING_REF');
  const reason = cleanText(input.reason, '警示事由', 'reason', 2000, 'CREDIT_WARNING_REASON');
  const firstDay = input.firstDay ?? today;
  for (const [d, zh, en] of [[firstDay, '开始日期', 'first day'], [input.lastDay, '截止日期', 'last day']] as const)
    if (d !== undefined && !isValidDate(d)) throw badRequest('DATE_INVALID', `${zh}应为 YYYY-MM-DD：${d}`, `The ${en} must be YYYY-MM-DD: ${d}`);
  if (firstDay > today) throw badRequest('CREDIT_WARNING_FUTURE', `开始日期 ${firstDay} 不能晚于今天 ${today}`, `The first day ${firstDay} may not be after today ${today}`);
  const until = creditWarningUntil(p.rules.listLifecycle, def.code, firstDay, input.lastDay);
  if (!until.ok) throw new DomainError(until.code === 'CREDIT_WARNING_NOT_ALLOWED' ? 409 : 400, until.code, until.zh, until.en);
  if (input.subject.trim() === '') throw badRequest('CREDIT_WARNING_SUBJECT_REQUIRED', '请填写被警示主体的代码（统一社会信用代码或身份证号码）', 'Give the code of the subject (USCC or ID number)');
  const subject = await findSubjectByCode(p.db, input.subject, p.crypto);
  if (!subject)
    throw notFound('SUBJECT_NOT_FOUND', `平台上没有代码为 ${input.subject.trim()} 的主体（信用警示只能针对已归集的主体）`, `No subject with code ${input.subject.trim()} is on file (a credit warning needs a subject on file)`);
  const id = await p.db.tx(async (tx) => {
    const id = await store.insertCreditWarning(tx, { category: def.code, departmentId: department.id, subjectId: subject.id, ref, reason, firstDay, lastDay: until.until, at: p.now(), by: actor.id });
    if (id === undefined) throw conflict('CREDIT_WARNING_EXISTS', `${department.name}已对案号“${ref}”作出信用警示`, `${department.uscc} already has a credit warning for ${ref}`);
    await writeAudit(tx, actor, 'list.credit-warning', `credit-warning:${id}`, { category: def.code, department: department.uscc, ref, subject: subject.publicId, firstDay, lastDay: until.until });
    return id;
  });
  return viewOf(p, (await store.findCreditWarning(p.db, id))!, today);
}

// The department that recorded it lifts an open warning with a reason.
export async function liftCreditWarning(p: Platform, actor: Actor, department: Department, id: string, input: { reason?: string }): Promise<CreditWarningView> {
  const reason = cleanText(input.reason, '解除理由', 'reason for lifting', 2000, 'CREDIT_WARNING_LIFT_REASON');
  const today = p.today();
  const n = /^\d{1,15}$/.test(id) ? Number(id) : NaN;
  return p.db.tx(async (tx) => {
    const w = Number.isSafeInteger(n) ? await store.findCreditWarning(tx, n, true) : undefined;
    if (!w || w.departmentId !== department.id) throw notFound('CREDIT_WARNING_NOT_FOUND', `${department.name}没有编号为 ${id} 的信用警示`, `${department.uscc} has no credit warning ${id}`);
    const v = viewOf(p, w, today);
    if (v.state !== 'open') throw conflict('CREDIT_WARNING_NOT_OPEN', `信用警示 ${id} 当前状态为${v.stateName}，不能解除`, `Credit warning ${id} is ${v.state}; it cannot be lifted`);
    await store.liftCreditWarning(tx, w.id, today, reason);
    await writeAudit(tx, actor, 'list.credit-warning-lift', `credit-warning:${w.id}`, { category: w.category, department: department.uscc, ref: w.ref, reason });
    return viewOf(p, (await store.findCreditWarning(tx, w.id))!, today);
  });
}

// Staff only: a department's own warnings, or (departmentIds null) all of them.
export async function creditWarnings(p: Platform, o: { departmentIds: readonly number[] | null; category?: string; subject?: string; limit?: number }): Promise<CreditWarningView[]> {
  let subjectId: number | undefined;
  if (o.subject) {
    const s = await findSubjectByCode(p.db, o.subject, p.crypto);
    if (!s) return [];
    subjectId = s.id;
  }
  if (o.category) getListDef(p, o.category);
  const today = p.today();
  const rows = await store.listCreditWarnings(p.db, { departmentIds: o.departmentIds, ...(o.category ? { category: o.category } : {}), ...(subjectId !== undefined ? { subjectId } : {}), limit: Math.min(o.limit ?? 200, 1000) });
  return rows.map((w) => viewOf(p, w, today));
}
