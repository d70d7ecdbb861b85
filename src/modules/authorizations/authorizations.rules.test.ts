import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorizationRequired, grantProblem, useProblem, type AuthorizationTerms } from './authorizations.rules.ts';

const a: AuthorizationTerms = { subjectId: 1, requesterDepartmentId: 2, scope: 'full-report', validFrom: '2026-11-20', validUntil: '2026-11-30', revokedAt: null };
const use = { subjectId: 1, requesterDepartmentId: 2, scope: 'full-report' as const };

test('agencies and banks need an authorization; other departments do not', () => {
  assert.equal(authorizationRequired(['financial-institution']), true);
  assert.equal(authorizationRequired(['credit-agency', 'x']), true);
  assert.equal(authorizationRequired(['market-regulation']), false);
  assert.equal(authorizationRequired([]), false);
});

test('valid from its first to its last day, inclusive', () => {
  assert.equal(useProblem(a, use, '2026-11-19')?.code, 'AUTHORIZATION_NOT_YET_VALID');
  assert.equal(useProblem(a, use, '2026-11-20'), null);
  assert.equal(useProblem(a, use, '2026-11-30'), null);
  assert.equal(useProblem(a, use, '2026-12-01')?.code, 'AUTHORIZATION_EXPIRED');
});

test('revoked, other requester, other subject, other scope', () => {
  assert.equal(useProblem({ ...a, revokedAt: new Date() }, use, '2026-11-25')?.code, 'AUTHORIZATION_REVOKED');
  assert.equal(useProblem(a, { ...use, requesterDepartmentId: 3 }, '2026-11-25')?.code, 'AUTHORIZATION_NOT_YOURS');
  assert.equal(useProblem(a, { ...use, subjectId: 9 }, '2026-11-25')?.code, 'AUTHORIZATION_NOT_YOURS');
  assert.equal(useProblem(a, { ...use, scope: 'credit-file' }, '2026-11-25')?.code, 'AUTHORIZATION_SCOPE');
});

test('a grant: known scope, a purpose, from today on, at most one year', () => {
  const g = { scope: 'full-report', purpose: '贷款', validFrom: '2026-11-20', validUntil: '2027-11-20' };
  assert.equal(grantProblem(g, '2026-11-20'), null);
  assert.equal(grantProblem({ ...g, validUntil: '2027-11-21' }, '2026-11-20')?.code, 'AUTHORIZATION_TOO_LONG');
  assert.equal(grantProblem(g, '2026-11-21')?.code, 'AUTHORIZATION_DATES_INVALID');
  assert.equal(grantProblem({ ...g, validUntil: '2026-11-19' }, '2026-11-20')?.code, 'AUTHORIZATION_DATES_INVALID');
  assert.equal(grantProblem({ ...g, scope: 'all' }, '2026-11-20')?.code, 'AUTHORIZATION_SCOPE_UNKNOWN');
  assert.equal(grantProblem({ ...g, purpose: ' ' }, '2026-11-20')?.code, 'AUTHORIZATION_PURPOSE_REQUIRED');
});
