// The monitoring commands as a user runs them: directory set / list / declare-none, evaluation run
// printing exactly the JSON shape, warnings sweep / list / ack / close, and bad input
// refused with zh/en errors and nothing changed.
// The commands run in the test process (CliSandbox.exec: the same runCommand as `xinyong`, decision
// 0047); what the process itself does with an exit code is cli.test.ts's claim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createCliSandbox, type CliResult, type CliSandbox } from '../helpers/cli.ts';
import { uscc } from '../helpers/platform.ts';

const SJZ = uscc('11130100MB0000031');
const BD = uscc('11130600MB0000032');
let sb: CliSandbox;

before(async () => {
  // November 2026 has ended on this day whatever the real date (records arrive on the real day,
  // which is after November: the figures below count none)
  sb = await createCliSandbox('monitoring-cli', 11, { clock: '2026-12-10' });
});
after(() => sb.close());

const cli = (...args: string[]) => sb.exec(...args);
const json = async (r: ReturnType<typeof cli>) => sb.json(await r);
const refused = (r: CliResult, code: string) => {
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const body = JSON.parse(r.stdout);
  assert.equal(body.error.code, code);
  assert.match(body.error.zh, /[\u4e00-\u9fff]/);
  assert.ok(body.error.en.length > 0);
};

test('directory, nil return, evaluation in the issue’s JSON shape, warnings', async () => {
  await json(cli('departments', 'add', '--uscc', SJZ, '--name', '石家庄市市场监督管理局', '--region', '130100', '--kind', 'market-regulation', '--reason', '市场监管部门（测试）', '--json'));
  await json(cli('departments', 'add', '--uscc', BD, '--name', '保定市市场监督管理局', '--region', '130600', '--kind', 'market-regulation', '--reason', '市场监管部门（测试）', '--json'));

  const set = await json(cli('directory', 'set', '--department', BD, '--category', 'serious-dishonesty', '--frequency', 'monthly', '--from', '2026-10-01', '--json'));
  assert.deepEqual([set.entry.departmentUscc, set.entry.frequency, set.entry.from, set.entry.revision, set.entry.source], [BD, 'monthly', '2026-10-01', 1, 'operator']);
  refused(await cli('directory', 'set', '--department', BD, '--category', 'penalty', '--frequency', 'hourly', '--json'), 'DIRECTORY_FREQUENCY_INVALID');
  refused(await cli('directory', 'set', '--department', uscc('11130600MB0000099'), '--category', 'penalty', '--frequency', 'monthly', '--json'), 'DEPARTMENT_NOT_FOUND');
  refused(await cli('directory', 'set', '--department', BD, '--category', 'nothing', '--frequency', 'monthly', '--json'), 'CATEGORY_UNKNOWN');
  const list = await json(cli('directory', 'list', '--json'));
  assert.ok(list.entries.some((e: { departmentKind: string; category: string }) => e.departmentKind === 'market-regulation' && e.category === 'penalty'));
  assert.equal(list.entries.filter((e: { source: string }) => e.source === 'operator').length, 1, 'the refused sets changed nothing');

  const z = await json(cli('directory', 'declare-none', '--department', SJZ, '--category', 'license', '--period', '2026-11', '--json'));
  assert.deepEqual([z.created, z.counts, z.declaration.period], [true, true, '2026-11']);
  refused(await cli('directory', 'declare-none', '--department', SJZ, '--category', 'license', '--period', '2027-02', '--json'), 'PERIOD_IN_FUTURE');
  refused(await cli('directory', 'declare-none', '--department', SJZ, '--category', 'license', '--period', '2026-11-31', '--json'), 'PERIOD_INVALID');

  const ev = await json(cli('evaluation', 'run', '--period', '2026-11', '--json'));
  assert.deepEqual(Object.keys(ev), ['period', 'departments', 'regions']);
  assert.equal(ev.period, '2026-11');
  for (const d of ev.departments)
    assert.deepEqual(Object.keys(d), ['uscc', 'name', 'region', 'due', 'covered', 'coverage', 'records', 'onTime', 'timeliness', 'rows', 'rejected', 'rejectRate', 'score', 'rank']);
  for (const g of ev.regions) assert.deepEqual(Object.keys(g), ['code', 'name', 'due', 'covered', 'coverage', 'records', 'onTime', 'timeliness', 'score', 'rank']);
  const sjz = ev.departments.find((d: { uscc: string }) => d.uscc === SJZ);
  // penalty and licence due monthly; the licence covered by the nil return; nothing received
  assert.deepEqual(sjz, { uscc: SJZ, name: '石家庄市市场监督管理局', region: '130100', due: 2, covered: 1, coverage: 0.5, records: 0, onTime: 0, timeliness: null, rows: 0, rejected: 0, rejectRate: null, score: 50, rank: 1 });
  const bd = ev.departments.find((d: { uscc: string }) => d.uscc === BD);
  assert.deepEqual([bd.due, bd.covered, bd.score, bd.rank], [3, 0, 0, 2]); // + its own monthly 严重违法失信 entry
  assert.deepEqual(
    ev.regions.filter((g: { rank: number | null }) => g.rank !== null).map((g: { code: string; rank: number }) => [g.code, g.rank]),
    [['130100', 1], ['130600', 2]],
  );
  assert.equal(ev.regions.length, 14);
  // the same again prints the same figures
  assert.deepEqual(await json(cli('evaluation', 'run', '--period', '2026-11', '--json')), ev);
  refused(await cli('evaluation', 'run', '--period', '2026-13', '--json'), 'PERIOD_INVALID');
  refused(await cli('evaluation', 'run', '--period', '2027', '--json'), 'PERIOD_IN_FUTURE');
  assert.deepEqual((await json(cli('evaluation', 'list', '--json'))).periods.map((x: { period: string; runs: number }) => [x.period, x.runs]), [['2026-11', 1]]);

  const sweep = await json(cli('warnings', 'sweep', '--json'));
  assert.ok(sweep.warnings.raised > 0);
  const warnings = await json(cli('warnings', 'list', '--state', 'open', '--json'));
  const silent = warnings.items.find((w: { kind: string; target: string }) => w.kind === 'department.silent' && w.target === `${BD}|penalty`);
  assert.ok(silent, JSON.stringify(warnings.items.map((w: { kind: string; target: string }) => [w.kind, w.target])));
  refused(await cli('warnings', 'ack', String(silent.id), '--json'), 'WARNING_NOTE_REQUIRED');
  const ack = await json(cli('warnings', 'ack', String(silent.id), '--note', '已通知保定市补报', '--json'));
  assert.deepEqual([ack.warning.state, ack.warning.note], ['acknowledged', '已通知保定市补报']);
  assert.equal((await json(cli('warnings', 'close', String(silent.id), '--json'))).warning.state, 'closed');
  refused(await cli('warnings', 'list', '--state', 'done', '--json'), 'WARNING_STATE_INVALID');
});

test('evaluation bulletin writes the 通报 of the stored run as XLSX or PDF; bad input refused', async () => {
  const { readFileSync } = await import('node:fs');
  const path = await import('node:path');
  const ExcelJS = (await import('exceljs')).default;
  const xlsx = path.join(sb.dir, 'bulletin-2026-11.xlsx');
  const out = await json(cli('evaluation', 'bulletin', '--period', '2026-11', '--out', xlsx, '--json'));
  assert.deepEqual([out.period, out.format, out.runNo, out.issuedOn], ['2026-11', 'xlsx', 1, '2026-12-10']);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['通报', '地区排名', '部门排名', '约谈名单']);
  const names: string[] = [];
  wb.getWorksheet('部门排名')!.eachRow((r, n) => n > 1 && names.push(String(r.getCell(2).value)));
  assert.ok(names.includes('保定市市场监督管理局'), names.join());
  const pdf = path.join(sb.dir, 'bulletin-2026-11.pdf');
  assert.equal((await json(cli('evaluation', 'bulletin', '--period', '2026-11', '--out', pdf, '--json'))).format, 'pdf');
  assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
  refused(await cli('evaluation', 'bulletin', '--period', '2026-11', '--out', xlsx, '--format', 'doc', '--json'), 'FORMAT_INVALID');
  refused(await cli('evaluation', 'bulletin', '--period', '2026-13', '--out', xlsx, '--json'), 'PERIOD_INVALID');
});
