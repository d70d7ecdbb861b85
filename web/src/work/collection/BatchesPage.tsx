import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { workApi, type Batch } from '../api.ts';
import { useUser } from '../session.tsx';
import { BATCH_STATUS, categoryName, formatDateTime } from '../nav.ts';

const DEFAULT_PAGE_SIZE = 20;

const num = (n: number) => n.toLocaleString('zh-CN');

const COLUMNS: TableProps<Batch>['columns'] = [
  {
    title: '批次',
    key: 'name',
    render: (_: unknown, b) => (
      <Link to={`/work/collection/batches/${b.id}`} data-testid="batch-link">
        {b.source === 'file' ? (b.filename ?? '文件') : '接口提交'}
      </Link>
    ),
  },
  { title: '信息类别', dataIndex: 'category', width: 100, render: (c: string) => categoryName(c) },
  {
    title: '状态',
    dataIndex: 'status',
    width: 84,
    // a failed batch says why on hover (the detail page shows it in full)
    render: (s: Batch['status'], b) => (
      <Tag color={BATCH_STATUS[s].color} data-testid="batch-status" title={b.failure ? `${b.failure.zh}\n${b.failure.en}` : undefined}>
        {BATCH_STATUS[s].label}
      </Tag>
    ),
  },
  { title: '行数', key: 'rows', width: 72, align: 'right', render: (_: unknown, b) => num(b.counts.rows) },
  { title: '新增', key: 'created', width: 64, align: 'right', render: (_: unknown, b) => num(b.counts.created) },
  { title: '更新', key: 'updated', width: 64, align: 'right', render: (_: unknown, b) => num(b.counts.updated) },
  { title: '未变化', key: 'unchanged', width: 72, align: 'right', render: (_: unknown, b) => num(b.counts.unchanged) },
  {
    title: '被拒绝',
    key: 'rejected',
    width: 72,
    align: 'right',
    render: (_: unknown, b) => <span style={{ color: b.counts.rejected > 0 ? '#cf1322' : undefined }}>{num(b.counts.rejected)}</span>,
  },
  { title: '开始时间', dataIndex: 'startedAt', width: 160, render: (t: string) => formatDateTime(t) },
  {
    title: '完成时间',
    dataIndex: 'finishedAt',
    width: 160,
    // the same day as the start: the time alone
    render: (t: string | null, b) => {
      const done = formatDateTime(t);
      return t && done.slice(0, 10) === formatDateTime(b.startedAt).slice(0, 10) ? <span title={done}>{done.slice(11)}</span> : done;
    },
  },
];

// 数据归集 · 批次记录: the department's batches, newest first (API and file submissions).
export function BatchesPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 100);
  const result = useRequest(`batches:${page}:${pageSize}`, (signal) => workApi.listBatches(page, pageSize, signal));

  return (
    <>
      <title>批次记录 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        批次记录
      </Typography.Title>
      <Card
        title={user.department ? `${user.department.name}的报送批次` : '报送批次'}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={result.reload} data-testid="batches-reload">
              刷新
            </Button>
            <Link to="/work/collection/upload">
              <Button type="primary" icon={<CloudUploadOutlined />}>
                上传数据文件
              </Button>
            </Link>
          </Space>
        }
      >
        {result.error ? (
          <ErrorAlert error={result.error} onRetry={result.reload} />
        ) : (
          <Table<Batch>
            rowKey="id"
            size="middle"
            columns={COLUMNS}
            dataSource={result.data?.items ?? []}
            loading={result.loading}
            scroll={{ x: 1000 }}
            data-testid="batches-table"
            locale={{ emptyText: result.loading ? <div style={{ height: 120 }} /> : <Empty data-testid="batches-empty" description="还没有报送批次" /> }}
            pagination={{
              current: page,
              pageSize,
              total: result.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => `共 ${total} 个批次`,
              onChange: (nextPage, nextSize) => setParams(withParams(params, { page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })),
            }}
          />
        )}
      </Card>
    </>
  );
}
