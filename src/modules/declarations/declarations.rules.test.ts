import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declarationProblems, mayDeclare } from './declarations.rules.ts';

test('a declaration: known kind, title, content; validUntil not before today', () => {
  const codes = (i: Parameters<typeof declarationProblems>[0]) => declarationProblems(i, '2026-11-20').map((p) => p.code);
  assert.deepEqual(codes({ kind: 'honour', title: 't', content: 'c' }), []);
  assert.deepEqual(codes({ kind: 'honour', title: 't', content: 'c', validUntil: '2026-11-20' }), [], 'valid through today');
  assert.deepEqual(codes({ kind: 'honour', title: 't', content: 'c', validUntil: '2026-11-19' }), ['DECLARATION_EXPIRED']);
  assert.deepEqual(codes({ kind: 'honour', title: 't', content: 'c', validUntil: '2026-02-30' }), ['DATE_INVALID']);
  assert.deepEqual(codes({ kind: 'award', title: '', content: ' ' }), ['DECLARATION_KIND_UNKNOWN', 'DECLARATION_TITLE_MISSING', 'DECLARATION_CONTENT_MISSING']);
});

test('only market entities declare', () => {
  assert.equal(mayDeclare('organization'), true);
  assert.equal(mayDeclare('individual_business'), true);
  assert.equal(mayDeclare('person'), false);
});
