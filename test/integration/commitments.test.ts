// Commitments end to end (issue 13): a credit check allows 容缺受理 → the department records the
// commitment from the check → not supplied by the due date → the sweep breaches it (once, however
// many sweeps run) → a commitment-breach record in the subject's file → the measure defined for it
// applies → the next check says the subject is no longer eligible; a 告知承诺 found false is
// breached by the department that took it (nobody else), with evidence; bad input changes nothing;
// organizations' commitments are public, persons' are not; the subject may object to the record.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, orgUscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { setRightsChannels, type Notice, type OtpMessage } from '../../src/modules/rights/rights.channels.ts';
import { deliverNotices } from '../../src/modules/rights/rights.service.ts';
import { sweepCommitments } from '../../src/modules/commitments/commitments.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { verifyByContactOnFile } from '../helpers/identity.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';

const NEW_CO = orgUscc('91', '130100', 'MA0CM001');
const NEW_CO_NAME = '石家庄承诺测试科技有限公司';
const CO2 = orgUscc('91', '130100', 'MA0CM002');
const PERSON = idNumber('13010219900101123');
const PDF = Buffer.from('%PDF-1.4\n% inspection report\n').toString('base64');

let t: TestPlatform;
let market: Department;
let housing: Department;
let marketClient: string;
let housingClient: string;
const notices: Notice[] = [];
const codes: OtpMessage[] = [];

const signed = (credential: string, url: string, json?: unknown) => signedInject(t.app, credential, { url, json, method: json === undefined ? 'GET' : 'POST', now: t.p.now() });
const check = async (subject: string, scenario = 'license_approval', credential = marketClient) => {
  const r = await signed(credential, '/api/v1/credit-checks', { subject, scenario, matterRef: 'XK-2026-001' });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};
const count = async () => (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM commitment'))!.n;
const breachRecords = (number: string) =>
  t.p.db.query<{ id: number; severity: string; status: string; department_id: number; decision_date: string }>(
    `SELECT id::int, severity, status, department_id::int, decision_date::text FROM record WHERE category = 'commitment-breach' AND source_ref = $1 AND superseded_at IS NULL`,
    [number],
  );

before(async () => {
  t = await createTestPlatform('2026-11-20');
  setRightsChannels(t.p, { notifier: { name: 'test', deliver: async (n) => void notices.push(n) }, otp: { name: 'test', deliver: async (m) => void codes.push(m) } });
  const dep = (code: string, name: string, kinds: string[]) => addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc(code), name, regionCode: '130100', kinds });
  market = await dep('11130100MB0000041', '石家庄市行政审批局', ['market-regulation']);
  housing = await dep('11130100MB0000042', '石家庄市住房和城乡建设局', ['housing-construction']);
  marketClient = await addTestClient(t.p, market, ['check']);
  housingClient = await addTestClient(t.p, housing, ['check']);
});
after(() => t.close());

describe('容缺受理: commitment from a check → overdue → breach → record → measure → not eligible', () => {
  let checkId = '';
  let commitmentId = '';
  let number = '';

  test('a new company with no record may use 容缺受理', async () => {
    const a = await check(NEW_CO);
    assert.equal(a.result, 'no-record');
    assert.equal(a.eligibility.toleranceAcceptance, true);
    checkId = a.checkId;
  });

  test('bad input is refused with a zh/en error naming the field, and nothing is stored', async () => {
    const before = await count();
    const due = await signed(marketClient, '/api/v1/commitments', { checkId, subjectName: NEW_CO_NAME, kind: 'tolerance', content: '补交消防验收意见书', madeOn: '2026-11-20', dueOn: '2026-11-19' });
    assert.equal(due.statusCode, 400, due.body);
    assert.equal(due.json().error.code, 'COMMITMENT_DUE_BEFORE_MADE');
    assert.match(due.json().error.zh, /履行期限 2026-11-19 不能早于承诺日期 2026-11-20/);
    assert.match(due.json().error.en, /cannot be before the made-on date/);
    const future = await signed(marketClient, '/api/v1/commitments', { checkId, subjectName: NEW_CO_NAME, kind: 'tolerance', content: 'x', madeOn: '2026-11-21' });
    assert.equal(future.json().error.code, 'DATE_IN_FUTURE');
    const kind = await signed(marketClient, '/api/v1/commitments', { checkId, subjectName: NEW_CO_NAME, kind: 'promise', content: 'x' });
    assert.equal(kind.json().error.code, 'COMMITMENT_KIND_UNKNOWN');
    const noName = await signed(marketClient, '/api/v1/commitments', { checkId, kind: 'tolerance', content: 'x' });
    assert.equal(noName.json().error.code, 'COMMITMENT_SUBJECT_UNKNOWN');
    const otherCheck = await signed(housingClient, '/api/v1/commitments', { checkId, subjectName: NEW_CO_NAME, kind: 'tolerance', content: 'x' });
    assert.equal(otherCheck.statusCode, 404);
    assert.equal(await count(), before);
  });

  test('the department records the commitment from the check, due 2026-12-01', async () => {
    const r = await signed(marketClient, '/api/v1/commitments', {
      checkId,
      subjectName: NEW_CO_NAME,
      kind: 'tolerance',
      content: '承诺于2026年12月1日前补交消防验收意见书',
      matterRef: 'XK-2026-001',
      dueOn: '2026-12-01',
    });
    assert.equal(r.statusCode, 200, r.body);
    const c = r.json();
    assert.deepEqual([c.status, c.kind, c.madeOn, c.dueOn, c.lastDay, c.checkId, c.subject.name, c.department.name], ['in-force', 'tolerance', '2026-11-20', '2026-12-01', '2026-12-01', checkId, NEW_CO_NAME, '石家庄市行政审批局']);
    assert.match(c.number, /^CN20261120\d{6}$/);
    commitmentId = c.commitmentId;
    number = c.number;
  });

  test('on the due date nothing happens; the day after, the sweep breaches it — once', async () => {
    t.setToday('2026-12-01');
    assert.deepEqual((await sweepCommitments(t.p)).breached, []);
    t.setToday('2026-12-02');
    const [a, b] = await Promise.all([sweepCommitments(t.p), sweepCommitments(t.p)]);
    assert.deepEqual([...a.breached, ...b.breached], [commitmentId]);
    assert.deepEqual((await sweepCommitments(t.p)).breached, []);
    const recs = await breachRecords(number);
    assert.equal(recs.length, 1);
    assert.deepEqual([recs[0]!.severity, recs[0]!.status, recs[0]!.department_id, recs[0]!.decision_date], ['general', 'active', market.id, '2026-12-02']);
    const c = (await signed(marketClient, `/api/v1/commitments/${commitmentId}`)).json();
    assert.equal(c.status, 'breached');
    assert.deepEqual([c.breach.on, c.breach.automatic, c.breach.recordId], ['2026-12-02', true, String(recs[0]!.id)]);
    const audit = await t.p.db.query<{ action: string }>(`SELECT action FROM audit_event WHERE target = $1 ORDER BY seq`, [`commitment:${commitmentId}`]);
    assert.deepEqual(audit.map((x) => x.action), ['commitment.add', 'commitment.breach']);
  });

  test('the subject is notified through the department', async () => {
    await deliverNotices(t.p);
    const n = notices.find((x) => x.kind === 'commitment.breached' && x.ref === number);
    assert.ok(n, 'no breach notice');
    assert.equal(n.departmentId, market.id);
    assert.equal((n.payload as { to: string }).to, 'subject');
  });

  test('the next check: no longer eligible, and the measure defined for breaches applies', async () => {
    const a = await check(NEW_CO);
    assert.equal(a.eligibility.toleranceAcceptance, false);
    assert.equal(a.eligibility.greenChannel, false);
    assert.deepEqual(a.eligibility.badRecords.map((b: { category: string; ref: string }) => [b.category, b.ref]), [['commitment-breach', number]]);
    const m = a.measures.find((x: { measureId: string }) => x.measureId === 'cb-no-tolerance-notification');
    assert.ok(m, JSON.stringify(a.measures));
    assert.equal(m.trigger.category, 'commitment-breach');
    assert.equal(m.until, '2029-12-02');
    // and a new 容缺 commitment from that check is refused
    const again = await signed(marketClient, '/api/v1/commitments', { checkId: a.checkId, kind: 'tolerance', content: '再次承诺' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'COMMITMENT_NOT_ELIGIBLE');
  });

  test('a breached commitment cannot be fulfilled; nothing changes', async () => {
    const r = await signed(marketClient, `/api/v1/commitments/${commitmentId}/fulfilment`, { note: '已补交' });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().error.code, 'COMMITMENT_BREACHED');
    assert.match(r.json().error.zh, /已认定违诺/);
    assert.equal((await signed(marketClient, `/api/v1/commitments/${commitmentId}`)).json().status, 'breached');
  });

  test('the subject may object to the breach record like any record', async () => {
    t.setToday('2026-12-03');
    const token = await verifyByContactOnFile(t.app, t.p, codes, NEW_CO, NEW_CO_NAME, { purpose: 'objection' });
    const o = await t.app.inject({ method: 'POST', url: '/api/v1/public/objections', headers: { 'x-xy-subject-token': token }, payload: { records: [{ ref: number }], reason: '材料已于12月1日通过邮寄补交' } });
    assert.equal(o.statusCode, 200, o.body);
    assert.equal(o.json().items[0].department.name, '石家庄市行政审批局');
  });
});

describe('告知承诺 found false: breached by the department that took it', () => {
  let id = '';
  test('recorded with its original (earlier) date', async () => {
    t.setToday('2026-12-03');
    const r = await signed(housingClient, '/api/v1/commitments', { subject: CO2, subjectName: '石家庄告知承诺建设有限公司', kind: 'notification', content: '承诺具备施工许可法定条件', matterRef: 'SG-2026-88', madeOn: '2026-06-15' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().madeOn, r.json().dueOn, r.json().lastDay], ['2026-06-15', null, null]);
    id = r.json().commitmentId;
  });

  test('another department may not breach it, nor fulfil it; nothing changes', async () => {
    const r = await signed(marketClient, `/api/v1/commitments/${id}/breach`, { reason: '不是我们的承诺' });
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().error.code, 'COMMITMENT_NOT_YOURS');
    assert.match(r.json().error.zh, /只有该部门可以认定违诺/);
    const f = await signed(marketClient, `/api/v1/commitments/${id}/fulfilment`, { note: 'x' });
    assert.equal(f.json().error.code, 'COMMITMENT_NOT_YOURS');
    assert.equal((await signed(housingClient, `/api/v1/commitments/${id}`)).json().status, 'in-force');
  });

  test('the taking department breaches it with reason and evidence: a serious record', async () => {
    const r = await signed(housingClient, `/api/v1/commitments/${id}/breach`, {
      reason: '事后核查发现承诺内容与事实不符',
      evidence: [{ filename: '核查报告.pdf', contentType: 'application/pdf', contentBase64: PDF }],
    });
    assert.equal(r.statusCode, 200, r.body);
    const c = r.json();
    assert.deepEqual([c.status, c.breach.on, c.breach.automatic, c.breach.evidence[0].filename], ['breached', '2026-12-03', false, '核查报告.pdf']);
    const recs = await breachRecords(c.number);
    assert.deepEqual([recs[0]!.severity, recs[0]!.department_id], ['serious', housing.id]);
    const twice = await signed(housingClient, `/api/v1/commitments/${id}/breach`, { reason: '再次' });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'COMMITMENT_BREACHED');
    assert.equal((await breachRecords(c.number)).length, 1);
  });
});

describe('fulfilment, publication, earlier commitments', () => {
  test('a voluntary commitment fulfilled with a note; organizations’ commitments are public', async () => {
    const r = await signed(marketClient, '/api/v1/commitments', { subject: CO2, kind: 'voluntary', content: '承诺诚信经营，不销售假冒伪劣商品' });
    assert.equal(r.statusCode, 200, r.body);
    const f = await signed(marketClient, `/api/v1/commitments/${r.json().commitmentId}/fulfilment`, { note: '年度核查无违规' });
    assert.equal(f.statusCode, 200, f.body);
    assert.deepEqual([f.json().status, f.json().fulfilment.note], ['fulfilled', '年度核查无违规']);
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/public/subjects/${CO2}/commitments` });
    assert.equal(pub.statusCode, 200);
    const items = pub.json().items as { kind: string; status: string; content: string }[];
    assert.deepEqual(items.map((i) => [i.kind, i.status]).sort(), [['notification', 'breached'], ['voluntary', 'fulfilled']]);
  });

  test('a person’s commitments are never public', async () => {
    const r = await signed(marketClient, '/api/v1/commitments', { subject: PERSON, subjectName: '王承诺', kind: 'voluntary', content: '承诺如实申报' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().subject.maskedId?.includes('*'), true);
    // a department's read of a person's commitment is audited with its purpose
    const read = await signed(marketClient, `/api/v1/commitments/${r.json().commitmentId}`);
    assert.equal(read.statusCode, 200);
    const ev = await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'personal-data.read' AND target = $1`, [`subject:${r.json().subject.id}`]);
    assert.equal(ev!.n, 1);
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/public/subjects/${PERSON}/commitments` });
    assert.deepEqual(pub.json(), { items: [] });
    assert.equal(pub.body.includes('王承诺'), false);
  });

  test('an earlier tolerance commitment due on a holiday: the last day moves, the sweep breaches it the day after', async () => {
    t.setToday('2026-12-03');
    const r = await signed(marketClient, '/api/v1/commitments', { subject: CO2, kind: 'tolerance', content: '国庆前补交材料', madeOn: '2026-09-20', dueOn: '2026-10-01' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().lastDay, '2026-10-08');
    const s = await sweepCommitments(t.p);
    assert.deepEqual(s.breached, [r.json().commitmentId]);
    const recs = await breachRecords(r.json().number);
    assert.equal(recs[0]!.decision_date, '2026-10-09');
  });

  test('the department lists its commitments; another department sees none of them', async () => {
    const mine = (await signed(marketClient, '/api/v1/commitments')).json();
    assert.ok(mine.total >= 3);
    assert.ok(mine.items.every((c: { department: { name: string } }) => c.department.name === '石家庄市行政审批局'));
    const bySubject = (await signed(housingClient, `/api/v1/commitments?subject=${CO2}`)).json();
    assert.deepEqual(bySubject.items.map((c: { kind: string }) => c.kind), ['notification']);
  });
});

describe('信用修复承诺 in the same model', () => {
  const REPAIRED = orgUscc('91', '130100', 'MA0CM003');
  const NAME = '石家庄修复承诺商贸有限公司';
  test('a repair application’s commitment is a commitment of kind repair, taken by the record’s department, and may be breached', async () => {
    t.setToday('2026-12-03');
    const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: NAME, CF_XDR_SHXYM: REPAIRED, CF_WSH: '石审批罚〔2026〕9号', CF_JDRQ: '2026-06-01', SEVERITY: '一般' })]);
    assert.equal(r.counts.created, 1, JSON.stringify(r.results));
    const token = await verifyByContactOnFile(t.app, t.p, codes, REPAIRED, NAME, { purpose: 'repair' });
    const a = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/repairs',
      headers: { 'x-xy-subject-token': token },
      payload: {
        ref: '石审批罚〔2026〕9号',
        obligations: '罚款已缴清',
        commitment: '本公司承诺今后依法诚信经营',
        evidence: [{ filename: '缴款凭证.pdf', contentType: 'application/pdf', contentBase64: PDF, purpose: 'obligations' }],
      },
    });
    assert.equal(a.statusCode, 200, a.body);
    const list = (await signed(marketClient, `/api/v1/commitments?subject=${REPAIRED}`)).json();
    assert.equal(list.total, 1);
    const c = list.items[0];
    assert.deepEqual([c.kind, c.origin, c.content, c.matterRef, c.madeOn, c.status, c.department.name], ['repair', 'repair', '本公司承诺今后依法诚信经营', a.json().number, '2026-12-03', 'in-force', '石家庄市行政审批局']);
    // taken over once, whatever the number of sweeps
    await sweepCommitments(t.p);
    assert.equal((await signed(marketClient, `/api/v1/commitments?subject=${REPAIRED}`)).json().total, 1);
    const b = await signed(marketClient, `/api/v1/commitments/${c.commitmentId}/breach`, { reason: '修复后再次发生同类违法行为' });
    assert.equal(b.statusCode, 200, b.body);
    assert.equal((await breachRecords(c.number))[0]!.severity, 'serious');
  });
});
