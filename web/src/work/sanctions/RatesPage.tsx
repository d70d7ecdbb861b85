import { Suspense, lazy } from 'react';
import { Card, DatePicker, Empty, Flex, Segmented, Spin, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parseDateStr, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { sanctionsApi, type RateRow } from './api.ts';
import { percent } from './sanctions.ts';

const RatesChart = lazy(() => import('./RatesChart.tsx').then((m) => ({ default: m.RatesChart })));

type By = 'department' | 'measure';
const DATE_FORMAT = 'YYYY-MM-DD';

// 联合奖惩 · 反馈统计: how completely and how timely departments fed back on the measures their
// checks returned, per department or per measure, over checks made in a period (default: the last
// 12 months).
export function RatesPage() {
  const [params, setParams] = useSearchParams();
  const by: By = params.get('by') === 'measure' ? 'measure' : 'department';
  const from = parseDateStr(params.get('from'));
  const to = parseDateStr(params.get('to'));
  const rates = useRequest(`rates:${by}:${from ?? ''}:${to ?? ''}`, (signal) => sanctionsApi.rates(by, from, to, signal));
  const rows = rates.data?.rows ?? [];

  const columns: TableProps<RateRow>['columns'] = [
    { title: by === 'department' ? '部门' : '措施', dataIndex: 'name', render: (n: string) => <span data-testid="rate-name">{n}</span> },
    { title: '应反馈', dataIndex: 'owed', width: 70, align: 'right' },
    { title: '已反馈', dataIndex: 'given', width: 70, align: 'right' },
    { title: '按时', dataIndex: 'onTime', width: 60, align: 'right' },
    { title: '逾期反馈', dataIndex: 'late', width: 80, align: 'right' },
    { title: '逾期未反馈', dataIndex: 'overdue', width: 90, align: 'right', render: (n: number) => <span style={{ color: n > 0 ? '#cf1322' : undefined }}>{n}</span> },
    { title: '已实施', dataIndex: 'applied', width: 70, align: 'right' },
    { title: '未实施', dataIndex: 'notApplied', width: 70, align: 'right' },
    { title: '不适用', dataIndex: 'notApplicable', width: 70, align: 'right' },
    { title: '反馈率', dataIndex: 'rate', width: 80, align: 'right', render: (r: number) => <span data-testid="rate-rate">{percent(r)}</span> },
    { title: '按时反馈率', dataIndex: 'onTimeRate', width: 90, align: 'right', render: (r: number) => percent(r) },
  ];

  return (
    <>
      <title>反馈统计 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        反馈统计
      </Typography.Title>
      <Card>
        <Flex gap={16} wrap align="center" style={{ marginBottom: 16 }}>
          <Segmented<By>
            options={[
              { label: '按部门', value: 'department' },
              { label: '按措施', value: 'measure' },
            ]}
            value={by}
            onChange={(v) => setParams(withParams(params, { by: v === 'department' ? undefined : v }))}
            data-testid="rates-by"
          />
          <Flex gap={8} align="center">
            <Typography.Text>核查日期</Typography.Text>
            <DatePicker.RangePicker
              format={DATE_FORMAT}
              allowEmpty={[true, true]}
              value={[from ? dayjs(from, DATE_FORMAT) : null, to ? dayjs(to, DATE_FORMAT) : null]}
              onChange={(_, [f, t]) => setParams(withParams(params, { from: f || undefined, to: t || undefined }))}
            />
          </Flex>
          {rates.data && (
            <Typography.Text type="secondary">
              统计区间：{rates.data.from} 至 {rates.data.to}
            </Typography.Text>
          )}
        </Flex>
        {rates.error ? (
          <ErrorAlert error={rates.error} onRetry={rates.reload} />
        ) : (
          <>
            {rows.length > 0 && !rates.loading && (
              <div style={{ marginBottom: 16 }} data-testid="rates-chart">
                <Suspense fallback={<Spin style={{ display: 'block', padding: 40 }} />}>
                  <RatesChart rows={rows} />
                </Suspense>
              </div>
            )}
            <Table<RateRow>
              rowKey="key"
              size="middle"
              columns={columns}
              dataSource={rows}
              loading={rates.loading}
              pagination={false}
              scroll={{ x: 960 }}
              data-testid="rates-table"
              locale={{ emptyText: rates.loading ? <div style={{ height: 120 }} /> : <Empty description="统计区间内没有需要反馈的核查" /> }}
            />
          </>
        )}
      </Card>
    </>
  );
}
