// Name search of three and four characters through subject_gram (issue 14, migration 0037,
// decision 0038): the gram path gives the rows, total and order the substring path (trigram index
// and heap) gave, on names with repeated, rare and special characters, and both agree with a plain
// scan that ranks every match; beyond 10,000 matches the gram path pages in the exact ranking.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { searchSubjectsByName, searchSubjectsByNameSubstring, SEARCH_CAP } from '../../src/modules/publication/publication.store.ts';

const TODAY = '2026-11-20';
let t: TestPlatform;

// repeated characters (the rank counts a gram's first place), rare ones (CJK extension B outside
// the BMP, 龘), LIKE's special characters, a name of exactly the query, Latin case
const NAMES = [
  '恒恒恒恒', '恒恒恒', '恒恒', '甲恒恒恒恒乙', '恒恒甲恒恒', '恒甲恒恒恒', '恒恒恒恒恒恒恒恒有限公司', '甲乙恒恒恒',
  '𠀀𠀁𠀂有限公司', '河北𠀀𠀁𠀂𠀃贸易有限公司', '𠀁𠀂𠀃', '龘龘龘', '龘龘龘龘龘', '石家庄龘靐齉商贸有限公司',
  '百分之百%_\\有限公司', '%_\\', 'a%c有限公司', 'abc', 'ABC有限公司', 'xabcx',
  '河北恒盛市政工程有限公司', '石家庄恒盛商贸有限公司', '恒盛建材有限公司', '恒盛',
];
// a person's public name without a record public today: never found (personal data)
const HIDDEN_PERSON = '恒恒恒恒';

// every match of q ranked as the search ranks (whole name and prefix first, shorter names first,
// then the older subject), persons only while public: a scan of the whole table, for reference
async function reference(q: string): Promise<number[]> {
  const rows = await t.p.db.query<{ id: number }>(
    `SELECT s.id FROM subject s
     WHERE strpos(s.public_name, $1) > 0
       AND (s.kind <> 'person' OR EXISTS (SELECT 1 FROM record r WHERE r.subject_id = s.id AND r.superseded_at IS NULL AND r.status = 'active'
            AND r.pub_from <= $2::date AND (r.pub_until IS NULL OR r.pub_until >= $2::date)))
     ORDER BY CASE WHEN left(s.public_name, char_length($1)) = $1 THEN 0 ELSE 10000 END + least(char_length(s.public_name), 9999), s.id`,
    [q, TODAY],
  );
  return rows.map((r) => Number(r.id));
}

const ids = (r: { items: { id: number }[] }) => r.items.map((x) => Number(x.id));

before(async () => {
  t = await createTestPlatform(TODAY);
  // straight into the subject table: the triggers index the public names (0023, 0037)
  await t.p.db.query(
    `INSERT INTO subject (subject_key, kind, name, public_name)
     SELECT 'TEST:grams:' || i, 'organization', n, n FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i)`,
    [NAMES],
  );
  await t.p.db.query(`INSERT INTO subject (subject_key, kind, name, public_name) VALUES ('TEST:grams:person', 'person', $1, $1)`, [HIDDEN_PERSON]);
});
after(() => t.close());

describe('three and four characters through subject_gram', () => {
  test('every 3- and 4-character piece of every name, and pieces found nowhere: the same page, total and order on both paths and the reference', async () => {
    const queries = new Set<string>(['恒恒乙丙', '甲恒甲', '龘龘龘龘', '%%_', 'ABCD', 'Abc', '无此名称']);
    for (const name of NAMES) {
      const c = [...name];
      for (const len of [3, 4]) for (let i = 0; i + len <= c.length; i++) queries.add(c.slice(i, i + len).join(''));
    }
    assert.ok(queries.size > 120, `${queries.size} queries`);
    for (const q of queries) {
      const want = await reference(q);
      const gram = await searchSubjectsByName(t.p.db, q, TODAY, 50, 0);
      const old = await searchSubjectsByNameSubstring(t.p.db, q, TODAY, 50, 0);
      assert.equal(gram.mode, 'gram', q);
      assert.deepEqual(ids(gram), want, q);
      assert.deepEqual(ids(old), want, q);
      assert.deepEqual([gram.total, gram.capped], [want.length, false], q);
      assert.deepEqual([old.total, old.capped], [want.length, false], q);
      // the hit rows themselves (public name, public record count) are the same
      assert.deepEqual(gram.items, old.items, q);
    }
    // repeated characters: 恒恒恒 is a prefix of 恒恒恒恒 and of 恒恒恒恒恒恒恒恒有限公司, later in the rest
    const names = async (q: string) => {
      const r = await searchSubjectsByName(t.p.db, q, TODAY, 50, 0);
      return r.items.map((x) => x.name);
    };
    assert.deepEqual(await names('恒恒恒'), ['恒恒恒', '恒恒恒恒', '恒恒恒恒恒恒恒恒有限公司', '恒甲恒恒恒', '甲乙恒恒恒', '甲恒恒恒恒乙']);
    assert.deepEqual(await names('𠀁𠀂𠀃'), ['𠀁𠀂𠀃', '河北𠀀𠀁𠀂𠀃贸易有限公司']);
    assert.deepEqual(await names('%_\\'), ['%_\\', '百分之百%_\\有限公司']);
    assert.deepEqual(await names('abc'), ['abc', 'xabcx']);
  });

  test('pages: every offset gives the reference slice on both paths', async () => {
    for (const q of ['恒恒恒', '有限公', '有限公司']) {
      const want = await reference(q);
      assert.ok(want.length >= 5, q);
      for (const size of [1, 2, 3]) {
        for (let offset = 0; offset <= want.length; offset += size) {
          const slice = want.slice(offset, offset + size);
          assert.deepEqual(ids(await searchSubjectsByName(t.p.db, q, TODAY, size, offset)), slice, `${q} ${size}@${offset}`);
          assert.deepEqual(ids(await searchSubjectsByNameSubstring(t.p.db, q, TODAY, size, offset)), slice, `${q} ${size}@${offset}`);
        }
      }
    }
  });

  test('five characters keep the substring path', async () => {
    const r = await searchSubjectsByName(t.p.db, '恒恒恒恒恒', TODAY, 20, 0);
    assert.equal(r.mode, 'substring');
    assert.deepEqual(ids(r), await reference('恒恒恒恒恒'));
  });

  test('the migration’s backfill gives the grams the triggers give', async () => {
    const sql = readFileSync(new URL('../../migrations/0037_name_grams_to_four.sql', import.meta.url), 'utf8');
    const backfill = sql.slice(sql.indexOf('INSERT INTO subject_gram'));
    const index = () => t.p.db.query('SELECT gram, rank, subject_id, person FROM subject_gram ORDER BY gram, rank, subject_id');
    const before = await index();
    assert.ok(before.length > 0);
    await t.p.db.tx(async (tx) => {
      await tx.query('DELETE FROM subject_gram WHERE char_length(gram) >= 3');
      await tx.query(backfill);
    });
    assert.deepEqual(await index(), before);
  });

  test('subject_grams without its per-name aggregate (0044) gives the pieces and ranks of the grouped formula (0037)', async () => {
    // the grouped formula of 0037, kept here as the reference: every piece of 1–4 characters,
    // one row per distinct piece, ranked by its first position
    const grouped = `SELECT s.id AS id, p.piece AS gram, (min(CASE WHEN i = 1 THEN 0 ELSE 10000 END) + least(char_length(s.public_name), 9999))::smallint AS rank
      FROM subject s, generate_series(1, 4) n, generate_series(1, char_length(s.public_name) - n + 1) i, LATERAL (SELECT substr(s.public_name, i, n) AS piece) p
      WHERE s.public_name IS NOT NULL GROUP BY s.id, p.piece ORDER BY id, p.piece COLLATE "C", rank`;
    const want = await t.p.db.query(grouped);
    const got = await t.p.db.query(
      'SELECT s.id AS id, x.gram, x.rank FROM subject s, subject_grams(s.public_name) x WHERE s.public_name IS NOT NULL ORDER BY s.id, x.gram COLLATE "C", x.rank',
    );
    assert.ok(want.length > 300, `${want.length} pieces`);
    assert.deepEqual(got, want);
    // and the table the triggers keep holds exactly them
    const table = await t.p.db.query('SELECT subject_id AS id, gram, rank FROM subject_gram ORDER BY subject_id, gram COLLATE "C", rank');
    assert.deepEqual(table, want);
    assert.deepEqual(await t.p.db.query('SELECT * FROM subject_grams(NULL)'), []);
    assert.deepEqual(await t.p.db.query("SELECT * FROM subject_grams('')"), []);
  });
});

describe('beyond 10,000 matches', () => {
  test('the same capped total on both paths; the gram path pages in the exact ranking', async () => {
    await t.p.db.query(
      `INSERT INTO subject (subject_key, kind, name, public_name)
       SELECT 'TEST:dense:' || i, 'organization', n, n FROM generate_series(1, 12000) i, LATERAL (SELECT CASE WHEN i % 7 = 0 THEN '密集测试' || i ELSE '测试密集' || i || '号有限公司' END AS n) x`,
    );
    for (const q of ['试密集', '测试密集', '密集测试']) {
      const want = await reference(q);
      const gram = await searchSubjectsByName(t.p.db, q, TODAY, 20, 0);
      const old = await searchSubjectsByNameSubstring(t.p.db, q, TODAY, 20, 0);
      if (want.length > SEARCH_CAP) {
        assert.deepEqual([gram.total, gram.capped], [SEARCH_CAP, true], q);
        assert.deepEqual([old.total, old.capped], [SEARCH_CAP, true], q);
        // the substring path ordered a capped page by a bigram's rank (an approximation); the gram path is exact
        assert.deepEqual(ids(gram), want.slice(0, 20), q);
        assert.deepEqual(ids(await searchSubjectsByName(t.p.db, q, TODAY, 20, 9980)), want.slice(9980, 10000), q);
      } else {
        assert.deepEqual([gram.total, gram.capped], [want.length, false], q);
        assert.deepEqual(ids(gram), want.slice(0, 20), q);
        assert.deepEqual(ids(old), want.slice(0, 20), q);
      }
    }
  });
});
