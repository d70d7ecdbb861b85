import { Alert, Button, Card, Descriptions, Result, Skeleton, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { IdentityGate, useEndSessionOn } from './IdentityGate.tsx';
import { DueDate } from './RightsParts.tsx';
import { rightsApi, type Repair } from './rightsApi.ts';
import { REPAIR_STATUS_COLOR, REPAIR_STATUS_LABEL } from './rights.ts';

// The status of one of the subject's repair applications: review deadline, decision and reasons.
export function RepairStatusPage() {
  const { id = '' } = useParams();
  return (
    <>
      <title>信用修复办理进度 - 信用河北</title>
      <IdentityGate purpose="repair">{(s) => <RepairStatus id={id} token={s.token} />}</IdentityGate>
    </>
  );
}

function RepairStatus({ id, token }: { id: string; token: string }) {
  const r = useRequest(`repair:${token}:${id}`, (signal) => rightsApi.repair(token, id, signal));
  useEndSessionOn(r.error);
  if (r.error?.status === 404)
    return (
      <Result
        status="404"
        title="未找到该信用修复申请"
        subTitle="申请不存在，或不是当前核验身份的主体提出的。"
        extra={
          <Link to="/repair">
            <Button type="primary">返回信用修复</Button>
          </Link>
        }
      />
    );
  if (r.error) return <ErrorAlert error={r.error} onRetry={r.reload} />;
  if (r.loading || !r.data)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  return <RepairView a={r.data} />;
}

function RepairView({ a }: { a: Repair }) {
  return (
    <Card>
      <Typography.Title level={3} className="xy-page-title">
        <Link to="/repair">信用修复</Link> / {a.number}
      </Typography.Title>
      {a.decision ? (
        <Alert
          type={a.decision.outcome === 'approved' ? 'success' : 'error'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="repair-outcome"
          title={a.decision.outcome === 'approved' ? `信用修复申请已通过（${a.decision.decidedOn}）：该信息停止公示和共享，不再据此实施惩戒措施。` : `信用修复申请未通过（${a.decision.decidedOn}）`}
          description={`审核意见：${a.decision.reason}`}
        />
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`信息提供部门正在审核，将于 ${a.dueDate} 前作出决定。`} />
      )}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'number', label: '申请编号', children: a.number },
          {
            key: 'status',
            label: '办理状态',
            children: (
              <Tag color={REPAIR_STATUS_COLOR[a.status]} data-testid="repair-status">
                {REPAIR_STATUS_LABEL[a.status]}
              </Tag>
            ),
          },
          { key: 'record', label: '信用记录', children: `${a.record.categoryName} ${a.record.ref}` },
          { key: 'department', label: '审核部门', children: a.record.department.name },
          { key: 'filed', label: '申请日期', children: a.filedOn },
          { key: 'due', label: '审核期限', children: <DueDate date={a.dueDate} provisional={a.provisional} overdue={a.overdue && a.status === 'pending'} testId="repair-due" /> },
          { key: 'obligations', label: '履行义务情况', span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{a.obligations}</span> },
          { key: 'evidence', label: '证明材料', span: 2, children: a.evidence.length ? a.evidence.map((e) => e.filename).join('、') : '—' },
          { key: 'commitment', label: '信用承诺', span: 2, children: a.commitment },
        ]}
      />
    </Card>
  );
}
