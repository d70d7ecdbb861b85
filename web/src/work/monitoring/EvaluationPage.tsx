import { useState } from 'react';
import { Button, Card, Col, Descriptions, Drawer, Input, Row, Space, Table, Tag, Typography, message } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import type { ApiError } from '../../shared/api.ts';
import { useUser } from '../session.tsx';
import { categoryName } from '../nav.ts';
import { bulletinUrl, lastMonth, monitoringApi, percent, type DepartmentEvaluation, type RegionEvaluation } from './api.ts';

const todayStr = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

// 考核: the evaluation of a period (month 2026-11, quarter 2026-Q4, year 2026) — regions and
// departments ranked by score, tail flags for 约谈, drill-down from a region to its departments
// and from a department to its late and rejected records. City staff see their region.
export function EvaluationPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? lastMonth(todayStr());
  const [draft, setDraft] = useState(period);
  const ev = useRequest(`evaluation:${period}`, (signal) => monitoringApi.evaluation(period, signal));
  const [region, setRegion] = useState<string | null>(params.get('region')); // the dashboard links here with ?region=
  const [dep, setDep] = useState<string | null>(null);
  const regionDrill = useRequest(region ? `eval-region:${period}:${region}` : null, (signal) => monitoringApi.region(period, region!, signal));
  const depDrill = useRequest(dep ? `eval-dep:${period}:${dep}` : null, (signal) => monitoringApi.department(period, dep!, signal));
  const [runError, setRunError] = useState<ApiError | undefined>();
  const canRun = (user.role === 'operator' || user.role === 'platform_admin') && user.regionCode === '130000';

  const run = async () => {
    setRunError(undefined);
    try {
      const r = await monitoringApi.run(period);
      message.success(r.stored ? `已生成第 ${r.runNo} 次考核结果` : `结果与第 ${r.runNo} 次相同，未新增`);
      ev.reload();
    } catch (e) {
      setRunError(e as ApiError);
    }
  };

  const score = (s: number | null) => (s === null ? '—' : s.toFixed(1));
  const tailTag = (r: { tail: boolean; tailFlag: boolean }) => (r.tailFlag ? <Tag color="red" data-testid="tail-flag">约谈</Tag> : r.tail ? <Tag color="orange">末位</Tag> : null);
  const regionColumns: TableProps<RegionEvaluation>['columns'] = [
    { title: '排名', dataIndex: 'rank', width: 60, render: (r: number | null) => r ?? '—' },
    { title: '地区', dataIndex: 'name', render: (n: string, r) => <a onClick={() => setRegion(r.code)} data-testid="region-link">{n}</a> },
    { title: '得分', dataIndex: 'score', width: 70, align: 'right', render: score },
    { title: '应报', dataIndex: 'due', width: 60, align: 'right' },
    { title: '已报', dataIndex: 'covered', width: 60, align: 'right' },
    { title: '覆盖率', dataIndex: 'coverage', width: 80, align: 'right', render: percent },
    { title: '记录数', dataIndex: 'records', width: 70, align: 'right' },
    { title: '及时率', dataIndex: 'timeliness', width: 80, align: 'right', render: percent },
    { title: '', key: 'tail', width: 70, render: (_: unknown, r) => tailTag(r) },
  ];
  const depColumns: TableProps<DepartmentEvaluation>['columns'] = [
    { title: '排名', dataIndex: 'rank', width: 60, render: (r: number | null) => r ?? '—' },
    { title: '部门', dataIndex: 'name', render: (n: string, d) => <a onClick={() => setDep(d.uscc)} data-testid="department-link">{n}</a> },
    { title: '得分', dataIndex: 'score', width: 70, align: 'right', render: score },
    { title: '覆盖率', dataIndex: 'coverage', width: 80, align: 'right', render: percent },
    { title: '及时率', dataIndex: 'timeliness', width: 80, align: 'right', render: percent },
    { title: '退回率', dataIndex: 'rejectRate', width: 80, align: 'right', render: percent },
    { title: '反馈率', dataIndex: 'feedbackRate', width: 80, align: 'right', render: percent },
    { title: '异议修复按期率', dataIndex: 'rightsRate', width: 110, align: 'right', render: percent },
    { title: '', key: 'tail', width: 70, render: (_: unknown, r) => tailTag(r) },
  ];

  const r = ev.data;
  return (
    <>
      <title>考核评估 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        考核评估
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>考核期间</span>
          <Input value={draft} onChange={(e) => setDraft(e.target.value)} style={{ width: 140 }} placeholder="2026-11 / 2026-Q4 / 2026" data-testid="period-input" />
          <Button onClick={() => setParams({ period: draft.trim() })} data-testid="period-go">
            查看
          </Button>
          <Button icon={<ReloadOutlined />} onClick={ev.reload}>
            刷新
          </Button>
          <Button icon={<DownloadOutlined />} href={bulletinUrl(period, 'xlsx')} download>
            通报（Excel）
          </Button>
          <Button icon={<DownloadOutlined />} href={bulletinUrl(period, 'pdf')} download>
            通报（PDF）
          </Button>
          {canRun && (
            <Button type="primary" icon={<PlayCircleOutlined />} onClick={run} data-testid="evaluation-run">
              运行考核
            </Button>
          )}
        </Space>
        {runError && <ErrorAlert error={runError} />}
        {r && (
          <Descriptions size="small" style={{ marginTop: 12 }} column={4}>
            <Descriptions.Item label="期间">{`${r.from} ~ ${r.to}`}</Descriptions.Item>
            <Descriptions.Item label="截至">{r.asOf}</Descriptions.Item>
            <Descriptions.Item label="结果">{r.runNo === null ? `尚未保存（临时结果，${r.computedAt ? new Date(r.computedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '即时'} 计算）` : `第 ${r.runNo} 次（共 ${r.runs.length} 次）`}</Descriptions.Item>
            <Descriptions.Item label="权重">{r.weights ? `覆盖 ${r.weights.coverage} · 及时 ${r.weights.timeliness} · 质量 ${r.weights.quality} · 反馈 ${r.weights.feedback} · 异议修复 ${r.weights.rights}` : ''}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {ev.error && <ErrorAlert error={ev.error} onRetry={ev.reload} />}
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card title="地区排名" size="small">
            <Table<RegionEvaluation> rowKey="code" size="small" loading={ev.loading} dataSource={r?.regions ?? []} columns={regionColumns} pagination={false} data-testid="region-table" />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title="部门排名" size="small">
            <Table<DepartmentEvaluation> rowKey="uscc" size="small" loading={ev.loading} dataSource={r?.departments ?? []} columns={depColumns} pagination={{ pageSize: 30 }} data-testid="department-table" />
          </Card>
        </Col>
      </Row>
      <Drawer open={region !== null} onClose={() => setRegion(null)} title={regionDrill.data ? `${regionDrill.data.region.name} · 部门` : '地区'} width={760}>
        {regionDrill.error && <ErrorAlert error={regionDrill.error} />}
        <Table<DepartmentEvaluation> rowKey="uscc" size="small" dataSource={regionDrill.data?.departments ?? []} columns={depColumns} pagination={false} />
      </Drawer>
      <Drawer open={dep !== null} onClose={() => setDep(null)} title={depDrill.data?.department?.name ?? '部门'} width={760}>
        {depDrill.error && <ErrorAlert error={depDrill.error} />}
        {depDrill.data?.department && (
          <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="应报/已报">{`${depDrill.data.department.due}/${depDrill.data.department.covered}`}</Descriptions.Item>
            <Descriptions.Item label="记录/按时">{`${depDrill.data.department.records}/${depDrill.data.department.onTime}`}</Descriptions.Item>
            <Descriptions.Item label="行数/退回">{`${depDrill.data.department.rows}/${depDrill.data.department.rejected}`}</Descriptions.Item>
            <Descriptions.Item label="常见错误">{(depDrill.data.department.topErrors ?? []).map((e) => `${e.code}×${e.count}`).join('，') || '—'}</Descriptions.Item>
          </Descriptions>
        )}
        <Typography.Title level={5}>逾期报送的记录</Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={depDrill.data?.late ?? []}
          data-testid="late-table"
          columns={[
            { title: '类别', dataIndex: 'category', render: (c: string) => categoryName(c) },
            { title: '文书号', dataIndex: 'sourceRef' },
            { title: '主体', dataIndex: 'subjectName' },
            { title: '决定日期', dataIndex: 'decisionDate' },
            { title: '接收日期', dataIndex: 'receivedOn' },
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          退回的数据行
        </Typography.Title>
        <Table
          rowKey={(x) => `${x.batchId}:${x.rowNumber}:${x.code}:${x.field ?? ''}`}
          size="small"
          pagination={false}
          dataSource={depDrill.data?.rejected ?? []}
          columns={[
            { title: '类别', dataIndex: 'category', render: (c: string) => categoryName(c) },
            { title: '行号', dataIndex: 'rowNumber', width: 60 },
            { title: '字段', dataIndex: 'field' },
            { title: '错误', dataIndex: 'zh' },
          ]}
        />
      </Drawer>
    </>
  );
}
