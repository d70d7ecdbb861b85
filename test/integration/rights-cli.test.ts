// The acceptance contract of subject rights as an operator runs it: objections file / decide,
// repair eligibility, reports create / verify, calendar load-year. The CLI's clock starts at
// CLOCK_DAY (XINYONG_CLOCK): dates are checked against `calendar add`, the platform's one
// deadline function, and the minimum periods below stay in the future whatever the real date.
// The commands run in the test process (CliSandbox.exec: the same runCommand as `xinyong`, decision
// 0047); what the process itself does with an exit code is cli.test.ts's claim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCliSandbox, type CliSandbox } from '../helpers/cli.ts';
import { uscc, orgUscc } from '../helpers/platform.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';

const MARKET = uscc('11130100MB0000001');
const FINANCE = uscc('11130100MB0000062');
const ORG = orgUscc('91', '130100', 'MA0CL901');
const GENERAL = '石市监罚〔2026〕1101号';
const SERIOUS = '石市监罚〔2026〕1102号';
const CLOCK_DAY = '2026-11-20';
let sb: CliSandbox;

before(async () => {
  sb = await createCliSandbox('rights-cli', 5, { clock: CLOCK_DAY });
});
after(() => sb.close());

const cli = (...args: string[]) => sb.exec(...args);
const json = async (r: ReturnType<typeof cli>) => sb.json(await r);

test('objections file and decide; the check follows the outcome', async () => {
  await json(cli('departments', 'add', '--uscc', MARKET, '--name', '石家庄市市场监督管理局', '--region', '130100', '--kind', 'market-regulation', '--reason', '市场监管部门（测试）', '--json'));
  await json(cli('departments', 'add', '--uscc', FINANCE, '--name', '石家庄市财政局', '--region', '130100', '--kind', 'finance', '--json'));
  const file = path.join(sb.dir, 'penalties.csv');
  writeFileSync(
    file,
    csv([
      penaltyRow({ CF_XDR_MC: '石家庄命令行权益有限公司', CF_XDR_SHXYM: ORG, CF_WSH: GENERAL, SEVERITY: '一般' }),
      penaltyRow({ CF_XDR_MC: '石家庄命令行权益有限公司', CF_XDR_SHXYM: ORG, CF_WSH: SERIOUS, SEVERITY: '严重' }),
    ]),
  );
  assert.equal((await json(cli('import', file, '--category', 'penalty', '--department', MARKET, '--json'))).created, 2);

  const today = CLOCK_DAY; // the clock runs on for seconds from noon: still the same day
  const expected = await json(cli('calendar', 'add', today, '15', '--json'));
  // at a service window only: the identity document the applicant showed is required
  const noDocument = await cli('objections', 'file', '--subject', ORG, '--ref', SERIOUS, '--reason', '处罚依据适用错误', '--json');
  assert.equal(noDocument.status, 2);
  assert.match(noDocument.stderr, /--in-person/);
  assert.match(noDocument.stderr, /身份证件/);
  const badDocument = await cli('objections', 'file', '--subject', ORG, '--ref', SERIOUS, '--reason', '处罚依据适用错误', '--in-person', 'library_card');
  assert.equal(badDocument.status, 2);
  const o = await json(cli('objections', 'file', '--subject', ORG, '--ref', SERIOUS, '--reason', '处罚依据适用错误', '--in-person', 'business_license', '--json'));
  assert.match(o.objectionId, /^[0-9a-f-]{36}$/);
  assert.equal(o.filedVia, 'staff');
  assert.equal(o.inPerson.document, 'business_license');
  assert.match(o.inPerson.checkedBy, /^cli:/);
  assert.match((await cli('objections', 'show', o.objectionId)).stdout, /窗口代办.*business_license/);
  assert.deepEqual([o.dueDate, o.provisional, o.status], [expected.date, expected.provisional, 'open']);
  const suspended = await json(cli('check', '--department', FINANCE, '--subject', ORG, '--scenario', 'procurement', '--json'));
  assert.equal(suspended.measures.find((m: { measureId: string }) => m.measureId === 'sd-procurement').suspended, true);

  const d = await json(cli('objections', 'decide', o.objectionId, '--outcome', 'revoke', '--note', '经核实适用依据错误，予以撤销', '--json'));
  assert.deepEqual([d.status, d.items[0].status, d.items[0].note], ['decided', 'revoked', '经核实适用依据错误，予以撤销']);
  const after = await json(cli('check', '--department', FINANCE, '--subject', ORG, '--scenario', 'procurement', '--json'));
  assert.equal(after.measures.some((m: { measureId: string }) => m.measureId === 'sd-procurement'), false);

  // by number too, with corrected values
  const o2 = await json(cli('objections', 'file', '--subject', ORG, '--ref', GENERAL, '--reason', '金额有误', '--in-person', 'authorization_letter', '--json'));
  const d2 = await json(cli('objections', 'decide', o2.number, '--outcome', 'correct', '--note', '金额更正', '--set', '处罚内容=罚款人民币贰万元', '--set', 'CF_NR_FK=2', '--json'));
  assert.equal(d2.items[0].status, 'corrected');
  const bad = await cli('objections', 'decide', o2.objectionId, '--outcome', 'maybe', '--note', 'x');
  assert.equal(bad.status, 2);
});

test('repair eligibility tells exactly what is missing', async () => {
  const e = await json(cli('repair', 'eligibility', '--subject', ORG, '--ref', GENERAL, '--json'));
  // decided 2026-06-01, general: the minimum period of 3 months ends 2026-09-01
  assert.equal(e.earliestDate, '2026-09-02');
  assert.equal(e.eligible, false);
  assert.deepEqual(e.missing.map((m: { code: string }) => m.code), ['OBLIGATIONS_EVIDENCE', 'COMMITMENT']);
  const evidence = path.join(sb.dir, '缴款凭证.pdf');
  writeFileSync(evidence, '%PDF-1.4\n% receipt\n');
  const ok = await json(cli('repair', 'eligibility', '--subject', ORG, '--ref', GENERAL, '--commitment', '承诺诚信经营', '--evidence', evidence, '--json'));
  assert.deepEqual([ok.eligible, ok.missing], [true, []]);
  // the serious one was revoked (and its minimum period of a year would end 2027-06-01)
  const revoked = await json(cli('repair', 'eligibility', '--subject', ORG, '--ref', SERIOUS, '--json'));
  assert.deepEqual(revoked.missing.map((m: { code: string }) => m.code), ['RECORD_NOT_CURRENT', 'MINIMUM_PERIOD', 'OBLIGATIONS_EVIDENCE', 'COMMITMENT']);
  assert.equal(revoked.earliestDate, '2027-06-02');
});

test('reports create writes the PDF; verify tells genuine from tampered', async () => {
  const out = path.join(sb.dir, 'report.pdf');
  const r = await json(cli('reports', 'create', '--subject', ORG, '--edition', 'public', '--out', out, '--json'));
  assert.match(r.number, /^XYBG\d{14}$/);
  assert.match(r.code, /^[A-Z2-9]{8}$/);
  const bytes = readFileSync(out);
  assert.equal(createHash('sha256').update(bytes).digest('hex'), r.sha256);
  const v = await json(cli('reports', 'verify', '--number', r.number, '--code', r.code, '--json'));
  assert.deepEqual([v.genuine, v.changedSinceIssue], [true, false]);
  const tampered = path.join(sb.dir, 'tampered.pdf');
  const copy = Buffer.from(bytes);
  copy[copy.length >> 1] = copy[copy.length >> 1]! ^ 0x20;
  writeFileSync(tampered, copy);
  const t = await cli('reports', 'verify', '--file', tampered, '--json');
  assert.equal(t.status, 1);
  assert.equal(JSON.parse(t.stdout).genuine, false);
  const full = await cli('reports', 'create', '--subject', ORG, '--edition', 'full', '--out', path.join(sb.dir, 'full.pdf'), '--json');
  assert.notEqual(full.status, 0); // the full edition needs a purpose
  assert.match(full.stderr + full.stdout, /REASON_REQUIRED|用途/);
});

test('calendar load-year', async () => {
  const f = path.join(sb.dir, '2028.json');
  writeFileSync(f, JSON.stringify({ year: 2028, source: '测试用 2028 年放假安排（虚构）', holidays: [{ name: '元旦', rest: ['2028-01-01~2028-01-03'] }] }));
  const before = await json(cli('calendar', 'add', '2027-12-30', '3', '--json'));
  assert.equal(before.provisional, true);
  const r = await json(cli('calendar', 'load-year', '2028', f, '--json'));
  assert.deepEqual([r.year, r.restDays], [2028, 3]);
  const after = await json(cli('calendar', 'add', '2027-12-30', '3', '--json'));
  // 2027-12-31 (Fri) is day 1; 2028-01-01 … 01-03 rest; 01-04, 01-05 — 2027 itself still has no notice
  assert.equal(after.date, '2028-01-05');
  assert.equal((await json(cli('calendar', 'add', '2028-03-01', '3', '--json'))).provisional, false);
  const mismatch = await cli('calendar', 'load-year', '2029', f, '--json');
  assert.notEqual(mismatch.status, 0);
});

test('a calendar correction moves the open deadlines that pass over it', async () => {
  const today = CLOCK_DAY; // the clock runs on for seconds from noon: still the same day
  const o = await json(cli('objections', 'file', '--subject', ORG, '--ref', GENERAL, '--reason', '再次核实', '--in-person', 'business_license', '--json'));
  const firstWorkingDay = (await json(cli('calendar', 'add', today, '1', '--json'))).date;
  await json(cli('calendar', 'override', firstWorkingDay, 'rest', '--note', '测试：临时休息', '--json'));
  const expected = (await json(cli('calendar', 'add', today, '15', '--json'))).date;
  assert.ok(expected > o.dueDate, `${expected} after ${o.dueDate}`);
  assert.equal((await json(cli('objections', 'show', o.objectionId, '--json'))).dueDate, expected);
});
