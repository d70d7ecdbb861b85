import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalogFiles } from '../catalog/catalog.load.ts';
import { loadMeasureFiles, loadVocabulary, measureHash, parseMeasure } from './measures.load.ts';

const catalog = loadCatalogFiles();
const vocab = loadVocabulary();
const fail = (msg: string): never => {
  throw new Error(msg);
};
const base = {
  id: 'x-test',
  kind: 'punishment',
  type: 'administrative',
  name: '限制',
  content: '内容',
  basis: '依据',
  implementers: ['finance'],
  scenarios: ['procurement'],
  triggers: [{ list: 'dishonest-debtor' }],
};

test('the built-in measures load, each with a legal basis, implementers, scenarios and triggers', () => {
  const { measures } = loadMeasureFiles(catalog);
  const ids = measures.map((m) => m.id);
  for (const id of ['dd-exit-restriction', 'dd-real-estate', 'dd-flights', 'dd-high-grade-trains', 'dd-travel', 'dd-hotels', 'dd-high-consumption', 'dd-procurement', 'dd-bidding',
    'sd-license-scrutiny', 'sd-bonds', 'sd-financial-institutions', 'sd-fiscal-funds', 'sd-procurement', 'sd-bidding', 'sd-honours', 'sd-market-ban',
    'rw-green-channel', 'rw-tolerance-acceptance', 'rw-fewer-inspections', 'rw-funding-priority', 'rw-trading-bonus'])
    assert.ok(ids.includes(id), id);
  // procurement and bidding restrictions are implemented by public-resource-trading and finance
  for (const id of ['dd-procurement', 'dd-bidding', 'sd-procurement', 'sd-bidding']) {
    const m = measures.find((x) => x.id === id)!;
    assert.ok(m.implementers.includes('public-resource-trading') && m.implementers.includes('finance'), id);
  }
  assert.equal(measures.find((m) => m.id === 'dd-flights')!.memorandum?.docNo, '发改财金〔2016〕141号');
  assert.deepEqual(measures.find((m) => m.id === 'sd-market-ban')!.triggers, [{ list: 'serious-dishonesty', via: 'legal_representative' }]);
});

test('a definition is checked: vocabulary, list kinds against reward/punishment, categories with severities', () => {
  assert.equal(parseMeasure(base, vocab, catalog, fail).id, 'x-test');
  assert.throws(() => parseMeasure({ ...base, implementers: ['financ'] }, vocab, catalog, fail), /unknown financ/);
  assert.throws(() => parseMeasure({ ...base, scenarios: ['shopping'] }, vocab, catalog, fail), /unknown shopping/);
  assert.throws(() => parseMeasure({ ...base, kind: 'reward' }, vocab, catalog, fail), /cannot be triggered by the black list/);
  assert.throws(() => parseMeasure({ ...base, triggers: [{ list: 'penalty' }] }, vocab, catalog, fail), /not a list category/);
  assert.throws(() => parseMeasure({ ...base, triggers: [{ category: 'license', severities: ['serious'], months: 12 }] }, vocab, catalog, fail), /not a category with severities/);
  assert.throws(() => parseMeasure({ ...base, triggers: [{ category: 'penalty', severities: ['serious'] }] }, vocab, catalog, fail), /months/);
  assert.throws(() => parseMeasure({ ...base, triggers: [{ condition: 'clean-record' }] }, vocab, catalog, fail), /only triggers rewards/);
  assert.throws(() => parseMeasure({ ...base, colour: 'red' }, vocab, catalog, fail), /unknown properties: colour/);
  assert.throws(() => parseMeasure({ ...base, id: 'Bad Id' }, vocab, catalog, fail), /lower-case/);
});

test('the hash ignores key order', () => {
  const a = parseMeasure(base, vocab, catalog, fail);
  const b = parseMeasure(Object.fromEntries(Object.entries(base).reverse()), vocab, catalog, fail);
  assert.equal(measureHash(a), measureHash(b));
});

test('associations’ measures: the six of 冀社信发〔2018〕2号 四(七), industry measures of associations only, counting only the association’s own records', () => {
  const { measures } = loadMeasureFiles(catalog);
  const own = measures.filter((m) => m.implementers.includes('association'));
  assert.deepEqual(own.map((m) => m.name).sort(), ['不予接纳', '信用警示', '公开谴责', '劝退', '警告', '通报批评'].sort());
  for (const m of own) {
    assert.equal(m.type, 'industry', m.id);
    assert.deepEqual(m.implementers, ['association'], m.id);
    assert.ok(m.triggers.every((t) => 'provider' in t && t.provider === 'checker'), m.id);
  }
  const assoc = { ...base, type: 'industry', implementers: ['association'], scenarios: ['member_management'], triggers: [{ list: 'association-blacklist', provider: 'checker' }] };
  assert.equal(parseMeasure(assoc, vocab, catalog, fail).triggers[0] && 'provider' in parseMeasure(assoc, vocab, catalog, fail).triggers[0]!, true);
  assert.throws(() => parseMeasure({ ...assoc, triggers: [{ list: 'association-blacklist' }] }, vocab, catalog, fail), /provider: checker/);
  assert.throws(() => parseMeasure({ ...assoc, type: 'administrative' }, vocab, catalog, fail), /type industry/);
  assert.throws(() => parseMeasure({ ...assoc, implementers: ['association', 'finance'] }, vocab, catalog, fail), /no other implementers/);
  assert.throws(() => parseMeasure({ ...assoc, triggers: [{ list: 'association-blacklist', provider: 'anyone' }] }, vocab, catalog, fail), /provider must be checker/);
});
