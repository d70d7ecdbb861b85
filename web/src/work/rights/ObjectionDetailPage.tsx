import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Popconfirm, Radio, Result, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { DueDate, ItemStatusTag } from '../../public/rights/RightsParts.tsx';
import { OBJECTION_STATUS_LABEL } from '../../public/rights/rights.ts';
import { useUser } from '../session.tsx';
import { formatDateTime, isDepartmentRole } from '../nav.ts';
import { evidenceUrl, rightsWorkApi, type AffectedCheck, type Objection, type ObjectionItem, type Outcome } from './api.ts';
import { FEEDBACK_LABEL, FILED_VIA_LABEL, OUTCOME_HELP, OUTCOME_LABEL, correctionFields, type CorrectionMode, type CorrectionRow } from './rightsWork.ts';
import './rights.css';

// One objection: what was contested and why, with evidence; the department's decision (correct,
// revoke or uphold, with its explanation); afterwards the credit checks whose punishments the
// record triggered, so the departments concerned can restore the subject's standing.
export function ObjectionDetailPage() {
  const { id = '' } = useParams();
  const detail = useRequest(`objection:${id}`, (signal) => rightsWorkApi.objection(id, signal));
  const [decided, setDecided] = useState<Objection | undefined>();
  const o = decided ?? detail.data;

  if (detail.error?.status === 404)
    return (
      <Result
        status="404"
        title="异议不存在"
        subTitle="该异议不存在，或不涉及您所在部门的信用记录。"
        data-testid="objection-not-found"
        extra={
          <Link to="/work/rights/objections">
            <Button type="primary">返回异议处理</Button>
          </Link>
        }
      />
    );
  return (
    <>
      <title>异议详情 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        <Link to="/work/rights/objections">异议处理</Link> / {o?.number ?? id}
      </Typography.Title>
      {detail.error && !o ? (
        <ErrorAlert error={detail.error} onRetry={detail.reload} />
      ) : !o ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <ObjectionView o={o} onDecided={setDecided} justDecided={decided !== undefined} />
      )}
    </>
  );
}

const itemColumns: TableProps<ObjectionItem>['columns'] = [
  { title: '序号', dataIndex: 'seq', width: 60 },
  { title: '信息类别', dataIndex: 'categoryName', width: 110 },
  { title: '文书号', dataIndex: 'ref', render: (r: string) => <span data-testid="objection-item-ref">{r}</span> },
  { title: '信息提供部门', dataIndex: ['department', 'name'], width: 190 },
  { title: '核实结果', dataIndex: 'status', width: 110, render: (s: ObjectionItem['status']) => <ItemStatusTag status={s} /> },
  { title: '处理说明', dataIndex: 'note', render: (n: string | null) => n ?? '—' },
  { title: '办结日期', dataIndex: 'decidedOn', width: 105, render: (d: string | null) => d ?? '—' },
];

function CurrentContent({ item }: { item: ObjectionItem }) {
  if (!item.current) return <Typography.Text type="secondary">记录当前版本不可用</Typography.Text>;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      title={`当前版本：第 ${item.current.version} 版`}
      items={item.current.fields.map((f) => ({ key: f.code, label: `${f.name}（${f.code}）`, children: f.value }))}
    />
  );
}

function ObjectionView({ o, onDecided, justDecided }: { o: Objection; onDecided: (o: Objection) => void; justDecided: boolean }) {
  const user = useUser();
  const open = o.items.filter((i) => i.status === 'open');
  const mayDecide = isDepartmentRole(user.role) && open.length > 0;
  return (
    <>
      {o.overdue && o.status === 'open' && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="objection-overdue" title={`已超过答复期限（${o.dueDate}）${o.escalated ? '，已向运营管理部门督办' : ''}，计入部门考核。请尽快处理。`} />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'number', label: '异议编号', children: o.number },
            {
              key: 'status',
              label: '办理状态',
              children: (
                <Tag color={o.status === 'open' ? 'processing' : 'green'} data-testid="objection-status">
                  {OBJECTION_STATUS_LABEL[o.status]}
                </Tag>
              ),
            },
            { key: 'subject', label: '信用主体', children: `${o.subject.name}（${o.subject.code ?? o.subject.maskedId ?? ''}）` },
            { key: 'via', label: '提出方式', children: `${FILED_VIA_LABEL[o.filedVia]}，${formatDateTime(o.filedAt)}` },
            { key: 'due', label: '答复期限', children: <DueDate date={o.dueDate} provisional={o.provisional} overdue={o.overdue && o.status === 'open'} testId="objection-due" /> },
            { key: 'days', label: '期限依据', children: `自提出之日起 ${o.workingDays} 个工作日（${o.subject.kind === 'person' ? '自然人' : '市场主体'}）` },
            ...(o.applicant && (o.applicant.name || o.applicant.contact)
              ? [{ key: 'applicant', label: '联系人', span: 2, children: [o.applicant.name, o.applicant.contact].filter(Boolean).join('，') }]
              : []),
            { key: 'reason', label: '异议理由', span: 2, children: <span className="xy-rights-text" data-testid="objection-reason">{o.reason}</span> },
            {
              key: 'evidence',
              label: '证明材料',
              span: 2,
              children: o.evidence.length ? (
                <Space wrap>
                  {o.evidence.map((e) => (
                    <a key={e.sha256} href={evidenceUrl('objections', o.objectionId, e.sha256)} data-testid="objection-evidence-link">
                      {e.filename}
                    </a>
                  ))}
                </Space>
              ) : (
                '未提交'
              ),
            },
          ]}
        />
      </Card>
      <Card title="异议记录" style={{ marginBottom: 16 }}>
        <Table<ObjectionItem>
          rowKey="seq"
          size="small"
          columns={itemColumns}
          dataSource={o.items}
          pagination={false}
          scroll={{ x: 900 }}
          data-testid="objection-items"
          expandable={{ expandedRowRender: (i) => <CurrentContent item={i} />, rowExpandable: (i) => i.current !== undefined }}
        />
      </Card>
      {mayDecide && <DecisionForm o={o} open={open} onDecided={onDecided} />}
      {(justDecided || o.affectedChecks.length > 0) && <AffectedChecks o={o} />}
    </>
  );
}

type Values = { items: number[]; outcome: Outcome; mode: CorrectionMode; corrections: CorrectionRow[]; note: string };

function DecisionForm({ o, open, onDecided }: { o: Objection; open: ObjectionItem[]; onDecided: (o: Objection) => void }) {
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const mode = Form.useWatch('mode', form);
  const chosen: number[] = Form.useWatch('items', form) ?? open.map((i) => i.seq);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  // the fields a correction may change: those of the one record chosen
  const single = chosen.length === 1 ? open.find((i) => i.seq === chosen[0]) : undefined;
  const fieldOptions = (single?.current?.fields ?? []).map((f) => ({ value: f.code, label: `${f.name}（${f.code}）` }));

  const submit = async (v: Values) => {
    setProblem(undefined);
    setError(undefined);
    // the record picker is only shown with several open records (unshown fields are not submitted)
    const items = v.items ?? open.map((i) => i.seq);
    const correction = v.outcome === 'correct' ? correctionFields(v.mode ?? 'fields', v.corrections ?? [], items.length) : {};
    if (correction.problem) {
      setProblem(correction.problem);
      return;
    }
    setBusy(true);
    try {
      onDecided(
        await rightsWorkApi.decideObjection(o.objectionId, {
          outcome: v.outcome,
          note: v.note.trim(),
          ...(correction.fields ? { fields: correction.fields } : {}),
          ...(items.length < open.length ? { items } : {}),
        }),
      );
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="作出处理决定" style={{ marginBottom: 16 }} data-testid="objection-decision">
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark="optional"
        disabled={busy}
        initialValues={{ items: open.map((i) => i.seq), mode: 'fields', corrections: [{}] }}
        onFinish={submit}
      >
        {open.length > 1 && (
          <Form.Item name="items" label="处理的记录" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一条记录' }]}>
            <Checkbox.Group options={open.map((i) => ({ value: i.seq, label: `${i.seq}. ${i.categoryName} ${i.ref}` }))} />
          </Form.Item>
        )}
        <Form.Item name="outcome" label="核实结果" rules={[{ required: true, message: '请选择核实结果' }]} extra={outcome ? OUTCOME_HELP[outcome] : undefined}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="decision-outcome">
            {(['correct', 'revoke', 'uphold'] as const).map((k) => (
              <Radio.Button key={k} value={k} data-testid={`decision-${k}`}>
                {OUTCOME_LABEL[k]}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {outcome === 'correct' && (
          <>
            <Form.Item name="mode" label="更正方式" required>
              <Radio.Group data-testid="correction-mode">
                <Radio value="fields">在此填写更正后的内容（以原记录为基础生成新版本）</Radio>
                <Radio value="resubmitted">已通过数据归集报送更正后的记录（以异议提出后报送的版本为准）</Radio>
              </Radio.Group>
            </Form.Item>
            {mode === 'fields' && (
              <Form.Item label="更正内容" required extra="文书号是记录的标识，不能更正；文书号有误的，请撤销后重新报送。更正后的记录按目录规则重新校验。">
                <Form.List name="corrections">
                  {(rows, { add, remove }) => (
                    <>
                      {rows.map((row) => (
                        <Space key={row.key} align="start" style={{ display: 'flex', marginBottom: 8 }} wrap>
                          <Form.Item name={[row.name, 'field']} noStyle>
                            <Select
                              showSearch
                              optionFilterProp="label"
                              placeholder={single ? '信息项' : '先只勾选一条记录'}
                              options={fieldOptions}
                              style={{ width: 260 }}
                              data-testid="correction-field"
                            />
                          </Form.Item>
                          <Form.Item name={[row.name, 'value']} noStyle>
                            <Input placeholder="更正后的内容" style={{ width: 360 }} data-testid="correction-value" />
                          </Form.Item>
                          {rows.length > 1 && <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label="删除" />}
                        </Space>
                      ))}
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                        添加一项
                      </Button>
                    </>
                  )}
                </Form.List>
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="note" label="核实说明（告知申请人，随记录保存）" rules={[{ required: true, whitespace: true, message: '请填写核实说明' }, { max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} showCount maxLength={2000} placeholder="如：经核实，该处罚决定已被复议机关撤销" data-testid="decision-note" />
        </Form.Item>
        <Popconfirm
          title={`确认${outcome ? OUTCOME_LABEL[outcome] : ''}？`}
          description="决定作出后异议即办结，结果告知申请人，不能再修改。"
          okText="确认"
          cancelText="取消"
          onConfirm={() => form.submit()}
          okButtonProps={{ 'data-testid': 'decision-confirm' }}
        >
          <Button type="primary" loading={busy} data-testid="decision-submit">
            提交处理决定
          </Button>
        </Popconfirm>
      </Form>
      {problem && <Alert type="warning" showIcon style={{ marginTop: 16 }} data-testid="decision-problem" title={problem} />}
      {error && <Alert type="error" showIcon style={{ marginTop: 16 }} data-testid="decision-error" title={error.zh} description={`错误代码：${error.code}`} />}
    </Card>
  );
}

function AffectedChecks({ o }: { o: Objection }) {
  // the server names measures and scenarios in Chinese: a raw id (dd-bidding) never shows, not even while loading
  const columns: TableProps<AffectedCheck>['columns'] = [
    { title: '核查时间', dataIndex: 'checkedAt', width: 160, render: (t: string) => formatDateTime(t) },
    { title: '核查部门', dataIndex: ['department', 'name'], render: (n: string) => <span data-testid="affected-department">{n}</span> },
    { title: '业务场景', dataIndex: 'scenarioName', width: 140 },
    { title: '事项编号', dataIndex: 'matterRef', width: 160, render: (m: string | null) => m ?? '—' },
    { title: '惩戒措施', dataIndex: 'measureName', render: (m: string) => <span data-testid="affected-measure">{m}</span> },
    { title: '实施反馈', dataIndex: 'feedback', width: 100, render: (f: string | null) => (f ? (FEEDBACK_LABEL[f] ?? f) : '未反馈') },
    { title: '依据记录', key: 'record', render: (_: unknown, a) => a.record.ref },
  ];
  return (
    <Card title="受影响的信用核查" data-testid="affected-checks">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        以下信用核查曾依据被撤销或更正的记录实施惩戒措施。平台已通知核查部门，由其依法恢复信用主体的相关权益。
      </Typography.Paragraph>
      <Table<AffectedCheck>
        rowKey={(a) => `${a.checkId}:${a.measureId}`}
        size="small"
        columns={columns}
        dataSource={o.affectedChecks}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="affected-checks-table"
        locale={{ emptyText: '没有依据该记录实施惩戒措施的信用核查' }}
      />
    </Card>
  );
}
