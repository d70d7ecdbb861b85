import { Card, Descriptions, Empty, Result, Skeleton, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { IdentityGate, useEndSessionOn } from './IdentityGate.tsx';
import { DisputedTag, RecordStatusTag } from './RightsParts.tsx';
import { rightsApi, type AccessEntry, type OwnFile, type OwnRecord } from './rightsApi.ts';
import { ITEM_STATUS_LABEL, REPAIR_STATUS_LABEL, SEVERITY_TEXT, VIA_ROLE_LABEL, accessByText, chinesePart, formatInstant, recordKey, whatText, type StoredSession } from './rights.ts';

// 我的信用档案: after the identity check, the subject's whole file (non-public records too) with
// source, status, publication window and the dispute and link marks; and 查询记录, who looked.
export function CreditFilePage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'access-log' ? 'access-log' : 'records';
  return (
    <>
      <title>我的信用档案 - 信用河北</title>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={3} className="xy-page-title">
          我的信用档案
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          核验身份后，可查看平台归集的本主体全部信用信息（含不向社会公开的信息），以及谁在何时、因何查询过您的信用信息。对信息有异议的，可以<Link to="/objections">提出异议</Link>；符合条件的，可以<Link to="/repair">申请信用修复</Link>。
        </Typography.Paragraph>
      </Card>
      <IdentityGate purpose="credit-file">
        {(s) => (
          <Card>
            <Tabs
              activeKey={tab}
              onChange={(k) => setParams(k === 'records' ? {} : { tab: k })}
              items={[
                { key: 'records', label: '信用档案', children: tab === 'records' ? <Records session={s} /> : null },
                { key: 'access-log', label: '查询记录', children: tab === 'access-log' ? <AccessLogTab session={s} /> : null },
              ]}
            />
          </Card>
        )}
      </IdentityGate>
    </>
  );
}

function publicationText(r: OwnRecord): string {
  const { from, until } = r.publication;
  if (!from) return '不公示';
  return until ? `${from} 至 ${until}` : `${from} 起`;
}

const columns: TableProps<OwnRecord>['columns'] = [
  {
    title: '信息类别',
    key: 'category',
    width: 150,
    render: (_: unknown, r) => (
      <Space size={4} wrap>
        {r.categoryName}
        {r.listKind === 'black' && <Tag color="red">黑名单</Tag>}
        {r.listKind === 'red' && <Tag color="green">红名单</Tag>}
      </Space>
    ),
  },
  {
    title: '文书号',
    dataIndex: 'ref',
    width: 210,
    render: (ref: string, r) => (
      <div>
        <span data-testid="file-record-ref">{ref}</span>
        {r.via && (
          <div>
            <Tag color="purple" data-testid="linked-tag">
              关联
            </Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.via.organization.name}（您为其{VIA_ROLE_LABEL[r.via.role] ?? r.via.role}）
            </Typography.Text>
          </div>
        )}
      </div>
    ),
  },
  { title: '来源', dataIndex: ['source', 'department'] },
  { title: '决定日期', dataIndex: 'decisionDate', width: 105 },
  { title: '程度', dataIndex: 'severity', width: 70, render: (s: string | null | undefined) => (s ? (SEVERITY_TEXT[s] ?? s) : '—') },
  {
    title: '状态',
    key: 'status',
    width: 130,
    render: (_: unknown, r) => (
      <Tooltip title={r.statusReason ?? undefined}>
        <span>
          <RecordStatusTag status={r.status} statusOn={r.statusOn} />
        </span>
      </Tooltip>
    ),
  },
  {
    title: '公示期',
    key: 'publication',
    width: 200,
    render: (_: unknown, r) => (
      <div>
        <div>{publicationText(r)}</div>
        {r.publication.publicToday ? <Tag color="blue">公示中</Tag> : <Tag data-testid="not-public-tag">未公开</Tag>}
      </div>
    ),
  },
  {
    title: '标记',
    key: 'marks',
    width: 210,
    render: (_: unknown, r) => (
      <Space vertical size={2}>
        {r.disputed && <DisputedTag />}
        {r.objection && r.objection.status !== 'open' && (
          <Typography.Text style={{ fontSize: 12 }}>
            异议 {r.objection.number}：{ITEM_STATUS_LABEL[r.objection.status as keyof typeof ITEM_STATUS_LABEL] ?? r.objection.status}
          </Typography.Text>
        )}
        {r.repair && (
          <Typography.Text style={{ fontSize: 12 }}>
            修复 {r.repair.number}：{REPAIR_STATUS_LABEL[r.repair.status as keyof typeof REPAIR_STATUS_LABEL] ?? r.repair.status}
          </Typography.Text>
        )}
      </Space>
    ),
  },
];

function RecordDetail({ r }: { r: OwnRecord }) {
  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        classNames={{ label: 'xy-record-label' }}
        items={[
          ...r.fields.map((f) => ({ key: f.code, label: f.name, children: f.value || '—' })),
          ...(r.validUntil ? [{ key: 'valid', label: '有效期至', children: r.validUntil }] : []),
          ...(r.objection?.note ? [{ key: 'objection', label: '异议处理说明', span: 2, children: r.objection.note }] : []),
          {
            key: 'repair',
            label: '信用修复',
            span: 2,
            children: r.repairNotice.repairable ? `${r.repairNotice.earliestDate ? `${r.repairNotice.earliestDate} 起可申请。` : ''}${r.repairNotice.how}` : r.repairNotice.how,
          },
        ]}
      />
    </>
  );
}

function RecordsTable({ records, testId }: { records: OwnRecord[]; testId: string }) {
  return (
    <Table<OwnRecord>
      rowKey={(r) => `${recordKey(r)}:${r.source.department}`}
      size="small"
      columns={columns}
      dataSource={records}
      pagination={records.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: 1200 }}
      expandable={{ expandedRowRender: (r) => <RecordDetail r={r} /> }}
      data-testid={testId}
      locale={{ emptyText: <Empty description="平台没有归集您的信用记录" /> }}
    />
  );
}

function Records({ session }: { session: StoredSession }) {
  const file = useRequest(`own-file:${session.token}`, (signal) => rightsApi.creditFile(session.token, signal));
  useEndSessionOn(file.error);
  if (file.error) return <ErrorAlert error={file.error} onRetry={file.reload} />;
  if (file.loading && !file.data) return <Skeleton active />;
  const f = file.data!;
  if (!f.subject) return <Result status="info" title="平台没有归集到与该代码和名称相符的信用记录" />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        截至 {f.asOf}，共 {f.records.length} 条信用记录{f.linked.length ? `，另有 ${f.linked.length} 条关联信息` : ''}。点击行首“+”查看详细内容。
      </Typography.Paragraph>
      {f.classification && <OwnGrade g={f.classification} />}
      <RecordsTable records={f.records} testId="file-records" />
      {f.linked.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            关联信息（您担任法定代表人或主要负责人的组织的严重失信信息）
          </Typography.Title>
          <RecordsTable records={f.linked} testId="file-linked" />
        </>
      )}
    </>
  );
}

// The subject's own grade (诚信积分 for a person) with its explanation: each indicator's points and
// the records behind them; a grade is contested through those records (docs/decisions/0016).
function OwnGrade({ g }: { g: NonNullable<OwnFile['classification']> }) {
  const shown = g.factors.filter((f) => f.points !== 0 || f.records.length > 0);
  return (
    <Card size="small" title={g.scale === 'points' ? '我的诚信积分' : '我的信用等级'} style={{ marginBottom: 16 }} data-testid="own-grade">
      <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
        <Descriptions.Item label={g.scale === 'points' ? '积分档次' : '等级'}>
          <Space size={6}>
            <Tag color="blue" data-testid="own-grade-value" style={{ marginInlineEnd: 0 }}>{g.scale === 'points' ? g.gradeName : `${g.grade} ${g.gradeName}`}</Tag>
            {g.insufficient && <Tag>信息不足</Tag>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="得分">{g.score}</Descriptions.Item>
        <Descriptions.Item label="评定依据">{g.decision.zh}</Descriptions.Item>
      </Descriptions>
      {shown.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={shown}
          data-testid="own-grade-factors"
          columns={[
            { title: '指标', dataIndex: 'name' },
            { title: '分值', dataIndex: 'points', width: 80, render: (p: number) => (p > 0 ? `+${p}` : String(p)) },
            { title: '所依据的记录', dataIndex: 'records', render: (rs: { ref: string; categoryName: string; decisionDate: string }[]) => rs.map((r) => `${r.categoryName} ${r.ref}（${r.decisionDate}）`).join('；') || '—' },
          ]}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        等级由信用记录按公布的分类模型计算（模型 {g.model}）。如对等级有异议，请对其所依据的记录<Link to="/objections">提出异议</Link>，记录更正或撤销后等级随之重新评定。
      </Typography.Paragraph>
    </Card>
  );
}

const KIND_LABEL: Record<AccessEntry['kind'], string> = { 'credit-check': '信用核查', 'data-read': '信息查询' };

const logColumns: TableProps<AccessEntry>['columns'] = [
  { title: '时间', dataIndex: 'at', width: 170, render: (at: string) => formatInstant(at) },
  { title: '查询方', key: 'by', render: (_: unknown, e) => <span data-testid="access-by">{accessByText(e)}</span> },
  { title: '类型', dataIndex: 'kind', width: 100, render: (k: AccessEntry['kind']) => <Tag color={k === 'credit-check' ? 'volcano' : 'blue'}>{KIND_LABEL[k]}</Tag> },
  { title: '事由', dataIndex: 'purpose', render: (p: string | null) => <span data-testid="access-purpose">{chinesePart(p)}</span> },
  { title: '查询内容', dataIndex: 'what', width: 160, render: (w: string[]) => whatText(w) },
];

function AccessLogTab({ session }: { session: StoredSession }) {
  const log = useRequest(`access-log:${session.token}`, (signal) => rightsApi.accessLog(session.token, signal));
  useEndSessionOn(log.error);
  if (log.error) return <ErrorAlert error={log.error} onRetry={log.reload} />;
  return (
    <>
      <Typography.Paragraph type="secondary">部门的信用核查、工作人员对您不公开信息的查阅以及您本人的查询，均记录在案（最近 200 条）。</Typography.Paragraph>
      <Table<AccessEntry>
        rowKey={(e, i) => `${e.at}:${i}`}
        size="small"
        columns={logColumns}
        dataSource={log.data?.entries ?? []}
        loading={log.loading}
        scroll={{ x: 820 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="access-log"
        locale={{ emptyText: log.loading ? <div style={{ height: 60 }} /> : <Empty description="暂无查询记录" /> }}
      />
    </>
  );
}
