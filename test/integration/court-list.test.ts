// The 失信被执行人 lifecycle (issue 13): an entry the court marks 履行完毕 leaves the public list and
// its measures at the end of the 3rd working day after the performance date (official calendar,
// across 国庆 2026), shows its clock on the public entry, is named in the exit notices; an entry
// still not exited by the court after the deadline raises one early warning. 信用警示: a stage
// before entry where the list's rules allow it, visible to staff, never published, no measures.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, uscc, orgUscc, type TestPlatform } from '../helpers/platform.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { runCheck } from '../../src/modules/sanctions/checks.service.ts';
import { exitEntry } from '../../src/modules/sanctions/lists.service.ts';
import { creditWarnings, liftCreditWarning, recordCreditWarning, sweepOverdueRemovals } from '../../src/modules/sanctions/lifecycle.service.ts';
import { listWarnings } from '../../src/modules/warnings/warnings.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { DomainError } from '../../src/kernel/errors.ts';

const A = orgUscc('91', '130100', 'MA0CL001'); // performed, not exited by the court: overdue
const B = orgUscc('91', '130100', 'MA0CL002'); // performed, exited in time
const C = orgUscc('91', '130100', 'MA0CL003'); // 信用警示, then entered
const D = orgUscc('91', '130100', 'MA0CL004'); // 信用警示, lifted
const refOf = (n: number) => `（2026）冀0102执${700 + n}号`;

const row = (code: string, n: number, over: Record<string, string> = {}) => ({
  主体名称: `石家庄履行测试${n}有限公司`,
  主体类别: '法人及非法人组织',
  统一社会信用代码: code,
  案号: refOf(n),
  执行法院: '石家庄市长安区人民法院',
  执行依据文号: `（2025）冀0102民初${n}号`,
  做出执行依据单位: '石家庄市长安区人民法院',
  立案时间: '2026-01-10',
  生效法律文书确定的义务: '支付货款',
  履行情况: '全部未履行',
  失信行为具体情形: '有履行能力而拒不履行生效法律文书确定义务',
  认定日期: '2026-03-01',
  ...over,
});

let t: TestPlatform;
let court: Department;
let finance: Department;
let tax: Department;

const get = (url: string) => t.app.inject({ method: 'GET', url });
const publicRefs = async () => (await get('/api/v1/public/lists/dishonest-debtor/entries?pageSize=100')).json().items.map((e: { ref: string }) => e.ref);
const entryId = async (ref: string) => (await get('/api/v1/public/lists/dishonest-debtor/entries?pageSize=100')).json().items.find((e: { ref: string }) => e.ref === ref)?.id as string | undefined;
const listMeasures = async (code: string) =>
  (await runCheck(t.p, SYSTEM_ACTOR, finance, { subject: code, scenario: 'procurement' })).measures.filter((m) => m.trigger.type === 'list-entry').map((m) => m.measureId);
const rejects = async (f: () => Promise<unknown>, code: string) => {
  await assert.rejects(f, (e: unknown) => {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.code, code);
    assert.ok(e.zh && e.en);
    return true;
  });
};

before(async () => {
  t = await createTestPlatform('2026-09-30');
  const dep = (code: string, name: string, kinds: string[]) => addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc(code), name, regionCode: '130100', kinds });
  court = await dep('11130102MB0000711', '石家庄市长安区人民法院', ['court']);
  finance = await dep('11130100MB0000712', '石家庄市财政局', ['finance']);
  tax = await dep('11130100MB0000713', '国家税务总局石家庄市税务局', ['tax']);
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [row(A, 1), row(B, 2), row(D, 4)]);
  assert.deepEqual(r.results.map((x) => x.status), ['created', 'created', 'created']);
});
after(() => t.close());

describe('履行完毕 → off the list within 3 working days', () => {
  test('the court marks 履行完毕: a date is required (row refused, zh + en, the other rows kept)', async () => {
    const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [row(A, 1, { 履行情况: '已全部履行' }), row(B, 2, { 履行情况: '全部履行', 履行完毕日期: '2026-09-30' })]);
    assert.equal(r.results[0]!.status, 'rejected');
    const e = r.results[0]!.errors!.find((x) => x.field === 'LXWBRQ')!;
    assert.equal(e.code, 'PERFORMED_ON_MISSING');
    assert.match(e.zh, /履行完毕日期/);
    assert.equal(r.results[1]!.status, 'updated');
    const a = await submitJsonBatch(t.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [row(A, 1, { 履行情况: '履行完毕', 履行完毕日期: '2026-09-30' })]);
    assert.equal(a.results[0]!.status, 'updated');
  });

  test('the public entry shows the clock: 3 working days after 09-30 across 国庆 is Saturday 10-10 (调休)', async () => {
    const id = await entryId(refOf(1));
    assert.ok(id);
    const e = (await get(`/api/v1/public/lists/dishonest-debtor/entries/${id}`)).json();
    assert.deepEqual(e.removal, { performedOn: '2026-09-30', workingDays: 3, deadline: '2026-10-10', state: 'running', stateName: '计时中', remainingWorkingDays: 3 });
    assert.equal(e.fields.find((f: { code: string }) => f.code === 'LXQK').value, '全部履行');
    assert.equal(e.validUntil, '2026-10-10');
  });

  test('B is exited by the court in time', async () => {
    const r = await exitEntry(t.p, SYSTEM_ACTOR, court, { category: 'dishonest-debtor', ref: refOf(2), reason: '被执行人已全部履行' });
    assert.equal(r.status, 'exited');
  });

  test('on the deadline the entry is still on the list and the check still applies its measures; no warning', async () => {
    t.setToday('2026-10-10');
    assert.ok((await publicRefs()).includes(refOf(1)));
    const e = (await get(`/api/v1/public/lists/dishonest-debtor/entries/${await entryId(refOf(1))}`)).json();
    assert.equal(e.removal.state, 'due-today');
    assert.ok((await listMeasures(A)).includes('dd-procurement'));
    assert.deepEqual((await sweepOverdueRemovals(t.p)).overdue, []);
  });

  test('the day after: off the public list, no measure, an exit notice naming 履行完毕; one early warning for the court', async () => {
    t.setToday('2026-10-11');
    assert.ok(!(await publicRefs()).includes(refOf(1)));
    assert.deepEqual(await listMeasures(A), []);
    const exits = (await get('/api/v1/public/lists/dishonest-debtor/exits')).json().items;
    const a = exits.find((x: { ref: string }) => x.ref === refOf(1));
    assert.deepEqual([a.kind, a.exitDate], ['term-end', '2026-10-11']);
    assert.match(a.reason, /2026-09-30 履行完毕，依规定于 3 个工作日内（2026-10-10 前）移出/);
    assert.equal(exits.find((x: { ref: string }) => x.ref === refOf(2)).kind, 'exit');

    const s1 = await sweepOverdueRemovals(t.p);
    assert.deepEqual(s1.overdue, [{ category: 'dishonest-debtor', ref: refOf(1), department: court.uscc, deadline: '2026-10-10' }]);
    await sweepOverdueRemovals(t.p); // idempotent while open
    const w = await listWarnings(t.p.db, { kind: 'list.removal-overdue', regionCodes: null, limit: 10, offset: 0 });
    assert.equal(w.total, 1);
    assert.equal(w.items[0]!.target, `${court.uscc}:dishonest-debtor:${refOf(1)}`);
    assert.match(w.items[0]!.reason.zh, /应在 2026-10-10（3 个工作日）前移出/);
    const audited = await t.p.db.query(`SELECT 1 FROM audit_event WHERE action = 'warning.raise'`);
    assert.equal(audited.length, 1);
  });
});

describe('信用警示 before entry', () => {
  test('only a department of the owner kind, only where the list allows it, at most 90 days; bad input changes nothing', async () => {
    t.setToday('2026-11-02');
    // C is not on file yet
    await rejects(() => recordCreditWarning(t.p, SYSTEM_ACTOR, court, { category: 'dishonest-debtor', subject: C, ref: refOf(3), reason: '拒不申报财产' }), 'SUBJECT_NOT_FOUND');
    await submitJsonBatch(t.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [row(C, 3, { 认定日期: '2026-11-02', 案号: '（2026）冀0102执旧1号' })]);
    await exitEntry(t.p, SYSTEM_ACTOR, court, { category: 'dishonest-debtor', ref: '（2026）冀0102执旧1号', reason: '已履行' });
    await rejects(() => recordCreditWarning(t.p, SYSTEM_ACTOR, tax, { category: 'dishonest-debtor', subject: C, ref: refOf(3), reason: '拒不申报财产' }), 'LIST_OWNER_REQUIRED');
    await rejects(() => recordCreditWarning(t.p, SYSTEM_ACTOR, court, { category: 'dishonest-debtor', subject: C, ref: refOf(3), reason: '拒不申报财产', lastDay: '2027-01-31' }), 'CREDIT_WARNING_TOO_LONG');
    await rejects(() => recordCreditWarning(t.p, SYSTEM_ACTOR, court, { category: 'dishonest-debtor', subject: C, ref: refOf(3), reason: ' ' }), 'CREDIT_WARNING_REASON_REQUIRED');
    await rejects(() => recordCreditWarning(t.p, SYSTEM_ACTOR, court, { category: 'serious-dishonesty', subject: C, ref: 'X', reason: 'x' }), 'CREDIT_WARNING_NOT_ALLOWED');
    assert.deepEqual(await creditWarnings(t.p, { departmentIds: null }), []);
  });

  test('recorded: staff see it, the public list and the check do not', async () => {
    const w = await recordCreditWarning(t.p, SYSTEM_ACTOR, court, { category: 'dishonest-debtor', subject: C, ref: refOf(3), reason: '被执行人拒不申报财产，给予宽限期' });
    assert.deepEqual([w.state, w.stateName, w.firstDay, w.lastDay], ['open', '警示中', '2026-11-02', '2027-01-30']);
    await rejects(() => recordCreditWarning(t.p, SYSTEM_ACTOR, court, { category: 'dishonest-debtor', subject: C, ref: refOf(3), reason: '再次' }), 'CREDIT_WARNING_EXISTS');
    const d = await recordCreditWarning(t.p, SYSTEM_ACTOR, court, { category: 'dishonest-debtor', subject: D, ref: refOf(5), reason: '宽限期', lastDay: '2026-12-01' });
    assert.equal(d.lastDay, '2026-12-01');
    assert.equal((await creditWarnings(t.p, { departmentIds: [court.id] })).length, 2);
    assert.equal((await creditWarnings(t.p, { departmentIds: [tax.id] })).length, 0);
    assert.ok(!(await publicRefs()).includes(refOf(3)));
    assert.deepEqual(await listMeasures(C), []);
    const body = (await get(`/api/v1/public/lists/dishonest-debtor/entries?q=${encodeURIComponent(C)}`)).body;
    assert.doesNotMatch(body, /宽限期|拒不申报财产/);
    const audit = await t.p.db.query<{ action: string }>(`SELECT action FROM audit_event WHERE action LIKE 'list.credit-warning%' ORDER BY id`);
    assert.deepEqual(audit.map((a) => a.action), ['list.credit-warning', 'list.credit-warning']);
  });

  test('lifted by the court with a reason (only its own, only while open); entered when the court enters the subject', async () => {
    const [c, d] = (await creditWarnings(t.p, { departmentIds: [court.id] })).sort((x, y) => Number(x.id) - Number(y.id));
    await rejects(() => liftCreditWarning(t.p, SYSTEM_ACTOR, tax, d!.id, { reason: '已履行' }), 'CREDIT_WARNING_NOT_FOUND');
    const lifted = await liftCreditWarning(t.p, SYSTEM_ACTOR, court, d!.id, { reason: '宽限期内已履行' });
    assert.deepEqual([lifted.state, lifted.lifted], ['lifted', { on: '2026-11-02', reason: '宽限期内已履行' }]);
    await rejects(() => liftCreditWarning(t.p, SYSTEM_ACTOR, court, d!.id, { reason: '再次' }), 'CREDIT_WARNING_NOT_OPEN');

    t.setToday('2026-11-20');
    await submitJsonBatch(t.p, SYSTEM_ACTOR, court, 'dishonest-debtor', [row(C, 3, { 认定日期: '2026-11-20' })]);
    const entered = (await creditWarnings(t.p, { departmentIds: [court.id], subject: C }))[0]!;
    assert.equal(entered.id, c!.id);
    assert.deepEqual([entered.state, entered.entered], ['entered', { ref: refOf(3), on: '2026-11-20' }]);
    assert.ok((await publicRefs()).includes(refOf(3)));
  });

  test('a warning past its last day has ended', async () => {
    t.setToday('2027-02-01');
    await recordCreditWarning(t.p, SYSTEM_ACTOR, court, { category: 'dishonest-debtor', subject: A, ref: refOf(9), reason: '宽限期', firstDay: '2027-01-01', lastDay: '2027-01-31' });
    const w = (await creditWarnings(t.p, { departmentIds: [court.id], subject: A }))[0]!;
    assert.deepEqual([w.state, w.stateName], ['ended', '已到期']);
  });
});
