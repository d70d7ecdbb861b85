import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REGIONS, findRegion, isHebeiRegion, regionAncestors, regionLabel } from './region.ts';

const CITIES: Record<string, string> = {
  '130100': '石家庄市', '130200': '唐山市', '130300': '秦皇岛市', '130400': '邯郸市',
  '130500': '邢台市', '130600': '保定市', '130700': '张家口市', '130800': '承德市',
  '130900': '沧州市', '131000': '廊坊市', '131100': '衡水市',
};

describe('REGIONS', () => {
  test('one province and its 11 prefecture-level cities', () => {
    assert.deepEqual(REGIONS.filter((r) => r.level === 'province').map((r) => r.code), ['130000']);
    const cities = REGIONS.filter((r) => r.level === 'city' && !r.virtual);
    assert.deepEqual(Object.fromEntries(cities.map((r) => [r.code, r.name])), CITIES);
    for (const c of cities) assert.equal(c.parent, '130000');
  });

  test('167 county-level divisions, each under an existing city with a matching code prefix', () => {
    const counties = REGIONS.filter((r) => r.level === 'county');
    assert.equal(counties.length, 167);
    for (const c of counties) {
      assert.match(c.code, /^13\d{4}$/);
      const parent = findRegion(c.parent ?? '');
      assert.ok(parent && parent.level === 'city' && !parent.virtual, c.code);
      assert.equal(c.code.slice(0, 4), parent.code.slice(0, 4), c.code);
    }
    const suffix = (s: string) => counties.filter((c) => c.name.endsWith(s)).length;
    assert.equal(suffix('区'), 49);
    assert.equal(suffix('市'), 21);
    assert.equal(suffix('自治县'), 6);
  });

  test('codes are unique', () => {
    assert.equal(new Set(REGIONS.map((r) => r.code)).size, REGIONS.length);
  });

  test('current codes, not abolished ones', () => {
    const names: Record<string, string> = {
      '130102': '长安区', '130502': '襄都区', '130503': '信都区', '130505': '任泽区', '130506': '南和区',
      '130284': '滦州市', '130881': '平泉市', '130209': '曹妃甸区', '131103': '冀州区',
      '130629': '容城县', '130632': '安新县', '130638': '雄县',
    };
    for (const [code, name] of Object.entries(names)) assert.equal(findRegion(code)?.name, name, code);
    for (const gone of ['130182', '130223', '130521', '130421', '130682x', '130821x']) {
      assert.equal(findRegion(gone), undefined, gone);
    }
  });

  test('辛集 and 定州 are directly administered county-level cities, and the only ones', () => {
    assert.deepEqual(findRegion('130181'), { code: '130181', name: '辛集市', level: 'county', parent: '130100', directlyAdministered: true });
    assert.deepEqual(findRegion('130682'), { code: '130682', name: '定州市', level: 'county', parent: '130600', directlyAdministered: true });
    assert.deepEqual(REGIONS.filter((r) => r.directlyAdministered).map((r) => r.code), ['130181', '130682']);
  });

  test('雄安新区 is a virtual city-level region over three counties', () => {
    const xiongan = findRegion('133100');
    assert.deepEqual(xiongan, {
      code: '133100', name: '雄安新区', level: 'city', parent: '130000', virtual: true,
      members: ['130629', '130632', '130638'],
    });
    for (const m of xiongan?.members ?? []) assert.equal(findRegion(m)?.parent, '130600');
  });
});

describe('region look-ups', () => {
  test('findRegion and isHebeiRegion', () => {
    assert.equal(findRegion('130102')?.name, '长安区');
    assert.equal(findRegion('999999'), undefined);
    assert.equal(isHebeiRegion('130000'), true);
    assert.equal(isHebeiRegion(' 133100 '), true);
    assert.equal(isHebeiRegion('110000'), false);
    assert.equal(isHebeiRegion(''), false);
  });

  test('regionAncestors', () => {
    assert.deepEqual(regionAncestors('130102'), ['130100', '130000']);
    assert.deepEqual(regionAncestors('130181'), ['130100', '130000']);
    assert.deepEqual(regionAncestors('130629'), ['130600', '133100', '130000']);
    assert.deepEqual(regionAncestors('130638'), ['130600', '133100', '130000']);
    assert.deepEqual(regionAncestors('130100'), ['130000']);
    assert.deepEqual(regionAncestors('133100'), ['130000']);
    assert.deepEqual(regionAncestors('130000'), []);
    assert.deepEqual(regionAncestors('999999'), []);
  });

  test('regionLabel', () => {
    assert.equal(regionLabel('130102'), '河北省 石家庄市 长安区');
    assert.equal(regionLabel('130682'), '河北省 保定市 定州市');
    assert.equal(regionLabel('130100'), '河北省 石家庄市');
    assert.equal(regionLabel('133100'), '河北省 雄安新区');
    assert.equal(regionLabel('130000'), '河北省');
    assert.equal(regionLabel('999999'), '999999');
  });
});
