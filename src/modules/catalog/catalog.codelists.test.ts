// Shared code lists (catalog/codelists/): the occupation list checked at load, a field's
// codeListRef filled from it, and occupational records grouped by occupation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CatalogDefinitionError, expandCodeListRefs, loadCatalogFiles } from './catalog.load.ts';
import { CodeListDefinitionError, groupByOccupation, occupationList, parseCodeList } from './catalog.codelists.ts';
import { validateRow } from './catalog.rows.ts';

const raw = () => JSON.parse(readFileSync(fileURLToPath(new URL('../../../catalog/codelists/occupations.json', import.meta.url)), 'utf8'));

test('the occupation list: 14 groups, unique codes and spellings, GB/T 6565 codes well formed or null', () => {
  const list = occupationList();
  assert.equal(list.entries.length, 14);
  assert.equal(new Set(list.entries.map((e) => e.code)).size, 14);
  assert.ok(list.entries.every((e) => e.gbt6565 === null || /^\d(-\d{2}){0,3}$/.test(e.gbt6565)));
});

test('a list with a spelling naming two occupations, a bad GB/T code or no competent kind is refused, naming the entry', () => {
  const twice = raw();
  twice.entries[1].accepts.push('律师');
  assert.throws(() => parseCodeList(twice, 'codelists/occupations.json'), (e: Error) => e instanceof CodeListDefinitionError && /entries\[2\].*"律师" already names legal-representative/.test(e.message));
  const badCode = raw();
  badCode.entries[2].gbt6565 = '2080103';
  assert.throws(() => parseCodeList(badCode, 'x'), /entries\[2\]\.gbt6565/);
  const noKind = raw();
  noKind.entries[0].competentKinds = [];
  assert.throws(() => parseCodeList(noKind, 'x'), /entries\[0\]\.competentKinds/);
});

test('codeListRef fills the field from the list; an unknown list or a codeList beside it is refused', () => {
  const lists = new Map([['occupations', occupationList()]]);
  const def = { code: 'x', fields: [{ code: 'OCC', codeListRef: 'occupations' }] };
  const out = expandCodeListRefs(def, lists, 'x.json') as { fields: { codeList: { value: string; key: string }[] }[] };
  assert.equal(out.fields[0]!.codeList.length, 14);
  assert.deepEqual(out.fields[0]!.codeList[2], { value: '律师', key: 'lawyer', accepts: ['lawyer', '执业律师'], codes: [occupationList().entries[2]!.gbt6565!] });
  assert.throws(() => expandCodeListRefs({ fields: [{ code: 'OCC', codeListRef: 'jobs' }] }, lists, 'x.json'), (e: Error) => e instanceof CatalogDefinitionError && /names no list/.test(e.message));
  assert.throws(() => expandCodeListRefs({ fields: [{ code: 'OCC', codeListRef: 'occupations', codeList: [] }] }, lists, 'x.json'), /both codeListRef and codeList/);
});

test('an occupation is accepted by name, code or other spelling and stored as the Chinese name; anything else is CODE_LIST_INVALID', () => {
  const def = loadCatalogFiles().find((c) => c.code === 'professional-conduct')!;
  const occ = def.fields.find((f) => f.code === 'OCCUPATION')!;
  assert.equal(occ.codeListRef, 'occupations');
  const base = { ZY_XM: '李某', ZY_LB: '自然人', ZY_ZJLX: '居民身份证', ZY_ZJHM: '11010519491231002X', CERT_NO: 'A1', ZY_JLLB: '表彰奖励', ZY_WSH: '1', ZY_SY: 's', ZY_NR: 'n', ZY_JDRQ: '2026-01-01', ZY_JDJG: 'j', ZY_JDJGDM: '11100000000013127D', ZY_SJLY: 'j' };
  for (const spelling of ['导游', 'tour-guide', '导游员']) {
    const r = validateRow(def, { ...base, OCCUPATION: spelling }, '2026-11-20');
    assert.equal(r.ok ? r.record.fields.OCCUPATION : JSON.stringify(r), '导游');
  }
  const bad = validateRow(def, { ...base, OCCUPATION: '主播' }, '2026-11-20');
  assert.ok(!bad.ok && bad.errors.some((e) => e.field === 'OCCUPATION' && e.code === 'CODE_LIST_INVALID'));
});

test('grouping: by occupation in the list’s order, certificates once each, records without occupation left out', () => {
  const def = { fields: [{ code: 'OCCUPATION', codeListRef: 'occupations' }, { code: 'CERT_NO' }] } as never;
  const recs: { category: string; fields: Record<string, string> }[] = [
    { category: 'pc', fields: { OCCUPATION: '导游', CERT_NO: 'D-1' } },
    { category: 'pc', fields: { OCCUPATION: '律师', CERT_NO: 'L-1' } },
    { category: 'pc', fields: { OCCUPATION: '导游', CERT_NO: 'D-1' } },
    { category: 'pc', fields: { OCCUPATION: '' } },
    { category: 'penalty', fields: { OCCUPATION: '律师' } },
  ];
  const g = groupByOccupation(recs, (c) => (c === 'pc' ? def : { fields: [] }));
  assert.deepEqual(g.map((x) => [x.occupation.code, x.certificates, x.records.length]), [['lawyer', ['L-1'], 1], ['tour-guide', ['D-1'], 2]]);
});

test('usccPrefixes: government-dishonesty takes only codes beginning 11; the property is checked at load', async () => {
  const { parseCategory } = await import('./catalog.load.ts');
  const def = loadCatalogFiles().find((c) => c.code === 'government-dishonesty')!;
  const base = { ZW_MC: '某局', ZW_LB: '政府机构', ZW_SXLX: '政府合同违约', ZW_WSH: '1', ZW_SY: 's', ZW_NR: 'n', ZW_RDRQ: '2026-01-01', ZW_RDJG: 'j', ZW_RDJGDM: '11100000000013127D', ZW_SJLY: 'j' };
  assert.ok(validateRow(def, { ...base, ZW_SHXYM: '11100000000013127D' }, '2026-11-20').ok);
  const bad = validateRow(def, { ...base, ZW_SHXYM: '91110000100000589A' }, '2026-11-20');
  assert.ok(!bad.ok && bad.errors.some((e) => e.field === 'ZW_SHXYM' && e.code === 'USCC_PREFIX_NOT_ALLOWED'), JSON.stringify(bad));
  const raw = JSON.parse(readFileSync(fileURLToPath(new URL('../../../catalog/government-dishonesty.json', import.meta.url)), 'utf8'));
  raw.fields.find((f: { code: string }) => f.code === 'ZW_SXLX').usccPrefixes = ['11'];
  assert.throws(() => parseCategory(raw, 'g.json'), /usccPrefixes is only allowed for uscc fields/);
});
