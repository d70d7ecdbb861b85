// Field parsing as properties (fast-check): whatever arrives in any field of any category, the
// row validator answers a record or errors that each name a field with a code and zh/en text,
// never throws; amounts and dates in any accepted spelling come out canonical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CellValue } from './catalog.types.ts';
import { demoUscc } from '../../kernel/codes/demo-codes.ts';
import { findControlCharacter } from '../../kernel/text.ts';
import { loadCatalogFiles } from './catalog.load.ts';
import { validateJsonRecord, validateRow } from './catalog.rows.ts';

const defs = loadCatalogFiles();
const penalty = defs.find((d) => d.code === 'penalty')!;
const TODAY = '2025-06-30';
const AGENCY = demoUscc(3, { prefix: '11', regionCode: '130000' });
const row = (over: Record<string, CellValue> = {}): Record<string, CellValue> => ({
  CF_XDR_MC: '石家庄华信达商贸有限公司', CF_XDR_LB: '法人及非法人组织', CF_XDR_SHXYM: demoUscc(1), CF_FRDB: '张伟',
  CF_WSH: '石市监罚〔2025〕12号', CF_WFXW: '虚假宣传', CF_SY: '事由', CF_YJ: '依据', CF_CFLB: '罚款', CF_NR: '罚款',
  CF_NR_FK: '1', CF_JDRQ: '2025-06-01', CF_YXQ: '2026-06-01', CF_CFJG: '石家庄市市场监督管理局', CF_CFJGDM: AGENCY,
  CF_SJLY: '石家庄市市场监督管理局', CF_SJLYDM: AGENCY, ...over,
});

const cell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -1000, max: 4_000_000 }).map((n) => ({ date: String(n) })),
);

test('property: any values in any fields of any category: a record or well-formed field errors, never a throw', () => {
  fc.assert(
    fc.property(fc.constantFrom(...defs), fc.dictionary(fc.string({ maxLength: 12 }), cell, { maxKeys: 6 }), fc.boolean(), (def, noise, keepBase) => {
      const values: Record<string, CellValue> = keepBase && def.code === 'penalty' ? row() : {};
      const codes = def.fields.map((f) => f.code);
      Object.entries(noise).forEach(([k, v], i) => (values[i % 2 ? k : codes[Math.abs(k.length * 7 + i) % codes.length]!] = v));
      const r = validateRow(def, values, TODAY);
      if (r.ok) return Object.values(r.record.fields).every((v) => v === null || !findControlCharacter(v, { allowWhitespaceControls: true }));
      return r.errors.length > 0 && r.errors.every((e) => typeof e.field === 'string' && /^[A-Z_]+$/.test(e.code) && e.zh.length > 0 && e.en.length > 0);
    }),
    { numRuns: 300 },
  );
});

test('property: JSON records with any keys and values are answered per record, never thrown', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 }), (obj) => {
      const r = validateJsonRecord(penalty, { ...row(), ...obj }, TODAY);
      return r.ok || r.errors.every((e) => e.code && e.zh && e.en);
    }),
    { numRuns: 300 },
  );
});

test('property: an amount in any accepted spelling comes out canonical', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom('plain', 'thousands', 'wide', 'wan', 'number'), (int, cents, form) => {
      const canonical = cents === 0 ? String(int) : `${int}.${String(cents).padStart(2, '0')}`.replace(/0+$/, '');
      const text = cents === 0 ? String(int) : `${int}.${String(cents).padStart(2, '0')}`;
      const spelled: CellValue =
        form === 'thousands' ? text.replace(/^\d+/, (d) => Number(d).toLocaleString('en-US'))
        : form === 'wide' ? text.replace(/[0-9.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
        : form === 'wan' ? `${text}万元`
        : form === 'number' ? Number(text)
        : text;
      const r = validateRow(penalty, row({ CF_NR_FK: spelled }), TODAY);
      assert.ok(r.ok, `${String(spelled)}: ${JSON.stringify(!r.ok && r.errors)}`);
      return r.record.fields.CF_NR_FK === canonical;
    }),
  );
});

test('property: a control character in any field is that field’s CONTROL_CHARACTER error', () => {
  fc.assert(
    fc.property(fc.constantFrom(...penalty.fields.map((f) => f.code)), fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 9 && c !== 10 && c !== 13), (code, c) => {
      const r = validateRow(penalty, row({ [code]: `前${String.fromCharCode(c)}后` }), TODAY);
      return !r.ok && r.errors.some((e) => e.field === code && e.code === 'CONTROL_CHARACTER' && e.en.includes('character 2'));
    }),
  );
});
