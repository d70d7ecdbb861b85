// Associations as providers (行业协会商会, issue 12): kind `association` with its industry, from
// version 3 of rules/department-kinds.json; its clients submit member records (professional-conduct)
// and its own lists (member credit ratings, member blacklist); its six industry measures apply in
// checks made by that association's clients only; and it never sees other providers' non-public
// data beyond what its checks answer.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestClient, uscc, orgUscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import type { Role } from '../../src/modules/access/access.rules.ts';
import { staffSession } from '../helpers/staff.ts';

const MEMBER = orgUscc('91', '130100', 'MA0AT001'); // on the lawyers' association's blacklist
const OTHER_MEMBER = orgUscc('91', '130100', 'MA0AT002'); // on the builders' association's blacklist
const RATED = orgUscc('91', '130100', 'MA0AT003'); // rated AAA by the lawyers' association
const LAWYER = idNumber('13010219800101567'); // a lawyer disciplined by the association
const LAWYERS_USCC = uscc('51130000MJ0000101');
const BUILDERS_USCC = uscc('51130000MJ0000102');

let t: TestPlatform;
let lawyers: Department;
let builders: Department;
let market: Department;
let finance: Department;
let lawyersClient: string;
let buildersClient: string;
let financeClient: string;
const sessions: Record<string, string> = {};

const signed = (credential: string, url: string, json?: unknown) => signedInject(t.app, credential, { url, json, method: json === undefined ? 'GET' : 'POST', now: t.p.now() });
const staffReq = (name: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, cookies: { xy_session: sessions[name]! }, headers: { 'x-requested-with': 'xinyong' }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

async function staff(name: string, role: Role, dep: Department | null, regionCode = '130000'): Promise<void> {
  sessions[name] = await staffSession(t.p, name, role, { dep, region: regionCode });
}

const blacklistRow = (over: Record<string, string>) => ({
  ZTMC: '石家庄某律师事务所',
  ZTLB: '法人及非法人组织',
  TYSHXYDM: MEMBER,
  XHMC: '河北省律师协会',
  SXXW: '以不正当手段承揽业务，经查属实',
  CJCS: '通报批评、公开谴责',
  RDWSH: '冀律协惩〔2026〕1号',
  RDRQ: '2026-12-01',
  ...over,
});

before(async () => {
  t = await createTestPlatform('2026-12-10');
  const dep = (code: string, name: string, kinds: string[]) => addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: code, name, regionCode: '130100', kinds });
  market = await dep(uscc('11130100MB0000401'), '石家庄市市场监督管理局', ['market-regulation']);
  finance = await dep(uscc('11130100MB0000402'), '石家庄市财政局', ['finance']);
  lawyers = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: LAWYERS_USCC, name: '河北省律师协会', regionCode: '130000', kinds: ['association'], industry: { code: 'L', name: '律师行业' } });
  builders = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: BUILDERS_USCC, name: '河北省建筑业协会', regionCode: '130000', kinds: ['association'], industry: { code: 'E', name: '建筑业' } });
  lawyersClient = await addTestClient(t.p, lawyers, ['collect', 'check', 'feedback']);
  buildersClient = await addTestClient(t.p, builders, ['collect', 'check', 'feedback']);
  financeClient = await addTestClient(t.p, finance, ['check']);
  await staff('prov.admin', 'platform_admin', null);
  await staff('city.admin', 'platform_admin', null, '130100');
  await staff('lawyers.clerk', 'department_clerk', lawyers);
  await staff('market.clerk', 'department_clerk', market);
});
after(() => t.close());

describe('registering an association', () => {
  test('a province-level administrator registers it with its industry (GB/T 4754 section), audited; without an industry or with an unknown section it is refused', async () => {
    const body = { uscc: uscc('51130100MJ0000103'), name: '石家庄市注册会计师协会', regionCode: '130100', kinds: ['association'], kindsReason: '会员信用档案报送单位' };
    const missing = await staffReq('prov.admin', 'POST', '/api/v1/admin/departments', body);
    assert.equal(missing.statusCode, 400, missing.body);
    assert.equal(missing.json().error.code, 'DEPARTMENT_INDUSTRY_REQUIRED');
    assert.match(missing.json().error.zh, /GB\/T 4754-2017/);
    const unknown = await staffReq('prov.admin', 'POST', '/api/v1/admin/departments', { ...body, industry: { code: 'Z', name: '注册会计师行业' } });
    assert.equal(unknown.json().error.code, 'DEPARTMENT_INDUSTRY_UNKNOWN');
    const city = await staffReq('city.admin', 'POST', '/api/v1/admin/departments', { ...body, industry: { code: 'L', name: '注册会计师行业' } });
    assert.equal(city.statusCode, 403, city.body);
    assert.equal(city.json().error.code, 'DEPARTMENT_KIND_PRIVILEGED');
    const ok = await staffReq('prov.admin', 'POST', '/api/v1/admin/departments', { ...body, industry: { code: 'l', name: '注册会计师行业' } });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(ok.json().industry, { code: 'L', name: '注册会计师行业' });
    const audit = await t.p.db.one<{ detail: { industry: unknown; kindsVersion: number } }>(`SELECT detail FROM audit_event WHERE action = 'department.add' AND target = $1`, [`department:${body.uscc}`]);
    assert.deepEqual(audit!.detail.industry, { code: 'L', name: '注册会计师行业' });
    assert.equal(audit!.detail.kindsVersion, 3);
    const notAssoc = await staffReq('prov.admin', 'POST', '/api/v1/admin/departments', { uscc: uscc('11130100MB0000409'), name: '某财政局', regionCode: '130100', kinds: ['finance'], industry: { code: 'J', name: '金融' } });
    assert.equal(notAssoc.json().error.code, 'DEPARTMENT_INDUSTRY_NOT_APPLICABLE');
  });

  test('the kind did not exist before version 3 took effect (2026-12-06): on 2026-12-05 it is refused', async () => {
    t.setToday('2026-12-05');
    try {
      const r = await staffReq('prov.admin', 'POST', '/api/v1/admin/departments', { uscc: uscc('51130100MJ0000104'), name: '石家庄市导游协会', regionCode: '130100', kinds: ['association'], kindsReason: '会员', industry: { code: 'R', name: '导游' } });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().error.code, 'DEPARTMENT_KIND_UNKNOWN');
    } finally {
      t.setToday('2026-12-10');
    }
  });
});

describe('member records and lists from the association’s clients', () => {
  test('blacklist entries, ratings and professional-conduct records are accepted; a bad measure name is a row error naming the field; other departments cannot enter the association lists', async () => {
    const bl = await signed(lawyersClient, '/api/v1/batches', {
      category: 'association-blacklist',
      records: [blacklistRow({}), blacklistRow({ RDWSH: '冀律协惩〔2026〕2号', TYSHXYDM: orgUscc('91', '130100', 'MA0AT009'), CJCS: '罚款' })],
    });
    assert.equal(bl.statusCode, 200, bl.body);
    assert.equal(bl.json().counts.created, 1, bl.body);
    const err = bl.json().results.find((r: { status: string }) => r.status === 'rejected').errors[0];
    assert.equal(err.field, 'CJCS');
    assert.ok(err.zh.includes('行业惩戒措施') && /industry measures/.test(err.en));
    const other = await signed(buildersClient, '/api/v1/batches', {
      category: 'association-blacklist',
      records: [blacklistRow({ ZTMC: '石家庄某建筑公司', TYSHXYDM: OTHER_MEMBER, XHMC: '河北省建筑业协会', RDWSH: '冀建协惩〔2026〕9号', CJCS: '劝退' })],
    });
    assert.equal(other.json().counts.created, 1, other.body);
    const rating = await signed(lawyersClient, '/api/v1/batches', {
      category: 'association-member-rating',
      records: [{ ZTMC: '石家庄某诚信律师事务所', ZTLB: '法人及非法人组织', TYSHXYDM: RATED, XYDJ: 'AAA级', XHMC: '河北省律师协会', RDWSH: '冀律协评〔2026〕3号', RDRQ: '2026-11-30' }],
    });
    assert.equal(rating.json().counts.created, 1, rating.body);
    const conduct = await signed(lawyersClient, '/api/v1/batches', {
      category: 'professional-conduct',
      records: [{
        ZY_XM: '王某', ZY_LB: '自然人', ZY_ZJLX: '居民身份证', ZY_ZJHM: LAWYER, OCCUPATION: '律师', CERT_NO: '11301201910000777', ZY_JLLB: '惩戒处分',
        ZY_WSH: '冀律协惩〔2026〕5号', ZY_SY: '违规收费', ZY_NR: '通报批评', ZY_JDRQ: '2026-12-02', ZY_JDJG: '河北省律师协会', ZY_JDJGDM: LAWYERS_USCC, ZY_SJLY: '河北省律师协会', SEVERITY: '严重',
      }],
    });
    assert.equal(conduct.json().counts.created, 1, conduct.body);
    // a government department may not enter an association's list
    await assert.rejects(submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'association-blacklist', [blacklistRow({ RDWSH: '石市监〔2026〕1号' })]), { code: 'LIST_OWNER_REQUIRED' });
  });

  test('openness: the member blacklist is never published; the 诚信会员 rating (a red list) is public', async () => {
    const rows = await t.p.db.query<{ category: string; pub_from: string | null }>(`SELECT category, pub_from FROM record WHERE category LIKE 'association-%' ORDER BY category, id`);
    assert.ok(rows.filter((r) => r.category === 'association-blacklist').every((r) => r.pub_from === null));
    assert.ok(rows.filter((r) => r.category === 'association-member-rating').every((r) => r.pub_from !== null));
    const lists = (await t.app.inject({ method: 'GET', url: '/api/v1/public/lists' })).json().lists.map((l: { code: string }) => l.code);
    assert.ok(lists.includes('association-member-rating') && !lists.includes('association-blacklist'));
    const page = await t.app.inject({ method: 'GET', url: '/api/v1/public/lists/association-blacklist' });
    assert.equal(page.statusCode, 404);
  });
});

describe('industry measures in checks, by that association’s clients only', () => {
  const check = (client: string, subject: string, scenario: string) => signed(client, '/api/v1/credit-checks', { subject, scenario, matterRef: '入会申请〔2026〕12号' });

  test('the association that blacklisted the member gets 不予接纳 at admission and its member-management measures', async () => {
    const adm = await check(lawyersClient, MEMBER, 'membership_admission');
    assert.equal(adm.statusCode, 200, adm.body);
    const ids = adm.json().measures.map((m: { measureId: string }) => m.measureId).sort();
    assert.deepEqual(ids, ['assoc-credit-warning', 'assoc-no-admission']);
    const noAdm = adm.json().measures.find((m: { measureId: string }) => m.measureId === 'assoc-no-admission');
    assert.equal(noAdm.type, 'industry');
    assert.equal(noAdm.name, '不予接纳');
    assert.equal(noAdm.trigger.category, 'association-blacklist');
    assert.equal(noAdm.trigger.until, '2029-12-01'); // the list's default term of 36 months (as the other lists: addMonths of the entry date)
    const mgmt = (await check(lawyersClient, MEMBER, 'member_management')).json().measures.map((m: { name: string }) => m.name).sort();
    assert.deepEqual(mgmt, ['信用警示', '公开谴责', '劝退', '警告', '通报批评'].sort());
  });

  test('another association checking the same member gets none of them; nor does a government department', async () => {
    const b = await check(buildersClient, MEMBER, 'membership_admission');
    assert.equal(b.statusCode, 200, b.body);
    assert.deepEqual(b.json().measures, []);
    // what the check answers: the entry is a bad record (black list), so no green channel
    assert.equal(b.json().eligibility.greenChannel, false);
    const f = await check(financeClient, MEMBER, 'procurement');
    assert.ok(f.json().measures.every((m: { type: string }) => m.type !== 'industry'));
    // and the lawyers' association gets nothing from the builders' blacklist
    assert.deepEqual((await check(lawyersClient, OTHER_MEMBER, 'membership_admission')).json().measures, []);
    assert.equal((await check(buildersClient, OTHER_MEMBER, 'membership_admission')).json().measures.length, 2);
  });

  test('a lawyer the association disciplined (serious) gets 劝退 in its member management; the person’s records stay withheld from the association', async () => {
    const r = await check(lawyersClient, LAWYER, 'member_management');
    assert.equal(r.statusCode, 200, r.body);
    const names = r.json().measures.map((m: { name: string }) => m.name).sort();
    assert.deepEqual(names, ['信用警示', '劝退', '警告', '通报批评'].sort());
    // an association reads no person's non-public data (rules/personal-data.json version of 2026-12-06)
    assert.equal(r.json().classification, null);
  });
});

describe('an association sees other providers’ non-public data only as its checks answer it', () => {
  test('no full credit file and no full-edition report of an organization; its own records it lists', async () => {
    const file = await staffReq('lawyers.clerk', 'POST', '/api/v1/inquiry/credit-file', { subject: OTHER_MEMBER, purpose: '入会审核核实', matterRef: '入会申请〔2026〕12号' });
    assert.equal(file.statusCode, 403, file.body);
    assert.equal(file.json().error.code, 'CREDIT_FILE_PROVIDER_ONLY');
    const report = await staffReq('lawyers.clerk', 'POST', '/api/v1/reports', { subject: OTHER_MEMBER, edition: 'full', purpose: '入会审核核实', matterRef: '入会申请〔2026〕12号' });
    assert.equal(report.statusCode, 403, report.body);
    assert.equal(report.json().error.code, 'CREDIT_FILE_PROVIDER_ONLY');
    // a government department still opens the file, with the builders' entry in it
    const marketFile = await staffReq('market.clerk', 'POST', '/api/v1/inquiry/credit-file', { subject: OTHER_MEMBER, purpose: '日常监管核查', matterRef: '石市监〔2026〕77号' });
    assert.equal(marketFile.statusCode, 200, marketFile.body);
    assert.equal(marketFile.json().listEntries.length, 1);
    const own = await staffReq('lawyers.clerk', 'GET', '/api/v1/own-records');
    assert.equal(own.statusCode, 200, own.body);
    const refs = own.json().items.map((r: { ref?: string; sourceRef?: string }) => r.ref ?? r.sourceRef);
    assert.ok(!refs.includes('冀建协惩〔2026〕9号'), 'the builders’ entry is not among the lawyers’ own records');
  });

  test('the check answer to an association names no other provider’s non-public record of a person', async () => {
    // the market department records a serious penalty of the disciplined lawyer (non-public for persons)
    await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'professional-conduct', [{
      ZY_XM: '王某', ZY_LB: '自然人', ZY_ZJLX: '居民身份证', ZY_ZJHM: LAWYER, OCCUPATION: '律师', ZY_JLLB: '惩戒处分',
      ZY_WSH: '石市监惩〔2026〕8号', ZY_SY: '虚假宣传', ZY_NR: '暂停执业', ZY_JDRQ: '2026-12-03', ZY_JDJG: '石家庄市市场监督管理局', ZY_JDJGDM: market.uscc, ZY_SJLY: '石家庄市市场监督管理局', SEVERITY: '严重',
    }]);
    const r = await check2(lawyersClient, LAWYER);
    const body = JSON.stringify(r.json());
    assert.ok(!body.includes('石市监惩〔2026〕8号'), 'the market department’s record is not named');
    assert.ok(!body.includes('虚假宣传'));
    assert.ok(r.json().eligibility.withheldRecords >= 1, body);
  });

  test('subscriptions: only changes of lists open to the public', async () => {
    const bad = await signed(buildersClient, '/api/v1/subscriptions', { kind: 'list-changes', categories: ['association-blacklist'] });
    assert.equal(bad.statusCode, 403, bad.body);
    assert.equal(bad.json().error.code, 'SUBSCRIPTION_PROVIDER_ONLY');
    const checked = await signed(buildersClient, '/api/v1/subscriptions', { kind: 'checked-subjects', checkedDays: 30 });
    assert.equal(checked.statusCode, 403, checked.body);
    const ok = await signed(buildersClient, '/api/v1/subscriptions', { kind: 'list-changes', categories: ['dishonest-debtor', 'association-member-rating'] });
    assert.equal(ok.statusCode, 200, ok.body);
  });
});

const check2 = (client: string, subject: string) => signed(client, '/api/v1/credit-checks', { subject, scenario: 'member_management', matterRef: '会员管理〔2026〕3号' });
