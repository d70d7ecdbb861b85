import { Button, Card, DatePicker, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parseDateStr, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { DueDate } from '../../public/rights/RightsParts.tsx';
import { useUser } from '../session.tsx';
import { rightsWorkApi, type DepartmentCounts, type Objection, type Repair } from './api.ts';
import { countsTotal, onTimeRate } from './rightsWork.ts';
import './rights.css';

const LIMIT = 100;

// 逾期督办: for operators, the objections and repair reviews past their due date (escalated by
// the deadline sweep), and per department how objections were answered — in time, late, or
// still open past the due date (counted against the department).
export function EscalationsPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const from = parseDateStr(params.get('from'));
  const to = parseDateStr(params.get('to'));
  const objections = useRequest('overdue-objections', (signal) => rightsWorkApi.objections({ status: 'open', overdue: true, page: 1, pageSize: LIMIT }, signal));
  const repairs = useRequest('overdue-repairs', (signal) => rightsWorkApi.repairs({ status: 'pending', overdue: true, page: 1, pageSize: LIMIT }, signal));
  const stats = useRequest(`objection-stats:${from ?? ''}:${to ?? ''}`, (signal) => rightsWorkApi.objectionStats(from, to, signal));

  const objectionColumns: TableProps<Objection>['columns'] = [
    { title: '异议编号', dataIndex: 'number', width: 180, render: (n: string, o) => <Link to={`/work/rights/objections/${o.objectionId}`} data-testid="escalated-link">{n}</Link> },
    { title: '信用主体', dataIndex: ['subject', 'name'] },
    {
      title: '应答复部门',
      key: 'departments',
      render: (_: unknown, o) => (
        <span data-testid="escalated-department">{[...new Set(o.items.filter((i) => i.status === 'open').map((i) => i.department.name))].join('、')}</span>
      ),
    },
    { title: '提出日期', dataIndex: 'filedOn', width: 105 },
    { title: '答复期限', key: 'due', width: 170, render: (_: unknown, o) => <DueDate date={o.dueDate} provisional={o.provisional} overdue /> },
    { title: '督办', dataIndex: 'escalated', width: 80, render: (e: boolean) => (e ? <Tag color="magenta">已督办</Tag> : <Tag>待督办</Tag>) },
  ];

  const repairColumns: TableProps<Repair>['columns'] = [
    { title: '申请编号', dataIndex: 'number', width: 180, render: (n: string, a) => <Link to={`/work/rights/repairs/${a.repairId}`}>{n}</Link> },
    { title: '信用主体', dataIndex: ['subject', 'name'] },
    { title: '审核部门', dataIndex: ['record', 'department', 'name'] },
    { title: '申请日期', dataIndex: 'filedOn', width: 105 },
    { title: '审核期限', key: 'due', width: 170, render: (_: unknown, a) => <DueDate date={a.dueDate} provisional={a.provisional} overdue /> },
    { title: '督办', dataIndex: 'escalated', width: 80, render: (e: boolean) => (e ? <Tag color="magenta">已督办</Tag> : <Tag>待督办</Tag>) },
  ];

  const num = (n: number, danger = false) => (danger && n > 0 ? <Typography.Text type="danger" strong>{n}</Typography.Text> : n);
  const statColumns: TableProps<DepartmentCounts>['columns'] = [
    { title: '部门', dataIndex: ['department', 'name'], render: (n: string) => <span data-testid="stats-department">{n}</span> },
    { title: '异议记录', dataIndex: 'items', width: 80, align: 'right' },
    { title: '按期答复', dataIndex: 'onTime', width: 80, align: 'right' },
    { title: '逾期答复', dataIndex: 'late', width: 80, align: 'right', render: (n: number) => num(n, true) },
    { title: '逾期未答复', dataIndex: 'openOverdue', width: 96, align: 'right', render: (n: number) => <span data-testid="stats-open-overdue">{num(n, true)}</span> },
    { title: '办理中', dataIndex: 'open', width: 70, align: 'right' },
    { title: '按期率', key: 'rate', width: 76, align: 'right', render: (_: unknown, c) => onTimeRate(c) },
    { title: '更正', dataIndex: 'corrected', width: 60, align: 'right' },
    { title: '撤销', dataIndex: 'revoked', width: 60, align: 'right' },
    { title: '维持', dataIndex: 'upheld', width: 60, align: 'right' },
  ];
  const total = stats.data ? countsTotal(stats.data.departments) : undefined;

  return (
    <>
      <title>逾期督办 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        逾期督办
      </Typography.Title>
      <Card
        title={`逾期未答复的异议（${user.regionName}）`}
        style={{ marginBottom: 16 }}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => [objections, repairs, stats].forEach((r) => r.reload())}>
            刷新
          </Button>
        }
      >
        {objections.error ? (
          <ErrorAlert error={objections.error} onRetry={objections.reload} />
        ) : (
          <Table<Objection>
            rowKey="objectionId"
            size="small"
            columns={objectionColumns}
            dataSource={objections.data?.items ?? []}
            loading={objections.loading}
            scroll={{ x: 900 }}
            pagination={false}
            rowClassName="xy-row-overdue"
            data-testid="escalated-objections"
            locale={{ emptyText: objections.loading ? <div style={{ height: 80 }} /> : <Empty description="没有逾期未答复的异议" /> }}
            footer={objections.data && objections.data.total > LIMIT ? () => `共 ${objections.data!.total} 件，显示最早到期的 ${LIMIT} 件` : undefined}
          />
        )}
      </Card>
      <Card title="逾期未审核的信用修复申请" style={{ marginBottom: 16 }}>
        {repairs.error ? (
          <ErrorAlert error={repairs.error} onRetry={repairs.reload} />
        ) : (
          <Table<Repair>
            rowKey="repairId"
            size="small"
            columns={repairColumns}
            dataSource={repairs.data?.items ?? []}
            loading={repairs.loading}
            scroll={{ x: 900 }}
            pagination={false}
            rowClassName="xy-row-overdue"
            locale={{ emptyText: repairs.loading ? <div style={{ height: 80 }} /> : <Empty description="没有逾期未审核的申请" /> }}
          />
        )}
      </Card>
      <Card
        title="各部门异议办理情况"
        extra={
          <Space>
            <span>提出日期</span>
            <DatePicker.RangePicker
              value={stats.data ? [dayjs(stats.data.from), dayjs(stats.data.to)] : null}
              allowClear={false}
              onChange={(r) => r?.[0] && r[1] && setParams(withParams(params, { from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') }))}
            />
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          按异议提出日期统计（默认最近 12 个月）。逾期未答复的异议计入部门考核；按期率 = 按期答复 ÷（按期答复 + 逾期答复 + 逾期未答复）。
        </Typography.Paragraph>
        {stats.error ? (
          <ErrorAlert error={stats.error} onRetry={stats.reload} />
        ) : (
          <Table<DepartmentCounts>
            rowKey={(c) => c.department.id}
            size="small"
            columns={statColumns}
            dataSource={stats.data?.departments ?? []}
            loading={stats.loading}
            scroll={{ x: 860 }}
            pagination={false}
            data-testid="objection-stats"
            locale={{ emptyText: stats.loading ? <div style={{ height: 80 }} /> : <Empty description="期间内没有异议" /> }}
            summary={() =>
              total && stats.data && stats.data.departments.length > 1 ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">{total.items}</Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">{total.onTime}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">{total.late}</Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">{total.openOverdue}</Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right">{total.open}</Table.Summary.Cell>
                  <Table.Summary.Cell index={6} align="right">{onTimeRate(total)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={7} align="right">{total.corrected}</Table.Summary.Cell>
                  <Table.Summary.Cell index={8} align="right">{total.revoked}</Table.Summary.Cell>
                  <Table.Summary.Cell index={9} align="right">{total.upheld}</Table.Summary.Cell>
                </Table.Summary.Row>
              ) : undefined
            }
          />
        )}
      </Card>
    </>
  );
}
