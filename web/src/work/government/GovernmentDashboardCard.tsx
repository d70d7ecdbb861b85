// 监测看板's 政府信用评估 section: per city, the government bodies evaluated, their mean and lowest
// score and the lowest-ranked body, from the period's stored run (the job stores each period at its
// end; "即时计算" when nothing is stored yet). The city opens the 政府信用评估 page for that city.
import { Card, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson } from '../api.ts';
import { GovernmentEmpty } from './GovernmentEvaluationPage.tsx';
import type { GovernmentDashboardBody as Dashboard } from '../../../../src/modules/government/government.schemas.ts';

type City = Dashboard['cities'][number];

const load = (period: string, signal?: AbortSignal) =>
  sendJson<Dashboard>((i, init) => fetch(i, init), 'GET', `${API}/government/evaluation/dashboard${buildQuery({ period })}`, undefined, signal);

export function GovernmentDashboardCard({ period }: { period: string }) {
  const navigate = useNavigate();
  const d = useRequest(`gov-dashboard:${period}`, (signal) => load(period, signal));
  const columns: TableProps<City>['columns'] = [
    { title: '地区', dataIndex: 'regionName', render: (n: string, c) => (c.region ? <a onClick={() => navigate(`/work/monitoring/government?region=${encodeURIComponent(c.region!)}${d.data?.runNo ? `&period=${encodeURIComponent(d.data.period)}` : ''}`)}>{n}</a> : n) },
    { title: '机关数', dataIndex: 'bodies', width: 70, align: 'right' },
    { title: '平均分', dataIndex: 'meanScore', width: 80, align: 'right', render: (s: number) => s.toFixed(1) },
    { title: '最低分', key: 'lowest', render: (_: unknown, c) => `${c.minScore}（${c.lowest.name}）` },
  ];
  const note = d.data ? (d.data.runNo === null ? `${d.data.period} 尚未保存评估结果（截至 ${d.data.asOf} 即时计算）` : `${d.data.period} 第 ${d.data.runNo} 次评估，截至 ${d.data.asOf}`) : null;
  return (
    <Card title="政府信用评估（各市）" size="small" style={{ marginBottom: 16 }} extra={<a onClick={() => navigate('/work/monitoring/government')}>全部机关</a>}>
      {d.error && <ErrorAlert error={d.error} onRetry={d.reload} />}
      {note && <Typography.Text type="secondary">{note}</Typography.Text>}
      <Table<City> rowKey={(c) => c.region ?? '-'} size="small" loading={d.loading} dataSource={d.data?.cities ?? []} columns={columns} pagination={false} data-testid="dashboard-government" locale={{ emptyText: <GovernmentEmpty /> }} />
    </Card>
  );
}
