import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gradeSubject, nextReviewOn, validateModelFile, withinMonths, type ClassificationModel, type GradeRecord, type ListKindOf } from './classification.rules.ts';

const file = JSON.parse(readFileSync(new URL('../../../rules/classification.json', import.meta.url), 'utf8'));
const v = validateModelFile(file);
if (!v.ok) throw new Error(JSON.stringify(v.problems));
const model: ClassificationModel = v.entries[0]!;
const lists: ListKindOf = (c) => (c === 'dishonest-debtor' || c === 'serious-dishonesty' ? 'black' : c === 'a-taxpayer' || c === 'integrity-exemplar' ? 'red' : undefined);

let seq = 0;
const penalty = (decisionDate: string, severity: 'light' | 'general' | 'serious', status = 'active', fields?: Record<string, string>): GradeRecord => ({
  id: ++seq, category: 'penalty', ref: `罚${seq}`, decisionDate, severity, status, validUntil: null, fields,
});
const entry = (category: string, decisionDate: string, validUntil: string | null, status = 'active'): GradeRecord => ({
  id: ++seq, category, ref: `单${seq}`, decisionDate, severity: null, status, validUntil,
});
const org = (records: GradeRecord[], today: string) => gradeSubject(model, 'organization', records, lists, today);

test('the default model file is valid', () => assert.ok(v.ok));

test('D: a serious penalty counts through the same day 12 months on, not the day after', () => {
  const r = [penalty('2025-03-15', 'serious')];
  assert.equal(org(r, '2025-03-15').grade, 'D');
  assert.equal(org(r, '2026-03-15').grade, 'D');
  const after = org(r, '2026-03-16');
  assert.equal(after.grade, 'B'); // one penalty in 36 months is not C
  assert.equal(after.factors.find((f) => f.id === 'penalties-36m')!.count, 1);
});

test('a record decided after today does not count yet', () => {
  assert.equal(org([penalty('2026-03-16', 'serious')], '2026-03-15').grade, 'B');
});

test('D: a serious penalty revoked (objection upheld) or repaired no longer counts', () => {
  assert.equal(org([penalty('2026-01-10', 'serious', 'revoked')], '2026-03-15').grade, 'B');
  const rep = org([penalty('2026-01-10', 'serious', 'repaired')], '2026-03-15');
  assert.equal(rep.grade, 'B');
  assert.equal(rep.factors.find((f) => f.id === 'repaired')!.count, 1);
});

test('D: on a black list through the last day of its term, not the day after', () => {
  const r = [entry('dishonest-debtor', '2020-01-01', '2026-06-30')];
  assert.equal(org(r, '2026-06-30').grade, 'D');
  assert.equal(org(r, '2026-07-01').grade, 'B');
  assert.equal(org([entry('dishonest-debtor', '2025-01-01', null, 'exited')], '2026-06-30').grade, 'B');
});

test('C: a general penalty within 12 months, to the day', () => {
  const r = [penalty('2025-02-28', 'general')];
  assert.equal(org(r, '2026-02-28').grade, 'C');
  assert.equal(org(r, '2026-03-01').grade, 'B');
  assert.equal(org([penalty('2025-02-28', 'light')], '2026-02-28').grade, 'B');
});

test('C: two general/serious penalties within 36 months, until the older leaves the window', () => {
  const r = [penalty('2023-03-10', 'general'), penalty('2024-01-01', 'serious')];
  const on = org(r, '2026-03-10');
  assert.equal(on.grade, 'C');
  assert.deepEqual(on.factors.find((f) => f.id === 'penalties-36m')!.records.map((x) => x.ref).length, 2);
  assert.equal(org(r, '2026-03-11').grade, 'B');
  // one of the two revoked: C no longer
  assert.equal(org([penalty('2023-03-10', 'general', 'revoked'), penalty('2024-01-01', 'serious')], '2026-03-10').grade, 'B');
});

test('A: on a red list in force and no bad record for 36 months, to the day', () => {
  const red = entry('a-taxpayer', '2025-04-01', '2026-12-31');
  const old = penalty('2023-03-10', 'general');
  assert.equal(org([red, old], '2026-03-10').grade, 'B');
  assert.equal(org([red, old], '2026-03-11').grade, 'A');
  assert.equal(org([red], '2027-01-01').grade, 'B'); // red list term over
  assert.equal(org([red, entry('serious-dishonesty', '2019-01-01', '2021-12-31')], '2026-03-10').grade, 'A'); // old entry, off the list
});

test('B with insufficient information when nothing is on file', () => {
  const g = org([], '2026-03-10');
  assert.equal(g.grade, 'B');
  assert.equal(g.insufficient, true);
  assert.equal(g.decision.by, 'insufficient');
  assert.equal(g.score, 100);
  assert.equal(org([penalty('2010-01-01', 'light')], '2026-03-10').insufficient, false);
});

test('the explanation: score, each indicator with its points and records, inspection ratio', () => {
  const g = org([penalty('2026-01-10', 'serious'), entry('dishonest-debtor', '2026-02-01', null)], '2026-03-10');
  assert.equal(g.grade, 'D');
  assert.equal(g.inspectionRatio, 1);
  assert.equal(g.decision.by, 'direct');
  const pts = Object.fromEntries(g.factors.map((f) => [f.id, f.points]));
  assert.equal(pts['black-list'], -40);
  assert.equal(pts['serious-12m'], -30);
  assert.equal(pts['penalties-36m'], -5);
  assert.equal(g.score, 100 - 40 - 30 - 5);
  assert.equal(g.factors.find((f) => f.id === 'black-list')!.records[0]!.category, 'dishonest-debtor');
});

test('commitments broken: the commitment-breach category counts, zero without it', () => {
  const breach: GradeRecord = { id: ++seq, category: 'commitment-breach', ref: 'C1', decisionDate: '2026-01-01', severity: null, status: 'active', validUntil: null };
  const g = org([breach], '2026-03-10');
  assert.equal(g.factors.find((f) => f.id === 'commitments-broken')!.points, -10);
  assert.equal(org([penalty('2026-01-01', 'light')], '2026-03-10').factors.find((f) => f.id === 'commitments-broken')!.points, 0);
});

test('years on file: full years from the first record, capped', () => {
  const r = [penalty('2020-03-10', 'light')];
  assert.equal(org(r, '2023-03-09').factors.find((f) => f.id === 'years-on-file')!.points, 2);
  assert.equal(org(r, '2023-03-10').factors.find((f) => f.id === 'years-on-file')!.points, 3);
  assert.equal(org(r, '2030-03-10').factors.find((f) => f.id === 'years-on-file')!.points, 5);
});

test('persons: 诚信积分 bands at their thresholds (min inclusive), black list direct', () => {
  const person = (records: GradeRecord[], today: string) => gradeSubject(model, 'person', records, lists, today);
  assert.equal(person([], '2026-03-10').grade, 'good'); // 100
  const g1 = person([penalty('2026-01-01', 'general')], '2026-03-10'); // 100 - 10 - 5 = 85
  assert.equal(g1.score, 85);
  assert.equal(g1.grade, 'fair');
  const g2 = person([penalty('2026-01-01', 'serious'), penalty('2025-06-01', 'general')], '2026-03-10'); // 100-30-10-10 = 50
  assert.equal(g2.score, 50);
  assert.equal(g2.grade, 'bad');
  const g3 = person([entry('integrity-exemplar', '2025-01-01', null)], '2026-03-10'); // 110
  assert.equal(g3.score, 110);
  assert.equal(g3.grade, 'excellent');
  const g4 = person([penalty('2026-01-01', 'serious'), penalty('2025-06-01', 'light'), entry('integrity-exemplar', '2025-01-01', null)], '2026-03-10'); // 100-30-5+10 = 75
  assert.equal(g4.grade, 'poor');
  assert.equal(person([entry('dishonest-debtor', '2025-01-01', null), entry('integrity-exemplar', '2025-01-01', null)], '2026-03-10').grade, 'bad');
  assert.equal(g3.scale, 'points');
});

test('重点监管对象: by category or keyword, ends when the record leaves', () => {
  const debtor = entry('dishonest-debtor', '2025-01-01', '2026-06-30');
  const tax = penalty('2025-05-01', 'general', 'active', { CF_WFXW: '偷税', CF_SY: '少缴税款' });
  const g = org([debtor, tax], '2026-03-10');
  assert.equal(g.keySupervision.flagged, true);
  assert.deepEqual(g.keySupervision.domains.map((d) => d.code), ['debt-evasion', 'tax-dishonesty']);
  assert.equal(org([debtor], '2026-07-01').keySupervision.flagged, false);
  assert.equal(org([{ ...tax, status: 'revoked' }], '2026-03-10').keySupervision.flagged, false);
  assert.equal(org([tax], '2028-05-01').keySupervision.flagged, true);
  assert.equal(org([tax], '2028-05-02').keySupervision.flagged, false);
  assert.equal(org([penalty('2025-05-01', 'light', 'active', { CF_WFXW: '偷税' })], '2026-03-10').keySupervision.flagged, false);
});

test('重点监管对象: keyword domains tested by the reader count exactly as the words in the fields', () => {
  // as classification.service reads records: the domains whose words occur, no field values
  const tagged = penalty('2025-05-01', 'general', 'active');
  tagged.keywordDomains = ['tax-dishonesty'];
  const g = org([tagged], '2026-03-10');
  assert.deepEqual(g.keySupervision.domains.map((d) => [d.code, d.records.map((r) => r.id)]), [['tax-dishonesty', [String(tagged.id)]]]);
  // the same window to the day, the same exclusions (light, revoked), and no domain without a tag
  assert.equal(org([tagged], '2028-05-01').keySupervision.flagged, true);
  assert.equal(org([tagged], '2028-05-02').keySupervision.flagged, false);
  assert.equal(org([{ ...tagged, severity: 'light' }], '2026-03-10').keySupervision.flagged, false);
  assert.equal(org([{ ...tagged, status: 'revoked' }], '2026-03-10').keySupervision.flagged, false);
  assert.equal(org([{ ...tagged, keywordDomains: [] }], '2026-03-10').keySupervision.flagged, false);
  // the tag decides when present (the reader tested the fields): fields are not looked at again
  assert.equal(org([{ ...tagged, keywordDomains: [], fields: { CF_WFXW: '偷税' } }], '2026-03-10').keySupervision.flagged, false);
  // a category domain does not need a tag
  const debtor = entry('dishonest-debtor', '2025-01-01', '2026-06-30');
  assert.deepEqual(org([{ ...debtor, keywordDomains: [] }], '2026-03-10').keySupervision.domains.map((d) => d.code), ['debt-evasion']);
});

test('next review: the first day a window or a term ends', () => {
  const r = [penalty('2025-03-15', 'serious')];
  assert.equal(nextReviewOn(model, 'organization', r, '2025-03-15'), '2026-03-15'); // a year on file
  assert.equal(nextReviewOn(model, 'organization', r, '2026-03-15'), '2026-03-16'); // leaves the 12-month window
  assert.equal(nextReviewOn(model, 'organization', [entry('dishonest-debtor', '2026-01-01', '2026-04-30')], '2026-03-10'), '2026-05-01');
  assert.equal(withinMonths('2024-02-29', 12, '2025-02-28'), true);
  assert.equal(withinMonths('2024-02-29', 12, '2025-03-01'), false);
});

const clone = () => JSON.parse(JSON.stringify(file));
const problemsOf = (f: unknown) => {
  const r = validateModelFile(f);
  return r.ok ? [] : r.problems.map((p) => p.en);
};

test('a model with an unknown indicator is refused, naming it', () => {
  const f = clone();
  f.entries[0].models.organization.indicators.push({ id: 'x', name: 'x', type: 'stars', pointsEach: 1 });
  assert.match(problemsOf(f).join('\n'), /Unknown indicator type stars \(indicator x\)/);
  const g = clone();
  g.entries[0].models.organization.direct[0].all[0].indicator = 'nope';
  assert.match(problemsOf(g).join('\n'), /unknown indicator nope/);
});

test('overlapping thresholds, gaps and a missing grade are refused', () => {
  const f = clone();
  f.entries[0].models.person.bands[1].max = 85;
  assert.match(problemsOf(f).join('\n'), /Overlapping thresholds: poor and fair/);
  const g = clone();
  g.entries[0].models.person.bands[1].max = 70;
  assert.match(problemsOf(g).join('\n'), /No grade for scores from 70 to 80/);
  const h = clone();
  h.entries[0].models.organization.direct = h.entries[0].models.organization.direct.filter((d: { grade: string }) => d.grade !== 'C');
  assert.match(problemsOf(h).join('\n'), /Grade C has neither a direct condition nor a band: missing grade/);
  const k = clone();
  delete k.entries[0].models.person;
  assert.match(problemsOf(k).join('\n'), /The person model is missing/);
});
