import { Alert, Button, Card, Empty, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { useUser } from '../session.tsx';
import { formatDateTime, isDepartmentRole } from '../nav.ts';
import { sanctionsApi, type PendingItem } from './api.ts';
import { termName } from './sanctions.ts';

const DEFAULT_PAGE_SIZE = 20;

// 联合奖惩 · 待反馈: checks still owing feedback, oldest due first; late ones highlighted. A
// department sees its own; operators those of the departments in their region.
export function PendingPage() {
  const user = useUser();
  const mine = isDepartmentRole(user.role);
  const [params, setParams] = useSearchParams();
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 100);
  const list = useRequest(`pending:${page}:${pageSize}`, (signal) => sanctionsApi.pending(page, pageSize, signal));
  const vocab = useRequest('measures', (signal) => sanctionsApi.measures(signal));
  const late = list.data?.items.filter((i) => i.late).length ?? 0;

  const columns: TableProps<PendingItem>['columns'] = [
    { title: '核查时间', dataIndex: 'checkedAt', width: 160, render: (t: string) => formatDateTime(t) },
    {
      title: '核查主体',
      key: 'subject',
      render: (_: unknown, i) => (
        <div>
          <div data-testid="pending-subject">{i.subject.name ?? '（平台无记录的主体）'}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.subject.code}
          </Typography.Text>
        </div>
      ),
    },
    { title: '业务场景', dataIndex: 'scenario', width: 120, render: (s: string) => termName(vocab.data?.scenarios, s) },
    { title: '事项编号', dataIndex: 'matterRef', width: 170, render: (m: string | null | undefined) => <span data-testid="pending-matter">{m ?? '—'}</span> },
    ...(mine ? [] : [{ title: '核查部门', key: 'department', render: (_: unknown, i: PendingItem) => i.department.name }]),
    {
      title: '已反馈',
      key: 'progress',
      width: 80,
      align: 'right',
      render: (_: unknown, i) => `${i.given} / ${i.owed}`,
    },
    {
      title: '反馈期限',
      dataIndex: 'feedbackDue',
      width: 170,
      render: (d: string, i) => (
        <span data-testid="pending-due">
          {d}
          {i.late && (
            <Tag color="error" style={{ marginLeft: 6 }} data-testid="pending-late">
              已逾期
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: '操作',
      key: 'open',
      width: 80,
      fixed: 'right',
      render: (_: unknown, i) => (
        <Link to={`/work/sanctions/checks/${i.checkId}`} data-testid="pending-open">
          {mine ? '去反馈' : '查看'}
        </Link>
      ),
    },
  ];

  return (
    <>
      <title>待反馈 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        待反馈
      </Typography.Title>
      <Card
        title={mine && user.department ? `${user.department.name}待反馈的核查` : `${user.regionName}各部门待反馈的核查`}
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            刷新
          </Button>
        }
      >
        {late > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="pending-late-alert"
            title={`本页有 ${late} 项核查已超过反馈期限，请尽快反馈措施实施情况。`}
          />
        )}
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<PendingItem>
            rowKey="checkId"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 960 }}
            data-testid="pending-table"
            rowClassName={(i) => (i.late ? 'xy-row-late' : '')}
            locale={{ emptyText: list.loading ? <div style={{ height: 120 }} /> : <Empty data-testid="pending-empty" description="没有待反馈的核查" /> }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => `共 ${total} 项`,
              hideOnSinglePage: true,
              onChange: (nextPage, nextSize) => setParams(withParams(params, { page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })),
            }}
          />
        )}
      </Card>
    </>
  );
}
