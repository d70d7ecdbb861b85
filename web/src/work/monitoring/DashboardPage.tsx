import { lazy, Suspense, useState } from 'react';
import { Button, Card, Col, Input, Row, Segmented, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { bulletinUrl, lastMonth, monitoringApi, percent, type RegionEvaluation, type WarningView } from './api.ts';
import type { Metric } from './DashboardCharts.tsx';
import { CountyDashboard, CountyPicker } from './CountyDashboard.tsx';
import { GovernmentDashboardCard } from '../government/GovernmentDashboardCard.tsx';
import { GradeDistributionCard } from './GradeDistributionCard.tsx';

const HebeiMap = lazy(() => import('./DashboardCharts.tsx').then((m) => ({ default: m.HebeiMap })));
const TrendChart = lazy(() => import('./DashboardCharts.tsx').then((m) => ({ default: m.TrendChart })));
const todayStr = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

// 监测看板: the map of Hebei's cities coloured by coverage or score, the trend of the stored
// months, the regions' ranking with tail flags, the open warnings and the 通报 downloads. A city
// (on the map or in the table) opens the evaluation page's drill-down: its departments, then a
// department's late and rejected records. City staff see their region (the API scopes it).
export function DashboardPage() {
  const [params] = useSearchParams();
  const county = params.get('county');
  return county ? <CountyDashboard county={county} /> : <ProvinceDashboard />;
}

function ProvinceDashboard() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? lastMonth(todayStr());
  const [draft, setDraft] = useState(period);
  const [metric, setMetric] = useState<Metric>('coverage');
  const ev = useRequest(`dashboard-evaluation:${period}`, (signal) => monitoringApi.evaluation(period, signal));
  const trend = useRequest('dashboard-trend', (signal) => monitoringApi.trend('month', 12, signal));
  const warnings = useRequest('dashboard-warnings', (signal) => monitoringApi.warnings('open', 1, 10, signal));
  const drill = (code: string) => navigate(`/work/monitoring/evaluation?period=${encodeURIComponent(period)}&region=${encodeURIComponent(code)}`);

  const columns: TableProps<RegionEvaluation>['columns'] = [
    { title: '排名', dataIndex: 'rank', width: 60, render: (r: number | null) => r ?? '—' },
    { title: '地区', dataIndex: 'name', render: (n: string, r) => <a onClick={() => drill(r.code)} data-testid="dashboard-region-link">{n}</a> },
    { title: '得分', dataIndex: 'score', width: 70, align: 'right', render: (s: number | null) => (s === null ? '—' : s.toFixed(1)) },
    { title: '覆盖率', dataIndex: 'coverage', width: 80, align: 'right', render: percent },
    { title: '及时率', dataIndex: 'timeliness', width: 80, align: 'right', render: percent },
    { title: '', key: 'tail', width: 70, render: (_: unknown, r) => (r.tailFlag ? <Tag color="red">约谈</Tag> : r.tail ? <Tag color="orange">末位</Tag> : null) },
  ];
  const warningColumns: TableProps<WarningView>['columns'] = [
    { title: '首次发现', dataIndex: 'firstSeen', width: 100 },
    { title: '类别', dataIndex: 'kindName', width: 120 },
    { title: '对象', dataIndex: 'targetName', width: 160 },
    { title: '原因', key: 'reason', render: (_: unknown, w) => w.reason.zh },
  ];

  const r = ev.data;
  return (
    <>
      <title>监测看板 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        监测看板
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>考核期间</span>
          <Input value={draft} onChange={(e) => setDraft(e.target.value)} style={{ width: 140 }} placeholder="2026-11 / 2026-Q4 / 2026" data-testid="dashboard-period" />
          <Button onClick={() => setParams({ period: draft.trim() })}>查看</Button>
          <Segmented<Metric> value={metric} onChange={setMetric} options={[{ label: '覆盖率', value: 'coverage' }, { label: '得分', value: 'score' }]} data-testid="dashboard-metric" />
          <Button icon={<DownloadOutlined />} href={bulletinUrl(period, 'xlsx')} download data-testid="bulletin-xlsx">
            通报（Excel）
          </Button>
          <Button icon={<DownloadOutlined />} href={bulletinUrl(period, 'pdf')} download data-testid="bulletin-pdf">
            通报（PDF）
          </Button>
          <CountyPicker />
          {r && <Typography.Text type="secondary">{r.runNo === null ? `${r.from} ~ ${r.to}，尚未保存考核结果（临时结果，${computedText(r.computedAt)} 计算）` : `${r.from} ~ ${r.to}，第 ${r.runNo} 次考核结果，截至 ${r.asOf}`}</Typography.Text>}
        </Space>
      </Card>
      {ev.error && <ErrorAlert error={ev.error} onRetry={ev.reload} />}
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title={`各地区${metric === 'score' ? '得分' : '覆盖率'}（点击地区查看部门）`} size="small" style={{ marginBottom: 16 }}>
            <Suspense fallback={<Spin />}>{r ? <HebeiMap regions={r.regions} metric={metric} onSelect={drill} /> : <Spin spinning={ev.loading} />}</Suspense>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="地区排名" size="small" style={{ marginBottom: 16 }}>
            <Table<RegionEvaluation> rowKey="code" size="small" loading={ev.loading} dataSource={r?.regions ?? []} columns={columns} pagination={false} data-testid="dashboard-region-table" />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title="近 12 个月趋势（已保存的考核结果）" size="small" style={{ marginBottom: 16 }}>
            {trend.error && <ErrorAlert error={trend.error} onRetry={trend.reload} />}
            {trend.data && trend.data.points.length === 0 && <Typography.Text type="secondary">尚无已保存的月度考核结果</Typography.Text>}
            {trend.data && trend.data.points.length > 0 && (
              <Suspense fallback={<Spin />}>
                <TrendChart trend={trend.data} metric={metric} />
              </Suspense>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="待处理预警" size="small" extra={<a onClick={() => navigate('/work/monitoring/warnings')}>全部预警</a>} style={{ marginBottom: 16 }}>
            {warnings.error && <ErrorAlert error={warnings.error} onRetry={warnings.reload} />}
            <Table<WarningView> rowKey="id" size="small" loading={warnings.loading} dataSource={warnings.data?.items ?? []} columns={warningColumns} pagination={false} data-testid="dashboard-warnings" />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <GovernmentDashboardCard period={period} />
        </Col>
        <Col xs={24} xl={12}>
          <GradeDistributionCard />
        </Col>
      </Row>
    </>
  );
}

// when a provisional result (no run stored) was computed, in the platform's time zone
function computedText(at: string | null): string {
  return at ? new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '即时';
}
