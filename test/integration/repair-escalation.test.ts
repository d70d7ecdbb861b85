// Escalation of overdue repair reviews: a pending repair application past its due day (10
// working days) is escalated once by the deadline sweep — a notice to the operator and to the
// department, an audit event — and not again on the next sweep; the due day itself is in time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, orgUscc, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { verifyByContactOnFile } from '../helpers/identity.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { setRightsChannels, type Notice, type OtpMessage } from '../../src/modules/rights/rights.channels.ts';
import { sweepDeadlines } from '../../src/modules/rights/deadlines.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const ORG = orgUscc('91', '130100', 'MA0RE001');
const ORG_NAME = '石家庄修复逾期测试有限公司';
const REF = '石市监罚〔2026〕801号';
const PDF = Buffer.from('%PDF-1.4\n% receipt\n').toString('base64');
let t: TestPlatform;
let market: Department;
const codes: OtpMessage[] = [];
const notices: Notice[] = [];

before(async () => {
  t = await createTestPlatform('2026-11-20');
  setRightsChannels(t.p, { otp: { name: 'test', deliver: async (m) => void codes.push(m) }, notifier: { name: 'test', deliver: async (n) => void notices.push(n) } });
  market = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
  await addTestClient(t.p, market, ['collect']);
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: ORG_NAME, CF_XDR_SHXYM: ORG, CF_WSH: REF, CF_JDRQ: '2026-06-01', SEVERITY: '一般' })]);
  assert.equal(r.counts.created, 1, JSON.stringify(r.results));
});
after(() => t.close());

// the subject proves who it is by a code to the contact on file (registered by the department)
const subjectToken = () => verifyByContactOnFile(t.app, t.p, codes, ORG, ORG_NAME, { purpose: 'repair' });

test('a repair review past its due day is escalated once, with notices and an audit event', async () => {
  const token = await subjectToken();
  const a = await t.app.inject({
    method: 'POST',
    url: '/api/v1/public/repairs',
    headers: { 'x-xy-subject-token': token },
    payload: { ref: REF, obligations: '罚款已缴清', commitment: '本公司承诺依法诚信经营', evidence: [{ filename: '缴款凭证.pdf', contentType: 'application/pdf', contentBase64: PDF, purpose: 'obligations' }] },
  });
  assert.equal(a.statusCode, 200, a.body);
  const app = a.json();
  // filed Friday 2026-11-20: ten working days end Friday 2026-12-04
  assert.deepEqual([app.status, app.dueDate], ['pending', '2026-12-04']);

  t.setToday('2026-12-04');
  assert.deepEqual((await sweepDeadlines(t.p)).escalatedRepairs, []); // the due day itself is in time
  t.setToday('2026-12-07');
  const first = await sweepDeadlines(t.p);
  assert.deepEqual([first.escalatedRepairs, first.escalatedObjections], [[app.number], []]);
  assert.deepEqual(
    notices.filter((n) => n.kind === 'repair.overdue').map((n) => [n.audience, n.departmentId, n.ref]),
    [['operator', null, app.repairId], ['department', market.id, app.repairId]],
  );
  const ev = await t.p.db.query<{ detail: { repairs: string[]; today: string } }>("SELECT detail FROM audit_event WHERE action = 'rights.escalate'");
  assert.deepEqual(ev.map((e) => [e.detail.repairs, e.detail.today]), [[[app.number], '2026-12-07']]);

  const second = await sweepDeadlines(t.p);
  assert.deepEqual(second.escalatedRepairs, []);
  assert.equal(notices.filter((n) => n.kind === 'repair.overdue').length, 2);
  assert.equal((await t.p.db.query("SELECT 1 FROM audit_event WHERE action = 'rights.escalate'")).length, 1);
});
