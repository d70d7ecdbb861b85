// 监测看板's 信用分类 section: organizations' current grades per city (counts only). Persons'
// grades are never shown here: they are personal data, read only under the personal-data rule.
import { Card, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { classificationApi, type DistributionBody } from '../classification/api.ts';

type City = DistributionBody['cities'][number];

export function GradeDistributionCard() {
  const d = useRequest('grade-distribution', (signal) => classificationApi.distribution(signal));
  const grades = d.data?.grades ?? [];
  const columns: TableProps<City>['columns'] = [
    { title: '地区', dataIndex: 'regionName' },
    ...grades.map((g) => ({ title: g.code, key: g.code, width: 70, align: 'right' as const, render: (_: unknown, c: City) => c.counts.find((x) => x.grade === g.code)?.subjects ?? 0 })),
    { title: '合计', dataIndex: 'total', width: 80, align: 'right' },
    { title: '重点监管', dataIndex: 'keySupervision', width: 80, align: 'right' },
  ];
  return (
    <Card title="信用分类分布（法人和非法人组织，各市）" size="small" style={{ marginBottom: 16 }}>
      {d.error && <ErrorAlert error={d.error} onRetry={d.reload} />}
      {d.data && (
        <Typography.Text type="secondary">
          截至 {d.data.asOf}，模型 {d.data.model}
          {d.data.pending > 0 ? `；${d.data.pending} 个主体正在重新评定` : ''}。{grades.map((g) => `${g.code}：${g.name}`).join('，')}
        </Typography.Text>
      )}
      <Table<City> rowKey={(c) => c.region ?? '-'} size="small" loading={d.loading} dataSource={d.data?.cities ?? []} columns={columns} pagination={false} data-testid="dashboard-grades" />
    </Card>
  );
}
