// Which counties a node may host (county virtual platforms, issue 11): pure rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCounty, countiesOfNode, regionInside } from './counties.rules.ts';

const city = { role: 'city', region: '130100' } as const;

test('a county of the city is hostable; a city, 雄安, an unknown, a malformed or another city’s code is not', () => {
  const ok = checkCounty(city, ' 130102 ');
  assert.ok(ok.ok && ok.county.name === '长安区');
  const codeOf = (raw: string, node: Parameters<typeof checkCounty>[0] = city) => {
    const r = checkCounty(node, raw);
    return r.ok ? 'ok' : r.error.code;
  };
  assert.equal(codeOf('130181'), 'ok'); // 辛集市: directly administered, still 石家庄's county-level division
  assert.equal(codeOf('130100'), 'COUNTY_NOT_COUNTY');
  assert.equal(codeOf('133100'), 'COUNTY_NOT_COUNTY');
  assert.equal(codeOf('130000'), 'COUNTY_NOT_COUNTY');
  assert.equal(codeOf('139999'), 'REGION_UNKNOWN');
  assert.equal(codeOf('1301O2'), 'COUNTY_CODE_INVALID');
  assert.equal(codeOf('130602'), 'COUNTY_OUTSIDE_NODE');
  // a province node hosts every county, a national node none; 雄安's counties are inside 雄安 and 保定
  assert.equal(codeOf('130602', { role: 'province', region: '130000' }), 'ok');
  assert.equal(codeOf('130102', { role: 'national', region: '100000' }), 'COUNTY_OUTSIDE_NODE');
  assert.equal(codeOf('130629', { role: 'city', region: '133100' }), 'ok');
  assert.equal(codeOf('130629', { role: 'city', region: '130600' }), 'ok');
  const e = checkCounty(city, '130602');
  assert.ok(!e.ok && /[\u4e00-\u9fa5]/.test(e.error.zh) && /county/i.test(e.error.en));
});

test('the counties of a node', () => {
  assert.equal(countiesOfNode(city).length, 22);
  assert.deepEqual(countiesOfNode({ role: 'city', region: '133100' }).map((r) => r.code), ['130629', '130632', '130638']);
  assert.equal(countiesOfNode({ role: 'province', region: '130000' }).length, 167);
  assert.deepEqual(countiesOfNode({ role: 'national', region: '100000' }), []);
  assert.ok(regionInside('130100', '130100') && regionInside('130000', '130102') && !regionInside('130102', '130100'));
});
