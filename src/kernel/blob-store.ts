// Content-addressed store for original submitted files and generated documents: a blob is named by
// its SHA-256, written once and never overwritten (docs/decisions/0022).
// - directory (the embedded default, PGlite): <dir>/sha256/ab/cdef…
// - PostgreSQL (when DATABASE_URL is set): tables blob and blob_chunk (migrations/0024), chunks of
//   at most 1 MiB streamed in and out, so that every server of a cluster reads every blob.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import path from 'node:path';
import type { Db } from './db.ts';

export type StoredBlob = { sha256: string; size: number };

// A blob as a local file, for readers that need a path (the spreadsheet parsers): the directory
// store's own file, or a temporary copy that release() removes.
export type LocalBlob = { path: string; release(): Promise<void> };

export type BlobStore = {
  readonly kind: 'directory' | 'postgres';
  put(input: Readable): Promise<StoredBlob>;
  putFile(file: string): Promise<StoredBlob>;
  has(sha256: string): Promise<boolean>;
  // undefined: no such blob
  open(sha256: string): Promise<Readable | undefined>;
  localFile(sha256: string): Promise<LocalBlob | undefined>;
  // an original nothing was read from; gone already is fine
  remove(sha256: string): Promise<void>;
  // a place for files being received before they are stored (uploads)
  readonly tmpDir: string;
};

const SHA = /^[0-9a-f]{64}$/;
const hexOk = (sha256: string) => SHA.test(sha256);

export function blobPath(dir: string, sha256: string): string {
  return path.join(dir, 'sha256', sha256.slice(0, 2), sha256);
}

function tmpName(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${process.pid}-${Date.now()}-${randomBytes(6).toString('hex')}`);
}

export async function storeBlob(dir: string, input: Readable): Promise<StoredBlob & { path: string }> {
  const tmp = tmpName(path.join(dir, 'tmp'));
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  await pipeline(input, tap, createWriteStream(tmp));
  const sha256 = hash.digest('hex');
  const final = blobPath(dir, sha256);
  if (existsSync(final)) {
    unlinkSync(tmp);
  } else {
    mkdirSync(path.dirname(final), { recursive: true });
    renameSync(tmp, final);
  }
  return { sha256, size, path: final };
}

async function putFileWith(put: (r: Readable) => Promise<StoredBlob>, file: string): Promise<StoredBlob> {
  const stored = await put(createReadStream(file));
  if (stored.size !== statSync(file).size) throw new Error(`file ${file} changed while it was being stored`);
  return stored;
}

export function directoryBlobStore(dir: string): BlobStore {
  const store: BlobStore = {
    kind: 'directory',
    tmpDir: path.join(dir, 'tmp'),
    async put(input) {
      const { sha256, size } = await storeBlob(dir, input);
      return { sha256, size };
    },
    putFile: (file) => putFileWith(store.put, file),
    async has(sha256) {
      return hexOk(sha256) && existsSync(blobPath(dir, sha256));
    },
    async open(sha256) {
      if (!(await store.has(sha256))) return undefined;
      return createReadStream(blobPath(dir, sha256));
    },
    async localFile(sha256) {
      if (!(await store.has(sha256))) return undefined;
      return { path: blobPath(dir, sha256), release: async () => {} };
    },
    async remove(sha256) {
      if (!hexOk(sha256)) return;
      try {
        unlinkSync(blobPath(dir, sha256));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    },
  };
  return store;
}

export const BLOB_CHUNK_BYTES = 1 << 20;

// Blobs in PostgreSQL. Writing: chunks go in under a temporary owner as they arrive (one chunk in
// memory at a time), then one transaction either makes them the blob (first writer of this
// content) or drops them (the content was there already). Reading: one chunk per query.
// earlierDir: the directory an install used before its blobs moved into PostgreSQL; blobs not in the
// database are still read from there (never written), so nothing stored earlier is lost.
export function postgresBlobStore(db: Db, tmpDir: string, chunkBytes = BLOB_CHUNK_BYTES, earlierDir?: string): BlobStore {
  const earlier = earlierDir ? directoryBlobStore(earlierDir) : undefined;
  const store: BlobStore = {
    kind: 'postgres',
    tmpDir,
    async put(input) {
      const owner = `tmp:${randomBytes(12).toString('hex')}`;
      const hash = createHash('sha256');
      let size = 0;
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const write = async (data: Buffer) => {
        await db.query('INSERT INTO blob_chunk (owner, seq, data) VALUES ($1, $2, $3)', [owner, seq, data]);
        seq += 1;
      };
      try {
        for await (const part of input) {
          const buf = typeof part === 'string' ? Buffer.from(part) : (part as Buffer);
          hash.update(buf);
          size += buf.length;
          pending.push(buf);
          pendingBytes += buf.length;
          while (pendingBytes >= chunkBytes) {
            const all = Buffer.concat(pending);
            await write(all.subarray(0, chunkBytes));
            const rest = all.subarray(chunkBytes);
            pending = rest.length ? [rest] : [];
            pendingBytes = rest.length;
          }
        }
        if (pendingBytes > 0) await write(Buffer.concat(pending));
        const sha256 = hash.digest('hex');
        await db.tx(async (tx) => {
          const made = await tx.query('INSERT INTO blob (sha256, size, chunks) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING RETURNING sha256', [sha256, size, seq]);
          if (made.length) await tx.query('UPDATE blob_chunk SET owner = $1 WHERE owner = $2', [sha256, owner]);
          else await tx.query('DELETE FROM blob_chunk WHERE owner = $1', [owner]);
        });
        return { sha256, size };
      } catch (err) {
        await db.query('DELETE FROM blob_chunk WHERE owner = $1', [owner]).catch(() => {});
        throw err;
      }
    },
    putFile: (file) => putFileWith(store.put, file),
    async has(sha256) {
      return hexOk(sha256) && (Boolean(await db.one('SELECT 1 FROM blob WHERE sha256 = $1', [sha256])) || Boolean(await earlier?.has(sha256)));
    },
    async open(sha256) {
      if (!hexOk(sha256)) return undefined;
      const b = await db.one<{ chunks: number }>('SELECT chunks FROM blob WHERE sha256 = $1', [sha256]);
      if (!b) return earlier?.open(sha256);
      const chunks = b.chunks;
      return Readable.from(
        (async function* () {
          for (let seq = 0; seq < chunks; seq++) {
            const c = await db.one<{ data: Buffer }>('SELECT data FROM blob_chunk WHERE owner = $1 AND seq = $2', [sha256, seq]);
            if (!c) throw new Error(`blob ${sha256}: chunk ${seq} of ${chunks} is missing`);
            yield Buffer.from(c.data);
          }
        })(),
        { objectMode: false },
      );
    },
    async localFile(sha256) {
      const stream = await store.open(sha256);
      if (!stream) return undefined;
      const file = tmpName(tmpDir);
      try {
        await pipeline(stream, createWriteStream(file));
      } catch (err) {
        await unlink(file).catch(() => {});
        throw err;
      }
      return { path: file, release: () => unlink(file).catch(() => {}) };
    },
    async remove(sha256) {
      if (!hexOk(sha256)) return;
      await earlier?.remove(sha256);
      await db.tx(async (tx) => {
        await tx.query('DELETE FROM blob WHERE sha256 = $1', [sha256]);
        await tx.query('DELETE FROM blob_chunk WHERE owner = $1', [sha256]);
      });
    },
  };
  return store;
}

// Chunks of writers that died mid-blob (a crashed server): older than a day, nobody is writing them.
export async function sweepBlobLeftovers(db: Db, olderThanHours = 24): Promise<number> {
  const rows = await db.query("DELETE FROM blob_chunk WHERE owner LIKE 'tmp:%' AND written_at < now() - make_interval(hours => $1) RETURNING 1", [olderThanHours]);
  return rows.length;
}
