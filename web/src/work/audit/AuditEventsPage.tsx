import { Button, Card, DatePicker, Empty, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, LeftOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parseDateStr, parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { auditExportUrl, workApi, type AuditEvent, type AuditQuery } from '../api.ts';
import { auditActionLabel, formatDateTime } from '../nav.ts';

const PAGE_SIZE = 50;

const ACTOR_KIND: Record<AuditEvent['actorKind'], string> = { staff: '工作人员', 'api-client': '部门系统', cli: '命令行', public: '公众', system: '系统' };

const COLUMNS: TableProps<AuditEvent>['columns'] = [
  // null: committed, not yet linked into the chain by the sequencer (normally under a second)
  { title: '序号', dataIndex: 'seq', width: 80, align: 'right', render: (seq: number | null) => seq ?? '待入链' },
  { title: '时间', dataIndex: 'at', width: 170, render: (t: string) => formatDateTime(t) },
  {
    title: '操作者',
    key: 'actor',
    width: 220,
    render: (_: unknown, e) => (
      <Space size={4}>
        <Tag>{ACTOR_KIND[e.actorKind] ?? e.actorKind}</Tag>
        <span data-testid="audit-actor">{e.actor}</span>
      </Space>
    ),
  },
  {
    title: '操作',
    dataIndex: 'action',
    width: 200,
    render: (a: string, e) => {
      const label = e.actionLabel ?? auditActionLabel(a);
      return (
        <span title={a} data-testid="audit-action">
          {label}
          {label !== a && <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>{a}</Typography.Text>}
        </span>
      );
    },
  },
  { title: '对象', dataIndex: 'target', render: (t: string | null) => t ?? '—' },
  { title: '来源地址', dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? '—' },
  { title: '事由', dataIndex: 'why', width: 160, render: (w: string | null) => w ?? '—' },
];

type Values = { range?: [Dayjs | null, Dayjs | null] | null; actor?: string; action?: string; target?: string };

const trimmed = (v: string | null) => (v && v.trim() ? v.trim() : undefined);

export function queryFromParams(params: URLSearchParams): AuditQuery {
  return {
    from: parseDateStr(params.get('from')),
    to: parseDateStr(params.get('to')),
    actor: trimmed(params.get('actor')),
    action: trimmed(params.get('action')),
    target: trimmed(params.get('target')),
  };
}

// 安全审计 · 审计日志: search (time range, actor, action, target), read and export the trail.
export function AuditEventsPage() {
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const page = parsePositiveInt(params.get('page'), 1, 10000);
  const key = `audit:${JSON.stringify(query)}:${page}`;
  const result = useRequest(key, (signal) => workApi.auditEvents(query, page, PAGE_SIZE, signal));
  const [form] = Form.useForm<Values>();

  const search = (v: Values) => {
    const [from, to] = v.range ?? [];
    setParams(
      withParams(new URLSearchParams(), {
        from: from ? from.format('YYYY-MM-DD') : undefined,
        to: to ? to.format('YYYY-MM-DD') : undefined,
        actor: v.actor?.trim(),
        action: v.action?.trim(),
        target: v.target?.trim(),
      }),
    );
  };

  const items = result.data?.items ?? [];
  return (
    <>
      <title>审计日志 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        审计日志
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Form
          key={JSON.stringify(query)} // follows the URL on back/forward
          form={form}
          layout="inline"
          onFinish={search}
          initialValues={{
            range: query.from || query.to ? [query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null] : null,
            actor: query.actor,
            action: query.action,
            target: query.target,
          }}
          style={{ rowGap: 12 }}
        >
          <Form.Item name="range" label="时间">
            <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="audit-range" />
          </Form.Item>
          <Form.Item name="actor" label="操作者" tooltip="完整的操作者标识，如 staff:zhangsan、api-client:xk_…、cli:root">
            <Input placeholder="staff:用户名" allowClear style={{ width: 180 }} data-testid="audit-actor-input" />
          </Form.Item>
          <Form.Item name="action" label="操作" tooltip="完整的操作代码，或以 * 结尾的前缀，如 auth.*">
            <Input placeholder="如 auth.*" allowClear style={{ width: 160 }} data-testid="audit-action-input" />
          </Form.Item>
          <Form.Item name="target" label="对象" tooltip="完整的对象标识，或以 * 结尾的前缀，如 department:*">
            <Input placeholder="如 staff:zhangsan" allowClear style={{ width: 180 }} data-testid="audit-target-input" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  form.setFieldsValue({ range: null, actor: undefined, action: undefined, target: undefined });
                  setParams(new URLSearchParams());
                }}
              >
                重置
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card
        title="审计事件（新的在前）"
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} href={auditExportUrl(query, 'csv')} data-testid="audit-export-csv">
              导出 CSV
            </Button>
            <Button icon={<DownloadOutlined />} href={auditExportUrl(query, 'xlsx')} data-testid="audit-export-xlsx">
              导出 XLSX
            </Button>
          </Space>
        }
      >
        {result.error ? (
          <ErrorAlert error={result.error} onRetry={result.reload} />
        ) : (
          <>
            <Table<AuditEvent>
              rowKey={(e) => (e.seq !== null ? String(e.seq) : `pending:${e.at}:${e.actor}:${e.action}:${e.target ?? ''}`)}
              size="small"
              columns={COLUMNS}
              dataSource={items}
              loading={result.loading}
              pagination={false}
              scroll={{ x: 1200 }}
              data-testid="audit-table"
              expandable={{
                expandedRowRender: (e) => (
                  <div>
                    <Typography.Paragraph style={{ marginBottom: 4 }}>详情：</Typography.Paragraph>
                    <pre className="xy-once-box" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                      {JSON.stringify(e.detail, null, 2)}
                    </pre>
                    <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12, wordBreak: 'break-all' }}>
                      哈希（{e.hashAlg ?? '—'}）：{e.hash ?? '—'}　前一事件哈希：{e.prevHash ?? '—'}
                    </Typography.Paragraph>
                  </div>
                ),
              }}
              locale={{ emptyText: result.loading ? <div style={{ height: 120 }} /> : <Empty data-testid="audit-empty" description="没有符合条件的审计事件" /> }}
            />
            <Space style={{ marginTop: 16, justifyContent: 'flex-end', width: '100%' }}>
              <Typography.Text type="secondary">第 {page} 页</Typography.Text>
              <Button icon={<LeftOutlined />} disabled={page <= 1 || result.loading} onClick={() => setParams(withParams(params, { page: page - 1 > 1 ? page - 1 : undefined }))}>
                上一页
              </Button>
              <Button disabled={!result.data?.hasMore || result.loading} onClick={() => setParams(withParams(params, { page: page + 1 }))} data-testid="audit-next">
                下一页 <RightOutlined />
              </Button>
            </Space>
          </>
        )}
      </Card>
    </>
  );
}
