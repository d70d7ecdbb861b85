import { useState } from 'react';
import { Button, Card, Col, Descriptions, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { exchangeApi } from '../exchange/api.ts';
import { lastMonth, monitoringApi, percent, type DepartmentEvaluation, type WarningView } from './api.ts';

const todayStr = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

// The enabled county virtual platforms of this node in the caller's region: choosing one opens
// its scope of the dashboard (?county=CODE); the province or city view is the empty choice.
export function CountyPicker({ value }: { value?: string }) {
  const [params, setParams] = useSearchParams();
  const list = useRequest('dashboard-counties', (signal) => exchangeApi.counties('enabled', signal));
  const items = list.data?.items ?? [];
  if (items.length === 0 && !value) return null;
  return (
    <Select<string>
      allowClear
      placeholder="县级平台"
      style={{ width: 180 }}
      value={value}
      options={items.map((c) => ({ value: c.region, label: `${c.name}（${c.region}）` }))}
      onChange={(v) => {
        const next = new URLSearchParams(params);
        if (v) next.set('county', v);
        else next.delete('county');
        setParams(next);
      }}
      data-testid="dashboard-county"
    />
  );
}

// 监测看板, a county's scope (县级虚拟平台): the county's row summed from its departments, its
// departments with their rates, and the open warnings about it. The API refuses a county outside
// the caller's region or without an enabled platform.
export function CountyDashboard({ county }: { county: string }) {
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? lastMonth(todayStr());
  const [draft, setDraft] = useState(period);
  const ev = useRequest(`county-evaluation:${county}:${period}`, (signal) => monitoringApi.evaluation(period, signal, county));
  const warnings = useRequest('county-warnings', (signal) => monitoringApi.warnings('live', 1, 100, signal));
  const row = ev.data?.regions[0];
  const mine = (warnings.data?.items ?? []).filter((w) => w.regionCode === county);

  const columns: TableProps<DepartmentEvaluation>['columns'] = [
    { title: '部门', dataIndex: 'name' },
    { title: '得分', dataIndex: 'score', width: 70, align: 'right', render: (s: number | null) => (s === null ? '—' : s.toFixed(1)) },
    { title: '覆盖率', dataIndex: 'coverage', width: 80, align: 'right', render: percent },
    { title: '及时率', dataIndex: 'timeliness', width: 80, align: 'right', render: percent },
    { title: '报送', dataIndex: 'records', width: 70, align: 'right' },
    { title: '', key: 'tail', width: 70, render: (_: unknown, d) => (d.tailFlag ? <Tag color="red">约谈</Tag> : d.tail ? <Tag color="orange">末位</Tag> : null) },
  ];
  const warningColumns: TableProps<WarningView>['columns'] = [
    { title: '首次发现', dataIndex: 'firstSeen', width: 100 },
    { title: '类别', dataIndex: 'kindName', width: 120 },
    { title: '对象', dataIndex: 'targetName', width: 160 },
    { title: '原因', key: 'reason', render: (_: unknown, w) => w.reason.zh },
  ];

  return (
    <>
      <title>{`监测看板 · ${row?.name ?? county} - 政务门户`}</title>
      <Typography.Title level={4} className="xy-work-page-title">
        监测看板 · <span data-testid="county-dashboard-name">{row?.name ?? county}</span>（县级虚拟平台）
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>考核期间</span>
          <Input value={draft} onChange={(e) => setDraft(e.target.value)} style={{ width: 140 }} placeholder="2026-11 / 2026-Q4 / 2026" data-testid="dashboard-period" />
          <Button onClick={() => setParams({ county, period: draft.trim() })}>查看</Button>
          <CountyPicker value={county} />
          {ev.data && <Typography.Text type="secondary">{ev.data.runNo === null ? `${ev.data.from} ~ ${ev.data.to}，即时计算` : `${ev.data.from} ~ ${ev.data.to}，第 ${ev.data.runNo} 次考核结果`}</Typography.Text>}
        </Space>
      </Card>
      {ev.error && <ErrorAlert error={ev.error} onRetry={ev.reload} />}
      {row && (
        <Card size="small" title="本县汇总" style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={{ xs: 2, md: 5 }} data-testid="county-summary">
            <Descriptions.Item label="部门">{row.departments}</Descriptions.Item>
            <Descriptions.Item label="得分">{row.score === null ? '—' : row.score.toFixed(1)}</Descriptions.Item>
            <Descriptions.Item label="覆盖率">{percent(row.coverage)}</Descriptions.Item>
            <Descriptions.Item label="及时率">{percent(row.timeliness)}</Descriptions.Item>
            <Descriptions.Item label="报送记录">{row.records}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {/* a refused county (unknown code, out of scope, not enabled) shows the refusal only: empty
          tables under it would read as "no departments, no warnings" */}
      {!ev.error && (
        <Row gutter={16}>
          <Col xs={24} xl={14}>
            <Card title="本县部门" size="small" style={{ marginBottom: 16 }}>
              <Table<DepartmentEvaluation> rowKey="uscc" size="small" loading={ev.loading} dataSource={ev.data?.departments ?? []} columns={columns} pagination={false} data-testid="county-departments" />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card title="本县预警" size="small" style={{ marginBottom: 16 }}>
              {warnings.error && <ErrorAlert error={warnings.error} onRetry={warnings.reload} />}
              <Table<WarningView> rowKey="id" size="small" loading={warnings.loading} dataSource={mine} columns={warningColumns} pagination={false} />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
