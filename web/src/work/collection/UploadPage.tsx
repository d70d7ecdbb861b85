import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Progress, Result, Select, Space, Spin, Typography, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ZeroDeclarationCard } from '../monitoring/ZeroDeclarationCard.tsx';
import { batchErrorsUrl, type Batch } from '../api.ts';
import { useUser } from '../session.tsx';
import { BATCH_STATUS, categoryName } from '../nav.ts';
import { ACCEPTED_EXTENSIONS, formatBytes, isAcceptedFile, percentOf, uploadBatchFile, type UploadHandle, type UploadProgress } from './upload.ts';
import { useBatch } from './useBatch.ts';
import { BatchCounts } from './BatchCounts.tsx';

const CATEGORIES = [
  { value: 'penalty', label: '行政处罚' },
  { value: 'license', label: '行政许可' },
];

type Phase =
  | { kind: 'select' }
  | { kind: 'uploading'; progress: UploadProgress }
  | { kind: 'processing'; batch: Batch }
  | { kind: 'upload-failed'; error: ApiError };

// 数据归集 · 上传数据文件: choose a category and a file, watch the upload, then the import.
export function UploadPage() {
  const user = useUser();
  const [category, setCategory] = useState<string>('penalty');
  const [file, setFile] = useState<File | undefined>();
  const [fileError, setFileError] = useState<string | undefined>();
  const [phase, setPhase] = useState<Phase>({ kind: 'select' });
  const handle = useRef<UploadHandle | undefined>(undefined);
  const polled = useBatch(phase.kind === 'processing' ? phase.batch.id : undefined, phase.kind === 'processing' ? phase.batch : undefined);

  useEffect(() => () => handle.current?.abort(), []);

  const start = async () => {
    if (!file) {
      setFileError('请选择要上传的文件');
      return;
    }
    setPhase({ kind: 'uploading', progress: { loaded: 0, total: file.size } });
    const h = uploadBatchFile(file, category, (progress) => setPhase((p) => (p.kind === 'uploading' ? { kind: 'uploading', progress } : p)));
    handle.current = h;
    try {
      const batch = await h.done;
      setPhase({ kind: 'processing', batch });
    } catch (e) {
      setPhase({ kind: 'upload-failed', error: e instanceof ApiError ? e : new ApiError(0, { code: 'CLIENT_ERROR', zh: '上传失败', en: String(e) }) });
    } finally {
      handle.current = undefined;
    }
  };

  const reset = () => {
    setFile(undefined);
    setPhase({ kind: 'select' });
  };

  const batch = phase.kind === 'processing' ? (polled.batch ?? phase.batch) : undefined;
  const busy = phase.kind === 'uploading' || (batch !== undefined && batch.status === 'running');

  return (
    <>
      <title>上传数据文件 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        上传数据文件
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="支持 CSV（UTF-8 或 GB18030/GBK 编码）和 Excel XLSX 文件"
          description="第一行为表头，可使用字段代码（如 CF_WSH）或中文字段名（如 行政处罚决定书文号）。同一文书号重复提交不会重复入库：内容未变的记为“未变化”，内容变更的保存为新版本。"
        />
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
          <Descriptions.Item label="报送部门">{user.department?.name ?? '—'}</Descriptions.Item>
        </Descriptions>
        <Form layout="vertical" disabled={busy}>
          <Form.Item label="信息类别" required>
            <Select value={category} onChange={setCategory} options={CATEGORIES} style={{ maxWidth: 280 }} data-testid="upload-category" />
          </Form.Item>
          <Form.Item label="数据文件" required validateStatus={fileError ? 'error' : undefined} help={fileError}>
            <Upload.Dragger
              accept={ACCEPTED_EXTENSIONS.join(',')}
              multiple={false}
              showUploadList={false}
              beforeUpload={(f) => {
                if (!isAcceptedFile(f.name)) setFileError(`不支持的文件类型：${f.name}（仅支持 CSV、XLSX）`);
                else {
                  setFileError(undefined);
                  setFile(f);
                  if (phase.kind !== 'select') setPhase({ kind: 'select' });
                }
                return false; // we send it ourselves, as the raw body
              }}
              data-testid="upload-dragger"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">点击或将文件拖到此处</p>
              <p className="ant-upload-hint">每次一个文件，CSV 或 XLSX；大小上限由平台设置（默认 4 GB，XINYONG_LIMIT_UPLOAD_BYTES），超限的文件不会被接收</p>
            </Upload.Dragger>
          </Form.Item>
          {file && (
            <Typography.Paragraph data-testid="upload-file">
              <FileExcelOutlined style={{ color: '#389e0d', marginRight: 6 }} />
              {file.name}（{formatBytes(file.size)}）
            </Typography.Paragraph>
          )}
          <Space>
            {/* one upload per chosen file: choosing another file (or 继续上传) starts over */}
            <Button type="primary" onClick={start} disabled={!file || phase.kind === 'processing'} loading={phase.kind === 'uploading'} data-testid="upload-submit">
              开始上传
            </Button>
            {phase.kind === 'uploading' && (
              <Button disabled={false} onClick={() => handle.current?.abort()} data-testid="upload-cancel">
                取消
              </Button>
            )}
          </Space>
        </Form>
      </Card>

      {phase.kind === 'uploading' && (
        <Card title="正在上传" style={{ marginBottom: 16 }}>
          <Progress percent={percentOf(phase.progress)} status="active" data-testid="upload-progress" />
          <Typography.Text type="secondary">
            已上传 {formatBytes(phase.progress.loaded)} / {formatBytes(phase.progress.total)}
          </Typography.Text>
        </Card>
      )}

      {phase.kind === 'upload-failed' && (
        <div style={{ marginBottom: 16 }} data-testid="upload-failed">
          <ErrorAlert error={phase.error} onRetry={start} />
        </div>
      )}

      {batch && (
        <Card
          title={
            <Space>
              <span>导入结果</span>
              <span data-testid="upload-status" style={{ color: batch.status === 'failed' ? '#cf1322' : undefined }}>
                {BATCH_STATUS[batch.status].label}
              </span>
            </Space>
          }
          data-testid="upload-result"
        >
          <Progress percent={100} status={batch.status === 'failed' ? 'exception' : 'success'} format={() => '已上传'} style={{ marginBottom: 16 }} />
          {batch.status === 'running' && (
            <Spin description="正在校验和入库，请稍候…" style={{ display: 'block', marginBottom: 16 }}>
              <div style={{ height: 8 }} />
            </Spin>
          )}
          {polled.error && <ErrorAlert error={polled.error} onRetry={polled.reload} />}
          <BatchCounts counts={batch.counts} />
          {batch.status === 'failed' && batch.failure?.zh && (
            <Alert type="error" showIcon title={`导入失败：${batch.failure.zh}`} style={{ marginTop: 16 }} data-testid="upload-batch-failure" />
          )}
          {batch.status !== 'running' && (
            <Result
              status={batch.status === 'failed' ? 'error' : batch.counts.rejected > 0 ? 'warning' : 'success'}
              title={
                batch.status === 'failed'
                  ? '文件未能导入'
                  : batch.counts.rejected > 0
                    ? `导入完成，${batch.counts.rejected} 行被拒绝`
                    : '导入完成，全部数据已入库'
              }
              subTitle={`${categoryName(batch.category)} · ${batch.filename ?? ''}`}
              extra={[
                <Link key="detail" to={`/work/collection/batches/${batch.id}`} data-testid="upload-batch-link">
                  <Button type="primary">查看批次详情</Button>
                </Link>,
                batch.counts.rejected > 0 && (
                  <Button key="errors" icon={<DownloadOutlined />} href={batchErrorsUrl(batch.id, 'csv')} data-testid="upload-errors-csv">
                    下载错误报告
                  </Button>
                ),
                <Button key="again" onClick={reset} data-testid="upload-again">
                  继续上传
                </Button>,
              ]}
            />
          )}
        </Card>
      )}
      <ZeroDeclarationCard category={category} />
    </>
  );
}
