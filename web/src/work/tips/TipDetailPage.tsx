import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Radio, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { formatDateTime } from '../nav.ts';
import { useUser } from '../session.tsx';
import { TIP_STATUS_COLOR, TIP_STATUS_LABEL, tipEvidenceUrl, tipsWorkApi, type ReporterAnswer, type TipDetail, type TipOutcomeRequest } from './api.ts';

const NOTE_KIND: Record<string, string> = { note: '备注', route: '分派', escalation: '督办', outcome: '办结', 'record-link': '关联记录' };
const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, { code: 'UNKNOWN', zh: String(e), en: String(e) }));

// One tip: what was reported, the evidence, the internal history; for the tip handlers of the
// department it is routed to: notes, the outcome, a link to the record submitted later, and the
// reporter behind a purpose (audited). Operators re-route it.
export function TipDetailPage() {
  const { id: raw = '' } = useParams();
  const id = Number(raw);
  const user = useUser();
  const handler = user.role === 'tip_handler';
  const tip = useRequest(Number.isInteger(id) && id > 0 ? `tip:${id}` : null, (signal) => tipsWorkApi.detail(id, signal));
  const [current, setCurrent] = useState<TipDetail>();
  const t = current ?? tip.data;
  if (tip.error) return <ErrorAlert error={tip.error} onRetry={tip.reload} />;
  if (!t) return <Card loading />;
  const open = t.status === 'received' || t.status === 'in-progress';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <title>{`举报 ${t.receiptNumber} - 工作台`}</title>
      <Card title={`举报 ${t.receiptNumber}`} extra={<Tag color={TIP_STATUS_COLOR[t.status]} data-testid="tip-detail-status">{TIP_STATUS_LABEL[t.status]}</Tag>}>
        <Descriptions bordered column={2} size="small">
          <Descriptions.Item label="被举报主体">{t.subjectName}</Descriptions.Item>
          <Descriptions.Item label="主体代码">{t.subjectCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="举报事项" span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{t.matter}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label="承办部门">{t.departmentName ?? <Tag color="red">待分派</Tag>}</Descriptions.Item>
          <Descriptions.Item label="事项类别">{t.matterKind}</Descriptions.Item>
          <Descriptions.Item label="受理日期">{t.receivedOn}</Descriptions.Item>
          <Descriptions.Item label="办理期限">{t.overdue ? <Tag color="red">{t.dueDate} 已逾期{t.escalationLevel > 0 ? `（第 ${t.escalationLevel} 次督办）` : ''}</Tag> : t.dueDate}</Descriptions.Item>
          <Descriptions.Item label="举报方式">{t.hasReporter ? '实名' : '匿名'}</Descriptions.Item>
          <Descriptions.Item label="关联信用记录">{t.linkedRecordIds.length ? t.linkedRecordIds.join('、') : '—'}</Descriptions.Item>
          {t.outcomeOn && <Descriptions.Item label="办结日期">{t.outcomeOn}</Descriptions.Item>}
          {t.publicReply && <Descriptions.Item label="答复举报人">{t.publicReply}</Descriptions.Item>}
          {t.forwardedTo && <Descriptions.Item label="已转交">{t.forwardedTo}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {handler && t.hasReporter && <ReporterCard id={t.id} />}
      <Card title="证据材料" size="small">
        <Table
          rowKey="seq"
          size="small"
          pagination={false}
          dataSource={t.evidence}
          columns={[
            { title: '#', dataIndex: 'seq', width: 60 },
            { title: '类型', dataIndex: 'contentType' },
            { title: '大小', dataIndex: 'size', render: (n: number) => `${(n / 1024).toFixed(1)} KB` },
            { title: '上传时间', dataIndex: 'uploadedAt', render: (d: string) => formatDateTime(d) },
            ...(handler ? [{ title: '', key: 'dl', render: (_: unknown, f: { seq: number }) => <a href={tipEvidenceUrl(t.id, f.seq)}>下载</a> }] : []),
          ]}
        />
      </Card>
      <Card title="办理记录（内部）" size="small">
        <Timeline items={t.notes.map((n) => ({ children: <span data-testid="tip-note">[{NOTE_KIND[n.kind] ?? n.kind}] {formatDateTime(n.at)} {n.actor}：{n.text}</span> }))} />
      </Card>
      {handler && open && <HandleCard t={t} onChange={setCurrent} />}
      {handler && t.status === 'substantiated' && <LinkRecordCard t={t} onChange={setCurrent} />}
      {!handler && open && <RouteCard t={t} onChange={setCurrent} />}
    </Space>
  );
}

function ReporterCard({ id }: { id: number }) {
  const [asking, setAsking] = useState(false);
  const [answer, setAnswer] = useState<ReporterAnswer>();
  const [error, setError] = useState<ApiError>();
  const [form] = Form.useForm<{ purpose: string }>();
  return (
    <Card title="举报人信息" size="small">
      {answer?.reporter ? (
        <Descriptions size="small" column={2} data-testid="tip-reporter">
          <Descriptions.Item label="姓名">{answer.reporter.name}</Descriptions.Item>
          <Descriptions.Item label="联系电话">{answer.reporter.phone}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Space>
          <Typography.Text type="secondary">举报人信息严格保密：查阅须说明事由，记入审计日志。</Typography.Text>
          <Button onClick={() => setAsking(true)} data-testid="tip-reporter-open">查阅举报人</Button>
        </Space>
      )}
      <Modal
        open={asking}
        title="查阅举报人信息"
        okText="查阅"
        cancelText="取消"
        onCancel={() => setAsking(false)}
        onOk={() =>
          form.validateFields().then(async (v) => {
            try {
              setAnswer(await tipsWorkApi.reporter(id, v.purpose));
              setAsking(false);
            } catch (e) {
              setError(asApiError(e));
            }
          })
        }
      >
        {error && <ErrorAlert error={error} />}
        <Form form={form} layout="vertical">
          <Form.Item name="purpose" label="查阅事由" rules={[{ required: true, message: '请说明事由' }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="tip-reporter-purpose" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function HandleCard({ t, onChange }: { t: TipDetail; onChange: (d: TipDetail) => void }) {
  const [error, setError] = useState<ApiError>();
  const [noteForm] = Form.useForm<{ text: string }>();
  const [form] = Form.useForm<TipOutcomeRequest>();
  const outcome = Form.useWatch('outcome', form);
  return (
    <Card title="办理" size="small">
      {error && <ErrorAlert error={error} />}
      <Form
        form={noteForm}
        layout="inline"
        onFinish={async (v) => {
          try {
            onChange(await tipsWorkApi.note(t.id, v.text));
            noteForm.resetFields();
          } catch (e) {
            setError(asApiError(e));
          }
        }}
        style={{ marginBottom: 16 }}
      >
        <Form.Item name="text" rules={[{ required: true, message: '请填写备注' }]} style={{ flex: 1 }}>
          <Input placeholder="办理备注（内部）" maxLength={2000} />
        </Form.Item>
        <Button htmlType="submit">添加备注</Button>
      </Form>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            onChange(await tipsWorkApi.outcome(t.id, v));
          } catch (e) {
            setError(asApiError(e));
          }
        }}
      >
        <Form.Item name="outcome" label="办理结果" rules={[{ required: true, message: '请选择办理结果' }]}>
          <Radio.Group
            options={[
              { value: 'substantiated', label: '查证属实' },
              { value: 'unsubstantiated', label: '查无实据' },
              { value: 'not-competent', label: '不属本部门职责（转交）' },
            ]}
          />
        </Form.Item>
        {outcome === 'not-competent' && (
          <Form.Item name="forwardedTo" label="转交部门" rules={[{ required: true, message: '请填写转交部门' }]}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        <Form.Item name="note" label="办理意见（内部，举报人看不到）" rules={[{ required: true, message: '请填写办理意见' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="reply" label="答复举报人" rules={[{ required: true, message: '请填写答复' }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit">办结</Button>
      </Form>
    </Card>
  );
}

function LinkRecordCard({ t, onChange }: { t: TipDetail; onChange: (d: TipDetail) => void }) {
  const [error, setError] = useState<ApiError>();
  return (
    <Card title="关联信用记录" size="small">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="查证属实后，依法作出的处罚等信用记录通过数据归集正常报送后，在此按类别和文书号关联。" />
      {error && <ErrorAlert error={error} />}
      <Form
        layout="inline"
        initialValues={{ category: 'penalty' }}
        onFinish={async (v: { category: string; sourceRef: string }) => {
          try {
            onChange(await tipsWorkApi.linkRecord(t.id, v.category, v.sourceRef));
            setError(undefined);
          } catch (e) {
            setError(asApiError(e));
          }
        }}
      >
        <Form.Item name="category" label="类别" rules={[{ required: true }]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="sourceRef" label="文书号" rules={[{ required: true, message: '请填写文书号' }]}>
          <Input style={{ width: 260 }} />
        </Form.Item>
        <Button htmlType="submit">关联</Button>
      </Form>
    </Card>
  );
}

function RouteCard({ t, onChange }: { t: TipDetail; onChange: (d: TipDetail) => void }) {
  const [error, setError] = useState<ApiError>();
  return (
    <Card title="改派" size="small">
      {error && <ErrorAlert error={error} />}
      <Form
        layout="inline"
        onFinish={async (v: { departmentId: number; reason: string }) => {
          try {
            onChange(await tipsWorkApi.route(t.id, v.departmentId, v.reason));
            setError(undefined);
          } catch (e) {
            setError(asApiError(e));
          }
        }}
      >
        <Form.Item name="departmentId" label="部门编号" rules={[{ required: true, message: '请填写部门编号' }]}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name="reason" label="理由" rules={[{ required: true, message: '请填写改派理由' }]}>
          <Input style={{ width: 320 }} maxLength={500} />
        </Form.Item>
        <Button htmlType="submit">改派</Button>
      </Form>
    </Card>
  );
}
