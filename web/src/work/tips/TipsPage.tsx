import { Card, Table, Tabs, Tag } from 'antd';
import type { TableProps } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { useUser } from '../session.tsx';
import { TIP_STATUS_COLOR, TIP_STATUS_LABEL, tipsWorkApi, type StaffTip, type TipQuery } from './api.ts';

type Tab = 'open' | 'overdue' | 'closed' | 'unrouted';
const QUERY: Record<Tab, Omit<TipQuery, 'page' | 'pageSize'>> = {
  open: { state: 'open' },
  overdue: { overdue: true },
  closed: { state: 'closed' },
  unrouted: { unrouted: true },
};

// 举报办理: tip handlers see the tips routed to their department, operators those of their region
// (with the unrouted ones). Overdue tips first by due date; the reporter is never listed.
export function TipsPage() {
  const user = useUser();
  const handler = user.role === 'tip_handler';
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = raw === 'overdue' || raw === 'closed' || (raw === 'unrouted' && !handler) ? raw : 'open';
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), 20, 100);
  const list = useRequest(`tips:${tab}:${page}:${pageSize}`, (signal) => tipsWorkApi.list({ ...QUERY[tab], page, pageSize }, signal));
  const columns: TableProps<StaffTip>['columns'] = [
    { title: '受理编号', dataIndex: 'receiptNumber', width: 200, render: (n: string, t) => <Link to={`/work/tips/${t.id}`} data-testid="tip-link">{n}</Link> },
    { title: '被举报主体', dataIndex: 'subjectName' },
    { title: '举报事项', dataIndex: 'matter', ellipsis: true },
    { title: '承办部门', dataIndex: 'departmentName', width: 200, render: (d: string | null) => d ?? <Tag color="red">待分派</Tag> },
    { title: '状态', dataIndex: 'status', width: 100, render: (s: StaffTip['status']) => <Tag color={TIP_STATUS_COLOR[s]}>{TIP_STATUS_LABEL[s]}</Tag> },
    { title: '办理期限', dataIndex: 'dueDate', width: 130, render: (d: string, t) => (t.overdue ? <Tag color="red">{d} 已逾期</Tag> : d) },
  ];
  return (
    <Card title="举报办理">
      <title>举报办理 - 工作台</title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(withParams(params, { tab: k, page: undefined }))}
        items={[
          { key: 'open', label: '待办' },
          { key: 'overdue', label: '已逾期' },
          { key: 'closed', label: '已办结' },
          ...(handler ? [] : [{ key: 'unrouted', label: '待分派' }]),
        ]}
      />
      {list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
      <Table<StaffTip>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        data-testid="tips-table"
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: (p, s) => setParams(withParams(params, { page: String(p), pageSize: String(s) })) }}
      />
    </Card>
  );
}
