import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import {
  applyReadScope,
  DEFAULT_OUT_OF_REGION,
  inReadScope,
  matterRefProblem,
  personalDataVerdict,
  purposeProblem,
  readScope,
  scopeCoversAll,
  subjectRegionsOf,
  WHOLE,
  type PersonalDataRule,
  type ReadScope,
  type Requester,
} from './personal-data.rules.ts';
import { queryVerdict } from '../inquiry/inquiry.rules.ts';

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
  assert.deepEqual(personalDataVerdict(bank, ok, rule), { ok: true, authorization: true, scope: WHOLE });
  assert.deepEqual(personalDataVerdict(sjzClerk, ok, rule), { ok: true, authorization: false, scope: WHOLE });
});

test('where a person is: the ID number’s address code and the record holders’ regions', () => {
  assert.deepEqual(subjectRegionsOf('130102********1234', 'id_card', ['130600']).sort(), ['130102', '130600']);
  assert.deepEqual(subjectRegionsOf('E1****34', 'passport', ['130600']), ['130600']);
});

// The re-test of issue 17: a 保定 department filed a licence about a 石家庄 person and its clerk
// then read the person's whole file, 石家庄's non-public penalty included.
describe('out of region: a department’s own records do not open the whole file', () => {
  const all = loadRuleFile<PersonalDataRule>('personal-data');
  const bdClerk: Requester = { kind: 'staff', role: 'department_clerk', regionCode: '130600', secondFactor: true, department: { kinds: ['market-regulation'], regionCode: '130600' } };
  const req = { ...ok, subjectRegions: ['130102'], recordRegions: ['130100', '130600'] };
  const scopeOf = (r: Requester, day: string, over: Partial<typeof req> = {}) => {
    const v = personalDataVerdict(r, { ...req, ...over }, ruleInForce(all, day));
    return v.ok ? v.scope : v.refusal.code;
  };

  test('the boundary day: 2026-12-05 the whole file (the old rule), from 2026-12-06 the requester’s region’s records only', () => {
    assert.equal(ruleInForce(all, '2026-12-05').outOfRegion, 'whole-file');
    assert.equal(ruleInForce(all, '2026-12-06').outOfRegion, 'own-records');
    assert.deepEqual(scopeOf(bdClerk, '2026-12-05'), { kind: 'whole' });
    assert.deepEqual(scopeOf(bdClerk, '2026-12-06'), { kind: 'own-region-records', region: '130600' });
  });

  test('the person’s own region (a city contains its counties) and the province read the whole file; a region holding nothing is refused', () => {
    const sjz: Requester = { ...bdClerk, regionCode: '130100', department: { kinds: ['market-regulation'], regionCode: '130100' } };
    assert.deepEqual(scopeOf(sjz, '2026-12-06'), { kind: 'whole' });
    const province: Requester = { kind: 'staff', role: 'operator', regionCode: '130000', secondFactor: true, department: null };
    assert.deepEqual(scopeOf(province, '2026-12-06', { recordRegions: [] }), { kind: 'whole' });
    assert.equal(scopeOf(bdClerk, '2026-12-06', { recordRegions: ['130100'] }), 'PERSONAL_DATA_OUT_OF_REGION');
    // a county department of 保定 (清苑区) holding a record: 保定 city reads it as its own region's
    assert.deepEqual(scopeOf(bdClerk, '2026-12-06', { recordRegions: ['130608'] }), { kind: 'own-region-records', region: '130600' });
    // the rule without the setting: the default is own-records
    assert.equal(DEFAULT_OUT_OF_REGION, 'own-records');
    assert.deepEqual(readScope('130600', ['130102'], ['130600'], {}), { kind: 'own-region-records', region: '130600' });
  });

  test('what a partial scope shows: records held in the region (its counties too) and what is public today; the rest counted', () => {
    const scope: ReadScope = { kind: 'own-region-records', region: '130600' };
    const records = [
      { ref: 'bd-licence', holderRegion: '130600' },
      { ref: 'qingyuan', holderRegion: '130608' },
      { ref: 'sjz-penalty', holderRegion: '130100' },
      { ref: 'sjz-public', holderRegion: '130100', publicToday: true },
      { ref: 'unknown-holder', holderRegion: null },
    ];
    const r = applyReadScope(scope, records, (x) => x);
    assert.deepEqual(r.shown.map((x) => x.ref), ['bd-licence', 'qingyuan', 'sjz-public']);
    assert.equal(r.withheld, 2);
    assert.equal(applyReadScope(WHOLE, records, (x) => x).withheld, 0);
    assert.equal(inReadScope(scope, { holderRegion: '130100' }), false);
    assert.equal(scopeCoversAll(scope, ['130600', '130608']), true);
    assert.equal(scopeCoversAll(scope, ['130600', '130100']), false);
    assert.equal(scopeCoversAll(WHOLE, ['130100']), true);
  });

  test('the staff credit query applies the same scope to a person (inquiry.rules.ts)', () => {
    const v = queryVerdict(bdClerk, 'person', { ...ok, subjectRegions: ['130102', '130100', '130600'], homeRegions: ['130102'], recordRegions: ['130100', '130600'] }, ruleInForce(all, '2026-12-06'));
    assert.deepEqual(v, { ok: true, scope: { kind: 'own-region-records', region: '130600' } });
  });
});

// The issue-17 re-test's "bank with subject's authorization refused out of region" (decision
// 0053): from 2026-12-07 a requester whose kinds read on authorization and that holds the person's
// valid authorization reads the whole file wherever it is; before it, and without one, the region rule.
describe('authorization opens the region (authorizationOpensRegion)', () => {
  const all = loadRuleFile<PersonalDataRule>('personal-data');
  const bdBank: Requester = { kind: 'client', department: { kinds: ['bank'], regionCode: '130600' } };
  const bdMarket: Requester = { kind: 'client', department: { kinds: ['market-regulation'], regionCode: '130600' } };
  const req: Omit<typeof ok, 'what'> & { what: 'full-report' | 'check-details'; recordRegions: string[] } = { ...ok, subjectRegions: ['130102'], recordRegions: ['130100'] };
  const verdict = (r: Requester, day: string, over: Partial<typeof req & { authorized: boolean }> = {}) => {
    const v = personalDataVerdict(r, { ...req, ...over }, ruleInForce(all, day));
    return v.ok ? v.scope : v.refusal.code;
  };

  test('the boundary day: 2026-12-06 refused, 2026-12-07 the whole file', () => {
    assert.equal(ruleInForce(all, '2026-12-06').authorizationOpensRegion, undefined);
    assert.equal(ruleInForce(all, '2026-12-07').authorizationOpensRegion, true);
    assert.equal(verdict(bdBank, '2026-12-06', { authorized: true }), 'PERSONAL_DATA_OUT_OF_REGION');
    assert.deepEqual(verdict(bdBank, '2026-12-07', { authorized: true }), WHOLE);
    assert.deepEqual(verdict(bdBank, '2026-12-07', { authorized: true, what: 'check-details' }), WHOLE);
  });

  test('without the authorization the region rule stands; a partial scope becomes whole with it', () => {
    assert.equal(verdict(bdBank, '2026-12-07'), 'PERSONAL_DATA_OUT_OF_REGION');
    assert.equal(verdict(bdBank, '2026-12-07', { authorized: false }), 'PERSONAL_DATA_OUT_OF_REGION');
    assert.deepEqual(verdict(bdBank, '2026-12-07', { recordRegions: ['130100', '130600'] }), { kind: 'own-region-records', region: '130600' });
    assert.deepEqual(verdict(bdBank, '2026-12-07', { recordRegions: ['130100', '130600'], authorized: true }), WHOLE);
  });

  test('a kind that reads without authorization is unchanged by one; the other checks still come first', () => {
    assert.equal(verdict(bdMarket, '2026-12-07', { authorized: true }), 'PERSONAL_DATA_OUT_OF_REGION');
    const civ: Requester = { kind: 'client', department: { kinds: ['civilization-office'], regionCode: '130600' } };
    assert.equal(verdict(civ, '2026-12-07', { authorized: true }), 'PERSONAL_DATA_FORBIDDEN');
    assert.equal(verdict(bdBank, '2026-12-07', { authorized: true, matterRef: '' }), 'MATTER_REF_REQUIRED');
    const staff: Requester = { kind: 'staff', role: 'department_clerk', regionCode: '130600', secondFactor: false, department: { kinds: ['bank'], regionCode: '130600' } };
    assert.equal(verdict(staff, '2026-12-07', { authorized: true }), 'SECOND_FACTOR_REQUIRED');
  });

  test('the staff credit query alike (inquiry.rules.ts)', () => {
    const clerk: Requester = { kind: 'staff', role: 'department_clerk', regionCode: '130600', secondFactor: true, department: { kinds: ['bank'], regionCode: '130600' } };
    const q = { ...ok, subjectRegions: ['130102', '130100'], homeRegions: ['130102'], recordRegions: ['130100'] };
    assert.deepEqual(queryVerdict(clerk, 'person', { ...q, authorized: true }, ruleInForce(all, '2026-12-07')), { ok: true, scope: WHOLE });
    const before = queryVerdict(clerk, 'person', { ...q, authorized: true }, ruleInForce(all, '2026-12-06'));
    assert.equal(before.ok ? 'ok' : before.refusal.code, 'PERSONAL_DATA_OUT_OF_REGION');
  });
});
