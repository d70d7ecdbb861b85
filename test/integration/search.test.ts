// The public portal's first hour (issue 15): name search by 字号 (1–2 characters anywhere in a
// name, ranked, counted, paged), the subject page with every public category it has (a tab per
// list, exits, persons only where the list's rule publishes them), and totals that agree.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, orgUscc, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow, licenseRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { exitEntry } from '../../src/modules/sanctions/lists.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const A = orgUscc('91', '130100', 'MA0HC001'); // 河北恒盛市政工程有限公司
const B = orgUscc('91', '130100', 'MA0HC002'); // 恒盛
const C = orgUscc('91', '130100', 'MA0HC003'); // 恒盛建材有限公司 (red list)
const D = orgUscc('91', '130100', 'MA0HC004'); // 石家庄恒盛商贸有限公司
const E = orgUscc('91', '130600', 'MA0JH001'); // 保定金瀚贸易有限公司 (black list)
const G = orgUscc('91', '130100', 'MA0RN001'); // renamed
const P_ID = idNumber('13010219800101555'); // 王恒盛: 失信被执行人, public by law
const Q_ID = idNumber('13010219810202666'); // 李恒盛: 严重失信主体 person, not published

let t: TestPlatform;
let market: Department;
let court: Department;

const get = (url: string) => t.app.inject({ method: 'GET', url });
const search = async (q: string, page = 1, pageSize = 20) => {
  const r = await get(`/api/v1/public/subjects?q=${encodeURIComponent(q)}&page=${page}&pageSize=${pageSize}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { items: { id: string; name: string; kind: string; maskedId: string | null; publicRecordCount: number }[]; total: number; totalCapped: boolean };
};

const ddRow = (over: Record<string, string>) => ({
  ZTMC: '保定金瀚贸易有限公司',
  ZTLB: '法人及非法人组织',
  TYSHXYDM: E,
  FDDBR: '刘某',
  AH: '（2026）冀0602执101号',
  ZXFY: '保定市竞秀区人民法院',
  ZXYJWH: '（2025）冀0602民初88号',
  ZCZXYJDW: '保定市竞秀区人民法院',
  LASJ: '2026-01-10',
  SXYW: '支付货款人民币30万元',
  LXQK: '全部未履行',
  SXQX: '有履行能力而拒不履行生效法律文书确定义务',
  RDRQ: '2026-03-01',
  YXQZ: '2028-03-01',
  ...over,
});

const penalty = (name: string, code: string, ref: string) => penaltyRow({ CF_XDR_MC: name, CF_XDR_SHXYM: code, CF_WSH: ref });

before(async () => {
  t = await createTestPlatform('2026-11-20');
  market = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  court = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130602MB0000021'), name: '保定市竞秀区人民法院', regionCode: '130600', kinds: ['court'] });
  const ok = (s: { counts: { created: number; rejected: number }; results: unknown[] }, n: number) =>
    assert.deepEqual({ created: s.counts.created, rejected: s.counts.rejected }, { created: n, rejected: 0 }, JSON.stringify(s.results));
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
    penalty('河北恒盛市政工程有限公司', A, '石市监罚〔2026〕201号'),
    penalty('恒盛', B, '石市监罚〔2026〕202号'),
    penalty('石家庄恒盛商贸有限公司', D, '石市监罚〔2026〕204号'),
    penalty('保定金瀚贸易有限公司', E, '石市监罚〔2026〕205号'),
    penalty('旧名称甲乙有限公司', G, '石市监罚〔2026〕206号'),
  ]), 5);
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'license', [
    licenseRow({ XK_XDR_MC: '河北恒盛市政工程有限公司', XK_XDR_SHXYM: A, XK_WSH: '石市监许〔2026〕301号' }),
    licenseRow({ XK_XDR_MC: '恒盛建材有限公司', XK_XDR_SHXYM: C, XK_WSH: '石市监许〔2026〕303号' }),
  ]), 2);
  // the latest record's name is the subject's name
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penalty('新名称丙丁有限公司', G, '石市监罚〔2026〕207号')]), 1);
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [
    ddRow({}),
    ddRow({ AH: '（2026）冀0602执102号', RDRQ: '2026-02-01' }), // taken off below
    ddRow({ ZTMC: '王恒盛', ZTLB: '自然人', TYSHXYDM: '', ZJLX: '居民身份证', ZJHM: P_ID, FDDBR: '', AH: '（2026）冀0602执103号', YXQZ: '' }),
  ]), 3);
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'serious-dishonesty', [
    { 主体名称: '李恒盛', 主体类别: '自然人', 证件类型: '居民身份证', 证件号码: Q_ID, 认定文书号: '石市监严失〔2026〕9号', 认定日期: '2026-05-01', 认定事由: '生产销售假药，情节严重', 认定依据: '《市场监督管理严重违法失信名单管理办法》第二条' },
  ]), 1);
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'integrity-exemplar', [
    { 主体名称: '恒盛建材有限公司', 主体类别: '法人及非法人组织', 统一社会信用代码: C, 荣誉称号: '河北省诚信示范企业', 授予机关: '河北省文明办', 认定文书号: '冀文明〔2026〕5号', 认定日期: '2026-04-01', 认定事由: '诚信经营', 认定依据: '冀政办字〔2017〕91号' },
  ]), 1);
  await exitEntry(t.p, SYSTEM_ACTOR, court, { category: 'dishonest-debtor', ref: '（2026）冀0602执102号', reason: '已全部履行', exitDate: '2026-10-08' });
});
after(() => t.close());

describe('search by 字号', () => {
  test('two characters anywhere in a name, ranked whole name, prefix, then substring (shorter first); persons only while public', async () => {
    const r = await search('恒盛');
    assert.deepEqual(r.items.map((x) => x.name), ['恒盛', '恒盛建材有限公司', '王恒盛', '石家庄恒盛商贸有限公司', '河北恒盛市政工程有限公司']);
    assert.equal(r.total, 5);
    assert.equal(r.totalCapped, false);
    const person = r.items.find((x) => x.kind === 'person')!;
    assert.match(person.maskedId!, /^130102\*{8}\d{3}[0-9X]$/);
    assert.ok(!JSON.stringify(r).includes(P_ID), 'no clear ID number');
    assert.ok(!JSON.stringify(r).includes('李恒盛'), 'a person on a list that does not publish persons stays hidden');
    // persons are indexed only once a record publishes them: 王恒盛 is, 李恒盛 is not
    const indexed = await t.p.db.query<{ name: string }>(
      `SELECT DISTINCT s.name FROM subject_gram g JOIN subject s ON s.id = g.subject_id WHERE g.person ORDER BY s.name`,
    );
    assert.deepEqual(indexed.map((x) => x.name), ['王恒盛']);
  });

  test('one character matches anywhere too, ranked the same way', async () => {
    const r = await search('盛');
    // no name starts with 盛: all are substrings, shorter names first
    assert.deepEqual(r.items.map((x) => x.name), ['恒盛', '王恒盛', '恒盛建材有限公司', '石家庄恒盛商贸有限公司', '河北恒盛市政工程有限公司']);
    assert.deepEqual((await search('恒')).items.map((x) => x.name), ['恒盛', '恒盛建材有限公司', '王恒盛', '石家庄恒盛商贸有限公司', '河北恒盛市政工程有限公司']);
    assert.equal((await search('瀚')).items[0]!.name, '保定金瀚贸易有限公司');
  });

  test('pages follow the ranking and the total stays the same on every page', async () => {
    const pages = [await search('恒盛', 1, 2), await search('恒盛', 2, 2), await search('恒盛', 3, 2)];
    assert.deepEqual(pages.map((p) => p.items.map((x) => x.name)), [['恒盛', '恒盛建材有限公司'], ['王恒盛', '石家庄恒盛商贸有限公司'], ['河北恒盛市政工程有限公司']]);
    assert.deepEqual(pages.map((p) => p.total), [5, 5, 5]);
    const beyond = await get('/api/v1/public/subjects?q=%E6%81%92&page=501&pageSize=20');
    assert.equal(beyond.statusCode, 400);
    assert.equal(beyond.json().error.code, 'PAGE_BEYOND_RESULTS');
  });

  test('three and four characters: substring, prefix before the rest', async () => {
    assert.deepEqual((await search('恒盛市')).items.map((x) => x.name), ['河北恒盛市政工程有限公司']);
    assert.deepEqual((await search('恒盛建材')).items.map((x) => x.name), ['恒盛建材有限公司']);
    assert.deepEqual((await search('有限公司')).items.map((x) => x.name).slice(0, 1), ['恒盛建材有限公司']);
  });

  test('a code finds its subject first', async () => {
    const r = await search(A);
    assert.deepEqual(r.items.map((x) => x.name), ['河北恒盛市政工程有限公司']);
    assert.equal(r.total, 1);
  });

  test('a renamed subject is found by its new name only (the grams follow the name)', async () => {
    assert.equal((await search('甲乙')).total, 0);
    assert.deepEqual((await search('丙丁')).items.map((x) => x.name), ['新名称丙丁有限公司']);
    const grams = await t.p.db.query<{ gram: string }>(`SELECT g.gram FROM subject_gram g JOIN subject s ON s.id = g.subject_id WHERE s.uscc = $1 ORDER BY g.gram`, [G]);
    assert.ok(grams.some((g) => g.gram === '丙丁') && !grams.some((g) => g.gram === '甲乙' || g.gram === '旧'));
  });
});

describe('the subject page shows every public category', () => {
  test('a company on 失信被执行人: a black-list tab with its entry and term, its exit notice, penalties beside it', async () => {
    const r = await get(`/api/v1/public/subjects/${E}`);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.deepEqual(body.categories.map((c: { code: string; kind: string; count: number }) => [c.code, c.kind, c.count]), [
      ['license', 'license', 0],
      ['penalty', 'penalty', 1],
      ['dishonest-debtor', 'black', 1],
    ]);
    const entry = body.records.find((x: { category: string }) => x.category === 'dishonest-debtor');
    assert.deepEqual(
      { ref: entry.ref, name: entry.categoryName, list: entry.list, decisionDate: entry.decisionDate, validUntil: entry.validUntil },
      { ref: '（2026）冀0602执101号', name: '失信被执行人', list: { kind: 'black' }, decisionDate: '2026-03-01', validUntil: '2028-03-01' },
    );
    assert.ok(entry.fields.some((f: { code: string; value: string }) => f.code === 'SXQX' && f.value.startsWith('有履行能力')));
    const exits = await get(`/api/v1/public/subjects/${body.subject.id}/list-exits`);
    assert.equal(exits.statusCode, 200, exits.body);
    assert.deepEqual(
      exits.json().items.map((x: { ref: string; kind: string; exitDate: string; list: { name: string } }) => [x.ref, x.kind, x.exitDate, x.list.name]),
      [['（2026）冀0602执102号', 'exit', '2026-10-08', '失信被执行人']],
    );
  });

  test('a red list shows as its own tab', async () => {
    const body = (await get(`/api/v1/public/subjects/${C}`)).json();
    assert.deepEqual(body.categories.find((c: { code: string }) => c.code === 'integrity-exemplar'), { code: 'integrity-exemplar', name: '诚信典型', kind: 'red', count: 1 });
  });

  test('a person on 失信被执行人 is public by law, ID masked; a person on a list that does not publish persons is not found', async () => {
    const hit = (await search('王恒盛')).items[0]!;
    const r = await get(`/api/v1/public/subjects/${hit.id}`);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.deepEqual(body.categories.filter((c: { count: number }) => c.count > 0).map((c: { code: string }) => c.code), ['dishonest-debtor']);
    assert.match(body.subject.maskedId, /\*/);
    assert.ok(!r.body.includes(P_ID));
    assert.equal((await get(`/api/v1/public/subjects/${Q_ID}`)).statusCode, 404);
  });
});

describe('counts that agree', () => {
  test('home, 双公示, lists, search hits, subject tabs and records count the same things', async () => {
    const stats = (await get('/api/v1/public/stats')).json();
    const pubs = (await get('/api/v1/public/publications?pageSize=100')).json();
    const lic = (await get('/api/v1/public/publications?category=license')).json();
    const pen = (await get('/api/v1/public/publications?category=penalty')).json();
    assert.equal(pubs.total, stats.publications);
    assert.equal(stats.publications, stats.publicLicenses + stats.publicPenalties);
    assert.deepEqual([lic.total, pen.total], [stats.publicLicenses, stats.publicPenalties]);
    assert.deepEqual([stats.publicLicenses, stats.publicPenalties], [2, 6]);
    // 双公示 is licences and penalties only
    assert.deepEqual([...new Set(pubs.items.map((x: { category: string }) => x.category))].sort(), ['license', 'penalty']);
    assert.equal((await get('/api/v1/public/publications?category=dishonest-debtor')).statusCode, 400);
    const lists = (await get('/api/v1/public/lists')).json().lists as { code: string; entriesInForce: number }[];
    let listed = 0;
    for (const l of lists) {
      const entries = (await get(`/api/v1/public/lists/${l.code}/entries`)).json();
      assert.equal(entries.total, l.entriesInForce, l.code);
      listed += l.entriesInForce;
    }
    assert.equal(stats.listEntries, listed);
    assert.equal(listed, 3); // two court entries in force (one company, one person), one exemplar; the 严重失信 person is not public
    // the public statistics page counts the same things, and each breakdown adds up to its total
    const st = (await get('/api/v1/public/statistics')).json();
    assert.deepEqual(
      [st.totals.publications, st.totals.listEntries, st.totals.subjects, st.asOf],
      [stats.publications, stats.listEntries, stats.subjects, stats.asOf],
    );
    assert.equal(st.totals.repairs, (await get('/api/v1/public/repairs/results?from=1900-01-01')).json().total);
    for (const m of ['publications', 'subjects', 'listEntries', 'repairs']) {
      assert.equal(st.byCity.reduce((n: number, r: Record<string, number>) => n + r[m]!, 0), st.totals[m], m);
      assert.equal(st.byMonth.reduce((n: number, r: Record<string, number>) => n + r[m]!, 0), st.totals[m], m);
    }
    // 保定's court entries under 保定; the unpublished person is in no figure
    assert.equal(st.byCity.find((r: { code: string }) => r.code === '130600').listEntries, 2);
    // every search hit's count is its subject page's records, and the tabs add up to them
    for (const hit of (await search('有限公司', 1, 100)).items.concat((await search('恒盛')).items)) {
      const page = (await get(`/api/v1/public/subjects/${hit.id}`)).json();
      assert.equal(page.records.length, hit.publicRecordCount, hit.name);
      assert.equal(page.categories.reduce((n: number, c: { count: number }) => n + c.count, 0), page.records.length, hit.name);
    }
  });
});

describe('many matches', () => {
  test('more than 10,000: the total says 10,000+, pages follow the ranking without overlap', async () => {
    // organizations straight into the subject table (the triggers index their public names, 0023):
    // 10,050 names with 试密集
    await t.p.db.query(
      `INSERT INTO subject (subject_key, kind, name, public_name)
       SELECT 'TEST:dense:' || i, 'organization', '测试密集' || i || '号有限公司', '测试密集' || i || '号有限公司' FROM generate_series(1, 10050) i`,
    );
    const first = await search('试密集', 1, 20);
    assert.equal(first.total, 10000);
    assert.equal(first.totalCapped, true);
    // shorter names first: 测试密集1号有限公司 … 测试密集9号有限公司 (10 characters), then two digits
    assert.deepEqual(first.items.slice(0, 9).map((x) => x.name), Array.from({ length: 9 }, (_, i) => `测试密集${i + 1}号有限公司`));
    const second = await search('试密集', 2, 20);
    assert.equal(second.totalCapped, true);
    const names = [...first.items, ...second.items].map((x) => x.name);
    assert.equal(new Set(names).size, 40);
    assert.ok(names.every((n) => n.includes('试密集')));
    const lengths = names.map((n) => [...n].length);
    assert.deepEqual(lengths, [...lengths].sort((a, b) => a - b));
    // one and two characters: the same cap from the bigram index
    const two = await search('密集', 1, 20);
    assert.deepEqual([two.total, two.totalCapped], [10000, true]);
    assert.equal(two.items[0]!.name, '测试密集1号有限公司');
  });
});
