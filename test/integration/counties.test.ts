// County virtual platforms (issue 11): a county is a section of its city's node. Enable, disable
// and list (API, audited; refused outside the node's and the caller's region), the county's public
// section and its publications, its dashboard scope, and its records reaching the province through
// the city with the county as their region of origin. Two nodes on separate databases.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNode, type TestNode } from '../helpers/nodes.ts';
import { addTestDepartment, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { addNode, setUpstream, relayOnce, loadOutgoing, messageOf } from '../../src/modules/exchange/exchange.service.ts';
import { pendingOutbox } from '../../src/modules/exchange/exchange.store.ts';
import { enableCounty, listCounties } from '../../src/modules/counties/counties.service.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';
import type { Platform } from '../../src/platform.ts';
import { makeIo, type OutStream } from '../../src/cli/shared.ts';
import { countiesCommand } from '../../src/cli/counties.ts';

let prov: TestNode, sjz: TestNode;
let cityDep: Department, countyDep: Department, otherCountyDep: Department;
let cityOp: number, countyOp: number, bdOp: number, auditor: number;

const CITY = uscc('11130100MB0000001'); // 石家庄市市场监督管理局
const COUNTY = uscc('11130102MB0000003'); // 长安区市场监督管理局
const OTHER_COUNTY = uscc('11130104MB0000004'); // 桥西区市场监督管理局

// a penalty of department `dep` (its region: characters 3–8 of its code) on a company of that region
const row = (dep: string, i: number, name: string) => {
  const region = dep.slice(2, 8);
  return penaltyRow({ CF_WSH: `${region}罚〔2026〕${i}号`, CF_XDR_MC: `县级平台测试${region}${i}有限公司`, CF_XDR_SHXYM: uscc(`91${region}MA${String(i).padStart(7, '0')}`), CF_CFJG: name });
};

const as = async (t: TestNode, userId: number, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, cookies: { xy_session: await openSessionFor(t.p, userId) }, headers: { 'x-requested-with': 'xinyong' }, ...(payload ? { payload } : {}) });
const audits = async (p: Platform, action: string) => (await p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_event WHERE action = $1', [action]))!.n;
const staff = async (p: Platform, username: string, role: 'operator' | 'auditor', regionCode: string) =>
  (await createStaffUser(p, SYSTEM_ACTOR, null, { username, displayName: username, role, regionCode, password: 'County-Pass-2026', mustChangePassword: false })).user.id;

before(async () => {
  prov = await startNode('province', '130000');
  sjz = await startNode('city', '130100');
  cityDep = await addTestDepartment(sjz.p, CITY, '石家庄市市场监督管理局', '130100');
  countyDep = await addTestDepartment(sjz.p, COUNTY, '石家庄市长安区市场监督管理局', '130102');
  otherCountyDep = await addTestDepartment(sjz.p, OTHER_COUNTY, '石家庄市桥西区市场监督管理局', '130104');
  cityOp = await staff(sjz.p, 'county.cityop', 'operator', '130100');
  countyOp = await staff(sjz.p, 'county.changan', 'operator', '130102');
  bdOp = await staff(sjz.p, 'county.baoding', 'operator', '130600');
  auditor = await staff(sjz.p, 'county.auditor', 'auditor', '130100');
  await submitJsonBatch(sjz.p, SYSTEM_ACTOR, cityDep, 'penalty', [row(CITY, 1, cityDep.name)]);
  await submitJsonBatch(sjz.p, SYSTEM_ACTOR, countyDep, 'penalty', [row(COUNTY, 1, countyDep.name), row(COUNTY, 2, countyDep.name)]);
  await submitJsonBatch(sjz.p, SYSTEM_ACTOR, otherCountyDep, 'penalty', [row(OTHER_COUNTY, 1, otherCountyDep.name)]);
});
after(async () => {
  for (const n of [sjz, prov]) await n?.close();
});

describe('enable, disable, list', () => {
  test('an operator of the city enables a county of the city node, once, audited', async () => {
    const before = await audits(sjz.p, 'county.enable');
    const r = await as(sjz, cityOp, 'POST', '/api/v1/counties', { region: '130102' });
    assert.equal(r.statusCode, 200, r.body);
    const { county, changed } = r.json();
    assert.equal(changed, true);
    assert.deepEqual([county.region, county.name, county.city, county.state, county.departments], ['130102', '长安区', '130100', 'enabled', 1]);
    assert.equal(county.portalPath, '/county/130102');
    assert.equal(county.dashboardPath, '/work/monitoring/dashboard?county=130102');
    assert.equal(county.enabledBy, 'staff:county.cityop');
    // again: nothing changes, nothing audited
    const again = await as(sjz, cityOp, 'POST', '/api/v1/counties', { region: '130102' });
    assert.equal(again.json().changed, false);
    assert.equal(await audits(sjz.p, 'county.enable'), before + 1);
    const ev = await sjz.p.db.one<{ actor: string; target: string }>(`SELECT actor, target FROM audit_event WHERE action = 'county.enable' ORDER BY id DESC LIMIT 1`);
    assert.deepEqual(ev, { actor: 'staff:county.cityop', target: 'county:130102' });
  });

  test('a county outside the node, a city, an unknown or malformed code: refused with zh and en, nothing enabled', async () => {
    const before = await audits(sjz.p, 'county.enable');
    // a province-level operator on the city node may ask, but 保定's county is not this node's
    const provOp = await staff(sjz.p, 'county.provop', 'operator', '130000');
    for (const [region, code, status] of [
      ['130602', 'COUNTY_OUTSIDE_NODE', 400], // 保定市竞秀区
      ['130100', 'COUNTY_NOT_COUNTY', 400],
      ['133100', 'COUNTY_NOT_COUNTY', 400], // 雄安新区 is city-level
      ['139999', 'REGION_UNKNOWN', 400],
    ] as const) {
      const r = await as(sjz, provOp, 'POST', '/api/v1/counties', { region });
      assert.equal(r.statusCode, status, `${region}: ${r.body}`);
      const e = r.json().error;
      assert.equal(e.code, code, region);
      assert.match(e.message ?? e.zh ?? JSON.stringify(e), /./);
    }
    assert.equal((await as(sjz, provOp, 'POST', '/api/v1/counties', { region: '13a102' })).statusCode, 400); // schema
    // a county of the node but outside the caller's region
    const out = await as(sjz, bdOp, 'POST', '/api/v1/counties', { region: '130104' });
    assert.equal(out.statusCode, 403, out.body);
    assert.equal(out.json().error.code, 'REGION_OUT_OF_SCOPE');
    // a county's own staff may not enable its neighbour
    assert.equal((await as(sjz, countyOp, 'POST', '/api/v1/counties', { region: '130104' })).statusCode, 403);
    // an auditor reads but does not enable
    assert.equal((await as(sjz, auditor, 'POST', '/api/v1/counties', { region: '130104' })).statusCode, 403);
    assert.equal(await audits(sjz.p, 'county.enable'), before);
    assert.equal((await listCounties(sjz.p, { state: 'enabled' })).map((c) => c.region).join(), '130102');
  });

  test('the list: every county of the node with its state, narrowed to the caller’s region', async () => {
    const all = (await as(sjz, cityOp, 'GET', '/api/v1/counties')).json();
    assert.deepEqual(all.node, { role: 'city', region: '130100' });
    assert.equal(all.items.length, 22); // 石家庄's county-level divisions, 辛集 included
    assert.ok(all.items.every((c: { region: string }) => c.region.startsWith('1301')));
    assert.equal(all.items.find((c: { region: string }) => c.region === '130102').state, 'enabled');
    assert.equal(all.items.find((c: { region: string }) => c.region === '130104').state, 'none');
    const own = (await as(sjz, countyOp, 'GET', '/api/v1/counties')).json();
    assert.deepEqual(own.items.map((c: { region: string }) => c.region), ['130102']);
    assert.deepEqual((await as(sjz, bdOp, 'GET', '/api/v1/counties')).json().items, []);
    const enabled = (await as(sjz, auditor, 'GET', '/api/v1/counties?state=enabled')).json();
    assert.deepEqual(enabled.items.map((c: { region: string }) => c.region), ['130102']);
    // a province node hosts every county of Hebei; a national node none
    assert.equal((await listCounties(prov.p)).length, 167);
  });

  test('disable, then enable again: both audited; the departments and records stay', async () => {
    await enableCounty(sjz.p, SYSTEM_ACTOR, '130104');
    const d = await as(sjz, cityOp, 'POST', '/api/v1/counties/130104/disable');
    assert.equal(d.statusCode, 200, d.body);
    assert.deepEqual([d.json().changed, d.json().county.state], [true, 'disabled']);
    assert.equal((await as(sjz, cityOp, 'POST', '/api/v1/counties/130104/disable')).json().changed, false);
    assert.equal(await audits(sjz.p, 'county.disable'), 1);
    assert.equal((await as(sjz, bdOp, 'POST', '/api/v1/counties/130102/disable')).statusCode, 403);
    assert.equal((await sjz.app.inject({ method: 'GET', url: '/api/v1/public/counties/130104' })).statusCode, 404);
    const e = await as(sjz, cityOp, 'POST', '/api/v1/counties', { region: '130104' });
    assert.deepEqual([e.json().changed, e.json().county.state, e.json().county.disabledAt], [true, 'enabled', null]);
    const ev = await sjz.p.db.one<{ again: boolean }>(`SELECT (detail->>'again')::boolean AS again FROM audit_event WHERE action = 'county.enable' AND target = 'county:130104' ORDER BY id DESC LIMIT 1`);
    assert.equal(ev?.again, true);
    await as(sjz, cityOp, 'POST', '/api/v1/counties/130104/disable');
    assert.equal((await sjz.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM department WHERE region_code = $1', ['130104']))!.n, 1);
  });
});

describe('the county’s section of the public portal', () => {
  test('the enabled counties, one county’s departments and figures, its publications only', async () => {
    const list = (await sjz.app.inject({ method: 'GET', url: '/api/v1/public/counties' })).json();
    assert.deepEqual(list.items, [{ region: '130102', name: '长安区', label: '河北省 石家庄市 长安区', city: '130100' }]);
    const r = await sjz.app.inject({ method: 'GET', url: '/api/v1/public/counties/130102' });
    assert.equal(r.statusCode, 200, r.body);
    const c = r.json();
    assert.deepEqual(c.departments, [{ name: '石家庄市长安区市场监督管理局' }]);
    assert.equal(c.statistics.totals.publications, 2); // the county's two penalties, not the city's or 桥西's
    assert.equal(c.statistics.byMonth.reduce((n: number, m: { publications: number }) => n + m.publications, 0), 2);
    const all = (await sjz.app.inject({ method: 'GET', url: '/api/v1/public/publications' })).json();
    assert.equal(all.total, 4);
    const pubs = (await sjz.app.inject({ method: 'GET', url: '/api/v1/public/publications?region=130102' })).json();
    assert.equal(pubs.total, 2);
    assert.ok(pubs.items.every((i: { department: { name: string } }) => i.department.name === '石家庄市长安区市场监督管理局'));
    // a city's region takes in its counties
    assert.equal((await sjz.app.inject({ method: 'GET', url: '/api/v1/public/publications?region=130100' })).json().total, 4);
    const bad = await sjz.app.inject({ method: 'GET', url: '/api/v1/public/publications?region=139999' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'REGION_UNKNOWN');
    const none = await sjz.app.inject({ method: 'GET', url: '/api/v1/public/counties/130105' });
    assert.equal(none.statusCode, 404);
    assert.equal(none.json().error.code, 'COUNTY_NOT_ENABLED');
    // an unknown code or a city is a bad request naming the parameter, not a county "not enabled"
    for (const [code, expected] of [['139999', 'REGION_UNKNOWN'], ['130100', 'COUNTY_NOT_COUNTY']]) {
      const r = await sjz.app.inject({ method: 'GET', url: `/api/v1/public/counties/${code}` });
      assert.equal(r.statusCode, 400, r.body);
      const e = r.json().error;
      assert.equal(e.code, expected);
      assert.match(e.zh, new RegExp(`参数 code：.*${code}`));
      assert.match(e.en, new RegExp(`Parameter code: .*${code}`));
    }
  });
});

describe('the county’s dashboard scope', () => {
  test('an evaluation narrowed to the county: its departments and one summed row; refused outside scope or when not enabled', async () => {
    const r = await as(sjz, countyOp, 'GET', '/api/v1/monitoring/evaluations/2026-11?county=130102');
    assert.equal(r.statusCode, 200, r.body);
    const e = r.json();
    assert.deepEqual(e.departments.map((d: { uscc: string }) => d.uscc), [COUNTY]);
    assert.equal(e.regions.length, 1);
    const [row] = e.regions;
    assert.deepEqual([row.code, row.name, row.departments, row.rank], ['130102', '长安区', 1, null]);
    assert.equal(row.records, e.departments[0].records);
    assert.equal(row.due, e.departments[0].due);
    assert.equal(row.covered, e.departments[0].covered);
    // the city's operator sees the same scope; without ?county the county's staff get no city row
    assert.deepEqual((await as(sjz, cityOp, 'GET', '/api/v1/monitoring/evaluations/2026-11?county=130102')).json().regions.map((g: { code: string }) => g.code), ['130102']);
    assert.deepEqual((await as(sjz, countyOp, 'GET', '/api/v1/monitoring/evaluations/2026-11')).json().regions, []);
    const out = await as(sjz, bdOp, 'GET', '/api/v1/monitoring/evaluations/2026-11?county=130102');
    assert.equal(out.statusCode, 403);
    const off = await as(sjz, cityOp, 'GET', '/api/v1/monitoring/evaluations/2026-11?county=130104');
    assert.equal(off.statusCode, 404);
    assert.equal(off.json().error.code, 'COUNTY_NOT_ENABLED');
    // an unknown code is a bad request naming ?county, not "outside your scope"
    const unknown = await as(sjz, cityOp, 'GET', '/api/v1/monitoring/evaluations/2026-11?county=139999');
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.equal(unknown.json().error.code, 'REGION_UNKNOWN');
    assert.match(unknown.json().error.zh, /参数 county：.*139999/);
  });
});

describe('upward, through the city', () => {
  test('the county’s records reach the province with the county as their region of origin', async () => {
    const k = await addNode(prov.p, SYSTEM_ACTOR, { region: '130100', name: '石家庄市' });
    await setUpstream(sjz.p, SYSTEM_ACTOR, { url: prov.url, keyId: k.keyId, secret: k.secret });
    // the outbox payload: each entry's origin region is its department's county
    const msg = messageOf(sjz.p, await loadOutgoing(sjz.p, await pendingOutbox(sjz.p.db, 100)));
    const origins = new Map(msg.entries.map((e) => [e.department, e.origin.region]));
    assert.deepEqual(Object.fromEntries(origins), { [CITY]: '130100', [COUNTY]: '130102', [OTHER_COUNTY]: '130104' });
    assert.equal(msg.departments.find((d) => d.uscc === COUNTY)?.regionCode, '130102');
    const r = await relayOnce(sjz.p);
    assert.deepEqual([r.state, r.accepted, r.rejected], ['done', 4, 0], r.error);
    // the parent's filing keeps the county: its received rows and the department it registered
    const filed = await prov.p.db.query<{ region: string; n: number }>(
      `SELECT origin_region AS region, count(*)::int AS n FROM exchange_received WHERE department_uscc = $1 GROUP BY 1`,
      [COUNTY],
    );
    assert.deepEqual(filed, [{ region: '130102', n: 2 }]);
    const dep = await prov.p.db.one<{ region_code: string }>('SELECT region_code FROM department WHERE uscc = $1', [COUNTY]);
    assert.equal(dep?.region_code, '130102');
    // and the province's public figures count them for the county
    const pubs = (await prov.app.inject({ method: 'GET', url: '/api/v1/public/publications?region=130102' })).json();
    assert.equal(pubs.total, 2);
  });
});

describe('the command line', () => {
  // as `npx xinyong counties …` runs inside a serving node (the admin channel: the server's platform)
  const run = async (...argv: string[]) => {
    let out = '';
    const sink = { write: (c: string) => ((out += c), true) } as unknown as OutStream;
    const io = makeIo({ stdout: sink, stderr: sink, stdin: process.stdin, cwd: process.cwd(), actor: { id: 'cli:operator@city', kind: 'cli' }, platform: sjz.p });
    const code = await countiesCommand.run(argv, io);
    return { code: code ?? 0, out };
  };

  test('counties enable, list and disable, audited as the operating-system user', async () => {
    const e = await run('enable', '--region', '130105', '--json');
    assert.equal(e.code, 0, e.out);
    const r = JSON.parse(e.out);
    assert.deepEqual([r.changed, r.county.region, r.county.name, r.county.state, r.county.portalPath], [true, '130105', '新华区', 'enabled', '/county/130105']);
    const ev = await sjz.p.db.one<{ actor: string }>(`SELECT actor FROM audit_event WHERE action = 'county.enable' AND target = 'county:130105'`);
    assert.equal(ev?.actor, 'cli:operator@city');
    const list = JSON.parse((await run('list', '--state', 'enabled', '--json')).out);
    assert.deepEqual(list.items.map((c: { region: string }) => c.region), ['130102', '130105']);
    assert.match((await run('list')).out, /130105 {2}新华区 {2}已开设 enabled/);
    assert.equal((await run('list', '--state', 'bogus')).code, 2);
    await assert.rejects(run('enable', '--region', '130602'), (err: { code?: string }) => err.code === 'COUNTY_OUTSIDE_NODE');
    const d = JSON.parse((await run('disable', '--region', '130105', '--json')).out);
    assert.deepEqual([d.changed, d.county.state], [true, 'disabled']);
    assert.match((await run('disable', '--region', '130105')).out, /未开设，未改动/);
  });
});

