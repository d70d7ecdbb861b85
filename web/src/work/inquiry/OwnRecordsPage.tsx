import { Button, Card, DatePicker, Empty, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parseDateStr, parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { CATEGORY_NAME, formatDateTime } from '../nav.ts';
import { useUser } from '../session.tsx';
import { inquiryApi, ownRecordsExportUrl, type OwnRecord, type OwnRecordsQuery } from './api.ts';

const DEFAULT_PAGE_SIZE = 20;
const STATUS: Record<string, { label: string; color?: string }> = {
  active: { label: '有效', color: 'success' },
  exited: { label: '已移出' },
  revoked: { label: '已撤销', color: 'error' },
  repaired: { label: '已修复', color: 'processing' },
};
const SEVERITY: Record<string, string> = { light: '轻微', general: '一般', serious: '严重' };

const COLUMNS: TableProps<OwnRecord>['columns'] = [
  { title: '信息类别', dataIndex: 'categoryName', width: 130 },
  { title: '文书号', dataIndex: 'ref', width: 200 },
  { title: '主体', key: 'subject', width: 220, render: (_: unknown, r) => r.subject.name },
  { title: '代码 / 证件号码', key: 'code', width: 200, render: (_: unknown, r) => r.subject.code ?? r.subject.maskedId ?? '—' },
  { title: '决定日期', dataIndex: 'decisionDate', width: 110 },
  { title: '严重程度', dataIndex: 'severity', width: 90, render: (s: string | null) => (s ? (SEVERITY[s] ?? s) : '—') },
  {
    title: '状态',
    key: 'status',
    width: 150,
    render: (_: unknown, r) => (
      <>
        <Tag color={STATUS[r.status]?.color}>{STATUS[r.status]?.label ?? r.status}</Tag>
        {r.removal && (
          // an entry marked 履行完毕: the last day it may stay on its list (rules/list-lifecycle.json)
          <Typography.Text type={r.removal.state === 'overdue' ? 'danger' : 'secondary'} style={{ fontSize: 12, display: 'block' }} data-testid="own-record-removal">
            履行完毕 {r.removal.performedOn}，应于 {r.removal.deadline} 前移出（{r.removal.stateName}
            {r.removal.state === 'running' ? `，剩 ${r.removal.remainingWorkingDays} 个工作日` : ''}）
          </Typography.Text>
        )}
      </>
    ),
  },
  { title: '报送', dataIndex: 'late', width: 80, render: (late: boolean) => (late ? <Tag color="warning">迟报</Tag> : <Tag>按时</Tag>) },
  { title: '公示', dataIndex: 'publicToday', width: 80, render: (p: boolean) => (p ? '公示中' : '—') },
  { title: '接收时间', dataIndex: 'receivedAt', width: 160, render: (t: string) => formatDateTime(t) },
  {
    title: '批次',
    dataIndex: 'batchId',
    width: 80,
    render: (id: string | null) => (id ? <Link to={`/work/collection/batches/${id}`}>查看</Link> : '—'),
  },
];

function queryOf(params: URLSearchParams): OwnRecordsQuery {
  const late = params.get('late');
  return {
    category: params.get('category') || undefined,
    from: parseDateStr(params.get('from')),
    to: parseDateStr(params.get('to')),
    late: late === 'true' || late === 'false' ? late : undefined,
    status: params.get('status') || undefined,
  };
}

// 数据归集 · 报送记录: the department's own current records and list entries, filtered by
// category, decision date, lateness and status, paged, and exported (XLSX) as filtered.
export function OwnRecordsPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const q = queryOf(params);
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 100);
  const key = JSON.stringify({ q, page, pageSize });
  const result = useRequest(`own-records:${key}`, (signal) => inquiryApi.ownRecords(q, page, pageSize, signal));
  const set = (changes: Record<string, string | undefined>) => setParams(withParams(params, { ...changes, page: undefined }));

  return (
    <>
      <title>报送记录 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        报送记录
      </Typography.Title>
      <Card
        title={user.department ? `${user.department.name}报送的记录` : '本部门报送的记录'}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={result.reload}>
              刷新
            </Button>
            <a href={ownRecordsExportUrl(q)} download data-testid="own-records-export">
              <Button type="primary" icon={<DownloadOutlined />}>
                导出 Excel
              </Button>
            </a>
          </Space>
        }
      >
        <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} data-testid="own-records-filters">
          <Form.Item label="信息类别">
            <Select
              allowClear
              style={{ width: 180 }}
              placeholder="全部"
              value={q.category}
              onChange={(v?: string) => set({ category: v })}
              options={Object.entries(CATEGORY_NAME).map(([value, label]) => ({ value, label }))}
              data-testid="own-records-category"
            />
          </Form.Item>
          <Form.Item label="决定日期">
            <DatePicker.RangePicker
              value={[q.from ? dayjs(q.from) : null, q.to ? dayjs(q.to) : null]}
              allowEmpty={[true, true]}
              onChange={(range) => set({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
            />
          </Form.Item>
          <Form.Item label="报送">
            <Select
              allowClear
              style={{ width: 110 }}
              placeholder="全部"
              value={q.late}
              onChange={(v?: string) => set({ late: v })}
              options={[
                { value: 'true', label: '迟报' },
                { value: 'false', label: '按时' },
              ]}
              data-testid="own-records-late"
            />
          </Form.Item>
          <Form.Item label="状态">
            <Select
              allowClear
              style={{ width: 110 }}
              placeholder="全部"
              value={q.status}
              onChange={(v?: string) => set({ status: v })}
              options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
              data-testid="own-records-status"
            />
          </Form.Item>
        </Form>
        {result.error ? (
          <ErrorAlert error={result.error} onRetry={result.reload} />
        ) : (
          <Table<OwnRecord>
            rowKey="id"
            size="middle"
            columns={COLUMNS}
            dataSource={result.data?.items ?? []}
            loading={result.loading}
            scroll={{ x: 1500 }}
            data-testid="own-records-table"
            locale={{ emptyText: result.loading ? <div style={{ height: 120 }} /> : <Empty description="没有符合条件的记录" /> }}
            pagination={{
              current: page,
              pageSize,
              total: result.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => <span data-testid="own-records-total">共 {total} 条</span>,
              onChange: (nextPage, nextSize) => setParams(withParams(params, { page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })),
            }}
          />
        )}
      </Card>
    </>
  );
}
