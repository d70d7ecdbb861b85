// The commitments commands as the issue spells them: add → {"commitmentId","status"}, fulfil,
// breach, sweep (prints the ids it breached), list; bad input exits 1 with a zh/en error and
// changes nothing; a department that did not take the commitment may not breach it. The commands
// run in-process (CliSandbox.exec: the same runCommand as `xinyong`; decision 0047): what the
// process itself does with an exit code is cli.test.ts's claim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createCliSandbox, type CliSandbox } from '../helpers/cli.ts';
import { orgUscc, uscc } from '../helpers/platform.ts';

const MARKET = uscc('11130100MB0000061');
const HOUSING = uscc('11130100MB0000062');
const CO = orgUscc('91', '130100', 'MA0CMC01');
let sb: CliSandbox;

before(async () => {
  sb = await createCliSandbox('commitments-cli', 11, { clock: '2026-11-20' });
});
after(() => sb.close());

const cli = (...args: string[]) => sb.exec(...args);
const json = async (r: ReturnType<typeof cli>) => sb.json(await r);

test('add, fulfil, breach, sweep, list', async () => {
  await json(cli('departments', 'add', '--uscc', MARKET, '--name', '石家庄市行政审批局', '--region', '130100', '--kind', 'market-regulation', '--reason', '行政审批（测试）', '--json'));
  await json(cli('departments', 'add', '--uscc', HOUSING, '--name', '石家庄市住房和城乡建设局', '--region', '130100', '--kind', 'housing-construction', '--reason', '住建（测试）', '--json'));

  // bad input: a due date before the made-on date
  const bad = await cli('commitments', 'add', '--subject', CO, '--name', '石家庄命令行承诺有限公司', '--kind', 'tolerance', '--content', '补交材料', '--matter', 'XK-1', '--made', '2026-11-10', '--due', '2026-11-09', '--department', MARKET, '--json');
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  const err = JSON.parse(bad.stdout).error;
  assert.equal(err.code, 'COMMITMENT_DUE_BEFORE_MADE');
  assert.ok(err.zh && err.en);

  // an earlier 容缺受理 commitment, entered with its original dates: overdue today
  const late = await json(cli('commitments', 'add', '--subject', CO, '--name', '石家庄命令行承诺有限公司', '--kind', 'tolerance', '--content', '补交消防验收意见书', '--matter', 'XK-1', '--made', '2026-11-01', '--due', '2026-11-10', '--department', MARKET, '--json'));
  assert.deepEqual(Object.keys(late).sort(), ['commitmentId', 'status']);
  assert.equal(late.status, 'in-force');
  const kept = await json(cli('commitments', 'add', '--subject', CO, '--kind', 'tolerance', '--content', '补交环评批复', '--matter', 'XK-2', '--made', '2026-11-18', '--due', '2026-12-18', '--department', MARKET, '--json'));
  const notice = await json(cli('commitments', 'add', '--subject', CO, '--kind', 'notification', '--content', '承诺具备施工许可条件', '--matter', 'SG-1', '--department', HOUSING, '--json'));

  const fulfilled = await json(cli('commitments', 'fulfil', kept.commitmentId, '--note', '已补交环评批复', '--json'));
  assert.deepEqual(fulfilled, { commitmentId: kept.commitmentId, status: 'fulfilled' });

  const sweep = await json(cli('commitments', 'sweep', '--json'));
  assert.deepEqual(sweep.breached, [late.commitmentId]);
  assert.deepEqual((await json(cli('commitments', 'sweep', '--json'))).breached, []);

  const again = await cli('commitments', 'fulfil', late.commitmentId, '--note', '迟交', '--json');
  assert.equal(again.status, 1);
  assert.equal(JSON.parse(again.stdout).error.code, 'COMMITMENT_BREACHED');

  const notYours = await cli('commitments', 'breach', notice.commitmentId, '--reason', '核查不实', '--department', MARKET, '--json');
  assert.equal(notYours.status, 1);
  assert.equal(JSON.parse(notYours.stdout).error.code, 'COMMITMENT_NOT_YOURS');
  const breached = await json(cli('commitments', 'breach', notice.commitmentId, '--reason', '事后核查发现承诺不实', '--department', HOUSING, '--json'));
  assert.equal(breached.status, 'breached');
  assert.match(String(breached.recordId), /^\d+$/);

  const list = await json(cli('commitments', 'list', '--subject', CO, '--json'));
  assert.equal(list.total, 3);
  assert.deepEqual(list.items.map((c: { commitmentId: string; status: string }) => [c.commitmentId, c.status]).sort(), [
    [late.commitmentId, 'breached'],
    [kept.commitmentId, 'fulfilled'],
    [notice.commitmentId, 'breached'],
  ].sort());
});
