import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Empty, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { useUser } from '../session.tsx';
import { isDepartmentRole } from '../nav.ts';
import { commitmentsApi, type Commitment } from './api.ts';

const STATUS: Record<Commitment['status'], { label: string; color: string }> = {
  'in-force': { label: '履行中', color: 'processing' },
  fulfilled: { label: '已履行', color: 'success' },
  breached: { label: '已违诺', color: 'error' },
  void: { label: '已失效', color: 'default' },
};

type Action = { kind: 'fulfil' | 'breach'; commitment: Commitment };

// 联合奖惩 · 信用承诺: the commitments the department took (operators: their region's), with
// fulfilment and breach for the department that took them. Overdue 容缺受理 commitments are breached
// by the platform itself; the list shows the last day to fulfil.
export function CommitmentsPage() {
  const user = useUser();
  const mine = isDepartmentRole(user.role);
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), 20, 100);
  const status = (params.get('status') ?? undefined) as Commitment['status'] | undefined;
  const list = useRequest(`commitments:${page}:${pageSize}:${status ?? ''}`, (signal) => commitmentsApi.list({ page, pageSize, ...(status ? { status } : {}) }, signal));
  const [action, setAction] = useState<Action | undefined>();
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  const open = (a: Action) => {
    setAction(a);
    setText('');
    setError(undefined);
  };
  const submit = async () => {
    if (!action) return;
    if (!text.trim()) {
      setError(new ApiError(400, { code: 'REQUIRED', zh: action.kind === 'fulfil' ? '请说明履行情况' : '请填写违诺事由', en: 'Required' }));
      return;
    }
    setSaving(true);
    try {
      const c = action.kind === 'fulfil' ? await commitmentsApi.fulfil(action.commitment.commitmentId, { note: text.trim() }) : await commitmentsApi.breach(action.commitment.commitmentId, { reason: text.trim() });
      message.success(c.status === 'fulfilled' ? `承诺 ${c.number} 已登记履行` : `承诺 ${c.number} 已认定违诺，已记入主体信用档案`);
      setAction(undefined);
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  const columns: TableProps<Commitment>['columns'] = [
    { title: '编号', dataIndex: 'number', width: 170, render: (n: string) => <span data-testid="commitment-number">{n}</span> },
    {
      title: '承诺主体',
      key: 'subject',
      render: (_: unknown, c) => (
        <div>
          <div>{c.subject.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.subject.code ?? c.subject.maskedId}
          </Typography.Text>
        </div>
      ),
    },
    { title: '类型', dataIndex: 'kindName', width: 120 },
    { title: '承诺内容', dataIndex: 'content', ellipsis: true },
    { title: '事项', dataIndex: 'matterRef', width: 150, render: (m: string | null) => m ?? '—' },
    { title: '承诺日期', dataIndex: 'madeOn', width: 110 },
    { title: '履行期限', key: 'due', width: 130, render: (_: unknown, c) => (c.lastDay ? (c.lastDay !== c.dueOn ? `${c.dueOn}（顺延至 ${c.lastDay}）` : c.dueOn) : '—') },
    {
      title: '状态',
      key: 'status',
      width: 110,
      render: (_: unknown, c) => (
        <span data-testid="commitment-status">
          <Tag color={STATUS[c.status].color}>{STATUS[c.status].label}</Tag>
          {c.breach?.automatic && <Typography.Text type="secondary" style={{ fontSize: 12 }}>逾期自动认定</Typography.Text>}
        </span>
      ),
    },
    ...(mine
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 170,
            fixed: 'right' as const,
            render: (_: unknown, c: Commitment) =>
              c.status === 'in-force' && (!user.department || c.department.name === user.department.name) ? (
                <Space>
                  <Button size="small" onClick={() => open({ kind: 'fulfil', commitment: c })} data-testid="commitment-fulfil">
                    登记履行
                  </Button>
                  <Button size="small" danger onClick={() => open({ kind: 'breach', commitment: c })} data-testid="commitment-breach">
                    认定违诺
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : [{ title: '承诺部门', key: 'department', render: (_: unknown, c: Commitment) => c.department.name }]),
  ];

  return (
    <>
      <title>信用承诺 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        信用承诺
      </Typography.Title>
      <Card
        title={mine && user.department ? `${user.department.name}登记的信用承诺` : `${user.regionName}各部门登记的信用承诺`}
        extra={
          <Space>
            <Select
              allowClear
              placeholder="全部状态"
              style={{ width: 120 }}
              value={status}
              options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
              onChange={(v) => setParams(withParams(params, { status: v ?? undefined, page: 1 }))}
              data-testid="commitments-status-filter"
            />
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              刷新
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          容缺受理、告知承诺在信用核查结果页登记；信用修复承诺随修复申请自动登记。容缺受理承诺逾期未履行的，平台自动认定违诺；告知承诺经核查不实等情形，由作出登记的部门认定违诺并说明事由。违诺记入主体信用档案，3 年内不适用容缺受理和告知承诺。
        </Typography.Paragraph>
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Commitment>
            rowKey="commitmentId"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 1100 }}
            data-testid="commitments-table"
            locale={{ emptyText: list.loading ? <div style={{ height: 120 }} /> : <Empty description="没有信用承诺" /> }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showTotal: (total) => `共 ${total} 项`,
              hideOnSinglePage: true,
              onChange: (nextPage, nextSize) => setParams(withParams(params, { page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })),
            }}
          />
        )}
      </Card>
      <Modal
        open={action !== undefined}
        title={action?.kind === 'fulfil' ? `登记履行：${action.commitment.number}` : `认定违诺：${action?.commitment.number ?? ''}`}
        okText={action?.kind === 'fulfil' ? '登记履行' : '认定违诺'}
        confirmLoading={saving}
        okButtonProps={{ danger: action?.kind === 'breach', 'data-testid': 'commitment-action-ok' }}
        cancelText="取消"
        onOk={submit}
        onCancel={() => setAction(undefined)}
        destroyOnHidden
      >
        {action?.kind === 'breach' && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="认定违诺后，平台将以本部门名义记入主体信用档案（违背信用承诺），并通知主体；主体可提出异议。" />
        )}
        <Input.TextArea rows={4} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={action?.kind === 'fulfil' ? '履行情况，如：已补交消防验收意见书' : '违诺事由，如：事后核查发现承诺内容与事实不符'} data-testid="commitment-action-text" />
        {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error.zh} data-testid="commitment-action-error" />}
      </Modal>
    </>
  );
}
