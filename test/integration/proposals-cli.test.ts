// `xinyong proposals list|approve|reject` (issue 17): the console decides proposals made through
// the API by city staff; the change is applied by its owning module and audited as the console's user.
// The commands run in the test process (CliSandbox.exec, decision 0047).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createCliSandbox, type CliSandbox } from '../helpers/cli.ts';
import { loadConfig } from '../../src/config.ts';
import { openPlatform } from '../../src/platform.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { createStaffUser } from '../../src/modules/access/staff.service.ts';
import { propose } from '../../src/modules/proposals/proposals.service.ts';
import { provinceSettingKinds } from '../../src/setting-kinds.ts';

let cli: CliSandbox;
const ids: number[] = [];

before(async () => {
  cli = await createCliSandbox('proposals', 9);
  const p = await openPlatform(loadConfig(cli.env), { command: 'test' });
  try {
    const user = (await createStaffUser(p, SYSTEM_ACTOR, null, { username: 'bdop', displayName: '保定操作员', role: 'operator', regionCode: '130600', password: 'Proposals-Cli-2026', mustChangePassword: false })).user;
    const who = { kind: 'staff' as const, user, role: user.role, regionCode: user.regionCode, departmentId: null, sessionId: 0, passwordChangeRequired: false };
    const actor = { id: 'staff:bdop', kind: 'staff' as const };
    for (const active of [false, false])
      ids.push((await propose(p, provinceSettingKinds(p), who, actor, { kind: 'measure.change', change: { id: 'rw-trading-bonus', patch: { active } }, reason: '保定提出暂停该措施' })).id);
  } finally {
    await p.close();
  }
});
after(() => cli.close());

test('list, approve with a note, reject with a note; --json', async () => {
  const list = cli.json(await cli.exec('proposals', 'list', '--status', 'pending', '--json'));
  assert.deepEqual(list.items.map((x: { id: number }) => x.id).sort(), [...ids].sort());
  assert.equal(list.items[0].proposerName, '保定操作员');

  const noNote = await cli.exec('proposals', 'approve', String(ids[0]));
  assert.equal(noNote.status, 2);
  assert.match(noNote.stderr, /--note/);

  const ok = cli.json(await cli.exec('proposals', 'approve', String(ids[0]), '--note', '省级同意', '--json'));
  assert.equal(ok.status, 'approved');
  assert.equal(ok.result.active, false);
  assert.match(ok.decidedBy, /^cli:/);

  const rej = cli.json(await cli.exec('proposals', 'reject', String(ids[1]), '--note', '已由前一建议处理', '--json'));
  assert.equal(rej.status, 'rejected');

  const again = await cli.exec('proposals', 'reject', String(ids[0]), '--note', '再次');
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /PROPOSAL_DECIDED|已处理/);

  const text = await cli.exec('proposals', 'list');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /已批准 approved/);
  assert.match(text.stdout, /已驳回 rejected/);
});
