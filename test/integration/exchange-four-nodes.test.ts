// Federation with four nodes (issue 11): two cities (石家庄, 唐山) → the province → the national
// node, each on its own database, over HTTP. Upward: steady flow to the national node; the
// province down while a city imports, then up; duplicated and reordered deliveries; a rejected
// entry; the province failing mid-receive (an injected failure between filing and answering,
// and an answer lost after filing): nothing lost, nothing doubled. Downward: a provincial black
// list entry and a national one reach both cities' credit checks; a measure revision, a
// directory revision and a holiday notice reach the cities; a revocation at the province of a
// record a city sent up reaches that city. A county virtual platform (长安区) on 石家庄's node: its
// record reaches the province and the national node once, keeping the county as its region of
// origin, and a revocation at the national node comes back down to the county's public section.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startNode, startLink, type TestNode, type Link } from '../helpers/nodes.ts';
import { addTestDepartment, uscc, orgUscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { currentVersionForUpdate, insertStatusVersion } from '../../src/modules/collection/records.store.ts';
import { runCheck } from '../../src/modules/sanctions/checks.service.ts';
import { setEntry } from '../../src/modules/monitoring/directory.service.ts';
import { loadHolidayNotice } from '../../src/modules/calendar/calendar.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { enableCounty } from '../../src/modules/counties/counties.service.ts';
import { addNode, setUpstream, pullFeed, relayOnce, exchangeStatus, messageOf, loadOutgoing, listRejected, feedFor } from '../../src/modules/exchange/exchange.service.ts';
import { pendingOutbox, activeNodeOfRegion } from '../../src/modules/exchange/exchange.store.ts';
import { feedItemCounts } from '../../src/modules/exchange/feed.store.ts';
import { signNodeRequest, EXCHANGE_PATH } from '../../src/modules/exchange/exchange.rules.ts';
import type { Platform } from '../../src/platform.ts';

let nat: TestNode, prov: TestNode, sjz: TestNode, ts: TestNode;
let sjzLink: Link;
let sjzMarket: Department, countyMarket: Department, tsMarket: Department, provCourt: Department, natCourt: Department, sjzFinance: Department, tsFinance: Department;
const keys: Record<string, { keyId: string; secret: string }> = {};

const SJZ_DEP = uscc('11130100MB0004N01');
const TS_DEP = uscc('11130200MB0004N02');
const COUNTY = '130102'; // 长安区, a county virtual platform on 石家庄's node
const COUNTY_DEP = uscc('11130102MB0004N07');
const COUNTY_REF = '长安市监罚〔2026〕Q1号';
const rowS = (i: number, over: Record<string, string> = {}) =>
  penaltyRow({ CF_WSH: `石市监罚〔2026〕Q${i}号`, CF_XDR_MC: `石家庄四节点${i}有限公司`, CF_XDR_SHXYM: uscc(`91130100MA${String(i).padStart(7, '0')}`), CF_CFJG: '石家庄市市场监督管理局', ...over });
const rowT = (i: number, over: Record<string, string> = {}) =>
  penaltyRow({ CF_WSH: `唐市监罚〔2026〕Q${i}号`, CF_XDR_MC: `唐山四节点${i}有限公司`, CF_XDR_SHXYM: uscc(`91130200MA${String(i).padStart(7, '0')}`), CF_CFJG: '唐山市市场监督管理局', ...over });
const ddRow = (org: string, name: string, caseNo: string, court: string) => ({
  ZTMC: name,
  ZTLB: '法人及非法人组织',
  TYSHXYDM: org,
  FDDBR: '孙某',
  AH: caseNo,
  ZXFY: court,
  ZXYJWH: '（2025）冀民初4N号',
  ZCZXYJDW: court,
  LASJ: '2026-01-10',
  SXYW: '支付货款人民币60万元',
  LXQK: '全部未履行',
  SXQX: '有履行能力而拒不履行生效法律文书确定义务',
  RDRQ: '2026-03-01',
  YXQZ: '2027-03-01',
});

const count = async (p: Platform, sql: string, params: unknown[] = []) => (await p.db.one<{ n: number }>(sql, params))!.n;
const refsAt = (p: Platform, prefix: string) => count(p, `SELECT count(DISTINCT source_ref)::int AS n FROM record WHERE source_ref LIKE $1`, [`${prefix}%`]);
const versionsAt = (p: Platform, prefix: string) => count(p, `SELECT count(DISTINCT (source_ref, version))::int AS n FROM record WHERE source_ref LIKE $1`, [`${prefix}%`]);
const measuresAt = async (n: TestNode, dep: Department, subject: string) => (await runCheck(n.p, SYSTEM_ACTOR, dep, { subject, scenario: 'procurement' })).measures.map((m) => m.measureId).sort();
// this machine is shared and loaded: a request may take longer than the relay's own 60 s bound
// and than fetch's 300 s for the answer's headers, so the test talks plain HTTP without a bound
const request = (url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
const send = (url: string, headers: Record<string, string>, body: string) => request(url, 'POST', headers, body);
const get = (url: string, headers: Record<string, string>) => request(url, 'GET', headers);
const relay = (p: Platform, o: { ignoreBackoff?: boolean } = {}) => relayOnce(p, { ...o, send });
const pull = (p: Platform, o: { maxPages?: number } = {}) => pullFeed(p, { ...o, get });
// everything pending goes up one level, then the next
const relayAll = async (...ps: Platform[]) => {
  for (const p of ps) {
    const r = await relay(p, { ignoreBackoff: true });
    assert.notEqual(r.state, 'failed', r.error);
  }
};
const pullAll = async (...ps: Platform[]) => {
  for (const p of ps) {
    const r = await pull(p);
    assert.equal(r.state, 'done', r.error);
  }
};

before(async () => {
  nat = await startNode('national', '100000');
  prov = await startNode('province', '130000');
  sjz = await startNode('city', '130100');
  ts = await startNode('city', '130200');
  sjzLink = await startLink(prov.url);
  const kp = await addNode(nat.p, SYSTEM_ACTOR, { region: '130000', name: '河北省' });
  await setUpstream(prov.p, SYSTEM_ACTOR, { url: nat.url, keyId: kp.keyId, secret: kp.secret });
  for (const [region, name] of [['130100', '石家庄市'], ['130200', '唐山市']] as const) {
    const k = await addNode(prov.p, SYSTEM_ACTOR, { region, name, alg: region === '130200' ? 'hmac-sm3' : undefined });
    keys[region] = { keyId: k.keyId, secret: k.secret };
  }
  await setUpstream(sjz.p, SYSTEM_ACTOR, { url: sjzLink.url, ...keys['130100']! });
  await setUpstream(ts.p, SYSTEM_ACTOR, { url: prov.url, ...keys['130200']!, alg: 'hmac-sm3' });
  sjzMarket = await addTestDepartment(sjz.p, SJZ_DEP, '石家庄市市场监督管理局', '130100');
  tsMarket = await addTestDepartment(ts.p, TS_DEP, '唐山市市场监督管理局', '130200');
  countyMarket = await addTestDepartment(sjz.p, COUNTY_DEP, '石家庄市长安区市场监督管理局', COUNTY);
  await enableCounty(sjz.p, SYSTEM_ACTOR, COUNTY);
  sjzFinance = await addDepartment(sjz.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0004N03'), name: '石家庄市财政局', regionCode: '130100', kinds: ['finance'] });
  tsFinance = await addDepartment(ts.p.db, SYSTEM_ACTOR, { uscc: uscc('11130200MB0004N04'), name: '唐山市财政局', regionCode: '130200', kinds: ['finance'] });
  provCourt = await addDepartment(prov.p.db, SYSTEM_ACTOR, { uscc: uscc('11130000MB0004N05'), name: '河北省高级人民法院', regionCode: '130000', kinds: ['court'] });
  // the region table holds Hebei's codes only: the national court is registered under 130000 there
  natCourt = await addDepartment(nat.p.db, SYSTEM_ACTOR, { uscc: uscc('11100000MB0004N06'), name: '最高人民法院', regionCode: '130000', kinds: ['court'] });
});
after(async () => {
  await sjzLink?.close();
  for (const n of [ts, sjz, prov, nat]) await n?.close();
});

describe('upward, four nodes', () => {
  test('steady flow: both cities’ records reach the province and the national node once, keeping their origin', async () => {
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, sjzMarket, 'penalty', [rowS(1), rowS(2), rowS(3)]);
    await submitJsonBatch(ts.p, SYSTEM_ACTOR, tsMarket, 'penalty', [rowT(1), rowT(2)]);
    await relayAll(sjz.p, ts.p, prov.p);
    for (const n of [prov, nat]) {
      assert.equal(await refsAt(n.p, '石市监罚〔2026〕Q'), 3);
      assert.equal(await refsAt(n.p, '唐市监罚〔2026〕Q'), 2);
    }
    const origins = await nat.p.db.query<{ origin: string; n: number }>(
      `SELECT origin_region AS origin, count(*)::int AS n FROM exchange_received GROUP BY origin_region ORDER BY origin_region`,
    );
    assert.deepEqual(origins, [{ origin: '130100', n: 3 }, { origin: '130200', n: 2 }]);
  });

  test('a county virtual platform on the city: its record reaches the province and the national node once, keeping the county', async () => {
    const row = penaltyRow({ CF_WSH: COUNTY_REF, CF_XDR_MC: '长安区四节点有限公司', CF_XDR_SHXYM: uscc('91130102MA0004N01'), CF_CFJG: countyMarket.name });
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, countyMarket, 'penalty', [row]);
    await relayAll(sjz.p, prov.p);
    // relayed again (and the same message posted again): nothing more is filed anywhere
    await relayAll(sjz.p, prov.p);
    for (const n of [prov, nat]) {
      assert.equal(await versionsAt(n.p, COUNTY_REF), 1);
      const got = await n.p.db.query<{ origin: string; outcome: string }>(
        `SELECT origin_region AS origin, outcome FROM exchange_received WHERE source_ref = $1`,
        [COUNTY_REF],
      );
      assert.deepEqual(got, [{ origin: COUNTY, outcome: 'accepted' }]);
      const dep = await n.p.db.one<{ region: string }>('SELECT region_code AS region FROM department WHERE uscc = $1', [COUNTY_DEP]);
      assert.equal(dep?.region, COUNTY);
      // each node's public publications narrowed to the county find it
      const pubs = (await n.app.inject({ method: 'GET', url: `/api/v1/public/publications?region=${COUNTY}` })).json() as { total: number };
      assert.equal(pubs.total, 1);
    }
    // the county's own section of the city's portal shows it
    const section = await sjz.app.inject({ method: 'GET', url: `/api/v1/public/publications?region=${COUNTY}` });
    assert.equal((section.json() as { total: number }).total, 1);
  });

  test('the province down while a city imports, then up: the city works on; everything arrives once, oldest first', async () => {
    sjzLink.cut();
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, sjzMarket, 'penalty', [rowS(10), rowS(11)]);
    assert.equal((await relay(sjz.p)).state, 'failed');
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, sjzMarket, 'penalty', [rowS(10, { CF_NR: '罚款人民币陆万元', CF_NR_FK: '6' }), rowS(12)]);
    assert.equal((await relay(sjz.p, { ignoreBackoff: true })).state, 'failed');
    assert.equal((await exchangeStatus(sjz.p)).upstream!.pending, 4);
    // the city serves its own checks meanwhile
    assert.deepEqual(await measuresAt(sjz, sjzFinance, rowS(10).CF_XDR_SHXYM!), []);
    sjzLink.restore();
    await relayAll(sjz.p, prov.p);
    const st = await exchangeStatus(sjz.p);
    assert.deepEqual([st.upstream!.pending, st.upstream!.lastError], [0, null]);
    for (const n of [prov, nat]) {
      assert.equal(await refsAt(n.p, '石市监罚〔2026〕Q1'), 4); // Q1, Q10 (two versions), Q11, Q12
      const c = await n.p.db.one<{ version: number; fk: string }>(`SELECT version, fields->>'CF_NR_FK' AS fk FROM record WHERE source_ref = $1 AND superseded_at IS NULL`, ['石市监罚〔2026〕Q10号']);
      assert.deepEqual(c, { version: 2, fk: '6' });
    }
  });

  test('duplicated and reordered deliveries change nothing', async () => {
    await submitJsonBatch(ts.p, SYSTEM_ACTOR, tsMarket, 'penalty', [rowT(20)]);
    const older = JSON.stringify(messageOf(ts.p, await loadOutgoing(ts.p, await pendingOutbox(ts.p.db, 100))));
    await relayAll(ts.p);
    await submitJsonBatch(ts.p, SYSTEM_ACTOR, tsMarket, 'penalty', [rowT(20, { CF_NR: '罚款人民币玖万元', CF_NR_FK: '9' })]);
    const newer = JSON.stringify(messageOf(ts.p, await loadOutgoing(ts.p, await pendingOutbox(ts.p.db, 100))));
    await relayAll(ts.p);
    const before = await count(prov.p, 'SELECT count(*)::int AS n FROM record');
    // the newer batch again, then the older one after it, twice each
    for (const body of [newer, older, newer, older]) {
      const headers = signNodeRequest({ signingKeyId: keys['130200']!.keyId, secret: keys['130200']!.secret, alg: 'hmac-sm3' }, { method: 'POST', path: EXCHANGE_PATH, body, at: prov.p.now() });
      const res = await send(prov.url + EXCHANGE_PATH, headers, body);
      assert.equal(res.status, 200);
      assert.deepEqual((JSON.parse(res.text) as { results: { outcome: string }[] }).results.map((r) => r.outcome), ['duplicate']);
    }
    assert.equal(await count(prov.p, 'SELECT count(*)::int AS n FROM record'), before);
    const c = await prov.p.db.one<{ version: number; fk: string }>(`SELECT version, fields->>'CF_NR_FK' AS fk FROM record WHERE source_ref = $1 AND superseded_at IS NULL`, ['唐市监罚〔2026〕Q20号']);
    assert.deepEqual(c, { version: 2, fk: '9' });
    await relayAll(prov.p);
    assert.equal(await versionsAt(nat.p, '唐市监罚〔2026〕Q20号'), 2);
  });

  test('a rejected entry stays visible at the city and the province, and goes no further', async () => {
    await submitJsonBatch(ts.p, SYSTEM_ACTOR, tsMarket, 'penalty', [rowT(30)]);
    await ts.p.db.query(`UPDATE record SET fields = fields - 'CF_NR' WHERE source_ref = '唐市监罚〔2026〕Q30号'`);
    const r = await relay(ts.p);
    assert.deepEqual([r.accepted, r.rejected], [0, 1]);
    assert.deepEqual((await listRejected(ts.p)).outbox.map((e) => e.ref), ['唐市监罚〔2026〕Q30号']);
    assert.deepEqual((await listRejected(prov.p)).received.map((e) => [e.node, e.ref]), [['130200', '唐市监罚〔2026〕Q30号']]);
    await relayAll(prov.p);
    assert.equal(await refsAt(nat.p, '唐市监罚〔2026〕Q30号'), 0);
  });

  test('the province fails between filing and answering: rolled back, sent again, filed once', async () => {
    // an injected failure at the end of the province's filing transaction, after the records were
    // written and before the answer: the transaction rolls back as when the process dies there
    await prov.p.db.query(`CREATE FUNCTION test_fail_receive() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected: the province dies mid-receive'; END $$`);
    await prov.p.db.query('CREATE TRIGGER test_fail_receive AFTER INSERT ON exchange_received FOR EACH STATEMENT EXECUTE FUNCTION test_fail_receive()');
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, sjzMarket, 'penalty', [rowS(40), rowS(41), rowS(42)]);
    const failed = await relay(sjz.p);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error!, /HTTP 500/);
    assert.equal(await refsAt(prov.p, '石市监罚〔2026〕Q4'), 0); // nothing filed
    assert.equal((await exchangeStatus(sjz.p)).upstream!.pending, 3);
    await prov.p.db.query('DROP TRIGGER test_fail_receive ON exchange_received');
    await prov.p.db.query('DROP FUNCTION test_fail_receive()');
    // the province files, then its answer is lost on the way back (it dies before answering)
    sjzLink.holdMs = 3_000;
    const lost = relay(sjz.p, { ignoreBackoff: true });
    const until = Date.now() + 120_000;
    while ((await refsAt(prov.p, '石市监罚〔2026〕Q4')) < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    sjzLink.cut();
    assert.equal((await lost).state, 'failed');
    sjzLink.restore();
    sjzLink.holdMs = 0;
    const again = await relay(sjz.p, { ignoreBackoff: true });
    assert.deepEqual([again.state, again.accepted, again.duplicate], ['done', 0, 3]);
    await relayAll(prov.p);
    for (const n of [prov, nat]) assert.equal(await versionsAt(n.p, '石市监罚〔2026〕Q4'), 3);
    assert.equal((await exchangeStatus(sjz.p)).upstream!.pending, 0);
  });
});

describe('downward, four nodes', () => {
  const PROV_ORG = orgUscc('91', '130200', 'MA0FN001');
  const NAT_ORG = orgUscc('91', '130100', 'MA0FN002');

  test('a provincial and a national black list entry reach both cities’ credit checks', async () => {
    const a = await submitJsonBatch(prov.p, SYSTEM_ACTOR, provCourt, 'dishonest-debtor', [ddRow(PROV_ORG, '四节点省级失信公司', '（2026）冀执4N1号', '河北省高级人民法院')]);
    const b = await submitJsonBatch(nat.p, SYSTEM_ACTOR, natCourt, 'dishonest-debtor', [ddRow(NAT_ORG, '四节点全国失信公司', '（2026）最高法执4N2号', '最高人民法院')]);
    assert.deepEqual([a.counts.created, b.counts.created], [1, 1]);
    for (const [n, dep] of [[sjz, sjzFinance], [ts, tsFinance]] as const) assert.deepEqual(await measuresAt(n, dep, PROV_ORG), []);
    await pullAll(prov.p, sjz.p, ts.p);
    for (const [n, dep] of [[sjz, sjzFinance], [ts, tsFinance]] as const) {
      assert.deepEqual(await measuresAt(n, dep, PROV_ORG), ['dd-procurement']);
      assert.deepEqual(await measuresAt(n, dep, NAT_ORG), ['dd-procurement']);
    }
    // nothing pulled goes back up: the province's own entry does, the national one is not echoed
    await relayAll(sjz.p, ts.p, prov.p);
    const atNational = await nat.p.db.query<{ ref: string }>(`SELECT source_ref AS ref FROM record WHERE category = 'dishonest-debtor'`);
    assert.deepEqual(atNational.map((r) => r.ref).sort(), ['（2026）冀执4N1号', '（2026）最高法执4N2号'].sort());
    assert.equal(await count(prov.p, `SELECT count(*)::int AS n FROM record WHERE category = 'dishonest-debtor'`), 2);
  });

  test('a measure revision at the province reaches the cities’ checks; replayed, it writes nothing', async () => {
    await prov.p.measures.change(SYSTEM_ACTOR, 'dd-procurement', { active: false }, '四节点测试：暂停');
    const before = await count(sjz.p, `SELECT count(*)::int AS n FROM measure_version WHERE measure_id = 'dd-procurement'`);
    const r = await pull(sjz.p);
    assert.equal(r.state, 'done', r.error);
    assert.equal(r.items.accepted, 1);
    await pullAll(ts.p);
    for (const [n, dep] of [[sjz, sjzFinance], [ts, tsFinance]] as const) assert.deepEqual(await measuresAt(n, dep, PROV_ORG), []);
    const rev = await sjz.p.db.one<{ active: boolean; by: string }>(
      `SELECT active, created_by AS by FROM measure_version WHERE measure_id = 'dd-procurement' ORDER BY revision DESC LIMIT 1`,
    );
    assert.deepEqual(rev, { active: false, by: 'node:130000' });
    assert.equal(await count(sjz.p, `SELECT count(*)::int AS n FROM audit_event WHERE action = 'measure.upstream' AND target = 'measure:dd-procurement'`), 1);
    // the whole feed again from the start: every item is a duplicate, nothing written
    await sjz.p.db.query('UPDATE exchange_upstream SET feed_cursor = 0');
    const again = await pull(sjz.p, { maxPages: 1000 });
    assert.deepEqual([again.accepted, again.items.accepted, again.items.unchanged], [0, 0, 0]);
    assert.ok(again.items.duplicate > 0 && again.duplicate > 0);
    assert.equal(await count(sjz.p, `SELECT count(*)::int AS n FROM measure_version WHERE measure_id = 'dd-procurement'`), before + 1);
    // active again at the province: active again at the city
    await prov.p.measures.change(SYSTEM_ACTOR, 'dd-procurement', { active: true });
    await pullAll(sjz.p);
    assert.deepEqual(await measuresAt(sjz, sjzFinance, PROV_ORG), ['dd-procurement']);
  });

  test('a directory revision and a holiday notice reach the cities', async () => {
    await setEntry(prov.p, SYSTEM_ACTOR, { departmentKind: 'court', category: 'dishonest-debtor', frequency: 'weekly', from: '2026-12-01' });
    // a department's own entry goes only to the city whose region holds the department
    const sjzDepAtProv = (await prov.p.db.one<{ uscc: string }>('SELECT uscc FROM department WHERE uscc = $1', [SJZ_DEP]))!;
    await setEntry(prov.p, SYSTEM_ACTOR, { department: sjzDepAtProv.uscc, category: 'penalty', frequency: 'daily', from: '2026-12-01' });
    const year = 2031; // a year no packaged calendar covers
    await loadHolidayNotice(prov.p, SYSTEM_ACTOR, { year, source: '国办发明电〔2030〕4N号', holidays: [{ name: '元旦', rest: [`${year}-01-01~${year}-01-03`], work: [`${year}-01-04`] }] });
    await pullAll(sjz.p, ts.p);
    const entries = async (n: TestNode) =>
      n.p.db.query<{ key: string; frequency: string }>(
        `SELECT entry_key AS key, frequency FROM directory_entry e WHERE effective_from = '2026-12-01' AND revision = (SELECT max(revision) FROM directory_entry x WHERE x.entry_key = e.entry_key) ORDER BY entry_key`,
      );
    assert.deepEqual(await entries(sjz), [
      { key: `department:${SJZ_DEP}|penalty|2026-12-01`, frequency: 'daily' },
      { key: 'kind:court|dishonest-debtor|2026-12-01', frequency: 'weekly' },
    ]);
    assert.deepEqual(await entries(ts), [{ key: 'kind:court|dishonest-debtor|2026-12-01', frequency: 'weekly' }]);
    for (const n of [sjz, ts]) {
      assert.equal(n.p.calendar.hasOfficialData(year), true);
      assert.equal(n.p.calendar.isWorkingDay(`${year}-01-02`), false);
      assert.equal(n.p.calendar.isWorkingDay(`${year}-01-04`), true); // a Saturday made a working day
      assert.equal(n.p.calendar.isProvisional(`${year}-01-01`, 5), false);
    }
  });

  test('a revocation at the province of a record a city sent up reaches that city only', async () => {
    const ref = '石市监罚〔2026〕Q2号';
    const dep = (await prov.p.db.one<{ id: number }>('SELECT id FROM department WHERE uscc = $1', [SJZ_DEP]))!;
    await prov.p.db.tx(async (tx) => {
      const cur = await currentVersionForUpdate(tx, { category: 'penalty', departmentId: dep.id, sourceRef: ref }, prov.p.config.timeZone);
      await insertStatusVersion(tx, cur!.id, 'revoked', '2026-11-20', '异议核实后撤销');
    });
    const before = await count(ts.p, 'SELECT count(*)::int AS n FROM record');
    await pullAll(sjz.p, ts.p);
    const c = await sjz.p.db.one<{ status: string; version: number }>(`SELECT status, version FROM record WHERE source_ref = $1 AND superseded_at IS NULL`, [ref]);
    assert.deepEqual(c, { status: 'revoked', version: 2 });
    assert.equal(await count(ts.p, 'SELECT count(*)::int AS n FROM record'), before);
    // the city does not send the province's revocation back up
    assert.equal((await relay(sjz.p)).sent, 0);
    assert.equal(await count(prov.p, `SELECT count(*)::int AS n FROM record WHERE source_ref = $1`, [ref]), 2);
  });

  test('a revocation at the national node of a county’s record comes down to the county’s section on the city', async () => {
    const countyPublications = async () =>
      ((await sjz.app.inject({ method: 'GET', url: `/api/v1/public/publications?region=${COUNTY}` })).json() as { total: number }).total;
    const portal = await sjz.app.inject({ method: 'GET', url: `/api/v1/public/counties/${COUNTY}` });
    assert.equal(portal.statusCode, 200, portal.body);
    assert.equal(await countyPublications(), 1);
    const dep = (await nat.p.db.one<{ id: number }>('SELECT id FROM department WHERE uscc = $1', [COUNTY_DEP]))!;
    await nat.p.db.tx(async (tx) => {
      const cur = await currentVersionForUpdate(tx, { category: 'penalty', departmentId: dep.id, sourceRef: COUNTY_REF }, nat.p.config.timeZone);
      await insertStatusVersion(tx, cur!.id, 'revoked', '2026-11-20', '全国平台：异议核实后撤销');
    });
    // national → province → 石家庄 (the city that sent it up); 唐山 gets nothing of it
    const tsBefore = await count(ts.p, 'SELECT count(*)::int AS n FROM record');
    await pullAll(prov.p, sjz.p, ts.p);
    for (const n of [prov, sjz]) {
      const c = await n.p.db.one<{ status: string; version: number }>(`SELECT status, version FROM record WHERE source_ref = $1 AND superseded_at IS NULL`, [COUNTY_REF]);
      assert.deepEqual(c, { status: 'revoked', version: 2 });
    }
    assert.equal(await count(ts.p, 'SELECT count(*)::int AS n FROM record'), tsBefore);
    // the county's section no longer publishes it, and the revocation does not go back up
    assert.equal(await countyPublications(), 0);
    await relayAll(sjz.p, prov.p);
    assert.equal(await count(nat.p, `SELECT count(*)::int AS n FROM record WHERE source_ref = $1`, [COUNTY_REF]), 2);
  });
});

describe('feed items, four nodes', () => {
  test('a node without children writes none; a parent numbers every item its children read; a first child gets what is on file', async () => {
    // the cities filed records, list entries, measure, directory and calendar revisions: no items
    for (const n of [sjz, ts]) assert.deepEqual(await feedItemCounts(n.p.db), { items: 0, unnumbered: 0 });
    // the parents: every item numbered up to the cursors their children asked after (twice: the
    // cursor a parent notes is the one a child asks after, the last page's `next` on the next pull)
    await pullAll(prov.p, sjz.p, ts.p);
    await pullAll(prov.p, sjz.p, ts.p);
    for (const [parent, children] of [[nat, ['130000']], [prov, ['130100', '130200']]] as const) {
      const c = await feedItemCounts(parent.p.db);
      assert.ok(c.items > 0);
      assert.equal(c.unnumbered, 0);
      const head = await count(parent.p, 'SELECT coalesce(max(seq), 0)::int AS n FROM exchange_feed_item');
      const st = await exchangeStatus(parent.p);
      for (const region of children) assert.equal(st.children.find((x) => x.region === region)?.feedCursor, String(head), region);
    }
    // 唐山 gets its first child: from now on it writes items, and the child's first page holds the
    // list versions on file (the provincial and national 失信 entries it filed from the feed) and
    // the measure revisions, though none were written as items when they were filed
    const k = await addNode(ts.p, SYSTEM_ACTOR, { region: '130203', name: '路北区（测试）' });
    const audit = await ts.p.db.one<{ detail: { feedBackfill?: number } }>(`SELECT detail FROM audit_event WHERE action = 'exchange.node-add' AND target = 'node:130203'`);
    const c = await feedItemCounts(ts.p.db);
    assert.ok(c.items > 0 && c.unnumbered === c.items);
    assert.equal(audit?.detail.feedBackfill, c.items);
    const child = (await activeNodeOfRegion(ts.p.db, '130203'))!;
    assert.equal(String(child.keyId) + '.s1', k.keyId);
    const page = await feedFor(ts.p, child, { after: '0', limit: 500 });
    assert.deepEqual([...new Set(page.entries.map((e) => e.ref))].sort(), ['（2026）冀执4N1号', '（2026）最高法执4N2号'].sort());
    assert.ok((page.items ?? []).some((i) => i.kind === 'measure' && i.measure?.id === 'dd-procurement'));
    assert.equal(page.more, false);
    await submitJsonBatch(ts.p, SYSTEM_ACTOR, tsMarket, 'penalty', [rowT(90)]);
    assert.equal((await feedItemCounts(ts.p.db)).items, c.items + 1);
  });
});
