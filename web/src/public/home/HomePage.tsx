import { Card, Col, Row, Statistic, Tabs, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { publicApi } from '../../shared/api.ts';
import type { RecordCategory } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { PublicationsTable } from '../publications/PublicationsTable.tsx';
import { SearchBox } from '../search/SearchBox.tsx';

const LATEST_COUNT = 10;

export function HomePage() {
  return (
    <>
      <title>信用河北 · 河北省公共信用信息共享平台</title>
      <section className="xy-hero">
        <h1>信用信息查询</h1>
        <p>查询法人及非法人组织、个体工商户、自然人依法公开的行政许可、行政处罚和红黑名单信息</p>
        <div className="xy-hero-search">
          <SearchBox />
        </div>
      </section>
      <StatsRow />
      <LatestPublications />
    </>
  );
}

function StatsRow() {
  const stats = useRequest('stats', (signal) => publicApi.getStats(signal));
  if (stats.error) {
    return (
      <div style={{ marginBottom: 24 }}>
        <ErrorAlert error={stats.error} onRetry={stats.reload} />
      </div>
    );
  }
  const items = [
    { key: 'subjects', title: '信用主体', value: stats.data?.subjects, suffix: '个' },
    { key: 'licenses', title: '行政许可公示', value: stats.data?.publicLicenses, suffix: '条' },
    { key: 'penalties', title: '行政处罚公示', value: stats.data?.publicPenalties, suffix: '条' },
  ];
  return (
    <section aria-label="数据统计" style={{ marginBottom: 24 }}>
      <Row gutter={[16, 16]}>
        {items.map((item) => (
          <Col xs={24} sm={8} key={item.key}>
            <Card data-testid={`stat-${item.key}`}>
              <Statistic title={item.title} value={item.value ?? 0} suffix={item.suffix} loading={stats.loading} />
            </Card>
          </Col>
        ))}
      </Row>
      {stats.data && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
          数据截至 {stats.data.asOf}
        </Typography.Text>
      )}
    </section>
  );
}

function LatestPublications() {
  return (
    <Card title="双公示" extra={<Link to="/publications">查看全部</Link>}>
      <Tabs
        items={[
          { key: 'license', label: '行政许可', children: <LatestTab category="license" /> },
          { key: 'penalty', label: '行政处罚', children: <LatestTab category="penalty" /> },
        ]}
      />
    </Card>
  );
}

function LatestTab({ category }: { category: RecordCategory }) {
  const latest = useRequest(`latest:${category}`, (signal) =>
    publicApi.listPublications({ category, page: 1, pageSize: LATEST_COUNT }, signal),
  );
  const label = category === 'license' ? '行政许可' : '行政处罚';
  return (
    <>
      {latest.error ? (
        <ErrorAlert error={latest.error} onRetry={latest.reload} />
      ) : (
        <PublicationsTable
          compact
          items={latest.data?.items ?? []}
          loading={latest.loading}
          emptyText={`暂无${label}公示信息`}
        />
      )}
      <div style={{ textAlign: 'right', marginTop: 12 }}>
        <Link to={`/publications?category=${category}`}>查看更多{label}信息 »</Link>
      </div>
    </>
  );
}
