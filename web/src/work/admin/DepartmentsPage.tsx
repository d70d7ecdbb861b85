import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Empty, Form, Input, Modal, Select, Table, Tag, TreeSelect, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { workApi, type Department, type NamedCode } from '../api.ts';
import { useUser } from '../session.tsx';
import { regionTree } from '../nav.ts';

const LEVEL_LABEL: Record<Department['level'], string> = { province: '省级', city: '市级', county: '县级' };

type Values = { uscc: string; name: string; regionCode: string; kinds?: string[]; kindsReason?: string };

// 系统管理 · 部门管理: departments in the user's scope; platform administrators and operators
// register new ones in their region.
export function DepartmentsPage() {
  const user = useUser();
  const canAdd = user.role === 'platform_admin' || user.role === 'operator';
  const list = useRequest('departments', (signal) => workApi.listDepartments(signal));
  const kinds = useRequest('department-kinds', (signal) => workApi.departmentKinds(signal));
  const [adding, setAdding] = useState(false);

  const kindName = useMemo(() => new Map((kinds.data ?? []).map((k) => [k.code, k.name])), [kinds.data]);
  const columns: TableProps<Department>['columns'] = [
    { title: '部门名称', dataIndex: 'name', render: (n: string) => <span data-testid="department-name">{n}</span> },
    { title: '统一社会信用代码', dataIndex: 'uscc', width: 200, render: (u: string) => <Typography.Text copyable>{u}</Typography.Text> },
    { title: '行政区划', dataIndex: 'regionName', width: 220 },
    { title: '层级', dataIndex: 'level', width: 70, render: (l: Department['level']) => LEVEL_LABEL[l] },
    {
      title: '部门类别',
      dataIndex: 'kinds',
      render: (ks: string[]) => (ks.length ? ks.map((k) => <Tag key={k}>{kindName.get(k) ?? k}</Tag>) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: '状态', dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>) },
  ];

  return (
    <>
      <title>部门管理 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        部门管理
      </Typography.Title>
      <Card
        title={user.department ? '本部门' : `${user.regionName}的部门`}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={list.reload} style={{ marginRight: 8 }}>
              刷新
            </Button>
            {canAdd && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="department-add">
                登记部门
              </Button>
            )}
          </>
        }
      >
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Department>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 1000 }}
            pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 个部门`, hideOnSinglePage: true }}
            data-testid="departments-table"
            locale={{ emptyText: list.loading ? <div style={{ height: 120 }} /> : <Empty description="暂无部门" /> }}
          />
        )}
      </Card>
      {adding && (
        <AddDepartmentModal
          kinds={kinds.data ?? []}
          existing={list.data?.items ?? []}
          kindsFailed={kinds.error !== undefined}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function AddDepartmentModal({ kinds, existing, kindsFailed, onClose, onAdded }: { kinds: NamedCode[]; existing: Department[]; kindsFailed: boolean; onClose: () => void; onAdded: () => void }) {
  const user = useUser();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  // a second department of the same name is allowed (the code is the key) but is usually a slip
  const typedName = (Form.useWatch('name', form) ?? '').trim();
  const sameName = typedName ? existing.filter((d) => d.name === typedName) : [];
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const regions = useRequest('regions', (signal) => workApi.regions(signal));
  const tree = useMemo(() => (regions.data ? regionTree(regions.data.items, user.regionCode) : []), [regions.data, user.regionCode]);

  const submit = async (v: Values) => {
    setSaving(true);
    setError(undefined);
    try {
      const d = await workApi.addDepartment({ uscc: v.uscc.trim().toUpperCase(), name: v.name.trim(), regionCode: v.regionCode, kinds: v.kinds ?? [], ...(v.kindsReason?.trim() ? { kindsReason: v.kindsReason.trim() } : {}) });
      message.success(`已登记部门：${d.name}`);
      onAdded();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title="登记部门" okText="登记" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'department-save' }}>
      {error && <Alert type="error" showIcon title={error.zh} style={{ marginBottom: 16 }} data-testid="department-error" />}
      {regions.error && <ErrorAlert error={regions.error} onRetry={regions.reload} />}
      {sameName.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`已有同名部门：${sameName.map((d) => `${d.name}（${d.uscc}）`).join('、')}。请确认不是重复登记。`}
          style={{ marginBottom: 16 }}
          data-testid="department-same-name"
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="name" label="部门名称" rules={[{ required: true, whitespace: true, message: '请输入部门名称' }, { max: 100 }]}>
          <Input placeholder="如：石家庄市市场监督管理局" data-testid="department-form-name" />
        </Form.Item>
        <Form.Item
          name="uscc"
          label="统一社会信用代码"
          rules={[
            { required: true, message: '请输入统一社会信用代码' },
            { pattern: /^\s*[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}\s*$/, message: '统一社会信用代码为 18 位数字或大写字母（不含 I、O、S、V、Z）' },
          ]}
        >
          <Input maxLength={20} placeholder="18 位，如 11130100MB0000001C" data-testid="department-form-uscc" />
        </Form.Item>
        <Form.Item name="regionCode" label="行政区划" rules={[{ required: true, message: '请选择行政区划' }]}>
          <TreeSelect
            treeData={tree}
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={regions.loading ? '正在加载区划…' : '选择区划'}
            loading={regions.loading}
            treeDefaultExpandedKeys={tree.length === 1 ? [tree[0]!.value] : []}
            data-testid="department-form-region"
          />
        </Form.Item>
        <Form.Item
          name="kinds"
          label="部门类别"
          extra={kindsFailed ? '部门类别清单暂不可用，可直接输入类别代码' : '决定该部门执行哪些联合奖惩措施，可多选'}
        >
          <Select
            mode={kindsFailed ? 'tags' : 'multiple'}
            allowClear
            options={kinds.map((k) => ({ value: k.code, label: k.name }))}
            optionFilterProp="label"
            placeholder="选择部门类别"
            data-testid="department-form-kinds"
          />
        </Form.Item>
        <Form.Item
          name="kindsReason"
          label="授予类别的理由"
          extra="市场监管、法院、税务、银行等拥有名单或可查阅更多信息的类别，只能由省级平台管理员授予，并须说明理由（记入审计日志）"
          rules={[{ max: 500 }]}
        >
          <Input.TextArea rows={2} placeholder="如：区级市场监管部门，报送行政处罚和行政许可" data-testid="department-form-kinds-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
