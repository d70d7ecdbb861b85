// File upload for collection: the file is the raw request body (POST /batches/files), sent with
// XMLHttpRequest because fetch reports no upload progress.
import { ApiError, buildQuery, toApiError } from '../../shared/api.ts';
import { API, CSRF_HEADER, sessionEventOf, sessionEvents, type Batch } from '../api.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// The server accepts text/csv, the XLSX type and application/octet-stream (it detects the format).
export function uploadContentType(filename: string): string {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.xlsx')) return XLSX_TYPE;
  return 'application/octet-stream';
}

export const ACCEPTED_EXTENSIONS = ['.csv', '.xlsx'];

export function isAcceptedFile(filename: string): boolean {
  const lower = filename.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((e) => lower.endsWith(e));
}

export function uploadUrl(category: string, filename: string): string {
  return `${API}/batches/files${buildQuery({ category, filename: filename.slice(0, 255) })}`;
}

export type UploadProgress = { loaded: number; total: number };

export type UploadHandle = { done: Promise<Batch>; abort: () => void };

export function uploadBatchFile(file: File, category: string, onProgress: (p: UploadProgress) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Batch>((resolve, reject) => {
    xhr.open('POST', uploadUrl(category, file.name));
    xhr.setRequestHeader('Content-Type', uploadContentType(file.name));
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(CSRF_HEADER)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body !== undefined) {
        onProgress({ loaded: file.size, total: file.size });
        resolve(body as Batch);
        return;
      }
      const error = toApiError(xhr.status, body);
      const event = sessionEventOf(error);
      if (event) sessionEvents.dispatchEvent(new CustomEvent<ApiError>(event, { detail: error }));
      reject(error);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, { code: 'NETWORK_ERROR', zh: '上传中断：无法连接服务器，请检查网络后重试', en: 'Upload interrupted: cannot reach the server' }));
    xhr.onabort = () => reject(new ApiError(0, { code: 'UPLOAD_CANCELLED', zh: '上传已取消', en: 'Upload cancelled' }));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function percentOf(p: UploadProgress): number {
  if (p.total <= 0) return 0;
  return Math.min(100, Math.floor((p.loaded / p.total) * 100));
}
