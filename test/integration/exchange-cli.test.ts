// The federation commands as an operator runs them (two installations, each its own data directory
// and keys; the commands run in the test process, CliSandbox.exec, decision 0047):
// nodes add/list/rotate/revoke at the province, upstream set at the city, and the offline round
// trip export → import → ack with a tampered package refused (issue 11).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCliSandbox, type CliSandbox } from '../helpers/cli.ts';
import { uscc } from '../helpers/platform.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';

const DEP = uscc('11130100MB0000001');
const boxes: CliSandbox[] = [];
after(async () => {
  for (const b of boxes) await b.close();
});

test('nodes, upstream, status and the offline package from the command line', { timeout: 600_000 }, async () => {
  const prov = await createCliSandbox('exchange-prov', 3, { clock: '2026-11-20' });
  const city = await createCliSandbox('exchange-city', 4, { clock: '2026-11-20' });
  boxes.push(prov, city);
  Object.assign(city.env, { XINYONG_NODE_ROLE: 'city', XINYONG_NODE_REGION: '130100' });

  const key = prov.json(await prov.exec('nodes', 'add', '--region', '130100', '--name', '石家庄市', '--json'));
  assert.deepEqual(Object.keys(key), ['nodeId', 'keyId', 'secret']);
  assert.match(key.keyId, /^xn_[0-9a-f]{16}\.s1$/);
  assert.equal(prov.json(await prov.exec('nodes', 'list', '--json')).nodes[0].region, '130100');
  assert.notEqual((await prov.exec('nodes', 'add', '--region', '130100', '--name', '石家庄市', '--json')).status, 0); // one active node per region

  assert.deepEqual(city.json(await city.exec('upstream', 'set', '--url', 'http://127.0.0.1:9', '--key-id', key.keyId, '--secret', key.secret, '--json')), {
    url: 'http://127.0.0.1:9',
    keyId: key.keyId,
    queued: 0,
  });
  city.json(await city.exec('departments', 'add', '--uscc', DEP, '--name', '石家庄市市场监督管理局', '--region', '130100', '--kind', 'market-regulation', '--reason', '报送行政处罚', '--json'));
  const file = path.join(city.dir, 'p.csv');
  writeFileSync(file, csv([1, 2, 3].map((i) => penaltyRow({ CF_WSH: `石市监罚〔2026〕C${i}号`, CF_XDR_MC: `命令行交换${i}有限公司`, CF_XDR_SHXYM: uscc(`91130100MA${String(i).padStart(7, '0')}`) }))));
  city.json(await city.exec('import', file, '--category', 'penalty', '--department', DEP, '--json'));
  const st = city.json(await city.exec('exchange', 'status', '--json'));
  assert.deepEqual([st.role, st.region, st.upstream.pending, st.upstream.delivered], ['city', '130100', 3, 0]);
  // the downward feed from the command line: the parent is unreachable here, noted, exit status 1
  const pull = await city.exec('exchange', 'pull', '--json');
  assert.equal(pull.status, 1, pull.stderr + pull.stdout);
  const pulled = JSON.parse(pull.stdout) as { state: string; cursor: string; error: string };
  assert.deepEqual([pulled.state, pulled.cursor], ['failed', '0']);
  assert.match(pulled.error, /fetch failed|ECONNREFUSED/);

  const pkg = path.join(city.dir, 'pkg.json');
  assert.equal(city.json(await city.exec('exchange', 'export', '--out', pkg, '--json')).count, 3);
  // tampered: refused, nothing filed
  const bad = path.join(prov.dir, 'bad.json');
  writeFileSync(bad, readFileSync(pkg, 'utf8').replace('命令行交换1', '命令行交换9'));
  const refused = await prov.exec('exchange', 'import', bad, '--json');
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr + refused.stdout, /PACKAGE_INVALID/);
  const ack = path.join(prov.dir, 'ack.json');
  assert.deepEqual(prov.json(await prov.exec('exchange', 'import', pkg, '--ack-out', ack, '--json')), { accepted: 3, duplicate: 0, rejected: 0, ackFile: ack });
  assert.deepEqual(city.json(await city.exec('exchange', 'ack', ack, '--json')), { accepted: 3, duplicate: 0, rejected: 0 });
  assert.equal(city.json(await city.exec('exchange', 'status', '--json')).upstream.pending, 0);
  const ps = prov.json(await prov.exec('exchange', 'status', '--json'));
  assert.deepEqual(ps.children.map((c: { region: string; received: number }) => [c.region, c.received]), [['130100', 3]]);

  const rotated = prov.json(await prov.exec('nodes', 'rotate', '--node', '130100', '--json'));
  assert.match(rotated.keyId, /\.s2$/);
  assert.equal(prov.json(await prov.exec('nodes', 'revoke', '--node', '130100', '--json')).revoked, true);
});
