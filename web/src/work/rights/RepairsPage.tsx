import { Alert, Button, Card, Empty, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { DueDate } from '../../public/rights/RightsParts.tsx';
import { REPAIR_STATUS_COLOR, REPAIR_STATUS_LABEL } from '../../public/rights/rights.ts';
import { useUser } from '../session.tsx';
import { isDepartmentRole } from '../nav.ts';
import { rightsWorkApi, type Repair, type RepairQuery } from './api.ts';
import { FILED_VIA_LABEL } from './rightsWork.ts';
import './rights.css';

const DEFAULT_PAGE_SIZE = 20;
type Tab = 'pending' | 'overdue' | 'approved' | 'refused';

const QUERY: Record<Tab, Omit<RepairQuery, 'page' | 'pageSize'>> = {
  pending: { status: 'pending' },
  overdue: { status: 'pending', overdue: true },
  approved: { status: 'approved' },
  refused: { status: 'refused' },
};

// 信用修复审核: the department's repair applications, pending ones by due date first.
export function RepairsPage() {
  const user = useUser();
  const mine = isDepartmentRole(user.role);
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = raw === 'overdue' || raw === 'approved' || raw === 'refused' ? raw : 'pending';
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 100);
  const list = useRequest(`repairs:${tab}:${page}:${pageSize}`, (signal) => rightsWorkApi.repairs({ ...QUERY[tab], page, pageSize }, signal));
  const overdue = list.data?.items.filter((a) => a.overdue && a.status === 'pending').length ?? 0;

  const columns: TableProps<Repair>['columns'] = [
    {
      title: '申请编号',
      dataIndex: 'number',
      width: 180,
      render: (n: string, a) => (
        <Link to={`/work/rights/repairs/${a.repairId}`} data-testid="repair-link">
          {n}
        </Link>
      ),
    },
    {
      title: '信用主体',
      key: 'subject',
      render: (_: unknown, a) => (
        <div>
          <div>{a.subject.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.subject.code ?? a.subject.maskedId}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: '信用记录',
      key: 'record',
      render: (_: unknown, a) => (
        <div>
          {a.record.categoryName} {a.record.ref}
          {!mine && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {a.record.department.name}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: '申请日期', dataIndex: 'filedOn', width: 105 },
    { title: '方式', dataIndex: 'filedVia', width: 90, render: (v: Repair['filedVia']) => FILED_VIA_LABEL[v] },
    { title: '审核期限', key: 'due', width: 170, render: (_: unknown, a) => <DueDate date={a.dueDate} provisional={a.provisional} overdue={a.overdue && a.status === 'pending'} /> },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: Repair['status']) => <Tag color={REPAIR_STATUS_COLOR[s]}>{REPAIR_STATUS_LABEL[s]}</Tag> },
    {
      title: '操作',
      key: 'open',
      width: 80,
      fixed: 'right',
      render: (_: unknown, a) => <Link to={`/work/rights/repairs/${a.repairId}`}>{mine && a.status === 'pending' ? '审核' : '查看'}</Link>,
    },
  ];

  return (
    <>
      <title>信用修复审核 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        信用修复审核
      </Typography.Title>
      <Card
        title={mine && user.department ? `${user.department.name}的信用修复申请` : `${user.regionName}各部门的信用修复申请`}
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            刷新
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          对本部门提供的信用信息提出的修复申请，应在 10 个工作日内审核，作出通过或不予通过的决定并说明理由。通过后该信息停止公示和共享，不再触发惩戒措施，修复结果连同信用承诺向社会公开。
        </Typography.Paragraph>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(withParams(params, { tab: k === 'pending' ? undefined : k, page: undefined }))}
          items={[
            { key: 'pending', label: '待审核' },
            { key: 'overdue', label: '已逾期' },
            { key: 'approved', label: '已通过' },
            { key: 'refused', label: '未通过' },
          ]}
        />
        {overdue > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={`本页有 ${overdue} 件申请已超过审核期限，请尽快审核。`} />}
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Repair>
            rowKey="repairId"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 1000 }}
            data-testid="repairs-table"
            rowClassName={(a) => (a.overdue && a.status === 'pending' ? 'xy-row-overdue' : '')}
            locale={{ emptyText: list.loading ? <div style={{ height: 120 }} /> : <Empty description="没有信用修复申请" /> }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
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
