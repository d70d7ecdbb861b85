// The data spine end to end: collect (API and files) → one-code index → publication → public API.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { createTestPlatform, addTestDepartment, addTestClient, DEPT_USCC, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject, type SignedInjectOptions } from '../helpers/signed.ts';
import { waitUntil } from '../helpers/wait.ts';
import { penaltyRow, licenseRow, csv, ORG_USCC, PERSON_ID } from '../helpers/rows.ts';
import { importFile } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';
import { orgCodeFromUscc, checkUscc } from '../../src/kernel/codes/uscc.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';

let t: TestPlatform;
let dep: Department;
let token: string;

before(async () => {
  t = await createTestPlatform('2026-11-20');
  dep = await addTestDepartment(t.p, DEPT_USCC);
  token = await addTestClient(t.p, dep);
});
after(() => t.close());

const signed = (opts: Omit<SignedInjectOptions, 'now'>, credential = token) => signedInject(t.app, credential, { now: t.p.now(), ...opts });
const post = (body: unknown, credential = token) => signed({ url: '/api/v1/batches', json: body }, credential);
const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('JSON batches', () => {
  test('refuse a request without valid credentials', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/batches', payload: { category: 'penalty', records: [penaltyRow()] } });
    assert.equal(r.statusCode, 401);
    // AUTH_REQUIRED where the access policy answers first, SIGNATURE_REQUIRED where signing does
    assert.ok(['AUTH_REQUIRED', 'SIGNATURE_REQUIRED'].includes(r.json().error.code), r.body);
    const bad = await post({ category: 'penalty', records: [penaltyRow()] }, 'xk_0000000000000000.s1:bm90LWEtcmVhbC1zZWNyZXQtYXQtYWxs');
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().error.code, 'CLIENT_KEY_UNKNOWN');
  });

  test('answer per record, land good records beside a bad one, and are idempotent', async () => {
    const bad = penaltyRow({ CF_WSH: '石市监罚〔2026〕102号', CF_XDR_SHXYM: ORG_USCC.slice(0, 17) + (ORG_USCC[17] === '0' ? '1' : '0') });
    const second = licenseRow();
    const r1 = await post({ category: 'penalty', records: [penaltyRow(), bad] });
    assert.equal(r1.statusCode, 200, r1.body);
    const b1 = r1.json();
    assert.deepEqual(b1.counts, { rows: 2, created: 1, updated: 0, unchanged: 0, rejected: 1 });
    assert.equal(b1.results[0].status, 'created');
    assert.equal(b1.results[1].status, 'rejected');
    const err = b1.results[1].errors[0];
    assert.equal(err.field, 'CF_XDR_SHXYM');
    assert.match(err.zh, /[\u4e00-\u9fa5]/);
    assert.ok(err.en.length > 0);

    const lic = await post({ category: 'license', records: [second] });
    assert.equal(lic.json().counts.created, 1);

    const again = (await post({ category: 'penalty', records: [penaltyRow()] })).json();
    assert.equal(again.results[0].status, 'unchanged');
    assert.equal(again.results[0].recordId, b1.results[0].recordId);

    const changed = (await post({ category: 'penalty', records: [penaltyRow({ CF_NR_FK: '6', CF_NR: '罚款人民币陆万元' })] })).json();
    assert.equal(changed.results[0].status, 'updated');
    assert.equal(changed.results[0].version, 2);
    const versions = await t.p.db.query<{ version: number; superseded: boolean }>(
      `SELECT version, superseded_at IS NOT NULL AS superseded FROM record WHERE source_ref = $1 ORDER BY version`,
      ['石市监罚〔2026〕101号'],
    );
    assert.deepEqual(versions, [{ version: 1, superseded: true }, { version: 2, superseded: false }]);
  });

  test('a ref repeated within one batch: identical → unchanged, changed → a new version, in row order', async () => {
    const ref = '石市监罚〔2026〕777号';
    const who = { CF_XDR_MC: '唐山重号测试有限公司', CF_XDR_SHXYM: uscc('91130100MA0000777') }; // a subject of its own
    const a = penaltyRow({ ...who, CF_WSH: ref });
    const b = penaltyRow({ ...who, CF_WSH: ref, CF_NR_FK: '7', CF_NR: '罚款人民币柒万元' });
    const r = (await post({ category: 'penalty', records: [a, a, b, a] })).json();
    assert.deepEqual(
      r.results.map((x: { status: string; version: number }) => [x.status, x.version]),
      [['created', 1], ['unchanged', 1], ['updated', 2], ['updated', 3]],
    );
    assert.equal(r.results[1].recordId, r.results[0].recordId);
    assert.ok(r.results.every((x: { recordId?: string }) => x.recordId));
    const versions = await t.p.db.query<{ version: number; superseded: boolean }>(
      'SELECT version, superseded_at IS NOT NULL AS superseded FROM record WHERE source_ref = $1 ORDER BY version',
      [ref],
    );
    assert.deepEqual(versions, [{ version: 1, superseded: true }, { version: 2, superseded: true }, { version: 3, superseded: false }]);
    // the same batch again: each row compared with the current version (3, content a)
    const again = (await post({ category: 'penalty', records: [a, b] })).json();
    assert.deepEqual(
      again.results.map((x: { status: string; version: number }) => [x.status, x.version]),
      [['unchanged', 3], ['updated', 4]],
    );
  });

  test('keep the submitted JSON as the batch\'s original, byte for byte', async () => {
    const body = { category: 'license', records: [licenseRow({ XK_WSH: '石市监许〔2026〕77号', XK_XDR_MC: '唐山原件保存有限公司', XK_XDR_SHXYM: uscc('91130100MA0000077') })] };
    const r = (await post(body)).json();
    const orig = await signed({ url: `/api/v1/batches/${r.batchId}/file` });
    assert.equal(orig.statusCode, 200);
    assert.equal(orig.body, JSON.stringify(body));
  });

  test('reject a schema violation with a clear 400', async () => {
    const r = await post({ category: 'nonsense', records: [] });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().error.code, 'REQUEST_INVALID');
  });
});

describe('one code, one subject', () => {
  test('the USCC, the embedded organization code and the public id find the same subject', async () => {
    const byUscc = (await get(`/api/v1/public/subjects/${ORG_USCC}`)).json();
    assert.equal(byUscc.subject.name, '石家庄华信达商贸有限公司');
    const byOrg = (await get(`/api/v1/public/subjects/${orgCodeFromUscc(ORG_USCC)}`)).json();
    assert.equal(byOrg.subject.id, byUscc.subject.id);
    const byId = (await get(`/api/v1/public/subjects/${byUscc.subject.id}`)).json();
    assert.equal(byId.subject.code, ORG_USCC);
    const lowerFullWidth = (await get(`/api/v1/public/subjects/${encodeURIComponent(' ' + ORG_USCC.toLowerCase() + ' ')}`)).json();
    assert.equal(lowerFullWidth.subject.id, byUscc.subject.id);
    const n = await t.p.db.one<{ n: number }>('SELECT count(*) AS n FROM subject WHERE uscc = $1', [ORG_USCC]);
    assert.equal(n!.n, 1);
  });

  test('an ID number that also passes the USCC check still finds the person', async () => {
    const id = idNumber('13010219910202345'); // 130102199102023456: a valid USCC check character too
    assert.equal(checkUscc(id).ok, true);
    const row = penaltyRow({ CF_WSH: '石市监罚〔2026〕505号', CF_XDR_LB: '自然人', CF_XDR_MC: '王芳', CF_XDR_SHXYM: '', CF_FRDB: '', CF_XDR_ZJLX: '身份证', CF_XDR_ZJHM: id });
    assert.equal((await post({ category: 'penalty', records: [row] })).json().results[0].status, 'created');
    const s = await findSubjectByCode(t.p.db, id, t.p.crypto);
    assert.equal(s?.kind, 'person');
    assert.equal(s?.name, '王芳');
  });

  test('the public profile lists the current penalty version and the license, labelled', async () => {
    const body = (await get(`/api/v1/public/subjects/${ORG_USCC}`)).json();
    const cats = body.records.map((r: { category: string }) => r.category).sort();
    assert.deepEqual(cats, ['license', 'penalty']);
    const pen = body.records.find((r: { category: string }) => r.category === 'penalty');
    assert.equal(pen.publicFrom, '2026-06-01');
    assert.equal(pen.publicUntil, '2027-06-01'); // general: one year, last day the anniversary
    const fk = pen.fields.find((f: { code: string }) => f.code === 'CF_NR_FK');
    assert.equal(fk.value, '6');
    assert.ok(fk.name.includes('罚款金额'));
  });

  test('name search: the characters anywhere in a name, one or two characters too (字号)', async () => {
    const sub = (await get(`/api/v1/public/subjects?q=${encodeURIComponent('华信达')}`)).json();
    assert.equal(sub.total, 1);
    assert.equal(sub.items[0].code, ORG_USCC);
    const short = (await get(`/api/v1/public/subjects?q=${encodeURIComponent('华信')}`)).json();
    assert.equal(short.total, 1); // 华信 inside 石家庄华信达…
    assert.equal(short.items[0].code, ORG_USCC);
    const prefix = (await get(`/api/v1/public/subjects?q=${encodeURIComponent('石家')}`)).json();
    assert.equal(prefix.total, 1);
    const empty = await get('/api/v1/public/subjects?q=%20');
    assert.equal(empty.statusCode, 400);
  });
});

describe('publication rules', () => {
  test('light penalties and penalties of persons are kept but not published; ID numbers are sealed', async () => {
    const light = penaltyRow({ CF_WSH: '石市监罚〔2026〕201号', SEVERITY: '轻微', CF_XDR_MC: '石家庄轻微商贸有限公司', CF_XDR_SHXYM: uscc('91130100MA0000009') });
    const person = penaltyRow({
      CF_WSH: '石市监罚〔2026〕202号',
      CF_XDR_LB: '自然人',
      CF_XDR_MC: '李娜',
      CF_XDR_SHXYM: '',
      CF_FRDB: '',
      CF_XDR_ZJLX: '身份证',
      CF_XDR_ZJHM: PERSON_ID,
    });
    const r = (await post({ category: 'penalty', records: [light, person] })).json();
    assert.deepEqual(r.results.map((x: { status: string }) => x.status), ['created', 'created']);
    // known only from a non-public record: no public name, so no public page either (0023)
    const lightProfile = await get(`/api/v1/public/subjects/${light.CF_XDR_SHXYM}`);
    assert.equal(lightProfile.statusCode, 404);
    const personProfile = await get(`/api/v1/public/subjects/${PERSON_ID}`);
    assert.equal(personProfile.statusCode, 404); // nothing public: not even disclosed
    const search = (await get(`/api/v1/public/subjects?q=${encodeURIComponent('李娜')}`)).json();
    assert.equal(search.total, 0);
    const leaks = await t.p.db.one<{ n: number }>(
      `SELECT (SELECT count(*) FROM record WHERE fields::text LIKE $1 OR coalesce(sealed, '') LIKE $1)
            + (SELECT count(*) FROM subject WHERE coalesce(id_cipher, '') LIKE $1 OR coalesce(id_masked, '') LIKE $1 OR name LIKE $1) AS n`,
      [`%${PERSON_ID}%`],
    );
    assert.equal(leaks!.n, 0);
    const masked = await t.p.db.one<{ id_masked: string }>('SELECT id_masked FROM subject WHERE kind = $1 AND name = $2', ['person', '李娜']);
    assert.equal(masked!.id_masked, `${PERSON_ID.slice(0, 6)}********${PERSON_ID.slice(14)}`);
  });

  test('a penalty leaves the public view the day after its window and stays in the credit file', async () => {
    const serious = penaltyRow({ CF_WSH: '石市监罚〔2025〕301号', SEVERITY: '严重', CF_JDRQ: '2025-01-31', CF_XDR_MC: '保定严重违法建材有限公司', CF_XDR_SHXYM: uscc('91130600MA0000007') });
    const general = penaltyRow({ CF_WSH: '石市监罚〔2025〕302号', CF_JDRQ: '2025-11-30', CF_XDR_MC: '保定一般违法建材有限公司', CF_XDR_SHXYM: uscc('91130600MA0000008') });
    const gsjzq = penaltyRow({ CF_WSH: '石市监罚〔2026〕303号', CF_JDRQ: '2026-10-01', CF_GSJZQ: '2027-03-01', CF_XDR_MC: '保定截止期建材有限公司', CF_XDR_SHXYM: uscc('91130600MA0000009') });
    const res = (await post({ category: 'penalty', records: [serious, general, gsjzq] })).json();
    assert.equal(res.counts.created, 3, JSON.stringify(res.results));
    const count = async (code: string) => (await get(`/api/v1/public/subjects/${code}`)).json().records.length;
    const until = async (code: string) => (await get(`/api/v1/public/subjects/${code}`)).json().records[0]?.publicUntil;
    assert.equal(await until(serious.CF_XDR_SHXYM!), '2028-01-31');
    assert.equal(await until(general.CF_XDR_SHXYM!), '2026-11-30');
    assert.equal(await until(gsjzq.CF_XDR_SHXYM!), '2027-03-01');
    t.setToday('2026-11-30');
    assert.equal(await count(general.CF_XDR_SHXYM!), 1);
    t.setToday('2026-12-01');
    assert.equal(await count(general.CF_XDR_SHXYM!), 0);
    assert.equal(await count(serious.CF_XDR_SHXYM!), 1);
    const stored = await t.p.db.one<{ n: number }>('SELECT count(*) AS n FROM record WHERE source_ref = $1', ['石市监罚〔2025〕302号']);
    assert.equal(stored!.n, 1);
    t.setToday('2026-11-20');
  });

  test('records reaching the platform after 7 working days are flagged late', async () => {
    // received 2026-11-20 (Fri). 7 working days after 2026-11-11 (Wed) is 2026-11-20: on time;
    // after 2026-11-10 it is 2026-11-19: late.
    const onTime = penaltyRow({ CF_WSH: '石市监罚〔2026〕401号', CF_JDRQ: '2026-11-11' });
    const late = penaltyRow({ CF_WSH: '石市监罚〔2026〕402号', CF_JDRQ: '2026-11-10' });
    await post({ category: 'penalty', records: [onTime, late] });
    const rows = await t.p.db.query<{ source_ref: string; late: boolean }>(
      `SELECT source_ref, late FROM record WHERE source_ref IN ('石市监罚〔2026〕401号', '石市监罚〔2026〕402号') ORDER BY source_ref`,
    );
    assert.deepEqual(rows, [{ source_ref: '石市监罚〔2026〕401号', late: false }, { source_ref: '石市监罚〔2026〕402号', late: true }]);
  });

  test('the latest dual publication list, filtered by category and dates', async () => {
    const all = (await get('/api/v1/public/publications?pageSize=100')).json();
    assert.ok(all.total >= 4);
    const lic = (await get('/api/v1/public/publications?category=license')).json();
    assert.ok(lic.items.every((i: { category: string }) => i.category === 'license'));
    assert.ok(lic.items[0].summary.includes('食品经营许可决定书'));
    const range = (await get('/api/v1/public/publications?category=penalty&from=2026-10-01&to=2026-10-31')).json();
    assert.deepEqual(range.items.map((i: { ref: string }) => i.ref), ['石市监罚〔2026〕303号']);
    const bad = await get('/api/v1/public/publications?from=2026-13-01');
    assert.equal(bad.statusCode, 400);
  });
});

describe('file imports', () => {
  test('GB18030 CSV with Chinese headers: bad rows named by row and field, good rows land, duplicates unchanged', async () => {
    const base = (i: number, over: Record<string, string> = {}) =>
      penaltyRow({ CF_WSH: `冀文件罚〔2026〕${i}号`, CF_XDR_MC: `邢台文件测试${i}有限公司`, CF_XDR_SHXYM: uscc(`91130500MA${String(i).padStart(7, '0')}`), ...over });
    const rows = [
      base(1),
      base(2, { CF_JDRQ: '2099-01-01' }), // future date
      base(3, { CF_CFLB: '罚款', CF_NR_FK: '' }), // 罚款 without amount
      base(1), // identical to row 2: unchanged
      base(4, { CF_NR_FK: '-3' }),
      base(5, { CF_JDRQ: '2026年6月3日' }),
    ];
    const header = ['行政相对人名称', '行政相对人类别', '统一社会信用代码', '法定代表人', '行政处罚决定书文号', '违法行为类型', '违法事实', '处罚依据', '处罚类别', '处罚内容', '罚款金额（万元）', '处罚决定日期', '处罚有效期', '处罚机关', '处罚机关统一社会信用代码', '数据来源单位', '数据来源单位统一社会信用代码'];
    const codes = ['CF_XDR_MC', 'CF_XDR_LB', 'CF_XDR_SHXYM', 'CF_FRDB', 'CF_WSH', 'CF_WFXW', 'CF_SY', 'CF_YJ', 'CF_CFLB', 'CF_NR', 'CF_NR_FK', 'CF_JDRQ', 'CF_YXQ', 'CF_CFJG', 'CF_CFJGDM', 'CF_SJLY', 'CF_SJLYDM'];
    const text = csv(rows, codes).replace(/^[^\n]*/, header.join(','));
    const file = path.join(t.dir, 'gbk.csv');
    writeFileSync(file, iconv.encode(text, 'gb18030'));
    const s = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    assert.equal(s.status, 'completed');
    assert.deepEqual({ rows: s.rows, created: s.created, unchanged: s.unchanged, rejected: s.rejected }, { rows: 6, created: 2, unchanged: 1, rejected: 3 });
    const byRow = new Map(s.errors.map((e) => [e.row, e]));
    assert.equal(byRow.get(3)?.field, 'CF_JDRQ');
    assert.equal(byRow.get(4)?.field, 'CF_NR_FK');
    assert.equal(byRow.get(6)?.field, 'CF_NR_FK');
    const landed = (await get(`/api/v1/public/subjects?q=${encodeURIComponent('邢台文件测试5')}`)).json();
    assert.equal(landed.total, 1);
    // re-running the same file changes nothing
    const again = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    assert.deepEqual({ created: again.created, unchanged: again.unchanged, rejected: again.rejected }, { created: 0, unchanged: 3, rejected: 3 });
  });

  test('XLSX with date cells and numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    const row = licenseRow({ XK_WSH: '石市监许〔2026〕900号', XK_XDR_MC: '石家庄表格导入有限公司', XK_XDR_SHXYM: uscc('91130100MA0000900') });
    const cols = Object.keys(row);
    ws.addRow(cols);
    ws.addRow(cols.map((c) => (c === 'XK_JDRQ' || c === 'XK_YXQZ' ? new Date(Date.UTC(2026, 4, 10)) : row[c])));
    const file = path.join(t.dir, 'lic.xlsx');
    await wb.xlsx.writeFile(file);
    const s = await importFile(t.p, { file, category: 'license', department: dep, actor: SYSTEM_ACTOR });
    assert.deepEqual({ created: s.created, rejected: s.rejected }, { created: 1, rejected: 0 }, JSON.stringify(s.errors));
    const prof = (await get(`/api/v1/public/subjects/${row.XK_XDR_SHXYM}`)).json();
    assert.equal(prof.records[0].decisionDate, '2026-05-10');
  });

  test('a file missing a required column fails with row 1 and the field named', async () => {
    const row = penaltyRow({ CF_WSH: '冀缺列〔2026〕1号' });
    delete (row as Record<string, string>).CF_WSH;
    const file = path.join(t.dir, 'missing.csv');
    writeFileSync(file, csv([row]));
    const s = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    assert.equal(s.status, 'failed');
    assert.equal(s.errors[0]?.row, 1);
    assert.equal(s.errors[0]?.field, 'CF_WSH');
  });

  test('an interrupted import resumes after its last committed row: nothing lost, nothing duplicated', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) =>
      penaltyRow({ CF_WSH: `冀续传罚〔2026〕${i + 1}号`, CF_XDR_MC: `衡水续传${i + 1}有限公司`, CF_XDR_SHXYM: uscc(`91131100MA${String(i + 1).padStart(7, '0')}`) }),
    );
    const file = path.join(t.dir, 'resume.csv');
    writeFileSync(file, csv(rows));
    const first = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR, stopAfterRows: 2000 });
    assert.equal(first.status, 'running');
    assert.equal(first.rows, 2000);
    const second = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    assert.equal(second.resumed, true);
    assert.equal(second.batchId, first.batchId);
    assert.deepEqual({ rows: second.rows, created: second.created, unchanged: second.unchanged }, { rows: 2500, created: 2500, unchanged: 0 });
    const n = await t.p.db.one<{ n: number }>("SELECT count(*) AS n FROM record WHERE source_ref LIKE '冀续传罚%'");
    assert.equal(n!.n, 2500);
  });

  test('the error report downloads as CSV and XLSX; the original file as submitted', async () => {
    const file = path.join(t.dir, 'report.csv');
    writeFileSync(file, csv([penaltyRow({ CF_WSH: '冀报告〔2026〕1号', CF_JDRQ: 'not a date' })]));
    const s = await importFile(t.p, { file, category: 'penalty', department: dep, actor: SYSTEM_ACTOR });
    const c = await signed({ url: `/api/v1/batches/${s.batchId}/errors?format=csv` });
    assert.equal(c.statusCode, 200);
    assert.ok(c.body.includes('CF_JDRQ'));
    assert.ok(c.body.split('\n')[1]!.startsWith('2,'));
    const x = await signed({ url: `/api/v1/batches/${s.batchId}/errors?format=xlsx` });
    assert.equal(x.statusCode, 200);
    assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');
    const orig = await signed({ url: `/api/v1/batches/${s.batchId}/file` });
    assert.equal(orig.body, csv([penaltyRow({ CF_WSH: '冀报告〔2026〕1号', CF_JDRQ: 'not a date' })]));
    const b = (await signed({ url: `/api/v1/batches/${s.batchId}` })).json();
    assert.equal(b.counts.rejected, 1);
  });

  test('upload through the API answers 202 and the batch completes', async () => {
    const body = csv([penaltyRow({ CF_WSH: '冀上传〔2026〕1号', CF_XDR_MC: '廊坊上传测试有限公司', CF_XDR_SHXYM: uscc('91131000MA0000001') })]);
    const r = await signed({ url: '/api/v1/batches/files?category=penalty&filename=up.csv', body, contentType: 'text/csv' });
    assert.equal(r.statusCode, 202, r.body);
    const id = r.json().id;
    // the import is a job: wait for its status, bounded in time
    let b = { status: 'running', counts: { created: 0 } };
    await waitUntil(async () => (b = (await signed({ url: `/api/v1/batches/${id}` })).json()).status !== 'running', 'the uploaded batch to finish');
    assert.equal(b.status, 'completed');
    assert.equal(b.counts.created, 1);
  });
});

test('the OpenAPI document describes the routes', async () => {
  const doc = (await get('/api/v1/openapi.json')).json();
  assert.ok(doc.paths['/api/v1/batches']);
  assert.ok(doc.paths['/api/v1/public/subjects/{code}']);
  assert.ok(doc.paths['/api/v1/public/publications']);
});
