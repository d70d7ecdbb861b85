// Federation, upward (issue 11): two cities → the province, each on its own database, talking over
// HTTP: steady flow, status versions and corrections, duplicated and reordered deliveries, the
// parent down while a city imports, a rejected entry resolved at the source, bad input refused.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNode, startLink, type TestNode, type Link } from '../helpers/nodes.ts';
import { addTestDepartment, uscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { currentVersionForUpdate, insertStatusVersion } from '../../src/modules/collection/records.store.ts';
import { createHash } from 'node:crypto';
import { addNode, setUpstream, relayOnce, exchangeStatus, messageOf, loadOutgoing, listRejected, dismissRejected, revokeNode, exportPackage, importPackage, applyAck } from '../../src/modules/exchange/exchange.service.ts';
import { pendingOutbox } from '../../src/modules/exchange/exchange.store.ts';
import { signNodeRequest, EXCHANGE_PATH } from '../../src/modules/exchange/exchange.rules.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';
import type { Platform } from '../../src/platform.ts';

let prov: TestNode, sjz: TestNode, bd: TestNode, link: Link;
let depA: Department, depB: Department;
const keys: Record<string, { keyId: string; secret: string }> = {};

const DEP_A = uscc('11130100MB0000001'); // 石家庄市市场监督管理局
const DEP_B = uscc('11130600MB0000002'); // 保定市市场监督管理局
const DEP_A2 = uscc('11130102MB0000003'); // a county department (长安区) on the city node

const rowA = (i: number, over: Record<string, string> = {}) =>
  penaltyRow({ CF_WSH: `石市监罚〔2026〕${i}号`, CF_XDR_MC: `石家庄交换测试${i}有限公司`, CF_XDR_SHXYM: uscc(`91130100MA${String(i).padStart(7, '0')}`), ...over });
const rowB = (i: number, over: Record<string, string> = {}) =>
  penaltyRow({ CF_WSH: `保市监罚〔2026〕${i}号`, CF_XDR_MC: `保定交换测试${i}有限公司`, CF_XDR_SHXYM: uscc(`91130600MA${String(i).padStart(7, '0')}`), CF_CFJG: '保定市市场监督管理局', ...over });

const count = async (p: Platform, sql: string, params: unknown[] = []) => (await p.db.one<{ n: number }>(sql, params))!.n;
const recordsAt = (p: Platform, dep: string) => count(p, 'SELECT count(*)::int AS n FROM record r JOIN department d ON d.id = r.department_id WHERE d.uscc = $1', [dep]);
const current = (p: Platform, ref: string) =>
  p.db.one<{ version: number; status: string; fields: Record<string, string> }>('SELECT version, status, fields FROM record WHERE source_ref = $1 AND superseded_at IS NULL', [ref]);

before(async () => {
  prov = await startNode('province', '130000');
  sjz = await startNode('city', '130100');
  bd = await startNode('city', '130600');
  link = await startLink(prov.url);
  for (const [region, name] of [['130100', '石家庄市'], ['130600', '保定市']] as const) {
    const k = await addNode(prov.p, SYSTEM_ACTOR, { region, name, alg: region === '130600' ? 'hmac-sm3' : undefined });
    keys[region] = { keyId: k.keyId, secret: k.secret };
  }
  depA = await addTestDepartment(sjz.p, DEP_A, '石家庄市市场监督管理局', '130100');
  await addTestDepartment(sjz.p, DEP_A2, '石家庄市长安区市场监督管理局', '130102');
  depB = await addTestDepartment(bd.p, DEP_B, '保定市市场监督管理局', '130600');
  // one record collected before the upstream is set: it is queued too
  await submitJsonBatch(sjz.p, SYSTEM_ACTOR, depA, 'penalty', [rowA(1)]);
  const q = await setUpstream(sjz.p, SYSTEM_ACTOR, { url: link.url, ...keys['130100']! });
  assert.equal(q.queued, 1);
  await setUpstream(bd.p, SYSTEM_ACTOR, { url: prov.url, ...keys['130600']!, alg: 'hmac-sm3' });
});
after(async () => {
  await link?.close();
  for (const n of [sjz, bd, prov]) await n?.close();
});

describe('steady flow', () => {
  test('records collected at two cities reach the province once, with their origin', async () => {
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, depA, 'penalty', [rowA(2), rowA(3)]);
    await submitJsonBatch(bd.p, SYSTEM_ACTOR, depB, 'penalty', [rowB(1), rowB(2)]);
    const a = await relayOnce(sjz.p);
    const b = await relayOnce(bd.p);
    assert.deepEqual([a.state, a.accepted, a.rejected], ['done', 3, 0], a.error);
    assert.deepEqual([b.state, b.accepted, b.rejected], ['done', 2, 0]); // HMAC-SM3 node
    assert.equal(await recordsAt(prov.p, DEP_A), 3);
    assert.equal(await recordsAt(prov.p, DEP_B), 2);
    // departments travelled up with their kinds; subjects indexed under one code at the province
    const dep = await prov.p.db.one<{ region_code: string; kinds: string[] }>('SELECT region_code, kinds FROM department WHERE uscc = $1', [DEP_A]);
    assert.deepEqual(dep, { region_code: '130100', kinds: ['market-regulation'] });
    assert.equal(await count(prov.p, "SELECT count(*)::int AS n FROM subject WHERE name LIKE '%交换测试%'"), 5);
    // the origin of each version: node, department, the city's version id and time
    const origin = await prov.p.db.query<{ region: string; dep: string; oid: string; rid: string }>(
      `SELECT n.region_code AS region, e.department_uscc AS dep, e.origin_version_id::text AS oid, e.record_id::text AS rid
         FROM exchange_received e JOIN exchange_node n ON n.id = e.node_id ORDER BY n.region_code, e.origin_version_id`,
    );
    assert.equal(origin.length, 5);
    const cityIds = (await sjz.p.db.query<{ id: string }>('SELECT id::text AS id FROM record ORDER BY id')).map((r) => r.id);
    assert.deepEqual(origin.filter((o) => o.region === '130100').map((o) => o.oid), cityIds);
    // a second run has nothing to send
    assert.equal((await relayOnce(sjz.p)).sent, 0);
  });

  test('the publication window and lateness are computed by the province as at the city', async () => {
    const at = (p: Platform) => p.db.one<{ pub_from: string; late: boolean }>("SELECT pub_from::text, late FROM record WHERE source_ref = '石市监罚〔2026〕2号'");
    assert.deepEqual(await at(prov.p), await at(sjz.p));
  });

  test('status versions and corrections follow in order per record key', async () => {
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, depA, 'penalty', [rowA(2, { CF_NR: '罚款人民币陆万元', CF_NR_FK: '6' })]); // version 2
    await sjz.p.db.tx(async (tx) => {
      const cur = (await currentVersionForUpdate(tx, { category: 'penalty', departmentId: depA.id, sourceRef: '石市监罚〔2026〕3号' }, 'Asia/Shanghai'))!;
      await insertStatusVersion(tx, cur.id, 'revoked', '2026-11-20', '复议撤销');
    });
    const r = await relayOnce(sjz.p);
    assert.equal(r.accepted, 2);
    assert.deepEqual(await current(prov.p, '石市监罚〔2026〕2号').then((c) => [c?.version, c?.fields.CF_NR_FK]), [2, '6']);
    assert.deepEqual(await current(prov.p, '石市监罚〔2026〕3号').then((c) => [c?.version, c?.status]), [2, 'revoked']);
  });

  test('the status answers in the issue’s shape at both ends', async () => {
    const city = await exchangeStatus(sjz.p);
    assert.deepEqual(Object.keys(city), ['role', 'region', 'upstream', 'children']);
    assert.deepEqual(Object.keys(city.upstream!), ['url', 'pending', 'oldestPendingAt', 'delivered', 'rejected', 'lastSuccessAt', 'lastError']);
    assert.equal(city.role, 'city');
    assert.equal(city.upstream!.pending, 0);
    assert.equal(city.upstream!.delivered, 5);
    const p = await exchangeStatus(prov.p);
    assert.equal(p.upstream, null);
    assert.deepEqual(
      p.children.map((c) => [c.region, c.name, c.received, c.rejected, c.feedCursor]),
      [['130100', '石家庄市', 5, 0, null], ['130600', '保定市', 2, 0, null]],
    );
    assert.deepEqual(Object.keys(p.children[0]!), ['region', 'name', 'received', 'rejected', 'lastReceivedAt', 'feedCursor']);
  });
});

describe('duplicated and reordered deliveries', () => {
  test('a batch delivered twice, and an older batch delivered after a newer one, change nothing', async () => {
    await submitJsonBatch(bd.p, SYSTEM_ACTOR, depB, 'penalty', [rowB(3)]);
    const older = JSON.stringify(messageOf(bd.p, await loadOutgoing(bd.p, await pendingOutbox(bd.p.db, 100))));
    await relayOnce(bd.p);
    await submitJsonBatch(bd.p, SYSTEM_ACTOR, depB, 'penalty', [rowB(3, { CF_NR_FK: '9', CF_NR: '罚款人民币玖万元' })]);
    await relayOnce(bd.p);
    const before = await count(prov.p, 'SELECT count(*)::int AS n FROM record');
    for (let i = 0; i < 2; i++) {
      const headers = signNodeRequest({ signingKeyId: keys['130600']!.keyId, secret: keys['130600']!.secret, alg: 'hmac-sm3' }, { method: 'POST', path: EXCHANGE_PATH, body: older, at: prov.p.now() });
      const res = await fetch(prov.url + EXCHANGE_PATH, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: older });
      assert.equal(res.status, 200);
      assert.deepEqual(((await res.json()) as { results: { outcome: string }[] }).results.map((r) => r.outcome), ['duplicate']);
    }
    assert.equal(await count(prov.p, 'SELECT count(*)::int AS n FROM record'), before);
    assert.deepEqual(await current(prov.p, '保市监罚〔2026〕3号').then((c) => [c?.version, c?.fields.CF_NR_FK]), [2, '9']);
  });

  test('an answer lost on the way back: the batch is sent again and answered duplicate, filed once', async () => {
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, depA, 'penalty', [rowA(4), rowA(5)]);
    // the parent files, but the answer never reaches the city
    const lost = await relayOnce(sjz.p, {
      send: async (url, headers, body) => {
        await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
        throw new Error('connection reset');
      },
    });
    assert.equal(lost.state, 'failed');
    assert.equal((await exchangeStatus(sjz.p)).upstream!.pending, 2);
    const again = await relayOnce(sjz.p, { ignoreBackoff: true });
    assert.deepEqual([again.duplicate, again.accepted], [2, 0]);
    assert.equal(await count(prov.p, "SELECT count(*)::int AS n FROM record WHERE source_ref IN ('石市监罚〔2026〕4号', '石市监罚〔2026〕5号')"), 2);
  });
});

describe('the parent unreachable', () => {
  test('the city keeps collecting; the outbox grows; delivery resumes oldest first with back-off', async () => {
    link.cut();
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, depA, 'penalty', [rowA(10), rowA(11)]);
    const f1 = await relayOnce(sjz.p);
    assert.equal(f1.state, 'failed');
    // backing off: the next run within the delay does not even try
    assert.equal((await relayOnce(sjz.p)).state, 'backing-off');
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, depA, 'penalty', [rowA(12)]);
    const f2 = await relayOnce(sjz.p, { ignoreBackoff: true });
    assert.equal(f2.state, 'failed');
    const st = await exchangeStatus(sjz.p);
    assert.equal(st.upstream!.pending, 3);
    assert.ok(st.upstream!.lastError);
    const up = await sjz.p.db.one<{ failures: number; delay: number }>(
      'SELECT failures, extract(epoch FROM next_attempt_at - last_error_at)::float8 AS delay FROM exchange_upstream',
    );
    assert.deepEqual([up!.failures, Math.round(up!.delay)], [2, 2]); // 1 s, then 2 s
    link.restore();
    const ok = await relayOnce(sjz.p, { ignoreBackoff: true });
    assert.deepEqual([ok.state, ok.accepted], ['done', 3]);
    const st2 = await exchangeStatus(sjz.p);
    assert.equal(st2.upstream!.pending, 0);
    assert.equal(st2.upstream!.lastError, null);
    assert.equal(await recordsAt(prov.p, DEP_A), 10);
  });
});

describe('a rejected entry', () => {
  test('stays visible at both ends until corrected at the source', async () => {
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, depA, 'penalty', [rowA(20)]);
    // a version stored at the city before a rule tightened: it lacks the decision content now required
    await sjz.p.db.query("UPDATE record SET fields = fields - 'CF_NR' WHERE source_ref = '石市监罚〔2026〕20号'");
    const r = await relayOnce(sjz.p);
    assert.deepEqual([r.accepted, r.rejected], [0, 1]);
    const city = await listRejected(sjz.p);
    assert.equal(city.outbox.length, 1);
    assert.equal(city.outbox[0]!.ref, '石市监罚〔2026〕20号');
    assert.ok((city.outbox[0]!.errors as { zh: string }[])[0]!.zh);
    const province = await listRejected(prov.p);
    assert.deepEqual(province.received.map((e) => [e.node, e.ref]), [['130100', '石市监罚〔2026〕20号']]);
    assert.equal((await exchangeStatus(prov.p)).children[0]!.rejected, 1);
    assert.equal(await current(prov.p, '石市监罚〔2026〕20号'), undefined);
    // corrected at the source: a new version, accepted, resolves both ends
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, depA, 'penalty', [rowA(20, { CF_NR: '罚款人民币伍万元整' })]);
    assert.equal((await relayOnce(sjz.p)).accepted, 1);
    assert.equal((await listRejected(sjz.p)).outbox.length, 0);
    assert.equal((await listRejected(prov.p)).received.length, 0);
    assert.ok(await current(prov.p, '石市监罚〔2026〕20号'));
  });

  test('or dismissed with a note', async () => {
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, depA, 'penalty', [rowA(21)]);
    await sjz.p.db.query("UPDATE record SET fields = fields - 'CF_NR' WHERE source_ref = '石市监罚〔2026〕21号'");
    assert.equal((await relayOnce(sjz.p)).rejected, 1);
    const id = (await listRejected(sjz.p)).outbox[0]!.id;
    await dismissRejected(sjz.p, SYSTEM_ACTOR, { id, note: '历史数据，已线下核实' });
    const rid = (await listRejected(prov.p)).received[0]!.id;
    await dismissRejected(prov.p, SYSTEM_ACTOR, { id: rid, node: '130100', note: '市级已核实' });
    assert.equal((await listRejected(sjz.p)).outbox.length, 0);
    assert.equal((await listRejected(prov.p)).received.length, 0);
  });
});

describe('bad input: refused with a zh/en error and an audit event, nothing filed', () => {
  const body = (region = '130100', dep = DEP_A, depRegion = '130100') =>
    JSON.stringify({
      node: region,
      departments: [{ uscc: dep, name: '某部门', regionCode: depRegion, kinds: [] }],
      entries: [{ id: '999999', kind: 'content', category: 'penalty', department: dep, ref: '坏罚〔2026〕1号', version: 1, createdAt: '2026-11-20T04:00:00.000Z', receivedOn: '2026-11-20', origin: { region: depRegion, createdAt: '2026-11-20T04:00:00.000Z' }, record: rowA(999, { CF_WSH: '坏罚〔2026〕1号' }) }],
    });
  const post = async (b: string, headers: Record<string, string>) => {
    const res = await fetch(prov.url + EXCHANGE_PATH, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: b });
    const json = (await res.json()) as { error?: { code: string; zh: string; en: string } };
    return { status: res.status, code: json.error?.code, zh: json.error?.zh, en: json.error?.en };
  };
  const signed = (b: string, region = '130100', at = prov.p.now(), nonce?: string) =>
    signNodeRequest({ signingKeyId: keys[region]!.keyId, secret: keys[region]!.secret, alg: region === '130600' ? 'hmac-sm3' : 'hmac-sha256' }, { method: 'POST', path: EXCHANGE_PATH, body: b, at, nonce });

  test('each reason', async () => {
    const before = await count(prov.p, 'SELECT count(*)::int AS n FROM record');
    const beforeAudit = await count(prov.p, "SELECT count(*)::int AS n FROM audit_event WHERE action IN ('access.refused', 'exchange.refused')");
    const b = body();
    const cases: [string, Promise<{ status: number; code?: string; zh?: string; en?: string }>][] = [
      ['unsigned', post(b, {})],
      ['expired', post(b, signed(b, '130100', new Date(prov.p.now().getTime() - 600_000)))],
      ['unknown node', post(b, signNodeRequest({ signingKeyId: 'xn_00000000000000ff.s1', secret: 'x', alg: 'hmac-sha256' }, { method: 'POST', path: EXCHANGE_PATH, body: b, at: prov.p.now() }))],
      ['wrong secret', post(b, signNodeRequest({ signingKeyId: keys['130100']!.keyId, secret: 'not-the-secret', alg: 'hmac-sha256' }, { method: 'POST', path: EXCHANGE_PATH, body: b, at: prov.p.now() }))],
      ['out of region (保定 sends 石家庄)', post(body('130600'), signed(body('130600'), '130600'))],
      ['out of region (department)', post(body('130100', DEP_B, '130600'), signed(body('130100', DEP_B, '130600')))],
      ['malformed', post('{"node":"130100","entries":"nope"}', signed('{"node":"130100","entries":"nope"}'))],
    ];
    const got = await Promise.all(cases.map(async ([name, r]) => [name, await r] as const));
    const expect: Record<string, [number, string]> = {
      unsigned: [401, 'EXCHANGE_SIGNATURE_REQUIRED'],
      expired: [401, 'EXCHANGE_SIGNATURE_EXPIRED'],
      'unknown node': [401, 'NODE_UNKNOWN'],
      'wrong secret': [401, 'EXCHANGE_SIGNATURE_MISMATCH'],
      'out of region (保定 sends 石家庄)': [403, 'EXCHANGE_OUT_OF_REGION'],
      'out of region (department)': [403, 'EXCHANGE_OUT_OF_REGION'],
      malformed: [400, 'EXCHANGE_MALFORMED'],
    };
    for (const [name, r] of got) {
      assert.deepEqual([r.status, r.code], expect[name], name);
      assert.ok(r.zh && r.en, name);
    }
    // replayed: the same signed request twice (the first is accepted)
    const ok = body();
    const h = signed(ok, '130100', prov.p.now(), 'replay-nonce-0123456789');
    const first = await fetch(prov.url + EXCHANGE_PATH, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: ok });
    assert.equal(first.status, 200);
    assert.deepEqual([(await post(ok, h)).status, (await post(ok, h)).code], [401, 'NONCE_REUSED']);
    assert.equal(await count(prov.p, 'SELECT count(*)::int AS n FROM record'), before + 1); // only the genuine one
    // every kind of refusal audited (repeats of one kind within a minute are counted into one event: refusal-audit.ts)
    await new Promise((r) => setTimeout(r, 300));
    const audited = await prov.p.db.query<{ action: string; code: string }>("SELECT action, detail->>'code' AS code FROM audit_event WHERE action IN ('access.refused', 'exchange.refused') ORDER BY seq OFFSET $1", [beforeAudit]);
    assert.deepEqual(
      [...new Set(audited.map((a) => a.code))].sort(),
      ['EXCHANGE_MALFORMED', 'EXCHANGE_OUT_OF_REGION', 'EXCHANGE_SIGNATURE_EXPIRED', 'EXCHANGE_SIGNATURE_MISMATCH', 'EXCHANGE_SIGNATURE_REQUIRED', 'NODE_UNKNOWN', 'NONCE_REUSED'],
    );
    assert.equal(await count(prov.p, "SELECT count(*)::int AS n FROM department WHERE uscc = $1", [DEP_B]), 1); // 保定's, registered by 保定 only
  });

  test('a revoked node is refused', async () => {
    const extra = await addNode(prov.p, SYSTEM_ACTOR, { region: '130200', name: '唐山市' });
    await revokeNode(prov.p, SYSTEM_ACTOR, '130200');
    const b = body('130200', uscc('11130200MB0000009'), '130200');
    const h = signNodeRequest({ signingKeyId: extra.keyId, secret: extra.secret, alg: 'hmac-sha256' }, { method: 'POST', path: EXCHANGE_PATH, body: b, at: prov.p.now() });
    assert.deepEqual(await post(b, h).then((r) => [r.status, r.code]), [401, 'NODE_REVOKED']);
  });
});

describe('a county department on the city node', () => {
  test('travels up with the county as its region of origin', async () => {
    const county = (await sjz.p.db.one<Department>(`SELECT id, uscc, name, region_code AS "regionCode", level, kinds, active FROM department WHERE uscc = $1`, [DEP_A2]))!;
    await submitJsonBatch(sjz.p, SYSTEM_ACTOR, county, 'penalty', [rowA(30, { CF_WSH: '长市监罚〔2026〕1号' })]);
    assert.equal((await relayOnce(sjz.p)).accepted, 1);
    const r = await prov.p.db.one<{ region: string; dep_region: string }>(
      "SELECT e.origin_region AS region, d.region_code AS dep_region FROM exchange_received e JOIN record r ON r.id = e.record_id JOIN department d ON d.id = r.department_id WHERE r.source_ref = '长市监罚〔2026〕1号'",
    );
    assert.deepEqual(r, { region: '130102', dep_region: '130102' });
  });
});

describe('offline package (数据拷贝)', () => {
  test('export at the city, import at the province, acknowledgement back: delivered once', async () => {
    await submitJsonBatch(bd.p, SYSTEM_ACTOR, depB, 'penalty', [rowB(40), rowB(41)]);
    const { text, manifest } = await exportPackage(bd.p);
    assert.deepEqual([manifest.count, manifest.node], [2, '130600']);
    const ack = await importPackage(prov.p, SYSTEM_ACTOR, text);
    assert.deepEqual(ack.results.map((r) => r.outcome), ['accepted', 'accepted']);
    // imported twice: duplicates
    assert.deepEqual((await importPackage(prov.p, SYSTEM_ACTOR, text)).results.map((r) => r.outcome), ['duplicate', 'duplicate']);
    assert.deepEqual(await applyAck(bd.p, SYSTEM_ACTOR, JSON.stringify(ack)), { accepted: 2, duplicate: 0, rejected: 0 });
    assert.equal((await exchangeStatus(bd.p)).upstream!.pending, 0);
    assert.equal((await relayOnce(bd.p)).sent, 0);
    assert.ok(await current(prov.p, '保市监罚〔2026〕41号'));
  });

  test('a tampered, truncated or re-signed package is refused and nothing is filed; a forged acknowledgement too', async () => {
    await submitJsonBatch(bd.p, SYSTEM_ACTOR, depB, 'penalty', [rowB(42)]);
    const { text } = await exportPackage(bd.p);
    const before = await count(prov.p, 'SELECT count(*)::int AS n FROM record');
    const doc = JSON.parse(text) as { manifest: Record<string, unknown>; payload: string; signature: string };
    const altered = JSON.stringify({ ...doc, payload: doc.payload.replace('罚款人民币伍万元', '罚款人民币伍佰元') });
    const payload = doc.payload.replace('罚款人民币伍万元', '罚款人民币伍佰元');
    const resummed = JSON.stringify({ ...doc, payload, manifest: { ...doc.manifest, payloadSha256: createHash('sha256').update(payload).digest('hex') } });
    const refused = async (t: string) => {
      try {
        await importPackage(prov.p, SYSTEM_ACTOR, t);
        return 'filed';
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };
    assert.equal(await refused(altered), 'PACKAGE_INVALID');
    assert.equal(await refused(text.slice(0, Math.floor(text.length / 2))), 'PACKAGE_INVALID');
    assert.equal(await refused(resummed), 'PACKAGE_SIGNATURE_MISMATCH');
    assert.equal(await count(prov.p, 'SELECT count(*)::int AS n FROM record'), before);
    assert.ok((await count(prov.p, "SELECT count(*)::int AS n FROM audit_event WHERE action = 'exchange.package-refused'")) >= 3);
    const ack = await importPackage(prov.p, SYSTEM_ACTOR, text);
    const forged = { ...ack, results: ack.results.map((r) => ({ ...r, outcome: 'rejected' })) };
    await assert.rejects(applyAck(bd.p, SYSTEM_ACTOR, JSON.stringify(forged)), (e: { code?: string }) => e.code === 'ACK_SIGNATURE_MISMATCH');
    assert.equal((await exchangeStatus(bd.p)).upstream!.pending, 1);
  });
});
