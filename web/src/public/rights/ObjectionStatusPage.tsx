import { Alert, Button, Card, Descriptions, Result, Skeleton, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { IdentityGate, useEndSessionOn } from './IdentityGate.tsx';
import { DueDate, ItemStatusTag } from './RightsParts.tsx';
import { rightsApi, type Objection, type ObjectionItem } from './rightsApi.ts';
import { ITEM_STATUS_LABEL, OBJECTION_STATUS_LABEL } from './rights.ts';

// The status of one of the subject's objections: due date (临时 when provisional), progress,
// and per record the department's outcome with its explanation.
export function ObjectionStatusPage() {
  const { id = '' } = useParams();
  return (
    <>
      <title>异议办理进度 - 信用河北</title>
      <IdentityGate purpose="objection">{(s) => <ObjectionStatus id={id} token={s.token} />}</IdentityGate>
    </>
  );
}

function ObjectionStatus({ id, token }: { id: string; token: string }) {
  const o = useRequest(`objection:${token}:${id}`, (signal) => rightsApi.objection(token, id, signal));
  useEndSessionOn(o.error);
  if (o.error?.status === 404)
    return (
      <Result
        status="404"
        title="未找到该异议申请"
        subTitle="异议申请不存在，或不是当前核验身份的主体提出的。"
        extra={
          <Link to="/objections">
            <Button type="primary">返回异议申请</Button>
          </Link>
        }
      />
    );
  if (o.error) return <ErrorAlert error={o.error} onRetry={o.reload} />;
  if (o.loading || !o.data)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  return <ObjectionView o={o.data} />;
}

const columns: TableProps<ObjectionItem>['columns'] = [
  { title: '信息类别', dataIndex: 'categoryName', width: 120 },
  { title: '文书号', dataIndex: 'ref' },
  { title: '信息提供部门', dataIndex: ['department', 'name'], width: 200 },
  { title: '核实结果', dataIndex: 'status', width: 110, render: (s: ObjectionItem['status']) => <ItemStatusTag status={s} /> },
  { title: '处理说明', dataIndex: 'note', render: (n: string | null) => <span data-testid="item-note">{n ?? '—'}</span> },
  { title: '办结日期', dataIndex: 'decidedOn', width: 110, render: (d: string | null) => d ?? '—' },
];

function ObjectionView({ o }: { o: Objection }) {
  const outcomes = [...new Set(o.items.filter((i) => i.status !== 'open').map((i) => ITEM_STATUS_LABEL[i.status]))];
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={3} className="xy-page-title">
          <Link to="/objections">异议申请</Link> / {o.number}
        </Typography.Title>
        {o.status === 'decided' ? (
          <Alert type="success" showIcon style={{ marginBottom: 16 }} data-testid="objection-outcome" title={`异议已办结：${outcomes.join('、')}`} description="信息提供部门的核实结果和处理说明见下表；更正、撤销的结果随信用记录一并保存。" />
        ) : (
          <Alert
            type={o.overdue ? 'warning' : 'info'}
            showIcon
            style={{ marginBottom: 16 }}
            title={o.overdue ? '已超过办理期限，平台已督促信息提供部门尽快答复。' : `信息提供部门正在核实，将于 ${o.dueDate} 前答复。`}
            description="核实期间，相关信息标注“异议处理中”，暂不据此实施联合惩戒措施。"
          />
        )}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'number', label: '异议编号', children: <span data-testid="objection-number">{o.number}</span> },
            {
              key: 'status',
              label: '办理状态',
              children: (
                <Tag color={o.status === 'open' ? 'processing' : 'green'} data-testid="objection-status">
                  {OBJECTION_STATUS_LABEL[o.status]}
                </Tag>
              ),
            },
            { key: 'filed', label: '提出日期', children: o.filedOn },
            {
              key: 'due',
              label: '答复期限',
              children: (
                <>
                  <DueDate date={o.dueDate} provisional={o.provisional} overdue={o.overdue && o.status === 'open'} testId="objection-due" />
                  <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }} title={`依据：${o.rule}`}>
                    自提出之日起 {o.workingDays} 个工作日
                  </Typography.Text>
                </>
              ),
            },
            { key: 'subject', label: '信用主体', children: `${o.subject.name}（${o.subject.code ?? o.subject.maskedId ?? ''}）` },
            { key: 'evidence', label: '证明材料', children: o.evidence.length ? o.evidence.map((e) => e.filename).join('、') : '未提交' },
            { key: 'reason', label: '异议理由', span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{o.reason}</span> },
          ]}
        />
      </Card>
      <Card title="核实结果">
        <Table<ObjectionItem> rowKey="seq" size="small" columns={columns} dataSource={o.items} pagination={false} scroll={{ x: 820 }} data-testid="objection-items" />
      </Card>
    </>
  );
}
