// Signed requests of department systems: what is accepted, what is refused and why, rotation.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createTestPlatform, addTestDepartment, addTestClient, DEPT_USCC, uscc, type TestPlatform } from '../helpers/platform.ts';
import { signedInject, type SignedInjectOptions } from '../helpers/signed.ts';
import { penaltyRow, csv } from '../helpers/rows.ts';
import { rotateSecret, retireSecret, revokeClient, createClient, listClients } from '../../src/modules/access/clients.store.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { createCheckWriter } from '../../src/modules/sanctions/checks.service.ts';
import type { DeferredNonce } from '../../src/modules/access/signing.ts';
import { DomainError } from '../../src/kernel/errors.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';

let t: TestPlatform;
let dep: Department;
let cred: string; // xk_….s1:secret

before(async () => {
  t = await createTestPlatform('2026-11-20');
  dep = await addTestDepartment(t.p, DEPT_USCC);
  cred = await addTestClient(t.p, dep);
});
after(() => t.close());

const keyOf = (credential: string) => credential.slice(0, credential.indexOf('.'));
const send = (opts: Omit<SignedInjectOptions, 'now'> & { now?: Date }, credential = cred) => signedInject(t.app, credential, { now: t.p.now(), ...opts });
const code = (r: { json(): { error?: { code: string } } }) => r.json().error?.code;
const seconds = (s: number) => new Date(t.p.now().getTime() + s * 1000);
const batchCount = async () => (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM batch'))!.n;
const oneRecord = (i: number) => ({ category: 'penalty', records: [penaltyRow({ CF_WSH: `冀签名罚〔2026〕${i}号`, CF_XDR_MC: `签名测试${i}有限公司`, CF_XDR_SHXYM: uscc(`91130100MA${String(i).padStart(7, '0')}`) })] });

describe('accepted', () => {
  test('a signed JSON batch, a signed GET with a query, a signed file upload', async () => {
    const r = await send({ url: '/api/v1/batches', json: oneRecord(1) });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().counts.created, 1);
    const list = await send({ url: '/api/v1/batches?page=1&pageSize=5' });
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.json().total, 1);
    const up = await send({ url: '/api/v1/batches/files?category=penalty&filename=a.csv', body: csv([oneRecord(2).records[0]!]), contentType: 'text/csv' });
    assert.equal(up.statusCode, 202, up.body);
    assert.equal(up.json().fileSize, Buffer.byteLength(csv([oneRecord(2).records[0]!])));
  });

  test('the secret is stored sealed, not in clear and not merely hashed', async () => {
    const secret = cred.slice(cred.indexOf(':') + 1);
    const rows = await t.p.db.query<{ secret_cipher: string }>('SELECT secret_cipher FROM api_client_secret');
    assert.ok(rows.length >= 1);
    for (const r of rows) {
      assert.ok(!r.secret_cipher.includes(secret));
      assert.match(r.secret_cipher, /^a1:/);
    }
  });

  test('the timestamp may be up to 300 seconds off either way', async () => {
    assert.equal((await send({ url: '/api/v1/batches', now: seconds(-300) })).statusCode, 200);
    assert.equal((await send({ url: '/api/v1/batches', now: seconds(300) })).statusCode, 200);
  });
});

describe('refused with 401 and a code per reason', () => {
  test('no signature (and the obsolete Bearer token) ', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/batches', headers: { authorization: `Bearer ${keyOf(cred)}.abc` } });
    assert.equal(r.statusCode, 401);
    assert.ok(['AUTH_REQUIRED', 'SIGNATURE_REQUIRED'].includes(code(r)!), r.body);
  });

  test('expired or future timestamp beyond 300 seconds', async () => {
    for (const s of [-301, 301, -86_400]) {
      const r = await send({ url: '/api/v1/batches', now: seconds(s) });
      assert.equal(r.statusCode, 401, `${s}`);
      assert.equal(code(r), 'SIGNATURE_EXPIRED');
      assert.match(r.json().error.zh, /时间戳/);
    }
  });

  test('a replayed request (same nonce), also when sent twice at once', async () => {
    const nonce = 'replay-nonce-0001';
    const first = await send({ url: '/api/v1/batches', json: oneRecord(3), nonce });
    assert.equal(first.statusCode, 200, first.body);
    const before = await batchCount();
    const again = await send({ url: '/api/v1/batches', json: oneRecord(3), nonce });
    assert.equal(again.statusCode, 401);
    assert.equal(code(again), 'NONCE_REUSED');
    assert.equal(await batchCount(), before);
    // identical requests racing: the primary key lets exactly one through
    const race = await Promise.all([0, 1, 2].map(() => send({ url: '/api/v1/batches?page=1', nonce: 'racing-nonce-0001' })));
    assert.deepEqual(race.map((r) => r.statusCode).sort(), [200, 401, 401]);
  });

  test('a nonce is forgotten once its window has passed', async () => {
    const nonce = 'expiring-nonce-01';
    assert.equal((await send({ url: '/api/v1/batches', nonce })).statusCode, 200);
    const clientId = (await t.p.db.one<{ id: number }>('SELECT id FROM api_client WHERE key_id = $1', [keyOf(cred)]))!.id;
    const has = async () => (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM api_client_nonce WHERE client_id = $1 AND nonce = $2', [clientId, nonce]))!.n;
    assert.equal(await has(), 1);
    t.setToday('2026-11-21'); // a day later: the old request is refused by its timestamp anyway
    try {
      assert.equal((await send({ url: '/api/v1/batches' })).statusCode, 200); // purges the client's expired nonces
      assert.equal(await has(), 0);
      assert.equal((await send({ url: '/api/v1/batches', nonce })).statusCode, 200); // and the nonce may come again
    } finally {
      t.setToday('2026-11-20');
    }
  });

  test('a tampered JSON body', async () => {
    const before = await batchCount();
    const body = oneRecord(4);
    const r = await send({ url: '/api/v1/batches', json: body, sendBody: JSON.stringify({ ...body, records: [{ ...body.records[0], CF_NR_FK: '0.01' }] }) });
    assert.equal(r.statusCode, 401);
    assert.equal(code(r), 'BODY_HASH_MISMATCH');
    // the same bytes re-serialized differently count as tampering too: the hash is over bytes
    const spaced = await send({ url: '/api/v1/batches', json: body, sendBody: JSON.stringify(body, null, 2) });
    assert.equal(code(spaced), 'BODY_HASH_MISMATCH');
    assert.equal(await batchCount(), before);
  });

  test('a tampered file upload: refused, no batch, no file left behind', async () => {
    const before = await batchCount();
    const good = csv([oneRecord(5).records[0]!]);
    const r = await send({
      url: '/api/v1/batches/files?category=penalty&filename=b.csv',
      body: good,
      sendBody: good.replace('签名测试5', '签名测试6'),
      contentType: 'text/csv',
    });
    assert.equal(r.statusCode, 401, r.body);
    assert.equal(code(r), 'BODY_HASH_MISMATCH');
    assert.equal(await batchCount(), before);
    const tmp = path.join(t.p.config.blobDir, 'tmp');
    assert.deepEqual(existsSync(tmp) ? readdirSync(tmp) : [], []);
  });

  test('a tampered path, query or method', async () => {
    const path1 = await send({ url: '/api/v1/batches?page=2', signedUrl: '/api/v1/batches?page=1' });
    assert.equal(code(path1), 'SIGNATURE_MISMATCH');
    const id = (await send({ url: '/api/v1/batches' })).json().items[0].id;
    const path2 = await send({ url: `/api/v1/batches/${id}`, signedUrl: '/api/v1/batches' });
    assert.equal(code(path2), 'SIGNATURE_MISMATCH');
    const method = await send({ method: 'GET', url: '/api/v1/batches', headers: { 'x-xy-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'.replace('e3', 'e4') } });
    assert.equal(code(method), 'SIGNATURE_MISMATCH'); // the header is part of what is signed
  });

  test('a wrong secret, an unknown key, an unknown secret number', async () => {
    const wrong = await send({ url: '/api/v1/batches' }, `${keyOf(cred)}.s1:not-the-secret-at-all-aaaaaaaaaaaaaaaa`);
    assert.equal(code(wrong), 'SIGNATURE_MISMATCH');
    const unknown = await send({ url: '/api/v1/batches' }, `xk_ffffffffffffffff.s1:${cred.slice(cred.indexOf(':') + 1)}`);
    assert.equal(code(unknown), 'CLIENT_KEY_UNKNOWN');
    const noSuchSecret = await send({ url: '/api/v1/batches' }, cred.replace('.s1:', '.s9:'));
    assert.equal(code(noSuchSecret), 'CLIENT_KEY_UNKNOWN');
  });

  test('a revoked client', async () => {
    const other = (await createClient(t.p, SYSTEM_ACTOR, dep, 'to revoke', ['collect'])).credential;
    assert.equal((await send({ url: '/api/v1/batches' }, other)).statusCode, 200);
    await revokeClient(t.p, SYSTEM_ACTOR, keyOf(other));
    const r = await send({ url: '/api/v1/batches' }, other);
    assert.equal(r.statusCode, 401);
    assert.equal(code(r), 'CLIENT_REVOKED');
    assert.ok(r.json().error.zh.length > 0 && r.json().error.en.length > 0);
  });
});

describe('rotation without downtime', () => {
  test('old and new secret both work; a retired one is refused; an expired one too', async () => {
    const c = (await createClient(t.p, SYSTEM_ACTOR, dep, 'rotating', ['collect'])).credential;
    const keyId = keyOf(c);
    const s2 = await rotateSecret(t.p, SYSTEM_ACTOR, keyId);
    assert.equal(s2.signingKeyId, `${keyId}.s2`);
    assert.equal(s2.previous[0]!.secretId, 's1');
    assert.equal((await send({ url: '/api/v1/batches' }, c)).statusCode, 200);
    assert.equal((await send({ url: '/api/v1/batches' }, s2.credential)).statusCode, 200);

    await assert.rejects(rotateSecret(t.p, SYSTEM_ACTOR, keyId), { code: 'SECRET_LIMIT' }); // two active at most

    await retireSecret(t.p, SYSTEM_ACTOR, keyId, 's1');
    const retired = await send({ url: '/api/v1/batches' }, c);
    assert.equal(retired.statusCode, 401);
    assert.equal(code(retired), 'CLIENT_SECRET_RETIRED');
    assert.equal((await send({ url: '/api/v1/batches' }, s2.credential)).statusCode, 200);
    await assert.rejects(retireSecret(t.p, SYSTEM_ACTOR, keyId, 's2'), { code: 'LAST_SECRET' });

    // the next rotation gives s2 the default 30 days of overlap
    const s3 = await rotateSecret(t.p, SYSTEM_ACTOR, keyId);
    assert.equal(s3.secretId, 's3');
    t.setToday('2026-12-19'); // 29 days later
    try {
      assert.equal((await send({ url: '/api/v1/batches' }, s2.credential)).statusCode, 200);
      t.setToday('2026-12-21');
      const expired = await send({ url: '/api/v1/batches' }, s2.credential);
      assert.equal(code(expired), 'CLIENT_SECRET_EXPIRED');
      assert.equal((await send({ url: '/api/v1/batches' }, s3.credential)).statusCode, 200);
    } finally {
      t.setToday('2026-11-20');
    }

    const listing = (await listClients(t.p.db, t.p.now())).find((x) => x.keyId === keyId)!;
    assert.deepEqual(listing.secrets.map((s) => [s.secretId, s.active, s.retiredAt !== null]), [['s1', false, true], ['s2', true, false], ['s3', true, false]]);
    assert.ok(listing.secrets[1]!.lastUsedAt);
    const audit = await t.p.db.query<{ action: string }>("SELECT action FROM audit_event WHERE target = $1 ORDER BY id", [`api-client:${keyId}`]);
    assert.deepEqual(audit.map((a) => a.action), ['api-client.create', 'api-client.rotate', 'api-client.retire-secret', 'api-client.rotate']);
  });
});

// A credit check records its nonce in the transaction that stores the check (one commit): the
// replay protection must be the same as where the nonce is recorded first.
describe('credit checks: the nonce recorded with the stored check', () => {
  const SUBJECT = uscc('91130100MA0N0NCE0');
  const checks = async () => (await t.p.db.one<{ n: number }>('SELECT count(*)::int AS n FROM credit_check'))!.n;
  const runs = async () => (await t.p.db.one<{ n: number }>("SELECT count(*)::int AS n FROM audit_event WHERE action = 'credit-check.run'"))!.n;
  const check = (credential: string, nonce?: string, json: unknown = { subject: SUBJECT, scenario: 'procurement' }) =>
    send({ url: '/api/v1/credit-checks', json, ...(nonce ? { nonce } : {}) }, credential);
  let checker: string;
  before(async () => {
    checker = (await createClient(t.p, SYSTEM_ACTOR, dep, 'checker', ['check'])).credential;
  });

  test('a replayed check is refused and not stored again; of racing copies exactly one is answered', async () => {
    const [c0, r0] = [await checks(), await runs()];
    const first = await check(checker, 'check-nonce-00001');
    assert.equal(first.statusCode, 200, first.body);
    const again = await check(checker, 'check-nonce-00001');
    assert.equal(again.statusCode, 401);
    assert.equal(code(again), 'NONCE_REUSED');
    assert.deepEqual([await checks(), await runs()], [c0 + 1, r0 + 1]);
    const race = await Promise.all([0, 1, 2].map(() => check(checker, 'check-nonce-race1')));
    assert.deepEqual(race.map((r) => r.statusCode).sort(), [200, 401, 401]);
    assert.deepEqual([await checks(), await runs()], [c0 + 2, r0 + 2]);
    const nonces = await t.p.db.one<{ n: number }>("SELECT count(*)::int AS n FROM api_client_nonce WHERE nonce IN ('check-nonce-00001', 'check-nonce-race1')");
    assert.equal(nonces!.n, 2);
  });

  // the writer stores a batch in one statement: each check and its audit event only if its own
  // nonce was fresh, whatever the others' verdicts (three writes in one turn go in one batch)
  test('in one batch, the check of a replayed nonce is neither stored nor audited; the fresh ones beside it are', async () => {
    const keyId = keyOf(checker);
    const key = (await t.p.db.one<{ clientId: number; secretId: number }>(
      'SELECT c.id::int AS "clientId", s.id::int AS "secretId" FROM api_client c JOIN api_client_secret s ON s.client_id = c.id WHERE c.key_id = $1 ORDER BY s.id LIMIT 1',
      [keyId],
    ))!;
    const writer = createCheckWriter(t.p);
    const nonce = (n: string): DeferredNonce => ({
      claim: { clientId: key.clientId, secretRowId: key.secretId, nonce: n, expiresAt: new Date(t.p.now().getTime() + 600_000) },
      keyId,
      secretNo: 1,
      state: 'pending',
    });
    const write = (ref: string, n: DeferredNonce) =>
      writer.write(
        { id: randomUUID(), subjectId: null, subjectCode: SUBJECT, departmentId: dep.id, scenario: 'procurement', matterRef: ref, actor: 'test', checkedAt: t.p.now(), checkedOn: t.p.today(), snapshot: { ref }, feedbackDue: null, measures: [] },
        { actor: SYSTEM_ACTOR, target: `code:${SUBJECT}`, detail: { matterRef: ref }, why: 'test' },
        n,
      );
    await write('mixed-0', nonce('check-nonce-mixed0'));
    const replayed = nonce('check-nonce-mixed0');
    const results = await Promise.allSettled([write('mixed-replay', replayed), write('mixed-1', nonce('check-nonce-mixed1')), write('mixed-2', nonce('check-nonce-mixed2'))]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'fulfilled', 'fulfilled']);
    const refused = (results[0] as PromiseRejectedResult).reason;
    assert.ok(refused instanceof DomainError && refused.code === 'NONCE_REUSED', String(refused));
    assert.equal(replayed.state, 'refused');
    const stored = await t.p.db.query<{ ref: string }>("SELECT matter_ref AS ref FROM credit_check WHERE matter_ref LIKE 'mixed-%' ORDER BY 1");
    assert.deepEqual(stored.map((r) => r.ref), ['mixed-0', 'mixed-1', 'mixed-2']);
    const audited = await t.p.db.query<{ ref: string }>("SELECT detail->>'matterRef' AS ref FROM audit_event WHERE action = 'credit-check.run' AND detail->>'matterRef' LIKE 'mixed-%' ORDER BY 1");
    assert.deepEqual(audited.map((r) => r.ref), ['mixed-0', 'mixed-1', 'mixed-2']);
  });

  test('a check refused before it is stored (bad code, invalid body) still spends its nonce', async () => {
    const bad = await check(checker, 'check-nonce-bad01', { subject: 'not-a-code', scenario: 'procurement' });
    assert.equal(bad.statusCode, 400, bad.body);
    const badAgain = await check(checker, 'check-nonce-bad01', { subject: 'not-a-code', scenario: 'procurement' });
    assert.equal(code(badAgain), 'NONCE_REUSED');
    const invalid = await check(checker, 'check-nonce-bad02', { subject: SUBJECT });
    assert.equal(invalid.statusCode, 400, invalid.body);
    const invalidAgain = await check(checker, 'check-nonce-bad02', { subject: SUBJECT });
    assert.equal(invalidAgain.statusCode, 401);
    assert.equal(code(invalidAgain), 'NONCE_REUSED');
    // a client without the check scope: 403, and its nonce is spent too
    const noScope = await check(cred, 'check-nonce-bad03');
    assert.equal(code(noScope), 'SCOPE_MISSING');
    assert.equal(code(await check(cred, 'check-nonce-bad03')), 'NONCE_REUSED');
  });

  test('a key known to the server is refused at once when revoked, its secret retired or its department inactive', async () => {
    const c = (await createClient(t.p, SYSTEM_ACTOR, dep, 'checker to revoke', ['check'])).credential;
    assert.equal((await check(c)).statusCode, 200); // the key is now known (cached)
    const before = await checks();
    await revokeClient(t.p, SYSTEM_ACTOR, keyOf(c));
    const r = await check(c);
    assert.equal(r.statusCode, 401);
    assert.equal(code(r), 'CLIENT_REVOKED');
    assert.equal(await checks(), before);

    const c2 = (await createClient(t.p, SYSTEM_ACTOR, dep, 'checker to rotate', ['check'])).credential;
    assert.equal((await check(c2)).statusCode, 200);
    const s2 = await rotateSecret(t.p, SYSTEM_ACTOR, keyOf(c2));
    await retireSecret(t.p, SYSTEM_ACTOR, keyOf(c2), 's1');
    assert.equal(code(await check(c2)), 'CLIENT_SECRET_RETIRED');
    assert.equal(code(await send({ url: '/api/v1/batches' }, c2)), 'CLIENT_SECRET_RETIRED');
    assert.equal((await check(s2.credential)).statusCode, 200);

    await t.p.db.query('UPDATE department SET active = false WHERE id = $1', [dep.id]);
    try {
      assert.equal(code(await check(s2.credential)), 'DEPARTMENT_INACTIVE');
      assert.equal(code(await send({ url: '/api/v1/batches' })), 'DEPARTMENT_INACTIVE');
    } finally {
      await t.p.db.query('UPDATE department SET active = true WHERE id = $1', [dep.id]);
    }
    assert.equal((await check(s2.credential)).statusCode, 200);
  });
});

test('the OpenAPI document describes the signing scheme', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  const scheme = doc.components.securitySchemes.departmentClient;
  assert.equal(scheme.type, 'apiKey');
  assert.equal(scheme.name, 'X-Xy-Signature');
  for (const h of ['X-Xy-Key-Id', 'X-Xy-Timestamp', 'X-Xy-Nonce', 'X-Xy-Content-SHA256', 'HMAC-SHA256']) assert.ok(scheme.description.includes(h), h);
  assert.deepEqual(doc.paths['/api/v1/batches'].post.security, [{ departmentClient: [] }]);
});
