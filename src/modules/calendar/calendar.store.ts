// SQL of the working-day calendar tables (0001: calendar_override, calendar_official_year), and
// the one deadline outside rights that a loaded holiday notice moves: credit-check feedback.
import type { Db } from '../../kernel/db.ts';
import type { CalendarOverride } from '../../kernel/calendar.ts';

export async function calendarData(db: Db): Promise<{ overrides: CalendarOverride[]; officialYears: number[] }> {
  const overrides = await db.query<{ date: string; workingDay: boolean; note: string | null }>(
    'SELECT date::text AS date, working_day AS "workingDay", note FROM calendar_override ORDER BY date',
  );
  const years = await db.query<{ year: number }>('SELECT year FROM calendar_official_year ORDER BY year');
  return { overrides: overrides.map((o) => ({ date: o.date, workingDay: o.workingDay, note: o.note ?? undefined })), officialYears: years.map((y) => y.year) };
}

// Notice rows carry the prefix "[notice YYYY]" in their note, so loading the year again replaces
// them and leaves the operator's own corrections alone.
export const noticeTag = (year: number) => `[notice ${year}]`;

export async function replaceNoticeDays(tx: Db, year: number, days: readonly { date: string; workingDay: boolean; note: string }[]): Promise<void> {
  await tx.query(`DELETE FROM calendar_override WHERE note LIKE $1`, [`${noticeTag(year)}%`]);
  await tx.query(
    `INSERT INTO calendar_override (date, working_day, note)
     SELECT t.d::date, t.w, t.n FROM unnest($1::text[], $2::boolean[], $3::text[]) AS t(d, w, n)
     ON CONFLICT (date) DO UPDATE SET working_day = EXCLUDED.working_day, note = EXCLUDED.note`,
    [days.map((d) => d.date), days.map((d) => d.workingDay), days.map((d) => d.note)],
  );
}

export async function markOfficialYear(tx: Db, year: number, source: string, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO calendar_official_year (year, loaded_at, source) VALUES ($1, $2, $3)
     ON CONFLICT (year) DO UPDATE SET loaded_at = EXCLUDED.loaded_at, source = EXCLUDED.source`,
    [year, at, source],
  );
}

export async function officialYears(db: Db): Promise<{ year: number; loadedAt: Date; source: string }[]> {
  return db.query('SELECT year, loaded_at AS "loadedAt", source FROM calendar_official_year ORDER BY year');
}
