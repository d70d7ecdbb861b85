// A year's State Council holiday notice (国务院办公厅关于 YYYY 年部分节假日安排的通知) as data:
// rest days and make-up working days (调休), checked before anything is loaded. Pure.
import { addDays, compareDates, dayOfWeek, isValidDate, type DateStr } from '../../kernel/dates.ts';

export type HolidayNotice = { year: number; source: string; rest: DateStr[]; work: DateStr[]; holidays: { name: string; rest: DateStr[]; work: DateStr[] }[] };
export type NoticeProblem = { code: string; zh: string; en: string };

// Accepted shape (JSON):
//   { "year": 2027, "source": "国办发明电〔2026〕…号",
//     "holidays": [ { "name": "春节", "rest": ["2027-02-05~2027-02-11"], "work": ["2027-02-14"] }, … ] }
// or flat { "year", "source", "rest": [...], "work": [...] }. A rest entry may be a day or a range
// "A~B" (also "A..B"), inclusive.
export function parseHolidayNotice(raw: unknown): { ok: true; notice: HolidayNotice; warnings: NoticeProblem[] } | { ok: false; problems: NoticeProblem[] } {
  const problems: NoticeProblem[] = [];
  const warnings: NoticeProblem[] = [];
  const bad = (code: string, zh: string, en: string) => problems.push({ code, zh, en });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problems: [{ code: 'NOTICE_NOT_OBJECT', zh: '放假安排应为 JSON 对象', en: 'The notice must be a JSON object' }] };
  const o = raw as Record<string, unknown>;
  const year = o.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2200) bad('NOTICE_YEAR', `年份无效：${String(year)}`, `Invalid year: ${String(year)}`);
  const source = typeof o.source === 'string' ? o.source.trim() : '';
  if (!source) bad('NOTICE_SOURCE', '请注明通知文号或来源（source）', 'Give the notice’s document number or source (source)');
  const groups: { name: string; rest: unknown; work: unknown }[] = Array.isArray(o.holidays)
    ? (o.holidays as unknown[]).map((h, i) => {
        const g = (typeof h === 'object' && h !== null ? h : {}) as Record<string, unknown>;
        return { name: typeof g.name === 'string' && g.name.trim() ? g.name.trim() : `#${i + 1}`, rest: g.rest, work: g.work ?? [] };
      })
    : [{ name: '', rest: o.rest, work: o.work ?? [] }];
  if (groups.length === 0) bad('NOTICE_EMPTY', '放假安排中没有节日', 'The notice lists no holidays');
  const expand = (v: unknown, what: string, group: string): DateStr[] => {
    if (!Array.isArray(v)) {
      bad('NOTICE_LIST', `${group}${what}应为日期列表`, `${group} ${what} must be a list of dates`);
      return [];
    }
    const out: DateStr[] = [];
    for (const item of v) {
      const s = typeof item === 'string' ? item.trim() : '';
      const m = /^(\d{4}-\d{2}-\d{2})\s*(?:~|\.\.|～)\s*(\d{4}-\d{2}-\d{2})$/.exec(s);
      if (m) {
        const [a, b] = [m[1]!, m[2]!];
        if (!isValidDate(a) || !isValidDate(b) || compareDates(a, b) > 0 || compareDates(addDays(a, 31), b) < 0) {
          bad('NOTICE_RANGE', `${group}${what}日期范围无效：${s}`, `${group} ${what}: invalid range ${s}`);
          continue;
        }
        for (let d = a; compareDates(d, b) <= 0; d = addDays(d, 1)) out.push(d);
      } else if (isValidDate(s)) out.push(s);
      else bad('NOTICE_DATE', `${group}${what}日期无效：${String(item)}`, `${group} ${what}: invalid date ${String(item)}`);
    }
    return out;
  };
  const holidays = groups.map((g) => ({ name: g.name, rest: expand(g.rest, '放假', g.name), work: expand(g.work, '调休上班', g.name) }));
  const rest = [...new Set(holidays.flatMap((h) => h.rest))].sort(compareDates);
  const work = [...new Set(holidays.flatMap((h) => h.work))].sort(compareDates);
  if (typeof year === 'number') {
    // make-up working days may fall just outside the year (元旦 at the turn of the year)
    const lo = `${year - 1}-12-01`;
    const hi = `${year + 1}-01-31`;
    for (const d of rest)
      if (!d.startsWith(`${year}-`) && (compareDates(d, lo) < 0 || compareDates(d, hi) > 0))
        bad('NOTICE_OUT_OF_YEAR', `放假日期 ${d} 不在 ${year} 年`, `Rest day ${d} is not in ${year}`);
    for (const d of work)
      if (compareDates(d, lo) < 0 || compareDates(d, hi) > 0) bad('NOTICE_OUT_OF_YEAR', `调休上班日期 ${d} 不在 ${year} 年前后`, `Make-up working day ${d} is not around ${year}`);
  }
  const both = rest.filter((d) => work.includes(d));
  if (both.length) bad('NOTICE_CONFLICT', `以下日期既放假又上班：${both.join('、')}`, `These days are both rest and working days: ${both.join(', ')}`);
  for (const d of work)
    if (dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6) warnings.push({ code: 'NOTICE_WORK_ON_WEEKDAY', zh: `调休上班日 ${d} 本就是工作日`, en: `Make-up working day ${d} is a weekday anyway` });
  if (rest.length === 0) bad('NOTICE_NO_REST', '放假安排中没有放假日期', 'The notice has no rest days');
  if (problems.length) return { ok: false, problems };
  return { ok: true, notice: { year: year as number, source, rest, work, holidays }, warnings };
}
