// Calendar dates as 'YYYY-MM-DD' strings. All arithmetic is on integer day numbers (days since
// 1970-01-01), never on JS Date in local time, so the server's time zone cannot shift a date.

export type DateStr = string;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1];
}

// Howard Hinnant's days_from_civil: proleptic Gregorian, exact for any year.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function formatYmd(y: number, m: number, d: number): DateStr {
  if (y < 1 || y > 9999) throw new RangeError(`date out of range (years 0001–9999): year ${y}`);
  return String(y).padStart(4, '0') + '-' + pad2(m) + '-' + pad2(d);
}

// Digit at position i, or -1.
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

// Day number of a strict 'YYYY-MM-DD' string, or NaN. No allocation: this is on the hot path
// of the working-day calendar.
function strictDayNumber(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y0 = digitAt(s, 0), y1 = digitAt(s, 1), y2 = digitAt(s, 2), y3 = digitAt(s, 3);
  const m0 = digitAt(s, 5), m1 = digitAt(s, 6), d0 = digitAt(s, 8), d1 = digitAt(s, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return NaN;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

// Days since 1970-01-01 of a valid DateStr; throws RangeError otherwise.
export function toDayNumber(d: DateStr): number {
  const n = strictDayNumber(d);
  if (Number.isNaN(n)) throw new RangeError(`not a valid YYYY-MM-DD date: ${JSON.stringify(d)}`);
  return n;
}

// Inverse of toDayNumber (Hinnant's civil_from_days).
export function fromDayNumber(n: number): DateStr {
  if (!Number.isInteger(n)) throw new RangeError(`day number must be an integer: ${n}`);
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return formatYmd(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

export function isValidDate(s: string): boolean {
  return typeof s === 'string' && !Number.isNaN(strictDayNumber(s));
}

function realDate(y: number, m: number, d: number): DateStr | undefined {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return formatYmd(y, m, d);
}

// Optional time after a date: ' 10:00', 'T10:00:00', '10:00:00.123Z', '+08:00'. Only the date
// as written is kept; an offset is not applied (a decision date is the date on the document).
const TIME = String.raw`(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?`;
const SEPARATED = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})` + TIME + '$', 'i');
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const PLAIN_DAY = /^\d{4}-\d{2}-\d{2}$/;
const CHINESE = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日` + TIME + '$', 'i');

function timeOk(h: string | undefined, mi: string | undefined, s: string | undefined): boolean {
  if (h === undefined) return true;
  return Number(h) <= 23 && Number(mi) <= 59 && (s === undefined || Number(s) <= 59);
}

// Lenient input from files and forms; undefined when the text is not a real calendar date.
export function parseDateInput(raw: string): DateStr | undefined {
  if (typeof raw !== 'string') return undefined;
  // the usual form, YYYY-MM-DD, without the normalizations below (decision 0044: a per-cell hot spot)
  if (raw.length === 10 && PLAIN_DAY.test(raw)) return realDate(Number(raw.slice(0, 4)), Number(raw.slice(5, 7)), Number(raw.slice(8, 10)));
  // Full-width ASCII (０-９, －, ／, ．, ：, Ｔ) as typed with a Chinese IME.
  const s = raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
  let m = SEPARATED.exec(s);
  if (m) return timeOk(m[5], m[6], m[7]) ? realDate(Number(m[1]), Number(m[3]), Number(m[4])) : undefined;
  m = COMPACT.exec(s);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = CHINESE.exec(s);
  if (m) return timeOk(m[4], m[5], m[6]) ? realDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  return undefined;
}

const EXCEL_EPOCH_BEFORE_BUG = daysFromCivil(1899, 12, 31); // serial 1 = 1900-01-01
const EXCEL_EPOCH_AFTER_BUG = daysFromCivil(1899, 12, 30); // serial 61 = 1900-03-01
const EXCEL_MAX_SERIAL = 2958465; // 9999-12-31

// Excel 1900 date system. Excel counts a 1900-02-29 that never existed (serial 60), so serials
// from 61 on are one day ahead of a plain count. A time fraction is dropped. Serial 60, values
// below 1 (times without a date) and non-finite values are not dates: RangeError.
export function excelSerialToDate(serial: number): DateStr {
  if (!Number.isFinite(serial)) throw new RangeError(`not an Excel date serial: ${serial}`);
  const whole = Math.floor(serial);
  if (whole < 1 || whole > EXCEL_MAX_SERIAL) throw new RangeError(`Excel date serial out of range: ${serial}`);
  if (whole === 60) throw new RangeError('Excel serial 60 is 1900-02-29, a day that does not exist');
  return fromDayNumber(whole < 60 ? EXCEL_EPOCH_BEFORE_BUG + whole : EXCEL_EPOCH_AFTER_BUG + whole);
}

// exceljs returns date cells as JS Dates at UTC midnight (Excel has no time zone): read UTC fields.
export function jsDateToDateStr(d: Date): DateStr {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError('invalid Date');
  return formatYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function requireInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be an integer: ${n}`);
}

export function addDays(d: DateStr, n: number): DateStr {
  requireInteger(n, 'days');
  return fromDayNumber(toDayNumber(d) + n);
}

// 民法典 art. 202: a period in months or years ends on the corresponding day of the last month;
// when that month has no such day, on its last day.
export function addMonths(d: DateStr, n: number): DateStr {
  requireInteger(n, 'months');
  toDayNumber(d); // validates
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const day = Number(d.slice(8, 10));
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  if (ny < 1 || ny > 9999) throw new RangeError(`date out of range (years 0001–9999): year ${ny}`);
  return formatYmd(ny, nm, Math.min(day, daysInMonth(ny, nm)));
}

export function addYears(d: DateStr, n: number): DateStr {
  requireInteger(n, 'years');
  return addMonths(d, 12 * n);
}

// Valid DateStrs order as strings; no parsing so it is cheap as a sort comparator.
export function compareDates(a: DateStr, b: DateStr): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// b - a in days.
export function daysBetween(a: DateStr, b: DateStr): number {
  return toDayNumber(b) - toDayNumber(a);
}

const todayFormatters = new Map<string, Intl.DateTimeFormat>();

// The calendar date now in a time zone. Only edges (routes, CLI, jobs) call this; rules take
// `today` as a parameter.
// The last answer per time zone, by whole second: a zone's offset is a whole number of seconds
// (every tzdb offset is), so the date cannot change within one. formatToParts costs ~10 µs, and a
// credit check asks for today several times (3 % of the server's busy samples at concurrency 64,
// V8 profile of 2026-12-06, before this cache).
const lastToday = new Map<string, { second: number; day: DateStr }>();

export function todayIn(timeZone: string = 'Asia/Shanghai', now: Date = new Date()): DateStr {
  const second = Math.floor(now.getTime() / 1000);
  const last = lastToday.get(timeZone);
  if (last && last.second === second) return last.day;
  const day = todayUncached(timeZone, now);
  lastToday.set(timeZone, { second, day });
  return day;
}

function todayUncached(timeZone: string, now: Date): DateStr {
  let f = todayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    todayFormatters.set(timeZone, f);
  }
  let y = 0, m = 0, d = 0;
  for (const p of f.formatToParts(now)) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') m = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
  }
  return formatYmd(y, m, d);
}

// 0 = Sunday … 6 = Saturday.
export function dayOfWeek(d: DateStr): number {
  return (((toDayNumber(d) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}
