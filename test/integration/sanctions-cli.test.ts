// The sanctions commands as a user runs them: import a list file, check, exit, list measures;
// `check --json` prints what POST /api/v1/credit-checks answers for the same question.
// The commands run in the test process (CliSandbox.exec: the same runCommand as `xinyong`, decision
// 0047); what the process itself does with an exit code is cli.test.ts's claim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCliSandbox, type CliSandbox } from '../helpers/cli.ts';
import { uscc, orgUscc, idNumber } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { loadConfig } from '../../src/config.ts';
import { openPlatform } from '../../src/platform.ts';
import { buildApp } from '../../src/app.ts';
import { createClient } from '../../src/modules/access/clients.store.ts';
import { getDepartmentByUscc } from '../../src/modules/access/departments.store.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const COURT = uscc('11130100MB0000021');
const FINANCE = uscc('11130100MB0000022');
const DEBTOR = orgUscc('91', '130100', 'MA0CL001');
const REP = idNumber('13010219800101991');
const CASE = '（2026）冀01执77号';
let sb: CliSandbox;

before(async () => {
  // the list term below (until 2028-02-01) is current on this day whatever the real date
  sb = await createCliSandbox('sanctions-cli', 9, { clock: '2026-11-20' });
});
after(() => sb.close());

const cli = (...args: string[]) => sb.exec(...args);
const json = async (r: ReturnType<typeof cli>) => sb.json(await r);

test('import a 失信被执行人 file, check, exit, check again, list the measures', async () => {
  await json(cli('departments', 'add', '--uscc', COURT, '--name', '石家庄市中级人民法院', '--region', '130100', '--kind', 'court', '--reason', '法院（测试）', '--json'));
  await json(cli('departments', 'add', '--uscc', FINANCE, '--name', '石家庄市财政局', '--region', '130100', '--kind', 'finance', '--kind', 'public-resource-trading', '--json'));
  const file = path.join(sb.dir, 'dd.csv');
  writeFileSync(
    file,
    '主体名称,主体类别,统一社会信用代码,法定代表人,法定代表人证件号码,案号,执行法院,执行依据文号,做出执行依据单位,立案时间,生效法律文书确定的义务,履行情况,失信行为具体情形,认定日期,有效期至\n' +
      `石家庄命令行失信有限公司,法人及非法人组织,${DEBTOR},陈刚,${REP},${CASE},石家庄市中级人民法院,（2025）冀01民初9号,石家庄市中级人民法院,2026-01-05,支付价款100万元,全部未履行,有履行能力而拒不履行,2026-02-01,2028-02-01\n`,
  );
  const imported = await json(cli('import', file, '--category', 'dishonest-debtor', '--department', COURT, '--json'));
  assert.deepEqual({ created: imported.created, rejected: imported.rejected }, { created: 1, rejected: 0 }, JSON.stringify(imported.errors));

  const a = await json(cli('check', '--department', FINANCE, '--subject', DEBTOR, '--scenario', 'bidding', '--matter', '招标2026-1', '--json'));
  assert.equal(a.result, 'checked');
  assert.deepEqual(a.measures.map((m: { measureId: string }) => m.measureId), ['dd-bidding']);
  assert.equal(a.measures[0].trigger.ref, CASE);
  assert.equal(a.measures[0].until, '2028-02-01');
  assert.equal(a.eligibility.greenChannel, false);
  assert.equal(typeof a.eligibility.reason, 'string');

  // the same question through the API answers the same object (but its own check id and time)
  const config = loadConfig({ ...sb.env, NODE_ENV: 'test' });
  const p = await openPlatform(config, { command: 'test' });
  try {
    const app = await buildApp(p, { webDist: path.join(sb.dir, 'no-web') });
    const { credential } = await createClient(p, SYSTEM_ACTOR, await getDepartmentByUscc(p.db, FINANCE), 'cli test', ['check']);
    const r = await signedInject(app, credential, { url: '/api/v1/credit-checks', json: { subject: DEBTOR, scenario: 'bidding', matterRef: '招标2026-1' }, now: p.now() });
    assert.equal(r.statusCode, 200, r.body);
    const api = r.json();
    const strip = (x: Record<string, unknown>) => ({ ...x, checkId: undefined, checkedAt: undefined });
    assert.deepEqual(strip(api), strip(a));
    await app.close();
  } finally {
    await p.close();
  }

  const bad = await cli('check', '--department', FINANCE, '--subject', '91130100MA0CL0019Q', '--scenario', 'bidding', '--json');
  assert.equal(bad.status, 1);
  assert.match(JSON.parse(bad.stdout).error.code, /^USCC_/);

  const exit = await json(cli('lists', 'exit', '--category', 'dishonest-debtor', '--department', COURT, '--ref', CASE, '--reason', '已履行完毕', '--json'));
  assert.deepEqual({ status: exit.status, ref: exit.ref, version: exit.version }, { status: 'exited', ref: CASE, version: 2 });
  const after = await json(cli('check', '--department', FINANCE, '--subject', DEBTOR, '--scenario', 'bidding', '--json'));
  assert.deepEqual(after.measures, []);
  const notOwner = await cli('lists', 'exit', '--category', 'dishonest-debtor', '--department', FINANCE, '--ref', CASE, '--reason', 'x', '--json');
  assert.equal(notOwner.status, 1);
  assert.equal(JSON.parse(notOwner.stdout).error.code, 'LIST_OWNER_REQUIRED');

  const measures = await json(cli('measures', 'list', '--json'));
  assert.ok(measures.measures.some((m: { id: string; basis: string }) => m.id === 'dd-flights' && m.basis.includes('法释〔2015〕17号')));
  const human = await cli('measures', 'list');
  assert.equal(human.status, 0);
  assert.match(human.stdout, /限制乘坐飞机/);
});
