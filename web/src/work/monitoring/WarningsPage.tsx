import { useState } from 'react';
import { Button, Card, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import type { ApiError } from '../../shared/api.ts';
import { useUser } from '../session.tsx';
import { monitoringApi, type WarningFilter, type WarningView } from './api.ts';

const STATE: Record<string, { label: string; color: string }> = {
  open: { label: '待处理', color: 'red' },
  acknowledged: { label: '已确认', color: 'orange' },
  closed: { label: '已关闭', color: 'default' },
};

// 预警: raised by the monitoring sweep (silent departments, volume drops, regions below target,
// subjects with serious records); operators acknowledge with a note and close.
export function WarningsPage() {
  const user = useUser();
  const [filter, setFilter] = useState<WarningFilter>('live');
  const [page, setPage] = useState(1);
  const list = useRequest(`warnings:${filter}:${page}`, (signal) => monitoringApi.warnings(filter, page, 20, signal));
  const [acking, setAcking] = useState<WarningView | null>(null);
  const [note, setNote] = useState('');
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const canHandle = user.role === 'operator' || user.role === 'platform_admin';

  const act = async (fn: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await fn();
      setAcking(null);
      setNote('');
      list.reload();
    } catch (e) {
      setActionError(e as ApiError);
    }
  };

  const columns: TableProps<WarningView>['columns'] = [
    { title: '编号', dataIndex: 'id', width: 70 },
    { title: '类型', dataIndex: 'kindName', width: 200 },
    { title: '对象', dataIndex: 'targetName', width: 200 },
    { title: '原因', key: 'reason', render: (_: unknown, w) => <span data-testid="warning-reason">{w.reason.zh}</span> },
    { title: '首次发现', dataIndex: 'firstSeen', width: 105 },
    { title: '状态', dataIndex: 'state', width: 80, render: (s: string) => <Tag color={STATE[s]?.color}>{STATE[s]?.label ?? s}</Tag> },
    { title: '处理说明', dataIndex: 'note', width: 180 },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_: unknown, w) =>
        canHandle && w.state !== 'closed' ? (
          <Space>
            {w.state === 'open' && (
              <Button size="small" onClick={() => setAcking(w)} data-testid="warning-ack">
                确认
              </Button>
            )}
            <Button size="small" onClick={() => act(() => monitoringApi.close(w.id))} data-testid="warning-close">
              关闭
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <>
      <title>预警 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        监测预警
      </Typography.Title>
      <Card
        title={
          <Segmented
            value={filter ?? 'all'}
            onChange={(v) => {
              setFilter(v === 'all' ? undefined : (v as WarningFilter));
              setPage(1);
            }}
            options={[
              { value: 'live', label: '未关闭' },
              { value: 'open', label: '待处理' },
              { value: 'acknowledged', label: '已确认' },
              { value: 'closed', label: '已关闭' },
              { value: 'all', label: '全部' },
            ]}
          />
        }
      >
        {(list.error || actionError) && <ErrorAlert error={(list.error ?? actionError)!} onRetry={list.reload} />}
        <Table<WarningView>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
          data-testid="warnings-table"
        />
      </Card>
      <Modal open={acking !== null} title="确认预警" onCancel={() => setAcking(null)} onOk={() => act(() => monitoringApi.ack(acking!.id, note))} okText="确认" cancelText="取消">
        <p>{acking?.reason.zh}</p>
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={2000} placeholder="处理说明（必填）" data-testid="warning-note" />
      </Modal>
    </>
  );
}
