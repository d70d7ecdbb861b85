// Content-addressed store for original submitted files and generated documents:
// <dir>/sha256/ab/cdef…; a file is written once and never overwritten.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import path from 'node:path';

export type StoredBlob = { sha256: string; size: number; path: string };

export function blobPath(dir: string, sha256: string): string {
  return path.join(dir, 'sha256', sha256.slice(0, 2), sha256);
}

export async function storeBlob(dir: string, input: Readable): Promise<StoredBlob> {
  mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  const tmp = path.join(dir, 'tmp', `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
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

export async function storeFile(dir: string, file: string): Promise<StoredBlob> {
  const stored = await storeBlob(dir, createReadStream(file));
  if (stored.size !== statSync(file).size) throw new Error(`file ${file} changed while it was being stored`);
  return stored;
}

// Removes a stored file (an original nothing was read from); gone already is fine.
export function removeBlob(dir: string, sha256: string): void {
  try {
    unlinkSync(blobPath(dir, sha256));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

export function hasBlob(dir: string, sha256: string): boolean {
  return existsSync(blobPath(dir, sha256));
}
