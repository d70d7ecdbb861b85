// Federation with the national node (issue 11): national lists (失信被执行人) come down national →
// province → city through the feed and reach the city's credit check; nothing pulled is echoed
// back up; a city's record goes up city → province → national keeping its region of origin.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startNode, type TestNode } from '../helpers/nodes.ts';
import { uscc, orgUscc } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { runCheck } from '../../src/modules/sanctions/checks.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { addNode, setUpstream, pullFeed, relayOnce } from '../../src/modules/exchange/exchange.service.ts';
import type { Platform } from '../../src/platform.ts';

const DD_ORG = orgUscc('91', '130100', 'MA0NA001');
const CASE = '（2026）最高法执9101号';
const ddRow = {
  ZTMC: '全国失信测试有限公司',
  ZTLB: '法人及非法人组织',
  TYSHXYDM: DD_ORG,
  FDDBR: '钱某',
  AH: CASE,
  ZXFY: '最高人民法院',
  ZXYJWH: '（2025）最高法民初1号',
  ZCZXYJDW: '最高人民法院',
  LASJ: '2026-01-10',
  SXYW: '支付货款人民币100万元',
  LXQK: '全部未履行',
  SXQX: '有履行能力而拒不履行生效法律文书确定义务',
  RDRQ: '2026-03-01',
  YXQZ: '2027-03-01',
};

let nat: TestNode, prov: TestNode, sjz: TestNode;
let natCourt: Department, cityFinance: Department, cityMarket: Department;
const count = async (p: Platform, sql: string, params: unknown[] = []) => (await p.db.one<{ n: number }>(sql, params))!.n;

before(async () => {
  nat = await startNode('national', '100000');
  prov = await startNode('province', '130000');
  sjz = await startNode('city', '130100');
  const kp = await addNode(nat.p, SYSTEM_ACTOR, { region: '130000', name: '河北省' });
  await setUpstream(prov.p, SYSTEM_ACTOR, { url: nat.url, keyId: kp.keyId, secret: kp.secret });
  const kc = await addNode(prov.p, SYSTEM_ACTOR, { region: '130100', name: '石家庄市' });
  await setUpstream(sjz.p, SYSTEM_ACTOR, { url: prov.url, keyId: kc.keyId, secret: kc.secret });
  // the region table holds GB/T 2260 codes of Hebei only: the national court is registered under 130000 here
  natCourt = await addDepartment(nat.p.db, SYSTEM_ACTOR, { uscc: uscc('11100000MB0000N01'), name: '最高人民法院', regionCode: '130000', kinds: ['court'] });
  cityFinance = await addDepartment(sjz.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000N02'), name: '石家庄市财政局', regionCode: '130100', kinds: ['finance'] });
  cityMarket = await addDepartment(sjz.p.db, SYSTEM_ACTOR, { uscc: uscc('11130102MB0000N03'), name: '石家庄市长安区市场监督管理局', regionCode: '130102', kinds: ['market-regulation'] });
});
after(async () => {
  for (const n of [sjz, prov, nat]) await n?.close();
});

describe('national node', () => {
  test('a national 失信被执行人 entry reaches the city check through the province', async () => {
    const s = await submitJsonBatch(nat.p, SYSTEM_ACTOR, natCourt, 'dishonest-debtor', [ddRow]);
    assert.equal(s.counts.created, 1, JSON.stringify(s));
    const pp = await pullFeed(prov.p);
    assert.deepEqual([pp.state, pp.accepted, pp.rejected], ['done', 1, 0], pp.error);
    const pc = await pullFeed(sjz.p);
    assert.deepEqual([pc.state, pc.accepted, pc.rejected], ['done', 1, 0], pc.error);
    const a = await runCheck(sjz.p, SYSTEM_ACTOR, cityFinance, { subject: DD_ORG, scenario: 'procurement' });
    assert.deepEqual(a.measures.map((m) => m.measureId), ['dd-procurement']);
    // nothing pulled is echoed upward
    assert.equal(await count(prov.p, `SELECT count(*)::int AS n FROM exchange_outbox WHERE category = 'dishonest-debtor'`), 0);
    assert.equal(await count(sjz.p, `SELECT count(*)::int AS n FROM exchange_outbox WHERE category = 'dishonest-debtor'`), 0);
  });

  test('a county record goes up city → province → national keeping the county as region of origin', async () => {
    const row = penaltyRow({ CF_WSH: '长市监罚〔2026〕9101号', CF_XDR_MC: '全国链路测试有限公司', CF_XDR_SHXYM: uscc('91130102MA0000N91'), CF_CFJG: '石家庄市长安区市场监督管理局' });
    const s = await submitJsonBatch(sjz.p, SYSTEM_ACTOR, cityMarket, 'penalty', [row]);
    assert.equal(s.counts.created, 1, JSON.stringify(s));
    const r1 = await relayOnce(sjz.p);
    assert.equal(r1.accepted, 1, r1.error);
    const r2 = await relayOnce(prov.p);
    assert.equal(r2.accepted, 1, r2.error);
    const origin = await nat.p.db.one<{ node: string; origin: string }>(
      `SELECT n.region_code AS node, e.origin_region AS origin FROM exchange_received e JOIN exchange_node n ON n.id = e.node_id WHERE e.source_ref = $1`,
      ['长市监罚〔2026〕9101号'],
    );
    assert.deepEqual(origin, { node: '130000', origin: '130102' });
  });
});
