import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../kernel/errors.ts';
import { loadCatalogFiles } from './catalog.load.ts';
import { assertListOwner, listTermEnd } from './catalog.rules.ts';

const catalog = loadCatalogFiles();
const def = (code: string) => catalog.find((c) => c.code === code)!;
const dep = (kinds: string[]) => ({ name: '某部门', uscc: '11130000000000000X', kinds });

describe('list terms', () => {
  test('the term end is 有效期至 when given, else the default term by 民法典 month counting, else open', () => {
    assert.equal(listTermEnd({ termMonths: 36 }, '2026-03-01', '2027-01-31'), '2027-01-31');
    assert.equal(listTermEnd({ termMonths: 36 }, '2026-03-01'), '2029-03-01');
    assert.equal(listTermEnd({ termMonths: 12 }, '2024-02-29'), '2025-02-28');
    assert.equal(listTermEnd({}, '2026-03-01'), undefined);
  });
});

describe('list owners', () => {
  test('only a department of an owner kind decides entries of a list that names owners', () => {
    assert.doesNotThrow(() => assertListOwner(def('dishonest-debtor'), dep(['court'])));
    assert.throws(
      () => assertListOwner(def('dishonest-debtor'), dep(['tax'])),
      (e: unknown) => e instanceof DomainError && e.code === 'LIST_OWNER_REQUIRED' && e.status === 403,
    );
  });

  test('a list without owner kinds (and a category that is no list) admits any department', () => {
    assert.doesNotThrow(() => assertListOwner(def('integrity-exemplar'), dep([])));
    assert.doesNotThrow(() => assertListOwner(def('penalty'), dep([])));
  });
});
