import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Popconfirm, Radio, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { DueDate } from '../../public/rights/RightsParts.tsx';
import { REPAIR_STATUS_COLOR, REPAIR_STATUS_LABEL } from '../../public/rights/rights.ts';
import { useUser } from '../session.tsx';
import { formatDateTime, isDepartmentRole } from '../nav.ts';
import { evidenceUrl, rightsWorkApi, type DecideRepair, type Repair } from './api.ts';
import { FILED_VIA_LABEL } from './rightsWork.ts';
import './rights.css';

// One repair application: the record, how the obligations were fulfilled (with evidence), the
// commitment, and the department's decision with reasons.
export function RepairDetailPage() {
  const { id = '' } = useParams();
  const detail = useRequest(`repair:${id}`, (signal) => rightsWorkApi.repair(id, signal));
  const [decided, setDecided] = useState<Repair | undefined>();
  const a = decided ?? detail.data;
  if (detail.error?.status === 404)
    return (
      <Result
        status="404"
        title="申请不存在"
        subTitle="该信用修复申请不存在，或不涉及您所在部门的信用记录。"
        extra={
          <Link to="/work/rights/repairs">
            <Button type="primary">返回信用修复审核</Button>
          </Link>
        }
      />
    );
  return (
    <>
      <title>修复申请详情 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        <Link to="/work/rights/repairs">信用修复审核</Link> / {a?.number ?? id}
      </Typography.Title>
      {detail.error && !a ? (
        <ErrorAlert error={detail.error} onRetry={detail.reload} />
      ) : !a ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <RepairView a={a} onDecided={setDecided} />
      )}
    </>
  );
}

function RepairView({ a, onDecided }: { a: Repair; onDecided: (a: Repair) => void }) {
  const user = useUser();
  return (
    <>
      {a.decision && (
        <Alert
          type={a.decision.outcome === 'approved' ? 'success' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="repair-decided"
          title={a.decision.outcome === 'approved' ? `已通过（${a.decision.decidedOn}）：该记录已修复，停止公示和共享` : `未通过（${a.decision.decidedOn}）`}
          description={`理由：${a.decision.reason}`}
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'number', label: '申请编号', children: a.number },
            { key: 'status', label: '状态', children: <Tag color={REPAIR_STATUS_COLOR[a.status]} data-testid="repair-status">{REPAIR_STATUS_LABEL[a.status]}</Tag> },
            { key: 'subject', label: '信用主体', children: `${a.subject.name}（${a.subject.code ?? a.subject.maskedId ?? ''}）` },
            { key: 'via', label: '申请方式', children: `${FILED_VIA_LABEL[a.filedVia]}，${formatDateTime(a.filedAt)}` },
            { key: 'record', label: '信用记录', children: `${a.record.categoryName} ${a.record.ref}` },
            { key: 'earliest', label: '最早可修复日期', children: a.earliestDate ?? '—' },
            { key: 'due', label: '审核期限', children: <DueDate date={a.dueDate} provisional={a.provisional} overdue={a.overdue && a.status === 'pending'} /> },
            { key: 'department', label: '审核部门', children: a.record.department.name },
            ...(a.applicant && (a.applicant.name || a.applicant.contact)
              ? [{ key: 'applicant', label: '联系人', span: 2, children: [a.applicant.name, a.applicant.contact].filter(Boolean).join('，') }]
              : []),
            { key: 'obligations', label: '履行义务情况', span: 2, children: <span className="xy-rights-text">{a.obligations}</span> },
            {
              key: 'evidence',
              label: '证明材料',
              span: 2,
              children: a.evidence.length ? (
                <Space wrap>
                  {a.evidence.map((e) => (
                    <a key={e.sha256} href={evidenceUrl('repairs', a.repairId, e.sha256)} data-testid="repair-evidence-link">
                      {e.filename}
                    </a>
                  ))}
                </Space>
              ) : (
                '未提交'
              ),
            },
            { key: 'commitment', label: '信用承诺', span: 2, children: <span className="xy-rights-text">{a.commitment}</span> },
          ]}
        />
      </Card>
      {isDepartmentRole(user.role) && a.status === 'pending' && <ReviewForm a={a} onDecided={onDecided} />}
    </>
  );
}

function ReviewForm({ a, onDecided }: { a: Repair; onDecided: (a: Repair) => void }) {
  const [form] = Form.useForm<DecideRepair>();
  const outcome = Form.useWatch('outcome', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const submit = async (v: DecideRepair) => {
    setBusy(true);
    setError(undefined);
    try {
      onDecided(await rightsWorkApi.decideRepair(a.repairId, { outcome: v.outcome, reason: v.reason.trim() }));
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="审核决定" data-testid="repair-review">
      <Form<DecideRepair> form={form} layout="vertical" requiredMark="optional" disabled={busy} onFinish={submit}>
        <Form.Item
          name="outcome"
          label="审核结果"
          rules={[{ required: true, message: '请选择审核结果' }]}
          extra={outcome === 'approve' ? '通过后该记录标记为已修复，停止公示和共享，不再触发惩戒措施；名单条目随之移出名单。' : outcome === 'refuse' ? '不予通过的，须说明理由，申请人可在条件具备后重新申请。' : undefined}
        >
          <Radio.Group optionType="button" buttonStyle="solid">
            <Radio.Button value="approve" data-testid="review-approve">
              通过
            </Radio.Button>
            <Radio.Button value="refuse" data-testid="review-refuse">
              不予通过
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="reason" label="理由" rules={[{ required: true, whitespace: true, message: '请填写审核理由' }, { max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} showCount maxLength={2000} placeholder="如：已缴清罚款并完成整改，符合信用修复条件" data-testid="review-reason" />
        </Form.Item>
        <Popconfirm title="确认提交审核决定？" description="决定作出后告知申请人，不能再修改。" okText="确认" cancelText="取消" onConfirm={() => form.submit()} okButtonProps={{ 'data-testid': 'review-confirm' }}>
          <Button type="primary" loading={busy} data-testid="review-submit">
            提交审核决定
          </Button>
        </Popconfirm>
      </Form>
      {error && <Alert type="error" showIcon style={{ marginTop: 16 }} title={error.zh} description={`错误代码：${error.code}`} />}
    </Card>
  );
}
