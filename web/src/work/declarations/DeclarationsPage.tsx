import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Empty, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { useUser } from '../session.tsx';
import { isDepartmentRole } from '../nav.ts';
import { declarationsApi, type QueuedDeclaration } from './api.ts';

type Row = QueuedDeclaration | (Omit<QueuedDeclaration, 'subject'> & { subject?: undefined });

const STATUS: Record<QueuedDeclaration['status'], { label: string; color: string }> = {
  declared: { label: '有效', color: 'processing' },
  false: { label: '已认定不实', color: 'error' },
  withdrawn: { label: '已撤回', color: 'default' },
};

// 主动申报 review: the newest self-declared information of every subject (or one subject's, flagged
// ones too); a department that finds one false flags it, which files a 申报不实 record in its name.
export function DeclarationsPage() {
  const user = useUser();
  const mine = isDepartmentRole(user.role);
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const subject = params.get('subject') ?? '';
  const status = (params.get('status') ?? undefined) as QueuedDeclaration['status'] | undefined;
  const list = useRequest<{ items: Row[] }>(`declarations:${subject}:${status ?? ''}`, (signal) =>
    subject ? declarationsApi.ofSubject(subject, signal) : declarationsApi.queue(status ? { status } : {}, signal),
  );
  const [q, setQ] = useState(subject);
  const [flagging, setFlagging] = useState<Row | undefined>();
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  const flag = async () => {
    if (!flagging) return;
    setSaving(true);
    setError(undefined);
    try {
      const d = await declarationsApi.flag(flagging.declarationId, { reason: reason.trim() });
      message.success(`申报 ${d.number} 已认定不实，已以本部门名义记入主体信用档案`);
      setFlagging(undefined);
      list.reload();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  const columns: TableProps<Row>['columns'] = [
    { title: '编号', dataIndex: 'number', width: 170, render: (n: string) => <span data-testid="declaration-number">{n}</span> },
    ...(subject
      ? []
      : [
          {
            title: '申报主体',
            key: 'subject',
            render: (_: unknown, d: Row) => (
              <div>
                <div>{d.subject?.name}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d.subject?.code ?? ''}
                </Typography.Text>
              </div>
            ),
          },
        ]),
    { title: '类型', dataIndex: 'kindName', width: 120 },
    { title: '名称', dataIndex: 'title', width: 200 },
    { title: '内容', dataIndex: 'content', ellipsis: true },
    { title: '颁发单位', dataIndex: 'issuer', width: 160, render: (v: string | null) => v ?? '—' },
    { title: '申报日期', dataIndex: 'declaredOn', width: 110 },
    {
      title: '状态',
      key: 'status',
      width: 150,
      render: (_: unknown, d) => (
        <span data-testid="declaration-status">
          <Tag color="blue">{d.source}</Tag>
          <Tag color={STATUS[d.status].color}>{STATUS[d.status].label}</Tag>
        </span>
      ),
    },
    ...(mine
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 110,
            fixed: 'right' as const,
            render: (_: unknown, d: Row) =>
              d.status === 'declared' ? (
                <Button
                  size="small"
                  danger
                  onClick={() => {
                    setFlagging(d);
                    setReason('');
                    setError(undefined);
                  }}
                  data-testid="declaration-flag"
                >
                  认定不实
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <title>主动申报审核 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        主动申报审核
      </Typography.Title>
      <Card
        title={subject ? `主体 ${subject} 的自主申报` : '最新自主申报'}
        extra={
          <Space>
            <Input.Search
              allowClear
              placeholder="主体代码"
              style={{ width: 240 }}
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => setParams(withParams(params, { subject: v.trim() || undefined }))}
              data-testid="declarations-subject"
            />
            {!subject && (
              <Select
                allowClear
                placeholder="有效申报"
                style={{ width: 130 }}
                value={status}
                options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
                onChange={(v) => setParams(withParams(params, { status: v ?? undefined }))}
              />
            )}
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              刷新
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          企业、个体工商户通过身份核验后自主申报资质、荣誉、认证、社会责任报告和自愿承诺，在信用河北标注“自主申报”公示，与部门归集的信用记录分开。经核实申报不实的，由本部门认定，平台以本部门名义记入主体信用档案（申报不实，一般失信），主体可提出异议。
        </Typography.Paragraph>
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Row>
            rowKey="declarationId"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 1200 }}
            data-testid="declarations-table"
            locale={{ emptyText: list.loading ? <div style={{ height: 120 }} /> : <Empty description="没有自主申报" /> }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 项` }}
          />
        )}
      </Card>
      <Modal
        open={flagging !== undefined}
        title={`认定申报不实：${flagging?.number ?? ''}`}
        okText="认定不实"
        cancelText="取消"
        confirmLoading={saving}
        okButtonProps={{ danger: true, 'data-testid': 'declaration-flag-ok' }}
        onOk={flag}
        onCancel={() => setFlagging(undefined)}
        destroyOnHidden
      >
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="认定后该申报不再在信用河北公示，平台以本部门名义记入主体信用档案（申报不实），主体可提出异议。" />
        <Input.TextArea rows={4} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="不实事由，如：经向发证机关核实，该企业未获此荣誉" data-testid="declaration-flag-reason" />
        {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error.zh} data-testid="declaration-flag-error" />}
      </Modal>
    </>
  );
}
