import { Card, Col, Empty, List, Row, Statistic, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { publicApi } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { PublicationsTable } from '../publications/PublicationsTable.tsx';
import { MEASURES, MEASURE_LABEL } from '../statistics/statisticsApi.ts';
import { getCounties, getCounty } from './countyApi.ts';

const PAGE_SIZE = 20;

// 县级平台 (county virtual platform): a county's own entry on the portal, served by its city's
// node: its departments, its public figures and its departments' 双公示 (?page= in the URL).
export function CountyPage() {
  const { code = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const page = parsePositiveInt(params.get('page'), 1);
  const county = useRequest(`county:${code}`, (signal) => getCounty(code, signal));
  const pubs = useRequest(`county-publications:${code}:${page}`, (signal) => publicApi.listPublications({ region: code, page, pageSize: PAGE_SIZE }, signal));
  const c = county.data;
  if (county.error)
    return (
      <Card>
        <title>县级平台 - 信用河北</title>
        <ErrorAlert error={county.error} onRetry={county.reload} />
        <Link to="/counties">全部县级平台</Link>
      </Card>
    );
  return (
    <>
      <title>{`${c?.name ?? '县级平台'} - 信用河北`}</title>
      <Card loading={county.loading && !c} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} className="xy-page-title" data-testid="county-title">
          {c ? `${c.label} 信用信息` : '县级平台'}
        </Typography.Title>
        <Typography.Paragraph type="secondary">本县（市、区）部门公示的行政许可、行政处罚和红黑名单，由所属市级分中心汇集并报送省共享平台。</Typography.Paragraph>
        {c && (
          <Row gutter={16}>
            {MEASURES.map((m) => (
              <Col xs={12} md={6} key={m}>
                <Statistic title={MEASURE_LABEL[m]} value={c.statistics.totals[m]} data-testid={`county-stat-${m}`} />
              </Col>
            ))}
          </Row>
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Card title="双公示" size="small" style={{ marginBottom: 16 }}>
            {pubs.error ? (
              <ErrorAlert error={pubs.error} onRetry={pubs.reload} />
            ) : (
              <PublicationsTable
                items={pubs.data?.items ?? []}
                loading={pubs.loading}
                emptyText="本县暂无公示信息"
                pagination={{ current: page, pageSize: PAGE_SIZE, total: pubs.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: (p) => setParams(withParams(params, { page: p })) }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Card title="信息提供部门" size="small">
            {c && c.departments.length === 0 ? <Empty description="暂无登记部门" /> : <List size="small" dataSource={c?.departments ?? []} renderItem={(d) => <List.Item data-testid="county-department">{d.name}</List.Item>} />}
          </Card>
        </Col>
      </Row>
    </>
  );
}

// The counties with their own section on this node's portal.
export function CountiesPage() {
  const list = useRequest('public-counties', (signal) => getCounties(signal));
  return (
    <Card>
      <title>县级平台 - 信用河北</title>
      <Typography.Title level={4} className="xy-page-title">
        县级平台
      </Typography.Title>
      {list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '尚未开设县级平台' }}
        renderItem={(c) => (
          <List.Item>
            <Link to={`/county/${c.region}`} data-testid="county-link">
              {c.label}
            </Link>
          </List.Item>
        )}
      />
    </Card>
  );
}
