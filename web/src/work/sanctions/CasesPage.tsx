import { Card, Empty, Flex, Segmented, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { formatDateTime, isDepartmentRole } from '../nav.ts';
import { useUser } from '../session.tsx';
import { sanctionsApi, type CaseItem, type MatterOutcome, type MeasureKind } from './api.ts';
import { MATTER_OUTCOME_LABEL, MEASURE_KIND_COLOR, MEASURE_KIND_LABEL, termName } from './sanctions.ts';

type KindChoice = MeasureKind | 'all';
const KIND_OPTIONS: { label: string; value: KindChoice }[] = [
  { label: '全部', value: 'all' },
  { label: '联合惩戒', value: 'punishment' },
  { label: '守信激励', value: 'reward' },
];

const parseKind = (v: string | null): MeasureKind | undefined => (v === 'reward' || v === 'punishment' ? v : undefined);

// 联合奖惩 · 奖惩案例: checks where a department applied a measure, newest first (persons by
// masked ID only). Filter and page live in the URL.
export function CasesPage() {
  const mine = isDepartmentRole(useUser().role);
  const [params, setParams] = useSearchParams();
  const kind = parseKind(params.get('kind'));
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), 20, 100);
  const list = useRequest(`cases:${kind ?? ''}:${page}:${pageSize}`, (signal) => sanctionsApi.cases(kind, page, pageSize, signal));
  const vocab = useRequest('measures', (signal) => sanctionsApi.measures(signal));

  const columns: TableProps<CaseItem>['columns'] = [
    {
      title: '核查时间 / 事项编号',
      key: 'checked',
      width: 170,
      render: (_: unknown, c) => (
        <div>
          <div>{formatDateTime(c.checkedAt)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.matterRef ?? '—'}
          </Typography.Text>
        </div>
      ),
    },
    ...(mine ? [] : [{ title: '实施部门', dataIndex: 'department', width: 170 }]),
    {
      title: '主体',
      key: 'subject',
      render: (_: unknown, c) => (
        <div>
          <div data-testid="case-subject">{c.subject.name ?? (c.subject.kind === 'person' ? '自然人' : '—')}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.subject.code}
          </Typography.Text>
        </div>
      ),
    },
    { title: '业务场景', dataIndex: 'scenario', width: 110, render: (s: string) => termName(vocab.data?.scenarios, s) },
    {
      title: '已实施的措施',
      key: 'measures',
      render: (_: unknown, c) => (
        <Flex vertical gap={4} data-testid="case-measures">
          {c.measures.map((m) => (
            <span key={m.measureId}>
              <Tag color={MEASURE_KIND_COLOR[m.kind]}>{MEASURE_KIND_LABEL[m.kind]}</Tag>
              {m.name}
            </span>
          ))}
        </Flex>
      ),
    },
    {
      title: '办理结果',
      dataIndex: 'matterOutcome',
      width: 100,
      render: (o: MatterOutcome | null | undefined, c) => <span title={c.note ?? undefined}>{o ? MATTER_OUTCOME_LABEL[o] : '—'}</span>,
    },
    {
      title: '',
      key: 'open',
      width: 60,
      fixed: 'right',
      render: (_: unknown, c) => <Link to={`/work/sanctions/checks/${c.checkId}`}>详情</Link>,
    },
  ];

  return (
    <>
      <title>奖惩案例 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        奖惩案例
      </Typography.Title>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          各部门在业务办理中经信用核查并反馈“已实施”的联合惩戒和守信激励措施。
        </Typography.Paragraph>
        <Segmented<KindChoice>
          style={{ marginBottom: 16 }}
          options={KIND_OPTIONS}
          value={kind ?? 'all'}
          onChange={(v) => setParams(withParams(params, { kind: v === 'all' ? undefined : v, page: undefined }))}
          data-testid="cases-kind"
        />
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<CaseItem>
            rowKey="checkId"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading}
            scroll={{ x: 960 }}
            data-testid="cases-table"
            locale={{ emptyText: list.loading ? <div style={{ height: 120 }} /> : <Empty data-testid="cases-empty" description="暂无奖惩案例" /> }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => `共 ${total} 个案例`,
              onChange: (nextPage, nextSize) => setParams(withParams(params, { page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })),
            }}
          />
        )}
      </Card>
    </>
  );
}
