import { useState } from 'react';
import { Alert, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import type { EvidenceUpload as Upload64 } from './rightsApi.ts';
import { EVIDENCE_ACCEPT, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES, evidenceContentType, evidenceProblem } from './rights.ts';

// Evidence files picked in the browser, sent inside the JSON request (base64), as the API takes
// them. Nothing is uploaded until the form is submitted.
export function EvidenceUpload({ files, onChange, testId }: { files: File[]; onChange: (files: File[]) => void; testId: string }) {
  const [problem, setProblem] = useState<string | undefined>();
  const list: UploadFile[] = files.map((f, i) => ({ uid: `${i}-${f.name}`, name: f.name, size: f.size, status: 'done' }));
  return (
    <div data-testid={testId}>
      <Upload.Dragger
        multiple
        accept={EVIDENCE_ACCEPT}
        fileList={list}
        beforeUpload={(file, batch) => {
          // antd calls this once per file of a multiple pick; the whole pick is handled on the first
          if (file !== batch[0]) return false;
          const bad = batch.map((f) => evidenceProblem(f)).filter((x): x is string => x !== undefined);
          const good = batch.filter((f) => evidenceProblem(f) === undefined);
          const next = [...files, ...good].slice(0, MAX_EVIDENCE_FILES);
          setProblem(bad.length ? bad.join('；') : files.length + good.length > MAX_EVIDENCE_FILES ? `最多 ${MAX_EVIDENCE_FILES} 个文件` : undefined);
          onChange(next);
          return false;
        }}
        onRemove={(f) => {
          onChange(files.filter((x, i) => `${i}-${x.name}` !== f.uid));
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或拖拽文件到此处</p>
        <p className="ant-upload-hint">
          PDF、JPG、PNG 或 OFD，每个不超过 {MAX_EVIDENCE_BYTES >> 20} MB，最多 {MAX_EVIDENCE_FILES} 个
        </p>
      </Upload.Dragger>
      {problem && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={problem} />}
    </div>
  );
}

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // in slices: String.fromCharCode with millions of arguments overflows the stack
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function toUploads(files: readonly File[], purpose: 'evidence' | 'obligations'): Promise<Upload64[]> {
  return Promise.all(
    files.map(async (f) => ({ filename: f.name, contentType: evidenceContentType(f.name, f.type) ?? 'application/pdf', contentBase64: await base64Of(f), purpose })),
  );
}
