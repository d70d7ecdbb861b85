// Deadlines of objections and repair reviews over time: the sweep that escalates overdue ones
// to the operator (set-based, idempotent, safe with several processes; run by the job queue,
// src/jobs.ts), and the recomputation
// of open deadlines when a year's holiday notice is loaded.
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import type { Calendar } from '../../kernel/calendar.ts';
import { writeAudit, SYSTEM_ACTOR } from '../../kernel/audit.ts';
import { deliverNotices, type DeliveryResult } from './rights.service.ts';
import * as rights from './rights.store.ts';
import * as objections from './objections.store.ts';
import * as repairs from './repair.store.ts';

export type SweepResult = { escalatedObjections: string[]; escalatedRepairs: string[]; notices: DeliveryResult };

// Open objections and pending repairs past their due day are escalated once: a notice to the
// operator and one to each department still owing an answer, and an audit event.
export async function sweepDeadlines(p: Platform): Promise<SweepResult> {
  const today = p.today();
  const now = p.now();
  const { o, r } = await p.db.tx(async (tx) => {
    const o = await objections.escalateOverdue(tx, today, now);
    const r = await repairs.escalateOverdue(tx, today, now);
    if (o.length === 0 && r.length === 0) return { o, r };
    await rights.enqueueNotices(
      tx,
      [
        ...o.flatMap((x) => [
          { audience: 'operator' as const, departmentId: null, kind: 'objection.overdue', ref: x.id, payload: { number: x.number, dueDate: x.dueDate, departments: x.departmentIds ?? [] } },
          ...(x.departmentIds ?? []).map((d) => ({ audience: 'department' as const, departmentId: d, kind: 'objection.overdue', ref: x.id, payload: { number: x.number, dueDate: x.dueDate } })),
        ]),
        ...r.flatMap((x) => [
          { audience: 'operator' as const, departmentId: null, kind: 'repair.overdue', ref: x.id, payload: { number: x.number, dueDate: x.dueDate, department: x.departmentId } },
          { audience: 'department' as const, departmentId: x.departmentId, kind: 'repair.overdue', ref: x.id, payload: { number: x.number, dueDate: x.dueDate } },
        ]),
      ],
      now,
    );
    await writeAudit(tx, SYSTEM_ACTOR, 'rights.escalate', null, { today, objections: o.map((x) => x.number), repairs: r.map((x) => x.number) });
    return { o, r };
  });
  const notices = await deliverNotices(p);
  return { escalatedObjections: o.map((x) => x.number), escalatedRepairs: r.map((x) => x.number), notices };
}

export type Recomputed = { objections: number; repairs: number; changed: number; stillProvisional: number };

// Open deadlines that end on or after `fromDue` (or are provisional) are computed again with
// `calendar` (inside the caller's transaction, before the new calendar is in use elsewhere).
export async function recomputeOpenDeadlines(tx: Db, calendar: Pick<Calendar, 'addWorkingDays' | 'isProvisional'>, fromDue: string): Promise<Recomputed> {
  const out: Recomputed = { objections: 0, repairs: 0, changed: 0, stillProvisional: 0 };
  const redo = (rows: { id: string; filedOn: string; workingDays: number; dueDate: string; dueProvisional: boolean }[]) =>
    rows.map((r) => {
      const due = calendar.addWorkingDays(r.filedOn, r.workingDays);
      const provisional = calendar.isProvisional(r.filedOn, r.workingDays);
      if (due !== r.dueDate || provisional !== r.dueProvisional) out.changed += 1;
      if (provisional) out.stillProvisional += 1;
      return { id: r.id, dueDate: due, provisional };
    });
  const o = redo(await objections.openDeadlines(tx, fromDue));
  const r = redo(await repairs.pendingDeadlines(tx, fromDue));
  await objections.updateDeadlines(tx, o);
  await repairs.updateDeadlines(tx, r);
  out.objections = o.length;
  out.repairs = r.length;
  return out;
}
