// The route × role matrix, generated from the app's own route table and the policies the routes
// declare: every route, as every principal (anonymous, each staff role, a department client with
// each scope), with in-scope and out-of-scope data, is allowed or refused as declared, and a
// refusal changes nothing. A route without a declared policy, or without fixtures below, fails.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createTestPlatform, addTestDepartment, addTestClient, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { penaltyRow, csv, ORG_USCC } from '../helpers/rows.ts';
import { routeTable, type RoutePolicy } from '../../src/modules/access/auth.ts';
import { ROLES, type Role } from '../../src/modules/access/access.rules.ts';
import { ALL_SCOPES, createClient, type Scope } from '../../src/modules/access/clients.store.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { importFile, submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { findBatch } from '../../src/modules/collection/collection.store.ts';
import { addCommitment } from '../../src/modules/commitments/commitments.service.ts';
import { eventFeed, subscribe, sweepSubscriptions } from '../../src/modules/subscriptions/subscriptions.service.ts';
import { nominate, review as reviewExemplar } from '../../src/modules/exemplars/exemplars.service.ts';
import { runCheck } from '../../src/modules/sanctions/checks.service.ts';
import { recordCreditWarning } from '../../src/modules/sanctions/lifecycle.service.ts';
import { addDepartment, findDepartmentById } from '../../src/modules/access/departments.store.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';
import { setRightsChannels, type OtpMessage } from '../../src/modules/rights/rights.channels.ts';
import { startChallenge, verifyChallenge } from '../../src/modules/rights/identity.service.ts';
import { putContactOnFile, signInAtDemoProvider } from '../helpers/identity.ts';
import { dn, issue, signChallenge } from '../helpers/sm2-certs.ts';
import { encodeOpaque } from '../../src/kernel/opaque-id.ts';
import { setOidcProvider } from '../../src/modules/rights/identity-oidc.service.ts';
import { setTrustedCas } from '../../src/modules/rights/identity-certificate.service.ts';
import { startDemoOidcProvider, type DemoProvider } from '../../src/modules/rights/oidc-demo-provider.ts';
import { fileObjection } from '../../src/modules/rights/objections.service.ts';
import { applyRepair } from '../../src/modules/rights/repair.service.ts';
import { issueReport } from '../../src/modules/reports/reports.service.ts';
import { raiseWarning } from '../../src/modules/warnings/warnings.service.ts';
import { insertProposal } from '../../src/modules/proposals/proposals.store.ts';
import { getRun, startRun } from '../../src/modules/classification/classification.service.ts';
import { setUpstream } from '../../src/modules/exchange/exchange.service.ts';
import { enableCounty } from '../../src/modules/counties/counties.service.ts';
import { acknowledge, findUpstream, pendingOutbox } from '../../src/modules/exchange/exchange.store.ts';
import { addTipEvidence, answerTip, fileTip } from '../../src/modules/tips/tips.service.ts';
import { isDepartmentRole } from '../../src/modules/access/access.rules.ts';

// ---- principals: everyone of 石家庄 (130100); the out-of-scope data belongs to 保定 (130600)

type Who =
  | { name: string; kind: 'public' }
  | { name: string; kind: 'staff'; role: Role; userId: number; username: string }
  | { name: string; kind: 'client'; scope: Scope; credential: string };

type Req = { method: 'GET' | 'POST' | 'PATCH'; url: string; json?: object; body?: string; contentType?: string; headers?: Record<string, string> };

type Ctx = {
  sjz: Department;
  bd: Department;
  batchSjz: string;
  batchBd: string;
  userSjz: number;
  userBd: number;
  clientBd: string;
  seq(): number;
  passwords: Map<number, string>; // current password per staff user (the password route changes them)
  nextPassword?: string;
};

type Fixture = {
  inScope(ctx: Ctx, who: Who): Req | Promise<Req>;
  // data the principal may not touch even where the route admits it; required for routes that
  // declare a scope, unless `scopeBy` says why there is no such data
  outOfScope?(ctx: Ctx, who: Who): Req | Promise<Req>;
  scopeBy?: string;
  // after an admitted request (e.g. wait for a background import)
  settle?(ctx: Ctx, who: Who, res: LightMyRequestResponse): Promise<void>;
  // a province-wide setting (province-settings.ts): the admitted roles of 石家庄 are refused
  // (PROVINCE_LEVEL_REQUIRED) and the same roles of the province succeed
  provinceLevel?: true;
};

const PASSWORD = 'Matrix-Pass-2026';
const batchFile = (n: number) =>
  csv([penaltyRow({ CF_WSH: `矩阵罚〔2026〕${n}号`, CF_XDR_MC: `石家庄矩阵${n}有限公司`, CF_XDR_SHXYM: uscc(`91130100MA${String(9_000_000 + n).slice(-7)}`) })]);

async function waitForBatch(t: TestPlatform, id: string): Promise<void> {
  for (let i = 0; i < 5000; i++) {
    const b = await findBatch(t.p.db, id);
    if (b && b.status !== 'running') return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`batch ${id} did not finish`);
}

// sanctions fixtures: a subject the platform has no record of (clean: green channel applies to
// 市场监管 in license approval), a stored check per call when it must still owe feedback, and a
// fresh serious-dishonesty entry of 石家庄 per call
const CLEAN_USCC = uscc('91130100MA0F00001');
const FEEDBACK = { measures: [{ measureId: 'rw-green-channel', outcome: 'applied' }], matterOutcome: 'approved' };
const checksOf = new Map<number, string>();
async function checkOf(dep: Department, fresh = false): Promise<string> {
  if (!fresh && checksOf.has(dep.id)) return checksOf.get(dep.id)!;
  const a = await runCheck(t.p, SYSTEM_ACTOR, dep, { subject: CLEAN_USCC, scenario: 'license_approval' });
  if (!fresh) checksOf.set(dep.id, a.checkId);
  return a.checkId;
}
// a person of 保定 (address code 130602) with a non-public penalty of 保定
const BD_PERSON = idNumber('13060219800101123');
async function bdPersonOf(c: Ctx): Promise<string> {
  if (!rightsCache.has('bd-person')) {
    const row = penaltyRow({ CF_XDR_MC: '保定某某', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: BD_PERSON, CF_WSH: '保市监罚〔2026〕77号', CF_FRDB: '', SEVERITY: '一般' });
    await submitJsonBatch(t.p, SYSTEM_ACTOR, c.bd, 'penalty', [row]);
    rightsCache.set('bd-person', BD_PERSON);
  }
  return BD_PERSON;
}
async function listEntryOf(c: Ctx): Promise<string> {
  const n = c.seq();
  const ref = `矩阵严失〔2026〕${n}号`;
  await submitJsonBatch(t.p, SYSTEM_ACTOR, c.sjz, 'serious-dishonesty', [
    { 主体名称: `石家庄矩阵失信${n}有限公司`, 主体类别: '法人及非法人组织', 统一社会信用代码: uscc(`91130100MA${String(7_000_000 + n).slice(-7)}`), 认定文书号: ref, 认定日期: '2026-05-01', 认定事由: '矩阵测试', 认定依据: '矩阵测试' },
  ]);
  return ref;
}

// commitments fixtures: a fresh voluntary commitment taken by the department, per call
// (not CLEAN_USCC: a breach files a bad record, and the check fixtures need a clean subject)
const COMMIT_USCC = uscc('91130100MA0F00002');
async function commitmentOf(c: Ctx, dep: Department): Promise<string> {
  return (await addCommitment(t.p, SYSTEM_ACTOR, dep, { subject: COMMIT_USCC, subjectName: '石家庄矩阵清白有限公司', kind: 'voluntary', content: `矩阵承诺${c.seq()}` })).commitmentId;
}

// exchange fixture: an upstream (never reached), a record version in the outbox, rejected by the parent
async function rejectedOutboxEntry(c: Ctx): Promise<string> {
  if (!(await findUpstream(t.p.db))) await setUpstream(t.p, SYSTEM_ACTOR, { url: 'http://127.0.0.1:9', keyId: 'xn_0000000000000001.s1', secret: 'matrix' });
  const n = c.seq();
  await submitJsonBatch(t.p, SYSTEM_ACTOR, c.sjz, 'penalty', [penaltyRow({ CF_WSH: `矩阵交换〔2026〕${n}号`, CF_XDR_MC: `石家庄矩阵交换${n}有限公司`, CF_XDR_SHXYM: uscc(`91130100MA${String(6_000_000 + n).slice(-7)}`) })]);
  const [row] = (await pendingOutbox(t.p.db, 1_000)).slice(-1);
  await t.p.db.tx((tx) => acknowledge(tx, [{ outboxId: row!.outboxId, outcome: 'rejected', errors: [] }], t.p.now()));
  return String(row!.outboxId);
}

// subscriptions fixtures: a feed-only subscription of the department, and an event of it (a
// serious-dishonesty entry of 石家庄 turned into an event by the sweep)
async function subscriptionOf(dep: Department): Promise<string> {
  return (await subscribe(t.p, SYSTEM_ACTOR, dep, { kind: 'list-changes', categories: ['serious-dishonesty'] })).id;
}
async function subscriptionEventOf(c: Ctx, dep: Department): Promise<string> {
  const id = await subscriptionOf(dep);
  await listEntryOf(c);
  await sweepSubscriptions(t.p);
  return (await eventFeed(t.p, id, null, 0, 10)).items[0]!.eventId;
}

// exemplars fixtures: a clean subject (on file through a voluntary commitment), nominated by the
// department; `publicity`: reviewed, with its 公示 moved into the past so a decision is due
const EXEMPLAR_USCC = uscc('91130100MA0F00003');
// 信用警示 (dishonest-debtor, a court's list): the 石家庄 department is also a court here; the
// out-of-scope warning belongs to a 保定 court
let bdCourt: Department | undefined;
async function creditWarningOf(c: Ctx, mine: boolean): Promise<string> {
  const dep = mine ? (await findDepartmentById(t.p.db, c.sjz.id))! : (bdCourt ??= await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130602MB0000077'), name: '保定市竞秀区人民法院', regionCode: '130600', kinds: ['court'] }));
  return (await recordCreditWarning(t.p, SYSTEM_ACTOR, dep, { category: 'dishonest-debtor', subject: ORG_USCC, ref: `（2026）冀矩阵执${c.seq()}号`, reason: '矩阵警示' })).id;
}
async function exemplarOf(c: Ctx, dep: Department, stage: 'nominated' | 'publicity' | 'in-publicity' = 'nominated'): Promise<string> {
  await addCommitment(t.p, SYSTEM_ACTOR, dep, { subject: EXEMPLAR_USCC, subjectName: '石家庄矩阵典型有限公司', kind: 'voluntary', content: `矩阵典型${c.seq()}` });
  const id = (await nominate(t.p, SYSTEM_ACTOR, dep, { subject: EXEMPLAR_USCC, title: '诚信经营示范企业', domain: `矩阵领域${c.seq()}`, deeds: '矩阵事迹' })).exemplarId;
  if (stage === 'nominated') return id;
  await reviewExemplar(t.p, SYSTEM_ACTOR, id, { decision: 'pass' });
  if (stage === 'publicity') await t.p.db.query(`UPDATE exemplar SET publicity_from = publicity_from - 30, publicity_until = publicity_until - 30 WHERE id = $1`, [id]);
  return id;
}

// declarations fixtures: the rights subject (a company) declares through its subject token
const DECLARE = { kind: 'honour', title: '矩阵守合同重信用企业', content: '矩阵申报' };
async function declarationOf(c: Ctx): Promise<string> {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/public/declarations', headers: await subjectToken(c), payload: DECLARE });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().declarationId;
}

// subject-rights fixtures: one organization with records of 石家庄 (in scope) and of 保定 (out of
// scope), a subject token for it (identity checked through a capturing code channel), a fresh
// record per call where a call files something, and one issued report
const RIGHTS_ORG = uscc('91130100MA0R00001');
const RIGHTS_NAME = '石家庄矩阵权益有限公司';
const EVIDENCE = [{ filename: '证明.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4\n').toString('base64'), purpose: 'obligations' as const }];
const otpCodes: OtpMessage[] = [];
const MATRIX_PORTAL = 'http://localhost:5198/rights/verify/oidc';
const MATRIX_CA = issue({ subject: dn([['2.5.4.3', '矩阵 SM2 CA']]), ca: true });
let MATRIX_CERT: ReturnType<typeof issue>;
let matrixIdp: DemoProvider | undefined;
const rightsCache = new Map<string, string>();
// monitoring: a warning about a department of 石家庄 or 保定, one per key (ack and close each their own)
const warningsOf = new Map<string, number>();
async function warningOf(dep: Department, key: string): Promise<number> {
  const k = `${dep.uscc}|${key}`;
  if (!warningsOf.has(k)) {
    const w = await raiseWarning(t.p.db, SYSTEM_ACTOR, {
      kind: 'department.volume-drop', targetKind: 'department', target: `${dep.uscc}|${key}`, targetName: dep.name, regionCode: dep.regionCode, today: '2026-11-20',
      reason: { zh: '矩阵测试', en: 'matrix test', figures: {} },
    });
    warningsOf.set(k, w.warning.id);
  }
  return warningsOf.get(k)!;
}
function captureCodes(): void {
  setRightsChannels(t.p, { otp: { name: 'matrix', deliver: async (m) => void otpCodes.push(m) }, notifier: { name: 'matrix', deliver: async () => {} } });
  // the matrix is about who may call what: the code limits are tested in identity.test.ts
  const unlimited = { perRequesterPerHour: 1e9, perRequesterPerIdentityPerHour: 1e9, perContactPerHour: 1e9, perContactPerDay: 1e9, perSubjectPerDay: 1e9 };
  t.p.rules.rights = t.p.rules.rights.map((r) => ({ ...r, identity: { ...r.identity, ...unlimited } }));
}
// a code to the subject's contact on file (put there first, as its department would)
async function challengeOf(c: Ctx): Promise<{ challengeId: string; code: string }> {
  captureCodes();
  await rightsRecordOf(c, c.sjz); // the subject exists before it verifies
  await putContactOnFile(t.p, RIGHTS_ORG);
  const before = otpCodes.length;
  const ch = await startChallenge(t.p, { code: RIGHTS_ORG, name: RIGHTS_NAME }, null);
  // to the newest contact on file (the subject-contacts fixture adds some)
  const sent = otpCodes.slice(before)[0];
  assert.ok(sent, 'no code was sent to a contact on file');
  return { challengeId: ch.challengeId, code: sent.code };
}
async function subjectToken(c: Ctx): Promise<Record<string, string>> {
  if (!rightsCache.has('token')) {
    await rightsRecordOf(c, c.sjz); // the subject exists before it verifies
    rightsCache.set('token', (await verifyChallenge(t.p, await challengeOf(c), null)).token);
  }
  return { 'x-xy-subject-token': rightsCache.get('token')! };
}
async function rightsRecordOf(c: Ctx, dep: Department): Promise<string> {
  const ref = `矩阵权益罚〔2026〕${c.seq()}号`;
  await submitJsonBatch(t.p, SYSTEM_ACTOR, dep, 'penalty', [penaltyRow({ CF_XDR_MC: RIGHTS_NAME, CF_XDR_SHXYM: RIGHTS_ORG, CF_WSH: ref, CF_JDRQ: '2026-06-01' })]);
  return ref;
}
async function recordIdOf(ref: string): Promise<number> {
  return (await t.p.db.one<{ id: number }>('SELECT id FROM record WHERE source_ref = $1 AND superseded_at IS NULL', [ref]))!.id;
}
async function rightsSubject() {
  return (await findSubjectByCode(t.p.db, RIGHTS_ORG, t.p.crypto))!;
}
async function objectionOf(c: Ctx, dep: Department, fresh = false): Promise<{ id: string; sha256: string }> {
  const key = `objection:${dep.id}`;
  if (!fresh && rightsCache.has(key)) return JSON.parse(rightsCache.get(key)!);
  const ref = await rightsRecordOf(c, dep);
  const o = await fileObjection(t.p, await rightsSubject(), { actor: SYSTEM_ACTOR, via: 'staff', sessionId: null }, { records: [{ ref }], reason: '矩阵异议', evidence: EVIDENCE });
  const v = { id: o.objectionId, sha256: o.evidence[0]!.sha256 };
  if (!fresh) rightsCache.set(key, JSON.stringify(v));
  return v;
}
async function repairOf(c: Ctx, dep: Department, fresh = false): Promise<{ id: string; sha256: string }> {
  const key = `repair:${dep.id}`;
  if (!fresh && rightsCache.has(key)) return JSON.parse(rightsCache.get(key)!);
  const ref = await rightsRecordOf(c, dep);
  const a = await applyRepair(t.p, await rightsSubject(), { actor: SYSTEM_ACTOR, via: 'staff', sessionId: null }, { ref, obligations: '罚款已缴清', commitment: '承诺诚信经营', evidence: EVIDENCE });
  const v = { id: a.repairId, sha256: a.evidence[0]!.sha256 };
  if (!fresh) rightsCache.set(key, JSON.stringify(v));
  return v;
}
async function reportOf(c: Ctx): Promise<{ number: string; code: string }> {
  if (!rightsCache.has('report')) {
    await rightsRecordOf(c, c.sjz);
    const r = await issueReport(t.p, SYSTEM_ACTOR, { subject: await rightsSubject(), edition: 'public', purpose: null });
    rightsCache.set('report', JSON.stringify({ number: r.number, code: r.code }));
  }
  return JSON.parse(rightsCache.get('report')!);
}
// a fresh tip routed to the market regulator of 石家庄 (in scope) or of 保定 (out of scope)
const TIP_PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 3)]).toString('base64');
async function tipOf(c: Ctx, dep: Department, opts: { evidence?: true; substantiated?: true } = {}): Promise<{ id: number; receiptNumber: string; queryCode: string }> {
  const code = dep.id === c.sjz.id ? uscc('91130100MA0T1P7X0') : uscc('91130600MA0T1P8X0');
  const filed = await fileTip(t.p, { subjectName: '矩阵举报商贸有限公司', subjectCode: code, matter: '该公司长期销售过期食品并篡改生产日期。' }, `10.0.${c.seq()}.1`);
  const id = (await t.p.db.one<{ id: number }>('SELECT id::int AS id FROM tip WHERE receipt_number = $1', [filed.receiptNumber]))!.id;
  if (opts.evidence) await addTipEvidence(t.p, filed.receiptNumber, { queryCode: filed.queryCode, contentType: 'image/png', contentBase64: TIP_PNG }, `10.1.${c.seq()}.1`);
  if (opts.substantiated) await answerTip(t.p, SYSTEM_ACTOR, { kind: 'handler', departmentId: dep.id }, id, { outcome: 'substantiated', note: '属实', reply: '属实' });
  return { id, ...filed };
}
const TIP_TEXT = { note: { text: '矩阵办理备注' }, purpose: { purpose: '矩阵核实' } };
const applyBody = (ref: string) => ({ ref, obligations: '罚款已缴清', commitment: '承诺诚信经营', evidence: EVIDENCE });

let t: TestPlatform;

// One entry per route: a valid request with in-scope data, and one with out-of-scope data.
// a pending proposal to change a measure, by `userId` (the 石家庄 deciders' own: they see it and are
// refused as not province-level; the province's: someone else's, so they may decide it)
async function proposalOf(c: Ctx, who: Who | number): Promise<number> {
  const own = typeof who === 'number' ? who : who.kind === 'staff' && !who.name.endsWith('of the province') ? who.userId : c.userSjz;
  const row = await insertProposal(t.p.db, {
    kind: 'measure.change',
    target: 'measure:rw-trading-bonus',
    change: { id: 'rw-trading-bonus', patch: { content: `矩阵建议${c.seq()}` } },
    reason: '矩阵测试建议',
    proposedBy: 'staff:matrix',
    proposerUserId: own,
    proposerName: 'matrix',
    regionCode: '130100',
    createdAt: t.p.now(),
  });
  return row.id;
}

const FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/health': { inScope: () => ({ method: 'GET', url: '/api/v1/health' }) },
  'GET /api/v1/openapi.json': { inScope: () => ({ method: 'GET', url: '/api/v1/openapi.json' }) },
  'GET /api/v1/public/stats': { inScope: () => ({ method: 'GET', url: '/api/v1/public/stats' }) },
  'GET /api/v1/public/subjects': { inScope: () => ({ method: 'GET', url: `/api/v1/public/subjects?q=${encodeURIComponent('华信达')}` }) },
  'GET /api/v1/public/subjects/:code': { inScope: () => ({ method: 'GET', url: `/api/v1/public/subjects/${ORG_USCC}` }) },
  'GET /api/v1/public/subjects/:code/list-exits': { inScope: () => ({ method: 'GET', url: `/api/v1/public/subjects/${ORG_USCC}/list-exits` }) },
  'GET /api/v1/public/publications': { inScope: () => ({ method: 'GET', url: '/api/v1/public/publications' }) },
  'GET /api/v1/public/regions': { inScope: () => ({ method: 'GET', url: '/api/v1/public/regions' }) },

  'POST /api/v1/batches': {
    inScope: (c) => ({ method: 'POST', url: '/api/v1/batches', json: { category: 'penalty', records: [penaltyRow({ CF_WSH: `矩阵接口罚〔2026〕${c.seq()}号` })] } }),
    scopeBy: 'the batch is always the principal’s own department’s',
  },
  'POST /api/v1/batches/files': {
    inScope: (c) => ({ method: 'POST', url: '/api/v1/batches/files?category=penalty&filename=m.csv', body: batchFile(c.seq()), contentType: 'text/csv' }),
    scopeBy: 'the batch is always the principal’s own department’s',
    settle: async (_c, _w, res) => waitForBatch(t, res.json().id),
  },
  'GET /api/v1/batches': { inScope: () => ({ method: 'GET', url: '/api/v1/batches' }), scopeBy: 'lists only the principal’s department' },
  'GET /api/v1/batches/:id': {
    inScope: (c) => ({ method: 'GET', url: `/api/v1/batches/${c.batchSjz}` }),
    outOfScope: (c) => ({ method: 'GET', url: `/api/v1/batches/${c.batchBd}` }),
  },
  'GET /api/v1/batches/:id/errors': {
    inScope: (c) => ({ method: 'GET', url: `/api/v1/batches/${c.batchSjz}/errors` }),
    outOfScope: (c) => ({ method: 'GET', url: `/api/v1/batches/${c.batchBd}/errors` }),
  },
  'GET /api/v1/batches/:id/first-errors': {
    inScope: (c) => ({ method: 'GET', url: `/api/v1/batches/${c.batchSjz}/first-errors` }),
    outOfScope: (c) => ({ method: 'GET', url: `/api/v1/batches/${c.batchBd}/first-errors` }),
  },
  'GET /api/v1/batches/:id/file': {
    inScope: (c) => ({ method: 'GET', url: `/api/v1/batches/${c.batchSjz}/file` }),
    outOfScope: (c) => ({ method: 'GET', url: `/api/v1/batches/${c.batchBd}/file` }),
  },

  'POST /api/v1/auth/sign-in': { inScope: () => ({ method: 'POST', url: '/api/v1/auth/sign-in', json: { username: 'matrix.signin', password: PASSWORD } }) },
  'POST /api/v1/auth/sign-out': { inScope: () => ({ method: 'POST', url: '/api/v1/auth/sign-out' }) },
  'POST /api/v1/auth/sign-out-everywhere': { inScope: () => ({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere' }) },
  'GET /api/v1/auth/me': { inScope: () => ({ method: 'GET', url: '/api/v1/auth/me' }) },
  'GET /api/v1/auth/session': { inScope: () => ({ method: 'GET', url: '/api/v1/auth/session' }) },
  'POST /api/v1/auth/password': {
    inScope: (c, who) => {
      const current = who.kind === 'staff' ? c.passwords.get(who.userId)! : PASSWORD;
      c.nextPassword = `Next-Pass-${c.seq()}-2026`;
      return { method: 'POST', url: '/api/v1/auth/password', json: { currentPassword: current, newPassword: c.nextPassword } };
    },
    settle: async (c, who) => {
      if (who.kind === 'staff') c.passwords.set(who.userId, c.nextPassword!);
    },
  },

  // federation: only a registered child node's signed request is admitted (exchange.test.ts); here nobody is
  'POST /api/v1/exchange/records': { inScope: () => ({ method: 'POST', url: '/api/v1/exchange/records', json: { node: '130100', departments: [], entries: [] } }) },
  'GET /api/v1/exchange/feed': { inScope: () => ({ method: 'GET', url: '/api/v1/exchange/feed?after=0' }) },
  'GET /api/v1/exchange/status': { inScope: () => ({ method: 'GET', url: '/api/v1/exchange/status' }) },
  'GET /api/v1/exchange/rejected': { inScope: () => ({ method: 'GET', url: '/api/v1/exchange/rejected' }) },
  'POST /api/v1/exchange/rejected/:id/dismiss': {
    // a fresh entry of this platform's outbox that the parent rejected, per call
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/exchange/rejected/${await rejectedOutboxEntry(c)}/dismiss`, json: { note: '矩阵测试' } }),
  },
  'GET /api/v1/exchange/links': { inScope: () => ({ method: 'GET', url: '/api/v1/exchange/links' }) },
  // county virtual platforms: 长安区 is 石家庄's (in scope), 竞秀区 保定's (out of scope); the matrix's node is the province
  'GET /api/v1/counties': { inScope: () => ({ method: 'GET', url: '/api/v1/counties' }), scopeBy: 'lists only the counties of the caller’s region' },
  'POST /api/v1/counties': {
    inScope: () => ({ method: 'POST', url: '/api/v1/counties', json: { region: '130102' } }),
    outOfScope: () => ({ method: 'POST', url: '/api/v1/counties', json: { region: '130602' } }),
  },
  'POST /api/v1/counties/:code/disable': {
    inScope: () => ({ method: 'POST', url: '/api/v1/counties/130102/disable' }),
    outOfScope: () => ({ method: 'POST', url: '/api/v1/counties/130602/disable' }),
  },
  'GET /api/v1/public/counties': { inScope: () => ({ method: 'GET', url: '/api/v1/public/counties' }) },
  'GET /api/v1/public/counties/:code': {
    // an enabled county has a public section (the disable fixture may have disabled it)
    inScope: async () => {
      await enableCounty(t.p, SYSTEM_ACTOR, '130102');
      return { method: 'GET', url: '/api/v1/public/counties/130102' };
    },
  },
  'GET /api/v1/audit/events': { inScope: () => ({ method: 'GET', url: '/api/v1/audit/events' }) },
  'GET /api/v1/audit/events/export': { inScope: () => ({ method: 'GET', url: '/api/v1/audit/events/export?format=csv' }) },
  'GET /api/v1/audit/verify': { inScope: () => ({ method: 'GET', url: '/api/v1/audit/verify' }) },

  'GET /api/v1/admin/users': { inScope: () => ({ method: 'GET', url: '/api/v1/admin/users' }), scopeBy: 'lists only users in scope' },
  'POST /api/v1/admin/users': {
    inScope: (c) => ({ method: 'POST', url: '/api/v1/admin/users', json: { username: `m.clerk${c.seq()}`, displayName: '矩阵', role: 'department_clerk', departmentId: c.sjz.id } }),
    outOfScope: (c) => ({ method: 'POST', url: '/api/v1/admin/users', json: { username: `m.clerk${c.seq()}`, displayName: '矩阵', role: 'department_clerk', departmentId: c.bd.id } }),
  },
  'PATCH /api/v1/admin/users/:id': {
    inScope: (c) => ({ method: 'PATCH', url: `/api/v1/admin/users/${c.userSjz}`, json: { displayName: `石家庄${c.seq()}` } }),
    outOfScope: (c) => ({ method: 'PATCH', url: `/api/v1/admin/users/${c.userBd}`, json: { displayName: `保定${c.seq()}` } }),
  },
  'GET /api/v1/admin/departments': { inScope: () => ({ method: 'GET', url: '/api/v1/admin/departments' }), scopeBy: 'lists only departments in scope' },
  'POST /api/v1/admin/departments': {
    inScope: (c) => ({ method: 'POST', url: '/api/v1/admin/departments', json: { uscc: uscc(`11130100MB${String(8_000_000 + c.seq()).slice(-7)}`), name: `石家庄矩阵局${c.seq()}`, regionCode: '130100', kinds: ['finance'] } }), // privileged kinds need a province-level administrator (trust-roots.test.ts)
    outOfScope: (c) => ({ method: 'POST', url: '/api/v1/admin/departments', json: { uscc: uscc(`11130600MB${String(8_000_000 + c.seq()).slice(-7)}`), name: `保定矩阵局${c.seq()}`, regionCode: '130600' } }),
  },
  'GET /api/v1/admin/clients': { inScope: () => ({ method: 'GET', url: '/api/v1/admin/clients' }), scopeBy: 'lists only clients of departments in scope' },
  'POST /api/v1/admin/clients': {
    inScope: (c) => ({ method: 'POST', url: '/api/v1/admin/clients', json: { departmentId: c.sjz.id, name: `系统${c.seq()}`, scopes: ['collect'] } }),
    outOfScope: (c) => ({ method: 'POST', url: '/api/v1/admin/clients', json: { departmentId: c.bd.id, name: `系统${c.seq()}`, scopes: ['collect'] } }),
  },
  'POST /api/v1/admin/clients/:keyId/revoke': {
    inScope: async (c) => {
      const { client } = await createClient(t.p, SYSTEM_ACTOR, c.sjz, `待吊销${c.seq()}`, ['collect']);
      return { method: 'POST', url: `/api/v1/admin/clients/${client.keyId}/revoke` };
    },
    outOfScope: (c) => ({ method: 'POST', url: `/api/v1/admin/clients/${c.clientBd}/revoke` }),
  },

  // commitments: taken by the principal's own department; fulfilled and breached only by it
  'POST /api/v1/commitments': {
    inScope: (c) => ({ method: 'POST', url: '/api/v1/commitments', json: { subject: COMMIT_USCC, subjectName: '石家庄矩阵清白有限公司', kind: 'voluntary', content: `矩阵承诺${c.seq()}` } }),
    scopeBy: 'a commitment is always taken by the principal’s own department',
  },
  'GET /api/v1/commitments': { inScope: () => ({ method: 'GET', url: '/api/v1/commitments' }), scopeBy: 'lists only commitments of departments in scope' },
  'GET /api/v1/commitments/:id': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/commitments/${await commitmentOf(c, c.sjz)}` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/commitments/${await commitmentOf(c, c.bd)}` }),
  },
  'POST /api/v1/commitments/:id/fulfilment': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/commitments/${await commitmentOf(c, c.sjz)}/fulfilment`, json: { note: '矩阵履行' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/commitments/${await commitmentOf(c, c.bd)}/fulfilment`, json: { note: '矩阵履行' } }),
  },
  'POST /api/v1/commitments/:id/breach': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/commitments/${await commitmentOf(c, c.sjz)}/breach`, json: { reason: '矩阵违诺' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/commitments/${await commitmentOf(c, c.bd)}/breach`, json: { reason: '矩阵违诺' } }),
  },
  'GET /api/v1/public/subjects/:code/commitments': { inScope: () => ({ method: 'GET', url: `/api/v1/public/subjects/${COMMIT_USCC}/commitments` }) },

  // 诚信典型: nominated by the principal's department; reviewed and decided by operators of its region
  'POST /api/v1/exemplars': {
    inScope: async (c) => {
      await addCommitment(t.p, SYSTEM_ACTOR, c.sjz, { subject: EXEMPLAR_USCC, subjectName: '石家庄矩阵典型有限公司', kind: 'voluntary', content: `矩阵典型${c.seq()}` });
      return { method: 'POST', url: '/api/v1/exemplars', json: { subject: EXEMPLAR_USCC, title: '诚信经营示范企业', domain: `矩阵领域${c.seq()}`, deeds: '矩阵事迹' } };
    },
    scopeBy: 'a nomination is always the principal’s own department’s',
  },
  'GET /api/v1/exemplars': { inScope: () => ({ method: 'GET', url: '/api/v1/exemplars' }), scopeBy: 'lists only nominations of departments in scope' },
  'GET /api/v1/exemplars/:id': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/exemplars/${await exemplarOf(c, c.sjz)}` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/exemplars/${await exemplarOf(c, c.bd)}` }),
  },
  'GET /api/v1/exemplars/:id/objections': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/exemplars/${await exemplarOf(c, c.sjz)}/objections` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/exemplars/${await exemplarOf(c, c.bd)}/objections` }),
  },
  'POST /api/v1/exemplars/:id/review': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/exemplars/${await exemplarOf(c, c.sjz)}/review`, json: { decision: 'reject', note: '矩阵不通过' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/exemplars/${await exemplarOf(c, c.bd)}/review`, json: { decision: 'reject', note: '矩阵不通过' } }),
  },
  'POST /api/v1/exemplars/:id/decision': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/exemplars/${await exemplarOf(c, c.sjz, 'publicity')}/decision`, json: { decision: 'reject', note: '矩阵不予认定' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/exemplars/${await exemplarOf(c, c.bd, 'publicity')}/decision`, json: { decision: 'reject', note: '矩阵不予认定' } }),
  },
  'GET /api/v1/public/exemplars/publicity': { inScope: () => ({ method: 'GET', url: '/api/v1/public/exemplars/publicity' }) },
  'POST /api/v1/public/exemplars/:id/objections': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/public/exemplars/${await exemplarOf(c, c.sjz, 'in-publicity')}/objections`, json: { content: '矩阵异议' } }),
  },

  // 主动申报: the subject declares with its token; any department reads (public information) and may flag
  'POST /api/v1/public/declarations': { inScope: async (c) => ({ method: 'POST', url: '/api/v1/public/declarations', headers: await subjectToken(c), json: DECLARE }) },
  'GET /api/v1/public/declarations': { inScope: async (c) => ({ method: 'GET', url: '/api/v1/public/declarations', headers: await subjectToken(c) }) },
  'GET /api/v1/public/subjects/:code/declarations': {
    inScope: async (c) => {
      await subjectToken(c);
      return { method: 'GET', url: `/api/v1/public/subjects/${RIGHTS_ORG}/declarations` };
    },
  },
  'GET /api/v1/declarations': {
    inScope: async (c) => {
      await subjectToken(c);
      return { method: 'GET', url: `/api/v1/declarations?subject=${RIGHTS_ORG}` };
    },
  },
  'POST /api/v1/declarations/:id/false': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/declarations/${await declarationOf(c)}/false`, json: { reason: '矩阵核实不实' } }),
    scopeBy: 'declarations are public information; the record is filed in the flagging department’s own name',
  },

  // subscriptions (响应): a department's own; 反馈 only on its own events
  'POST /api/v1/subscriptions': {
    inScope: () => ({ method: 'POST', url: '/api/v1/subscriptions', json: { kind: 'checked-subjects', checkedDays: 30 } }),
    scopeBy: 'a subscription is always the principal’s own department’s',
  },
  'GET /api/v1/subscriptions': { inScope: () => ({ method: 'GET', url: '/api/v1/subscriptions' }), scopeBy: 'lists only subscriptions of departments in scope' },
  'GET /api/v1/subscriptions/:id': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/subscriptions/${await subscriptionOf(c.sjz)}` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/subscriptions/${await subscriptionOf(c.bd)}` }),
  },
  'POST /api/v1/subscriptions/:id/end': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/subscriptions/${await subscriptionOf(c.sjz)}/end` }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/subscriptions/${await subscriptionOf(c.bd)}/end` }),
  },
  'GET /api/v1/subscriptions/:id/feed': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/subscriptions/${await subscriptionOf(c.sjz)}/feed` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/subscriptions/${await subscriptionOf(c.bd)}/feed` }),
  },
  'GET /api/v1/subscriptions/:id/deliveries': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/subscriptions/${await subscriptionOf(c.sjz)}/deliveries` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/subscriptions/${await subscriptionOf(c.bd)}/deliveries` }),
  },
  'POST /api/v1/subscription-events/:id/feedback': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/subscription-events/${await subscriptionEventOf(c, c.sjz)}/feedback`, json: { action: 'noted', note: '矩阵反馈' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/subscription-events/${await subscriptionEventOf(c, c.bd)}/feedback`, json: { action: 'noted', note: '矩阵反馈' } }),
  },

  // joint reward and punishment (sanctions): checks are made for the principal's own department
  'POST /api/v1/credit-checks': {
    inScope: () => ({ method: 'POST', url: '/api/v1/credit-checks', json: { subject: CLEAN_USCC, scenario: 'license_approval', matterRef: '矩阵事项' } }),
    scopeBy: 'a check is always made for the principal’s own department',
  },
  'GET /api/v1/credit-checks/:id': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/credit-checks/${await checkOf(c.sjz)}` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/credit-checks/${await checkOf(c.bd)}` }),
  },
  'POST /api/v1/credit-checks/:id/feedback': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/credit-checks/${await checkOf(c.sjz, true)}/feedback`, json: FEEDBACK }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/credit-checks/${await checkOf(c.bd, true)}/feedback`, json: FEEDBACK }),
  },
  'GET /api/v1/credit-checks/feedback/pending': { inScope: () => ({ method: 'GET', url: '/api/v1/credit-checks/feedback/pending' }), scopeBy: 'lists only checks of departments in scope' },
  'GET /api/v1/credit-checks/feedback/rates': { inScope: () => ({ method: 'GET', url: '/api/v1/credit-checks/feedback/rates?by=measure' }), scopeBy: 'counts only checks of departments in scope' },
  'GET /api/v1/sanctions/cases': { inScope: () => ({ method: 'GET', url: '/api/v1/sanctions/cases' }), scopeBy: 'lists only cases of departments in scope' },
  'GET /api/v1/measures': { inScope: () => ({ method: 'GET', url: '/api/v1/measures' }) },
  'GET /api/v1/measures/:id/revisions': { inScope: () => ({ method: 'GET', url: '/api/v1/measures/dd-flights/revisions' }) },
  'POST /api/v1/measures': {
    inScope: (c) => ({
      method: 'POST',
      url: '/api/v1/measures',
      json: { id: `matrix-${c.seq()}`, kind: 'reward', type: 'administrative', name: '矩阵措施', content: '测试', basis: '测试', implementers: ['finance'], scenarios: ['fiscal_funds'], triggers: [{ list: 'a-taxpayer' }] },
    }),
    provinceLevel: true,
  },
  'PATCH /api/v1/measures/:id': { inScope: (c) => ({ method: 'PATCH', url: '/api/v1/measures/rw-trading-bonus', json: { content: `矩阵修订${c.seq()}` } }), provinceLevel: true },
  'POST /api/v1/lists/:category/exits': {
    inScope: async (c) => ({ method: 'POST', url: '/api/v1/lists/serious-dishonesty/exits', json: { ref: await listEntryOf(c), reason: '矩阵移出' } }),
    scopeBy: 'exits only entries of the principal’s own department',
  },
  'GET /api/v1/lists/credit-warnings': { inScope: () => ({ method: 'GET', url: '/api/v1/lists/credit-warnings' }), scopeBy: 'lists only warnings of departments in scope' },
  'POST /api/v1/lists/:category/credit-warnings': {
    inScope: (c) => ({ method: 'POST', url: '/api/v1/lists/dishonest-debtor/credit-warnings', json: { subject: ORG_USCC, ref: `（2026）冀矩阵执${c.seq()}号`, reason: '矩阵警示' } }),
    scopeBy: 'records in the name of the principal’s own department only',
  },
  'POST /api/v1/lists/credit-warnings/:id/lift': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/lists/credit-warnings/${await creditWarningOf(c, true)}/lift`, json: { reason: '矩阵解除' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/lists/credit-warnings/${await creditWarningOf(c, false)}/lift`, json: { reason: '矩阵解除' } }),
  },
  'GET /api/v1/public/lists': { inScope: () => ({ method: 'GET', url: '/api/v1/public/lists' }) },
  'GET /api/v1/public/lists/:category/entries': { inScope: () => ({ method: 'GET', url: `/api/v1/public/lists/serious-dishonesty/entries?q=${encodeURIComponent('矩阵')}` }) },
  'GET /api/v1/public/lists/:category/entries/:id': {
    inScope: async (c) => {
      const ref = await listEntryOf(c);
      const row = await t.p.db.one<{ id: number }>('SELECT id FROM record WHERE source_ref = $1 AND superseded_at IS NULL', [ref]);
      return { method: 'GET', url: `/api/v1/public/lists/serious-dishonesty/entries/${encodeOpaque(t.p.crypto, 'list-entry', row!.id)}` };
    },
  },
  'GET /api/v1/public/lists/:category/exits': { inScope: () => ({ method: 'GET', url: '/api/v1/public/lists/serious-dishonesty/exits' }) },
  // subject rights: the subject's own routes are public and need its token; the department's
  // routes are scoped to records of departments in scope
  'POST /api/v1/public/identity/challenges': {
    inScope: (c) => (captureCodes(), { method: 'POST', url: '/api/v1/public/identity/challenges', json: { code: RIGHTS_ORG, name: `矩阵${c.seq()}` } }),
  },
  'POST /api/v1/public/identity/verify': { inScope: async (c) => ({ method: 'POST', url: '/api/v1/public/identity/verify', json: await challengeOf(c) }) },
  'GET /api/v1/public/identity/methods': { inScope: () => ({ method: 'GET', url: '/api/v1/public/identity/methods' }) },
  'POST /api/v1/public/identity/oidc/begin': { inScope: () => ({ method: 'POST', url: '/api/v1/public/identity/oidc/begin', json: { purpose: 'credit-file', returnTo: MATRIX_PORTAL } }) },
  'POST /api/v1/public/identity/oidc/complete': {
    inScope: async () => {
      const b = (await t.app.inject({ method: 'POST', url: '/api/v1/public/identity/oidc/begin', payload: { returnTo: MATRIX_PORTAL } })).json();
      const callback = await signInAtDemoProvider(b.authorizationUrl, { code: RIGHTS_ORG, name: RIGHTS_NAME }, MATRIX_PORTAL);
      return { method: 'POST', url: '/api/v1/public/identity/oidc/complete', json: { callback, binding: b.binding } };
    },
  },
  'POST /api/v1/public/identity/certificate/challenges': { inScope: () => ({ method: 'POST', url: '/api/v1/public/identity/certificate/challenges', json: {} }) },
  'POST /api/v1/public/identity/certificate/verify': {
    inScope: async () => {
      const ch = (await t.app.inject({ method: 'POST', url: '/api/v1/public/identity/certificate/challenges', payload: {} })).json();
      return { method: 'POST', url: '/api/v1/public/identity/certificate/verify', json: { challengeId: ch.challengeId, certificate: MATRIX_CERT.pem, signature: signChallenge(ch.text, MATRIX_CERT) } };
    },
  },
  'POST /api/v1/subject-contacts': {
    inScope: async (c) => {
      await rightsRecordOf(c, c.sjz);
      return { method: 'POST', url: '/api/v1/subject-contacts', json: { subject: RIGHTS_ORG, contact: `1370000${String(c.seq()).padStart(4, '0')}` } };
    },
    scopeBy: 'only subjects the department holds records of (404 otherwise: identity.test.ts)',
  },
  'GET /api/v1/public/me/credit-file': { inScope: async (c) => ({ method: 'GET', url: '/api/v1/public/me/credit-file', headers: await subjectToken(c) }) },
  'GET /api/v1/public/me/access-log': { inScope: async (c) => ({ method: 'GET', url: '/api/v1/public/me/access-log', headers: await subjectToken(c) }) },
  'POST /api/v1/public/me/authorizations': {
    inScope: async (c) => ({ method: 'POST', url: '/api/v1/public/me/authorizations', headers: await subjectToken(c), json: { requester: c.sjz.uscc, scope: 'full-report', purpose: '矩阵授权' } }),
  },
  'GET /api/v1/public/me/authorizations': { inScope: async (c) => ({ method: 'GET', url: '/api/v1/public/me/authorizations', headers: await subjectToken(c) }) },
  'POST /api/v1/public/me/authorizations/:id/revoke': {
    // a fresh authorization per call: a revoked one cannot be revoked again
    inScope: async (c) => {
      const headers = await subjectToken(c);
      const g = await t.app.inject({ method: 'POST', url: '/api/v1/public/me/authorizations', headers, payload: { requester: c.sjz.uscc, scope: 'credit-file', purpose: '矩阵撤销' } });
      return { method: 'POST', url: `/api/v1/public/me/authorizations/${g.json().id}/revoke`, headers };
    },
  },
  'POST /api/v1/public/objections': {
    inScope: async (c) => ({ method: 'POST', url: '/api/v1/public/objections', headers: await subjectToken(c), json: { records: [{ ref: await rightsRecordOf(c, c.sjz) }], reason: '矩阵异议' } }),
  },
  'GET /api/v1/public/objections': { inScope: async (c) => ({ method: 'GET', url: '/api/v1/public/objections', headers: await subjectToken(c) }) },
  'GET /api/v1/public/objections/:id': { inScope: async (c) => ({ method: 'GET', url: `/api/v1/public/objections/${(await objectionOf(c, c.sjz)).id}`, headers: await subjectToken(c) }) },
  'GET /api/v1/public/repairs/eligibility': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/public/repairs/eligibility?ref=${encodeURIComponent(await rightsRecordOf(c, c.sjz))}`, headers: await subjectToken(c) }),
  },
  'POST /api/v1/public/repairs': { inScope: async (c) => ({ method: 'POST', url: '/api/v1/public/repairs', headers: await subjectToken(c), json: applyBody(await rightsRecordOf(c, c.sjz)) }) },
  'GET /api/v1/public/repairs': { inScope: async (c) => ({ method: 'GET', url: '/api/v1/public/repairs', headers: await subjectToken(c) }) },
  'GET /api/v1/public/repairs/results': { inScope: () => ({ method: 'GET', url: '/api/v1/public/repairs/results' }) },
  'GET /api/v1/public/repairs/:id': { inScope: async (c) => ({ method: 'GET', url: `/api/v1/public/repairs/${(await repairOf(c, c.sjz)).id}`, headers: await subjectToken(c) }) },
  'GET /api/v1/public/records/:id/repair-notice': { inScope: async (c) => ({ method: 'GET', url: `/api/v1/public/records/${encodeOpaque(t.p.crypto, 'record', Number(await recordIdOf(await rightsRecordOf(c, c.sjz))))}/repair-notice` }) },
  'POST /api/v1/objections': {
    inScope: async (c) => ({ method: 'POST', url: '/api/v1/objections', json: { subject: RIGHTS_ORG, records: [{ ref: await rightsRecordOf(c, c.sjz) }], reason: '窗口代办', inPerson: { document: 'business_license', checked: true } } }),
    outOfScope: async (c) => ({ method: 'POST', url: '/api/v1/objections', json: { subject: RIGHTS_ORG, records: [{ ref: await rightsRecordOf(c, c.bd) }], reason: '窗口代办', inPerson: { document: 'business_license', checked: true } } }),
  },
  'GET /api/v1/objections/window-records': {
    inScope: async (c) => {
      await rightsRecordOf(c, c.sjz);
      return { method: 'GET', url: `/api/v1/objections/window-records?subject=${RIGHTS_ORG}` };
    },
    scopeBy: 'lists only the records of departments in scope (test/integration/identity.test.ts)',
  },
  'GET /api/v1/objections': { inScope: () => ({ method: 'GET', url: '/api/v1/objections' }), scopeBy: 'lists only objections on records of departments in scope' },
  'GET /api/v1/objections/stats': { inScope: () => ({ method: 'GET', url: '/api/v1/objections/stats' }), scopeBy: 'counts only departments in scope' },
  'GET /api/v1/objections/:id': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/objections/${(await objectionOf(c, c.sjz)).id}` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/objections/${(await objectionOf(c, c.bd)).id}` }),
  },
  'POST /api/v1/objections/:id/decision': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/objections/${(await objectionOf(c, c.sjz, true)).id}/decision`, json: { outcome: 'uphold', note: '维持' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/objections/${(await objectionOf(c, c.bd, true)).id}/decision`, json: { outcome: 'uphold', note: '维持' } }),
  },
  'GET /api/v1/objections/:id/evidence/:sha256': {
    inScope: async (c) => {
      const o = await objectionOf(c, c.sjz);
      return { method: 'GET', url: `/api/v1/objections/${o.id}/evidence/${o.sha256}` };
    },
    outOfScope: async (c) => {
      const o = await objectionOf(c, c.bd);
      return { method: 'GET', url: `/api/v1/objections/${o.id}/evidence/${o.sha256}` };
    },
  },
  'POST /api/v1/repairs': {
    inScope: async (c) => ({ method: 'POST', url: '/api/v1/repairs', json: { subject: RIGHTS_ORG, ...applyBody(await rightsRecordOf(c, c.sjz)) } }),
    outOfScope: async (c) => ({ method: 'POST', url: '/api/v1/repairs', json: { subject: RIGHTS_ORG, ...applyBody(await rightsRecordOf(c, c.bd)) } }),
  },
  'GET /api/v1/repairs': { inScope: () => ({ method: 'GET', url: '/api/v1/repairs' }), scopeBy: 'lists only applications for records of departments in scope' },
  'GET /api/v1/repairs/eligibility': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/repairs/eligibility?subject=${RIGHTS_ORG}&ref=${encodeURIComponent(await rightsRecordOf(c, c.sjz))}` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/repairs/eligibility?subject=${RIGHTS_ORG}&ref=${encodeURIComponent(await rightsRecordOf(c, c.bd))}` }),
  },
  'GET /api/v1/repairs/:id': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/repairs/${(await repairOf(c, c.sjz)).id}` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/repairs/${(await repairOf(c, c.bd)).id}` }),
  },
  'POST /api/v1/repairs/:id/decision': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/repairs/${(await repairOf(c, c.sjz, true)).id}/decision`, json: { outcome: 'refuse', reason: '材料不全' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/repairs/${(await repairOf(c, c.bd, true)).id}/decision`, json: { outcome: 'refuse', reason: '材料不全' } }),
  },
  'GET /api/v1/repairs/:id/evidence/:sha256': {
    inScope: async (c) => {
      const a = await repairOf(c, c.sjz);
      return { method: 'GET', url: `/api/v1/repairs/${a.id}/evidence/${a.sha256}` };
    },
    outOfScope: async (c) => {
      const a = await repairOf(c, c.bd);
      return { method: 'GET', url: `/api/v1/repairs/${a.id}/evidence/${a.sha256}` };
    },
  },
  'GET /api/v1/records/:id/repair-notice': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/records/${await recordIdOf(await rightsRecordOf(c, c.sjz))}/repair-notice` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/records/${await recordIdOf(await rightsRecordOf(c, c.bd))}/repair-notice` }),
  },

  // credit reports and the calendar
  'POST /api/v1/public/reports': { inScope: async (c) => (await rightsRecordOf(c, c.sjz), { method: 'POST', url: '/api/v1/public/reports', json: { subject: RIGHTS_ORG, edition: 'public' } }) },
  'POST /api/v1/reports': {
    inScope: async (c) => (await rightsRecordOf(c, c.sjz), { method: 'POST', url: '/api/v1/reports', json: { subject: RIGHTS_ORG, edition: 'public' } }),
    // personal data: the full file of a 保定 person is outside every 石家庄 principal's region
    // (and staff here have no second factor, clients without query-personal no scope): refused
    outOfScope: async (c) => ({ method: 'POST', url: '/api/v1/reports', json: { subject: await bdPersonOf(c), edition: 'full', purpose: '行政许可审查', matterRef: '石审批〔2026〕118号' } }),
  },
  'GET /api/v1/public/reports/verify': {
    inScope: async (c) => {
      const r = await reportOf(c);
      return { method: 'GET', url: `/api/v1/public/reports/verify?number=${r.number}&code=${r.code}` };
    },
  },
  'POST /api/v1/public/reports/verify': {
    inScope: async (c) => {
      const r = await reportOf(c);
      const j = await t.app.inject({ method: 'GET', url: `/api/v1/public/reports/${r.number}?code=${r.code}` });
      return { method: 'POST', url: '/api/v1/public/reports/verify', json: j.json() };
    },
  },
  'GET /api/v1/public/reports/:number': {
    inScope: async (c) => {
      const r = await reportOf(c);
      return { method: 'GET', url: `/api/v1/public/reports/${r.number}?code=${r.code}` };
    },
  },
  'GET /api/v1/public/reports/:number/pdf': {
    inScope: async (c) => {
      const r = await reportOf(c);
      return { method: 'GET', url: `/api/v1/public/reports/${r.number}/pdf?code=${r.code}` };
    },
  },
  'POST /api/v1/calendar/years': {
    inScope: (c) => ({ method: 'POST', url: '/api/v1/calendar/years', json: { year: 2030, source: `矩阵测试放假安排 ${c.seq()}`, rest: ['2030-01-01'] } }),
    provinceLevel: true,
  },
  // the staff credit query, a department's own records, public statistics (issue 10)
  'GET /api/v1/inquiry/subjects': {
    inScope: async (c) => (await rightsRecordOf(c, c.sjz), { method: 'GET', url: `/api/v1/inquiry/subjects?q=${RIGHTS_ORG}` }),
    scopeBy: 'finds subjects only (a person by masked number); the file itself is opened by POST /inquiry/credit-file, which narrows by region',
  },
  'POST /api/v1/inquiry/credit-file': {
    inScope: async (c) => (await rightsRecordOf(c, c.sjz), { method: 'POST', url: '/api/v1/inquiry/credit-file', json: { subject: RIGHTS_ORG, purpose: '行政许可审查', matterRef: '石审批〔2026〕118号' } }),
    // a 保定 person: outside every 石家庄 principal's region (and no second factor here)
    outOfScope: async (c) => ({ method: 'POST', url: '/api/v1/inquiry/credit-file', json: { subject: await bdPersonOf(c), purpose: '行政许可审查', matterRef: '石审批〔2026〕118号' } }),
  },
  'GET /api/v1/own-records': { inScope: () => ({ method: 'GET', url: '/api/v1/own-records?category=penalty' }), scopeBy: 'lists only the acting department’s own records' },
  'GET /api/v1/own-records/export': { inScope: () => ({ method: 'GET', url: '/api/v1/own-records/export?late=false' }), scopeBy: 'exports only the acting department’s own records' },
  'GET /api/v1/public/statistics': { inScope: () => ({ method: 'GET', url: '/api/v1/public/statistics' }) },
  'GET /api/v1/public/calendar/working-days': { inScope: () => ({ method: 'GET', url: '/api/v1/public/calendar/working-days?from=2026-09-30&n=10' }) },

  // monitoring and warnings
  'GET /api/v1/monitoring/directory': { inScope: () => ({ method: 'GET', url: '/api/v1/monitoring/directory' }), scopeBy: 'lists kind-wide entries and entries of departments in scope only' },
  'GET /api/v1/monitoring/directory/history': {
    inScope: () => ({ method: 'GET', url: `/api/v1/monitoring/directory/history?key=${encodeURIComponent('kind:market-regulation|penalty|2024-01-01')}` }),
    scopeBy: 'lists kind-wide revisions and revisions of departments in scope only',
  },
  'POST /api/v1/monitoring/directory': {
    inScope: () => ({ method: 'POST', url: '/api/v1/monitoring/directory', json: { departmentKind: 'finance', category: 'license', frequency: 'monthly', from: '2027-01-01' } }),
    provinceLevel: true,
  },
  'POST /api/v1/monitoring/zero-declarations': {
    inScope: () => ({ method: 'POST', url: '/api/v1/monitoring/zero-declarations', json: { category: 'license', period: '2025-06' } }),
    scopeBy: 'declares for the caller’s own department only: there is no department to name',
  },
  'GET /api/v1/monitoring/evaluations': { inScope: () => ({ method: 'GET', url: '/api/v1/monitoring/evaluations' }), scopeBy: 'period names only, no regional data' },
  'GET /api/v1/monitoring/evaluations/:period': { inScope: () => ({ method: 'GET', url: '/api/v1/monitoring/evaluations/2026-10' }), scopeBy: 'rows of regions outside the caller’s are left out' },
  'GET /api/v1/monitoring/evaluations/:period/regions/:code': {
    inScope: () => ({ method: 'GET', url: '/api/v1/monitoring/evaluations/2026-10/regions/130100' }),
    outOfScope: () => ({ method: 'GET', url: '/api/v1/monitoring/evaluations/2026-10/regions/130600' }),
  },
  'GET /api/v1/monitoring/evaluations/:period/departments/:uscc': {
    inScope: (c) => ({ method: 'GET', url: `/api/v1/monitoring/evaluations/2026-10/departments/${c.sjz.uscc}` }),
    outOfScope: (c) => ({ method: 'GET', url: `/api/v1/monitoring/evaluations/2026-10/departments/${c.bd.uscc}` }),
  },
  'POST /api/v1/monitoring/evaluations/:period/run': { inScope: () => ({ method: 'POST', url: '/api/v1/monitoring/evaluations/2026-10/run' }), provinceLevel: true },
  'GET /api/v1/monitoring/evaluations/:period/bulletin': { inScope: () => ({ method: 'GET', url: '/api/v1/monitoring/evaluations/2026-10/bulletin?format=xlsx' }), scopeBy: 'rows of regions outside the caller’s are left out of the file' },
  'GET /api/v1/monitoring/trend': { inScope: () => ({ method: 'GET', url: '/api/v1/monitoring/trend' }), scopeBy: 'rows of regions outside the caller’s are left out' },
  'GET /api/v1/warnings': { inScope: () => ({ method: 'GET', url: '/api/v1/warnings' }), scopeBy: 'lists only warnings of regions in scope' },
  'POST /api/v1/warnings/:id/ack': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/warnings/${await warningOf(c.sjz, 'ack')}/ack`, json: { note: '已电话督促' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/warnings/${await warningOf(c.bd, 'ack')}/ack`, json: { note: '已电话督促' } }),
  },
  'POST /api/v1/warnings/:id/close': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/warnings/${await warningOf(c.sjz, 'close')}/close`, json: { note: '已处理' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/warnings/${await warningOf(c.bd, 'close')}/close`, json: { note: '已处理' } }),
  },
  'GET /api/v1/publication/rules': { inScope: () => ({ method: 'GET', url: '/api/v1/publication/rules' }) },
  'POST /api/v1/publication/rules': {
    inScope: (c) => ({
      method: 'POST',
      url: '/api/v1/publication/rules',
      json: { effectiveFrom: '2030-01-01', source: `矩阵公示期限 ${c.seq()}`, penalty: { light: { publish: false }, general: { publish: true, minMonths: 3, maxMonths: 12 }, serious: { publish: true, minMonths: 12, maxMonths: 36 } }, license: { publishWhileValid: true } },
    }),
    provinceLevel: true,
  },
  'GET /api/v1/proposals/kinds': { inScope: () => ({ method: 'GET', url: '/api/v1/proposals/kinds' }) },
  'GET /api/v1/proposals': { inScope: () => ({ method: 'GET', url: '/api/v1/proposals' }) },
  'GET /api/v1/proposals/:id': {
    inScope: async (c, who) => ({ method: 'GET', url: `/api/v1/proposals/${await proposalOf(c, who)}` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/proposals/${await proposalOf(c, c.userBd)}` }),
  },
  'POST /api/v1/proposals': {
    inScope: (c) => ({ method: 'POST', url: '/api/v1/proposals', json: { kind: 'measure.change', change: { id: 'rw-trading-bonus', patch: { content: `矩阵建议${c.seq()}` } }, reason: '矩阵测试建议' } }),
  },
  'POST /api/v1/proposals/:id/approve': {
    inScope: async (c, who) => ({ method: 'POST', url: `/api/v1/proposals/${await proposalOf(c, who)}/approve`, json: { note: '矩阵同意' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/proposals/${await proposalOf(c, c.userBd)}/approve`, json: { note: '矩阵同意' } }),
    provinceLevel: true,
  },
  'POST /api/v1/proposals/:id/reject': {
    inScope: async (c, who) => ({ method: 'POST', url: `/api/v1/proposals/${await proposalOf(c, who)}/reject`, json: { note: '矩阵驳回' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/proposals/${await proposalOf(c, c.userBd)}/reject`, json: { note: '矩阵驳回' } }),
    provinceLevel: true,
  },
  'GET /api/v1/classification/subjects/:code': {
    inScope: () => ({ method: 'GET', url: `/api/v1/classification/subjects/${ORG_USCC}` }),
    // a person's 诚信积分 is non-public personal data: a 保定 person's is out of every 石家庄 principal's region
    // (issue 17 acceptance review: the matrix had no out-of-region case for this read)
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/classification/subjects/${await bdPersonOf(c)}?purpose=${encodeURIComponent('行政许可审查')}&matterRef=${encodeURIComponent('石审批〔2026〕118号')}` }),
  },
  'GET /api/v1/classification/stats': { inScope: () => ({ method: 'GET', url: '/api/v1/classification/stats' }) },
  'GET /api/v1/classification/distribution': { inScope: () => ({ method: 'GET', url: '/api/v1/classification/distribution' }) },
  'GET /api/v1/classification/occupations': { inScope: () => ({ method: 'GET', url: '/api/v1/classification/occupations' }) },
  // the matrix's departments are market-regulation: competent for 执业药师
  'GET /api/v1/classification/occupations/:occupation/practitioners': {
    inScope: () => ({ method: 'GET', url: `/api/v1/classification/occupations/licensed-pharmacist/practitioners?purpose=${encodeURIComponent('矩阵执业监管')}&matterRef=M-1` }),
  },
  'GET /api/v1/government/evaluation': { inScope: () => ({ method: 'GET', url: '/api/v1/government/evaluation' }) },
  'GET /api/v1/government/evaluation/runs': { inScope: () => ({ method: 'GET', url: '/api/v1/government/evaluation/runs' }) },
  'GET /api/v1/government/evaluation/periods/:period': { inScope: () => ({ method: 'GET', url: '/api/v1/government/evaluation/periods/2026-10' }) },
  'POST /api/v1/government/evaluation/periods/:period/run': { inScope: () => ({ method: 'POST', url: '/api/v1/government/evaluation/periods/2026-10/run' }), provinceLevel: true },
  'GET /api/v1/government/evaluation/dashboard': { inScope: () => ({ method: 'GET', url: '/api/v1/government/evaluation/dashboard?period=2026-10' }) },
  'GET /api/v1/classification/key-supervision': { inScope: () => ({ method: 'GET', url: '/api/v1/classification/key-supervision' }) },
  'POST /api/v1/classification/runs': {
    inScope: () => ({ method: 'POST', url: '/api/v1/classification/runs' }),
    // the run job audits its completion: wait for it, so that it lands before the next snapshot
    settle: async (_c, _w, res) => {
      for (let i = 0; i < 20000; i++) {
        if ((await getRun(t.p, res.json().runId)).status === 'completed') return;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error('classification run did not complete');
    },
  },
  'GET /api/v1/classification/runs/:id': { inScope: async () => ({ method: 'GET', url: `/api/v1/classification/runs/${(await startRun(t.p, SYSTEM_ACTOR)).runId}` }) },
  'POST /api/v1/public/tips': {
    inScope: () => ({ method: 'POST', url: '/api/v1/public/tips', json: { subjectName: '矩阵举报商贸有限公司', matter: '该公司长期销售过期食品并篡改生产日期。' } }),
  },
  'POST /api/v1/public/tips/:receipt/evidence': {
    inScope: async (c) => {
      const tip = await tipOf(c, c.sjz);
      return { method: 'POST', url: `/api/v1/public/tips/${tip.receiptNumber}/evidence`, json: { queryCode: tip.queryCode, contentType: 'image/png', contentBase64: TIP_PNG } };
    },
  },
  'POST /api/v1/public/tips/status': {
    inScope: async (c) => {
      const tip = await tipOf(c, c.sjz);
      return { method: 'POST', url: '/api/v1/public/tips/status', json: { receiptNumber: tip.receiptNumber, queryCode: tip.queryCode } };
    },
  },
  'GET /api/v1/tips': { inScope: () => ({ method: 'GET', url: '/api/v1/tips' }), scopeBy: 'the list itself is narrowed: handlers see their department’s tips, operators those of their region' },
  'GET /api/v1/tips/:id': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/tips/${(await tipOf(c, c.sjz)).id}` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/tips/${(await tipOf(c, c.bd)).id}` }),
  },
  'POST /api/v1/tips/:id/route': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/tips/${(await tipOf(c, c.sjz)).id}/route`, json: { departmentId: c.sjz.id, reason: '矩阵改派' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/tips/${(await tipOf(c, c.bd)).id}/route`, json: { departmentId: c.sjz.id, reason: '矩阵改派' } }),
  },
  'POST /api/v1/tips/:id/notes': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/tips/${(await tipOf(c, c.sjz)).id}/notes`, json: TIP_TEXT.note }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/tips/${(await tipOf(c, c.bd)).id}/notes`, json: TIP_TEXT.note }),
  },
  'POST /api/v1/tips/:id/outcome': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/tips/${(await tipOf(c, c.sjz)).id}/outcome`, json: { outcome: 'unsubstantiated', note: '查无实据', reply: '经查，未发现所举报问题' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/tips/${(await tipOf(c, c.bd)).id}/outcome`, json: { outcome: 'unsubstantiated', note: '查无实据', reply: '经查，未发现所举报问题' } }),
  },
  'POST /api/v1/tips/:id/record-links': {
    // the penalty 石市监罚〔2026〕101号 of 石家庄 is on file (before)
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/tips/${(await tipOf(c, c.sjz, { substantiated: true })).id}/record-links`, json: { category: 'penalty', sourceRef: '石市监罚〔2026〕101号' } }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/tips/${(await tipOf(c, c.bd, { substantiated: true })).id}/record-links`, json: { category: 'penalty', sourceRef: '石市监罚〔2026〕101号' } }),
  },
  'POST /api/v1/tips/:id/reporter-reads': {
    inScope: async (c) => ({ method: 'POST', url: `/api/v1/tips/${(await tipOf(c, c.sjz)).id}/reporter-reads`, json: TIP_TEXT.purpose }),
    outOfScope: async (c) => ({ method: 'POST', url: `/api/v1/tips/${(await tipOf(c, c.bd)).id}/reporter-reads`, json: TIP_TEXT.purpose }),
  },
  'GET /api/v1/tips/:id/evidence/:seq': {
    inScope: async (c) => ({ method: 'GET', url: `/api/v1/tips/${(await tipOf(c, c.sjz, { evidence: true })).id}/evidence/1` }),
    outOfScope: async (c) => ({ method: 'GET', url: `/api/v1/tips/${(await tipOf(c, c.bd, { evidence: true })).id}/evidence/1` }),
  },
};

// ---- the declared semantics of a policy, stated independently of auth.ts

function admits(policy: RoutePolicy, who: Who): boolean {
  if (policy.allow.includes('public')) return true;
  if (who.kind === 'public') return false;
  if (who.kind === 'staff') return policy.allow.includes('staff') || policy.allow.includes(who.role);
  return policy.allow.includes(`client:${who.scope}`);
}

let ctx: Ctx;
let principals: Who[] = [];
const provincePrincipals: Who[] = [];

before(async () => {
  t = await createTestPlatform('2026-11-20');
  const sjz = await addTestDepartment(t.p, uscc('11130100MB0000001'), '石家庄市市场监督管理局', '130100');
  const bd = await addTestDepartment(t.p, uscc('11130600MB0000002'), '保定市市场监督管理局', '130600');
  await t.p.db.query(`UPDATE department SET kinds = array_append(kinds, 'court') WHERE id = $1`, [sjz.id]); // 信用警示 of the court's list
  // a public record (for the public subject profile) and a file batch of each department
  await submitJsonBatch(t.p, SYSTEM_ACTOR, sjz, 'penalty', [penaltyRow()]);
  const dir = path.join(t.dir, 'files');
  mkdirSync(dir, { recursive: true });
  const fileBatch = async (dep: Department, n: number) => {
    const file = path.join(dir, `b${n}.csv`);
    writeFileSync(file, batchFile(n) + batchFile(n + 1).split('\n')[1]!.replace(/2026-06-01/g, 'not a date') + '\n');
    return (await importFile(t.p, { file, filename: `b${n}.csv`, category: 'penalty', department: dep, actor: SYSTEM_ACTOR })).batchId;
  };
  const batchSjz = await fileBatch(sjz, 1);
  const batchBd = await fileBatch(bd, 3);
  const user = async (username: string, role: Role, dep?: Department) =>
    (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username, displayName: username, role, password: PASSWORD, mustChangePassword: false, ...(dep ? { departmentId: dep.id } : { regionCode: '130100' }) })).user;
  const userSjz = (await user('target.sjz', 'department_clerk', sjz)).id;
  const userBd = (await user('target.bd', 'department_clerk', bd)).id;
  await user('matrix.signin', 'department_clerk', sjz);
  const clientBd = (await createClient(t.p, SYSTEM_ACTOR, bd, '保定系统', ['collect'])).client.keyId;
  let n = 100;
  ctx = { sjz, bd, batchSjz, batchBd, userSjz, userBd, clientBd, seq: () => ++n, passwords: new Map() };
  matrixIdp = await startDemoOidcProvider({ port: 0, redirectUris: [MATRIX_PORTAL] });
  setOidcProvider(t.p, matrixIdp.settings);
  MATRIX_CERT = issue({ subject: dn([['2.5.4.5', RIGHTS_ORG]]), issuer: MATRIX_CA });
  setTrustedCas(t.p, [MATRIX_CA.pem]);

  // every principal files a tip from the same address: no per-address limit in this test
  t.p.rules.tips = t.p.rules.tips.map((r) => ({ ...r, limits: { ...r.limits, filesPerAddressPerHour: 1_000_000, evidencePerAddressPerHour: 1_000_000, statusPerAddressPerHour: 1_000_000 } }));
  principals = [{ name: 'anonymous', kind: 'public' }];
  for (const role of ROLES) {
    const u = await user(`m.${role}`, role, isDepartmentRole(role) ? sjz : undefined);
    ctx.passwords.set(u.id, PASSWORD);
    principals.push({ name: `${role} of 石家庄`, kind: 'staff', role, userId: u.id, username: u.username });
  }
  for (const scope of ALL_SCOPES)
    principals.push({ name: `client (${scope}) of 石家庄`, kind: 'client', scope, credential: await addTestClient(t.p, sjz, [scope]) });
  for (const role of ['operator', 'platform_admin'] as const) {
    const u = (await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: `p.${role}`, displayName: `p.${role}`, role, password: PASSWORD, mustChangePassword: false, regionCode: '130000' })).user;
    provincePrincipals.push({ name: `${role} of the province`, kind: 'staff', role, userId: u.id, username: u.username });
  }
});
after(async () => {
  await matrixIdp?.close();
  await t.close();
});

const CSRF = { 'x-requested-with': 'xinyong' };

async function send(who: Who, r: Req): Promise<LightMyRequestResponse> {
  if (who.kind === 'client')
    return signedInject(t.app, who.credential, { method: r.method, url: r.url, json: r.json, body: r.body, contentType: r.contentType, now: t.p.now(), headers: r.headers });
  const headers: Record<string, string> = { ...CSRF, ...(r.contentType ? { 'content-type': r.contentType } : {}), ...r.headers };
  // a fresh session per request: sign-out and password changes cannot disturb the next case
  const cookies = who.kind === 'staff' ? { xy_session: await openSessionFor(t.p, who.userId) } : undefined;
  return t.app.inject({ method: r.method, url: r.url, headers, ...(cookies ? { cookies } : {}), ...(r.json ? { payload: r.json } : r.body !== undefined ? { payload: r.body } : {}) });
}

// What a refused request must leave as it was (it adds only its own access.refused event).
async function stateOf(): Promise<string> {
  const row = await t.p.db.one(
    `SELECT (SELECT count(*) FROM audit_event WHERE action <> 'access.refused') AS audit, (SELECT count(*) FROM staff_user) AS users,
            (SELECT string_agg(id || ':' || display_name || ':' || role || ':' || (disabled_at IS NULL), ',' ORDER BY id) FROM staff_user) AS user_state,
            (SELECT count(*) FROM department) AS departments, (SELECT count(*) FROM api_client) AS clients,
            (SELECT count(*) FROM api_client WHERE revoked_at IS NOT NULL) AS revoked, (SELECT count(*) FROM batch) AS batches,
            (SELECT count(*) FROM record) AS records, (SELECT count(*) FROM staff_session WHERE revoked_at IS NOT NULL) AS ended_sessions,
            (SELECT count(*) FROM objection) AS objections, (SELECT count(*) FROM objection_item WHERE status <> 'open') AS answered,
            (SELECT count(*) FROM repair_application) AS repairs, (SELECT count(*) FROM repair_application WHERE status <> 'pending') AS reviewed,
            (SELECT count(*) FROM credit_report) AS reports, (SELECT count(*) FROM calendar_override) AS calendar,
            (SELECT count(*) FROM commitment) AS commitments, (SELECT count(*) FROM commitment WHERE status <> 'in-force') AS commitments_changed,
            (SELECT count(*) FROM directory_entry WHERE source = 'operator') AS directory, (SELECT count(*) FROM zero_declaration) AS declarations,
            (SELECT count(*) FROM evaluation_run) AS evaluations, (SELECT string_agg(id || ':' || state, ',' ORDER BY id) FROM warning) AS warnings,
            (SELECT count(*) FROM setting_proposal) AS proposals, (SELECT count(*) FROM setting_proposal WHERE status <> 'pending') AS decided,
            (SELECT count(*) FROM publication_rule_version) AS periods`,
  );
  return JSON.stringify(row);
}

const DENY = [401, 403];
const DENY_OUT_OF_SCOPE = [401, 403, 404];

async function check(route: string, fixture: Fixture, policy: RoutePolicy, who: Who, scope: 'in' | 'out'): Promise<void> {
  const build = scope === 'in' ? fixture.inScope : fixture.outOfScope!;
  const req = await build(ctx, who);
  const admitted = admits(policy, who);
  const provinceRefusal = scope === 'in' && admitted && fixture.provinceLevel && who.kind === 'staff' && !who.name.endsWith('of the province');
  // the state before is read only when a refusal is expected and it is compared (an admitted
  // request changes it): reading it before every admitted request was CPU for nothing
  const before = scope === 'in' && admitted && !provinceRefusal ? '' : await stateOf();
  const res = await send(who, req);
  const label = `${route} as ${who.name}, ${scope}-scope data → ${res.statusCode} ${res.body.slice(0, 200)}`;
  if (provinceRefusal) {
    assert.equal(res.statusCode, 403, `expected refused (province-wide setting): ${label}`);
    assert.equal(res.json().error.code, 'PROVINCE_LEVEL_REQUIRED', label);
    assert.equal(await stateOf(), before, `a refusal must change nothing: ${label}`);
    return;
  }
  if (scope === 'in' && admitted) {
    assert.ok(res.statusCode < 400, `expected allowed: ${label}`);
    await fixture.settle?.(ctx, who, res);
    return;
  }
  assert.ok((scope === 'in' ? DENY : DENY_OUT_OF_SCOPE).includes(res.statusCode), `expected refused: ${label}`);
  if (!admitted) assert.ok(DENY.includes(res.statusCode), `refused by policy must be 401/403: ${label}`);
  assert.equal(await stateOf(), before, `a refusal must change nothing: ${label}`);
  if (DENY.includes(res.statusCode)) {
    // and is audited (the first of its kind in a window at once; refusal-audit.ts)
    const code = (res.json() as { error?: { code?: string } }).error?.code;
    const ev = await t.p.db.one(`SELECT 1 AS x FROM audit_event WHERE action = 'access.refused' AND target = $1 AND detail->>'code' = $2 LIMIT 1`, [`route:${route}`, code]);
    assert.ok(ev, `a refusal is audited: ${label}`);
  }
}

test('every route declares a policy and has fixtures here, and every fixture names a real route', async () => {
  const routes = routeTable(t.app).filter((r) => r.url.startsWith('/api/'));
  assert.ok(routes.length >= 20, `found ${routes.length} routes`);
  const missingPolicy = routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(missingPolicy, [], 'routes without config.policy');
  const keys = routes.map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(keys.filter((k) => !FIXTURES[k]), [], 'routes without fixtures in authz-matrix.test.ts');
  assert.deepEqual(Object.keys(FIXTURES).filter((k) => !keys.includes(k)), [], 'fixtures for routes that do not exist');
  for (const r of routes) {
    const f = FIXTURES[`${r.method} ${r.url}`]!;
    if (r.policy?.scope) assert.ok(f.outOfScope || f.scopeBy, `${r.method} ${r.url} declares scope ${r.policy.scope}: give outOfScope data or say in scopeBy why there is none`);
  }
});

test('an unknown API path answers 404, not a policy error', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
  assert.equal(r.statusCode, 404);
});

describe('route × principal × scope', () => {
  for (const [route, fixture] of Object.entries(FIXTURES)) {
    test(route, async () => {
      const entry = routeTable(t.app).find((r) => `${r.method} ${r.url}` === route);
      assert.ok(entry?.policy, `${route}: not registered or no policy`);
      for (const who of principals) {
        await check(route, fixture, entry.policy, who, 'in');
        if (fixture.outOfScope) await check(route, fixture, entry.policy, who, 'out');
      }
      if (fixture.provinceLevel) for (const who of provincePrincipals) await check(route, fixture, entry.policy, who, 'in');
    });
  }
});
