// The CLI as a user runs it: a separate process on the same database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCliSandbox, BIN, type CliSandbox } from '../helpers/cli.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { within } from '../helpers/wait.ts';
import { uscc } from '../helpers/platform.ts';

const DEP = uscc('11130100MB0000009');
let sb: CliSandbox;

before(async () => {
  sb = await createCliSandbox('cli');
});
after(() => sb.close());

const cli = (...args: string[]) => sb.run(...args);

test('departments add and import --json print the documented objects', () => {
  const d = cli('departments', 'add', '--uscc', DEP, '--name', '石家庄市生态环境局', '--region', '130100', '--kind', 'ecology-environment', '--json');
  assert.equal(d.status, 0, d.stderr);
  assert.equal(JSON.parse(d.stdout).department.uscc, DEP);

  const file = path.join(sb.dir, 'p.csv');
  writeFileSync(
    file,
    csv([
      penaltyRow({ CF_WSH: 'CLI罚〔2026〕1号' }),
      penaltyRow({ CF_WSH: 'CLI罚〔2026〕2号', CF_XDR_SHXYM: '91130100MA0000001Z' }),
      penaltyRow({ CF_WSH: 'CLI罚〔2026〕3号', CF_JDRQ: '2026-02-30' }),
    ]),
  );
  const r = cli('import', file, '--category', 'penalty', '--department', DEP, '--json');
  assert.equal(r.status, 2, r.stderr); // read, but some rows rejected
  const out = JSON.parse(r.stdout);
  assert.deepEqual(
    { rows: out.rows, created: out.created, updated: out.updated, unchanged: out.unchanged, rejected: out.rejected },
    { rows: 3, created: 1, updated: 0, unchanged: 0, rejected: 2 },
  );
  assert.deepEqual(out.errors.map((e: { row: number; field: string }) => [e.row, e.field]), [[3, 'CF_XDR_SHXYM'], [4, 'CF_JDRQ']]);
  for (const e of out.errors) {
    assert.equal(typeof e.code, 'string');
    assert.match(e.message, /[\u4e00-\u9fa5].* \/ [A-Za-z]/);
  }

  const again = JSON.parse(cli('import', file, '--category', 'penalty', '--department', DEP, '--json').stdout);
  assert.equal(again.unchanged, 1);
  assert.equal(again.created, 0);
});

test('bad input to the CLI gets a clear message and a non-zero exit', () => {
  const missing = cli('import', path.join(sb.dir, 'nope.csv'), '--category', 'penalty', '--department', DEP, '--json');
  assert.equal(missing.status, 1);
  assert.equal(JSON.parse(missing.stdout).error.code, 'FILE_NOT_FOUND');
  const unknownDep = cli('import', path.join(sb.dir, 'p.csv'), '--category', 'penalty', '--department', uscc('11130100MB0000008'), '--json');
  assert.equal(unknownDep.status, 1);
  assert.equal(JSON.parse(unknownDep.stdout).error.code, 'DEPARTMENT_NOT_FOUND');
  const badUscc = cli('departments', 'add', '--uscc', '123', '--name', 'x', '--region', '130100');
  assert.equal(badUscc.status, 1);
  assert.match(badUscc.stderr, /错误：.*\nError: /);
});

// Embedded: a second process runs its command inside the server (admin channel; PGlite has no
// lock of its own, so it never opens the database itself). PostgreSQL: it opens the database.
test('a second process beside a running server works on either database', async () => {
  const server = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: sb.env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await within(
      new Promise<void>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (d) => {
          out += d;
          if (out.includes('running at')) resolve();
        });
        server.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
      }),
      'the server to start',
      120_000,
    );
    const r = cli('departments', 'list', '--json');
    assert.equal(r.status, 0, r.stderr);
    assert.ok(JSON.parse(r.stdout).departments.some((d: { uscc: string }) => d.uscc === DEP));
  } finally {
    server.kill('SIGTERM');
    await new Promise((res) => server.once('exit', res));
  }
  // after the server stopped, the directory is free again
  const after = cli('departments', 'list', '--json');
  assert.equal(after.status, 0, after.stderr);
});
