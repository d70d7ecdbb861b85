import { useState } from 'react';
import { Button, Card, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import type { ApiError } from '../../shared/api.ts';
import { useUser } from '../session.tsx';
import { formatDateTime } from '../nav.ts';
import { exchangeApi, type CountyState, type CountyView } from './api.ts';

const STATE: Record<CountyState, { label: string; color: string }> = {
  enabled: { label: '已开设', color: 'green' },
  disabled: { label: '已停用', color: 'default' },
  none: { label: '未开设', color: 'default' },
};

// 县级虚拟平台: the counties this node may host (inside its region and the operator's), each with
// its state; operators enable and disable them (audited). An enabled county has its own entry on
// the public portal and its scope of the monitoring dashboard; its departments, staff and records
// are on this node and go up through it, keeping the county as their region of origin.
export function CountiesPage() {
  const user = useUser();
  const [filter, setFilter] = useState<CountyState | 'all'>('all');
  const list = useRequest(`counties:${filter}`, (signal) => exchangeApi.counties(filter === 'all' ? undefined : filter, signal));
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const canChange = user.role === 'operator' || user.role === 'platform_admin';

  const act = async (region: string, fn: () => Promise<unknown>) => {
    setActionError(undefined);
    setBusy(region);
    try {
      await fn();
      list.reload();
    } catch (e) {
      setActionError(e as ApiError);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableProps<CountyView>['columns'] = [
    { title: '区划代码', dataIndex: 'region', width: 100 },
    { title: '县（市、区）', dataIndex: 'label' },
    { title: '部门', dataIndex: 'departments', width: 70, align: 'right' },
    { title: '状态', dataIndex: 'state', width: 90, render: (s: CountyState) => <Tag color={STATE[s].color} data-testid="county-state">{STATE[s].label}</Tag> },
    { title: '开设时间', dataIndex: 'enabledAt', width: 170, render: (v: string | null, c) => (c.state === 'enabled' ? formatDateTime(v) : '—') },
    {
      title: '入口',
      key: 'links',
      width: 190,
      render: (_: unknown, c) =>
        c.state === 'enabled' ? (
          <Space>
            <a href={c.portalPath} target="_blank" rel="noreferrer" data-testid="county-portal-link">
              门户
            </a>
            <Link to={`/monitoring/dashboard?county=${c.region}`} data-testid="county-dashboard-link">
              监测看板
            </Link>
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 110,
      render: (_: unknown, c) =>
        !canChange ? null : c.state === 'enabled' ? (
          <Popconfirm title={`停用${c.name}的县级虚拟平台？部门、人员和数据保留。`} okText="停用" cancelText="取消" onConfirm={() => act(c.region, () => exchangeApi.disableCounty(c.region))}>
            <Button size="small" danger loading={busy === c.region} data-testid="county-disable">
              停用
            </Button>
          </Popconfirm>
        ) : (
          <Button size="small" type="primary" loading={busy === c.region} onClick={() => act(c.region, () => exchangeApi.enableCounty(c.region))} data-testid="county-enable">
            开设
          </Button>
        ),
    },
  ];

  return (
    <>
      <title>县级虚拟平台 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        县级虚拟平台
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Typography.Text>
            本节点 {list.data ? `${list.data.node.role} ${list.data.node.region}` : '…'}：县级平台是本市节点上的虚拟平台，开设后有自己的门户入口和监测看板范围。
          </Typography.Text>
          <Segmented<CountyState | 'all'>
            value={filter}
            onChange={setFilter}
            options={[
              { label: '全部', value: 'all' },
              { label: '已开设', value: 'enabled' },
              { label: '未开设', value: 'none' },
              { label: '已停用', value: 'disabled' },
            ]}
            data-testid="county-filter"
          />
        </Space>
      </Card>
      {list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {actionError && <ErrorAlert error={actionError} />}
      <Table<CountyView> rowKey="region" size="small" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns} pagination={{ pageSize: 30, hideOnSinglePage: true }} locale={{ emptyText: '本节点没有可开设的县（市、区）' }} data-testid="counties-table" />
    </>
  );
}
