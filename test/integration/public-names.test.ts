// Public names from public records only (issue 17, decision 0021, migration 0023): a subject's
// name on the public portal (search, subject page, 双公示, lists, public reports, the name index)
// comes only from records with a publication window; staff keep the latest submitted name.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, orgUscc, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { readFileSync } from 'node:fs';

const HIDDEN = orgUscc('91', '130100', 'MA0PN001'); // only a 轻微 (non-public) penalty
const RENAMED = orgUscc('91', '130100', 'MA0PN002'); // public penalty, then a non-public one under a new name
const PERSON = idNumber('13010219900101777'); // a person whose only record is non-public (penalties do not publish persons)
const LISTED = idNumber('13010219910202888'); // a person on the 失信被执行人 list (public by law)

let t: TestPlatform;
let market: Department;
let court: Department;

const get = (url: string) => t.app.inject({ method: 'GET', url });
const search = async (q: string) => {
  const r = await get(`/api/v1/public/subjects?q=${encodeURIComponent(q)}&page=1&pageSize=50`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { items: { id: string; name: string; kind: string }[]; total: number };
};
const names = async (q: string) => (await search(q)).items.map((x) => x.name);
const ok = (s: { counts: { created: number; rejected: number }; results: unknown[] }, n: number) =>
  assert.deepEqual({ created: s.counts.created, rejected: s.counts.rejected }, { created: n, rejected: 0 }, JSON.stringify(s.results));
const grams = async (code: string) => {
  const s = (await findSubjectByCode(t.p.db, code, t.p.crypto))!;
  return (await t.p.db.query<{ gram: string }>('SELECT gram FROM subject_gram WHERE subject_id = $1 ORDER BY gram', [s.id])).map((g) => g.gram);
};

before(async () => {
  t = await createTestPlatform('2026-11-20');
  market = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  court = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130102MB0000021'), name: '石家庄市长安区人民法院', regionCode: '130100', kinds: ['court'] });
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
    penaltyRow({ CF_XDR_MC: '隐秘名称甲有限公司', CF_XDR_SHXYM: HIDDEN, CF_WSH: '石市监罚〔2026〕501号', SEVERITY: '轻微' }),
    penaltyRow({ CF_XDR_MC: '公开名称乙有限公司', CF_XDR_SHXYM: RENAMED, CF_WSH: '石市监罚〔2026〕502号', SEVERITY: '一般' }),
    penaltyRow({ CF_XDR_MC: '赵隐秘', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_FRDB: '', CF_WSH: '石市监罚〔2026〕503号', SEVERITY: '一般' }),
  ]), 3);
  // a later non-public record under a new name: staff see it, the public keeps the public one
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
    penaltyRow({ CF_XDR_MC: '改名隐秘丙有限公司', CF_XDR_SHXYM: RENAMED, CF_WSH: '石市监罚〔2026〕504号', SEVERITY: '轻微' }),
  ]), 1);
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [{
    ZTMC: '钱公开', ZTLB: '自然人', ZJLX: '居民身份证', ZJHM: LISTED, AH: '（2026）冀0102执501号', ZXFY: '石家庄市长安区人民法院',
    ZXYJWH: '（2025）冀0102民初501号', ZCZXYJDW: '石家庄市长安区人民法院', LASJ: '2026-01-10', SXYW: '支付货款人民币10万元',
    LXQK: '全部未履行', SXQX: '有履行能力而拒不履行生效法律文书确定义务', RDRQ: '2026-03-01', YXQZ: '',
  }]), 1);
  // the same listed person, named differently on a record that is not public
  ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
    penaltyRow({ CF_XDR_MC: '钱隐秘', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: LISTED, CF_FRDB: '', CF_WSH: '石市监罚〔2026〕505号', SEVERITY: '一般' }),
  ]), 1);
});
after(() => t.close());

describe('public names come from public records only', () => {
  test('staff keep the latest submitted name; the public name is the name on the latest public record', async () => {
    const hidden = (await findSubjectByCode(t.p.db, HIDDEN, t.p.crypto))!;
    assert.deepEqual([hidden.name, hidden.publicName], ['隐秘名称甲有限公司', null]);
    const renamed = (await findSubjectByCode(t.p.db, RENAMED, t.p.crypto))!;
    assert.deepEqual([renamed.name, renamed.publicName], ['改名隐秘丙有限公司', '公开名称乙有限公司']);
    const person = (await findSubjectByCode(t.p.db, PERSON, t.p.crypto))!;
    assert.deepEqual([person.name, person.publicName], ['赵隐秘', null]);
    const listed = (await findSubjectByCode(t.p.db, LISTED, t.p.crypto))!;
    assert.deepEqual([listed.name, listed.publicName], ['钱隐秘', '钱公开']);
  });

  test('a subject known only from non-public records is not found by name, by code or by page', async () => {
    for (const q of ['隐秘名称甲有限公司', '隐秘名称', '隐秘', '甲有', '赵隐秘', '赵隐', '改名隐秘丙', '丙有', '钱隐秘'])
      assert.deepEqual(await names(q), [], q);
    assert.deepEqual((await search(HIDDEN)).items, []);
    for (const code of [HIDDEN, PERSON]) {
      const page = await get(`/api/v1/public/subjects/${encodeURIComponent(code)}`);
      assert.equal(page.statusCode, 404, code);
      assert.equal(page.json().error.code, 'SUBJECT_NOT_FOUND');
    }
    const report = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: { subject: HIDDEN } });
    assert.equal(report.statusCode, 404, report.body);
    assert.ok(!report.body.includes('隐秘'));
  });

  test('every public answer uses the public name', async () => {
    assert.deepEqual(await names('公开名称乙'), ['公开名称乙有限公司']);
    assert.deepEqual(await names('乙有'), ['公开名称乙有限公司']);
    assert.deepEqual(await names('钱公'), ['钱公开']);
    assert.deepEqual((await search(RENAMED)).items.map((x) => x.name), ['公开名称乙有限公司']);
    const page = await get(`/api/v1/public/subjects/${RENAMED}`);
    assert.equal(page.statusCode, 200);
    assert.equal(page.json().subject.name, '公开名称乙有限公司');
    const listedId = (await search('钱公开')).items[0]!.id;
    const person = await get(`/api/v1/public/subjects/${listedId}`);
    assert.equal(person.json().subject.name, '钱公开');
    const pubs = await get('/api/v1/public/publications?pageSize=100');
    assert.equal(pubs.statusCode, 200);
    const list = await get('/api/v1/public/lists/dishonest-debtor/entries?pageSize=100');
    assert.equal(list.statusCode, 200, list.body);
    const byName = await get(`/api/v1/public/lists/dishonest-debtor/entries?q=${encodeURIComponent('钱隐秘')}`);
    assert.equal(byName.json().total, 0);
    const report = await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: { subject: RENAMED } });
    assert.equal(report.statusCode, 200, report.body);
    const bodies = [page.body, person.body, pubs.body, list.body, (await search('公开')).items.map((x) => x.name).join()];
    for (const b of bodies) for (const secret of ['隐秘', PERSON]) assert.ok(!b.includes(secret), `${secret} in ${b.slice(0, 200)}`);
    assert.ok(pubs.body.includes('公开名称乙有限公司'));
    assert.ok(list.body.includes('钱公开'));
  });

  test('the name index holds public names only, and follows a new public name', async () => {
    assert.deepEqual(await grams(HIDDEN), []);
    assert.deepEqual(await grams(PERSON), []);
    assert.ok((await grams(RENAMED)).includes('乙有'));
    assert.ok(!(await grams(RENAMED)).includes('丙有'));
    ok(await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [
      penaltyRow({ CF_XDR_MC: '公开新名丁有限公司', CF_XDR_SHXYM: RENAMED, CF_WSH: '石市监罚〔2026〕506号', SEVERITY: '一般' }),
      penaltyRow({ CF_XDR_MC: '隐秘名称甲有限公司', CF_XDR_SHXYM: HIDDEN, CF_WSH: '石市监罚〔2026〕507号', SEVERITY: '严重' }),
    ]), 2);
    assert.ok((await grams(RENAMED)).includes('丁有'));
    assert.ok(!(await grams(RENAMED)).includes('乙有'));
    assert.deepEqual(await names('乙有'), []);
    assert.deepEqual(await names('丁有'), ['公开新名丁有限公司']);
    // a subject made public later is found from then on, under the name its public record gives
    assert.deepEqual(await names('甲有'), ['隐秘名称甲有限公司']);
    assert.equal((await get(`/api/v1/public/subjects/${HIDDEN}`)).statusCode, 200);
  });

  test('the migration’s backfill gives the public names collection gives, and the index it rebuilds is the one the triggers keep', async () => {
    const sql = readFileSync(new URL('../../migrations/0023_subject_public_name.sql', import.meta.url), 'utf8');
    const backfill = sql.slice(sql.indexOf('UPDATE subject s SET public_name'), sql.indexOf(';', sql.indexOf('UPDATE subject s SET public_name')));
    const rebuild = sql.slice(sql.indexOf('TRUNCATE subject_gram'));
    const names = () => t.p.db.query<{ id: number; public_name: string | null }>('SELECT id, public_name FROM subject ORDER BY id');
    const index = () => t.p.db.query<{ gram: string; subject_id: number }>('SELECT gram, rank, subject_id, person FROM subject_gram ORDER BY gram, rank, subject_id');
    const [before, gramsBefore] = [await names(), await index()];
    assert.ok(before.some((r) => r.public_name === null) && before.some((r) => r.public_name !== null));
    await t.p.db.tx(async (tx) => {
      await tx.query('ALTER TABLE subject DISABLE TRIGGER subject_gram_rename');
      await tx.query('UPDATE subject SET public_name = NULL');
      await tx.query(backfill);
      await tx.query('ALTER TABLE subject ENABLE TRIGGER subject_gram_rename');
      for (const statement of rebuild.split(';').map((x) => x.trim()).filter(Boolean)) await tx.query(statement);
    });
    assert.deepEqual(await names(), before);
    assert.deepEqual(await index(), gramsBefore);
  });
});
