// Typed client of the public tip routes (/api/v1/public/tips). The receipt number and the query
// code travel only in request bodies, never in a URL.
import { send, type FetchLike } from '../rights/rightsApi.ts';
import type { FileTipRequest, FiledTip, PublicTipStatus, EvidenceUploadRequest } from '../../../../src/modules/tips/tips.schemas.ts';

export type { FileTipRequest, FiledTip, PublicTipStatus };
export type EvidenceType = EvidenceUploadRequest['contentType'];
export const TIP_EVIDENCE_MAX_FILES = 5;
export const TIP_EVIDENCE_MAX_BYTES = 10 << 20;

export function createTipsApi(fetchImpl: FetchLike, base = '/api/v1/public/tips') {
  return {
    file: (body: FileTipRequest) => send<FiledTip>(fetchImpl, base, { method: 'POST', body }),
    addEvidence: (receipt: string, body: EvidenceUploadRequest) => send<{ seq: number }>(fetchImpl, `${base}/${encodeURIComponent(receipt)}/evidence`, { method: 'POST', body }),
    status: (receiptNumber: string, queryCode: string) => send<PublicTipStatus>(fetchImpl, `${base}/status`, { method: 'POST', body: { receiptNumber, queryCode } }),
  };
}

export const tipsApi = createTipsApi((input, init) => fetch(input, init));

export async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function evidenceTypeOf(file: File): EvidenceType | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith('.pdf')) return 'application/pdf';
  if (name.endsWith('.png')) return 'image/png';
  if (name.endsWith('.jpg') || name.endsWith('.jpeg')) return 'image/jpeg';
  if (name.endsWith('.ofd')) return 'application/ofd';
  return undefined;
}
