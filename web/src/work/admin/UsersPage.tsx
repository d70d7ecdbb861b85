import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Dropdown, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { TableProps } from 'antd';
import { MoreOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { workApi, type IssuedUser, type ListedStaffUser, type Role } from '../api.ts';
import { useUser } from '../session.tsx';
import { ROLE_COLOR, ROLE_LABEL, formatDateTime, grantableRoles, isDepartmentBound, regionTree } from '../nav.ts';
import { OnceValue, OnceWarning, TotpEnrolmentView } from './OneTime.tsx';

type Change = Parameters<typeof workApi.updateUser>[1];

// 系统管理 · 用户管理: accounts in the administrator's scope (a department administrator: the
// department roles of their department); add, disable, unlock, reset password or TOTP.
export function UsersPage() {
  const me = useUser();
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), 20, 100);
  const list = useRequest(`users:${page}:${pageSize}`, (signal) => workApi.listUsers(page, pageSize, signal));
  const [adding, setAdding] = useState(false);
  const [issued, setIssued] = useState<{ title: string; issued: IssuedUser } | undefined>();
  const [busyId, setBusyId] = useState<number | undefined>();

  const change = async (u: ListedStaffUser, body: Change, done: string) => {
    setBusyId(u.id);
    try {
      const r = await workApi.updateUser(u.id, body);
      if (r.password || r.totp) setIssued({ title: `${u.displayName}（${u.username}）的新凭据`, issued: r });
      else message.success(done);
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) message.error(e.zh);
    } finally {
      setBusyId(undefined);
    }
  };

  const columns: TableProps<ListedStaffUser>['columns'] = [
    { title: '用户名', dataIndex: 'username', width: 130, render: (n: string) => <span data-testid="user-username">{n}</span> },
    { title: '姓名', dataIndex: 'displayName', width: 100 },
    { title: '角色', dataIndex: 'role', width: 110, render: (r: Role) => <Tag color={ROLE_COLOR[r]}>{ROLE_LABEL[r]}</Tag> },
    { title: '所属部门 / 区划', key: 'where', render: (_: unknown, u) => u.department?.name ?? u.regionName },
    { title: '动态口令', dataIndex: 'totpEnabled', width: 90, render: (t: boolean) => (t ? <Tag color="blue">已启用</Tag> : <Tag>未启用</Tag>) },
    {
      title: '状态',
      key: 'state',
      width: 150,
      render: (_: unknown, u) => (
        <span data-testid="user-state">
          {u.disabled ? (
            <Tag color="default">已停用</Tag>
          ) : u.lockedUntil ? (
            <Tag color="error">锁定至 {formatDateTime(u.lockedUntil).slice(11, 16)}</Tag>
          ) : (
            <Tag color="success">正常</Tag>
          )}
          {u.passwordChangeRequired && !u.disabled && <Tag color="warning">待改密码</Tag>}
        </span>
      ),
    },
    { title: '最近登录', dataIndex: 'lastSignInAt', width: 160, render: (t: string | null) => formatDateTime(t) },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_: unknown, u) => {
        const self = u.id === me.id;
        return (
          <Space size={4}>
            {!self &&
              (u.disabled ? (
                <Button size="small" loading={busyId === u.id} onClick={() => change(u, { disabled: false }, `已启用 ${u.username}`)} data-testid="user-enable">
                  启用
                </Button>
              ) : (
                <Popconfirm title={`停用 ${u.username}？`} description="停用后该账号立即退出所有设备，且不能再登录。" okText="停用" cancelText="取消" onConfirm={() => change(u, { disabled: true }, `已停用 ${u.username}`)}>
                  <Button size="small" danger loading={busyId === u.id} data-testid="user-disable">
                    停用
                  </Button>
                </Popconfirm>
              ))}
            {u.lockedUntil && (
              <Button size="small" onClick={() => change(u, { resetLock: true }, `已解锁 ${u.username}`)} data-testid="user-unlock">
                解锁
              </Button>
            )}
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'password', label: '重置密码' },
                  { key: 'totp', label: '重置动态口令' },
                ],
                onClick: ({ key }) =>
                  Modal.confirm({
                    title: key === 'password' ? `重置 ${u.username} 的密码？` : `重置 ${u.username} 的动态口令？`,
                    content: key === 'password' ? '将生成新密码（只显示一次），该账号立即退出所有设备，下次登录须修改密码。' : '原身份验证器中的口令将失效，须用新的二维码重新绑定。',
                    okText: '重置',
                    cancelText: '取消',
                    onOk: () => change(u, key === 'password' ? { resetPassword: true } : { resetTotp: true }, '已重置'),
                  }),
              }}
            >
              <Button size="small" icon={<MoreOutlined />} aria-label="更多操作" />
            </Dropdown>
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <title>用户管理 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        用户管理
      </Typography.Title>
      <Card
        title={me.department ? `${me.department.name}的账号` : `${me.regionName}的账号`}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              刷新
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="user-add">
              新建用户
            </Button>
          </Space>
        }
      >
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<ListedStaffUser>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 1100 }}
            data-testid="users-table"
            locale={{ emptyText: list.loading ? <div style={{ height: 120 }} /> : <Empty description="暂无用户" /> }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (t) => `共 ${t} 个账号`,
              onChange: (p, s) => setParams(withParams(params, { page: s !== pageSize ? 1 : p, pageSize: s })),
            }}
          />
        )}
      </Card>
      {adding && (
        <AddUserModal
          onClose={() => setAdding(false)}
          onAdded={(r) => {
            setAdding(false);
            list.reload();
            setIssued({ title: `已创建账号 ${r.user.username}`, issued: r });
          }}
        />
      )}
      {issued && <IssuedModal title={issued.title} issued={issued.issued} onClose={() => setIssued(undefined)} />}
    </>
  );
}

type Values = { username: string; displayName: string; role: Role; regionCode?: string; departmentId?: number; password?: string };

function AddUserModal({ onClose, onAdded }: { onClose: () => void; onAdded: (r: IssuedUser) => void }) {
  const me = useUser();
  const roles = grantableRoles(me.role);
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const departmentRole = role !== undefined && isDepartmentBound(role);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const departments = useRequest('departments', (signal) => workApi.listDepartments(signal));
  const regions = useRequest(departmentRole ? null : 'regions', (signal) => workApi.regions(signal));
  const tree = useMemo(() => (regions.data ? regionTree(regions.data.items, me.regionCode) : []), [regions.data, me.regionCode]);

  const submit = async (v: Values) => {
    setSaving(true);
    setError(undefined);
    try {
      const dep = isDepartmentBound(v.role);
      const r = await workApi.createUser({
        username: v.username.trim().toLowerCase(),
        displayName: v.displayName.trim(),
        role: v.role,
        ...(dep ? { departmentId: v.departmentId } : { regionCode: v.regionCode }),
        ...(v.password ? { password: v.password } : {}),
      });
      onAdded(r);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title="新建用户" okText="创建" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'user-save' }}>
      {error && <Alert type="error" showIcon title={error.zh} style={{ marginBottom: 16 }} data-testid="user-error" />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark="optional"
        initialValues={{ role: roles.includes('department_clerk') ? 'department_clerk' : roles[0], regionCode: me.regionCode, departmentId: me.department?.id }}
      >
        <Form.Item
          name="username"
          label="用户名"
          extra="3–32 位小写字母、数字或 . _ -，以字母或数字开头"
          rules={[{ required: true, message: '请输入用户名' }, { pattern: /^[a-zA-Z0-9][a-zA-Z0-9._-]{2,31}$/, message: '用户名格式不正确' }]}
        >
          <Input autoComplete="off" data-testid="user-form-username" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 64 }]}>
          <Input data-testid="user-form-name" />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true }]}>
          <Select options={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} data-testid="user-form-role" />
        </Form.Item>
        {departmentRole ? (
          <Form.Item name="departmentId" label="所属部门" extra="部门人员的区划即其部门的区划" rules={[{ required: true, message: '请选择部门' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={departments.loading}
              disabled={me.department !== null}
              options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.regionName}）` }))}
              placeholder="选择部门"
              data-testid="user-form-department"
            />
          </Form.Item>
        ) : (
          <Form.Item name="regionCode" label="行政区划" rules={[{ required: true, message: '请选择区划' }]}>
            <TreeSelect treeData={tree} showSearch={{ treeNodeFilterProp: 'title' }} loading={regions.loading} data-testid="user-form-region" />
          </Form.Item>
        )}
        <Form.Item name="password" label="初始密码" extra="留空则自动生成（只显示一次）；无论哪种，用户首次登录都须修改密码">
          <Input.Password autoComplete="new-password" placeholder="留空自动生成" data-testid="user-form-password" />
        </Form.Item>
        {role && (role === 'platform_admin' || role === 'operator') && (
          <Alert type="info" showIcon title="平台管理员和运营人员须使用动态口令登录，创建后将显示一次绑定二维码" />
        )}
        {departments.error && <ErrorAlert error={departments.error} onRetry={departments.reload} />}
      </Form>
    </Modal>
  );
}

// Passwords and TOTP enrolments the API returns once.
function IssuedModal({ title, issued, onClose }: { title: string; issued: IssuedUser; onClose: () => void }) {
  const what = [issued.password && '初始密码', issued.totp && '动态口令密钥'].filter(Boolean).join('和');
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="issued-close">
          我已妥善保存
        </Button>
      }
      width={620}
    >
      <div data-testid="issued-user">
        {what ? <OnceWarning what={what} /> : <Typography.Paragraph>账号已创建。</Typography.Paragraph>}
        {issued.password && <OnceValue label="初始密码" value={issued.password} testId="issued-password" />}
        {issued.totp && <TotpEnrolmentView totp={issued.totp} />}
      </div>
    </Modal>
  );
}
