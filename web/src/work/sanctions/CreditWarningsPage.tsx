import { useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../shared/api.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { isDepartmentRole } from '../nav.ts';
import { useUser } from '../session.tsx';
import { sanctionsApi, type CreditWarning } from './api.ts';

type Values = { category: string; subject: string; ref: string; reason: string; firstDay?: Dayjs | null; lastDay?: Dayjs | null };

const STATE_COLOR: Record<CreditWarning['state'], string> = { open: 'orange', lifted: 'green', entered: 'red', ended: 'default' };
const DEFAULT_LIST = 'dishonest-debtor';

const problemOf = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, { code: 'UNKNOWN', zh: String(e), en: String(e) }));

// 联合奖惩 · 信用警示: the stage before a list entry where the list's rules allow it (the court's
// 失信被执行人 list by default, rules/list-lifecycle.json). The department of the list's owner
// kind records and lifts its own warnings; operators and auditors of the region read them. Never
// published, no measures.
export function CreditWarningsPage() {
  const user = useUser();
  const mayWrite = isDepartmentRole(user.role);
  const [form] = Form.useForm<Values>();
  const [subject, setSubject] = useState<string>();
  const warnings = useRequest(`credit-warnings:${subject ?? ''}`, (signal) => sanctionsApi.creditWarnings(subject, signal));
  const lists = useRequest(mayWrite ? 'lists' : null, (signal) => sanctionsApi.lists(signal));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [made, setMade] = useState<CreditWarning>();
  const [lifting, setLifting] = useState<CreditWarning>();

  const submit = async (v: Values) => {
    setSaving(true);
    setError(undefined);
    setMade(undefined);
    try {
      const w = await sanctionsApi.recordCreditWarning(v.category, {
        subject: v.subject.trim(),
        ref: v.ref.trim(),
        reason: v.reason.trim(),
        ...(v.firstDay ? { firstDay: v.firstDay.format('YYYY-MM-DD') } : {}),
        ...(v.lastDay ? { lastDay: v.lastDay.format('YYYY-MM-DD') } : {}),
      });
      setMade(w);
      form.resetFields(['subject', 'ref', 'reason', 'firstDay', 'lastDay']);
      warnings.reload();
    } catch (e) {
      setError(problemOf(e));
    } finally {
      setSaving(false);
    }
  };

  const columns: TableProps<CreditWarning>['columns'] = [
    { title: '状态', key: 'state', width: 100, render: (_: unknown, w) => <Tag color={STATE_COLOR[w.state]}>{w.stateName}</Tag> },
    { title: '名单', dataIndex: 'categoryName', width: 120 },
    { title: '案号（文书号）', dataIndex: 'ref', width: 190 },
    {
      title: '主体',
      key: 'subject',
      render: (_: unknown, w) => (
        <div>
          <div>{w.subject.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {w.subject.code ?? w.subject.maskedId ?? '—'}
          </Typography.Text>
        </div>
      ),
    },
    { title: '警示期', key: 'period', width: 200, render: (_: unknown, w) => `${w.firstDay} 至 ${w.lastDay}` },
    { title: '警示事由', dataIndex: 'reason', ellipsis: true },
    {
      title: '结果',
      key: 'result',
      width: 200,
      render: (_: unknown, w) => (w.lifted ? `${w.lifted.on} 解除：${w.lifted.reason}` : w.entered ? `${w.entered.on} 纳入名单（${w.entered.ref}）` : '—'),
    },
    { title: '作出部门', key: 'department', width: 180, ellipsis: true, render: (_: unknown, w) => w.department.name },
    ...(mayWrite
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 90,
            render: (_: unknown, w: CreditWarning) =>
              w.state === 'open' && w.department.uscc === user.department?.uscc ? (
                <Button size="small" onClick={() => setLifting(w)} data-testid="credit-warning-lift">
                  解除
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <title>信用警示 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        信用警示
      </Typography.Title>
      {mayWrite && (
        <Card title="作出信用警示" style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            在名单规则允许的情况下（默认：失信被执行人名单，最长 90 天），由名单认定部门（{user.department?.name ?? '本部门'}）在纳入名单前对已归集的主体作出信用警示。信用警示仅供工作人员查看，不向社会公开，不触发联合惩戒措施；到期、解除或纳入名单后结束。
          </Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" initialValues={{ category: DEFAULT_LIST }} data-testid="credit-warning-form">
            <Row gutter={16}>
              <Col xs={24} md={6}>
                <Form.Item name="category" label="名单" rules={[{ required: true, message: '请选择名单' }]}>
                  <Select loading={lists.loading} options={(lists.data?.lists ?? []).map((l) => ({ value: l.code, label: l.name }))} data-testid="credit-warning-list" />
                </Form.Item>
              </Col>
              <Col xs={24} md={9}>
                <Form.Item name="subject" label="主体代码" extra="统一社会信用代码或身份证号码" rules={[{ required: true, whitespace: true, message: '请输入主体代码' }, { max: 64 }]}>
                  <Input data-testid="credit-warning-subject" />
                </Form.Item>
              </Col>
              <Col xs={24} md={9}>
                <Form.Item name="ref" label="案号（文书号）" rules={[{ required: true, whitespace: true, message: '请输入案号' }, { max: 128 }]}>
                  <Input placeholder="如：（2026）冀0102执123号" data-testid="credit-warning-ref" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col xs={24} md={6}>
                <Form.Item name="firstDay" label="开始日期" extra="默认今天">
                  <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="lastDay" label="截止日期" extra="默认为规则允许的最长期限">
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="reason" label="警示事由" rules={[{ required: true, whitespace: true, message: '请填写警示事由' }, { max: 2000 }]}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="credit-warning-reason" />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="credit-warning-submit">
              作出警示
            </Button>
          </Form>
          {error && <Alert type="error" showIcon style={{ marginTop: 16 }} title={error.zh} description={`错误代码：${error.code}`} data-testid="credit-warning-error" />}
          {made && <Alert type="success" showIcon style={{ marginTop: 16 }} title={`已作出信用警示：${made.ref}（${made.firstDay} 至 ${made.lastDay}）`} data-testid="credit-warning-done" />}
        </Card>
      )}
      <Card
        title="信用警示记录"
        extra={
          <Input.Search
            allowClear
            placeholder="按主体代码查找"
            aria-label="按主体代码查找"
            style={{ width: 260 }}
            onSearch={(v) => setSubject(v.trim() || undefined)}
            data-testid="credit-warning-search"
          />
        }
      >
        {warnings.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={warnings.error.zh} description={`错误代码：${warnings.error.code}`} />}
        <Table<CreditWarning> rowKey="id" size="middle" columns={columns} dataSource={warnings.data?.items ?? []} loading={warnings.loading} scroll={{ x: 1300 }} data-testid="credit-warnings" />
      </Card>
      {lifting && <LiftDialog warning={lifting} onClose={() => setLifting(undefined)} onLifted={() => { setLifting(undefined); warnings.reload(); }} />}
    </>
  );
}

function LiftDialog({ warning, onClose, onLifted }: { warning: CreditWarning; onClose: () => void; onLifted: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await sanctionsApi.liftCreditWarning(warning.id, { reason });
      onLifted();
    } catch (e) {
      setError(problemOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`解除信用警示：${warning.ref}`} okText="解除" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} okButtonProps={{ ...{ 'data-testid': 'credit-warning-lift-submit' } }}>
      <Typography.Paragraph>
        {warning.subject.name}，警示期 {warning.firstDay} 至 {warning.lastDay}。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error.zh} data-testid="credit-warning-lift-error" />}
      <Form layout="vertical">
        <Form.Item label="解除理由">
          <Input.TextArea rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="credit-warning-lift-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
