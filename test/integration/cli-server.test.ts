// The README's steps in the order written, while `serve` runs: on the embedded database the
// commands go through the server's admin channel (DATA_DIR/admin.sock); on PostgreSQL they open
// the database themselves. Same output and exit codes either way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { statSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testBackend } from '../helpers/db.ts';
import { createCliSandbox, BIN, CLI_TIMEOUT_MS, type CliSandbox } from '../helpers/cli.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { uscc } from '../helpers/platform.ts';

const DEP = uscc('11130100MB0000001');
let sb: CliSandbox;
let server: ChildProcessWithoutNullStreams | undefined;

async function startServe(): Promise<ChildProcessWithoutNullStreams> {
  const s = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: sb.env, stdio: ['pipe', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start within 240 s: ${out}`)), 240_000);
    s.stdout.on('data', (d) => {
      out += d;
      if (out.includes('running at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    s.stderr.on('data', (d) => (out += d));
    s.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${out}`));
    });
  });
  return s;
}

async function stop(s: ChildProcessWithoutNullStreams | undefined): Promise<void> {
  if (!s || s.exitCode !== null) return;
  const exited = new Promise((res) => s.once('exit', res));
  s.kill('SIGTERM');
  await exited;
}

before(async () => {
  sb = await createCliSandbox('cli-server');
  server = await startServe();
});
after(async () => {
  await stop(server);
  await sb.close();
});

const cli = (...args: string[]) => sb.run(...args);

test('the admin channel is a socket only the data directory owner can open', { skip: testBackend() === 'postgres' }, () => {
  const st = statSync(path.join(sb.dir, 'admin.sock'));
  assert.ok(st.isSocket());
  assert.equal(st.mode & 0o777, 0o600);
});

test('the README’s CLI steps work in the order written while serve runs', () => {
  const dep = cli('departments', 'add', '--uscc', DEP, '--name', '石家庄市长安区市场监督管理局', '--region', '130102', '--kind', 'market-regulation', '--reason', '区级市场监管部门，报送行政处罚和行政许可');
  assert.equal(dep.status, 0, dep.stderr + dep.stdout);
  assert.match(dep.stdout, /已登记部门 Registered: 石家庄市长安区市场监督管理局/);

  // a second department of the same name: registered, with a warning
  const twin = cli('departments', 'add', '--uscc', uscc('11130100MB0000002'), '--name', '石家庄市长安区市场监督管理局', '--region', '130102', '--json');
  assert.equal(twin.status, 0, twin.stderr);
  assert.match(twin.stderr, /已有同名部门.*Warning: a department named/s);
  assert.deepEqual(JSON.parse(twin.stdout).sameName, [DEP]);

  const clients = sb.json(cli('clients', 'create', '--department', DEP, '--json'));
  assert.match(clients.keyId, /\S/);

  const admin = cli('users', 'add', '--username', 'admin', '--name', '平台管理员', '--role', 'platform_admin');
  assert.equal(admin.status, 0, admin.stderr);
  assert.match(admin.stdout, /初始密码 Password: \S+/);
  assert.match(admin.stdout, /otpauth:\/\//);

  const clerk = cli('users', 'add', '--username', 'sjz.clerk', '--name', '张三', '--role', 'department_clerk', '--department', DEP, '--json');
  assert.equal(JSON.parse(clerk.stdout).user.department, DEP, clerk.stderr);

  // stdin goes to the command in the server only when it reads it
  const op = spawnSync(process.execPath, [BIN, 'users', 'add', '--username', 'op1', '--name', '李四', '--role', 'operator', '--region', '130100', '--password-stdin', '--json'], {
    env: sb.env,
    input: 'Chosen-Password-2026\n',
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
  });
  assert.equal(op.status, 0, op.stderr);
  assert.equal(JSON.parse(op.stdout).password, undefined); // chosen, so nothing generated to show

  const list = cli('users', 'list');
  assert.equal(list.status, 0, list.stderr);
  for (const u of ['admin', 'sjz.clerk', 'op1']) assert.match(list.stdout, new RegExp(`^${u.replace('.', '\\.')}\\s`, 'm'));

  // a relative file name is the caller's, not the server's working directory
  writeFileSync(path.join(sb.dir, 'penalties.csv'), csv([penaltyRow({ CF_WSH: '长市监罚〔2026〕1号' }), penaltyRow({ CF_WSH: '长市监罚〔2026〕2号', CF_JDRQ: '2026-02-30' })]));
  const partly = spawnSync(process.execPath, [BIN, 'import', 'penalties.csv', '--category', 'penalty', '--department', DEP, '--json'], { env: sb.env, cwd: sb.dir, encoding: 'utf8', timeout: CLI_TIMEOUT_MS });
  assert.equal(partly.status, 2, partly.stderr); // some rows rejected
  const out = JSON.parse(partly.stdout);
  assert.deepEqual([out.created, out.rejected], [1, 1]);

  writeFileSync(path.join(sb.dir, 'clean.csv'), csv([penaltyRow({ CF_WSH: '长市监罚〔2026〕3号' })]));
  const clean = cli('import', path.join(sb.dir, 'clean.csv'), '--category', 'penalty', '--department', DEP);
  assert.equal(clean.status, 0, clean.stderr); // every row landed
  assert.match(clean.stdout, /新增 created 1/);

  // errors come back with the same text and exit code as in a process of its own
  const missing = cli('import', 'nope.csv', '--category', 'penalty', '--department', DEP, '--json');
  assert.equal(missing.status, 1);
  assert.equal(JSON.parse(missing.stdout).error.code, 'FILE_NOT_FOUND');
  const unknown = cli('users', 'unlock', '--username', 'nobody');
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /^错误：用户 nobody 不存在\nError: User nobody not found/m);
  const badArgs = cli('departments', 'add', '--bogus');
  assert.equal(badArgs.status, 2);
  assert.match(badArgs.stderr, /参数错误 Bad arguments/);

  const verify = cli('audit', 'verify', '--json');
  assert.equal(verify.status, 0, verify.stderr);
  assert.equal(JSON.parse(verify.stdout).ok, true);
});

// Last: these stop the server.
test('the audit trail names the operating-system user and host of each CLI step', async () => {
  await stop(server);
  const { loadConfig } = await import('../../src/config.ts');
  const { openPlatform } = await import('../../src/platform.ts');
  const p = await openPlatform(loadConfig(sb.env), { command: 'test' });
  try {
    const rows = await p.db.query<{ actor: string; action: string }>(`SELECT actor, action FROM audit_event WHERE action IN ('department.add', 'staff.create') ORDER BY id`);
    assert.equal(rows.length, 5, JSON.stringify(rows));
    for (const r of rows) assert.equal(r.actor, `cli:${os.userInfo().username}@${os.hostname()}`);
  } finally {
    await p.close();
  }
  if (testBackend() === 'pglite') assert.ok(!existsSync(path.join(sb.dir, 'admin.sock')), 'the socket goes with the server');
});

test('a lock held by something other than serve still refuses a second process', { skip: testBackend() === 'postgres' }, () => {
  // a live process that is not a server: nothing to forward to
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    writeFileSync(path.join(sb.dir, 'xinyong.lock'), JSON.stringify({ pid: holder.pid, command: 'import', startedAt: new Date().toISOString() }));
    const r = cli('departments', 'list', '--json');
    assert.equal(r.status, 1);
    assert.equal(JSON.parse(r.stdout).error.code, 'DATA_DIR_LOCKED');
  } finally {
    holder.kill();
  }
});
