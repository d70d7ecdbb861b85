import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decisionRefusal, mayPropose, seesAll } from './proposals.rules.ts';

const OPS = ['operator', 'platform_admin'] as const;
const city = { userId: 1, role: 'operator' as const, provinceLevel: false };
const prov = { userId: 2, role: 'operator' as const, provinceLevel: true };
const provAuditor = { userId: 3, role: 'auditor' as const, provinceLevel: true };

test('who proposes: a role that may make the change, at any level', () => {
  assert.equal(mayPropose(city, OPS), true);
  assert.equal(mayPropose(prov, OPS), true);
  assert.equal(mayPropose(city, ['platform_admin']), false);
  assert.equal(mayPropose(provAuditor, OPS), false);
});

test('who decides: province level, a role that may make the change, never the proposer', () => {
  assert.equal(decisionRefusal(city, OPS, 9), 'province-level-required');
  assert.equal(decisionRefusal(prov, ['platform_admin'], 9), 'role');
  assert.equal(decisionRefusal(prov, OPS, 2), 'own-proposal');
  assert.equal(decisionRefusal(prov, OPS, 9), null);
});

test('who sees every proposal: province-level deciders only', () => {
  assert.equal(seesAll(prov, OPS), true);
  assert.equal(seesAll(city, OPS), false);
  assert.equal(seesAll(provAuditor, OPS), false);
});
