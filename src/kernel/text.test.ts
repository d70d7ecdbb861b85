import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { controlCharacterMessage, decodeOoxmlEscapes, findControlCharacter, findControlCharacterDeep, formatValuePath } from './text.ts';

test('NUL, other C0 controls, unpaired surrogates and U+FFFD are found with their position', () => {
  assert.deepEqual(findControlCharacter('ab\u0000c'), { position: 3, codePoint: 0, kind: 'control' });
  assert.deepEqual(findControlCharacter('\u001f'), { position: 1, codePoint: 0x1f, kind: 'control' });
  assert.deepEqual(findControlCharacter('x\ud800'), { position: 2, codePoint: 0xd800, kind: 'surrogate' });
  assert.deepEqual(findControlCharacter('\udc00x'), { position: 1, codePoint: 0xdc00, kind: 'surrogate' });
  assert.deepEqual(findControlCharacter('名\ufffd'), { position: 2, codePoint: 0xfffd, kind: 'invalid-encoding' });
  // positions count characters: a pair before the NUL is one
  assert.deepEqual(findControlCharacter('𠀀\u0000'), { position: 2, codePoint: 0, kind: 'control' });
});

test('tab, CR and LF only where allowed; DEL, C1 and valid pairs pass', () => {
  assert.equal(findControlCharacter('a\tb\r\nc', { allowWhitespaceControls: true }), undefined);
  assert.equal(findControlCharacter('a\tb')?.kind, 'control');
  assert.equal(findControlCharacter('a\nb')?.position, 2);
  assert.equal(findControlCharacter('\u007f\u0085 𠀀 河北'), undefined);
  assert.equal(findControlCharacter(''), undefined);
});

test('the message names the field and the position, and never echoes the value', () => {
  const m = controlCharacterMessage('当事人名称（CF_XDR_MC）', 'CF_XDR_MC (name)', { position: 3, codePoint: 0, kind: 'control' });
  assert.equal(m.code, 'CONTROL_CHARACTER');
  assert.match(m.zh, /CF_XDR_MC.*第 3 个字符.*U\+0000/);
  assert.match(m.en, /CF_XDR_MC.*character 3.*U\+0000/);
  assert.equal(findControlCharacter(m.zh + m.en), undefined);
});

test('deep search reports the path, keys included, and honours skip', () => {
  const body = { category: 'penalty', records: [{ a: 'ok' }, { b: 'x\u0000' }], meta: { ['k\u0001']: 1 } };
  assert.deepEqual(findControlCharacterDeep(body)?.path, ['records', 1, 'b']);
  const skipped = findControlCharacterDeep(body, { skipItemsOf: 'records' });
  assert.deepEqual([skipped?.path, skipped?.inKey], [['meta', 'k\u0001'], true]);
  assert.equal(formatValuePath(['records', 1, 'b']), 'records[1].b');
  assert.equal(formatValuePath(['meta', 'k\u0001']), 'meta["kU+0001"]');
  // a million levels deep is walked without a stack overflow
  let deep: unknown = 'x\u0000';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.equal(findControlCharacterDeep(deep)?.path.length, 100_000);
  assert.deepEqual(findControlCharacterDeep({ a: [{ ['b\u0000']: 1 }] })?.path, ['a', 0, 'b\u0000']);
});

test('OOXML escapes decode as Excel writes them', () => {
  assert.equal(decodeOoxmlEscapes('a_x0007_b'), 'a\u0007b');
  assert.equal(decodeOoxmlEscapes('_x005F_x0041_'), '_x0041_');
  assert.equal(decodeOoxmlEscapes('no_escape_x12_'), 'no_escape_x12_');
});

// --- properties --------------------------------------------------------------------------------

const forbidden = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.constant('\ufffd'),
);
const clean = fc.string({ unit: 'grapheme' }).filter((s) => !/[\u0000-\u001f\ufffd]/.test(s));

test('property: text PostgreSQL can store (well-formed, no C0, no U+FFFD) is never flagged', () => {
  fc.assert(fc.property(clean, (s) => findControlCharacter(s) === undefined));
});

test('property: one forbidden character inserted anywhere is found at its character position', () => {
  fc.assert(
    fc.property(clean, clean, forbidden, (a, b, bad) => {
      // an unpaired high surrogate directly before b's low one would pair up: keep b clean of that
      const hit = findControlCharacter(a + bad + b);
      return hit !== undefined && hit.position === [...a].length + 1 && hit.codePoint === bad.charCodeAt(0);
    }),
  );
});

test('property: whatever is not flagged encodes to UTF-8 and back unchanged (what PostgreSQL needs)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      if (findControlCharacter(s, { allowWhitespaceControls: true })) return true;
      return Buffer.from(s, 'utf8').toString('utf8') === s && !s.includes('\u0000');
    }),
  );
});
