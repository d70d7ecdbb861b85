// 政府信用评估: every government body (USCC beginning 11) scored from its records under
// rules/government-evaluation.json and ranked within its city; expand a row for the indicators and
// the records behind them. Today's evaluation, or a stored period's run (the job stores each month,
// quarter and year at its end; a later run after late data keeps the earlier ones). Operators,
// platform administrators and auditors.
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Card, Descriptions, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { buildQuery } from '../../shared/api.ts';
import { API, sendJson } from '../api.ts';
import type { GovernmentEvaluationBody, GovernmentRunsBody as Runs, GovernmentStoredBody as Stored } from '../../../../src/modules/government/government.schemas.ts';

type Item = GovernmentEvaluationBody['items'][number];
type Shown = { evaluation: GovernmentEvaluationBody; stored: Stored | null };

const get = <T,>(url: string, signal?: AbortSignal) => sendJson<T>((i, init) => fetch(i, init), 'GET', url, undefined, signal);

// '' = today (computed now); else the period's latest stored run, or run runNo
async function load(period: string, runNo: number | null, region: string, signal?: AbortSignal): Promise<Shown> {
  if (!period) return { evaluation: await get<GovernmentEvaluationBody>(`${API}/government/evaluation${buildQuery({ region: region || undefined })}`, signal), stored: null };
  const stored = await get<Stored>(`${API}/government/evaluation/periods/${encodeURIComponent(period)}${buildQuery({ region: region || undefined, runNo: runNo ?? undefined })}`, signal);
  return { evaluation: stored.evaluation as GovernmentEvaluationBody, stored };
}

export function GovernmentEvaluationPage() {
  const [params, setParams] = useSearchParams();
  // ?region=130100&period=2026-11: opened from the dashboard's 政府信用评估 section for one city
  const [region, setRegion] = useState(params.get('region') ?? '');
  const period = params.get('period') ?? '';
  const runNo = params.get('runNo') ? Number(params.get('runNo')) : null;
  const pick = (p: string, n: number | null) => {
    const next = new URLSearchParams(params);
    if (p) next.set('period', p);
    else next.delete('period');
    if (n !== null) next.set('runNo', String(n));
    else next.delete('runNo');
    setParams(next);
  };
  const runs = useRequest('gov-eval-runs', (signal) => get<Runs>(`${API}/government/evaluation/runs`, signal));
  const periods = [...new Set((runs.data?.items ?? []).map((r) => r.period))];
  const shown = useRequest(`gov-eval:${period}:${runNo}:${region}`, (signal) => load(period, runNo, region, signal));
  const ev = { ...shown, data: shown.data?.evaluation };
  const stored = shown.data?.stored ?? null;
  const columns: TableProps<Item>['columns'] = [
    { title: '地区', dataIndex: 'region', width: 90, render: (r: string | null) => r ?? '—' },
    { title: '排名', dataIndex: 'rank', width: 60 },
    { title: '机关', key: 'name', render: (_: unknown, i) => i.body.name },
    { title: '统一社会信用代码', key: 'uscc', width: 190, render: (_: unknown, i) => i.body.uscc },
    { title: '得分', dataIndex: 'score', width: 70, align: 'right' },
    {
      title: '扣分指标',
      key: 'ind',
      render: (_: unknown, i) => i.indicators.filter((x) => x.points < 0).map((x) => <Tag key={x.id} color="orange">{x.name} {x.points}</Tag>),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>政府信用评估</Typography.Title>
      <Card size="small">
        <Space wrap>
          <span>评估期</span>
          <Select
            value={period}
            style={{ width: 200 }}
            onChange={(v: string) => pick(v, null)}
            options={[{ value: '', label: '今日（即时计算）' }, ...(period && !periods.includes(period) ? [period] : []).concat(periods).map((p) => ({ value: p, label: `${p}（已保存）` }))]}
            data-testid="gov-period"
          />
          {stored && stored.runs.length > 1 && (
            <Select
              value={stored.runNo ?? undefined}
              style={{ width: 140 }}
              onChange={(n: number) => pick(period, n)}
              options={stored.runs.map((r) => ({ value: r.runNo, label: `第 ${r.runNo} 次` }))}
              data-testid="gov-run-no"
            />
          )}
          <span>地区代码</span>
          <Input.Search placeholder="如 130100，空为全省" defaultValue={region} allowClear onSearch={(v) => setRegion(v.trim())} style={{ width: 240 }} data-testid="gov-region" />
        </Space>
        {ev.data && (
          <Descriptions size="small" style={{ marginTop: 8 }} column={3}>
            <Descriptions.Item label="评估日">{ev.data.asOf}</Descriptions.Item>
            <Descriptions.Item label="结果">
              <span data-testid="gov-run">
                {!period ? '今日即时计算（未保存）' : stored?.runNo ? `${period} 第 ${stored.runNo} 次评估（${stored.trigger === 'job' ? '期末自动' : '手动'}运行，${new Date(stored.ranAt!).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}）` : `${period} 尚未保存评估结果（截至期末即时计算）`}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label="基础分">{ev.data.rule.baseScore}</Descriptions.Item>
            <Descriptions.Item label="依据">{ev.data.rule.source}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {ev.error && <ErrorAlert error={ev.error} />}
      <Table<Item>
        rowKey={(i) => i.body.id}
        loading={ev.loading}
        dataSource={ev.data?.items ?? []}
        columns={columns}
        pagination={{ pageSize: 50 }}
        data-testid="gov-table"
        locale={{ emptyText: <GovernmentEmpty region={region} /> }}
        expandable={{
          expandedRowRender: (i) => (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={i.indicators}
              columns={[
                { title: '指标', dataIndex: 'name' },
                { title: '扣分', dataIndex: 'points', width: 70, align: 'right' },
                { title: '记录', key: 'records', render: (_: unknown, x: Item['indicators'][number]) => x.records.map((r) => `${r.ref}（${r.decisionDate}）`).join('；') || '—' },
              ]}
            />
          ),
        }}
      />
    </Space>
  );
}

// Why the list is empty, instead of a bare 暂无数据: the evaluation covers the government bodies
// that are subjects on file (USCC beginning 11, registered by 机构编制部门), and a body becomes a
// subject when a department submits a record about it. Exported for the dashboard's card.
export function GovernmentEmpty({ region }: { region?: string }) {
  return (
    <div style={{ padding: '16px 0', textAlign: 'left', maxWidth: 640, margin: '0 auto' }} data-testid="gov-empty">
      <Typography.Paragraph strong>{region ? `地区 ${region} 暂无参与评估的政府机关` : '暂无参与评估的政府机关'}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        政府信用评估的对象是平台上已有信用档案的政府机关（统一社会信用代码以 11 开头，由机构编制部门登记）。各部门报送关于机关的信用记录（如政务失信记录 government-dishonesty、行政处罚、司法判决执行）后，该机关即列入评估并按所在设区市排名。
      </Typography.Paragraph>
    </div>
  );
}
