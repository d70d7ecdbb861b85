// Credit classification (信用分类) and 诚信积分: a subject's grade from its credit file under an
// effective-dated model (rules/classification.json), with its explanation (score, each
// indicator's points and the records behind them), and the 重点监管对象 flag. Pure: `today` is a
// parameter; the same function grades one subject after a change and a million in a full run.
import { addDays, addMonths, compareDates, isValidDate, type DateStr } from '../../kernel/dates.ts';
import type { Severity } from '../catalog/catalog.types.ts';

export type SubjectScope = 'organization' | 'person';
export type Scale = 'grades' | 'points';

export const INDICATOR_TYPES = ['list-in-force', 'penalties', 'bad-records', 'repaired', 'category', 'years-on-file'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export type Indicator = {
  id: string;
  name: string;
  type: IndicatorType;
  pointsEach: number;
  maxPoints?: number; // cap of the sum when positive
  minPoints?: number; // floor of the sum when negative
  list?: 'red' | 'black'; // list-in-force
  severities?: Severity[]; // penalties
  withinMonths?: number; // penalties, bad-records, repaired, category
  categories?: string[]; // category
};

export type Condition = { indicator: string; atLeast?: number; atMost?: number };
export type DirectGrade = { grade: string; all: Condition[]; zh: string; en: string };
export type Band = { grade: string; min: number | null; max: number | null }; // min inclusive, max exclusive
export type GradeDef = { code: string; name: string; inspectionRatio: number };

export type SubjectModel = {
  scale: Scale;
  public: boolean;
  baseScore: number;
  grades: GradeDef[];
  indicators: Indicator[];
  direct: DirectGrade[];
  bands: Band[];
};

export type Domain = { code: string; name: string; categories: string[]; keywords: string[]; withinMonths: number };
export type KeySupervisionRule = { domains: Domain[]; keywordFields: string[] };

export type ClassificationModel = {
  effectiveFrom: DateStr;
  source: string;
  models: Record<SubjectScope, SubjectModel>;
  keySupervision: KeySupervisionRule;
};

export type ModelProblem = { path: string; zh: string; en: string };

// --- validation: a model is refused before use, naming every problem ------------------------------

export function validateModelFile(json: unknown): { ok: true; entries: ClassificationModel[] } | { ok: false; problems: ModelProblem[] } {
  const problems: ModelProblem[] = [];
  const add = (path: string, zh: string, en: string) => problems.push({ path, zh, en });
  const entries = (json as { entries?: unknown })?.entries;
  if (!Array.isArray(entries) || entries.length === 0) {
    add('entries', '模型文件没有 entries', 'The model file has no entries');
    return { ok: false, problems };
  }
  entries.forEach((e: unknown, i) => validateEntry(e, `entries[${i}]`, add));
  const dates = entries.map((e) => (e as { effectiveFrom?: string }).effectiveFrom);
  if (new Set(dates).size !== dates.length) add('entries', '有两个条目生效日期相同', 'Two entries share an effectiveFrom date');
  if (problems.length) return { ok: false, problems };
  const sorted = [...(entries as ClassificationModel[])].sort((a, b) => compareDates(a.effectiveFrom, b.effectiveFrom));
  return { ok: true, entries: sorted };
}

type Add = (path: string, zh: string, en: string) => void;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);

function validateEntry(e: unknown, path: string, add: Add): void {
  if (!isObj(e)) return add(path, '条目必须是对象', 'An entry must be an object');
  if (typeof e.effectiveFrom !== 'string' || !isValidDate(e.effectiveFrom)) add(`${path}.effectiveFrom`, '生效日期无效', 'effectiveFrom is not a valid date');
  if (!isObj(e.models)) return add(`${path}.models`, '缺少 models', 'models is missing');
  for (const scope of ['organization', 'person'] as const) {
    const m = e.models[scope];
    if (!isObj(m)) add(`${path}.models.${scope}`, `缺少 ${scope} 模型`, `The ${scope} model is missing`);
    else validateSubjectModel(m, `${path}.models.${scope}`, add);
  }
  const ks = e.keySupervision;
  if (!isObj(ks) || !Array.isArray(ks.domains)) return add(`${path}.keySupervision`, '缺少重点监管领域 keySupervision.domains', 'keySupervision.domains is missing');
  if (!Array.isArray(ks.keywordFields) || !ks.keywordFields.every((f) => typeof f === 'string')) add(`${path}.keySupervision.keywordFields`, 'keywordFields 必须是字段代码列表', 'keywordFields must be a list of field codes');
  const codes = new Set<string>();
  ks.domains.forEach((d: unknown, i) => {
    const p = `${path}.keySupervision.domains[${i}]`;
    if (!isObj(d) || typeof d.code !== 'string' || typeof d.name !== 'string') return add(p, '领域须有 code 和 name', 'A domain needs a code and a name');
    if (codes.has(d.code)) add(p, `领域 ${d.code} 重复`, `Domain ${d.code} is repeated`);
    codes.add(d.code);
    const cats = d.categories, kws = d.keywords;
    if (!Array.isArray(cats) || !Array.isArray(kws) || (cats.length === 0 && kws.length === 0))
      add(p, `领域 ${d.code} 须按类别或关键词认定`, `Domain ${d.code} needs categories or keywords`);
    if (!isInt(d.withinMonths) || (d.withinMonths as number) < 1) add(`${p}.withinMonths`, 'withinMonths 须为正整数', 'withinMonths must be a positive integer');
  });
}

function validateSubjectModel(m: Record<string, unknown>, path: string, add: Add): void {
  if (m.scale !== 'grades' && m.scale !== 'points') add(`${path}.scale`, 'scale 须为 grades 或 points', 'scale must be grades or points');
  if (typeof m.public !== 'boolean') add(`${path}.public`, 'public 须为 true 或 false', 'public must be true or false');
  if (!isNum(m.baseScore)) add(`${path}.baseScore`, '基础分须为数字', 'baseScore must be a number');
  const grades = Array.isArray(m.grades) ? (m.grades as unknown[]) : [];
  if (grades.length === 0) add(`${path}.grades`, '缺少等级', 'No grades');
  const gradeCodes = new Set<string>();
  grades.forEach((g, i) => {
    if (!isObj(g) || typeof g.code !== 'string' || typeof g.name !== 'string') return add(`${path}.grades[${i}]`, '等级须有 code 和 name', 'A grade needs a code and a name');
    if (gradeCodes.has(g.code)) add(`${path}.grades[${i}]`, `等级 ${g.code} 重复`, `Grade ${g.code} is repeated`);
    gradeCodes.add(g.code);
    if (!isNum(g.inspectionRatio) || g.inspectionRatio < 0 || g.inspectionRatio > 1)
      add(`${path}.grades[${i}].inspectionRatio`, `等级 ${g.code} 的抽查比例须在 0 到 1 之间`, `Grade ${g.code}: inspectionRatio must be between 0 and 1`);
  });
  const ids = new Set<string>();
  (Array.isArray(m.indicators) ? (m.indicators as unknown[]) : []).forEach((x, i) => {
    const p = `${path}.indicators[${i}]`;
    if (!isObj(x) || typeof x.id !== 'string' || typeof x.name !== 'string') return add(p, '指标须有 id 和 name', 'An indicator needs an id and a name');
    if (ids.has(x.id)) add(p, `指标 ${x.id} 重复`, `Indicator ${x.id} is repeated`);
    ids.add(x.id);
    if (!(INDICATOR_TYPES as readonly unknown[]).includes(x.type))
      return add(`${p}.type`, `未知指标类型 ${String(x.type)}（指标 ${x.id}），可用：${INDICATOR_TYPES.join('、')}`, `Unknown indicator type ${String(x.type)} (indicator ${x.id}); known: ${INDICATOR_TYPES.join(', ')}`);
    if (!isNum(x.pointsEach)) add(`${p}.pointsEach`, `指标 ${x.id} 的 pointsEach 须为数字`, `Indicator ${x.id}: pointsEach must be a number`);
    const needsMonths = x.type === 'penalties' || x.type === 'bad-records' || x.type === 'repaired';
    if ((needsMonths || x.withinMonths !== undefined) && (!isInt(x.withinMonths) || (x.withinMonths as number) < 1))
      add(`${p}.withinMonths`, `指标 ${x.id} 的 withinMonths 须为正整数`, `Indicator ${x.id}: withinMonths must be a positive integer`);
    if (x.type === 'list-in-force' && x.list !== 'red' && x.list !== 'black') add(`${p}.list`, `指标 ${x.id} 的 list 须为 red 或 black`, `Indicator ${x.id}: list must be red or black`);
    if (x.type === 'penalties' && (!Array.isArray(x.severities) || x.severities.length === 0 || !x.severities.every((s) => s === 'light' || s === 'general' || s === 'serious')))
      add(`${p}.severities`, `指标 ${x.id} 的 severities 须为 light/general/serious`, `Indicator ${x.id}: severities must be light, general or serious`);
    if (x.type === 'category' && (!Array.isArray(x.categories) || x.categories.length === 0)) add(`${p}.categories`, `指标 ${x.id} 须列出类别`, `Indicator ${x.id} must list categories`);
  });
  const reachable = new Set<string>();
  (Array.isArray(m.direct) ? (m.direct as unknown[]) : []).forEach((d, i) => {
    const p = `${path}.direct[${i}]`;
    if (!isObj(d) || typeof d.grade !== 'string' || !Array.isArray(d.all) || d.all.length === 0) return add(p, '直接定级条件须有 grade 和 all', 'A direct grade needs grade and all');
    if (!gradeCodes.has(d.grade)) add(`${p}.grade`, `直接定级条件的等级 ${d.grade} 未定义`, `Direct grade ${d.grade} is not a defined grade`);
    reachable.add(d.grade);
    if (typeof d.zh !== 'string' || typeof d.en !== 'string') add(p, '直接定级条件须有 zh 和 en 说明', 'A direct grade needs zh and en reasons');
    (d.all as unknown[]).forEach((c, j) => {
      if (!isObj(c) || typeof c.indicator !== 'string') return add(`${p}.all[${j}]`, '条件须指明指标', 'A condition must name an indicator');
      if (!ids.has(c.indicator)) add(`${p}.all[${j}]`, `条件引用了未知指标 ${c.indicator}`, `The condition names an unknown indicator ${c.indicator}`);
      if (c.atLeast === undefined && c.atMost === undefined) add(`${p}.all[${j}]`, '条件须有 atLeast 或 atMost', 'A condition needs atLeast or atMost');
    });
  });
  const bands = (Array.isArray(m.bands) ? (m.bands as unknown[]) : []).filter((b, i): b is Band => {
    const ok = isObj(b) && typeof b.grade === 'string' && (b.min === null || isNum(b.min)) && (b.max === null || isNum(b.max));
    if (!ok) add(`${path}.bands[${i}]`, '分数段须有 grade、min、max（null 表示无界）', 'A band needs grade, min and max (null = unbounded)');
    return ok;
  });
  if (bands.length === 0) add(`${path}.bands`, '缺少分数段', 'No score bands');
  for (const b of bands) {
    if (!gradeCodes.has(b.grade)) add(`${path}.bands`, `分数段的等级 ${b.grade} 未定义`, `Band grade ${b.grade} is not a defined grade`);
    if (b.min !== null && b.max !== null && b.min >= b.max) add(`${path}.bands`, `分数段 ${b.grade} 的下限不小于上限`, `Band ${b.grade}: min is not below max`);
    reachable.add(b.grade);
  }
  // bands cover every score exactly once: sorted by lower bound, each starts where the previous ends
  const lo = (b: Band) => (b.min === null ? -Infinity : b.min);
  const hi = (b: Band) => (b.max === null ? Infinity : b.max);
  const sorted = [...bands].sort((a, b) => lo(a) - lo(b));
  for (let i = 0; i < sorted.length; i++) {
    const b = sorted[i]!;
    if (i === 0 && lo(b) !== -Infinity) add(`${path}.bands`, `分数低于 ${lo(b)} 时没有等级`, `No grade for scores below ${lo(b)}`);
    if (i === sorted.length - 1 && hi(b) !== Infinity) add(`${path}.bands`, `分数不低于 ${hi(b)} 时没有等级`, `No grade for scores of ${hi(b)} and above`);
    const next = sorted[i + 1];
    if (!next) continue;
    if (lo(next) < hi(b)) add(`${path}.bands`, `分数段重叠：${b.grade} 与 ${next.grade}`, `Overlapping thresholds: ${b.grade} and ${next.grade}`);
    else if (lo(next) > hi(b)) add(`${path}.bands`, `分数 ${hi(b)} 至 ${lo(next)} 之间没有等级`, `No grade for scores from ${hi(b)} to ${lo(next)}`);
  }
  for (const g of gradeCodes)
    if (!reachable.has(g)) add(`${path}.grades`, `等级 ${g} 既无直接定级条件也无分数段，无法得到`, `Grade ${g} has neither a direct condition nor a band: missing grade`);
  if (gradeCodes.size > 0 && m.scale === 'grades' && grades.length < 2) add(`${path}.grades`, '等级制至少两个等级', 'A graded scale needs at least two grades');
}

export function modelInForce(entries: readonly ClassificationModel[], today: DateStr): ClassificationModel {
  let found: ClassificationModel | undefined;
  for (const e of entries) if (compareDates(e.effectiveFrom, today) <= 0) found = e;
  if (!found) throw new Error(`no classification model in force on ${today}`);
  return found;
}

// --- grading ------------------------------------------------------------------------------------

export type GradeRecord = {
  id: number;
  category: string;
  ref: string;
  decisionDate: DateStr;
  severity: Severity | null;
  status: string; // active, exited, revoked, repaired
  validUntil: DateStr | null;
  disputed?: boolean;
  fields?: Record<string, string>;
  // the keyword domains whose words occur in the keyword fields, when the reader tested them
  // (classification.service reads records this way: the fields stay in the database); else the
  // words are looked for in `fields`
  keywordDomains?: readonly string[];
};

// What the catalog says about a category: is it a list, of which kind.
export type ListKindOf = (category: string) => 'red' | 'black' | undefined;

export type FactorRecord = { id: string; category: string; ref: string; decisionDate: DateStr; severity: Severity | null; status: string; disputed: boolean };
export type Factor = { id: string; name: string; points: number; count: number; records: FactorRecord[] };
export type Decision = { by: 'direct' | 'band' | 'insufficient'; zh: string; en: string; rule?: number }; // rule: index of the direct condition
export type KeySupervision = { flagged: boolean; domains: { code: string; name: string; records: FactorRecord[] }[] };

export type Grading = {
  scope: SubjectScope;
  scale: Scale;
  grade: string;
  gradeName: string;
  score: number;
  insufficient: boolean;
  decision: Decision;
  factors: Factor[];
  inspectionRatio: number;
  keySupervision: KeySupervision;
  nextReviewOn: DateStr | null; // the first day after today the grade can change with nothing new on file
};

export const scopeOf = (kind: string): SubjectScope => (kind === 'person' ? 'person' : 'organization');

const NOT_COUNTED = new Set(['revoked', 'repaired']);

// Decided within the last N months (民法典 art. 201–202, as the credit check counts): a record
// decided exactly N months ago still counts today and stops counting tomorrow.
export function withinMonths(decisionDate: DateStr, months: number, today: DateStr): boolean {
  return compareDates(decisionDate, today) <= 0 && compareDates(today, windowEnd(decisionDate, months)) <= 0;
}

// addMonths is the hot spot of a full run: the same few (date, months) pairs recur across subjects,
// so window ends (and the day after them, for review days) are kept per window length and date
const ends = new Map<number, Map<DateStr, DateStr>>();
const dayAfterEnds = new Map<number, Map<DateStr, DateStr>>();
function memo(table: Map<number, Map<DateStr, DateStr>>, d: DateStr, months: number, make: () => DateStr): DateStr {
  let byDate = table.get(months);
  if (!byDate) table.set(months, (byDate = new Map()));
  let e = byDate.get(d);
  if (e === undefined) {
    if (byDate.size > 100_000) byDate.clear();
    byDate.set(d, (e = make()));
  }
  return e;
}
function windowEnd(d: DateStr, months: number): DateStr {
  return memo(ends, d, months, () => addMonths(d, months));
}
function dayAfterWindow(d: DateStr, months: number): DateStr {
  return memo(dayAfterEnds, d, months, () => addDays(windowEnd(d, months), 1));
}

export function inForce(r: Pick<GradeRecord, 'status' | 'decisionDate' | 'validUntil'>, today: DateStr): boolean {
  return r.status === 'active' && compareDates(r.decisionDate, today) <= 0 && (r.validUntil === null || compareDates(today, r.validUntil) <= 0);
}

// The check's bad record (sanctions.rules.ts badRecordsOf): general/serious or a black-list entry,
// decided in the window and neither revoked nor repaired, or a black-list entry in force.
function isBad(r: GradeRecord, listKind: ListKindOf, months: number, today: DateStr): boolean {
  if (NOT_COUNTED.has(r.status)) return false;
  const black = listKind(r.category) === 'black';
  if (!black && r.severity !== 'general' && r.severity !== 'serious') return false;
  if (compareDates(r.decisionDate, today) > 0) return false;
  return withinMonths(r.decisionDate, months, today) || (black && inForce(r, today));
}

function counts(ind: Indicator, r: GradeRecord, listKind: ListKindOf, today: DateStr): boolean {
  switch (ind.type) {
    case 'list-in-force':
      return listKind(r.category) === ind.list && inForce(r, today);
    case 'penalties':
      return !listKind(r.category) && !NOT_COUNTED.has(r.status) && r.severity !== null && ind.severities!.includes(r.severity) && withinMonths(r.decisionDate, ind.withinMonths!, today);
    case 'bad-records':
      return isBad(r, listKind, ind.withinMonths!, today);
    case 'repaired':
      return r.status === 'repaired' && withinMonths(r.decisionDate, ind.withinMonths!, today);
    case 'category':
      return ind.categories!.includes(r.category) && !NOT_COUNTED.has(r.status) && r.status !== 'exited' &&
        (ind.withinMonths === undefined ? compareDates(r.decisionDate, today) <= 0 : withinMonths(r.decisionDate, ind.withinMonths, today));
    case 'years-on-file':
      return false;
  }
}

const present = (r: GradeRecord): FactorRecord => ({ id: String(r.id), category: r.category, ref: r.ref, decisionDate: r.decisionDate, severity: r.severity, status: r.status, disputed: r.disputed ?? false });

function fullYearsBetween(from: DateStr, today: DateStr): number {
  let y = Math.max(0, Number(today.slice(0, 4)) - Number(from.slice(0, 4)));
  while (y > 0 && compareDates(addMonths(from, 12 * y), today) > 0) y--;
  return y;
}

function clampPoints(ind: Indicator, raw: number): number {
  let p = raw;
  if (ind.maxPoints !== undefined && p > ind.maxPoints) p = ind.maxPoints;
  if (ind.minPoints !== undefined && p < ind.minPoints) p = ind.minPoints;
  return p + 0; // no -0 in answers
}

export function gradeSubject(entry: ClassificationModel, kind: string, records: readonly GradeRecord[], listKind: ListKindOf, today: DateStr): Grading {
  const scope = scopeOf(kind);
  const model = entry.models[scope];
  const onFile = records.filter((r) => compareDates(r.decisionDate, today) <= 0);
  const factors: Factor[] = model.indicators.map((ind) => {
    if (ind.type === 'years-on-file') {
      const first = onFile.reduce<DateStr | null>((m, r) => (m === null || compareDates(r.decisionDate, m) < 0 ? r.decisionDate : m), null);
      const years = first ? fullYearsBetween(first, today) : 0;
      return { id: ind.id, name: ind.name, count: years, points: clampPoints(ind, years * ind.pointsEach), records: [] };
    }
    const hits = records.filter((r) => counts(ind, r, listKind, today));
    return { id: ind.id, name: ind.name, count: hits.length, points: clampPoints(ind, hits.length * ind.pointsEach), records: hits.map(present) };
  });
  const score = model.baseScore + factors.reduce((s, f) => s + f.points, 0);
  const byId = new Map(factors.map((f) => [f.id, f]));
  const holds = (c: Condition) => {
    const n = byId.get(c.indicator)?.count ?? 0;
    return (c.atLeast === undefined || n >= c.atLeast) && (c.atMost === undefined || n <= c.atMost);
  };
  const insufficient = records.length === 0;
  let grade: string;
  let decision: Decision;
  const rule = insufficient ? -1 : model.direct.findIndex((d) => d.all.every(holds));
  if (rule >= 0) {
    grade = model.direct[rule]!.grade;
    decision = decisionOf(model, 'direct', score, rule);
  } else {
    grade = model.bands.find((b) => (b.min === null || score >= b.min) && (b.max === null || score < b.max))!.grade;
    decision = decisionOf(model, insufficient ? 'insufficient' : 'band', score);
  }
  const def = model.grades.find((g) => g.code === grade)!;
  return {
    scope,
    scale: model.scale,
    grade,
    gradeName: def.name,
    score,
    insufficient,
    decision,
    factors,
    inspectionRatio: def.inspectionRatio,
    keySupervision: keySupervisionOf(entry.keySupervision, records, listKind, today),
    nextReviewOn: nextReviewOn(entry, scope, records, today),
  };
}

// The words of a decision (also for an explanation read back from its compact stored form).
export function decisionOf(model: SubjectModel, by: Decision['by'], score: number, rule?: number): Decision {
  const d = rule !== undefined ? model.direct[rule] : undefined;
  if (by === 'direct' && d) return { by, zh: d.zh, en: d.en, rule };
  if (by === 'insufficient') return { by, zh: '平台未归集该主体的信用记录：信息不足，按分数段定级', en: 'Nothing on file: insufficient information, graded by the score band' };
  return { by: 'band', zh: `得分 ${score} 所在分数段`, en: `The band of the score ${score}` };
}

// 重点监管对象: records in the seed's six domains (by category, or a keyword in the named fields),
// in force (not revoked, repaired or exited; not 轻微; a list entry on its list or within the window).
export function keySupervisionOf(rule: KeySupervisionRule, records: readonly GradeRecord[], listKind: ListKindOf, today: DateStr): KeySupervision {
  const domains: KeySupervision['domains'] = [];
  for (const d of rule.domains) {
    const hits = records.filter((r) => {
      if (r.status !== 'active' || r.severity === 'light') return false;
      const kind = listKind(r.category);
      const live = kind ? inForce(r, today) : withinMonths(r.decisionDate, d.withinMonths, today);
      if (!live) return false;
      if (d.categories.includes(r.category)) return true;
      if (d.keywords.length === 0) return false;
      if (r.keywordDomains) return r.keywordDomains.includes(d.code);
      if (!r.fields) return false;
      return rule.keywordFields.some((f) => {
        const v = r.fields![f];
        return typeof v === 'string' && d.keywords.some((k) => v.includes(k));
      });
    });
    if (hits.length) domains.push({ code: d.code, name: d.name, records: hits.map(present) });
  }
  return { flagged: domains.length > 0, domains };
}

// Every day after today on which some record enters or leaves a window, a list term ends, or a year
// on file completes; the earliest is when the grade must be computed again with nothing new on file.
export function nextReviewOn(entry: ClassificationModel, scope: SubjectScope, records: readonly GradeRecord[], today: DateStr): DateStr | null {
  const model = entry.models[scope];
  const months = new Set<number>();
  for (const i of model.indicators) if (i.withinMonths) months.add(i.withinMonths);
  for (const d of entry.keySupervision.domains) months.add(d.withinMonths);
  let best: DateStr | null = null;
  const consider = (d: DateStr) => {
    if (compareDates(d, today) > 0 && (best === null || compareDates(d, best) < 0)) best = d;
  };
  let first: DateStr | null = null;
  for (const r of records) {
    consider(r.decisionDate);
    for (const m of months) consider(dayAfterWindow(r.decisionDate, m));
    if (r.validUntil) consider(addDays(r.validUntil, 1));
    if (first === null || compareDates(r.decisionDate, first) < 0) first = r.decisionDate;
  }
  const yearsInd = model.indicators.find((i) => i.type === 'years-on-file');
  if (yearsInd && first && compareDates(first, today) <= 0) {
    const years = fullYearsBetween(first, today);
    const cap = yearsInd.maxPoints !== undefined && yearsInd.pointsEach > 0 ? Math.ceil(yearsInd.maxPoints / yearsInd.pointsEach) : Infinity;
    if (years < cap) consider(addMonths(first, 12 * (years + 1)));
  }
  return best;
}

// The answer's model name: its effective date and a short hash of its content.
export function modelLabel(entry: ClassificationModel, hash: string): string {
  return `${entry.effectiveFrom}#${hash.slice(0, 8)}`;
}
