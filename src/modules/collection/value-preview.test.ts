import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewValue, VALUE_PREVIEW_CHARS } from './value-preview.ts';

test('short values and nulls pass unchanged', () => {
  assert.equal(previewValue(null), null);
  assert.equal(previewValue(undefined), null);
  assert.equal(previewValue('甲'.repeat(VALUE_PREVIEW_CHARS)), '甲'.repeat(VALUE_PREVIEW_CHARS));
});

test('a 5 MB cell becomes its first 200 characters and its length', () => {
  const v = '罚'.repeat(5_000_000);
  const p = previewValue(v)!;
  assert.ok(p.startsWith('罚'.repeat(200) + '…'));
  assert.ok(!p.startsWith('罚'.repeat(201)));
  assert.match(p, /共 5000000 个字符.*5000000 characters/);
  assert.ok(p.length < 300);
});

test('characters outside the BMP count once and are never cut in half', () => {
  const v = '𠀀'.repeat(250); // 500 UTF-16 units, 250 characters
  const p = previewValue(v)!;
  assert.ok(p.startsWith('𠀀'.repeat(200) + '…'));
  assert.match(p, /共 250 个字符/);
  assert.equal(previewValue('𠀀'.repeat(150)), '𠀀'.repeat(150)); // 300 units, 150 characters: whole
});
