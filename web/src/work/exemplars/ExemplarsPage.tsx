import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { useUser } from '../session.tsx';
import { isDepartmentRole } from '../nav.ts';
import { exemplarsApi, type Exemplar } from './api.ts';

const STATUS: Record<Exemplar['status'], { label: string; color: string }> = {
  nominated: { label: '待审核', color: 'processing' },
  publicity: { label: '公示中', color: 'warning' },
  approved: { label: '已认定', color: 'success' },
  rejected: { label: '未通过', color: 'default' },
  withdrawn: { label: '已撤销', color: 'error' },
};

type Action = { kind: 'pass' | 'reject-review' | 'approve' | 'reject-decision'; exemplar: Exemplar };
const ACTION_TITLES: Record<Action['kind'], string> = { pass: '审核通过并公示', 'reject-review': '审核不通过', approve: '认定为诚信典型', 'reject-decision': '不予认定' };

// 联合奖惩 · 诚信典型: departments nominate; operators review (the platform checks the subject's file),
// the 公示 runs on 信用河北, and after it they decide. The list of the caller's departments or region.
export function ExemplarsPage() {
  const user = useUser();
  const mine = isDepartmentRole(user.role);
  const reviewer = user.role === 'operator' || user.role === 'platform_admin';
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? undefined) as Exemplar['status'] | undefined;
  const list = useRequest(`exemplars:${status ?? ''}`, (signal) => exemplarsApi.list(status ? { status } : {}, signal));
  const [nominating, setNominating] = useState(false);
  const [form] = Form.useForm<{ subject: string; title: string; domain: string; deeds: string; year?: number }>();
  const [action, setAction] = useState<Action | undefined>();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  const nominate = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(undefined);
    try {
      const e = await exemplarsApi.nominate({ subject: v.subject.trim(), title: v.title.trim(), domain: v.domain.trim(), deeds: v.deeds.trim(), ...(v.year ? { year: v.year } : {}) });
      message.success(`已推荐，编号 ${e.number}，待运营人员审核`);
      setNominating(false);
      form.resetFields();
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  const act = async () => {
    if (!action) return;
    setSaving(true);
    setError(undefined);
    try {
      const id = action.exemplar.exemplarId;
      const body = note.trim() ? { note: note.trim() } : {};
      const e =
        action.kind === 'pass' || action.kind === 'reject-review'
          ? await exemplarsApi.review(id, { decision: action.kind === 'pass' ? 'pass' : 'reject', ...body })
          : await exemplarsApi.decide(id, { decision: action.kind === 'approve' ? 'approve' : 'reject', ...body });
      message.success(e.status === 'publicity' ? `${e.number} 已进入公示，公示期至 ${e.publicityUntil}` : `${e.number}：${STATUS[e.status].label}`);
      setAction(undefined);
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  const open = (a: Action) => {
    setAction(a);
    setNote('');
    setError(undefined);
  };

  const columns: TableProps<Exemplar>['columns'] = [
    { title: '编号', dataIndex: 'number', width: 150, render: (n: string) => <span data-testid="exemplar-number">{n}</span> },
    {
      title: '主体',
      key: 'subject',
      render: (_: unknown, e) => (
        <div>
          <div>{e.subject.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.subject.uscc ?? ''}
          </Typography.Text>
        </div>
      ),
    },
    { title: '年度', dataIndex: 'year', width: 70 },
    { title: '领域', dataIndex: 'domain', width: 110 },
    { title: '称号', dataIndex: 'title', width: 160 },
    { title: '事迹', dataIndex: 'deeds', ellipsis: true },
    { title: '推荐单位', dataIndex: 'department', width: 170 },
    { title: '公示期', key: 'publicity', width: 200, render: (_: unknown, e) => (e.publicityFrom ? `${e.publicityFrom} 至 ${e.publicityUntil}` : '—') },
    {
      title: '状态',
      key: 'status',
      width: 150,
      render: (_: unknown, e) => (
        <span data-testid="exemplar-status">
          <Tag color={STATUS[e.status].color}>{STATUS[e.status].label}</Tag>
          {e.objections > 0 && <Typography.Text type="warning" style={{ fontSize: 12 }}>异议 {e.objections} 件</Typography.Text>}
          {e.withdrawReason && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {e.withdrawReason}
            </Typography.Text>
          )}
        </span>
      ),
    },
    ...(reviewer
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 190,
            fixed: 'right' as const,
            render: (_: unknown, e: Exemplar) =>
              e.status === 'nominated' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => open({ kind: 'pass', exemplar: e })} data-testid="exemplar-pass">
                    审核通过
                  </Button>
                  <Button size="small" onClick={() => open({ kind: 'reject-review', exemplar: e })}>
                    不通过
                  </Button>
                </Space>
              ) : e.status === 'publicity' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => open({ kind: 'approve', exemplar: e })} data-testid="exemplar-approve">
                    认定
                  </Button>
                  <Button size="small" onClick={() => open({ kind: 'reject-decision', exemplar: e })}>
                    不予认定
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <title>诚信典型 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        诚信典型
      </Typography.Title>
      <Card
        title={mine && user.department ? `${user.department.name}推荐的诚信典型` : `${user.regionName}各部门推荐的诚信典型`}
        extra={
          <Space>
            <Select
              allowClear
              placeholder="全部状态"
              style={{ width: 120 }}
              value={status}
              options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
              onChange={(v) => setParams(withParams(params, { status: v ?? undefined }))}
              data-testid="exemplars-status-filter"
            />
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              刷新
            </Button>
            {mine && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => {
                  setNominating(true);
                  setError(undefined);
                }}
                data-testid="exemplar-nominate"
              >
                推荐诚信典型
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          各部门推荐，运营人员审核：审核通过时平台核查主体近 3 年有无不良信用记录，通过后在信用河北公示（公示天数见规则 rules/exemplars.json，默认 7 天），公示期间社会公众可提出异议；公示期满后认定，认定后纳入诚信典型红名单，享受绿色通道等激励措施。公示期间或有效期内出现不良记录的，平台自动撤销。
        </Typography.Paragraph>
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Exemplar>
            rowKey="exemplarId"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 1300 }}
            data-testid="exemplars-table"
            locale={{ emptyText: list.loading ? <div style={{ height: 120 }} /> : <Empty description="没有诚信典型推荐" /> }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 项` }}
          />
        )}
      </Card>
      <Modal
        open={nominating}
        title="推荐诚信典型"
        okText="推荐"
        cancelText="取消"
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'exemplar-nominate-ok' }}
        onOk={nominate}
        onCancel={() => setNominating(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="subject" label="主体代码（统一社会信用代码）" rules={[{ required: true, whitespace: true, message: '请填写主体代码' }]}>
            <Input maxLength={64} data-testid="exemplar-subject" />
          </Form.Item>
          <Form.Item name="title" label="称号" rules={[{ required: true, whitespace: true, message: '请填写称号' }]}>
            <Input maxLength={200} placeholder="如：诚信经营示范企业" data-testid="exemplar-title" />
          </Form.Item>
          <Form.Item name="domain" label="领域" rules={[{ required: true, whitespace: true, message: '请填写领域' }]}>
            <Input maxLength={100} placeholder="如：市场监管" data-testid="exemplar-domain" />
          </Form.Item>
          <Form.Item name="deeds" label="典型事迹" rules={[{ required: true, whitespace: true, message: '请填写典型事迹' }]}>
            <Input.TextArea rows={4} maxLength={4000} data-testid="exemplar-deeds" />
          </Form.Item>
          <Form.Item name="year" label="评选年度（默认今年）">
            <InputNumber min={2000} max={2100} style={{ width: 140 }} />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error.zh} data-testid="exemplar-error" />}
      </Modal>
      <Modal
        open={action !== undefined}
        title={action ? `${ACTION_TITLES[action.kind]}：${action.exemplar.number}` : ''}
        okText={action ? ACTION_TITLES[action.kind] : ''}
        cancelText="取消"
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'exemplar-action-ok' }}
        onOk={act}
        onCancel={() => setAction(undefined)}
        destroyOnHidden
      >
        {action?.kind === 'pass' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="平台将核查该主体近 3 年有无不良信用记录；通过后即日起在信用河北公示。" />}
        {action?.kind === 'approve' && action.exemplar.objections > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`公示期间收到异议 ${action.exemplar.objections} 件，请说明处理情况。`} />}
        <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={action?.kind.startsWith('reject') ? '理由（必填）' : '说明（选填）'} data-testid="exemplar-action-note" />
        {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error.zh} data-testid="exemplar-action-error" />}
      </Modal>
    </>
  );
}
