import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import { kindsProblem, type DepartmentKindList } from './department-kinds.rules.ts';
import type { PersonalDataRule } from './personal-data.rules.ts';

const list = ruleInForce(loadRuleFile<DepartmentKindList>('department-kinds'), '2026-11-20');
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
  const codes = new Set(list.kinds.map((k) => k.code));
  const privileged = new Set(list.kinds.filter((k) => k.privileged).map((k) => k.code));
  const vocabulary = JSON.parse(readFileSync(new URL('measures/vocabulary.json', root), 'utf8')) as { departmentKinds: { code: string }[] };
  for (const k of vocabulary.departmentKinds) assert.ok(codes.has(k.code), `measures/vocabulary.json kind ${k.code} missing`);
  const pd = ruleInForce(loadRuleFile<PersonalDataRule>('personal-data'), '2026-11-20');
  for (const [k, g] of Object.entries(pd.departmentKinds)) {
    assert.ok(codes.has(k), `rules/personal-data.json kind ${k} missing`);
    if (g.reads.includes('full-report') || g.authorization) assert.ok(privileged.has(k), `${k} reads full files: privileged`);
  }
  for (const f of readdirSync(new URL('catalog/', root)).filter((f) => f.endsWith('.json'))) {
    const def = JSON.parse(readFileSync(new URL(`catalog/${f}`, root), 'utf8')) as { list?: { ownerKinds?: string[] } };
    for (const k of def.list?.ownerKinds ?? []) assert.ok(privileged.has(k), `${k} owns a list (${f}): privileged`);
  }
});
