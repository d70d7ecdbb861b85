import { Suspense, lazy } from 'react';
import { Card, Col, Row, Spin, Statistic, Table, Typography } from 'antd';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { getStatistics, MEASURES, MEASURE_LABEL, monthLabel, type PublicStatistics } from './statisticsApi.ts';

const StatisticsCharts = lazy(() => import('./StatisticsCharts.tsx').then((m) => ({ default: m.StatisticsCharts })));

const numberColumns = MEASURES.map((m) => ({ title: MEASURE_LABEL[m], dataIndex: m, align: 'right' as const, render: (n: number) => n.toLocaleString('zh-CN') }));

// 信用河北 · 公示统计: totals of 双公示 records, list entries, subjects and repairs, by city and by
// month. Aggregated only; persons are not counted (docs/decisions/0014).
export function StatisticsPage() {
  const stats = useRequest('statistics', (signal) => getStatistics(signal));
  return (
    <>
      <title>公示统计 - 信用河北</title>
      <Typography.Title level={3}>公示统计</Typography.Title>
      {stats.error && <ErrorAlert error={stats.error} onRetry={stats.reload} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {MEASURES.map((m) => (
          <Col xs={12} md={6} key={m}>
            <Card data-testid={`statistics-total-${m}`}>
              <Statistic title={MEASURE_LABEL[m]} value={stats.data?.totals[m] ?? 0} loading={stats.loading && !stats.data} />
            </Card>
          </Col>
        ))}
      </Row>
      {stats.data && <Details stats={stats.data} />}
    </>
  );
}

function Details({ stats }: { stats: PublicStatistics }) {
  return (
    <>
      <Card style={{ marginBottom: 16 }} data-testid="statistics-charts">
        <Suspense fallback={<Spin />}>
          <StatisticsCharts stats={stats} />
        </Suspense>
      </Card>
      <Card title="按地区" style={{ marginBottom: 16 }}>
        <Table rowKey="code" size="small" pagination={false} dataSource={stats.byCity} columns={[{ title: '地区', dataIndex: 'name' }, ...numberColumns]} data-testid="statistics-by-city" />
      </Card>
      <Card title="按月份" style={{ marginBottom: 16 }}>
        <Table rowKey="month" size="small" pagination={false} dataSource={stats.byMonth} columns={[{ title: '月份', dataIndex: 'month', render: monthLabel }, ...numberColumns]} data-testid="statistics-by-month" />
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        数据截至 {stats.asOf}。双公示记录、红黑名单为当日公示中的记录，按报送部门所在地区和决定月份统计；信用主体为法人及非法人组织和个体工商户，按其代码中的登记地区和归集月份统计；信用修复为已公示的修复结果，按决定部门和决定月份统计。自然人不计入任何统计。辛集市、定州市、雄安新区单列；“省级部门”为省直部门报送的记录。数据变化后即时更新。
      </Typography.Paragraph>
    </>
  );
}
