import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Drawer, Empty, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { useUser } from '../session.tsx';
import { isDepartmentRole } from '../nav.ts';
import { subscriptionsApi, type NewSubscription, type Subscription, type SubscriptionEvent } from './api.ts';

const LISTS = [
  { value: 'serious-dishonesty', label: '严重失信主体名单' },
  { value: 'dishonest-debtor', label: '失信被执行人名单' },
  { value: 'a-taxpayer', label: 'A级纳税人名单' },
  { value: 'integrity-exemplar', label: '诚信典型' },
];
const EVENT_KIND: Record<SubscriptionEvent['kind'], string> = { entry: '列入', exit: '移出', change: '变更' };
const ACTIONS = [
  { value: 'applied', label: '已实施措施' },
  { value: 'not-applied', label: '未实施' },
  { value: 'not-applicable', label: '不适用' },
  { value: 'noted', label: '已知悉' },
];

type AddForm = { kind: 'list-changes' | 'checked-subjects'; categories?: string[]; checkedDays?: number; url?: string };

// 联合奖惩 · 变动订阅 (响应): the department's subscriptions to list entries/exits or to changes to
// subjects it checked; each one's events (the feed) with 反馈, and its webhook delivery log.
export function SubscriptionsPage() {
  const user = useUser();
  const mine = isDepartmentRole(user.role);
  const { message } = AntApp.useApp();
  const list = useRequest('subscriptions', (signal) => subscriptionsApi.list(signal));
  const [form] = Form.useForm<AddForm>();
  const kind = Form.useWatch('kind', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [created, setCreated] = useState<NewSubscription | undefined>();
  const [open, setOpen] = useState<Subscription | undefined>();

  const add = async (v: AddForm) => {
    setSaving(true);
    setError(undefined);
    try {
      const s = await subscriptionsApi.add({ kind: v.kind, ...(v.kind === 'list-changes' ? { categories: v.categories ?? [] } : { checkedDays: v.checkedDays ?? 30 }), ...(v.url?.trim() ? { url: v.url.trim() } : {}) });
      setCreated(s);
      form.resetFields();
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };
  const end = async (s: Subscription) => {
    try {
      await subscriptionsApi.end(s.id);
      message.success('已取消订阅');
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) message.error(e.zh);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>变动订阅</Typography.Title>
      {mine && (
        <Card title="新增订阅" size="small">
          <Form form={form} layout="inline" initialValues={{ kind: 'list-changes' }} onFinish={add}>
            <Form.Item name="kind" label="订阅内容">
              <Select style={{ width: 200 }} options={[{ value: 'list-changes', label: '名单列入与移出' }, { value: 'checked-subjects', label: '本部门核查过的主体' }]} />
            </Form.Item>
            {kind !== 'checked-subjects' ? (
              <Form.Item name="categories" label="名单">
                <Select mode="multiple" style={{ minWidth: 260 }} options={LISTS} placeholder="选择名单" />
              </Form.Item>
            ) : (
              <Form.Item name="checkedDays" label="核查于最近（天）">
                <InputNumber min={1} max={3650} placeholder="30" />
              </Form.Item>
            )}
            <Form.Item name="url" label="推送地址">
              <Input style={{ width: 320 }} placeholder="https://…（不填则仅在此处补取）" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              订阅
            </Button>
          </Form>
          {error && <ErrorAlert error={error} />}
        </Card>
      )}
      <Card
        title="订阅列表"
        size="small"
        extra={<Button icon={<ReloadOutlined />} onClick={list.reload} aria-label="刷新" />}
      >
        {list.error && <ErrorAlert error={list.error} />}
        <Table<Subscription>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description="暂无订阅" /> }}
          columns={[
            { title: '订阅内容', render: (_, s) => (s.kind === 'list-changes' ? `名单：${s.categories.map((c) => LISTS.find((l) => l.value === c)?.label ?? c).join('、')}` : `最近 ${s.checkedDays} 天核查过的主体`) },
            { title: '推送地址', dataIndex: 'url', render: (u: string | null) => u ?? <Typography.Text type="secondary">仅补取</Typography.Text> },
            { title: '状态', dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="success">生效</Tag> : <Tag>已取消</Tag>) },
            {
              title: '操作',
              render: (_, s) => (
                <Space>
                  <Button size="small" onClick={() => setOpen(s)}>
                    事件与推送记录
                  </Button>
                  {mine && s.active && (
                    <Button size="small" danger onClick={() => void end(s)}>
                      取消订阅
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal open={created !== undefined} title="订阅已创建" onOk={() => setCreated(undefined)} onCancel={() => setCreated(undefined)} cancelButtonProps={{ style: { display: 'none' } }}>
        <Alert type="warning" showIcon message="签名密钥只显示这一次，请立即交给接收系统保存" />
        <p>
          密钥编号（X-Xy-Key-Id）：<Typography.Text code copyable>{created?.keyId}</Typography.Text>
        </p>
        <p>
          签名密钥：<Typography.Text code copyable>{created?.secret}</Typography.Text>
        </p>
      </Modal>
      <Drawer open={open !== undefined} width={760} title="事件与推送记录" onClose={() => setOpen(undefined)} destroyOnClose>
        {open && <SubscriptionDetail subscription={open} mine={mine} />}
      </Drawer>
    </Space>
  );
}

function SubscriptionDetail({ subscription, mine }: { subscription: Subscription; mine: boolean }) {
  const { message } = AntApp.useApp();
  const feed = useRequest(`feed:${subscription.id}`, (signal) => subscriptionsApi.feed(subscription.id, 0, signal));
  const log = useRequest(`deliveries:${subscription.id}`, (signal) => subscriptionsApi.deliveries(subscription.id, signal));
  const [reply, setReply] = useState<SubscriptionEvent | undefined>();
  const [action, setAction] = useState('applied');
  const [note, setNote] = useState('');
  const send = async () => {
    if (!reply) return;
    try {
      await subscriptionsApi.feedback(reply.eventId, { action, note });
      message.success('反馈已提交');
      setReply(undefined);
      setNote('');
    } catch (e) {
      if (e instanceof ApiError) message.error(e.zh);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={5}>事件</Typography.Title>
      {feed.error && <ErrorAlert error={feed.error} />}
      <Table<SubscriptionEvent>
        rowKey="eventId"
        size="small"
        loading={feed.loading}
        dataSource={feed.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '序号', dataIndex: 'seq' },
          { title: '类型', dataIndex: 'kind', render: (k: SubscriptionEvent['kind']) => EVENT_KIND[k] },
          { title: '主体', render: (_, e) => e.subject.name ?? e.subject.id },
          // a person's record that is not public: withheld (read it through a check or the credit query)
          { title: '文书号', render: (_, e) => e.record?.sourceRef ?? '（不公示信息，已隐去）' },
          { title: '报送部门', dataIndex: 'department' },
          { title: '推送', render: (_, e) => (e.delivered ? <Tag color="success">已送达</Tag> : subscription.url ? <Tag color="warning">未送达（{e.attempts} 次）</Tag> : <Tag>仅补取</Tag>) },
          ...(mine ? [{ title: '反馈', render: (_: unknown, e: SubscriptionEvent) => <Button size="small" onClick={() => setReply(e)}>反馈</Button> }] : []),
        ]}
      />
      <Typography.Title level={5}>推送记录</Typography.Title>
      {log.error && <ErrorAlert error={log.error} />}
      <Table
        rowKey={(d) => `${d.eventId}:${d.attempt}`}
        size="small"
        loading={log.loading}
        dataSource={log.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '时间', dataIndex: 'at' },
          { title: '事件', dataIndex: 'eventId', render: (v: string) => v.slice(0, 8) },
          { title: '第几次', dataIndex: 'attempt' },
          { title: '结果', render: (_, d) => (d.ok ? <Tag color="success">成功 {d.statusCode}</Tag> : <Tag color="error">{d.error ?? d.statusCode}</Tag>) },
        ]}
      />
      <Modal open={reply !== undefined} title="反馈" onOk={() => void send()} onCancel={() => setReply(undefined)} okButtonProps={{ disabled: !note.trim() }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select value={action} onChange={setAction} options={ACTIONS} style={{ width: 200 }} />
          <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder="反馈说明" />
        </Space>
      </Modal>
    </Space>
  );
}
