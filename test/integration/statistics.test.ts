// Public statistics (issue 10, "public statistics on 信用河北"): aggregated only; persons' records,
// persons as subjects and persons' repairs are never counted (a person on a list whose rule
// publishes persons is, as on the list page); repairs count as the public repair results show
// them; the figures are cached for a bounded time and recomputed after it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, idNumber, orgUscc, uscc, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';
import { applyRepair, decideRepair } from '../../src/modules/rights/repair.service.ts';
import { createStatisticsCache } from '../../src/modules/statistics/statistics.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const ORG = orgUscc('91', '130100', 'MA0TJ001');
const XA_ORG = orgUscc('91', '130629', 'MA0TJ002'); // registered in 容城县: 雄安新区
const PERSON = idNumber('13010219850505321');
const DEBTOR = idNumber('13060219800101654');
const EVIDENCE = [{ filename: '证明.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4\n').toString('base64'), purpose: 'obligations' as const }];

let t: TestPlatform;
let sjz: Department;
let court: Department;

const get = async (url: string) => {
  const r = await t.app.inject({ method: 'GET', url });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};

before(async () => {
  t = await createTestPlatform('2026-11-20');
  sjz = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  court = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130602MB0000021'), name: '保定市竞秀区人民法院', regionCode: '130602', kinds: ['court'] });
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, sjz, 'penalty', [
    penaltyRow({ CF_XDR_MC: '石家庄统计商贸有限公司', CF_XDR_SHXYM: ORG, CF_WSH: '石市监罚〔2026〕901号', CF_JDRQ: '2026-06-01' }),
    penaltyRow({ CF_XDR_MC: '石家庄统计二号有限公司', CF_XDR_SHXYM: ORG, CF_WSH: '石市监罚〔2026〕902号', CF_JDRQ: '2026-06-02' }),
    penaltyRow({ CF_XDR_MC: '雄安统计建材有限公司', CF_XDR_SHXYM: XA_ORG, CF_WSH: '石市监罚〔2026〕903号', CF_JDRQ: '2025-01-10', CF_YXQ: '2028-01-10', SEVERITY: '严重' }),
    penaltyRow({ CF_XDR_MC: '王某', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_WSH: '石市监罚〔2026〕904号', CF_FRDB: '', CF_JDRQ: '2026-06-01' }),
  ]);
  assert.equal(r.counts.created, 4, JSON.stringify(r.results));
  const d = await submitJsonBatch(t.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [
    {
      ZTMC: '李某', ZTLB: '自然人', ZJLX: '居民身份证', ZJHM: DEBTOR, AH: '（2026）冀0602执301号', ZXFY: '保定市竞秀区人民法院', ZXYJWH: '（2025）冀0602民初9号',
      ZCZXYJDW: '保定市竞秀区人民法院', LASJ: '2026-01-10', SXYW: '支付货款', LXQK: '全部未履行', SXQX: '有履行能力而拒不履行生效法律文书确定义务', RDRQ: '2026-03-01', YXQZ: '2028-03-01',
    },
  ]);
  assert.equal(d.counts.created, 1, JSON.stringify(d.results));
  // two approved repairs: the organization's (public result) and the person's penalty (never public)
  const filer = { actor: SYSTEM_ACTOR, via: 'staff' as const, sessionId: null };
  for (const [code, ref] of [[ORG, '石市监罚〔2026〕902号'], [PERSON, '石市监罚〔2026〕904号']] as const) {
    const subject = (await findSubjectByCode(t.p.db, code, t.p.crypto))!;
    const a = await applyRepair(t.p, subject, filer, { ref, obligations: '罚款已缴清', commitment: '承诺诚信经营', evidence: EVIDENCE });
    await decideRepair(t.p, SYSTEM_ACTOR, a.repairId, null, { outcome: 'approve', reason: '已履行' });
  }
});
after(() => t.close());

test('persons are counted nowhere except a list that publishes them; repairs as the public results; by city and month', async () => {
  const st = await get('/api/v1/public/statistics');
  const stats = await get('/api/v1/public/stats');
  // 901 public, 902 repaired (no longer public), 903 public (严重, 3 years), the person's 904 never public
  assert.deepEqual(st.totals, { publications: 2, subjects: 2, listEntries: 1, repairs: 1 });
  assert.deepEqual([stats.publications, stats.subjects, stats.listEntries], [2, 2, 1]);
  assert.equal(st.totals.repairs, (await get('/api/v1/public/repairs/results?from=1900-01-01')).total);
  const row = (code: string) => st.byCity.find((r: { code: string }) => r.code === code);
  assert.deepEqual([row('130100').publications, row('130100').subjects, row('130100').repairs], [2, 1, 1]);
  assert.equal(row('133100').subjects, 1); // 雄安 by the registration region in its code
  assert.equal(row('130600').listEntries, 1); // the court's public person entry
  const month = (m: string) => st.byMonth.find((r: { month: string }) => r.month === m);
  assert.equal(month('earlier').publications, 1); // 2025-01
  assert.equal(month('2026-06').publications, 1);
  assert.equal(month('2026-11').repairs, 1);
  assert.equal(month('2026-11').subjects, 2);
  assert.ok(!JSON.stringify(st).includes('王某') && !JSON.stringify(st).includes('李某'));
});

test('the cache: the same computation while nothing changes, a new one as soon as a record arrives, and after the time bound', async () => {
  const cache = createStatisticsCache(t.p, 60_000);
  const start = new Date('2026-11-20T02:00:00Z');
  t.setNow(start);
  const a = await cache.get();
  t.setNow(new Date(start.getTime() + 30_000));
  const b = await cache.get();
  assert.equal(b.computedAt, a.computedAt, 'nothing changed: the cached figures');
  await submitJsonBatch(t.p, SYSTEM_ACTOR, sjz, 'penalty', [penaltyRow({ CF_XDR_MC: '石家庄统计三号有限公司', CF_XDR_SHXYM: orgUscc('91', '130100', 'MA0TJ003'), CF_WSH: '石市监罚〔2026〕905号', CF_JDRQ: '2026-11-18' })]);
  const c = await cache.get();
  assert.deepEqual([c.totals.publications, c.totals.subjects], [a.totals.publications + 1, a.totals.subjects + 1], 'a new record: computed again at once');
  assert.notEqual(c.computedAt, a.computedAt);
  // and the public page agrees with the uncached home-page totals right after the upload
  const [st, stats] = [await get('/api/v1/public/statistics'), await get('/api/v1/public/stats')];
  assert.deepEqual([st.totals.publications, st.totals.subjects], [stats.publications, stats.subjects]);
  t.setNow(new Date(start.getTime() + 30_000 + 59_999));
  assert.equal((await cache.get()).computedAt, c.computedAt);
  t.setNow(new Date(start.getTime() + 30_000 + 60_000));
  const d = await cache.get();
  assert.notEqual(d.computedAt, c.computedAt, 'the time bound');
  assert.deepEqual(d.totals, c.totals);
});
