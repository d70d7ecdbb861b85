// Publication windows: CF_GSJZQ (publication end as submitted) clamped to the minimum and maximum
// period of its severity, as examples to the day and as properties over generated dates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadRuleFile } from '../../kernel/rules.ts';
import { addMonths, compareDates, fromDayNumber, toDayNumber } from '../../kernel/dates.ts';
import { isPublicOn, minimumPeriodEnd, publicationWindow, type PublicationRule, type Severity } from './publication.rules.ts';

const rules = loadRuleFile<PublicationRule>('publication');
const penalty = (decisionDate: string, severity: Severity, publicationEnd?: string) =>
  publicationWindow(rules, { rule: 'penalty', personsPublic: true, subjectKind: 'organization', decisionDate, severity, ...(publicationEnd ? { publicationEnd } : {}) });

test('CF_GSJZQ before the minimum period is clamped up to it; after the maximum, down to it', () => {
  // general: 3 to 12 months; serious: 12 to 36 months
  assert.deepEqual(penalty('2026-06-01', 'general', '2026-07-01'), { from: '2026-06-01', until: '2026-09-01', reason: 'clamped-to-minimum' });
  assert.deepEqual(penalty('2026-06-01', 'general', '2026-08-31'), { from: '2026-06-01', until: '2026-09-01', reason: 'clamped-to-minimum' });
  assert.deepEqual(penalty('2026-06-01', 'general', '2026-09-01'), { from: '2026-06-01', until: '2026-09-01', reason: 'submitted-end' });
  assert.deepEqual(penalty('2026-06-01', 'general', '2027-06-01'), { from: '2026-06-01', until: '2027-06-01', reason: 'submitted-end' });
  assert.deepEqual(penalty('2026-06-01', 'general', '2027-06-02'), { from: '2026-06-01', until: '2027-06-01', reason: 'clamped-to-maximum' });
  assert.deepEqual(penalty('2026-06-01', 'serious', '2026-12-01'), { from: '2026-06-01', until: '2027-06-01', reason: 'clamped-to-minimum' });
  assert.deepEqual(penalty('2026-06-01', 'serious', '2035-01-01'), { from: '2026-06-01', until: '2029-06-01', reason: 'clamped-to-maximum' });
  // month ends: 2025-11-30 + 3 months has no 30 February: the last day of February
  assert.deepEqual(penalty('2025-11-30', 'general', '2025-12-15'), { from: '2025-11-30', until: '2026-02-28', reason: 'clamped-to-minimum' });
  assert.deepEqual(penalty('2026-06-01', 'light', '2027-01-01'), { reason: 'light-not-published' });
});

const day = fc.integer({ min: toDayNumber('2000-01-01'), max: toDayNumber('2090-12-31') }).map(fromDayNumber);
const severity = fc.constantFrom<Severity>('general', 'serious');

test('property: the window starts on the decision date and ends within [minimum, maximum]', () => {
  fc.assert(
    fc.property(day, severity, fc.option(day, { nil: undefined }), (d, s, end) => {
      const w = penalty(d, s, end);
      const period = rules[0]!.penalty[s] as { minMonths: number; maxMonths: number };
      const min = addMonths(d, period.minMonths), max = addMonths(d, period.maxMonths);
      if (w.from !== d || !w.until) return false;
      if (compareDates(w.until, min) < 0 || compareDates(w.until, max) > 0) return false;
      if (end === undefined) return w.until === max && w.reason === 'maximum-period';
      if (compareDates(end, min) < 0) return w.until === min && w.reason === 'clamped-to-minimum';
      if (compareDates(end, max) > 0) return w.until === max && w.reason === 'clamped-to-maximum';
      return w.until === end && w.reason === 'submitted-end';
    }),
  );
});

test('property: public exactly on the days of the window; repair no earlier than the minimum period', () => {
  fc.assert(
    fc.property(day, severity, fc.integer({ min: -400, max: 1500 }), (d, s, offset) => {
      const w = penalty(d, s);
      const probe = fromDayNumber(toDayNumber(d) + offset);
      const inside = compareDates(probe, w.from!) >= 0 && compareDates(probe, w.until!) <= 0;
      return isPublicOn(w, probe) === inside && compareDates(minimumPeriodEnd(rules, d, s)!, w.until!) <= 0;
    }),
  );
});

test('property: a list entry is public from its entry date to its term end; a license while valid', () => {
  fc.assert(
    fc.property(day, day, (from, until) => {
      const l = publicationWindow(rules, { rule: 'list', personsPublic: true, subjectKind: 'organization', decisionDate: from, validUntil: until });
      const lic = publicationWindow(rules, { rule: 'license', personsPublic: true, subjectKind: 'organization', decisionDate: from, validUntil: until, licenseStatus: 'valid' });
      if (compareDates(until, from) < 0) return l.from === undefined && lic.from === undefined;
      return l.from === from && l.until === until && lic.from === from && lic.until === until;
    }),
  );
});
