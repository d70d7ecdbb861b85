// The blob store (docs/decisions/0022): content-addressed, written once, streamed in and out in
// chunks; in PostgreSQL when the platform runs on it (every server reads every blob), in a
// directory for the embedded default. Runs on the test backend: PGlite exercises the directory
// store and PostgreSQL the database store; the database store is also run on PGlite below, so both
// implementations are tested on both backends.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, testBackend, type TestDb } from '../helpers/db.ts';
import { directoryBlobStore, postgresBlobStore, sweepBlobLeftovers, type BlobStore } from '../../src/kernel/blob-store.ts';
import { openBlobStore } from '../../src/platform.ts';
import { loadConfig } from '../../src/config.ts';

let tdb: TestDb;
let dir: string;
before(async () => {
  tdb = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-blobs-'));
});
after(async () => {
  await tdb.close();
  rmSync(dir, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const bytesOf = async (r: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
};
// a stream that arrives in uneven pieces, as a request body does
const pieces = (b: Buffer, size: number) => Readable.from((function* () {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
})());

test('the platform keeps blobs in PostgreSQL when it runs on PostgreSQL, in its directory otherwise', () => {
  const store = openBlobStore(loadConfig({ XINYONG_DATA_DIR: dir, XINYONG_MASTER_KEY: Buffer.alloc(32, 1).toString('base64') }), tdb.db);
  assert.equal(store.kind, testBackend() === 'postgres' ? 'postgres' : 'directory');
});

for (const kind of ['directory', 'postgres'] as const) {
  const make = (): BlobStore => (kind === 'directory' ? directoryBlobStore(path.join(dir, 'd')) : postgresBlobStore(tdb.db, path.join(dir, 'tmp'), 1000));

  test(`${kind}: a blob of several chunks goes in and comes out byte for byte, named by its SHA-256`, async () => {
    const store = make();
    const content = randomBytes(4321); // 5 chunks of 1000 bytes in the database store (the last short)
    const stored = await store.put(pieces(content, 333));
    assert.deepEqual(stored, { sha256: sha(content), size: content.length });
    assert.equal(await store.has(stored.sha256), true);
    assert.deepEqual(await bytesOf((await store.open(stored.sha256))!), content);
    if (kind === 'postgres') {
      const chunks = await tdb.db.query<{ seq: number; n: number }>('SELECT seq, length(data) AS n FROM blob_chunk WHERE owner = $1 ORDER BY seq', [stored.sha256]);
      assert.deepEqual(chunks.map((c) => c.n), [1000, 1000, 1000, 1000, 321]);
    }
    const local = (await store.localFile(stored.sha256))!;
    assert.deepEqual(readFileSync(local.path), content);
    await local.release();
  });

  test(`${kind}: the same content twice is one blob; an empty blob; unknown and malformed names`, async () => {
    const store = make();
    const content = Buffer.from('统一社会信用代码,名称\n91130100MA0000000X,某公司\n');
    const [a, b] = await Promise.all([store.put(Readable.from([content])), store.put(pieces(content, 7))]);
    assert.deepEqual(a, b);
    if (kind === 'postgres') {
      assert.equal((await tdb.db.one<{ n: number }>('SELECT count(*) AS n FROM blob WHERE sha256 = $1', [a.sha256]))!.n, 1);
      assert.equal((await tdb.db.one<{ n: number }>("SELECT count(*) AS n FROM blob_chunk WHERE owner LIKE 'tmp:%'"))!.n, 0, 'no temporary chunks left behind');
    }
    assert.equal(await text((await store.open(a.sha256))!), content.toString());
    const empty = await store.put(Readable.from([]));
    assert.equal(empty.size, 0);
    assert.deepEqual(await bytesOf((await store.open(empty.sha256))!), Buffer.alloc(0));
    assert.equal(await store.open('0'.repeat(64)), undefined);
    assert.equal(await store.has('../../etc/passwd'), false);
    assert.equal(await store.localFile('f'.repeat(64)), undefined);
  });

  test(`${kind}: a file is stored from disk; removed, it is gone (and removing it again is fine)`, async () => {
    const store = make();
    const file = path.join(dir, `f-${kind}.csv`);
    writeFileSync(file, `a,b\n${'x'.repeat(2500)},y\n`);
    const s = await store.putFile(file);
    assert.equal(s.size, readFileSync(file).length);
    await store.remove(s.sha256);
    assert.equal(await store.has(s.sha256), false);
    assert.equal(await store.open(s.sha256), undefined);
    await store.remove(s.sha256);
    if (kind === 'postgres') assert.equal((await tdb.db.one<{ n: number }>('SELECT count(*) AS n FROM blob_chunk WHERE owner = $1', [s.sha256]))!.n, 0);
  });

  test(`${kind}: a stream that fails half way stores nothing`, async () => {
    const store = make();
    const failing = Readable.from((async function* () {
      yield randomBytes(2500);
      throw new Error('connection reset');
    })());
    await assert.rejects(store.put(failing), /connection reset/);
    if (kind === 'postgres') assert.equal((await tdb.db.one<{ n: number }>("SELECT count(*) AS n FROM blob_chunk WHERE owner LIKE 'tmp:%'"))!.n, 0);
  });
}

test('postgres store: a blob stored on disk before the move into the database is still read (never written there again)', async () => {
  const disk = directoryBlobStore(path.join(dir, 'earlier'));
  const old = await disk.put(Readable.from([Buffer.from('迁移前的原始文件')]));
  const store = postgresBlobStore(tdb.db, path.join(dir, 'tmp'), 1000, path.join(dir, 'earlier'));
  assert.equal(await store.has(old.sha256), true);
  assert.equal(await text((await store.open(old.sha256))!), '迁移前的原始文件');
  const local = (await store.localFile(old.sha256))!;
  assert.equal(readFileSync(local.path, 'utf8'), '迁移前的原始文件');
  await local.release();
  const fresh = await store.put(Readable.from([Buffer.from('新文件')]));
  assert.equal(await disk.has(fresh.sha256), false, 'new blobs go to the database only');
  await store.remove(old.sha256);
  assert.equal(await store.has(old.sha256), false);
});

test('postgres store: chunks of a writer that died are swept after a day, not before', async () => {
  await tdb.db.query("INSERT INTO blob_chunk (owner, seq, data, written_at) VALUES ('tmp:dead', 0, '\\x00', now() - interval '25 hours'), ('tmp:alive', 0, '\\x00', now() - interval '23 hours')");
  assert.equal(await sweepBlobLeftovers(tdb.db), 1);
  const left = await tdb.db.query<{ owner: string }>("SELECT owner FROM blob_chunk WHERE owner LIKE 'tmp:%'");
  assert.deepEqual(left.map((r) => r.owner), ['tmp:alive']);
  await tdb.db.query("DELETE FROM blob_chunk WHERE owner = 'tmp:alive'");
});
