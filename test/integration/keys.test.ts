// Field-encryption key management: re-encryption under a new key version and under SM4, resumable
// and idempotent, with look-ups (blind index) and client secrets unaffected.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, addTestDepartment, addTestClient, DEPT_USCC, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { penaltyRow } from '../helpers/rows.ts';
import { loadConfig } from '../../src/config.ts';
import { openPlatform, type Platform } from '../../src/platform.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { findSubjectByCode } from '../../src/modules/subjects/subjects.store.ts';
import { reencryptAll, keyStatus } from '../../src/modules/access/keys.service.ts';
import { SEALED_COLUMNS } from '../../src/modules/access/keys.store.ts';
import { createStaffUser } from '../../src/modules/access/staff.service.ts';

const K1 = Buffer.alloc(32, 7).toString('base64'); // the test platform's XINYONG_MASTER_KEY
const K2 = Buffer.alloc(32, 8).toString('base64');
const PERSONS = Array.from({ length: 24 }, (_, i) => idNumber(`130102198503${String(i + 1).padStart(2, '0')}001`));

let t: TestPlatform;
let credential: string;
const extra: Platform[] = [];

before(async () => {
  t = await createTestPlatform('2026-11-20');
  const dep = await addTestDepartment(t.p, DEPT_USCC);
  credential = await addTestClient(t.p, dep);
  // a sealed TOTP secret of staff (staff_user.totp_secret) is re-encrypted like the rest
  await createStaffUser(t.p, SYSTEM_ACTOR, null, { username: 'keys.admin', displayName: '管理员', role: 'platform_admin', password: 'Keys-Admin-2026' });
  const records = PERSONS.map((id, i) =>
    penaltyRow({ CF_WSH: `冀密钥罚〔2026〕${i + 1}号`, CF_XDR_LB: '自然人', CF_XDR_MC: `测试人${i + 1}`, CF_XDR_SHXYM: '', CF_FRDB: '', CF_XDR_ZJLX: '身份证', CF_XDR_ZJHM: id }),
  );
  const r = await submitJsonBatch(t.p, SYSTEM_ACTOR, dep, 'penalty', records);
  assert.equal(r.counts.created, PERSONS.length, JSON.stringify(r.results.find((x) => x.status === 'rejected')));
});
after(async () => {
  for (const p of extra) await p.close();
  await t.close();
});

async function reopen(env: Record<string, string>): Promise<Platform> {
  const config = loadConfig({ NODE_ENV: 'test', XINYONG_DATA_DIR: t.dir, ...env });
  const p = await openPlatform(config, { command: 'test', db: t.p.db, now: () => t.p.now() });
  extra.push(p);
  return p;
}

async function sealedValues(p: Platform): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const c of SEALED_COLUMNS) {
    const rows = await p.db.query<{ k: number; v: string }>(`SELECT ${c.key} AS k, ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL`);
    for (const r of rows) out.set(`${c.table}.${c.column}#${r.k}`, r.v);
  }
  return out;
}
const prefixes = (m: Map<string, string>) => new Set([...m.values()].map((v) => v.split(':')[0]));

test('re-encryption moves every sealed value to the active key, resumably and idempotently', async () => {
  const before = await sealedValues(t.p);
  assert.ok(before.size >= PERSONS.length * 2 + 1, `${before.size}`); // id_cipher + record.sealed per person, one client secret
  assert.deepEqual(prefixes(before), new Set(['a1']));
  const plain = new Map([...before].map(([k, v]) => [k, t.p.crypto.decrypt(v)]));

  const p2 = await reopen({ XINYONG_KEYS: `1:${K1},2:${K2}`, XINYONG_ACTIVE_KEY: '2' });
  const status = await keyStatus(p2);
  assert.equal(status.activePrefix, 'a2');
  assert.deepEqual(status.indexScheme, { suite: 'aes', keyVersion: 1 });
  assert.equal(status.columns.reduce((s, c) => s + c.stale, 0), before.size);
  assert.deepEqual(status.removableKeys, []);

  // interrupted after 15 rows, as a crash would
  const partial = await reencryptAll(p2, SYSTEM_ACTOR, { batchSize: 10, stopAfterRows: 15 });
  assert.equal(partial.complete, false);
  assert.equal(partial.total, 15);
  const mid = await sealedValues(p2);
  assert.deepEqual(prefixes(mid), new Set(['a1', 'a2']));

  const rest = await reencryptAll(p2, SYSTEM_ACTOR, { batchSize: 10 });
  assert.equal(rest.complete, true);
  assert.equal(rest.total, before.size - 15);
  assert.equal(rest.failed, 0);
  const after = await sealedValues(p2);
  assert.deepEqual(prefixes(after), new Set(['a2']));
  for (const [k, v] of after) assert.equal(p2.crypto.decrypt(v), plain.get(k), k);

  const again = await reencryptAll(p2, SYSTEM_ACTOR, { batchSize: 10 });
  assert.equal(again.total, 0);
  assert.deepEqual(await sealedValues(p2), after);

  // audited per chunk, in the same transaction as the rows it moved
  const events = await p2.db.query<{ detail: { rows: number; to: string; from: Record<string, number> } }>(
    "SELECT detail FROM audit_event WHERE action = 'keys.reencrypt' ORDER BY id",
  );
  assert.equal(events.reduce((s, e) => s + e.detail.rows, 0), before.size);
  assert.ok(events.every((e) => e.detail.to === 'a2' && e.detail.from.a1 === e.detail.rows));

  // look-ups by ID number use the blind index, which the rotation did not touch
  const found = await findSubjectByCode(p2.db, PERSONS[3]!, p2.crypto);
  assert.equal(found?.name, '测试人4');
  assert.deepEqual((await keyStatus(p2)).removableKeys, []); // key 1 still holds the blind index
});

test('switching to SM4-CBC + HMAC-SM3 re-encrypts everything; the recorded index scheme stays', async () => {
  const p3 = await reopen({ XINYONG_KEYS: `1:${K1},2:${K2}`, XINYONG_ACTIVE_KEY: '2', XINYONG_CRYPTO: 'sm' });
  assert.equal(p3.crypto.activePrefix, 's2');
  assert.deepEqual(p3.crypto.index, { suite: 'aes', keyVersion: 1 });
  const r = await reencryptAll(p3, SYSTEM_ACTOR, { batchSize: 7 });
  assert.equal(r.complete, true);
  assert.ok(r.columns.every((c) => Object.keys(c.from).every((f) => f === 'a2')));
  const values = await sealedValues(p3);
  assert.deepEqual(prefixes(values), new Set(['s2']));
  assert.equal((await findSubjectByCode(p3.db, PERSONS[0]!, p3.crypto))?.name, '测试人1');
  // the client's secret, re-sealed, is still the one it signs with
  const secret = credential.slice(credential.indexOf(':') + 1);
  const row = (await p3.db.one<{ secret_cipher: string }>('SELECT secret_cipher FROM api_client_secret'))!;
  assert.equal(p3.crypto.decrypt(row.secret_cipher), secret);
  // a tampered sealed value is reported, not silently skipped, and the others still move (the IV's
  // first character is changed to another one: a fixed 'A' was no change one time in 64)
  const victim = (await p3.db.one<{ id: number; id_cipher: string }>("SELECT id, id_cipher FROM subject WHERE kind = 'person' ORDER BY id LIMIT 1"))!;
  await p3.db.query('UPDATE subject SET id_cipher = $2 WHERE id = $1', [victim.id, victim.id_cipher.replace(/^s2:(.)/, (_m, c: string) => `s2:${c === 'A' ? 'B' : 'A'}`)]);
  const back = await reopen({ XINYONG_KEYS: `1:${K1},2:${K2}`, XINYONG_ACTIVE_KEY: '1' });
  const r2 = await reencryptAll(back, SYSTEM_ACTOR, { batchSize: 50 });
  assert.equal(r2.failed, 1);
  assert.deepEqual(r2.columns.find((c) => c.column === 'subject.id_cipher')!.failedKeys, [victim.id]);
  assert.equal(r2.total, values.size - 1);
});

test('an installation cannot start without the key version that holds its blind indexes', async () => {
  await assert.rejects(reopen({ XINYONG_KEYS: `2:${K2}` }), /key version 1 holds this installation's blind indexes/);
});
