// The totals of a zip archive's central directory (XLSX files are zips), read from the file's
// tail without inflating anything: how much the entries declare they decompress to.
import { open } from 'node:fs/promises';

export type ZipDirectory = { entries: number; compressed: number; uncompressed: number; zip64: boolean };

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024; // a directory beyond this is itself an attack

// undefined when the file has no end-of-central-directory record (not a zip).
export async function readZipDirectory(path: string, fileSize: number): Promise<ZipDirectory | undefined> {
  if (fileSize < EOCD_MIN) return undefined;
  const fh = await open(path, 'r');
  try {
    const tailLen = Math.min(fileSize, EOCD_MIN + MAX_COMMENT);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, fileSize - tailLen);
    let at = -1;
    for (let i = tailLen - EOCD_MIN; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD_SIG) { at = i; break; }
    if (at < 0) return undefined;
    const entries = tail.readUInt16LE(at + 10);
    const dirSize = tail.readUInt32LE(at + 12);
    const dirOffset = tail.readUInt32LE(at + 16);
    if (entries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) return { entries, compressed: 0, uncompressed: 0, zip64: true };
    if (dirSize > MAX_DIRECTORY_BYTES || dirOffset + dirSize > fileSize) return { entries, compressed: 0, uncompressed: Number.MAX_SAFE_INTEGER, zip64: false };
    const dir = Buffer.alloc(dirSize);
    await fh.read(dir, 0, dirSize, dirOffset);
    let compressed = 0, uncompressed = 0, zip64 = false, n = 0;
    for (let p = 0; p + 46 <= dir.length && dir.readUInt32LE(p) === CDH_SIG; n++) {
      const c = dir.readUInt32LE(p + 20);
      const u = dir.readUInt32LE(p + 24);
      if (c === 0xffffffff || u === 0xffffffff) zip64 = true;
      compressed += c;
      uncompressed += u;
      p += 46 + dir.readUInt16LE(p + 28) + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
    return { entries: n, compressed, uncompressed, zip64 };
  } finally {
    await fh.close();
  }
}
