// What objections and repair share: evidence files into the blob store, and delivery of the
// notice outbox through the pluggable notifier.
import { Readable } from 'node:stream';
import type { Platform } from '../../platform.ts';
import { badRequest, notFound } from '../../kernel/errors.ts';
import { rightsChannels } from './rights.channels.ts';
import * as store from './rights.store.ts';
import { sniffEvidenceType } from './evidence-type.rules.ts';

export type EvidenceUpload = { filename: string; contentType: string; contentBase64: string; purpose?: 'evidence' | 'obligations' };

export const EVIDENCE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/ofd'] as const;
export const MAX_EVIDENCE_FILES = 10;
export const MAX_EVIDENCE_BYTES = 5 << 20;

// Checks every file first, then stores them content-addressed (a file stored for a request that
// fails later is harmless: nothing refers to it, and the same content reuses it).
export async function storeEvidence(p: Platform, uploads: readonly EvidenceUpload[], defaultPurpose: 'evidence' | 'obligations'): Promise<Omit<store.Evidence, 'seq'>[]> {
  if (uploads.length > MAX_EVIDENCE_FILES)
    throw badRequest('EVIDENCE_TOO_MANY', `证明材料最多 ${MAX_EVIDENCE_FILES} 个文件`, `At most ${MAX_EVIDENCE_FILES} evidence files`);
  const decoded = uploads.map((u, i) => {
    const filename = u.filename.trim().replace(/[\\/]/g, '_').slice(0, 200);
    if (!filename) throw badRequest('EVIDENCE_FILENAME_REQUIRED', `第 ${i + 1} 个证明材料缺少文件名`, `Evidence file ${i + 1} has no file name`);
    if (!(EVIDENCE_TYPES as readonly string[]).includes(u.contentType))
      throw badRequest('EVIDENCE_TYPE', `证明材料“${filename}”的类型 ${u.contentType} 不受支持（支持 PDF、JPEG、PNG、OFD）`, `Evidence ${filename}: type ${u.contentType} is not accepted (PDF, JPEG, PNG, OFD)`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(u.contentBase64.replace(/\s+/g, '')))
      throw badRequest('EVIDENCE_ENCODING', `证明材料“${filename}”不是有效的 Base64 内容`, `Evidence ${filename} is not valid base64`);
    const bytes = Buffer.from(u.contentBase64, 'base64');
    if (bytes.length === 0) throw badRequest('EVIDENCE_EMPTY', `证明材料“${filename}”为空`, `Evidence ${filename} is empty`);
    if (bytes.length > MAX_EVIDENCE_BYTES)
      throw badRequest('EVIDENCE_TOO_LARGE', `证明材料“${filename}”超过 ${MAX_EVIDENCE_BYTES >> 20} MB`, `Evidence ${filename} exceeds ${MAX_EVIDENCE_BYTES >> 20} MB`);
    const actual = sniffEvidenceType(bytes);
    if (actual !== u.contentType)
      throw badRequest(
        'EVIDENCE_TYPE_MISMATCH',
        `证明材料“${filename}”的内容不是所声明的 ${u.contentType}${actual ? `（实际为 ${actual}）` : ''}，请上传 PDF、JPEG、PNG 或 OFD 文件`,
        `Evidence ${filename}: the content is not the declared ${u.contentType}${actual ? ` (it is ${actual})` : ''}; upload a PDF, JPEG, PNG or OFD file`,
      );
    return { filename, contentType: u.contentType, bytes, purpose: u.purpose ?? defaultPurpose };
  });
  const at = p.now();
  const out: Omit<store.Evidence, 'seq'>[] = [];
  for (const d of decoded) {
    const blob = await p.blobs.put(Readable.from([d.bytes]));
    out.push({ purpose: d.purpose, sha256: blob.sha256, filename: d.filename, contentType: d.contentType, size: blob.size, uploadedAt: at });
  }
  return out;
}

export async function openEvidence(p: Platform, files: readonly store.Evidence[], sha256: string): Promise<{ file: store.Evidence; stream: NodeJS.ReadableStream }> {
  const file = files.find((f) => f.sha256 === sha256.toLowerCase());
  const stream = file ? await p.blobs.open(file.sha256) : undefined;
  if (!file || !stream) throw notFound('EVIDENCE_NOT_FOUND', '没有这个证明材料', 'No such evidence file');
  return { file, stream };
}

export type DeliveryResult = { delivered: number; failed: number };

// Delivers due notices; a failure is retried with a growing delay (1, 2, 4 … up to 60 minutes).
export async function deliverNotices(p: Platform, limit = 100): Promise<DeliveryResult> {
  const notifier = rightsChannels(p).notifier;
  const result: DeliveryResult = { delivered: 0, failed: 0 };
  for (;;) {
    const batch = await store.claimNotices(p.db, p.now(), limit, 300);
    for (const n of batch.sort((a, b) => a.id - b.id)) {
      try {
        await notifier.deliver({ ...n, payload: n.payload });
        await store.markNoticeDelivered(p.db, n.id, p.now());
        result.delivered += 1;
      } catch (err) {
        const minutes = Math.min(60, 2 ** Math.max(0, n.attempts - 1));
        await store.markNoticeFailed(p.db, n.id, (err as Error).message ?? String(err), new Date(p.now().getTime() + minutes * 60_000));
        result.failed += 1;
      }
    }
    if (batch.length < limit) return result;
  }
}
