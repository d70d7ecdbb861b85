import { Alert, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { formatDateTime } from '../nav.ts';
import { exchangeApi, formatDuration, type ExchangeLinks, type ExchangeStatus } from './api.ts';

const ROLE: Record<string, string> = { province: '省级平台（省共享平台）', city: '市级分中心', national: '全国平台（测试与演示）' };

type ChildRow = ExchangeStatus['children'][number] & { link?: ExchangeLinks['children'][number] };

const silence = (l: { silent: boolean; silentMs: number } | undefined | null, minutes: number | undefined) =>
  !l ? '—' : (
    <Space size={4}>
      <span>{formatDuration(l.silentMs)}</span>
      {l.silent ? <Tag color="red">超过 {minutes} 分钟未交换</Tag> : <Tag color="green">正常</Tag>}
    </Space>
  );

// 交换状态: what `xinyong exchange status --json` prints (this node's role and region, the outbox
// towards the parent, each child), with each link's lag (time since it last exchanged against the
// silent-link threshold, and the age of the oldest entry waiting to go up).
export function ExchangeStatusPage() {
  const status = useRequest('exchange-status', (signal) => exchangeApi.status(signal));
  const links = useRequest('exchange-links', (signal) => exchangeApi.links(signal));
  const reload = () => {
    status.reload();
    links.reload();
  };
  const s = status.data;
  const l = links.data;
  const up = s?.upstream;
  const byRegion = new Map((l?.children ?? []).map((c) => [c.region, c]));
  const rows: ChildRow[] = (s?.children ?? []).map((c) => ({ ...c, link: byRegion.get(c.region) }));

  const columns: TableProps<ChildRow>['columns'] = [
    { title: '区划', dataIndex: 'region', width: 90 },
    { title: '下级节点', dataIndex: 'name' },
    { title: '已接收', dataIndex: 'received', width: 90, align: 'right' },
    { title: '已拒收', dataIndex: 'rejected', width: 90, align: 'right', render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : n) },
    { title: '最近报送', dataIndex: 'lastReceivedAt', width: 170, render: formatDateTime },
    { title: '下行游标', dataIndex: 'feedCursor', width: 100, render: (c: string | null) => c ?? '—' },
    { title: '链路静默', key: 'lag', width: 230, render: (_: unknown, r) => <span data-testid="child-lag">{silence(r.link, l?.silentLinkMinutes)}</span> },
  ];

  return (
    <>
      <title>交换状态 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        交换状态
      </Typography.Title>
      {status.error && <ErrorAlert error={status.error} onRetry={reload} />}
      {links.error && <ErrorAlert error={links.error} onRetry={reload} />}
      <Card size="small" style={{ marginBottom: 16 }} extra={<Button icon={<ReloadOutlined />} onClick={reload}>刷新</Button>} title="本节点" loading={status.loading && !s}>
        {s && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="exchange-node">
            <Descriptions.Item label="角色">
              <span data-testid="exchange-role">{ROLE[s.role] ?? s.role}</span>（{s.role}）
            </Descriptions.Item>
            <Descriptions.Item label="区划代码">
              <span data-testid="exchange-region">{s.region}</span>
            </Descriptions.Item>
            <Descriptions.Item label="静默预警阈值">{l ? `${l.silentLinkMinutes} 分钟` : '—'}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card size="small" title="上级平台（向上报送）" style={{ marginBottom: 16 }} loading={status.loading && !s}>
        {s && !up && <Typography.Text type="secondary">未设置上级平台（xinyong upstream set）</Typography.Text>}
        {up && (
          <>
            {up.lastError && <Alert type="error" showIcon style={{ marginBottom: 12 }} message="最近一次报送失败" description={<span data-testid="upstream-error">{up.lastError}</span>} />}
            {l?.upstream?.feedLastError && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="最近一次拉取下行数据失败" description={l.upstream.feedLastError} />}
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="exchange-upstream">
              <Descriptions.Item label="地址">{up.url}</Descriptions.Item>
              <Descriptions.Item label="待报送">
                <span data-testid="upstream-pending">{up.pending}</span>
              </Descriptions.Item>
              <Descriptions.Item label="最早待报送">{formatDateTime(up.oldestPendingAt)}</Descriptions.Item>
              <Descriptions.Item label="报送积压时长">
                <span data-testid="upstream-backlog">{formatDuration(l?.upstream?.backlogMs)}</span>
              </Descriptions.Item>
              <Descriptions.Item label="已送达">
                <span data-testid="upstream-delivered">{up.delivered}</span>
              </Descriptions.Item>
              <Descriptions.Item label="被拒收">{up.rejected > 0 ? <Tag color="orange">{up.rejected}</Tag> : up.rejected}</Descriptions.Item>
              <Descriptions.Item label="最近成功报送">{formatDateTime(up.lastSuccessAt)}</Descriptions.Item>
              <Descriptions.Item label="最近拉取下行">{formatDateTime(l?.upstream?.feedLastSuccessAt)}</Descriptions.Item>
              <Descriptions.Item label="链路静默" span={2}>
                <span data-testid="upstream-lag">{silence(l?.upstream, l?.silentLinkMinutes)}</span>
              </Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Card>
      <Card size="small" title="下级节点（接收报送、拉取下行）">
        <Table<ChildRow> rowKey="region" size="small" loading={status.loading} dataSource={rows} columns={columns} pagination={false} locale={{ emptyText: '没有下级节点' }} data-testid="exchange-children" />
      </Card>
    </>
  );
}
