// A department's own records (issue 10, "Staff credit query": staff browse their own department's
// submitted records and list entries with filters and export them as XLSX): filters by category,
// decision date range, late and status, paging, the XLSX export of the filtered set (audited),
// nothing of another department, and bad filters refused in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestPlatform, orgUscc, uscc, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { exitEntry } from '../../src/modules/sanctions/lists.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

let t: TestPlatform;
let sjz: Department;
let bd: Department;
const sessions: Record<string, string> = {};

const get = (name: string, url: string) => t.app.inject({ method: 'GET', url, cookies: { xy_session: sessions[name]! } });
const page = async (name: string, query: string) => {
  const r = await get(name, `/api/v1/own-records?${query}`);
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { items: { ref: string; category: string; late: boolean; status: string; decisionDate: string; subject: { name: string } }[]; total: number };
};

before(async () => {
  t = await createTestPlatform('2026-11-20');
  sjz = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  bd = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0000002'), name: '保定市市场监督管理局', regionCode: '130600', kinds: ['market-regulation'] });
  const rows = [];
  // 25 penalties: decided 2026-06-01 … 2026-06-25 (received 2026-11-20: late), plus two on time
  for (let i = 1; i <= 25; i++)
    rows.push(penaltyRow({ CF_XDR_MC: `石家庄自查${i}号有限公司`, CF_XDR_SHXYM: orgUscc('91', '130100', `MA0W${String(i).padStart(4, '0')}`), CF_WSH: `石市监罚〔2026〕${1000 + i}号`, CF_JDRQ: `2026-06-${String(i).padStart(2, '0')}`, CF_YXQ: '2027-06-30' }));
  rows.push(penaltyRow({ CF_XDR_MC: '石家庄按时一号有限公司', CF_XDR_SHXYM: orgUscc('91', '130100', 'MA0Y0001'), CF_WSH: '石市监罚〔2026〕2001号', CF_JDRQ: '2026-11-18', CF_YXQ: '2027-11-18' }));
  rows.push(penaltyRow({ CF_XDR_MC: '=HYPERLINK("x")公司', CF_XDR_SHXYM: orgUscc('91', '130100', 'MA0Y0002'), CF_WSH: '石市监罚〔2026〕2002号', CF_JDRQ: '2026-11-19', CF_YXQ: '2027-11-19' }));
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, sjz, 'penalty', rows);
  assert.equal(r.counts.created, 27, JSON.stringify(r.results));
  const l = await submitJsonBatch(t.p, SYSTEM_ACTOR, sjz, 'serious-dishonesty', [
    { 主体名称: '石家庄自查1号有限公司', 主体类别: '法人及非法人组织', 统一社会信用代码: orgUscc('91', '130100', 'MA0W0001'), 认定文书号: '石严失〔2026〕31号', 认定日期: '2026-05-01', 认定事由: '拒不履行', 认定依据: '测试依据' },
    { 主体名称: '石家庄自查2号有限公司', 主体类别: '法人及非法人组织', 统一社会信用代码: orgUscc('91', '130100', 'MA0W0002'), 认定文书号: '石严失〔2026〕32号', 认定日期: '2026-05-02', 认定事由: '拒不履行', 认定依据: '测试依据' },
  ]);
  assert.equal(l.counts.created, 2, JSON.stringify(l.results));
  await exitEntry(t.p, SYSTEM_ACTOR, sjz, { category: 'serious-dishonesty', ref: '石严失〔2026〕32号', reason: '信用修复', exitDate: '2026-11-10' });
  await submitJsonBatch(t.p, SYSTEM_ACTOR, bd, 'penalty', [penaltyRow({ CF_XDR_MC: '保定他部门有限公司', CF_XDR_SHXYM: orgUscc('91', '130600', 'MA0Y0003'), CF_WSH: '保市监罚〔2026〕3001号' })]);
  for (const [name, dep] of [['sjzclerk', sjz], ['bdclerk', bd]] as const) {
    const u = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: name, displayName: name, role: 'department_clerk', password: 'Own-Records-Pass-2026', mustChangePassword: false, departmentId: dep.id })).user;
    sessions[name] = await openSessionFor(t.p, u.id);
  }
  const op = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'cityop', displayName: 'cityop', role: 'operator', password: 'Own-Records-Pass-2026', mustChangePassword: false, regionCode: '130100' })).user;
  sessions.op = await openSessionFor(t.p, op.id);
});
after(() => t.close());

test('filters: category, decision date range, late, status; newest decision first; only the own department', async () => {
  const all = await page('sjzclerk', 'pageSize=100');
  assert.equal(all.total, 29);
  assert.ok(!all.items.some((x) => x.subject.name.startsWith('保定')));
  assert.deepEqual(all.items.slice(0, 2).map((x) => x.ref), ['石市监罚〔2026〕2002号', '石市监罚〔2026〕2001号']);
  assert.equal((await page('sjzclerk', 'category=penalty')).total, 27);
  assert.equal((await page('sjzclerk', 'category=serious-dishonesty')).total, 2);
  assert.equal((await page('sjzclerk', 'from=2026-06-10&to=2026-06-20')).total, 11); // both ends inclusive
  assert.equal((await page('sjzclerk', 'from=2026-06-25&to=2026-06-25')).total, 1);
  const onTime = await page('sjzclerk', 'late=false&category=penalty');
  assert.deepEqual(onTime.items.map((x) => x.ref).sort(), ['石市监罚〔2026〕2001号', '石市监罚〔2026〕2002号']);
  assert.equal((await page('sjzclerk', 'late=true&category=penalty')).total, 25);
  const exited = await page('sjzclerk', 'status=exited');
  assert.deepEqual(exited.items.map((x) => [x.ref, x.status]), [['石严失〔2026〕32号', 'exited']]);
  assert.equal((await page('bdclerk', 'pageSize=100')).total, 1);
});

test('paging: pages do not overlap and cover the set', async () => {
  const seen = new Set<string>();
  for (let p = 1; p <= 3; p++) {
    const r = await page('sjzclerk', `category=penalty&page=${p}&pageSize=10`);
    assert.equal(r.total, 27);
    for (const x of r.items) seen.add(x.ref);
  }
  assert.equal(seen.size, 27);
});

test('XLSX export of the filtered set: header and rows in order, text kept as text, audited', async () => {
  const r = await get('sjzclerk', '/api/v1/own-records/export?category=penalty&late=false');
  assert.equal(r.statusCode, 200, r.body.slice(0, 300));
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  assert.match(String(r.headers['content-disposition']), /attachment; filename="records-2026-11-20\.xlsx"/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  assert.equal(ws.name, '报送记录');
  const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
  assert.deepEqual(values(1).slice(0, 3), ['信息类别', '文书号', '版本']);
  assert.equal(ws.actualRowCount, 3);
  assert.deepEqual(values(2).slice(0, 4), ['行政处罚', '石市监罚〔2026〕2002号', 1, '=HYPERLINK("x")公司']);
  assert.equal(ws.getRow(2).getCell(4).type, ExcelJS.ValueType.String, 'a name that looks like a formula stays text');
  assert.equal(values(3)[1], '石市监罚〔2026〕2001号');
  const ev = await t.p.db.query<{ actor: string; detail: { filter: Record<string, unknown> } }>(`SELECT actor, detail FROM audit_event WHERE action = 'records.export'`);
  assert.deepEqual(ev.map((e) => [e.actor, e.detail.filter]), [['staff:sjzclerk', { category: 'penalty', late: false }]]);
  // the whole set, more rows than one keyset page would be with a small page: same count as the list
  const whole = await get('sjzclerk', '/api/v1/own-records/export');
  const wb2 = new ExcelJS.Workbook();
  await wb2.xlsx.load(whole.rawPayload as unknown as ArrayBuffer);
  assert.equal(wb2.worksheets[0]!.actualRowCount, 1 + 29);
});

test('bad filters: 400 naming the field in Chinese and English; staff without a department: 403', async () => {
  for (const [q, code] of [
    ['category=nothing', 'CATEGORY_UNKNOWN'],
    ['from=2026-13-01', 'DATE_INVALID'],
    ['from=2026-11-02&to=2026-11-01', 'DATE_RANGE_INVALID'],
    ['status=gone', 'STATUS_UNKNOWN'],
  ] as const) {
    for (const url of [`/api/v1/own-records?${q}`, `/api/v1/own-records/export?${q}`]) {
      const r = await get('sjzclerk', url);
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      const e = r.json().error;
      assert.equal(e.code, code);
      assert.ok(e.zh && e.en);
    }
  }
  assert.equal((await get('sjzclerk', '/api/v1/own-records?late=maybe')).statusCode, 400);
  assert.equal((await get('op', '/api/v1/own-records')).statusCode, 403);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/own-records' })).statusCode, 401);
});
