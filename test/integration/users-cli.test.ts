// `xinyong users add` on a fresh install: the first administrator, the one-time TOTP enrolment,
// and signing in with what it printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, seedPgliteDataDir, testBackend, type TestDb } from '../helpers/db.ts';
import { uscc } from '../helpers/platform.ts';
import { CLI_TIMEOUT_MS } from '../helpers/cli.ts';
import { loadConfig } from '../../src/config.ts';
import { openPlatform } from '../../src/platform.ts';
import { buildApp } from '../../src/app.ts';
import { totpCode } from '../../src/modules/access/totp.ts';

const BIN = path.resolve('bin/xinyong.mjs');
const KEY = Buffer.alloc(32, 9).toString('base64');
let dir: string;
let pgDb: TestDb | undefined;
let env: Record<string, string>;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-users-'));
  env = { ...(process.env as Record<string, string>), XINYONG_DATA_DIR: dir, XINYONG_MASTER_KEY: KEY, LOG_LEVEL: 'silent' };
  seedPgliteDataDir(dir); // the migrated template: the first command does not migrate
  delete env.DATABASE_URL;
  if (testBackend() === 'postgres') {
    pgDb = await createTestDb();
    env.DATABASE_URL = pgDb.url!;
  }
});
after(async () => {
  await pgDb?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', input, timeout: CLI_TIMEOUT_MS });

test('users add creates the first administrator with a generated password and a one-time TOTP enrolment', async () => {
  const r = cli(['users', 'add', '--username', 'Admin', '--name', '平台管理员', '--role', 'platform_admin', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.user.username, 'admin');
  assert.equal(out.user.regionCode, '130000');
  assert.match(out.password, /^\S{20}$/);
  assert.match(out.totp.uri, /^otpauth:\/\/totp\/Xinyong:admin\?/);
  assert.match(out.totp.secret, /^[A-Z2-7]{32}$/);
  assert.ok(out.totp.uri.includes(`secret=${out.totp.secret}`));

  // what it printed signs in (and the generated password must then be changed)
  const clock = new Date('2026-11-20T04:00:00Z');
  const config = loadConfig({ NODE_ENV: 'test', XINYONG_DATA_DIR: dir, XINYONG_MASTER_KEY: KEY, ...(env.DATABASE_URL ? { DATABASE_URL: env.DATABASE_URL } : {}) });
  const p = await openPlatform(config, { command: 'test', now: () => clock });
  try {
    const app = await buildApp(p, { webDist: path.join(dir, 'no-web') });
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'x-requested-with': 'xinyong' },
      payload: { username: 'admin', password: out.password, totp: totpCode(out.totp.secret, clock) },
    });
    assert.equal(signIn.statusCode, 200, signIn.body);
    assert.equal(signIn.json().user.passwordChangeRequired, true);
    await app.close();
  } finally {
    await p.close();
  }
});

test('the text output shows the enrolment once; --password-stdin takes the password and checks it', async () => {
  const op = cli(['users', 'add', '--username', 'op1', '--name', '运营', '--role', 'operator', '--region', '130100']);
  assert.equal(op.status, 0, op.stderr);
  assert.match(op.stdout, /otpauth:\/\/totp\/Xinyong:op1\?/);
  assert.match(op.stdout, /secret: [A-Z2-7]{32}/);
  assert.match(op.stdout, /只显示这一次/);

  const dep = uscc('11130100MB0000077');
  assert.equal(cli(['departments', 'add', '--uscc', dep, '--name', '石家庄市税务局', '--region', '130100']).status, 0);
  const weak = cli(['users', 'add', '--username', 'clerk1', '--name', '张三', '--role', 'department_clerk', '--department', dep, '--password-stdin'], 'short\n');
  assert.equal(weak.status, 1);
  assert.match(weak.stderr, /密码不符合要求.*至少 12 位/);
  assert.match(weak.stderr, /at least 12 characters/);
  const ok = cli(['users', 'add', '--username', 'clerk1', '--name', '张三', '--role', 'department_clerk', '--department', dep, '--password-stdin', '--json'], 'Clerk-Chosen-2026\n');
  assert.equal(ok.status, 0, ok.stderr);
  const out = JSON.parse(ok.stdout);
  assert.equal(out.password, undefined); // chosen, not generated: nothing to show
  assert.equal(out.totp, undefined); // clerks are not required to use TOTP
  assert.equal(out.user.department, dep);
  // chosen at the console, still known to someone else: changed at first sign-in (issue 17)
  {
    const config = loadConfig({ NODE_ENV: 'test', XINYONG_DATA_DIR: dir, XINYONG_MASTER_KEY: KEY, ...(env.DATABASE_URL ? { DATABASE_URL: env.DATABASE_URL } : {}) });
    const p = await openPlatform(config, { command: 'test' });
    try {
      const row = await p.db.one<{ must: boolean }>(`SELECT must_change_password AS must FROM staff_user WHERE username = 'clerk1'`);
      assert.equal(row?.must, true);
    } finally {
      await p.close();
    }
  }

  const dup = cli(['users', 'add', '--username', 'clerk1', '--name', '张三', '--role', 'department_clerk', '--department', dep, '--json']);
  assert.equal(dup.status, 1);
  assert.equal(JSON.parse(dup.stdout).error.code, 'USER_EXISTS');
  const noDep = cli(['users', 'add', '--username', 'clerk2', '--name', '李四', '--role', 'department_clerk']);
  assert.equal(noDep.status, 1);
  assert.match(noDep.stderr, /须指定所属部门/);

  const list = cli(['users', 'list', '--json']);
  assert.deepEqual(JSON.parse(list.stdout).users.map((u: { username: string }) => u.username).sort(), ['admin', 'clerk1', 'op1']);
});
