// Working days (工作日) per the State Council holiday and 调休 notices, with operator overrides.
//
// Sources, in order: operator overrides; the data of `chinese-days` for the years it covers;
// for other years (unless the operator marked the year official) a provisional rule: weekends and
// the statutory holidays of 全国年节及纪念日放假办法 are rest days.
//
// We read chinese-days' JSON data, not its functions: its functions build dates in the process's
// local time zone and are wrong west of UTC (measured: with TZ=America/New_York, isWorkday says
// 2004-01-03, a Saturday, is a working day, and its lunar conversion is one day off).
import { createRequire } from 'node:module';
import { type DateStr, fromDayNumber, isValidDate, toDayNumber } from './dates.ts';

export type CalendarOverride = { date: DateStr; workingDay: boolean; note?: string };

export type Calendar = {
  isWorkingDay(d: DateStr): boolean;
  // The n-th working day after `from` (the start day is not counted); n = 0 returns `from`.
  addWorkingDays(from: DateStr, n: number): DateStr;
  // Working days in (from, to]; 0 when to <= from.
  workingDaysBetween(from: DateStr, to: DateStr): number;
  hasOfficialData(year: number): boolean;
  // True when a day examined by addWorkingDays(from, n) lies in a year without official data.
  isProvisional(from: DateStr, n: number): boolean;
};

// 全国年节及纪念日放假办法 as amended 2024-11-10 (State Council Order No. 795), in force 2025-01-01,
// art. 2: 元旦 1 day, 春节 4 days (除夕 to 正月初三), 清明 1, 劳动节 2 (May 1–2), 端午 1, 中秋 1, 国庆 3.
// Its make-up rule (a holiday on a Saturday or Sunday is made up on a working day) is not
// modelled: which day is the notice's choice, so such a holiday is simply lost here.
const STATUTORY_FIXED: readonly (readonly [month: number, day: number])[] = [
  [1, 1],
  [5, 1],
  [5, 2],
  [10, 1],
  [10, 2],
  [10, 3],
];

// Per Gregorian year: [正月初一, 清明 (solar term day), 端午 (五月初五), 中秋 (八月十五)], 'MM-DD'.
// From chinese-days 1.5.7: its 1900–2100 lunar month table (LUNAR_INFO, src/solar_lunar/constants.ts)
// and its solar-term formula (寿星通用公式, src/solar_terms/index.ts),
// evaluated with TZ=Asia/Shanghai and TZ=UTC (same output). calendar.test.ts re-derives every date
// independently (new moons per Meeus ch. 49, month numbering per ICU's Chinese calendar, the sun's
// longitude per Meeus ch. 25). Outside these years the provisional rule has only fixed-date holidays.
const LUNAR_HOLIDAYS: Readonly<Record<number, readonly [string, string, string, string]>> = {
  2027: ['02-06', '04-05', '06-09', '09-15'],
  2028: ['01-26', '04-04', '05-28', '10-03'],
  2029: ['02-13', '04-04', '06-16', '09-22'],
  2030: ['02-03', '04-05', '06-05', '09-12'],
  2031: ['01-23', '04-05', '06-24', '10-01'],
  2032: ['02-11', '04-04', '06-12', '09-19'],
  2033: ['01-31', '04-04', '06-01', '09-08'],
  2034: ['02-19', '04-05', '06-20', '09-27'],
  2035: ['02-08', '04-05', '06-10', '09-16'],
  2036: ['01-28', '04-04', '05-30', '10-04'],
  2037: ['02-15', '04-04', '06-18', '09-24'],
  2038: ['02-04', '04-05', '06-07', '09-13'],
  2039: ['01-24', '04-05', '05-27', '10-02'],
  2040: ['02-12', '04-04', '06-14', '09-20'],
  2041: ['02-01', '04-04', '06-03', '09-10'],
  2042: ['01-22', '04-04', '06-22', '09-28'],
  2043: ['02-10', '04-05', '06-11', '09-17'],
  2044: ['01-30', '04-04', '05-31', '10-05'],
  2045: ['02-17', '04-04', '06-19', '09-25'],
  2046: ['02-06', '04-04', '06-08', '09-15'],
  2047: ['01-26', '04-05', '05-29', '10-04'],
  2048: ['02-14', '04-04', '06-15', '09-22'],
  2049: ['02-02', '04-04', '06-04', '09-11'],
  2050: ['01-23', '04-04', '06-23', '09-30'],
};

const MIN_YEAR = 1;
const MAX_YEAR = 9999;

function jan1(y: number): number {
  return toDayNumber(String(y).padStart(4, '0') + '-01-01');
}

function yearLength(y: number): number {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 366 : 365;
}

// Year of a DateStr already validated by toDayNumber.
function yearOf(d: DateStr): number {
  return (
    (d.charCodeAt(0) - 48) * 1000 + (d.charCodeAt(1) - 48) * 100 + (d.charCodeAt(2) - 48) * 10 + (d.charCodeAt(3) - 48)
  );
}

function checkYear(y: number): void {
  if (!Number.isInteger(y) || y < MIN_YEAR || y > MAX_YEAR) throw new RangeError(`year out of range: ${y}`);
}

// The statutory holidays the provisional rule applies to a year without official data, sorted.
export function statutoryHolidays(year: number): DateStr[] {
  checkYear(year);
  const y = String(year).padStart(4, '0');
  const days = new Set<number>();
  for (const [m, d] of STATUTORY_FIXED) days.add(toDayNumber(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`));
  const lunar = LUNAR_HOLIDAYS[year];
  if (lunar) {
    const [springFestival, qingming, duanwu, midAutumn] = lunar.map((md) => toDayNumber(`${y}-${md}`));
    for (let i = -1; i <= 2; i++) days.add(springFestival + i); // 除夕 .. 初三
    days.add(qingming);
    days.add(duanwu);
    days.add(midAutumn);
  }
  return [...days].sort((a, b) => a - b).map(fromDayNumber);
}

type PackageYear = { rest: DateStr[]; work: DateStr[] };

let packageData: Map<number, PackageYear> | undefined;

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');
}

// Holidays and 调休 working days of chinese-days, by year; its years are the years it covers.
function loadPackageData(): Map<number, PackageYear> {
  if (packageData) return packageData;
  const raw: unknown = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json');
  if (typeof raw !== 'object' || raw === null) throw new Error('chinese-days data: unexpected shape');
  const { holidays, workdays } = raw as { holidays?: unknown; workdays?: unknown };
  if (!isStringRecord(holidays) || !isStringRecord(workdays)) throw new Error('chinese-days data: unexpected shape');
  const byYear = new Map<number, PackageYear>();
  const slot = (d: string): PackageYear => {
    if (!isValidDate(d)) throw new Error(`chinese-days data: bad date ${d}`);
    const y = yearOf(d);
    let e = byYear.get(y);
    if (!e) byYear.set(y, (e = { rest: [], work: [] }));
    return e;
  };
  for (const d of Object.keys(holidays)) slot(d).rest.push(d);
  for (const d of Object.keys(workdays)) slot(d).work.push(d);
  packageData = byYear;
  return byYear;
}

// The years chinese-days has State Council data for (e.g. 2004–2026 in 1.5.7).
export function packageYears(): number[] {
  return [...loadPackageData().keys()].sort((a, b) => a - b);
}

// One year as prefix sums: prefix[i] = working days among the year's first i days, so day i is a
// working day when prefix[i + 1] > prefix[i] and a range count is one subtraction.
type YearTable = { start: number; prefix: Uint16Array };

export function createCalendar(options: { overrides?: CalendarOverride[]; officialYears?: number[] } = {}): Calendar {
  const pkg = loadPackageData();
  const officialYears = new Set<number>();
  for (const y of options.officialYears ?? []) {
    checkYear(y);
    officialYears.add(y);
  }
  const overrides = new Map<number, Map<number, boolean>>(); // year -> day number -> working
  for (const o of options.overrides ?? []) {
    if (!isValidDate(o.date)) throw new RangeError(`calendar override: not a valid date: ${JSON.stringify(o.date)}`);
    const y = yearOf(o.date);
    let m = overrides.get(y);
    if (!m) overrides.set(y, (m = new Map()));
    const dn = toDayNumber(o.date);
    const prev = m.get(dn);
    if (prev !== undefined && prev !== o.workingDay) throw new RangeError(`calendar override: conflicting entries for ${o.date}`);
    m.set(dn, o.workingDay);
  }

  const tables = new Map<number, YearTable>();

  function buildYear(y: number): YearTable {
    const start = jan1(y);
    const len = yearLength(y);
    const working = new Uint8Array(len);
    const firstDow = (((start + 4) % 7) + 7) % 7;
    for (let i = 0; i < len; i++) {
      const dow = (firstDow + i) % 7;
      working[i] = dow === 0 || dow === 6 ? 0 : 1;
    }
    const official = pkg.get(y);
    if (official) {
      for (const d of official.rest) working[toDayNumber(d) - start] = 0;
      for (const d of official.work) working[toDayNumber(d) - start] = 1;
    } else if (!officialYears.has(y)) {
      for (const d of statutoryHolidays(y)) working[toDayNumber(d) - start] = 0;
    }
    for (const [dn, w] of overrides.get(y) ?? []) working[dn - start] = w ? 1 : 0;
    const prefix = new Uint16Array(len + 1);
    for (let i = 0; i < len; i++) prefix[i + 1] = prefix[i] + working[i];
    return { start, prefix };
  }

  function table(y: number): YearTable {
    let t = tables.get(y);
    if (!t) {
      checkYear(y);
      t = buildYear(y);
      tables.set(y, t);
    }
    return t;
  }

  function hasOfficialData(year: number): boolean {
    return pkg.has(year) || officialYears.has(year);
  }

  function isWorkingDay(d: DateStr): boolean {
    const dn = toDayNumber(d);
    const t = table(yearOf(d));
    const i = dn - t.start;
    return t.prefix[i + 1] !== t.prefix[i];
  }

  function addWorkingDays(from: DateStr, n: number): DateStr {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer: ${n}`);
    const dn = toDayNumber(from);
    if (n === 0) return from;
    let y = yearOf(from);
    let t = table(y);
    let i = dn - t.start; // days after index i are candidates
    let remaining = n;
    for (;;) {
      const p = t.prefix;
      const len = p.length - 1;
      const available = p[len] - p[i + 1];
      if (remaining <= available) {
        // Smallest j > i with p[j + 1] = p[i + 1] + remaining: day j is the target working day.
        const target = p[i + 1] + remaining;
        let lo = i + 1;
        let hi = len - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (p[mid + 1] >= target) hi = mid;
          else lo = mid + 1;
        }
        return fromDayNumber(t.start + lo);
      }
      remaining -= available;
      y += 1;
      if (y > MAX_YEAR) throw new RangeError('working-day date beyond year 9999');
      t = table(y);
      i = -1;
    }
  }

  function workingDaysBetween(from: DateStr, to: DateStr): number {
    const a = toDayNumber(from);
    const b = toDayNumber(to);
    if (b <= a) return 0;
    const ya = yearOf(from);
    const yb = yearOf(to);
    const ta = table(ya);
    const tb = table(yb);
    const ia = a - ta.start;
    const ib = b - tb.start;
    if (ya === yb) return ta.prefix[ib + 1] - ta.prefix[ia + 1];
    let count = ta.prefix[ta.prefix.length - 1] - ta.prefix[ia + 1];
    for (let y = ya + 1; y < yb; y++) {
      const p = table(y).prefix;
      count += p[p.length - 1];
    }
    return count + tb.prefix[ib + 1];
  }

  function isProvisional(from: DateStr, n: number): boolean {
    const end = addWorkingDays(from, n); // validates both arguments
    if (n === 0) return false; // no day examined
    const firstYear = yearOf(fromDayNumber(toDayNumber(from) + 1));
    const lastYear = yearOf(end);
    for (let y = firstYear; y <= lastYear; y++) if (!hasOfficialData(y)) return true;
    return false;
  }

  return { isWorkingDay, addWorkingDays, workingDaysBetween, hasOfficialData, isProvisional };
}
