// Province-wide settings by proposal (issue 17, "City operators change province-wide settings"):
// city and county staff propose a change (measures, the calendar, publication periods,
// privileged department kinds); province-level staff approve it, which applies it through the
// owning module as the approver (same checks, same audit event), naming the proposer, or reject
// it with a note. The proposer sees their own proposals and their state; others see nothing.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, uscc, type TestPlatform } from '../helpers/platform.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import type { Role } from '../../src/modules/access/access.rules.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { publicationWindow } from '../../src/modules/publication/publication.rules.ts';
import { addDepartment } from '../../src/modules/access/departments.store.ts';

let t: TestPlatform;
const sessions: Record<string, string> = {};

async function staff(name: string, role: Role, regionCode: string): Promise<void> {
  const u = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: name, displayName: `${name} 显示名`, role, regionCode, password: 'Proposals-Test-2026', mustChangePassword: false })).user;
  sessions[name] = await openSessionFor(t.p, u.id);
}

const as = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({ method, url, cookies: { xy_session: sessions[who]! }, headers: { 'x-requested-with': 'xinyong' }, ...(payload === undefined ? {} : { payload: payload as object }) });

const proposeAs = (who: string, kind: string, change: unknown, reason = '本市执行中发现需要调整') => as(who, 'POST', '/api/v1/proposals', { kind, change, reason });

const measure = async (id: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/measures' })).json().measures.find((x: { id: string }) => x.id === id);

before(async () => {
  t = await createTestPlatform('2026-11-20');
  await staff('bdop', 'operator', '130600'); // 保定 city operator
  await staff('xzop', 'operator', '130629'); // a county operator (容城县)
  await staff('bdadmin', 'platform_admin', '130600');
  await staff('provop', 'operator', '130000');
  await staff('provop2', 'operator', '130000');
  await staff('provadmin', 'platform_admin', '130000');
  await staff('bdaudit', 'auditor', '130600');
});
after(() => t.close());

describe('a city operator proposes, a province operator approves', () => {
  let id: number;

  test('the kinds are listed, each with the shape of a change', async () => {
    const r = await as('bdop', 'GET', '/api/v1/proposals/kinds');
    assert.equal(r.statusCode, 200, r.body);
    const kinds = r.json().items as { kind: string; mayPropose: boolean; example?: unknown }[];
    assert.deepEqual(kinds.map((k) => k.kind).sort(), ['calendar.load-year', 'department.privileged-kinds', 'directory.set', 'measure.change', 'measure.create', 'publication.periods']);
    assert.equal(kinds.find((k) => k.kind === 'department.privileged-kinds')!.mayPropose, false, 'an operator: only platform administrators');
    assert.ok(kinds.every((k) => k.example !== undefined));
  });

  test('the direct change is still refused; the proposal is checked as the owning route checks it', async () => {
    const direct = await as('bdop', 'PATCH', '/api/v1/measures/rw-trading-bonus', { active: false });
    assert.equal(direct.json().error.code, 'PROVINCE_LEVEL_REQUIRED');
    const bad = await proposeAs('bdop', 'measure.change', { id: 'rw-trading-bonus', patch: { kind: 'nonsense' } });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().error.code, 'MEASURE_INVALID');
    const unknown = await proposeAs('bdop', 'measure.change', { id: 'no-such-measure', patch: { active: false } });
    assert.equal(unknown.statusCode, 404, unknown.body);
    const kind = await proposeAs('bdop', 'catalog.everything', {});
    assert.equal(kind.json().error.code, 'SETTING_KIND_UNKNOWN');
    const noReason = await proposeAs('bdop', 'measure.change', { id: 'rw-trading-bonus', patch: { active: false } }, ' x ');
    assert.equal(noReason.json().error.code, 'PROPOSAL_REASON_REQUIRED');
    const auditor = await proposeAs('bdaudit', 'measure.change', { id: 'rw-trading-bonus', patch: { active: false } });
    assert.equal(auditor.statusCode, 403);
    assert.equal((await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM setting_proposal'))!.n, 0);
  });

  test('a valid proposal is pending, audited, and nothing changes yet', async () => {
    const r = await proposeAs('bdop', 'measure.change', { id: 'rw-trading-bonus', patch: { active: false } }, '该措施在保定与地方规定冲突，建议全省暂停');
    assert.equal(r.statusCode, 201, r.body);
    const p = r.json();
    id = p.id;
    assert.equal(p.status, 'pending');
    assert.equal(p.target, 'measure:rw-trading-bonus');
    assert.equal(p.regionName, '保定市');
    assert.equal(p.mayDecide, false);
    assert.equal((await measure('rw-trading-bonus')).active, true);
    const ev = await t.p.db.one<{ actor: string }>(`SELECT actor FROM audit_event WHERE action = 'proposal.create' AND target = $1`, [`proposal:${id}`]);
    assert.equal(ev!.actor, 'staff:bdop');
  });

  test('who sees it: the proposer and province-level deciders; another city operator does not', async () => {
    const mine = (await as('bdop', 'GET', '/api/v1/proposals')).json();
    assert.equal(mine.scope, 'own');
    assert.deepEqual(mine.items.map((x: { id: number }) => x.id), [id]);
    const other = (await as('xzop', 'GET', '/api/v1/proposals')).json();
    assert.equal(other.total, 0);
    assert.equal((await as('xzop', 'GET', `/api/v1/proposals/${id}`)).statusCode, 404);
    const prov = (await as('provop', 'GET', '/api/v1/proposals?status=pending')).json();
    assert.equal(prov.scope, 'all');
    assert.equal(prov.items[0].id, id);
    assert.equal(prov.items[0].mayDecide, true);
  });

  test('only province-level staff decide, never the proposer, always with a note', async () => {
    for (const who of ['bdop', 'xzop', 'bdadmin']) {
      const r = await as(who, 'POST', `/api/v1/proposals/${id}/approve`, { note: '同意' });
      assert.ok([403, 404].includes(r.statusCode), `${who}: ${r.body}`);
    }
    const bdadminSees = await as('bdadmin', 'GET', `/api/v1/proposals/${id}`);
    assert.equal(bdadminSees.statusCode, 404);
    const noNote = await as('provop', 'POST', `/api/v1/proposals/${id}/approve`, { note: ' ' });
    assert.equal(noNote.json().error.code, 'PROPOSAL_NOTE_REQUIRED');
    assert.equal((await measure('rw-trading-bonus')).active, true);
  });

  test('approval applies the change as the province operator, naming the proposer; a second decision is refused', async () => {
    const r = await as('provop', 'POST', `/api/v1/proposals/${id}/approve`, { note: '经省信用办研究同意' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'approved');
    assert.equal(r.json().result.active, false);
    assert.equal((await measure('rw-trading-bonus')).active, false);
    // the owning module's own audit event, by the approver, with the proposer in its note
    const change = await t.p.db.one<{ actor: string; detail: { note: string } }>(`SELECT actor, detail FROM audit_event WHERE action = 'measure.change' AND target = 'measure:rw-trading-bonus' ORDER BY seq DESC LIMIT 1`);
    assert.equal(change!.actor, 'staff:provop');
    assert.match(change!.detail.note, new RegExp(`建议 #${id}.*staff:bdop`));
    const approve = await t.p.db.one<{ actor: string; detail: { proposedBy: string; note: string } }>(`SELECT actor, detail FROM audit_event WHERE action = 'proposal.approve' AND target = $1`, [`proposal:${id}`]);
    assert.equal(approve!.actor, 'staff:provop');
    assert.equal(approve!.detail.proposedBy, 'staff:bdop');
    const again = await as('provop2', 'POST', `/api/v1/proposals/${id}/reject`, { note: '迟到的驳回' });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().error.code, 'PROPOSAL_DECIDED');
    // the proposer sees the outcome
    const mine = (await as('bdop', 'GET', `/api/v1/proposals/${id}`)).json();
    assert.equal(mine.status, 'approved');
    assert.equal(mine.decisionNote, '经省信用办研究同意');
  });

  test('a province user may not approve their own proposal', async () => {
    const r = await proposeAs('provop', 'measure.change', { id: 'rw-trading-bonus', patch: { active: true } }, '恢复措施，自己提出');
    assert.equal(r.statusCode, 201, r.body);
    const own = await as('provop', 'POST', `/api/v1/proposals/${r.json().id}/approve`, { note: '自批' });
    assert.equal(own.statusCode, 403);
    assert.equal(own.json().error.code, 'PROPOSAL_OWN');
    const rej = await as('provop2', 'POST', `/api/v1/proposals/${r.json().id}/reject`, { note: '暂不恢复' });
    assert.equal(rej.json().status, 'rejected');
    assert.equal((await measure('rw-trading-bonus')).active, false);
  });
});

describe('the other settings', () => {
  test('a rejected calendar proposal changes nothing; an approved one loads the year and recomputes', async () => {
    const notice = { year: 2031, source: '国办发明电〔2030〕7号（测试）', rest: ['2031-01-01'], work: [] };
    const a = (await proposeAs('xzop', 'calendar.load-year', notice)).json();
    assert.equal(a.target, 'calendar-year:2031');
    const rej = await as('provop', 'POST', `/api/v1/proposals/${a.id}/reject`, { note: '以国务院通知原文为准' });
    assert.equal(rej.json().status, 'rejected');
    assert.equal((await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM calendar_override WHERE date >= '2031-01-01'`))!.n, 0);
    const badNotice = await proposeAs('xzop', 'calendar.load-year', { year: 2031 });
    assert.equal(badNotice.json().error.code, 'NOTICE_INVALID');
    const b = (await proposeAs('xzop', 'calendar.load-year', notice)).json();
    const ok = await as('provop', 'POST', `/api/v1/proposals/${b.id}/approve`, { note: '核对无误' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().result.year, 2031);
    assert.equal(t.p.calendar.isWorkingDay('2031-01-01'), false);
    const ev = await t.p.db.one<{ actor: string }>(`SELECT actor FROM audit_event WHERE action = 'calendar.load-year' AND target = 'calendar-year:2031'`);
    assert.equal(ev!.actor, 'staff:provop');
  });

  test('publication periods: set directly by province staff, refused to a city, proposed and approved; new records get the new window', async () => {
    const rule = (from: string, serious: number) => ({
      effectiveFrom: from,
      source: '河北省信用办通知（测试）',
      penalty: { light: { publish: false }, general: { publish: true, minMonths: 3, maxMonths: 12 }, serious: { publish: true, minMonths: 12, maxMonths: serious } },
      license: { publishWhileValid: true },
    });
    const city = await as('bdop', 'POST', '/api/v1/publication/rules', rule('2027-01-01', 24));
    assert.equal(city.json().error.code, 'PROVINCE_LEVEL_REQUIRED');
    const past = await as('provop', 'POST', '/api/v1/publication/rules', rule('2026-11-19', 24));
    assert.equal(past.json().error.code, 'PUBLICATION_RULE_INVALID');
    const badRange = await proposeAs('bdop', 'publication.periods', rule('2027-01-01', 6));
    assert.equal(badRange.json().error.code, 'PUBLICATION_RULE_INVALID');
    const prop = (await proposeAs('bdop', 'publication.periods', rule('2027-01-01', 24))).json();
    const ok = await as('provadmin', 'POST', `/api/v1/proposals/${prop.id}/approve`, { note: '同意缩短严重处罚公示期' });
    assert.equal(ok.statusCode, 200, ok.body);
    const list = (await as('bdaudit', 'GET', '/api/v1/publication/rules')).json().entries as { effectiveFrom: string; origin: string; setBy?: string }[];
    assert.deepEqual(list.map((e) => [e.effectiveFrom, e.origin]), [['1900-01-01', 'file'], ['2027-01-01', 'set']]);
    assert.equal(list[1]!.setBy, 'staff:provadmin');
    // the rules ingestion reads: a serious penalty decided in 2027 is public for 24 months, one decided before for 36
    const w = (d: string) => publicationWindow(t.p.rules.publication, { rule: 'penalty', personsPublic: false, subjectKind: 'organization', decisionDate: d, severity: 'serious' });
    assert.equal(w('2027-02-01').until, '2029-02-01');
    assert.equal(w('2026-12-01').until, '2029-12-01');
    const ev = await t.p.db.one<{ actor: string; detail: { why: string } }>(`SELECT actor, detail FROM audit_event WHERE action = 'publication.periods.set'`);
    assert.equal(ev!.actor, 'staff:provadmin');
    assert.match(ev!.detail.why, /staff:bdop/);
  });

  test('privileged department kinds: a city administrator proposes, a province operator cannot approve, a province administrator can', async () => {
    const change = { uscc: uscc('11130600MB5990001'), name: '保定市中级人民法院', regionCode: '130600', kinds: ['court'], kindsReason: '失信被执行人名单认定部门接入' };
    const byOp = await proposeAs('bdop', 'department.privileged-kinds', change);
    assert.equal(byOp.statusCode, 403, byOp.body);
    const otherCity = await proposeAs('bdadmin', 'department.privileged-kinds', { ...change, regionCode: '130100' });
    assert.equal(otherCity.statusCode, 403, otherCity.body);
    assert.equal(otherCity.json().error.code, 'REGION_OUT_OF_SCOPE');
    const notPrivileged = await proposeAs('bdadmin', 'department.privileged-kinds', { ...change, kinds: ['finance'] });
    assert.equal(notPrivileged.json().error.code, 'DEPARTMENT_PROPOSAL_NOT_PRIVILEGED');
    const p = (await proposeAs('bdadmin', 'department.privileged-kinds', change)).json();
    assert.equal(p.status, 'pending', JSON.stringify(p));
    const provop = await as('provop', 'POST', `/api/v1/proposals/${p.id}/approve`, { note: '同意' });
    assert.equal(provop.statusCode, 403, provop.body);
    assert.equal(provop.json().error.code, 'ROLE_FORBIDDEN', 'a province operator does not decide this kind');
    const ok = await as('provadmin', 'POST', `/api/v1/proposals/${p.id}/approve`, { note: '经核实同意接入' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().result.kinds, ['court']);
    const ev = await t.p.db.one<{ actor: string; detail: { privilegedKinds: string[]; reason: string } }>(`SELECT actor, detail FROM audit_event WHERE action = 'department.add' AND target = $1`, [`department:${change.uscc}`]);
    assert.equal(ev!.actor, 'staff:provadmin');
    assert.deepEqual(ev!.detail.privilegedKinds, ['court']);
  });

  test('an approval the owning module now refuses leaves the proposal pending', async () => {
    const create = { id: 'bd-proposal-test', kind: 'punishment', type: 'administrative', name: '测试措施', content: '测试', basis: '测试依据', implementers: ['market-regulation'], scenarios: ['bidding'], triggers: [{ list: 'serious-dishonesty' }] };
    const a = await proposeAs('bdop', 'measure.create', create);
    assert.equal(a.statusCode, 201, a.body);
    const b = await proposeAs('xzop', 'measure.create', create);
    assert.equal(b.statusCode, 201, b.body);
    assert.equal((await as('provop', 'POST', `/api/v1/proposals/${a.json().id}/approve`, { note: '同意新增' })).statusCode, 200);
    const second = await as('provop', 'POST', `/api/v1/proposals/${b.json().id}/approve`, { note: '同意新增' });
    assert.equal(second.statusCode, 409, second.body);
    assert.equal(second.json().error.code, 'MEASURE_EXISTS');
    assert.equal((await as('xzop', 'GET', `/api/v1/proposals/${b.json().id}`)).json().status, 'pending');
  });

  test('the resource directory: a city proposes a revision for its own departments or a department kind, never another region’s; approval writes it naming the proposer', async () => {
    const bdDep = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130600MB0123456'), name: '保定市目录测试局', regionCode: '130600', kinds: ['market-regulation'] }, { provinceAdmin: true, reason: '目录建议测试' });
    const sjzDep = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0123456'), name: '石家庄市目录测试局', regionCode: '130100', kinds: ['market-regulation'] }, { provinceAdmin: true, reason: '目录建议测试' });
    const direct = await as('bdop', 'POST', '/api/v1/monitoring/directory', { department: bdDep.uscc, category: 'penalty', frequency: 'weekly', from: '2027-01-01' });
    assert.equal(direct.json().error.code, 'PROVINCE_LEVEL_REQUIRED');
    const other = await proposeAs('bdop', 'directory.set', { department: sjzDep.uscc, category: 'penalty', frequency: 'weekly', from: '2027-01-01' });
    assert.equal(other.statusCode, 403, other.body);
    assert.equal(other.json().error.code, 'REGION_OUT_OF_SCOPE');
    const badFrequency = await proposeAs('bdop', 'directory.set', { department: bdDep.uscc, category: 'penalty', frequency: 'hourly' });
    assert.equal(badFrequency.json().error.code, 'DIRECTORY_FREQUENCY_INVALID');
    const badShape = await proposeAs('bdop', 'directory.set', { department: bdDep.uscc, category: 'penalty', frequency: 'weekly', extra: 1 });
    assert.equal(badShape.json().error.code, 'DIRECTORY_PROPOSAL_INVALID');
    const before = (await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM directory_entry WHERE source = 'operator'`))!.n;
    const a = await proposeAs('bdop', 'directory.set', { department: bdDep.uscc, category: 'penalty', frequency: 'weekly', from: '2027-01-01' });
    assert.equal(a.statusCode, 201, a.body);
    assert.equal((await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM directory_entry WHERE source = 'operator'`))!.n, before, 'nothing changes before approval');
    const ok = await as('provop', 'POST', `/api/v1/proposals/${a.json().id}/approve`, { note: '按周报送' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().result.frequency, 'weekly');
    const entry = await t.p.db.one<{ frequency: string; note: string }>(`SELECT frequency, note FROM directory_entry WHERE department_id = $1 AND source = 'operator' ORDER BY revision DESC LIMIT 1`, [bdDep.id]);
    assert.equal(entry!.frequency, 'weekly');
    assert.match(entry!.note, new RegExp(`#${a.json().id}`));
    const ev = await t.p.db.one<{ actor: string }>(`SELECT actor FROM audit_event WHERE action = 'directory.set' ORDER BY id DESC LIMIT 1`);
    assert.equal(ev!.actor, 'staff:provop');
  });
});
