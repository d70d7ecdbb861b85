// The working-day calendar across nodes (issue 11, docs/exchange.md "Downward feed"): the parent
// reads the days and official years its feed carries; a child applies them. The calendar is set
// at the province (loading a notice is province-level), so the parent's state of a day it sends
// replaces the child's (set, changed or removed); days the parent never touched keep the child's
// own corrections. Deadlines that pass over a changed day are computed again in the same
// transaction; the caller reloads the calendar after the commit.
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { recomputeDeadlines } from './calendar.service.ts';
import { markOfficialYear } from './calendar.store.ts';

export type CalendarDayState = { workingDay: boolean; note: string | null } | null;

// The override of each date (null: none), as the parent holds it now.
export async function calendarDaysByDate(p: Pick<Platform, 'db'>, dates: readonly string[]): Promise<Map<string, CalendarDayState>> {
  const out = new Map<string, CalendarDayState>(dates.map((d) => [d, null]));
  if (dates.length === 0) return out;
  const rows = await p.db.query<{ date: string; workingDay: boolean; note: string | null }>(
    'SELECT date::text AS date, working_day AS "workingDay", note FROM calendar_override WHERE date = ANY($1::date[])',
    [dates],
  );
  for (const r of rows) out.set(r.date, { workingDay: r.workingDay, note: r.note });
  return out;
}

export async function officialYearsByYear(p: Pick<Platform, 'db'>, years: readonly number[]): Promise<Map<number, { source: string }>> {
  const out = new Map<number, { source: string }>();
  if (years.length === 0) return out;
  const rows = await p.db.query<{ year: number; source: string }>('SELECT year, source FROM calendar_official_year WHERE year = ANY($1::int[])', [years]);
  for (const r of rows) out.set(r.year, { source: r.source });
  return out;
}

export type CalendarApplied = { outcome: 'accepted' | 'unchanged'; recomputed?: number };

export async function applyUpstreamCalendarDay(p: Platform, tx: Db, actor: Actor, item: { date: string; state: CalendarDayState; parent: string }): Promise<CalendarApplied> {
  const cur = await tx.one<{ workingDay: boolean; note: string | null }>('SELECT working_day AS "workingDay", note FROM calendar_override WHERE date = $1', [item.date]);
  if (item.state === null) {
    if (!cur) return { outcome: 'unchanged' };
    await tx.query('DELETE FROM calendar_override WHERE date = $1', [item.date]);
  } else {
    if (cur && cur.workingDay === item.state.workingDay && (cur.note ?? null) === (item.state.note ?? null)) return { outcome: 'unchanged' };
    await tx.query(
      `INSERT INTO calendar_override (date, working_day, note) VALUES ($1, $2, $3)
       ON CONFLICT (date) DO UPDATE SET working_day = EXCLUDED.working_day, note = EXCLUDED.note`,
      [item.date, item.state.workingDay, item.state.note],
    );
  }
  const recomputed = await recomputeDeadlines(p, tx, item.date);
  await writeAudit(tx, actor, 'calendar.upstream', `date:${item.date}`, { parent: item.parent, workingDay: item.state?.workingDay ?? null, removed: item.state === null, recomputed });
  return { outcome: 'accepted', recomputed: recomputed.changed };
}

export async function applyUpstreamOfficialYear(p: Platform, tx: Db, actor: Actor, item: { year: number; source: string; parent: string }): Promise<CalendarApplied> {
  const cur = await tx.one<{ source: string }>('SELECT source FROM calendar_official_year WHERE year = $1', [item.year]);
  if (cur && cur.source === item.source) return { outcome: 'unchanged' };
  await markOfficialYear(tx, item.year, item.source, p.now());
  const recomputed = await recomputeDeadlines(p, tx, `${item.year}-01-01`);
  await writeAudit(tx, actor, 'calendar.upstream', `calendar-year:${item.year}`, { parent: item.parent, source: item.source, recomputed });
  return { outcome: 'accepted', recomputed: recomputed.changed };
}
