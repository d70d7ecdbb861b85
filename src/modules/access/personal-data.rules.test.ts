import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import { matterRefProblem, personalDataVerdict, purposeProblem, subjectRegionsOf, type PersonalDataRule, type Requester } from './personal-data.rules.ts';

const rule = ruleInForce(loadRuleFile<PersonalDataRule>('personal-data'), '2026-11-20');
const market = { kinds: ['market-regulation'], regionCode: '130100' };
const sjzClerk: Requester = { kind: 'staff', role: 'department_clerk', regionCode: '130100', secondFactor: true, department: market };
const ok = { what: 'full-report' as const, purpose: '行政许可审查', matterRef: '石审批〔2026〕118号', subjectRegions: ['130102'] };
const code = (v: ReturnType<typeof personalDataVerdict>) => (v.ok ? 'ok' : v.refusal.code);

test('purposes: a real one passes; "x", ".", repeated signs and one repeated character do not', () => {
  assert.equal(purposeProblem('行政许可审查', rule.purpose), null);
  assert.equal(purposeProblem('loan approval', rule.purpose), null);
  for (const bad of ['x', '.', '……', 'xxxx', '哈哈哈哈', ' '.repeat(5)]) assert.ok(purposeProblem(bad, rule.purpose), bad);
  assert.equal(purposeProblem('', rule.purpose)!.code, 'REASON_REQUIRED');
});

test('matter references: a file number with a digit, 4–64 characters', () => {
  assert.equal(matterRefProblem('贷2026-001', rule.matterRef), null);
  assert.equal(matterRefProblem('石审批〔2026〕118号', rule.matterRef), null);
  assert.equal(matterRefProblem(undefined, rule.matterRef)!.code, 'MATTER_REF_REQUIRED');
  for (const bad of ['1', 'abcd', '----', 'x'.repeat(65) + '1', 'ab\u00001234']) assert.equal(matterRefProblem(bad, rule.matterRef)!.code, 'MATTER_REF_INVALID', bad);
});

test('region: a city reads its own and its counties, the province everything; 雄安 counties belong to both', () => {
  assert.equal(code(personalDataVerdict(sjzClerk, ok, rule)), 'ok');
  assert.equal(code(personalDataVerdict({ ...sjzClerk, regionCode: '130600', department: { ...market, regionCode: '130600' } }, ok, rule)), 'PERSONAL_DATA_OUT_OF_REGION');
  const province: Requester = { kind: 'staff', role: 'operator', regionCode: '130000', secondFactor: true, department: null };
  assert.equal(code(personalDataVerdict(province, { ...ok, subjectRegions: [] }, rule)), 'ok');
  const xiongan: Requester = { kind: 'client', department: { kinds: ['market-regulation'], regionCode: '133100' } };
  assert.equal(code(personalDataVerdict(xiongan, { ...ok, subjectRegions: ['130629'] }, rule)), 'ok');
  // a city requester and a subject known nowhere in Hebei: out of region
  assert.equal(code(personalDataVerdict(sjzClerk, { ...ok, subjectRegions: ['110101'] }, rule)), 'PERSONAL_DATA_OUT_OF_REGION');
});

test('responsibilities: role and every kind decide; second factor for staff; authorization flagged for banks', () => {
  assert.equal(code(personalDataVerdict({ ...sjzClerk, secondFactor: false }, ok, rule)), 'SECOND_FACTOR_REQUIRED');
  assert.equal(code(personalDataVerdict({ ...sjzClerk, role: 'platform_admin', department: null }, ok, rule)), 'PERSONAL_DATA_FORBIDDEN');
  assert.equal(code(personalDataVerdict({ ...sjzClerk, role: 'auditor', department: null }, ok, rule)), 'PERSONAL_DATA_FORBIDDEN');
  const finance: Requester = { kind: 'client', department: { kinds: ['finance'], regionCode: '130100' } };
  assert.equal(code(personalDataVerdict(finance, ok, rule)), 'PERSONAL_DATA_FORBIDDEN');
  assert.equal(code(personalDataVerdict(finance, { ...ok, what: 'check-details' }, rule)), 'ok');
  const unknownKind: Requester = { kind: 'client', department: { kinds: ['<script>'], regionCode: '130100' } };
  assert.equal(code(personalDataVerdict(unknownKind, { ...ok, what: 'check-details' }, rule)), 'PERSONAL_DATA_FORBIDDEN');
  const bank: Requester = { kind: 'client', department: { kinds: ['bank'], regionCode: '130100' } };
  assert.deepEqual(personalDataVerdict(bank, ok, rule), { ok: true, authorization: true });
  assert.deepEqual(personalDataVerdict(sjzClerk, ok, rule), { ok: true, authorization: false });
});

test('where a person is: the ID number’s address code and the record holders’ regions', () => {
  assert.deepEqual(subjectRegionsOf('130102********1234', 'id_card', ['130600']).sort(), ['130102', '130600']);
  assert.deepEqual(subjectRegionsOf('E1****34', 'passport', ['130600']), ['130600']);
});
