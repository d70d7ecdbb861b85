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
