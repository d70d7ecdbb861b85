// The demo texts as data: placeholders, and the checks that name a case and field when the data
// in demo/*.json is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDigit, fillTemplate, templateProblems } from './demo.template.ts';
import { checkLicenseCase, checkPenaltyCase, LICENSE_CASES, PENALTY_CASES } from './demo.cases.ts';

test('placeholders: values, slices, modulo, offsets, padding, digits, lists', () => {
  const ctx = { regionCode: '130104', serial: 1234567, rand: 4_000_000_003, year: 2026, day: '2026-11-20', name: '张三' };
  assert.equal(fillTemplate('当事人{name}', ctx), '当事人张三');
  assert.equal(fillTemplate('冀CB{regionCode[0:4]}{serial:4}', ctx), '冀CB13014567');
  assert.equal(fillTemplate('（冀）XK{rand%16+1:2}-{rand%7+1:3}', ctx), `（冀）XK${String(1 + (4_000_000_003 % 16)).padStart(2, '0')}-${String(1 + (4_000_000_003 % 7)).padStart(3, '0')}`);
  assert.equal(fillTemplate('{year-1}年度 {year:2}', ctx), '2025年度 26');
  assert.equal(fillTemplate('{regionCode}{day|digits}', ctx), '13010420261120');
  assert.equal(fillTemplate('{rand%4|V,P,P,P}', { rand: 8 }), 'V');
  assert.equal(fillTemplate('{rand%4|V,P,P,P}', { rand: 9 }), 'P');
  assert.equal(fillTemplate('没有占位符。', ctx), '没有占位符。');
  assert.equal(checkDigit('JY1130104000001'), [...'JY1130104000001'].reduce((s, ch) => s + ch.charCodeAt(0), 0) % 10);
});

test('placeholders are read once each, left to right (the context draws values when read)', () => {
  const reads: string[] = [];
  let n = 0;
  const ctx = new Proxy({}, { get: (_t, k) => (reads.push(String(k)), ++n) });
  assert.equal(fillTemplate('{date}、{place}、{date}', ctx), '1、2、3');
  assert.deepEqual(reads, ['date', 'place', 'date']);
});

test('template checks name unknown keys and malformed placeholders', () => {
  assert.deepEqual(templateProblems('{date}在{place}', ['date', 'place']), []);
  assert.deepEqual(templateProblems('{dat}', ['date']), ['unknown placeholder {dat}']);
  assert.equal(templateProblems('{date', ['date']).length, 1);
  assert.deepEqual(templateProblems('{serial|upper}', ['serial']), ['unknown step |upper']);
});

test('the shipped cases load and pass their checks', () => {
  assert.ok(PENALTY_CASES.length >= 70 && LICENSE_CASES.length >= 39);
  PENALTY_CASES.forEach((c, i) => assert.deepEqual(checkPenaltyCase(c as unknown as Record<string, unknown>, i), []));
  LICENSE_CASES.forEach((c, i) => assert.deepEqual(checkLicenseCase(c as unknown as Record<string, unknown>, i), []));
});

test('a wrong case is reported with its file, index, name and field', () => {
  const good = { ...(PENALTY_CASES[0] as unknown as Record<string, unknown>) };
  assert.deepEqual(checkPenaltyCase(good, 0), []);
  const bad = { ...good, kind: 'police', fine: [100, 5], facts: ['{date}在{palce}'], sevrity: '严重' };
  const problems = checkPenaltyCase(bad, 3);
  const name = `penalty-cases.json case 3 (${String(good.type)})`;
  assert.ok(problems.includes(`${name} sevrity: not a known field`), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith(`${name} kind: expected one of`)));
  assert.ok(problems.includes(`${name} fine: expected [low, high]`));
  assert.ok(problems.includes(`${name} facts: unknown placeholder {palce}`));
  const license = { ...(LICENSE_CASES[0] as unknown as Record<string, unknown>), number: 'JY{serail:6}', months: 0 };
  const lp = checkLicenseCase(license, 0);
  assert.ok(lp.some((p) => p.endsWith('number: unknown placeholder {serail}')), lp.join('\n'));
  assert.ok(lp.some((p) => p.includes('months:')));
});
