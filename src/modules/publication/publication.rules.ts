// When a record is public: pure rules, no clock.
import { addMonths, compareDates, type DateStr } from '../../kernel/dates.ts';
import { ruleInForce, type Effective } from '../../kernel/rules.ts';

export type Severity = 'light' | 'general' | 'serious';
type Period = { publish: false } | { publish: true; minMonths: number; maxMonths: number };
export type PublicationRule = Effective & {
  source: string;
  penalty: Record<Severity, Period>;
  license: { publishWhileValid: boolean };
};

export type PublicationInput = {
  rule: 'penalty' | 'license' | 'list' | 'none';
  personsPublic: boolean;
  subjectKind: 'organization' | 'individual_business' | 'person';
  decisionDate: DateStr;
  severity?: Severity;
  publicationEnd?: DateStr; // CF_GSJZQ as submitted
  validFrom?: DateStr;
  validUntil?: DateStr;
  licenseStatus?: 'valid' | 'invalid';
};

// from: first public day; until: last public day (inclusive); both undefined = never public.
export type PublicationWindow = { from?: DateStr; until?: DateStr; reason: string };

export function publicationWindow(rules: readonly PublicationRule[], input: PublicationInput): PublicationWindow {
  if (input.rule === 'none') return { reason: 'category-not-public' };
  if (input.subjectKind === 'person' && !input.personsPublic) return { reason: 'person-not-public' };
  // a list entry is public while it is on the list: from its entry date to its term end
  // (validUntil, inclusive); an exit ends it earlier by making the current version not active
  if (input.rule === 'list') {
    if (input.validUntil && compareDates(input.validUntil, input.decisionDate) < 0) return { reason: 'list-term-ended-before-entry' };
    return { from: input.decisionDate, until: input.validUntil, reason: 'list-entry' };
  }
  const rule = ruleInForce(rules, input.decisionDate);
  if (input.rule === 'license') {
    if (!rule.license.publishWhileValid || input.licenseStatus === 'invalid') return { reason: 'license-not-valid' };
    const from = input.decisionDate;
    const until = input.validUntil;
    if (until && compareDates(until, from) < 0) return { reason: 'license-expired-before-decision' };
    return { from, until, reason: 'license-valid' };
  }
  const period = rule.penalty[input.severity ?? 'general'];
  if (!period.publish) return { reason: 'light-not-published' };
  const from = input.decisionDate;
  const min = addMonths(from, period.minMonths);
  const max = addMonths(from, period.maxMonths);
  if (!input.publicationEnd) return { from, until: max, reason: 'maximum-period' };
  // CF_GSJZQ is honoured within the bounds and clamped to them outside
  if (compareDates(input.publicationEnd, min) < 0) return { from, until: min, reason: 'clamped-to-minimum' };
  if (compareDates(input.publicationEnd, max) > 0) return { from, until: max, reason: 'clamped-to-maximum' };
  return { from, until: input.publicationEnd, reason: 'submitted-end' };
}

export function isPublicOn(window: { from?: DateStr | null; until?: DateStr | null }, day: DateStr): boolean {
  if (!window.from || compareDates(day, window.from) < 0) return false;
  return !window.until || compareDates(day, window.until) <= 0;
}

// Earliest day a penalty may be repaired (the minimum period has passed) — used by rights later.
export function minimumPeriodEnd(rules: readonly PublicationRule[], decisionDate: DateStr, severity: Severity): DateStr | undefined {
  const period = ruleInForce(rules, decisionDate).penalty[severity];
  return period.publish ? addMonths(decisionDate, period.minMonths) : undefined;
}

// A publication-period entry as province staff send it (POST /publication/rules, or a proposal):
// the shape of a rules/publication.json entry, checked field by field.
export type PeriodProblem = { field: string; zh: string; en: string };
export function checkPublicationRule(raw: unknown, today: DateStr): { ok: true; rule: PublicationRule } | { ok: false; problems: PeriodProblem[] } {
  const problems: PeriodProblem[] = [];
  const o = (raw ?? {}) as Record<string, unknown>;
  const bad = (field: string, zh: string, en: string) => problems.push({ field, zh: `${field}：${zh}`, en: `${field}: ${en}` });
  const from = o.effectiveFrom;
  if (typeof from !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(Date.parse(`${from}T00:00:00Z`)) || new Date(`${from}T00:00:00Z`).toISOString().slice(0, 10) !== from)
    bad('effectiveFrom', '应为 YYYY-MM-DD 日期', 'must be a YYYY-MM-DD date');
  // records decided before today keep the window they were given at ingest (decisions/0004):
  // a period can only start today or later
  else if (compareDates(from, today) < 0) bad('effectiveFrom', `不能早于今天（${today}）`, `cannot be before today (${today})`);
  const source = o.source;
  if (typeof source !== 'string' || source.trim().length < 4 || source.length > 300) bad('source', '请写明依据（4–300 字）', 'give the basis (4–300 characters)');
  const penalty = (o.penalty ?? {}) as Record<string, unknown>;
  const periods = {} as Record<Severity, Period>;
  for (const sev of ['light', 'general', 'serious'] as const) {
    const p = penalty[sev] as Record<string, unknown> | undefined;
    const f = `penalty.${sev}`;
    if (!p || typeof p !== 'object' || typeof p.publish !== 'boolean') {
      bad(f, '应为 { publish: true/false, minMonths, maxMonths }', 'must be { publish: true/false, minMonths, maxMonths }');
      continue;
    }
    if (!p.publish) {
      periods[sev] = { publish: false };
      continue;
    }
    const min = p.minMonths;
    const max = p.maxMonths;
    if (!Number.isInteger(min) || !Number.isInteger(max) || (min as number) < 0 || (max as number) < 1 || (max as number) > 120 || (min as number) > (max as number))
      bad(f, 'minMonths、maxMonths 应为整数，0 ≤ minMonths ≤ maxMonths ≤ 120', 'minMonths and maxMonths must be integers, 0 ≤ minMonths ≤ maxMonths ≤ 120');
    else periods[sev] = { publish: true, minMonths: min as number, maxMonths: max as number };
  }
  const license = o.license as Record<string, unknown> | undefined;
  if (!license || typeof license.publishWhileValid !== 'boolean') bad('license.publishWhileValid', '应为 true 或 false', 'must be true or false');
  if (problems.length) return { ok: false, problems };
  return { ok: true, rule: { effectiveFrom: from as string, source: (source as string).trim(), penalty: periods, license: { publishWhileValid: license!.publishWhileValid as boolean } } };
}

// The file's entries with the ones set since (an entry of the same day replaces the file's).
export function mergePublicationRules(file: readonly PublicationRule[], set: readonly PublicationRule[]): PublicationRule[] {
  const byDay = new Map(file.map((r) => [r.effectiveFrom, r]));
  for (const r of set) byDay.set(r.effectiveFrom, r);
  return [...byDay.values()].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}
