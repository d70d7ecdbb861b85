// Several servers, one platform (issue 14; docs/operations.md "Several servers"): two real
// `xinyong serve` processes on one PostgreSQL database and one Redis, each with its OWN data
// directory (as on two hosts: nothing shared but the database and Redis). A staff session made on
// one is valid on the other; a CSRF-less request is refused by both; a signed request replayed to
// the other server is refused (NONCE_REUSED); a signed upload to one is imported once and its
// original downloaded from the other (the blob is in PostgreSQL); the public rate limit is one
// limit for the pair. PostgreSQL only: the embedded database is one process by design.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, forgetJobQueues, testBackend } from '../helpers/db.ts';
import { addTestDepartment, addTestClient, DEPT_USCC, uscc } from '../helpers/platform.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { clusterEnv, freePort, listening, startServer, stopServer, until, type Server } from '../helpers/servers.ts';
import { loadClockOffset, loadConfig } from '../../src/config.ts';
import { openPlatform } from '../../src/platform.ts';
import { parseCredential, signRequest } from '../../src/modules/access/signing.client.ts';
import { createStaffUser } from '../../src/modules/access/staff.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

const clockOffset = loadClockOffset(process.env, false);
const serverNow = () => new Date(Date.now() + clockOffset);
const skip = testBackend() === 'postgres' ? false : 'the embedded database is single-process by design; the cluster test runs on PostgreSQL';
const PASSWORD = 'Correct-Horse-42';
const CSRF = { 'x-requested-with': 'xinyong' };
const ROWS = 300;

test('two serve processes, one PostgreSQL and one Redis: sessions, CSRF, nonces, uploads, originals and rate limits hold across servers', { skip, timeout: 600_000 }, async (t) => {
  const tdb = await createTestDb();
  await forgetJobQueues(tdb.db); // the servers create the queues side by side, as on a new installation
  const dirs = [0, 1].map(() => mkdtempSync(path.join(os.tmpdir(), 'xinyong-cluster2-')));
  const servers: Server[] = [];
  try {
    const base = clusterEnv(tdb.url!, { XINYONG_PUBLIC_RATE_MAX: '6' });
    const setup = await openPlatform(loadConfig({ ...base, XINYONG_DATA_DIR: dirs[0]! }), { command: 'test', db: tdb.db });
    const dep = await addTestDepartment(setup, DEPT_USCC);
    const credential = await addTestClient(setup, dep);
    await createStaffUser(setup, SYSTEM_ACTOR, null, { username: 'cluster.clerk', displayName: '集群', role: 'department_clerk', departmentId: dep.id, password: PASSWORD, mustChangePassword: false });
    await setup.close();

    for (const [i, name] of ['A', 'B'].entries()) servers.push(startServer(name, await freePort(), { ...base, XINYONG_DATA_DIR: dirs[i]! }));
    await Promise.all(servers.map(listening));
    const [A, B] = servers as [Server, Server];

    // ---- sessions and CSRF: signed in on A, the cookie works on B; sign-out on B ends it on A
    const signIn = await fetch(`${A.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { ...CSRF, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'cluster.clerk', password: PASSWORD }) });
    assert.equal(signIn.status, 200, await signIn.clone().text());
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('xy_session='))!.split(';')[0]!;
    const me = await fetch(`${B.url}/api/v1/auth/me`, { headers: { cookie } });
    assert.equal(me.status, 200, await me.clone().text());
    const noCsrf = await fetch(`${B.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { cookie } });
    assert.equal(noCsrf.status, 403, 'a state change without the CSRF header is refused on the other server too');
    assert.equal((await fetch(`${A.url}/api/v1/auth/me`, { headers: { cookie } })).status, 200);
    assert.equal((await fetch(`${B.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { cookie, ...CSRF } })).status, 204);
    assert.equal((await fetch(`${A.url}/api/v1/auth/me`, { headers: { cookie } })).status, 401, 'signed out on B: the session is gone on A');

    // ---- a signed upload to A; the same request replayed to B is refused
    const body = csv(Array.from({ length: ROWS }, (_, i) => penaltyRow({ CF_WSH: `冀双机〔2026〕${i}号`, CF_XDR_MC: `双机测试${i}有限公司`, CF_XDR_SHXYM: uscc(`91130100MB${String(i).padStart(7, '0')}`) })));
    const url = '/api/v1/batches/files?category=penalty&filename=two-servers.csv';
    const headers = { ...signRequest(parseCredential(credential), { method: 'POST', path: url, body, at: serverNow() }), 'content-type': 'text/csv' };
    const up = await fetch(`${A.url}${url}`, { method: 'POST', headers, body });
    assert.equal(up.status, 202, await up.clone().text());
    const batchId = ((await up.json()) as { id: string }).id;
    const replay = await fetch(`${B.url}${url}`, { method: 'POST', headers, body });
    assert.equal(replay.status, 401);
    assert.equal(((await replay.json()) as { error: { code: string } }).error.code, 'NONCE_REUSED');

    // the batch, read on B with a fresh signature, is imported once by the pair
    const signedGet = (s: Server, p: string) => fetch(`${s.url}${p}`, { headers: signRequest(parseCredential(credential), { method: 'GET', path: p, at: serverNow() }) });
    const done = await until('the upload imported', async () => {
      const b = (await (await signedGet(B, `/api/v1/batches/${batchId}`)).json()) as { status: string; counts?: unknown };
      return b.status !== 'running' ? b : undefined;
    }, 180_000);
    assert.equal(done.status, 'completed', JSON.stringify(done));
    const recs = (await tdb.db.one<{ n: number; refs: number }>('SELECT count(*) AS n, count(DISTINCT source_ref) AS refs FROM record WHERE batch_id = $1', [batchId]))!;
    assert.deepEqual(recs, { n: ROWS, refs: ROWS });
    assert.equal((await tdb.db.query("SELECT 1 FROM audit_event WHERE action = 'batch.complete' AND target = $1", [`batch:${batchId}`])).length, 1);

    // the original, downloaded from B (which never saw the upload and has its own data directory)
    const orig = await signedGet(B, `/api/v1/batches/${batchId}/file`);
    assert.equal(orig.status, 200, await orig.clone().text());
    assert.equal(Buffer.from(await orig.arrayBuffer()).toString('utf8'), body);

    // ---- credit reports issued on both servers at once: numbers unique; a PDF issued on A is read on B
    const subjectCode = uscc('91130100MB0000000');
    const issue = (s: Server) => fetch(`${s.url}/api/v1/public/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject: subjectCode }) });
    const issued = await Promise.all([A, B, A, B].map(async (s) => {
      const r = await issue(s);
      assert.equal(r.status, 200, await r.clone().text());
      return (await r.json()) as { number: string; pdf: string; sha256: string };
    }));
    assert.equal(new Set(issued.map((r) => r.number)).size, 4, `report numbers ${issued.map((r) => r.number).join(', ')}`);
    const pdf = await fetch(`${B.url}${issued[0]!.pdf}`);
    assert.equal(pdf.status, 200, await pdf.clone().text());
    const pdfBytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(createHash('sha256').update(pdfBytes).digest('hex'), issued[0]!.sha256);

    // ---- the public rate limit is one limit for the pair (Redis): 6 requests over A and B, then 429 on both
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await fetch(`${servers[i % 2]!.url}/api/v1/public/regions`)).status);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 200, 429, 429]);
    t.diagnostic(`statuses ${codes.join(' ')}`);
  } finally {
    await Promise.all(servers.map(stopServer));
    await tdb.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
