import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { workApi, type ApiClient, type ClientScope, type IssuedClient } from '../api.ts';
import { useUser } from '../session.tsx';
import { SCOPE_LABEL, formatDateTime } from '../nav.ts';
import { OnceValue, OnceWarning } from './OneTime.tsx';

const SCOPES: ClientScope[] = ['collect', 'check', 'feedback', 'query-personal'];

function lastUsed(c: ApiClient): string | null {
  const times = c.secrets.map((s) => s.lastUsedAt).filter((t): t is string => !!t);
  return times.length ? times.sort().at(-1)! : null;
}

// 系统管理 · 接口凭证: API clients of department systems; the secret is shown once at creation.
export function ClientsPage() {
  const me = useUser();
  const { message } = AntApp.useApp();
  const list = useRequest('clients', (signal) => workApi.listClients(signal));
  const [adding, setAdding] = useState(false);
  const [issued, setIssued] = useState<IssuedClient | undefined>();

  const revoke = async (c: ApiClient) => {
    try {
      await workApi.revokeClient(c.keyId);
      message.success(`已吊销 ${c.name}`);
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) message.error(e.zh);
    }
  };

  const columns: TableProps<ApiClient>['columns'] = [
    { title: '名称', dataIndex: 'name', render: (n: string) => <span data-testid="client-name">{n}</span> },
    {
      title: '状态',
      key: 'state',
      width: 80,
      render: (_: unknown, c) => (c.revokedAt ? <Tag title={`吊销于 ${formatDateTime(c.revokedAt)}`}>已吊销</Tag> : <Tag color="success">有效</Tag>),
    },
    { title: '密钥编号', dataIndex: 'keyId', width: 190, render: (k: string) => <Typography.Text code copyable={{ text: k }}>{k}</Typography.Text> },
    { title: '所属部门', key: 'department', render: (_: unknown, c) => c.department.name },
    { title: '权限范围', dataIndex: 'scopes', render: (s: ClientScope[]) => s.map((x) => <Tag key={x}>{SCOPE_LABEL[x] ?? x}</Tag>) },
    {
      title: '有效密钥',
      key: 'secrets',
      width: 80,
      align: 'right',
      render: (_: unknown, c) => c.secrets.filter((s) => s.active).length,
    },
    { title: '最近使用', key: 'lastUsed', width: 160, render: (_: unknown, c) => formatDateTime(lastUsed(c)) },
    { title: '创建时间', dataIndex: 'createdAt', width: 160, render: (t: string) => formatDateTime(t) },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_: unknown, c) =>
        c.revokedAt ? null : (
          <Popconfirm
            title={`吊销“${c.name}”？`}
            description="吊销后该系统的所有密钥立即失效，且不能恢复。"
            okText="吊销"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => revoke(c)}
          >
            <Button size="small" danger data-testid="client-revoke">
              吊销
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <title>接口凭证 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        接口凭证
      </Typography.Title>
      <Card
        title={me.department ? `${me.department.name}的接口凭证` : `${me.regionName}各部门的接口凭证`}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              刷新
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="client-add">
              创建接口凭证
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          部门业务系统用接口凭证对每个请求签名（HMAC-SHA256，见接口规范 /api/v1/openapi.json）。密钥轮换请在服务器上使用 <Typography.Text code>xinyong clients rotate</Typography.Text>。
        </Typography.Paragraph>
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<ApiClient>
            rowKey="keyId"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 1150 }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 个` }}
            data-testid="clients-table"
            locale={{ emptyText: list.loading ? <div style={{ height: 120 }} /> : <Empty description="暂无接口凭证" /> }}
          />
        )}
      </Card>
      {adding && (
        <AddClientModal
          onClose={() => setAdding(false)}
          onCreated={(r) => {
            setAdding(false);
            setIssued(r);
            list.reload();
          }}
        />
      )}
      {issued && (
        <Modal
          open
          title={`已创建接口凭证：${issued.client.name}`}
          maskClosable={false}
          width={640}
          onCancel={() => setIssued(undefined)}
          footer={
            <Button type="primary" onClick={() => setIssued(undefined)} data-testid="issued-close">
              我已妥善保存
            </Button>
          }
        >
          <div data-testid="issued-client">
            <OnceWarning what="接口密钥" />
            <OnceValue label="凭证（密钥编号:密钥，供只接受一个字符串的工具使用）" value={issued.credential} testId="issued-credential" />
            <OnceValue label="密钥编号（X-Xy-Key-Id）" value={issued.signingKeyId} testId="issued-key-id" />
            <OnceValue label="密钥（HMAC-SHA256，Base64URL）" value={issued.secret} testId="issued-secret" />
          </div>
        </Modal>
      )}
    </>
  );
}

type Values = { departmentId: number; name: string; scopes: ClientScope[] };

function AddClientModal({ onClose, onCreated }: { onClose: () => void; onCreated: (r: IssuedClient) => void }) {
  const me = useUser();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const departments = useRequest('departments', (signal) => workApi.listDepartments(signal));

  const submit = async (v: Values) => {
    setSaving(true);
    setError(undefined);
    try {
      onCreated(await workApi.createClient({ departmentId: v.departmentId, name: v.name.trim(), scopes: v.scopes }));
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title="创建接口凭证" okText="创建" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'client-save' }}>
      {error && <Alert type="error" showIcon title={error.zh} style={{ marginBottom: 16 }} data-testid="client-error" />}
      {departments.error && <ErrorAlert error={departments.error} onRetry={departments.reload} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" initialValues={{ departmentId: me.department?.id, scopes: ['collect'] }}>
        <Form.Item name="departmentId" label="所属部门" rules={[{ required: true, message: '请选择部门' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={departments.loading}
            disabled={me.department !== null}
            options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.regionName}）` }))}
            placeholder="选择部门"
            data-testid="client-form-department"
          />
        </Form.Item>
        <Form.Item name="name" label="业务系统名称" rules={[{ required: true, whitespace: true, message: '请输入名称' }, { max: 100 }]}>
          <Input placeholder="如：市场监管行政处罚系统" data-testid="client-form-name" />
        </Form.Item>
        <Form.Item name="scopes" label="权限范围" rules={[{ required: true, type: 'array', min: 1, message: '至少选择一项' }]}>
          <Checkbox.Group options={SCOPES.map((s) => ({ value: s, label: SCOPE_LABEL[s] }))} data-testid="client-form-scopes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
