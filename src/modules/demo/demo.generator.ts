import { addMonths, addYears, fromDayNumber, toDayNumber } from '../../kernel/dates.ts';
import { badRequest } from '../../kernel/errors.ts';
import { USCC_PLACEHOLDER } from '../../kernel/codes/uscc.ts';
import { RELATED_KINDS, type DemoDepartment, type DepartmentKind } from './demo.departments.ts';
import { BUILDING_WORDS, HIGHWAYS, PROJECT_PRODUCTS, ROADS, SCOPES } from './demo.names.ts';
import { LICENSE_CASES, PENALTY_CASES } from './demo.cases.ts';
import { checkDigit, fillTemplate } from './demo.template.ts';
import { WeightedTable, type Rng } from './demo.rng.ts';
import { brandName, cityCodeOf, placeOf, type DemoSubject, type Place } from './demo.subjects.ts';
import type { LicenseCase, LicenseNumberCtx, PenaltyCase, Severity, SubjectKind, TextCtx } from './demo.text.ts';

export { createRng, type Rng } from './demo.rng.ts';
export { makeIdNumber, makeOrgCode, makeRegNo, makeUscc } from './demo.codes.ts';
export { demoDepartments, type DemoDepartment, type DepartmentKind } from './demo.departments.ts';
export { generateSubjects, subjectAt, subjectSource, type DemoSubject } from './demo.subjects.ts';
// the name the collect bench uses for subjectAt
export { subjectAt as deriveSubject, personAt } from './demo.subjects.ts';

export const PENALTY_COLUMNS: readonly string[] = [
  'CF_XDR_MC', 'CF_XDR_LB', 'CF_XDR_SHXYM', 'CF_XDR_GSZC', 'CF_FRDB', 'CF_XDR_ZJLX', 'CF_XDR_ZJHM',
  'CF_WSH', 'CF_WFXW', 'CF_SY', 'CF_YJ', 'CF_CFLB', 'CF_NR', 'CF_NR_FK', 'CF_NR_WFFF', 'CF_NR_ZKDX',
  'CF_JDRQ', 'CF_YXQ', 'CF_GSJZQ', 'CF_CFJG', 'CF_CFJGDM', 'CF_SJLY', 'CF_SJLYDM', 'BZ', 'SEVERITY',
];

export const LICENSE_COLUMNS: readonly string[] = [
  'XK_XDR_MC', 'XK_XDR_LB', 'XK_XDR_SHXYM', 'XK_XDR_GSZC', 'XK_FRDB', 'XK_XDR_ZJLX', 'XK_XDR_ZJHM',
  'XK_XKWS', 'XK_WSH', 'XK_XKLB', 'XK_XKZS', 'XK_XKBH', 'XK_NR', 'XK_JDRQ', 'XK_YXQZ', 'XK_YXQZI',
  'XK_XKJG', 'XK_XKJGDM', 'XK_ZT', 'XK_LYDW', 'XK_LYDWDM', 'BZ',
];

export type RowOptions = {
  subjects: readonly DemoSubject[] | ((i: number) => DemoSubject);
  count: number;
  departments: readonly DemoDepartment[];
  today: string;
  yearsBack?: number; // decision dates fall in (today - yearsBack years, today]; default 3
};

const KIND_LABELS: Record<SubjectKind, string> = {
  organization: '法人及非法人组织',
  individual_business: '个体工商户',
  person: '自然人',
};

const INDEFINITE = '2099-12-31';

// ---- CSV ----

const NEEDS_QUOTES = /[",\r\n]/;

// RFC 4180: quote a field holding a comma, quote or line break; double inner quotes.
export function toCsvLine(values: readonly string[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += ',';
    line += NEEDS_QUOTES.test(v) ? '"' + v.replaceAll('"', '""') + '"' : v;
  }
  return line;
}

// Same as toCsvLine(columns.map((c) => row[c] ?? '')) without the intermediate array.
export function rowToCsvLine(row: Readonly<Record<string, string>>, columns: readonly string[]): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const v = row[columns[i]] ?? '';
    if (i > 0) line += ',';
    line += NEEDS_QUOTES.test(v) ? '"' + v.replaceAll('"', '""') + '"' : v;
  }
  return line;
}

// ---- amounts ----

// fen (0.01 yuan) -> 万元 as a plain decimal string: 500000 -> '0.5'
export function fenToWan(fen: number): string {
  const whole = Math.floor(fen / 1_000_000);
  let rest = fen % 1_000_000;
  if (rest === 0) return String(whole);
  let digits = 6;
  while (rest % 10 === 0) {
    rest /= 10;
    digits--;
  }
  return `${whole}.${String(rest).padStart(digits, '0')}`;
}

function fenToYuanText(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(yuan) : `${yuan}.${String(cents).padStart(2, '0')}`;
}

// amounts people write: 5000, 12000, 200000 — not 12345
function roundNice(yuan: number): number {
  const step = yuan < 1000 ? 50 : yuan < 10000 ? 500 : yuan < 100000 ? 1000 : 10000;
  return Math.max(step, Math.round(yuan / step) * step);
}

// ---- dates ----

function cnDate(day: number): string {
  const s = fromDayNumber(day);
  return `${Number(s.slice(0, 4))}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
}

function cnMonth(day: number): string {
  const s = fromDayNumber(day);
  return `${Number(s.slice(0, 4))}年${Number(s.slice(5, 7))}月`;
}

// ---- per-row text context: eager for amounts the row repeats, lazy for the rest ----

type CaseShape = {
  goods?: readonly (string | readonly [string, string])[];
  items?: readonly string[];
  qty?: readonly [number, number];
  value?: readonly [number, number];
  income?: readonly [number, number];
  base?: readonly [number, number];
};

// plates use neither I nor O; digits are the most common
const PLATE_CHARS = [...'0123456789012345678901234567890123456789ABCDEFGHJKLMNPQRSTUVWXYZ'];

class RowText implements TextCtx {
  readonly goods: string;
  readonly unit: string;
  readonly qty: number;
  readonly people: number;
  readonly value: number;
  readonly income: number;
  readonly baseFen: number;
  readonly year: number;

  constructor(
    private readonly rng: Rng,
    private readonly subject: DemoSubject,
    private readonly where: Place,
    shape: CaseShape,
    private readonly day: number,
  ) {
    this.year = Number(fromDayNumber(day).slice(0, 4));
    if (shape.goods) {
      const g = rng.pick(shape.goods);
      this.goods = typeof g === 'string' ? g : g[0];
      this.unit = typeof g === 'string' ? '件' : g[1];
    } else {
      this.goods = '';
      this.unit = '件';
    }
    this.qty = shape.qty ? rng.int(shape.qty[0], shape.qty[1]) : rng.int(1, 20);
    this.people = rng.int(1, 6);
    this.value = shape.value ? rng.int(shape.value[0], shape.value[1]) : 0;
    this.income = shape.income ? rng.int(shape.income[0], shape.income[1]) : 0;
    // log-uniform: bases span orders of magnitude (tax due, contract prices)
    this.baseFen = shape.base
      ? Math.round(Math.exp(Math.log(shape.base[0]) + rng.next() * (Math.log(shape.base[1]) - Math.log(shape.base[0]))) * 100)
      : 0;
    this.items = shape.items;
  }

  private readonly items: readonly string[] | undefined;
  private inspection = -1;

  private inspectionDay(): number {
    if (this.inspection < 0) this.inspection = this.day - this.rng.int(10, 90);
    return this.inspection;
  }

  get name(): string { return this.subject.name; }
  get date(): string { return cnDate(this.inspectionDay()); }
  get from(): string { return cnMonth(this.inspectionDay() - this.rng.int(30, 400)); }
  get periodEnd(): string { return cnMonth(this.inspectionDay() - this.rng.int(0, 25)); }
  get month(): string { return cnMonth(this.day - this.rng.int(30, 200)); }
  get city(): string { return this.where.city?.name ?? '河北省'; }
  get county(): string { return this.where.county || this.city; }
  get place(): string { return `${this.city}${this.where.county}${this.rng.pick(ROADS)}${this.rng.int(1, 999)}号`; }
  get road(): string { return `${this.rng.pick(HIGHWAYS)}K${this.rng.int(10, 800)}+${this.rng.int(0, 9)}00处`; }
  get item(): string { return this.items ? this.rng.pick(this.items) : ''; }
  get baseText(): string { return fenToYuanText(this.baseFen); }
  get baseWan(): string { return fenToWan(Math.round(this.baseFen / 100) * 100); }
  get ratio(): string { return (0.1 + this.rng.next() * 3).toFixed(2); }
  get plate(): string {
    const r = this.rng;
    let s = `冀${this.where.city?.letter ?? 'A'}·`;
    for (let i = 0; i < 5; i++) s += r.pick(PLATE_CHARS);
    return s;
  }
  get project(): string {
    return this.rng.chance(0.7)
      ? `年产${this.rng.int(1, 50)}万${this.rng.pick(['吨', '件', '套', '平方米'])}${this.rng.pick(PROJECT_PRODUCTS)}项目`
      : `${this.rng.pick(PROJECT_PRODUCTS)}生产线技术改造项目`;
  }
  get building(): string {
    const phase = this.rng.pick(['', '一期', '二期', '三期', `${this.rng.int(1, 12)}号楼`]);
    return `${brandName(this.rng)}${this.rng.pick(BUILDING_WORDS)}${phase}项目`;
  }
  get projectNo(): string { return `HBCG-${this.year}-${String(this.rng.int(1, 9999)).padStart(4, '0')}`; }
  private overTons = -1;
  get over(): number {
    if (this.overTons < 0) this.overTons = this.rng.int(1, 40);
    return this.overTons;
  }
  get weight(): number { return 49 + this.over; }
  get batch(): string {
    return `${String(this.year % 100).padStart(2, '0')}${String(this.rng.int(1, 12)).padStart(2, '0')}${String(this.rng.int(1, 999)).padStart(3, '0')}`;
  }
  get scope(): string { return this.subject.industry ? SCOPES[this.subject.industry] : '一般项目：技术服务、技术开发、技术咨询'; }
}

// ---- shared row machinery ----

type AnyCase = { kind: DepartmentKind; weight: number; subjects: readonly SubjectKind[]; industries?: readonly string[] };

type Setup = {
  today: string;
  startDay: number;
  endDay: number;
  pickCase: (i: number) => { subject: DemoSubject; caseIndex: number };
  pickDepartment: (kind: DepartmentKind, regionCode: string) => DemoDepartment;
  sourceOf: (dept: DemoDepartment) => DemoDepartment;
  nextRef: (dept: DemoDepartment, year: number) => string;
  decisionDay: () => number;
};

function invalid(code: string, zh: string, en: string): never {
  throw badRequest(code, zh, en);
}

function setUp(rng: Rng, opts: RowOptions, cases: readonly AnyCase[], refOf: (d: DemoDepartment) => string): Setup {
  const { subjects, departments, today } = opts;
  const yearsBack = opts.yearsBack ?? 3;
  if (!Number.isInteger(opts.count) || opts.count < 0) {
    invalid('DEMO_COUNT', `记录数应为非负整数，实际为 ${opts.count}`, `count must be a non-negative integer, got ${opts.count}`);
  }
  if (!Number.isInteger(yearsBack) || yearsBack < 1 || yearsBack > 50) {
    invalid('DEMO_YEARS_BACK', `回溯年数应为 1–50 的整数，实际为 ${yearsBack}`, `yearsBack must be an integer from 1 to 50, got ${yearsBack}`);
  }
  let endDay: number;
  try {
    endDay = toDayNumber(today);
  } catch {
    invalid('DEMO_TODAY', `today 应为 YYYY-MM-DD 格式的日期，实际为“${today}”`, `today must be a YYYY-MM-DD date, got '${today}'`);
  }
  const startDay = toDayNumber(addYears(today, -yearsBack)) + 1;
  if (departments.length === 0) invalid('DEMO_NO_DEPARTMENTS', '没有部门可用于生成记录', 'No departments to generate records for');
  if (typeof subjects !== 'function' && subjects.length === 0 && opts.count > 0) {
    invalid('DEMO_NO_SUBJECTS', '没有主体可用于生成记录', 'No subjects to generate records for');
  }

  const pickSubject = typeof subjects === 'function'
    ? subjects
    : () => subjects[rng.int(0, subjects.length - 1)];

  // departments by kind: their own city first, else the province (or any) department
  type ByKind = { province: DemoDepartment[]; byCity: Map<string, DemoDepartment[]>; all: DemoDepartment[] };
  const byKind = new Map<DepartmentKind, ByKind>();
  const add = (k: DepartmentKind, d: DemoDepartment): void => {
    let e = byKind.get(k);
    if (!e) byKind.set(k, (e = { province: [], byCity: new Map(), all: [] }));
    e.all.push(d);
    if (d.level === 'province') e.province.push(d);
    else {
      const list = e.byCity.get(d.regionCode) ?? [];
      list.push(d);
      e.byCity.set(d.regionCode, list);
    }
  };
  for (const d of departments) for (const k of d.kinds) add(k, d);
  const primary = new Set(byKind.keys());
  for (const d of departments) {
    for (const k of d.kinds) for (const r of RELATED_KINDS[k] ?? []) if (!primary.has(r)) add(r, d);
  }
  const anyKind: ByKind = { province: [], byCity: new Map(), all: [] };
  for (const d of departments) {
    anyKind.all.push(d);
    if (d.level === 'province') anyKind.province.push(d);
    else anyKind.byCity.set(d.regionCode, [...(anyKind.byCity.get(d.regionCode) ?? []), d]);
  }
  const pickDepartment = (kind: DepartmentKind, regionCode: string): DemoDepartment => {
    const e = byKind.get(kind) ?? anyKind;
    const local = e.byCity.get(cityCodeOf(regionCode));
    if (local && (e.province.length === 0 || rng.chance(0.85))) return rng.pick(local);
    if (e.province.length > 0) return rng.pick(e.province);
    return rng.pick(e.all);
  };
  // city records often reach the platform through the provincial department's system
  const sourceOf = (dept: DemoDepartment): DemoDepartment => {
    if (dept.level === 'province' || !rng.chance(0.15)) return dept;
    const e = byKind.get(dept.kinds[0]);
    return e && e.province.length > 0 ? e.province[0] : dept;
  };

  // Cases for a subject: those the given departments handle; when none fit (a caller passing
  // one department), any case that fits the subject, signed by a given department.
  type Fit = { table: WeightedTable<number>; exact: boolean };
  const fits: Record<SubjectKind, Map<string | undefined, Fit>> = { organization: new Map(), individual_business: new Map(), person: new Map() };
  const build = (subject: DemoSubject, level: number): [number, number][] => {
    const entries: [number, number][] = [];
    cases.forEach((c, i) => {
      if (!c.subjects.includes(subject.kind)) return;
      if (level === 0 && !byKind.has(c.kind)) return;
      if (level < 2 && c.industries && subject.industry && !c.industries.includes(subject.industry)) return;
      entries.push([i, c.weight]);
    });
    return entries;
  };
  const fitFor = (subject: DemoSubject): Fit => {
    let fit = fits[subject.kind].get(subject.industry);
    if (!fit) {
      let level = 0;
      let entries = build(subject, level);
      while (entries.length === 0 && level < 2) entries = build(subject, ++level);
      if (entries.length === 0) {
        invalid(
          'DEMO_NO_CASE',
          `没有适用于“${KIND_LABELS[subject.kind]}”主体的记录类型`,
          `No record type fits subjects of kind '${subject.kind}'`,
        );
      }
      fit = { table: new WeightedTable(entries), exact: level === 0 };
      fits[subject.kind].set(subject.industry, fit);
    }
    return fit;
  };
  // from a list, prefer subjects the given departments have records for
  const pickCase = (i: number): { subject: DemoSubject; caseIndex: number } => {
    let subject = pickSubject(i);
    let fit = fitFor(subject);
    for (let tries = 0; !fit.exact && typeof subjects !== 'function' && tries < 20; tries++) {
      const other = pickSubject(i);
      const otherFit = fitFor(other);
      if (otherFit.exact) {
        subject = other;
        fit = otherFit;
      }
    }
    return { subject, caseIndex: fit.table.pick(rng) };
  };

  // document numbers: per department and year, increasing with small gaps, so never repeated
  type RefState = { parts: string[]; counters: Map<number, number> };
  const refStates = new Map<DemoDepartment, RefState>();
  const nextRef = (dept: DemoDepartment, year: number): string => {
    let st = refStates.get(dept);
    if (!st) refStates.set(dept, (st = { parts: refOf(dept).split(/(\{y\}|\{n4\}|\{n\})/), counters: new Map() }));
    const n = (st.counters.get(year) ?? 0) + (rng.chance(0.2) ? rng.int(2, 4) : 1);
    st.counters.set(year, n);
    let ref = '';
    for (const part of st.parts) {
      ref += part === '{y}' ? String(year) : part === '{n}' ? String(n) : part === '{n4}' ? String(n).padStart(4, '0') : part;
    }
    return ref;
  };

  const span = endDay - startDay;
  const decisionDay = (): number => {
    let day = startDay + rng.int(0, span);
    // decisions are signed on working days: move weekends back to Friday
    const dow = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
    const back = dow === 6 ? 1 : dow === 0 ? 2 : 0;
    if (back > 0 && day - back >= startDay && rng.chance(0.95)) day -= back;
    return day;
  };

  return { today, startDay, endDay, pickCase, pickDepartment, sourceOf, nextRef, decisionDay };
}

function subjectFields(subject: DemoSubject): { uscc: string; regNo: string; legalRep: string; idType: string; idNumber: string } {
  const person = subject.kind === 'person';
  return {
    uscc: subject.uscc ?? '',
    regNo: subject.regNo ?? '',
    legalRep: person ? '' : subject.legalRep ?? '',
    idType: person ? subject.idType ?? '身份证' : '',
    idNumber: person ? subject.idNumber ?? '' : '',
  };
}

// ---- penalties ----

const SEVERITY_TABLE = new WeightedTable<Severity>([['轻微', 10], ['一般', 75], ['严重', 15]]);

// order of 行政处罚法 art. 9
const CATEGORY_ORDER = [
  '警告', '通报批评', '罚款', '没收违法所得', '没收非法财物', '暂扣许可证件', '降低资质等级',
  '吊销许可证件', '限制开展生产经营活动', '责令停产停业', '责令关闭',
];

function chooseCategories(rng: Rng, c: PenaltyCase, severity: Severity): string[] {
  const hasFine = c.fine !== undefined || c.fineOf !== undefined;
  const confiscation = c.confiscate === 'goods' ? '没收非法财物' : c.confiscate === 'income' ? '没收违法所得' : undefined;
  const mandatoryLimit = c.limit !== undefined && (c.kind === 'finance' || c.kind === 'development-reform');
  let cats: string[];
  if (severity === '轻微') {
    if (c.warn && (!hasFine || rng.chance(0.75))) cats = [rng.chance(0.1) ? '通报批评' : '警告'];
    else cats = [hasFine ? '罚款' : '警告'];
  } else if (severity === '一般') {
    cats = [hasFine ? '罚款' : '警告'];
    if (mandatoryLimit) cats.push('限制开展生产经营活动');
    else if (confiscation && rng.chance(0.6)) cats.push(confiscation);
    else if (c.warn && hasFine && rng.chance(0.15)) cats.push('警告');
  } else {
    cats = [hasFine ? '罚款' : '警告'];
    const heavy: string[] = [];
    if (c.suspend) heavy.push('责令停产停业');
    if (c.revoke) heavy.push('吊销许可证件', '暂扣许可证件');
    if (c.detain) heavy.push('暂扣许可证件');
    if (c.lowerQual) heavy.push('降低资质等级');
    if (c.limit) heavy.push('限制开展生产经营活动');
    if (c.close) heavy.push('责令关闭');
    if (mandatoryLimit) cats.push('限制开展生产经营活动');
    else if (heavy.length > 0 && rng.chance(0.6)) cats.push(rng.pick(heavy));
    else if (confiscation) cats.push(confiscation);
  }
  return cats.sort((a, b) => CATEGORY_ORDER.indexOf(a) - CATEGORY_ORDER.indexOf(b));
}

// position of the fine inside its legal range, by severity
function finePosition(rng: Rng, severity: Severity): number {
  return severity === '轻微' ? rng.next() * 0.1 : severity === '一般' ? rng.next() * 0.6 : 0.5 + rng.next() * 0.5;
}

function fineFen(rng: Rng, c: PenaltyCase, severity: Severity, text: RowText): number {
  const u = finePosition(rng, severity);
  if (c.fineOf) {
    const [lo, hi] = c.fineOf.mult;
    const mult = lo + u * (hi - lo);
    if (c.fineOf.of === 'qty') return roundNice(text.qty * mult) * 100;
    const baseFen = c.fineOf.of === 'base' ? text.baseFen : text.value * 100;
    // tax fines keep the cents of the tax they multiply; others are rounded like real decisions
    if (c.kind === 'tax' || c.kind === 'human-resources') return Math.max(1, Math.round(baseFen * Math.round(mult * 10) / 10));
    return roundNice(baseFen * mult / 100) * 100;
  }
  const [lo, hi] = c.fine ?? [0, 0];
  return Math.min(hi, Math.max(lo, roundNice(lo + u * (hi - lo)))) * 100;
}

// a plausible number for a certificate that gets suspended or revoked
function certificateNumber(rng: Rng, certificate: string, subject: DemoSubject): string {
  const region = subject.regionCode;
  const d = (n: number) => String(rng.int(0, 10 ** n - 1)).padStart(n, '0');
  switch (certificate) {
    case '营业执照':
      return subject.uscc && subject.uscc !== USCC_PLACEHOLDER ? subject.uscc : subject.regNo ?? d(15);
    case '食品经营许可证': return `JY1${region}${d(7)}`;
    case '药品经营许可证': return `冀CB${region.slice(0, 4)}${d(4)}`;
    case '医疗机构执业许可证': return `PDY${d(5)}${region}17A1${d(3)}`;
    case '网络文化经营许可证': return `冀网文〔${rng.int(2015, 2022)}〕${d(4)}-${d(3)}号`;
    case '建筑业企业资质证书': return `D213${d(6)}`;
    default: return `${region}${d(6)}`;
  }
}

function penaltyContent(rng: Rng, c: PenaltyCase, cats: readonly string[], fine: number, text: RowText, cert: string): string {
  const parts = cats.map((cat) => {
    switch (cat) {
      case '警告': return '给予警告';
      case '通报批评': return '通报批评';
      case '罚款': return `罚款人民币${fenToYuanText(fine)}元`;
      case '没收违法所得': return `没收违法所得人民币${text.income}元`;
      case '没收非法财物': return `没收${c.goods ? `${text.goods}${text.qty}${text.unit}` : '违法物品'}`;
      case '暂扣许可证件': return `暂扣${cert}${rng.pick(['一个月', '三个月', '六个月'])}`;
      case '降低资质等级': return `降低${c.lowerQual ?? '资质证书'}资质等级`;
      case '吊销许可证件': return `吊销${cert}`;
      case '限制开展生产经营活动': return c.limit ?? '限制开展生产经营活动';
      case '责令停产停业': return `责令停产停业${rng.pick(['十五日', '一个月', '三个月'])}`;
      case '责令关闭': return '责令关闭';
      default: return cat;
    }
  });
  const body = parts.length === 1 ? `${parts[0]}。` : parts.map((p, i) => `${i + 1}.${p}`).join('；') + '。';
  const r = rng.next();
  // a court's fine is a judicial, not an administrative, penalty
  if (c.kind === 'court') return r < 0.5 ? `依据${c.basis}的规定，决定：${body}` : body;
  if (r < 0.35) return `依据${c.basis}的规定，决定对当事人作出如下行政处罚：${body}`;
  if (r < 0.5) return `责令当事人立即改正违法行为，并作出如下行政处罚：${body}`;
  return body;
}

const PENALTY_NOTES = ['当事人已履行处罚决定', '已整改到位', '经行政复议维持原处罚决定', '简易程序'];

export function* generatePenaltyRows(rng: Rng, opts: RowOptions): Generator<Record<string, string>> {
  const s = setUp(rng, opts, PENALTY_CASES, (d) => d.penaltyRef);
  for (let i = 0; i < opts.count; i++) {
    const { subject, caseIndex } = s.pickCase(i);
    const c = PENALTY_CASES[caseIndex];
    const dept = s.pickDepartment(c.kind, subject.regionCode);
    const source = s.sourceOf(dept);
    const day = s.decisionDay();
    const decision = fromDayNumber(day);
    const severity = c.severity ?? SEVERITY_TABLE.pick(rng);
    const text = new RowText(rng, subject, placeOf(subject.regionCode), c, day);

    const cats = chooseCategories(rng, c, severity);
    const fined = cats.includes('罚款');
    const fine = fined ? fineFen(rng, c, severity, text) : 0;
    const confiscated = cats.includes('没收违法所得') ? text.income * 100 : cats.includes('没收非法财物') ? text.value * 100 : -1;
    const certified = c.revoke !== undefined || c.detain !== undefined
      ? cats.find((x) => x === '吊销许可证件' || x === '暂扣许可证件')
      : undefined;
    const certName = c.revoke ?? c.detain ?? '';
    const cert = certified ? `${certName}（${certificateNumber(rng, certName, subject)}）` : '';

    const facts = fillTemplate(rng.pick(c.facts), text);
    const sy = c.violated && rng.chance(0.6) ? `${facts}上述行为违反了${c.violated}的规定。` : facts;
    const yj = severity === '轻微' && fined && rng.chance(0.3)
      ? `${c.basis}、《中华人民共和国行政处罚法》第三十二条第（一）项`
      : c.basis;
    const validUntil = severity === '轻微' ? addMonths(decision, 3) : severity === '一般' ? addYears(decision, 1) : addYears(decision, 3);
    const f = subjectFields(subject);

    yield {
      CF_XDR_MC: subject.name,
      CF_XDR_LB: KIND_LABELS[subject.kind],
      CF_XDR_SHXYM: f.uscc,
      CF_XDR_GSZC: f.regNo,
      CF_FRDB: f.legalRep,
      CF_XDR_ZJLX: f.idType,
      CF_XDR_ZJHM: f.idNumber,
      CF_WSH: s.nextRef(dept, text.year),
      CF_WFXW: c.type,
      CF_SY: sy,
      CF_YJ: yj,
      CF_CFLB: cats.join('；'),
      CF_NR: penaltyContent(rng, c, cats, fine, text, cert),
      CF_NR_FK: fined ? fenToWan(fine) : '',
      CF_NR_WFFF: confiscated >= 0 ? fenToWan(confiscated) : '',
      CF_NR_ZKDX: cert,
      CF_JDRQ: decision,
      CF_YXQ: validUntil,
      CF_GSJZQ: rng.chance(0.1) && severity !== '轻微' ? validUntil : '',
      CF_CFJG: dept.name,
      CF_CFJGDM: dept.uscc,
      CF_SJLY: source.name,
      CF_SJLYDM: source.uscc,
      BZ: rng.chance(0.08) ? rng.pick(PENALTY_NOTES) : '',
      SEVERITY: severity,
    };
  }
}

// ---- licenses ----

const LICENSE_NOTES = ['新办', '延续', '换证', '变更'];

export function* generateLicenseRows(rng: Rng, opts: RowOptions): Generator<Record<string, string>> {
  const s = setUp(rng, opts, LICENSE_CASES, (d) => d.licenseRef);
  const serials = new Map<LicenseCase, number>();
  for (let i = 0; i < opts.count; i++) {
    const { subject, caseIndex } = s.pickCase(i);
    const c = LICENSE_CASES[caseIndex];
    const dept = s.pickDepartment(c.kind, subject.regionCode);
    const source = s.sourceOf(dept);
    const day = s.decisionDay();
    const decision = fromDayNumber(day);
    const where = placeOf(subject.regionCode);
    const text = new RowText(rng, subject, where, c, day);
    const ref = s.nextRef(dept, text.year);

    let number = ref;
    if (c.number !== 'ref') {
      const serial = (serials.get(c) ?? rng.int(1, 500)) + 1;
      serials.set(c, serial);
      const ctx: LicenseNumberCtx = {
        regionCode: subject.regionCode,
        year: text.year,
        serial,
        day: decision,
        cityAbbr: where.city?.abbr ?? '冀',
        cityLetter: where.city?.letter ?? 'A',
        rand: rng.uint32(),
        uscc: subject.uscc && subject.uscc !== USCC_PLACEHOLDER ? subject.uscc : subject.regNo ?? subject.uscc ?? '',
        idNumber: subject.idNumber ?? '',
        industry: subject.industry ?? '',
      };
      number = fillTemplate(c.number, ctx);
      if (c.checkDigit) number += checkDigit(number);
    }
    // most licenses take effect on the decision day, some on a later date written in them
    const validFrom = rng.chance(0.9) ? decision : fromDayNumber(Math.min(day + rng.int(1, 10), s.endDay));
    const validUntil = c.months === 'long' ? INDEFINITE : fromDayNumber(toDayNumber(addMonths(validFrom, c.months)) - 1);
    const f = subjectFields(subject);

    yield {
      XK_XDR_MC: subject.name,
      XK_XDR_LB: KIND_LABELS[subject.kind],
      XK_XDR_SHXYM: f.uscc,
      XK_XDR_GSZC: f.regNo,
      XK_FRDB: f.legalRep,
      XK_XDR_ZJLX: f.idType,
      XK_XDR_ZJHM: f.idNumber,
      XK_XKWS: c.title,
      XK_WSH: ref,
      XK_XKLB: c.category,
      XK_XKZS: c.certificate,
      XK_XKBH: number,
      XK_NR: fillTemplate(rng.pick(c.content), text),
      XK_JDRQ: decision,
      XK_YXQZ: validFrom,
      XK_YXQZI: validUntil,
      XK_XKJG: dept.name,
      XK_XKJGDM: dept.uscc,
      XK_ZT: validUntil < s.today ? '无效' : '有效',
      XK_LYDW: source.name,
      XK_LYDWDM: source.uscc,
      BZ: rng.chance(0.05) ? rng.pick(LICENSE_NOTES) : '',
    };
  }
}
