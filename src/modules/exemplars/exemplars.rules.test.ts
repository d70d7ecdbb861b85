import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleFile } from '../../kernel/rules.ts';
import { inPublicity, nominationProblems, publicityOver, publicityUntil, validateExemplarsRules, type ExemplarsRule } from './exemplars.rules.ts';

const FILE = loadRuleFile<ExemplarsRule>('exemplars');

test('the 公示 runs 7 days from the review, both ends included; a decision from the day after', () => {
  assert.equal(publicityUntil(FILE, '2026-11-20'), '2026-11-26');
  assert.equal(publicityUntil(FILE, '2026-12-28'), '2027-01-03');
  const e = { status: 'publicity' as const, publicityFrom: '2026-11-20', publicityUntil: '2026-11-26' };
  assert.equal(inPublicity(e, '2026-11-19'), false);
  assert.equal(inPublicity(e, '2026-11-20'), true);
  assert.equal(inPublicity(e, '2026-11-26'), true);
  assert.equal(inPublicity(e, '2026-11-27'), false);
  assert.equal(inPublicity({ ...e, status: 'withdrawn' }, '2026-11-21'), false);
  assert.equal(publicityOver(e, '2026-11-26'), false);
  assert.equal(publicityOver(e, '2026-11-27'), true);
  assert.equal(publicityOver({ publicityUntil: null }, '2030-01-01'), false);
});

test('a nomination needs title, domain and deeds, for this year or last', () => {
  const codes = (i: Parameters<typeof nominationProblems>[0]) => nominationProblems(i, '2026-11-20').map((p) => p.code);
  assert.deepEqual(codes({ title: 't', domain: 'd', deeds: 'x' }), []);
  assert.deepEqual(codes({ title: 't', domain: 'd', deeds: 'x', year: 2025 }), []);
  assert.deepEqual(codes({ title: 't', domain: 'd', deeds: 'x', year: 2024 }), ['EXEMPLAR_YEAR_INVALID']);
  assert.deepEqual(codes({ title: 't', domain: 'd', deeds: 'x', year: 2027 }), ['EXEMPLAR_YEAR_INVALID']);
  assert.deepEqual(codes({ title: ' ', domain: '', deeds: undefined }), ['EXEMPLAR_TITLE_MISSING', 'EXEMPLAR_DOMAIN_MISSING', 'EXEMPLAR_DEEDS_MISSING']);
});

test('the 公示 period is rule data, effective-dated by the review day, to the day', () => {
  validateExemplarsRules(FILE);
  assert.equal(FILE[0]!.publicityDays, 7);
  const rules: ExemplarsRule[] = [
    { effectiveFrom: '1900-01-01', source: 'default', publicityDays: 7 },
    { effectiveFrom: '2027-03-01', source: 'test', publicityDays: 10 },
  ];
  assert.equal(publicityUntil(rules, '2027-02-28'), '2027-03-06'); // the day before: 7 days
  assert.equal(publicityUntil(rules, '2027-03-01'), '2027-03-10'); // from the day: 10 days
  assert.throws(() => validateExemplarsRules([{ effectiveFrom: '1900-01-01', source: 'x', publicityDays: 0 }]), /publicityDays/);
  assert.throws(() => validateExemplarsRules([{ effectiveFrom: '1900-01-01', source: 'x', publicityDays: 2.5 }]), /publicityDays/);
});
