// Hostile input (issue 16): a NUL, another control character, an unpaired surrogate or undecodable
// bytes in any value is a field error with code CONTROL_CHARACTER — never a 500, never a lost
// neighbour — on every input path: JSON batches, CSV and XLSX files, query parameters, path ids,
// staff forms and public forms. Run on PGlite and PostgreSQL (PostgreSQL refuses NUL in text).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createTestPlatform, addTestDepartment, addTestClient, DEPT_USCC, uscc, type TestPlatform } from '../helpers/platform.ts';
import { signedInject, type SignedInjectOptions } from '../helpers/signed.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { importFile } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';

let t: TestPlatform;
let dep: Department;
let token: string;
let auditor = '';

before(async () => {
  t = await createTestPlatform('2026-11-20');
  dep = await addTestDepartment(t.p, DEPT_USCC);
  token = await addTestClient(t.p, dep);
  const { user } = await createStaffUser(t.p, SYSTEM_ACTOR, null, {
    username: 'hostile-auditor', displayName: '审计员', role: 'auditor', regionCode: '130000', password: 'Correct-Horse-42', mustChangePassword: false,
  });
  auditor = await openSessionFor(t.p, user.id);
});
after(() => t.close());

const signed = (opts: Omit<SignedInjectOptions, 'now'>) => signedInject(t.app, token, { now: t.p.now(), ...opts });
// n valid penalty rows of their own subjects, numbered from `from`
const rows = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    penaltyRow({ CF_WSH: `冀${tag}罚〔2026〕${i + 1}号`, CF_XDR_MC: `保定${tag}${i + 1}有限公司`, CF_XDR_SHXYM: uscc(`91130600MA${tag.charCodeAt(0) % 10}${String(i + 1).padStart(6, '0')}`) }),
  );
const landed = async (tag: string) => (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM record WHERE source_ref LIKE $1', [`冀${tag}罚%`]))!.n;

function assertControlError(e: { code: string; field?: string | null; zh: string; en: string }, field: string, position: number) {
  assert.equal(e.code, 'CONTROL_CHARACTER');
  if (e.field !== undefined && e.field !== null) assert.equal(e.field, field);
  assert.ok(e.zh.includes(field) && e.zh.includes(`第 ${position} 个字符`), e.zh);
  assert.ok(e.en.includes(field) && e.en.includes(`character ${position}`), e.en);
}

describe('JSON batches', () => {
  test('one NUL record among valid ones: the valid ones land, the NUL one is rejected with CONTROL_CHARACTER', async () => {
    const records: Record<string, string>[] = rows('甲', 5);
    records[2] = { ...records[2]!, CF_XDR_MC: '保定\u0000甲有限公司' };
    records[4] = { ...records[4]!, CF_SY: 'ok \ud800 lone' }; // an unpaired surrogate in free text
    const r = await signed({ url: '/api/v1/batches', json: { category: 'penalty', records } });
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    assert.deepEqual(b.counts, { rows: 5, created: 3, updated: 0, unchanged: 0, rejected: 2 });
    assertControlError(b.results[2].errors[0], 'CF_XDR_MC', 3);
    assertControlError(b.results[4].errors[0], 'CF_SY', 4);
    assert.equal(await landed('甲'), 3);
    // the error report of the batch stores and serves them
    const errs = await signed({ url: `/api/v1/batches/${b.batchId}/errors?format=csv` });
    assert.equal(errs.statusCode, 200, errs.body);
    assert.ok(errs.body.includes('CONTROL_CHARACTER'));
    assert.ok(!errs.body.includes('\u0000'));
  });

  test('other C0 controls are refused in codes and dates; tab, CR and LF pass in free text', async () => {
    const records = rows('乙', 3);
    records[0] = { ...records[0]!, CF_JDRQ: '2026-06-01\u0001' };
    records[1] = { ...records[1]!, CF_SY: '第一行\r\n第二行\t完' };
    records[2] = { ...records[2]!, CF_WSH: 'Y\u001b[31m' };
    const b = (await signed({ url: '/api/v1/batches', json: { category: 'penalty', records } })).json();
    assert.deepEqual([b.results[0].status, b.results[1].status, b.results[2].status], ['rejected', 'created', 'rejected']);
    assertControlError(b.results[0].errors[0], 'CF_JDRQ', 11);
    assertControlError(b.results[2].errors[0], 'CF_WSH', 2);
  });

  test('a control character outside the records is a 400 naming the body field; nothing is written', async () => {
    const before = await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM batch');
    const r = await signed({ url: '/api/v1/batches', json: { category: 'penalty', records: rows('丙', 1), ['note\u0000']: 1 } });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().error.code, 'CONTROL_CHARACTER');
    assert.ok(r.json().error.en.includes('body field name'));
    assert.deepEqual(await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM batch'), before);
  });
});

describe('files', () => {
  test('CSV: one NUL byte in one cell rejects that row only; the import completes', async () => {
    const rs = rows('丁', 4);
    rs[1] = { ...rs[1]!, CF_NR: '罚款\u0000人民币' };
    const file = path.join(t.dir, 'nul.csv');
    writeFileSync(file, csv(rs));
    const s = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    assert.equal(s.status, 'completed');
    assert.deepEqual([s.rows, s.created, s.rejected], [4, 3, 1]);
    assert.equal(s.errors[0]!.row, 3); // header is row 1
    assertControlError(s.errors[0]!, 'CF_NR', 3);
    assert.equal(await landed('丁'), 3);
  });

  test('CSV: bytes that are not UTF-8 in an otherwise UTF-8 file are that row’s error', async () => {
    const rs = rows('戊', 3);
    const text = csv(rs);
    const at = Buffer.from(text.slice(0, text.indexOf('保定戊2')), 'utf8').length;
    const bytes = Buffer.concat([Buffer.from(text, 'utf8').subarray(0, at + 6), Buffer.from([0xff]), Buffer.from(text, 'utf8').subarray(at + 6)]);
    // a large valid UTF-8 prefix keeps the encoding detection on UTF-8
    const file = path.join(t.dir, 'bad-utf8.csv');
    writeFileSync(file, bytes);
    const s = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    assert.equal(s.status, 'completed');
    if (s.rejected > 0) {
      assert.equal(s.errors[0]!.code, 'CONTROL_CHARACTER');
      assert.equal(s.errors[0]!.field, 'CF_XDR_MC');
    }
    assert.equal(s.rows, 3);
    assert.equal(s.created + s.rejected, 3);
  });

  test('XLSX: a control character in one cell (stored as Excel does, _x0007_) rejects that row only', async () => {
    const rs = rows('己', 3);
    rs[0] = { ...rs[0]!, CF_XDR_MC: '保定_x0007_己有限公司' };
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    const cols = Object.keys(rs[0]!);
    ws.addRow(cols);
    for (const r of rs) ws.addRow(cols.map((c) => r[c]));
    const file = path.join(t.dir, 'ctl.xlsx');
    await wb.xlsx.writeFile(file);
    const s = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    assert.equal(s.status, 'completed', JSON.stringify(s.failure));
    assert.deepEqual([s.rows, s.created, s.rejected], [3, 2, 1]);
    assertControlError(s.errors[0]!, 'CF_XDR_MC', 3);
  });
});

describe('query parameters, path ids and forms', () => {
  const publicGet = (url: string) => t.app.inject({ method: 'GET', url });

  test('%00 in the public query q is a 400, not a 500', async () => {
    const r = await publicGet('/api/v1/public/subjects?q=%E4%BF%9D%E5%AE%9A%00');
    assert.equal(r.statusCode, 400, r.body);
    assertControlError(r.json().error, 'q', 3);
  });

  test('%00 and other controls in audit filters are 400s; bytes that are not UTF-8 stay percent-encoded and are no 500', async () => {
    for (const url of ['/api/v1/audit/events?actor=%00', '/api/v1/audit/events?action=a%00b', '/api/v1/audit/events?target=x%01']) {
      const r = await t.app.inject({ method: 'GET', url, cookies: { xy_session: auditor } });
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      assert.equal(r.json().error.code, 'CONTROL_CHARACTER');
    }
    const raw = await t.app.inject({ method: 'GET', url: '/api/v1/audit/events?target=%ED%A0%80%FF', cookies: { xy_session: auditor } });
    assert.equal(raw.statusCode, 200, raw.body);
  });

  test('%00 in path ids is a 400', async () => {
    for (const url of ['/api/v1/batches/%00', '/api/v1/public/subjects/%00']) {
      const r = url.startsWith('/api/v1/batches') ? await signed({ url }) : await publicGet(url);
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      assert.equal(r.json().error.code, 'CONTROL_CHARACTER');
    }
  });

  test('page=1e309 and other out-of-range numbers are 400s', async () => {
    for (const url of ['/api/v1/public/subjects?q=%E4%BF%9D%E5%AE%9A&page=1e309', '/api/v1/public/subjects?q=%E4%BF%9D%E5%AE%9A&page=-1', '/api/v1/public/subjects?q=%E4%BF%9D%E5%AE%9A&pageSize=NaN', '/api/v1/public/subjects?q=%E4%BF%9D%E5%AE%9A&page=1e300', '/api/v1/public/subjects?q=%E4%BF%9D%E5%AE%9A&page=Infinity']) {
      const r = await publicGet(url);
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      assert.ok(r.json().error.zh && r.json().error.en);
    }
    const a = await t.app.inject({ method: 'GET', url: '/api/v1/audit/events?page=1e309', cookies: { xy_session: auditor } });
    assert.equal(a.statusCode, 400, a.body);
  });

  test('a staff form and a public form with NUL are 400 CONTROL_CHARACTER naming the field', async () => {
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'x-requested-with': 'xinyong' }, payload: { username: 'hostile\u0000auditor', password: 'x' } });
    assert.equal(signIn.statusCode, 400, signIn.body);
    assertControlError(signIn.json().error, 'username', 8);
    // line breaks and tabs are text in a form's body (a reason typed in a textarea), not refused
    const multiline = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'x-requested-with': 'xinyong' }, payload: { username: 'hostile-auditor', password: 'wrong\r\n\tpassword' } });
    assert.notEqual(multiline.json().error?.code, 'CONTROL_CHARACTER', multiline.body);
    const challenge = await t.app.inject({ method: 'POST', url: '/api/v1/public/identity/challenges', payload: { code: DEPT_USCC, name: '石家庄\u0000', contact: '13800000000' } });
    assert.equal(challenge.statusCode, 400, challenge.body);
    assertControlError(challenge.json().error, 'name', 4);
  });

  test('JSON bodies nested too deep or with too many keys are refused with zh and en', async () => {
    const deep = '['.repeat(10_000) + '1' + ']'.repeat(10_000);
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'x-requested-with': 'xinyong', 'content-type': 'application/json' }, payload: `{"username":${deep},"password":"x"}` });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().error.code, 'BODY_TOO_DEEP');
    // a deeply nested value inside one record is that record's error; its neighbour lands
    let nested: unknown = 'x';
    for (let i = 0; i < 100; i++) nested = [nested];
    const recs = rows('庚', 2);
    const one = await signed({ url: '/api/v1/batches', json: { category: 'penalty', records: [{ ...recs[0]!, CF_SY: nested }, recs[1]] } });
    assert.equal(one.statusCode, 200, one.body);
    assert.deepEqual([one.json().results[0].status, one.json().results[0].errors[0].code, one.json().results[1].status], ['rejected', 'VALUE_TYPE_INVALID', 'created']);
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]));
    const w = await signed({ url: '/api/v1/batches', json: { category: 'penalty', records: [wide] } });
    assert.equal(w.statusCode, 400, w.body);
    assert.equal(w.json().error.code, 'BODY_TOO_MANY_KEYS');
    assert.ok(w.json().error.zh && w.json().error.en);
  });
});
