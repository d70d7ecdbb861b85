import { Alert, Button, Card, Descriptions, Empty, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, FileOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { batchErrorsUrl, batchFileUrl, workApi, type BatchError } from '../api.ts';
import { BATCH_STATUS, categoryName, formatDateTime } from '../nav.ts';
import { formatBytes } from './upload.ts';
import { useBatch } from './useBatch.ts';
import { BatchCounts } from './BatchCounts.tsx';

const FIRST_ERRORS = 50;

const ERROR_COLUMNS: TableProps<BatchError>['columns'] = [
  { title: '行号', dataIndex: 'row', width: 70, align: 'right' },
  { title: '字段', dataIndex: 'field', width: 150, render: (f: string | null) => f ?? '—' },
  { title: '错误原因', dataIndex: 'zh', render: (zh: string, e) => <span title={e.en}>{zh}</span> },
  {
    title: '提交的值',
    dataIndex: 'value',
    width: 220,
    render: (v: string | null) => (v === null || v === '' ? <Typography.Text type="secondary">（空）</Typography.Text> : <Typography.Text code>{v}</Typography.Text>),
  },
  { title: '错误代码', dataIndex: 'code', width: 190, render: (c: string) => <Typography.Text type="secondary">{c}</Typography.Text> },
];

function BatchNotFound() {
  return (
    <Result
      status="404"
      title="批次不存在"
      subTitle="该批次不存在，或不属于您所在的部门。"
      data-testid="batch-not-found"
      extra={
        <Link to="/work/collection/batches">
          <Button type="primary">返回批次记录</Button>
        </Link>
      }
    />
  );
}

// 数据归集 · 批次详情: status and counts, the first errors, and the downloads.
export function BatchDetailPage() {
  const { id = '' } = useParams();
  const { batch, error, loading, reload } = useBatch(id);
  const errorsKey = batch && batch.status !== 'running' && batch.counts.rejected > 0 ? `first-errors:${batch.id}` : null;
  const errors = useRequest(errorsKey, (signal) => workApi.firstErrors(id, FIRST_ERRORS, signal));

  if (error?.status === 404 || error?.status === 403) return <BatchNotFound />;
  return (
    <>
      <title>批次详情 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        <Link to="/work/collection/batches">批次记录</Link> / 批次详情
      </Typography.Title>
      {error ? (
        <ErrorAlert error={error} onRetry={reload} />
      ) : loading || !batch ? (
        <Card>
          <Spin description="正在加载批次…" data-testid="batch-loading">
            <div style={{ height: 120 }} />
          </Spin>
        </Card>
      ) : (
        <>
          <Card
            style={{ marginBottom: 16 }}
            title={
              <Space>
                <span>{batch.source === 'file' ? (batch.filename ?? '文件') : '接口提交'}</span>
                <Tag color={BATCH_STATUS[batch.status].color} data-testid="batch-status">
                  {BATCH_STATUS[batch.status].label}
                </Tag>
              </Space>
            }
            extra={
              <Space wrap>
                <Button icon={<DownloadOutlined />} href={batchErrorsUrl(batch.id, 'csv')} disabled={batch.status === 'running'} data-testid="download-errors-csv">
                  错误报告 CSV
                </Button>
                <Button icon={<DownloadOutlined />} href={batchErrorsUrl(batch.id, 'xlsx')} disabled={batch.status === 'running'} data-testid="download-errors-xlsx">
                  错误报告 XLSX
                </Button>
                {batch.fileSha256 && (
                  <Button icon={<FileOutlined />} href={batchFileUrl(batch.id)} data-testid="download-original">
                    原始文件
                  </Button>
                )}
              </Space>
            }
          >
            <BatchCounts counts={batch.counts} />
            {batch.status === 'failed' && batch.failure?.zh && (
              <Alert type="error" showIcon title={`导入失败：${batch.failure.zh}`} description={batch.failure.en} style={{ marginTop: 16 }} data-testid="batch-failure" />
            )}
            <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 20 }} bordered>
              <Descriptions.Item label="批次编号">
                <Typography.Text copyable data-testid="batch-id">
                  {batch.id}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="信息类别">{categoryName(batch.category)}</Descriptions.Item>
              <Descriptions.Item label="提交方式">{batch.source === 'file' ? '文件上传' : '接口提交'}</Descriptions.Item>
              <Descriptions.Item label="文件大小">{batch.fileSize != null ? formatBytes(batch.fileSize) : '—'}</Descriptions.Item>
              <Descriptions.Item label="开始时间">{formatDateTime(batch.startedAt)}</Descriptions.Item>
              <Descriptions.Item label="完成时间">{formatDateTime(batch.finishedAt)}</Descriptions.Item>
              {batch.fileSha256 && (
                <Descriptions.Item label="文件 SHA-256" span={2}>
                  <Typography.Text code style={{ wordBreak: 'break-all' }}>
                    {batch.fileSha256}
                  </Typography.Text>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card title={batch.counts.rejected > 0 ? `错误明细（前 ${FIRST_ERRORS} 条，完整列表请下载错误报告）` : '错误明细'}>
            {batch.status === 'running' ? (
              <Empty description="批次处理中，完成后显示错误明细" />
            ) : batch.counts.rejected === 0 ? (
              <Empty description="没有被拒绝的行" data-testid="batch-no-errors" />
            ) : errors.error ? (
              <ErrorAlert error={errors.error} onRetry={errors.reload} />
            ) : (
              <Table<BatchError>
                rowKey={(e) => `${e.row}:${e.field}:${e.code}:${e.zh}`}
                size="small"
                columns={ERROR_COLUMNS}
                dataSource={errors.data?.items ?? []}
                loading={errors.loading}
                pagination={false}
                scroll={{ x: 900 }}
                locale={{ emptyText: errors.loading ? <div style={{ height: 80 }} /> : <Empty description="没有错误明细" /> }}
                data-testid="batch-errors"
              />
            )}
          </Card>
        </>
      )}
    </>
  );
}
