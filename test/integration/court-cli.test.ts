// The commands of issue 13's remaining part, run through runCommand exactly as `xinyong` and the
// server's admin channel run them (io.platform = the test platform): exemplars nominate → review →
// decide (after the 公示, whose length is rules/exemplars.json's) → list; declarations list (the
// review queue) → flag; tips list → show → handle → outcome, never printing the reporter; lists
// warn / warnings / lift / removal-sweep. Bad input exits 1 with a zh/en error and changes nothing.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createTestPlatform, addTestDepartment, uscc, DEPT_USCC, type TestPlatform } from '../helpers/platform.ts';
import { verifyByContactOnFile } from '../helpers/identity.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { setRightsChannels, type OtpMessage } from '../../src/modules/rights/rights.channels.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { runCommand } from '../../src/cli/run.ts';
import { makeIo } from '../../src/cli/shared.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const CO = uscc('91130100MA0CC0CL1');
const CO_NAME = '石家庄命令行典型建设有限公司';
const REPORTER = { name: '欧阳命令', phone: '13987654321' };
const TIP_SUBJECT = uscc('91130102MA0T1C1L1');

let t: TestPlatform;
let market: Department;
let court: Department;
const codes: OtpMessage[] = [];
const outputs: string[] = [];

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const io = makeIo({ stdout, stderr, stdin: new PassThrough(), cwd: process.cwd(), actor: { id: 'cli:test@host', kind: 'cli' } as never, platform: t.p });
  const code = await runCommand(argv, io);
  outputs.push(out, err);
  return { code, out, err };
}
const json = async (...argv: string[]) => {
  const r = await cli(...argv, '--json');
  assert.equal(r.code, 0, r.out + r.err);
  return JSON.parse(r.out);
};
const refused = async (code: string, ...argv: string[]) => {
  const r = await cli(...argv, '--json');
  assert.equal(r.code, 1, r.out + r.err);
  const e = JSON.parse(r.out).error;
  assert.equal(e.code, code);
  assert.ok(e.zh && e.en);
  return e;
};

before(async () => {
  t = await createTestPlatform('2026-11-20');
  setRightsChannels(t.p, { notifier: { name: 'test', deliver: async () => undefined }, otp: { name: 'test', deliver: async (m) => void codes.push(m) } });
  market = await addTestDepartment(t.p, DEPT_USCC); // 石家庄市市场监督管理局, market-regulation
  court = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('11130102MB0000811'), name: '石家庄市长安区人民法院', regionCode: '130102', kinds: ['court'] });
  // on file through a light penalty (not a bad record)
  await submitJsonBatch(t.p, SYSTEM_ACTOR, market, 'penalty', [penaltyRow({ CF_XDR_MC: CO_NAME, CF_XDR_SHXYM: CO, CF_WSH: '石市监罚〔2026〕881号', SEVERITY: '轻微' })]);
});
after(() => t.close());

describe('exemplars', () => {
  let number = '';
  test('nominate (bad input refused, nothing stored), review, 公示 of 7 days, decide after it, list', async () => {
    await refused('EXEMPLAR_TITLE_MISSING', 'exemplars', 'nominate', '--department', market.uscc, '--subject', CO, '--domain', '市场监管', '--deeds', '守法经营');
    assert.deepEqual((await json('exemplars', 'list')).items, []);
    const e = await json('exemplars', 'nominate', '--department', market.uscc, '--subject', CO, '--title', '诚信经营示范企业', '--domain', '市场监管', '--deeds', '连续十年守法经营，无不良记录');
    assert.equal(e.status, 'nominated');
    number = e.number;
    await refused('EXEMPLAR_NOTE_REQUIRED', 'exemplars', 'review', number, '--decision', 'reject');
    const r = await json('exemplars', 'review', number, '--decision', 'pass');
    assert.deepEqual([r.status, r.publicityFrom, r.publicityUntil], ['publicity', '2026-11-20', '2026-11-26']);
    assert.deepEqual((await json('exemplars', 'publicity')).items.map((x: { number: string }) => x.number), [number]);
    t.setToday('2026-11-26');
    await refused('EXEMPLAR_PUBLICITY_RUNNING', 'exemplars', 'decide', number, '--decision', 'approve');
    t.setToday('2026-11-27');
    const d = await json('exemplars', 'decide', number, '--decision', 'approve', '--note', '公示无异议');
    assert.equal(d.status, 'approved');
    assert.match(String(d.recordId), /^\d+$/);
    const list = await json('exemplars', 'list', '--department', market.uscc, '--status', 'approved');
    assert.deepEqual(list.items.map((x: { number: string }) => x.number), [number]);
    const shown = await json('exemplars', 'show', number);
    assert.deepEqual(shown.objectionList, []);
    const text = await cli('exemplars', 'list');
    assert.match(text.out, new RegExp(`${number} 已认定  ${CO_NAME}`));
    assert.deepEqual((await json('exemplars', 'sweep')).withdrawn, []);
  });

  test('bad arguments exit 2 naming the option; --help and the command alone exit 0 with the help', async () => {
    const status = await cli('exemplars', 'list', '--status', 'bogus');
    assert.equal(status.code, 2, status.out + status.err);
    assert.match(status.err, /参数错误：--status 的值 bogus 无效，可选：nominated/);
    assert.match(status.err, /Bad arguments: --status bogus is not one of nominated/);
    const missing = await cli('exemplars', 'nominate', '--department', market.uscc, '--title', 'T');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /缺少参数 --subject/);
    assert.match(missing.err, /missing --subject/);
    const imp = await cli('import', 'no-such.csv', '--bulk');
    assert.equal(imp.code, 2);
    assert.match(imp.err, /缺少参数 --category、--department/);
    assert.match(imp.err, /missing --category, --department/);
    const tips = await cli('tips', 'list');
    assert.equal(tips.code, 2);
    assert.match(tips.err, /须给出 --department（承办部门）或 --region/);
    assert.match(tips.err, /give one of --department .* or --region/);
    for (const argv of [['exemplars'], ['exemplars', '--help'], ['import', '--help']]) {
      const h = await cli(...argv);
      assert.equal(h.code, 0, argv.join(' '));
      assert.match(h.out, /xinyong (exemplars|import)/);
      assert.equal(h.err, '');
    }
  });
});

describe('declarations', () => {
  test('the review queue lists standing declarations; a department flags one false (record filed); a second flag is refused', async () => {
    t.setToday('2026-11-27');
    const token = await verifyByContactOnFile(t.app, t.p, codes, CO, CO_NAME);
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/public/declarations', headers: { 'x-xy-subject-token': token }, payload: { kind: 'honour', title: '市级守合同重信用企业', content: '2025 年度认定', issuer: '石家庄市市场监督管理局' } });
    assert.equal(r.statusCode, 200, r.body);
    const queue = await json('declarations', 'list');
    assert.deepEqual(queue.items.map((d: { number: string; subject: { code: string } }) => [d.number, d.subject.code]), [[r.json().number, CO]]);
    assert.equal(queue.items[0].source, '自主申报');
    await refused('DECLARATION_REASON_REQUIRED', 'declarations', 'flag', r.json().number, '--department', market.uscc, '--reason', ' ');
    const flagged = await json('declarations', 'flag', r.json().number, '--department', market.uscc, '--reason', '经核实，该企业未获此荣誉');
    assert.equal(flagged.status, 'false');
    assert.match(String(flagged.recordId), /^\d+$/);
    await refused('DECLARATION_STATE', 'declarations', 'flag', r.json().number, '--department', market.uscc, '--reason', '再次');
    assert.deepEqual((await json('declarations', 'list')).items, []);
    assert.equal((await json('declarations', 'list', '--status', 'false')).items.length, 1);
    assert.equal((await json('declarations', 'list', '--subject', CO)).items[0].status, 'false');
  });
});

describe('tips', () => {
  let id = 0;
  test('list and show for the handler department; the reporter is never printed', async () => {
    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/public/tips', payload: { subjectName: '石家庄命令行食品有限公司', subjectCode: TIP_SUBJECT, matter: '该公司长期销售过期食品并篡改生产日期。', reporter: REPORTER } });
    assert.equal(filed.statusCode, 200, filed.body);
    const list = await json('tips', 'list', '--department', market.uscc);
    assert.equal(list.total, 1);
    id = list.items[0].id;
    assert.equal(list.items[0].hasReporter, true);
    assert.equal((await json('tips', 'list', '--department', court.uscc)).total, 0);
    assert.equal((await json('tips', 'list', '--region', '130100')).total, 1);
    const shown = await json('tips', 'show', String(id), '--department', market.uscc);
    assert.equal(shown.receiptNumber, filed.json().receiptNumber);
    assert.equal((await cli('tips', 'show', String(id), '--department', court.uscc, '--json')).code, 1); // not its tip
    const text = await cli('tips', 'show', String(id), '--department', market.uscc);
    assert.match(text.out, /实名（举报人信息已密封）/);
  });

  test('handle: a note, then the outcome (bad outcome refused); closed tips refuse more', async () => {
    // a wrong value is a usage error (exit 2, the option and its choices named, bilingual), nothing done
    const bad = await cli('tips', 'handle', String(id), '--department', market.uscc, '--outcome', 'maybe', '--note', 'x', '--reply', 'y');
    assert.equal(bad.code, 2, bad.out + bad.err);
    assert.match(bad.err, /参数错误：--outcome 的值 maybe 无效，可选：.*substantiated/);
    assert.match(bad.err, /Bad arguments: --outcome maybe is not one of .*substantiated/);
    assert.equal(bad.out, '');
    const noted = await json('tips', 'handle', String(id), '--department', market.uscc, '--note', '已派员现场检查');
    assert.equal(noted.status, 'in-progress');
    const done = await json('tips', 'handle', String(id), '--department', market.uscc, '--outcome', 'substantiated', '--note', '现场查实过期食品 12 批次', '--reply', '经查属实，已依法处理');
    assert.deepEqual([done.status, done.publicReply], ['substantiated', '经查属实，已依法处理']);
    await refused('TIP_CLOSED', 'tips', 'handle', String(id), '--department', market.uscc, '--note', '补充');
    // a department the tip is not routed to does not see it at all
    await refused('TIP_NOT_FOUND', 'tips', 'handle', String(id), '--department', court.uscc, '--note', '补充');
    assert.deepEqual((await json('tips', 'escalate')).escalated, []);
  });

  test('no output of any command carried the reporter’s name or phone', () => {
    const all = outputs.join('\n');
    assert.ok(all.includes('石家庄命令行食品有限公司')); // the outputs were captured
    for (const s of [REPORTER.name, REPORTER.phone, REPORTER.phone.slice(0, 7), REPORTER.phone.slice(3)]) assert.ok(!all.includes(s), `printed: ${s}`);
  });
});

describe('lists: 信用警示 and the removal sweep', () => {
  test('warn, warnings, lift; removal-sweep', async () => {
    await refused('CREDIT_WARNING_NOT_ALLOWED', 'lists', 'warn', '--category', 'serious-dishonesty', '--department', court.uscc, '--subject', CO, '--ref', '（2026）冀0102执801号', '--reason', '宽限期');
    const w = await json('lists', 'warn', '--category', 'dishonest-debtor', '--department', court.uscc, '--subject', CO, '--ref', '（2026）冀0102执801号', '--reason', '给予一个月宽限期', '--until', '2026-12-26');
    assert.deepEqual([w.state, w.firstDay, w.lastDay, w.subject.code], ['open', '2026-11-27', '2026-12-26', CO]);
    assert.equal((await json('lists', 'warnings', '--department', court.uscc)).items.length, 1);
    assert.equal((await json('lists', 'warnings', '--department', market.uscc)).items.length, 0);
    const lifted = await json('lists', 'lift', w.id, '--department', court.uscc, '--reason', '已履行');
    assert.equal(lifted.state, 'lifted');
    assert.deepEqual(await json('lists', 'removal-sweep'), { overdue: [] });
  });
});
