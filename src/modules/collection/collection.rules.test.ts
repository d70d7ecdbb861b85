import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIVE, countOutcomes, isLate, legalRepOf, nextVersion, splitFields, validUntilOf, type VersionState } from './collection.rules.ts';
import { loadCatalogFiles } from '../catalog/catalog.load.ts';
import type { ValidRecord } from '../catalog/catalog.types.ts';

const catalog = loadCatalogFiles();
const def = (code: string) => catalog.find((c) => c.code === code)!;
const state = (over: Partial<VersionState> = {}): VersionState => ({ hash: 'h1', version: 3, status: ACTIVE, ...over });

describe('versions', () => {
  test('a ref not on file becomes version 1, active', () => {
    assert.deepEqual(nextVersion(undefined, 'h1'), { kind: 'new', version: 1, status: ACTIVE, sticky: false });
  });

  test('the same content is unchanged, at the version on file', () => {
    assert.deepEqual(nextVersion(state(), 'h1'), { kind: 'unchanged', version: 3 });
  });

  test('other content is the next version; an active record stays active', () => {
    assert.deepEqual(nextVersion(state(), 'h2'), { kind: 'new', version: 4, status: ACTIVE, sticky: false });
  });

  test('exited, repaired and revoked are kept by a later version, which is then out of the public view', () => {
    for (const s of ['exited', 'repaired', 'revoked']) {
      const status = { status: s, statusOn: '2026-03-01', statusReason: 'r' };
      assert.deepEqual(nextVersion(state({ status }), 'h2'), { kind: 'new', version: 4, status, sticky: true });
    }
  });
});

describe('one valid row', () => {
  test('late only when received after the due day', () => {
    assert.equal(isLate('2026-03-10', '2026-03-10'), false);
    assert.equal(isLate('2026-03-11', '2026-03-10'), true);
  });

  test('a list entry without 有效期至 runs the list’s term; other records keep what they were given', () => {
    const rec = { decisionDate: '2026-03-01', fields: {} } as unknown as ValidRecord;
    assert.equal(validUntilOf(def('serious-dishonesty'), rec), '2029-03-01');
    assert.equal(validUntilOf(def('serious-dishonesty'), { ...rec, validUntil: '2027-01-31' }), '2027-01-31');
    assert.equal(validUntilOf(def('dishonest-debtor'), rec), undefined); // no default term: until exited
    assert.equal(validUntilOf(def('penalty'), rec), undefined);
  });

  test('masked fields are stored masked and sealed in clear; empty ones are left out', () => {
    const r = splitFields({ A: '甲', B: '110101199003070019', C: '', D: null }, new Set(['B']));
    assert.deepEqual(Object.keys(r.publicFields), ['A', 'B']);
    assert.notEqual(r.publicFields.B, '110101199003070019');
    assert.deepEqual(r.sealed, { B: '110101199003070019' });
    assert.equal(splitFields({ A: '甲' }, new Set(['B'])).sealed, undefined);
  });

  test('outcomes count by status', () => {
    assert.deepEqual(countOutcomes([{ row: 2, status: 'created' }, { row: 3, status: 'rejected' }, { row: 4, status: 'created' }]), { rows: 3, created: 2, updated: 0, unchanged: 0, rejected: 1 });
  });
});

describe('legal representatives', () => {
  const org = { kind: 'organization', name: '某公司', uscc: '91130100MA0000000X' } as const;
  const rec = (fields: Record<string, string | null>, subject: ValidRecord['subject'] = org) => ({ ref: 'R1', subject, decisionDate: '2026-03-01', fields }) as ValidRecord;

  test('an organization’s record with the representative’s document names them, a 15-digit number in its 18-digit form', () => {
    assert.deepEqual(legalRepOf(def('penalty'), rec({ CF_FRDB: '张三', CF_FR_ZJLX: '居民身份证', CF_FR_ZJHM: '110101199003070019' })), {
      kind: 'person', name: '张三', idType: 'id_card', idNumber: '110101199003070019',
    });
    const upgraded = legalRepOf(def('penalty'), rec({ CF_FRDB: '张三', CF_FR_ZJHM: '110101900307001' }));
    assert.ok(upgraded?.kind === 'person' && /^11010119900307001[\dX]$/.test(upgraded.idNumber));
  });

  test('no document number, or a person’s own record: nobody', () => {
    assert.equal(legalRepOf(def('penalty'), rec({ CF_FRDB: '张三', CF_FR_ZJHM: null })), undefined);
    assert.equal(legalRepOf(def('penalty'), rec({ CF_FRDB: '张三', CF_FR_ZJHM: '110101199003070019' }, { kind: 'person', name: '李四', idType: 'id_card', idNumber: '110101199003070019' })), undefined);
  });
});
