// Loading a year's State Council holiday notice: its rest and make-up working days become
// calendar overrides, the year is marked official (no more statutory-holiday fallback, no more
// provisional deadlines), and every open deadline that the year touches is computed again, in
// the same transaction, with the new calendar.
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import { createCalendar } from '../../kernel/calendar.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest } from '../../kernel/errors.ts';
import { recomputeOpenDeadlines } from '../rights/deadlines.service.ts';
import { recomputeFeedbackDeadlines } from '../sanctions/deadlines.service.ts';
import { parseHolidayNotice, type NoticeProblem } from './calendar.rules.ts';
import * as store from './calendar.store.ts';

export type LoadYearResult = {
  year: number;
  source: string;
  restDays: number;
  workDays: number;
  warnings: NoticeProblem[];
  recomputed: { objections: number; repairs: number; feedback: number; changed: number; stillProvisional: number };
};

export type Recomputed = LoadYearResult['recomputed'];

// Every open deadline ending on or after `fromDue` (or provisional), computed again with the
// calendar as the transaction sees it: objections, repair reviews, credit-check feedback.
export async function recomputeDeadlines(p: Platform, tx: Db, fromDue: string): Promise<Recomputed> {
  const calendar = createCalendar(await store.calendarData(tx));
  // each deadline's owner computes its own: rights (objections, repair reviews), sanctions (feedback)
  const rights = await recomputeOpenDeadlines(tx, calendar, fromDue);
  const sanctions = await recomputeFeedbackDeadlines(tx, calendar, p.rules.sanctions, fromDue);
  return { ...rights, feedback: sanctions.feedback, changed: rights.changed + sanctions.changed };
}

export async function loadHolidayNotice(p: Platform, actor: Actor, raw: unknown, expectYear?: number): Promise<LoadYearResult> {
  const parsed = parseHolidayNotice(raw);
  if (!parsed.ok)
    throw badRequest('NOTICE_INVALID', `放假安排有误：${parsed.problems.map((x) => x.zh).join('；')}`, `The holiday notice is invalid: ${parsed.problems.map((x) => x.en).join('; ')}`, parsed.problems);
  const n = parsed.notice;
  if (expectYear !== undefined && expectYear !== n.year)
    throw badRequest('NOTICE_YEAR_MISMATCH', `文件是 ${n.year} 年的放假安排，不是 ${expectYear} 年`, `The file holds the notice of ${n.year}, not ${expectYear}`);
  const tag = store.noticeTag(n.year);
  const noteOf = (d: string, work: boolean) => {
    const h = n.holidays.find((x) => (work ? x.work : x.rest).includes(d));
    return `${tag} ${h?.name ? `${h.name} ` : ''}${work ? '调休上班' : '放假'}：${n.source}`.slice(0, 500);
  };
  const days = [...n.rest.map((d) => ({ date: d, workingDay: false, note: noteOf(d, false) })), ...n.work.map((d) => ({ date: d, workingDay: true, note: noteOf(d, true) }))];
  const fromDue = [...n.rest, ...n.work].sort()[0]!;
  const now = p.now();
  const result = await p.db.tx(async (tx) => {
    await store.replaceNoticeDays(tx, n.year, days);
    await store.markOfficialYear(tx, n.year, n.source, now);
    const recomputed = await recomputeDeadlines(p, tx, fromDue);
    await writeAudit(tx, actor, 'calendar.load-year', `calendar-year:${n.year}`, { source: n.source, rest: n.rest, work: n.work, recomputed });
    return recomputed;
  });
  await p.reloadCalendar();
  return { year: n.year, source: n.source, restDays: n.rest.length, workDays: n.work.length, warnings: parsed.warnings, recomputed: result };
}
