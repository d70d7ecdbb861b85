import { useState } from 'react';
import { Alert, Button, Card, Checkbox, DatePicker, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import type { ApiError } from '../../shared/api.ts';
import { useUser } from '../session.tsx';
import { categoryName } from '../nav.ts';
import { FREQUENCY_LABEL, monitoringApi, type DirectoryEntryView } from './api.ts';

type EditForm = { supplier: 'department' | 'kind'; department?: string; departmentKind?: string; category: string; frequency: string; from?: Dayjs; zeroCounts: boolean; active: boolean; note?: string };

// 资源目录: which department (or kind) supplies which category how often, from when; every change
// is a revision with history. Province-level staff edit; others read (their region's departments).
export function DirectoryPage() {
  const user = useUser();
  const list = useRequest('directory', (signal) => monitoringApi.directory(signal));
  const [historyKey, setHistoryKey] = useState<string | null>(null);
  const history = useRequest(historyKey ? `directory-history:${historyKey}` : null, (signal) => monitoringApi.directoryHistory(historyKey!, signal));
  const [editing, setEditing] = useState<Partial<EditForm> | null>(null);
  const [saveError, setSaveError] = useState<ApiError | undefined>();
  const [form] = Form.useForm<EditForm>();
  const canEdit = (user.role === 'operator' || user.role === 'platform_admin') && user.regionCode === '130000';

  const open = (e?: DirectoryEntryView) => {
    setSaveError(undefined);
    const init: Partial<EditForm> = e
      ? { supplier: e.departmentUscc ? 'department' : 'kind', department: e.departmentUscc ?? undefined, departmentKind: e.departmentKind ?? undefined, category: e.category, frequency: e.frequency, zeroCounts: e.zeroCounts, active: e.active }
      : { supplier: 'department', category: 'penalty', frequency: 'monthly', zeroCounts: true, active: true };
    setEditing(init);
    form.setFieldsValue(init);
  };
  const save = async () => {
    const v = await form.validateFields();
    try {
      await monitoringApi.setEntry({
        ...(v.supplier === 'department' ? { department: v.department!.trim() } : { departmentKind: v.departmentKind!.trim() }),
        category: v.category,
        frequency: v.frequency,
        ...(v.from ? { from: v.from.format('YYYY-MM-DD') } : {}),
        zeroCounts: v.zeroCounts,
        active: v.active,
        ...(v.note ? { note: v.note } : {}),
      });
      setEditing(null);
      list.reload();
    } catch (e) {
      setSaveError(e as ApiError);
    }
  };

  const columns: TableProps<DirectoryEntryView>['columns'] = [
    { title: '报送单位', key: 'supplier', render: (_: unknown, e) => (e.departmentName ? <span>{e.departmentName}</span> : <Tag color="blue">类别：{e.departmentKind}</Tag>) },
    { title: '信息类别', dataIndex: 'category', render: (c: string) => categoryName(c) },
    { title: '频率', dataIndex: 'frequency', width: 80, render: (f: string) => FREQUENCY_LABEL[f] ?? f },
    { title: '起始日期', dataIndex: 'from', width: 110 },
    { title: '零报送', dataIndex: 'zeroCounts', width: 80, render: (z: boolean) => (z ? '认可' : <Tag>不认可</Tag>) },
    { title: '状态', dataIndex: 'active', width: 70, render: (a: boolean) => (a ? <Tag color="green">有效</Tag> : <Tag>已撤销</Tag>) },
    { title: '版本', key: 'rev', width: 110, render: (_: unknown, e) => `r${e.revision} ${e.source === 'file' ? '内置' : '人工'}` },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_: unknown, e) => (
        <Space>
          <Button size="small" icon={<HistoryOutlined />} onClick={() => setHistoryKey(e.key)} data-testid="directory-history">
            历史
          </Button>
          {canEdit && (
            <Button size="small" icon={<EditOutlined />} onClick={() => open(e)} data-testid="directory-edit">
              修改
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <title>资源目录 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        信用信息资源目录
      </Typography.Title>
      <Card
        extra={
          canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open()} data-testid="directory-add">
              新增目录项
            </Button>
          )
        }
      >
        {!canEdit && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="资源目录是全省统一设置，由省级人员维护；市、县人员可查看本地区部门的目录项。" />}
        {list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
        <Table<DirectoryEntryView> rowKey="id" size="small" loading={list.loading} dataSource={list.data?.entries ?? []} columns={columns} pagination={{ pageSize: 50 }} data-testid="directory-table" />
      </Card>
      <Drawer open={historyKey !== null} onClose={() => setHistoryKey(null)} title="目录项历史" width={640}>
        {history.error && <ErrorAlert error={history.error} />}
        <Table<DirectoryEntryView>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={history.data?.entries ?? []}
          columns={[
            { title: '版本', dataIndex: 'revision', width: 60 },
            { title: '频率', dataIndex: 'frequency', render: (f: string) => FREQUENCY_LABEL[f] ?? f },
            { title: '零报送', dataIndex: 'zeroCounts', render: (z: boolean) => (z ? '认可' : '不认可') },
            { title: '状态', dataIndex: 'active', render: (a: boolean) => (a ? '有效' : '已撤销') },
            { title: '修改人', dataIndex: 'createdBy' },
            { title: '时间', dataIndex: 'createdAt', render: (d: string) => new Date(d).toLocaleString('zh-CN') },
            { title: '说明', dataIndex: 'note' },
          ]}
        />
      </Drawer>
      <Modal open={editing !== null} title="修改资源目录" onCancel={() => setEditing(null)} onOk={save} okText="保存" cancelText="取消" destroyOnHidden>
        {saveError && <ErrorAlert error={saveError} />}
        <Form form={form} layout="vertical" initialValues={editing ?? {}}>
          <Form.Item name="supplier" label="报送单位">
            <Select options={[{ value: 'department', label: '单个部门（统一社会信用代码）' }, { value: 'kind', label: '某类部门' }]} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.supplier !== b.supplier}>
            {({ getFieldValue }) =>
              getFieldValue('supplier') === 'kind' ? (
                <Form.Item name="departmentKind" label="部门类别" rules={[{ required: true, message: '请填写部门类别' }]}>
                  <Input placeholder="market-regulation" />
                </Form.Item>
              ) : (
                <Form.Item name="department" label="部门统一社会信用代码" rules={[{ required: true, message: '请填写部门代码' }]}>
                  <Input maxLength={18} data-testid="directory-department" />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item name="category" label="信息类别" rules={[{ required: true }]}>
            <Select options={['penalty', 'license', 'dishonest-debtor', 'serious-dishonesty', 'a-taxpayer', 'integrity-exemplar'].map((c) => ({ value: c, label: categoryName(c) }))} />
          </Form.Item>
          <Form.Item name="frequency" label="报送频率" rules={[{ required: true }]}>
            <Select options={Object.entries(FREQUENCY_LABEL).map(([value, label]) => ({ value, label }))} data-testid="directory-frequency" />
          </Form.Item>
          <Form.Item name="from" label="起始日期（默认今天）">
            <DatePicker />
          </Form.Item>
          <Form.Item name="zeroCounts" valuePropName="checked">
            <Checkbox>零报送计为已报送</Checkbox>
          </Form.Item>
          <Form.Item name="active" valuePropName="checked">
            <Checkbox>有效（取消勾选即撤销该目录项）</Checkbox>
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
