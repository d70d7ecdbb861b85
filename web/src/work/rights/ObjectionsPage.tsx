import { Alert, Button, Card, Empty, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { DueDate, ItemStatusTag } from '../../public/rights/RightsParts.tsx';
import { useUser } from '../session.tsx';
import { isDepartmentRole } from '../nav.ts';
import { rightsWorkApi, type Objection, type ObjectionQuery } from './api.ts';
import { FILED_VIA_LABEL } from './rightsWork.ts';
import './rights.css';

const DEFAULT_PAGE_SIZE = 20;
type Tab = 'open' | 'overdue' | 'decided';

const QUERY: Record<Tab, Omit<ObjectionQuery, 'page' | 'pageSize'>> = {
  open: { status: 'open' },
  overdue: { status: 'open', overdue: true },
  decided: { status: 'decided' },
};

// 异议处理: the department's objections, open ones by due date first; overdue ones highlighted,
// provisional due dates marked. Operators see those of their region's departments.
export function ObjectionsPage() {
  const user = useUser();
  const mine = isDepartmentRole(user.role);
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'overdue' ? 'overdue' : params.get('tab') === 'decided' ? 'decided' : 'open';
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 100);
  const list = useRequest(`objections:${tab}:${page}:${pageSize}`, (signal) => rightsWorkApi.objections({ ...QUERY[tab], page, pageSize }, signal));
  const overdue = tab !== 'decided' ? (list.data?.items.filter((o) => o.overdue).length ?? 0) : 0;

  const columns: TableProps<Objection>['columns'] = [
    {
      title: '异议编号',
      dataIndex: 'number',
      width: 180,
      render: (n: string, o) => (
        <Link to={`/work/rights/objections/${o.objectionId}`} data-testid="objection-link">
          {n}
        </Link>
      ),
    },
    {
      title: '信用主体',
      key: 'subject',
      render: (_: unknown, o) => (
        <div>
          <div data-testid="objection-subject">{o.subject.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {o.subject.code ?? o.subject.maskedId}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: '异议记录',
      key: 'items',
      render: (_: unknown, o) =>
        o.items.map((i) => (
          <div key={i.seq}>
            {i.ref} <ItemStatusTag status={i.status} />
            {!mine && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.department.name}
              </Typography.Text>
            )}
          </div>
        )),
    },
    { title: '提出日期', dataIndex: 'filedOn', width: 105 },
    { title: '方式', dataIndex: 'filedVia', width: 90, render: (v: Objection['filedVia']) => FILED_VIA_LABEL[v] },
    {
      title: '答复期限',
      key: 'due',
      width: 190,
      render: (_: unknown, o) => (
        <>
          <DueDate date={o.dueDate} provisional={o.provisional} overdue={o.overdue && o.status === 'open'} testId="objection-due" />
          {o.escalated && o.status === 'open' && (
            <Tag color="magenta" style={{ marginTop: 4 }}>
              已督办
            </Tag>
          )}
        </>
      ),
    },
    {
      title: '操作',
      key: 'open',
      width: 80,
      fixed: 'right',
      render: (_: unknown, o) => <Link to={`/work/rights/objections/${o.objectionId}`}>{mine && o.items.some((i) => i.status === 'open') ? '处理' : '查看'}</Link>,
    },
  ];

  return (
    <>
      <title>异议处理 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        异议处理
      </Typography.Title>
      <Card
        title={mine && user.department ? `${user.department.name}的异议` : `${user.regionName}各部门的异议`}
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            刷新
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          信用主体对本部门提供的信用信息提出异议的，应在答复期限内核实并作出更正、撤销或维持的决定（自然人 20 个工作日，市场主体 15 个工作日）。核实期间该信息标注“异议处理中”，暂停据此实施联合惩戒。标“临时”的期限涉及尚未公布的节假日安排，公布后自动重算。
        </Typography.Paragraph>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(withParams(params, { tab: k === 'open' ? undefined : k, page: undefined }))}
          items={[
            { key: 'open', label: '待处理' },
            { key: 'overdue', label: '已逾期' },
            { key: 'decided', label: '已办结' },
          ]}
        />
        {overdue > 0 && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="objections-overdue-alert" title={`本页有 ${overdue} 件异议已超过答复期限，已向运营管理部门督办，请尽快处理。`} />
        )}
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Objection>
            rowKey="objectionId"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 1000 }}
            data-testid="objections-table"
            rowClassName={(o) => (o.overdue && o.status === 'open' ? 'xy-row-overdue' : '')}
            locale={{ emptyText: list.loading ? <div style={{ height: 120 }} /> : <Empty data-testid="objections-empty" description={tab === 'decided' ? '没有已办结的异议' : '没有待处理的异议'} /> }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => `共 ${total} 件`,
              hideOnSinglePage: true,
              onChange: (nextPage, nextSize) => setParams(withParams(params, { page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })),
            }}
          />
        )}
      </Card>
    </>
  );
}
