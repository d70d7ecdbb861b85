import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import { industryProblem, kindsProblem, type DepartmentKindList } from './department-kinds.rules.ts';
import type { PersonalDataRule } from './personal-data.rules.ts';

const versions = loadRuleFile<DepartmentKindList>('department-kinds');
const list = ruleInForce(versions, '2026-11-20');
const newest = versions.at(-1)!;
const root = new URL('../../../', import.meta.url);

test('unknown kinds are refused, and markup is never echoed', () => {
  assert.equal(kindsProblem(['finance'], list, { provinceAdmin: false }), null);
  const p = kindsProblem(['<script>x</script>', 'bogus'], list, { provinceAdmin: true, reason: 'x' })!;
  assert.equal(p.code, 'DEPARTMENT_KIND_UNKNOWN');
  assert.ok(!p.zh.includes('<script>') && !p.en.includes('<script>'));
  assert.match(p.en, /bogus/);
});

test('privileged kinds: only a province-level administrator, and only with a reason', () => {
  assert.equal(kindsProblem(['court'], list, { provinceAdmin: false, reason: 'because' })!.code, 'DEPARTMENT_KIND_PRIVILEGED');
  assert.equal(kindsProblem(['finance', 'bank'], list, { provinceAdmin: false })!.status, 403);
  assert.equal(kindsProblem(['court'], list, { provinceAdmin: true })!.code, 'DEPARTMENT_KIND_REASON_REQUIRED');
  assert.equal(kindsProblem(['court'], list, { provinceAdmin: true, reason: '  ' })!.code, 'DEPARTMENT_KIND_REASON_REQUIRED');
  assert.equal(kindsProblem(['court'], list, { provinceAdmin: true, reason: '中级人民法院登记' }), null);
});

test('the list covers every kind the measures and the personal-data rule use; list owners and full-file readers are privileged', () => {
  const codes = new Set(newest.kinds.map((k) => k.code));
  const privileged = new Set(newest.kinds.filter((k) => k.privileged).map((k) => k.code));
  const vocabulary = JSON.parse(readFileSync(new URL('measures/vocabulary.json', root), 'utf8')) as { departmentKinds: { code: string }[] };
  for (const k of vocabulary.departmentKinds) assert.ok(codes.has(k.code), `measures/vocabulary.json kind ${k.code} missing`);
  const pd = loadRuleFile<PersonalDataRule>('personal-data').at(-1)!;
  for (const [k, g] of Object.entries(pd.departmentKinds)) {
    assert.ok(codes.has(k), `rules/personal-data.json kind ${k} missing`);
    if (g.reads.includes('full-report') || g.authorization) assert.ok(privileged.has(k), `${k} reads full files: privileged`);
  }
  for (const f of readdirSync(new URL('catalog/', root)).filter((f) => f.endsWith('.json'))) {
    const def = JSON.parse(readFileSync(new URL(`catalog/${f}`, root), 'utf8')) as { list?: { ownerKinds?: string[] } };
    for (const k of def.list?.ownerKinds ?? []) assert.ok(privileged.has(k), `${k} owns a list (${f}): privileged`);
  }
});

test('history: each version is dated, numbered in order, restates the whole list and removes no kind; justice and education came with version 2, association with version 3', () => {
  for (let i = 1; i < versions.length; i++) {
    const [a, b] = [versions[i - 1]!, versions[i]!];
    assert.ok(a.effectiveFrom < b.effectiveFrom, `version ${b.version} starts after version ${a.version}`);
    assert.equal(b.version, a.version + 1);
    for (const k of a.kinds) assert.deepEqual(b.kinds.find((x) => x.code === k.code), k, `version ${b.version} keeps ${k.code} unchanged`);
  }
  const codesOn = (day: string) => ruleInForce(versions, day).kinds.map((k) => k.code);
  assert.ok(!codesOn('2026-12-04').includes('justice') && !codesOn('2026-12-04').includes('education'));
  assert.ok(codesOn('2026-12-05').includes('justice') && codesOn('2026-12-05').includes('education'));
  assert.ok(!codesOn('2026-12-05').includes('association'));
  assert.ok(codesOn('2026-12-06').includes('association'));
  // a kind unknown on a day is refused that day, naming the version in force
  const before = kindsProblem(['association'], ruleInForce(versions, '2026-12-05'), { provinceAdmin: true, reason: 'x' })!;
  assert.equal(before.code, 'DEPARTMENT_KIND_UNKNOWN');
  assert.match(before.zh, /第 2 版/);
});

test('an association names its industry: a GB/T 4754-2017 section of the list and its own trade name; others carry none', () => {
  const v3 = ruleInForce(versions, '2026-12-06');
  assert.equal(v3.industries?.length, 20);
  assert.equal(industryProblem(['association'], { code: 'l', name: '律师行业' }, v3), null);
  assert.equal(industryProblem(['association'], null, v3)!.code, 'DEPARTMENT_INDUSTRY_REQUIRED');
  assert.equal(industryProblem(['association'], { code: 'L', name: ' ' }, v3)!.code, 'DEPARTMENT_INDUSTRY_REQUIRED');
  const unknown = industryProblem(['association'], { code: 'Z', name: '星象' }, v3)!;
  assert.equal(unknown.code, 'DEPARTMENT_INDUSTRY_UNKNOWN');
  assert.match(unknown.zh, /GB\/T 4754-2017/);
  assert.ok(!industryProblem(['association'], { code: '<b>', name: 'x' }, v3)!.zh.includes('<b>'));
  assert.equal(industryProblem(['finance'], { code: 'J', name: '金融' }, v3)!.code, 'DEPARTMENT_INDUSTRY_NOT_APPLICABLE');
  assert.equal(industryProblem(['finance'], undefined, v3), null);
  assert.equal(kindsProblem(['association'], v3, { provinceAdmin: false })!.code, 'DEPARTMENT_KIND_PRIVILEGED');
});
