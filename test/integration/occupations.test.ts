// Key occupational groups (职业信用, issue 12): the occupation code list as data, occupational
// records (professional-conduct) with occupation and practising-certificate number, a row error for
// an occupation outside the list, a person's file grouping occupational records by occupation, and
// the practitioners of an occupation filtered by grade, for its competent department only.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';
import { creditFileOf } from '../../src/modules/subjects/credit-file.service.ts';
import { drainDirty } from '../../src/modules/classification/classification.service.ts';
import { occupationList } from '../../src/modules/catalog/catalog.codelists.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import type { Role } from '../../src/modules/access/access.rules.ts';
import { staffSession } from '../helpers/staff.ts';

const PHARMACIST = idNumber('13010219800101111'); // 执业药师 with a serious disciplinary decision
const PHARMACIST2 = idNumber('13010219820202222'); // 执业药师 with an honour only
const LAWYER_PHARMACIST = idNumber('13010219830303333'); // both a lawyer and a pharmacist

let t: TestPlatform;
let market: Department;
let justice: Department;
let finance: Department;
const sessions: Record<string, string> = {};

const row = (over: Record<string, string>): Record<string, string> => ({
  ZY_XM: '李某',
  ZY_LB: '自然人',
  ZY_ZJLX: '居民身份证',
  ZY_ZJHM: PHARMACIST,
  OCCUPATION: '执业药师',
  CERT_NO: 'ZYYS-2020-0001',
  ZY_JLLB: '惩戒处分',
  ZY_WSH: '冀药监惩〔2026〕1号',
  ZY_SY: '出租执业药师注册证',
  ZY_NR: '暂停执业六个月',
  ZY_JDRQ: '2026-08-01',
  ZY_JDJG: '石家庄市市场监督管理局',
  ZY_JDJGDM: uscc('11130100MB0000201'),
  ZY_SJLY: '石家庄市市场监督管理局',
  SEVERITY: '严重',
  ...over,
});

async function staff(name: string, role: Role, dep: Department | null): Promise<void> {
  sessions[name] = await staffSession(t.p, name, role, { dep });
}
const as = (name: string, url: string) => t.app.inject({ method: 'GET', url, cookies: { xy_session: sessions[name]! }, headers: { 'x-requested-with': 'xinyong' } });
const Q = `purpose=${encodeURIComponent('执业监管')}&matterRef=${encodeURIComponent('石药监〔2026〕5号')}`;

before(async () => {
  t = await createTestPlatform('2026-11-20');
  const dep = (code: string, name: string, kinds: string[]) => addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc(code), name, regionCode: '130100', kinds });
  market = await dep('11130100MB0000201', '石家庄市市场监督管理局', ['market-regulation']);
  justice = await dep('11130100MB0000202', '石家庄市司法局', ['justice']);
  finance = await dep('11130100MB0000203', '石家庄市财政局', ['finance']);
  await staff('market.clerk', 'department_clerk', market);
  await staff('finance.clerk', 'department_clerk', finance);
  await staff('prov.op', 'operator', null);
});
after(() => t.close());

describe('the occupation code list and occupational records', () => {
  test('the list holds the 14 groups of 冀政办字〔2017〕91号 二(三), each with a competent department kind', () => {
    const list = occupationList();
    assert.deepEqual(list.entries.map((e) => e.name), [
      '公务员', '企业法定代表人及相关责任人', '律师', '教师', '医师', '执业药师', '评估师', '税务师', '注册消防工程师',
      '会计审计人员', '房地产中介从业人员', '认证人员', '金融从业人员', '导游',
    ]);
    assert.ok(list.entries.every((e) => e.competentKinds.length > 0));
  });

  test('records carry occupation and certificate number; an occupation outside the list is a row error naming the field, good rows kept', async () => {
    const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'professional-conduct', [
      row({}),
      row({ ZY_XM: '周某', ZY_ZJHM: PHARMACIST2, CERT_NO: 'ZYYS-2021-0002', ZY_JLLB: '表彰', ZY_WSH: '冀药监表〔2026〕2号', ZY_SY: '抗疫先进', ZY_NR: '通报表扬', SEVERITY: '' }),
      row({ ZY_XM: '吴某', ZY_ZJHM: idNumber('13010219840404444'), OCCUPATION: '网红主播', ZY_WSH: '冀药监惩〔2026〕3号' }),
      row({ ZY_XM: '郑某', ZY_ZJHM: LAWYER_PHARMACIST, OCCUPATION: 'licensed-pharmacist', CERT_NO: 'ZYYS-2019-0003', ZY_WSH: '冀药监惩〔2026〕4号', SEVERITY: '一般' }),
      row({ ZY_XM: '冯某', ZY_ZJHM: idNumber('13010219850505555'), ZY_WSH: '冀药监惩〔2026〕5号', SEVERITY: '' }),
    ]);
    assert.equal(r.counts.created, 3, JSON.stringify(r.results));
    assert.equal(r.counts.rejected, 2);
    const errs = r.results.filter((x) => x.status === 'rejected').flatMap((x) => x.errors ?? []);
    const occ = errs.find((e) => e.field === 'OCCUPATION')!;
    assert.equal(occ.code, 'CODE_LIST_INVALID');
    assert.equal(occ.value, '网红主播');
    assert.match(occ.zh, /职业/);
    assert.match(occ.en, /occupation/);
    // a disciplinary decision without severity is refused, an honour needs none
    assert.ok(errs.some((e) => e.field === 'SEVERITY' && e.code === 'REQUIRED_WHEN_MISSING'));
    const lawyer = await submitJsonBatch(t.p, SYSTEM_ACTOR, justice, 'professional-conduct', [
      row({ ZY_XM: '郑某', ZY_ZJHM: LAWYER_PHARMACIST, OCCUPATION: '执业律师', CERT_NO: '11301201910000001', ZY_JLLB: '表彰奖励', ZY_WSH: '石司表〔2026〕7号', ZY_SY: '法律援助', ZY_NR: '优秀律师', ZY_JDJG: '石家庄市司法局', ZY_JDJGDM: uscc('11130100MB0000202'), ZY_SJLY: '石家庄市司法局', SEVERITY: '' }),
    ]);
    assert.equal(lawyer.counts.created, 1, JSON.stringify(lawyer.results));
  });

  test('a person’s file groups occupational records by occupation, in the list’s order, with certificate numbers', async () => {
    const s = (await findSubjectByCode(t.p.db, LAWYER_PHARMACIST, t.p.crypto))!;
    const file = await creditFileOf(t.p, s.id);
    assert.deepEqual(file.occupations.map((g) => [g.occupation.code, g.occupation.name, g.certificates, g.records.map((r) => r.ref)]), [
      ['lawyer', '律师', ['11301201910000001'], ['石司表〔2026〕7号']],
      ['licensed-pharmacist', '执业药师', ['ZYYS-2019-0003'], ['冀药监惩〔2026〕4号']],
    ]);
    assert.equal(file.occupations[0]!.occupation.gbt6565, occupationList().entries.find((e) => e.code === 'lawyer')!.gbt6565);
  });

  test('the staff credit file shows the occupation groups pointing into its records', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inquiry/credit-file',
      cookies: { xy_session: sessions['market.clerk']! },
      headers: { 'x-requested-with': 'xinyong' },
      payload: { subject: LAWYER_PHARMACIST, purpose: '执业监管', matterRef: '石药监〔2026〕5号' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(body.occupations.map((g: { occupation: { code: string } }) => g.occupation.code), ['lawyer', 'licensed-pharmacist']);
    const ids = new Set(body.records.map((r: { id: string }) => r.id));
    for (const g of body.occupations) for (const id of g.recordIds) assert.ok(ids.has(id), `record ${id} is in records`);
  });
});

describe('practitioners by grade, for the competent department', () => {
  test('the competent department lists practitioners with grades and filters by grade; the read is audited', async () => {
    await drainDirty(t.p);
    const all = await as('market.clerk', `/api/v1/classification/occupations/licensed-pharmacist/practitioners?${Q}`);
    assert.equal(all.statusCode, 200, all.body);
    const body = all.json();
    assert.equal(body.occupation.name, '执业药师');
    assert.equal(body.total, 3);
    const byName = new Map(body.items.map((i: { subject: { name: string } }) => [i.subject.name, i]));
    const li = byName.get('李某') as { grade: string; certificates: string[]; subject: { maskedId: string } };
    const zhou = byName.get('周某') as { grade: string };
    assert.deepEqual(li.certificates, ['ZYYS-2020-0001']);
    assert.ok(li.grade && zhou.grade && li.grade !== zhou.grade, `a serious decision grades differently from an honour (${li.grade} / ${zhou.grade})`);
    assert.ok(!li.subject.maskedId.includes(PHARMACIST.slice(6, 14)), 'ID number masked');
    const one = (await as('market.clerk', `/api/v1/classification/occupations/${encodeURIComponent('执业药师')}/practitioners?grade=${encodeURIComponent(li.grade)}&${Q}`)).json();
    assert.deepEqual(one.items.map((i: { subject: { name: string } }) => i.subject.name), ['李某']);
    assert.equal(one.total, 1);
    const reads = await t.p.db.query<{ target: string; why: string }>(`SELECT target, why FROM audit_event WHERE action = 'personal-data.read' AND target = 'occupation:licensed-pharmacist'`);
    assert.equal(reads.length, 2);
    assert.match(reads[0]!.why, /执业监管/);
  });

  test('another department, an operator, a missing purpose and an unknown occupation are refused', async () => {
    const other = await as('finance.clerk', `/api/v1/classification/occupations/licensed-pharmacist/practitioners?${Q}`);
    assert.equal(other.statusCode, 403, other.body);
    assert.equal(other.json().error.code, 'OCCUPATION_NOT_COMPETENT');
    assert.ok(other.json().error.zh.includes('执业药师'));
    const op = await as('prov.op', `/api/v1/classification/occupations/licensed-pharmacist/practitioners?${Q}`);
    assert.equal(op.statusCode, 403, op.body);
    const bare = await as('market.clerk', `/api/v1/classification/occupations/licensed-pharmacist/practitioners`);
    assert.equal(bare.statusCode, 400, bare.body);
    const unknown = await as('market.clerk', `/api/v1/classification/occupations/astronaut/practitioners?${Q}`);
    assert.equal(unknown.statusCode, 404, unknown.body);
    assert.equal(unknown.json().error.code, 'OCCUPATION_UNKNOWN');
    const refused = await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'access.refused' AND target LIKE 'route:GET /api/v1/classification/occupations/%'`);
    assert.ok(refused!.n >= 2);
  });

  test('a bank system checking credit is not a competent department', async () => {
    const bank = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('91130100MA0000301'), name: '某银行石家庄分行', regionCode: '130100', kinds: ['bank'] });
    const key = await addTestClient(t.p, bank, ['check']);
    const res = await signedInject(t.app, key, { method: 'GET', url: `/api/v1/classification/occupations/licensed-pharmacist/practitioners?${Q}`, now: t.p.now() });
    assert.equal(res.statusCode, 403, res.body);
  });
});
