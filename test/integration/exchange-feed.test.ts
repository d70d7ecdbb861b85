// Federation, downward (issue 11): the province's black list reaches a city's credit check
// through the signed feed; what a city files from the feed never goes back up; each parent
// version is filed once (replayed pages are duplicates); the feed is refused without a node key.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNode, type TestNode } from '../helpers/nodes.ts';
import { uscc, orgUscc } from '../helpers/platform.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { currentVersionForUpdate, insertStatusVersion } from '../../src/modules/collection/records.store.ts';
import { runCheck } from '../../src/modules/sanctions/checks.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { FEED_TASK, addNode, setUpstream, pullFeed, relayOnce, exchangeStatus, sweepSilentLinks } from '../../src/modules/exchange/exchange.service.ts';
import { FEED_PATH, signNodeRequest, type ExchangeRule } from '../../src/modules/exchange/exchange.rules.ts';
import { loadRuleFile } from '../../src/kernel/rules.ts';
import type { Platform } from '../../src/platform.ts';

const DD_ORG = orgUscc('91', '130100', 'MA0FD001');
const CITY_DD_ORG = orgUscc('91', '130100', 'MA0FD002');
const CASE = '（2026）冀01执9001号';
const CITY_CASE = '（2026）冀0102执9002号';
const ddRow = (over: Record<string, string> = {}) => ({
  ZTMC: '下行测试失信商贸有限公司',
  ZTLB: '法人及非法人组织',
  TYSHXYDM: DD_ORG,
  FDDBR: '赵某',
  AH: CASE,
  ZXFY: '石家庄市中级人民法院',
  ZXYJWH: '（2025）冀01民初4560号',
  ZCZXYJDW: '石家庄市中级人民法院',
  LASJ: '2026-01-10',
  SXYW: '支付货款人民币80万元',
  LXQK: '全部未履行',
  SXQX: '有履行能力而拒不履行生效法律文书确定义务',
  RDRQ: '2026-03-01',
  YXQZ: '2027-03-01',
  ...over,
});

let prov: TestNode, sjz: TestNode;
let provCourt: Department, cityCourt: Department, cityFinance: Department;
let key: { keyId: string; secret: string };

const count = async (p: Platform, sql: string, params: unknown[] = []) => (await p.db.one<{ n: number }>(sql, params))!.n;
const measuresAtCity = async (subject: string) => (await runCheck(sjz.p, SYSTEM_ACTOR, cityFinance, { subject, scenario: 'procurement' })).measures.map((m) => m.measureId);

before(async () => {
  prov = await startNode('province', '130000');
  sjz = await startNode('city', '130100');
  key = await addNode(prov.p, SYSTEM_ACTOR, { region: '130100', name: '石家庄市' });
  provCourt = await addDepartment(prov.p.db, SYSTEM_ACTOR, { uscc: uscc('11130000MB0000F01'), name: '河北省高级人民法院', regionCode: '130000', kinds: ['court'] });
  cityCourt = await addDepartment(sjz.p.db, SYSTEM_ACTOR, { uscc: uscc('11130102MB0000F02'), name: '石家庄市长安区人民法院', regionCode: '130102', kinds: ['court'] });
  cityFinance = await addDepartment(sjz.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000F03'), name: '石家庄市财政局', regionCode: '130100', kinds: ['finance'] });
  await setUpstream(sjz.p, SYSTEM_ACTOR, { url: prov.url, ...key });
});
after(async () => {
  for (const n of [sjz, prov]) await n?.close();
});

describe('downward feed', () => {
  test('a subject put on the provincial black list is refused at the city check after one pull', async () => {
    const s = await submitJsonBatch(prov.p, SYSTEM_ACTOR, provCourt, 'dishonest-debtor', [ddRow()]);
    assert.equal(s.counts.created, 1, JSON.stringify(s));
    assert.deepEqual(await measuresAtCity(DD_ORG), []); // not yet known at the city
    const r = await pullFeed(sjz.p);
    assert.deepEqual([r.state, r.accepted, r.rejected, r.duplicate], ['done', 1, 0, 0], r.error);
    assert.deepEqual(await measuresAtCity(DD_ORG), ['dd-procurement']);
    // filed at the city under the province's court, registered once at the city
    const dep = await sjz.p.db.one<{ region_code: string; kinds: string[] }>('SELECT region_code, kinds FROM department WHERE uscc = $1', [provCourt.uscc]);
    assert.deepEqual(dep, { region_code: '130000', kinds: ['court'] });
    // the province sees the city's cursor
    const st = await exchangeStatus(prov.p);
    assert.equal(st.children.find((c) => c.region === '130100')!.feedCursor, '0');
    await pullFeed(sjz.p);
    assert.equal((await exchangeStatus(prov.p)).children.find((c) => c.region === '130100')!.feedCursor, r.cursor);
  });

  test('what the city filed from the feed never goes back up', async () => {
    assert.equal(await count(sjz.p, `SELECT count(*)::int AS n FROM exchange_outbox o JOIN record r ON r.id = o.record_id WHERE r.category = 'dishonest-debtor'`), 0);
    const relay = await relayOnce(sjz.p);
    assert.equal(relay.sent, 0);
    assert.equal(await count(prov.p, `SELECT count(*)::int AS n FROM record WHERE category = 'dishonest-debtor'`), 1);
  });

  test('a list entry the city sent up is not fed back to it', async () => {
    const s = await submitJsonBatch(sjz.p, SYSTEM_ACTOR, cityCourt, 'dishonest-debtor', [ddRow({ TYSHXYDM: CITY_DD_ORG, ZTMC: '下行测试县级失信公司', AH: CITY_CASE, ZXFY: '石家庄市长安区人民法院' })]);
    assert.equal(s.counts.created, 1, JSON.stringify(s));
    const relay = await relayOnce(sjz.p);
    assert.equal(relay.accepted, 1, relay.error);
    const r = await pullFeed(sjz.p);
    assert.deepEqual([r.state, r.accepted, r.duplicate], ['done', 0, 0]);
    assert.equal(await count(sjz.p, `SELECT count(*)::int AS n FROM record WHERE source_ref = $1`, [CITY_CASE]), 1);
  });

  test('an exit at the province reaches the city; the measure no longer applies', async () => {
    await prov.p.db.tx(async (tx) => {
      const cur = await currentVersionForUpdate(tx, { category: 'dishonest-debtor', departmentId: provCourt.id, sourceRef: CASE }, prov.p.config.timeZone);
      await insertStatusVersion(tx, cur!.id, 'exited', '2026-11-20', '已履行');
    });
    const r = await pullFeed(sjz.p);
    assert.deepEqual([r.state, r.accepted, r.rejected], ['done', 1, 0], r.error);
    const cur = await sjz.p.db.one<{ status: string; version: number }>(`SELECT status, version FROM record WHERE source_ref = $1 AND superseded_at IS NULL`, [CASE]);
    assert.deepEqual(cur, { status: 'exited', version: 2 });
    assert.deepEqual(await measuresAtCity(DD_ORG), []);
  });

  test('a replayed feed files nothing twice', async () => {
    const before = await count(sjz.p, 'SELECT count(*)::int AS n FROM record');
    await sjz.p.db.query('UPDATE exchange_upstream SET feed_cursor = 0');
    const r = await pullFeed(sjz.p);
    assert.deepEqual([r.state, r.accepted, r.duplicate], ['done', 0, 2]);
    assert.equal(await count(sjz.p, 'SELECT count(*)::int AS n FROM record'), before);
    assert.equal(await count(sjz.p, 'SELECT count(*)::int AS n FROM exchange_feed_filed'), 2);
  });

  test('the feed is refused without a valid node signature, and the parent unreachable is noted', async () => {
    const unsigned = await fetch(`${prov.url}${FEED_PATH}?after=0`);
    assert.equal(unsigned.status, 401);
    assert.equal(((await unsigned.json()) as { error: { code: string } }).error.code, 'EXCHANGE_SIGNATURE_REQUIRED');
    const path = `${FEED_PATH}?after=0`;
    const wrong = signNodeRequest({ signingKeyId: key.keyId, secret: 'not-the-secret', alg: 'hmac-sha256' }, { method: 'GET', path, at: prov.p.now() });
    const bad = await fetch(`${prov.url}${path}`, { headers: wrong });
    assert.equal(bad.status, 401);
    const refused = await count(prov.p, `SELECT count(*)::int AS n FROM audit_event WHERE action = 'access.refused'`);
    assert.ok(refused >= 2);
    const down = await pullFeed(sjz.p, { get: async () => { throw new Error('connect ECONNREFUSED'); } });
    assert.equal(down.state, 'failed');
    const st = await sjz.p.db.one<{ e: string | null }>('SELECT feed_last_error AS e FROM exchange_upstream');
    assert.match(st!.e!, /ECONNREFUSED/);
  });

  test('the job runner’s feed task files a new black list entry at the city', async () => {
    const JOB_ORG = orgUscc('91', '130100', 'MA0FD003');
    const s = await submitJsonBatch(prov.p, SYSTEM_ACTOR, provCourt, 'dishonest-debtor', [ddRow({ TYSHXYDM: JOB_ORG, ZTMC: '下行测试作业失信公司', AH: '（2026）冀01执9003号' })]);
    assert.equal(s.counts.created, 1, JSON.stringify(s));
    await sjz.p.jobs.enqueue(FEED_TASK, {});
    const until = Date.now() + 60_000;
    while (Date.now() < until && (await count(sjz.p, `SELECT count(*)::int AS n FROM record WHERE source_ref = '（2026）冀01执9003号'`)) === 0) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await measuresAtCity(JOB_ORG), ['dd-procurement']);
  });

  test('a link silent beyond rules/exchange.json raises a warning at both ends, once', async () => {
    const rules = loadRuleFile<ExchangeRule>('exchange');
    assert.deepEqual((await sweepSilentLinks(prov.p, rules)).silent, []); // the city pulled just now
    const minutes = rules.at(-1)!.silentLinkMinutes;
    for (const n of [prov, sjz]) {
      const base = n.p.now().getTime();
      n.p.now = () => new Date(base + (minutes * 60 + 1) * 1000);
    }
    assert.deepEqual((await sweepSilentLinks(prov.p, rules)).silent, ['node:130100']);
    await sweepSilentLinks(prov.p, rules); // raised again: the same open warning
    const w = await prov.p.db.query<{ target: string; region_code: string; state: string }>(`SELECT target, region_code, state FROM warning WHERE kind = 'exchange.link-silent'`);
    assert.deepEqual(w, [{ target: 'node:130100', region_code: '130100', state: 'open' }]);
    assert.equal(await count(prov.p, `SELECT count(*)::int AS n FROM audit_event WHERE action = 'warning.raise'`), 1);
    assert.deepEqual((await sweepSilentLinks(sjz.p, rules)).silent, ['upstream']);
    assert.equal(await count(sjz.p, `SELECT count(*)::int AS n FROM warning WHERE kind = 'exchange.link-silent' AND target = 'upstream' AND region_code = '130100'`), 1);
  });
});
