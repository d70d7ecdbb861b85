import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import type { PersonalDataRule, Requester } from '../access/personal-data.rules.ts';
import { queryVerdict, readReason, subjectRegions, type QuerySubject } from './inquiry.rules.ts';

const rule = ruleInForce(loadRuleFile<PersonalDataRule>('personal-data'), '2026-11-20');
const clerk: Requester = { kind: 'staff', role: 'department_clerk', regionCode: '130100', secondFactor: false, department: { kinds: ['market-regulation'], regionCode: '130100' } };
const ok = { purpose: '行政许可审查', matterRef: '石审批〔2026〕118号' };
const code = (v: ReturnType<typeof queryVerdict>) => (v.ok ? 'ok' : v.refusal.code);
const org = (over: Partial<QuerySubject> = {}): QuerySubject => ({ kind: 'organization', uscc: '91130102MA0A1B2C3X', regNo: null, idMasked: null, idType: null, ...over });

test('where a subject is: the USCC’s registration region or the 注册号’s, the ID number’s, and the departments holding its records', () => {
  assert.deepEqual(subjectRegions(org(), []), ['130102']);
  assert.deepEqual(subjectRegions(org({ uscc: null, regNo: '130602600012345' }), ['130100']).sort(), ['130100', '130602']);
  assert.deepEqual(subjectRegions(org({ uscc: '91110105MA0A1B2C3X' }), []), []); // 北京: not in Hebei
  assert.deepEqual(subjectRegions({ kind: 'person', uscc: null, regNo: null, idMasked: '130102********1234', idType: 'id_card' }, ['130600']).sort(), ['130102', '130600']);
});

test('an organization: role, region, purpose, matter reference, in that order; no second factor, no department kinds', () => {
  const regions = ['130102'];
  assert.equal(code(queryVerdict(clerk, 'organization', { ...ok, subjectRegions: regions }, rule)), 'ok');
  assert.equal(code(queryVerdict({ ...clerk, department: { kinds: ['civilization-office'], regionCode: '130100' } }, 'organization', { ...ok, subjectRegions: regions }, rule)), 'ok');
  assert.equal(code(queryVerdict({ ...clerk, role: 'auditor', department: null }, 'organization', { ...ok, subjectRegions: regions }, rule)), 'CREDIT_FILE_FORBIDDEN');
  assert.equal(code(queryVerdict({ ...clerk, regionCode: '130600' }, 'organization', { ...ok, subjectRegions: regions }, rule)), 'CREDIT_FILE_OUT_OF_REGION');
  assert.equal(code(queryVerdict({ ...clerk, regionCode: '130600' }, 'organization', { purpose: '', matterRef: '', subjectRegions: regions }, rule)), 'CREDIT_FILE_OUT_OF_REGION');
  assert.equal(code(queryVerdict(clerk, 'organization', { ...ok, purpose: ' ', subjectRegions: regions }, rule)), 'REASON_REQUIRED');
  assert.equal(code(queryVerdict(clerk, 'organization', { ...ok, purpose: 'xxxx', subjectRegions: regions }, rule)), 'PURPOSE_INVALID');
  assert.equal(code(queryVerdict(clerk, 'organization', { ...ok, matterRef: undefined, subjectRegions: regions }, rule)), 'MATTER_REF_REQUIRED');
  const province: Requester = { kind: 'staff', role: 'operator', regionCode: '130000', secondFactor: false, department: null };
  assert.equal(code(queryVerdict(province, 'organization', { ...ok, subjectRegions: [] }, rule)), 'ok');
  assert.equal(code(queryVerdict({ kind: 'client', department: clerk.department! }, 'organization', { ...ok, subjectRegions: regions }, rule)), 'CREDIT_FILE_FORBIDDEN');
});

test('a person: the personal-data rule whole (second factor, department kinds)', () => {
  const regions = ['130102'];
  assert.equal(code(queryVerdict(clerk, 'person', { ...ok, subjectRegions: regions }, rule)), 'SECOND_FACTOR_REQUIRED');
  assert.equal(code(queryVerdict({ ...clerk, secondFactor: true }, 'person', { ...ok, subjectRegions: regions }, rule)), 'ok');
  assert.equal(code(queryVerdict({ ...clerk, secondFactor: true, department: { kinds: ['civilization-office'], regionCode: '130100' } }, 'person', { ...ok, subjectRegions: regions }, rule)), 'PERSONAL_DATA_FORBIDDEN');
  assert.match(readReason(' 行政许可审查 ', '石审批〔2026〕118号'), /^部门信用查询：行政许可审查（事项编号 石审批〔2026〕118号）$/);
});
