import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogHash, loadCatalogFiles } from './catalog.load.ts';

const CATALOG_DIR = fileURLToPath(new URL('../../../catalog/', import.meta.url));
const penaltyJson = (): Record<string, unknown> => JSON.parse(readFileSync(join(CATALOG_DIR, 'penalty.json'), 'utf8'));

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

function dirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'xinyong-catalog-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

type FieldJson = Record<string, unknown> & { code: string };
function fieldsOf(def: Record<string, unknown>): FieldJson[] {
  return def.fields as FieldJson[];
}

describe('loadCatalogFiles', () => {
  test('loads the built-in categories: 双公示 and the red and black lists', () => {
    const defs = loadCatalogFiles();
    assert.deepEqual(defs.map((d) => d.code).sort(), ['a-taxpayer', 'association-blacklist', 'association-member-rating', 'commitment-breach', 'dishonest-debtor', 'false-declaration', 'government-dishonesty', 'integrity-exemplar', 'license', 'penalty', 'professional-conduct', 'serious-dishonesty']);
    assert.deepEqual(defs.filter((d) => d.list).map((d) => `${d.code}:${d.list!.kind}:${d.publication.rule}`).sort(), [
      'a-taxpayer:red:list', 'association-blacklist:black:list', 'association-member-rating:red:list', 'dishonest-debtor:black:list', 'integrity-exemplar:red:list', 'serious-dishonesty:black:list',
    ]);
    for (const d of defs) assert.ok(Number.isInteger(d.version) && d.version >= 1);
  });

  test('the penalty category carries the national 双公示 field set', () => {
    const penalty = loadCatalogFiles().find((d) => d.code === 'penalty')!;
    assert.equal(penalty.name, '行政处罚');
    assert.deepEqual(
      penalty.fields.map((f) => f.code),
      [
        'CF_XDR_MC', 'CF_XDR_LB', 'CF_XDR_SHXYM', 'CF_XDR_GSZC', 'CF_XDR_ZZJG', 'CF_XDR_SWDJ', 'CF_XDR_SYDW',
        'CF_XDR_SHZZ', 'CF_FRDB', 'CF_FR_ZJLX', 'CF_FR_ZJHM', 'CF_XDR_ZJLX', 'CF_XDR_ZJHM', 'CF_WSH', 'CF_WFXW',
        'CF_SY', 'CF_YJ', 'CF_CFLB', 'CF_NR', 'CF_NR_FK', 'CF_NR_WFFF', 'CF_NR_ZKDX', 'CF_JDRQ', 'CF_YXQ',
        'CF_GSJZQ', 'CF_CFJG', 'CF_CFJGDM', 'CF_SJLY', 'CF_SJLYDM', 'BZ', 'SEVERITY',
      ],
    );
    const field = (code: string) => penalty.fields.find((f) => f.code === code)!;
    // ID numbers of persons and legal representatives are never shown in full
    assert.equal(field('CF_XDR_ZJHM').visibility, 'masked');
    assert.equal(field('CF_FR_ZJHM').visibility, 'masked');
    assert.deepEqual(
      field('CF_CFLB').codeList!.map((e) => e.value),
      [
        '警告', '通报批评', '罚款', '没收违法所得', '没收非法财物', '暂扣许可证件', '降低资质等级', '吊销许可证件',
        '限制开展生产经营活动', '责令停产停业', '责令关闭', '限制从业', '行政拘留', '其他行政处罚',
      ],
    );
    assert.equal(penalty.publication.persons, false);
  });

  test('the license category has its validity and status fields', () => {
    const license = loadCatalogFiles().find((d) => d.code === 'license')!;
    assert.equal(license.validFromField, 'XK_YXQZ');
    assert.equal(license.validUntilField, 'XK_YXQZI');
    assert.equal(license.refField, 'XK_WSH');
    assert.equal(license.statusField, 'XK_ZT');
  });

  test('rejects a requiredWhen that points to an unknown field', () => {
    const def = penaltyJson();
    const fk = fieldsOf(def).find((f) => f.code === 'CF_NR_FK')!;
    fk.requiredWhen = { field: 'CF_NO_SUCH', anyOf: ['罚款'] };
    const dir = dirWith({ 'penalty.json': def });
    assert.throws(() => loadCatalogFiles(dir), /penalty\.json.*CF_NR_FK\.requiredWhen\.field refers to unknown field CF_NO_SUCH/);
  });

  test('rejects a requiredWhen value that is not in the code list', () => {
    const def = penaltyJson();
    fieldsOf(def).find((f) => f.code === 'CF_NR_FK')!.requiredWhen = { field: 'CF_CFLB', anyOf: ['罚金'] };
    assert.throws(() => loadCatalogFiles(dirWith({ 'penalty.json': def })), /"罚金" is not a value of CF_CFLB/);
  });

  test('rejects duplicate field codes', () => {
    const def = penaltyJson();
    const fields = fieldsOf(def);
    fields.push({ ...fields[0], name: '另一个名称', aliases: [] });
    assert.throws(() => loadCatalogFiles(dirWith({ 'penalty.json': def })), /duplicate field code CF_XDR_MC/);
  });

  test('rejects an alias that another field already uses, even spelt with full-width brackets', () => {
    const def = penaltyJson();
    // 罚款金额（万元） is CF_NR_FK's name
    (fieldsOf(def).find((f) => f.code === 'BZ')!.aliases as string[]).push('罚款金额(万元)');
    assert.throws(() => loadCatalogFiles(dirWith({ 'penalty.json': def })), /"罚款金额\(万元\)" of BZ is already a code, name or alias of CF_NR_FK/);
  });

  test('rejects a code list spelling that means two values', () => {
    const def = penaltyJson();
    const lb = fieldsOf(def).find((f) => f.code === 'CF_XDR_LB')!;
    (lb.codeList as { value: string; accepts?: string[] }[])[1].accepts!.push('法人');
    assert.throws(() => loadCatalogFiles(dirWith({ 'penalty.json': def })), /spelling "法人" means both/);
  });

  test('rejects misspelt properties instead of ignoring them', () => {
    const def = penaltyJson();
    fieldsOf(def)[0].requireWhen = { field: 'CF_XDR_LB', anyOf: ['自然人'] };
    assert.throws(() => loadCatalogFiles(dirWith({ 'penalty.json': def })), /CF_XDR_MC: the field has unknown properties: requireWhen/);
  });

  test('rejects the same category defined in two files, and files that are not JSON', () => {
    const def = penaltyJson();
    assert.throws(() => loadCatalogFiles(dirWith({ 'a.json': def, 'b.json': def })), /b\.json: category "penalty" is already defined in a\.json/);
    assert.throws(() => loadCatalogFiles(dirWith({ 'broken.json': '{ "code": ' })), /broken\.json: not valid JSON/);
  });

  test('rejects a document field whose idTypeField is not an idType field', () => {
    const def = penaltyJson();
    fieldsOf(def).find((f) => f.code === 'CF_XDR_ZJHM')!.idTypeField = 'CF_XDR_MC';
    assert.throws(() => loadCatalogFiles(dirWith({ 'penalty.json': def })), /CF_XDR_ZJHM\.idTypeField CF_XDR_MC must be of type idType/);
  });
});

describe('catalogHash', () => {
  test('a list goes with publication rule "list" and 有效期至; category codes are kebab-case', () => {
    const dd = (): Record<string, unknown> => JSON.parse(readFileSync(join(CATALOG_DIR, 'dishonest-debtor.json'), 'utf8'));
    const noBlock = dd();
    delete noBlock.list;
    assert.throws(() => loadCatalogFiles(dirWith({ 'dd.json': noBlock })), /publication.rule "list" and the list block go together/);
    const noTerm = dd();
    delete noTerm.validUntilField;
    assert.throws(() => loadCatalogFiles(dirWith({ 'dd.json': noTerm })), /needs validUntilField/);
    const badKind = dd();
    (badKind.list as Record<string, unknown>).kind = 'grey';
    assert.throws(() => loadCatalogFiles(dirWith({ 'dd.json': badKind })), /list.kind must be one of red, black/);
    const badCode = dd();
    badCode.code = 'Dishonest_Debtor';
    assert.throws(() => loadCatalogFiles(dirWith({ 'dd.json': badCode })), /lower-case words/);
  });

  test('depends on the content, not on key order or formatting', () => {
    const builtIn = loadCatalogFiles().find((d) => d.code === 'penalty')!;
    const reordered = Object.fromEntries(Object.entries(penaltyJson()).reverse());
    const copy = loadCatalogFiles(dirWith({ 'penalty.json': reordered }))[0];
    assert.match(catalogHash(builtIn), /^[0-9a-f]{64}$/);
    assert.equal(catalogHash(copy), catalogHash(builtIn));

    const changed = penaltyJson();
    fieldsOf(changed).find((f) => f.code === 'CF_WSH')!.maxLength = 129;
    assert.notEqual(catalogHash(loadCatalogFiles(dirWith({ 'penalty.json': changed }))[0]), catalogHash(builtIn));
  });
});
