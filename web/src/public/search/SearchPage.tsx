import { Card, Empty, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { publicApi } from '../../shared/api.ts';
import type { SubjectHit } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { DataAsOf } from '../../shared/DataAsOf.tsx';
import { SUBJECT_KIND_COLOR, SUBJECT_KIND_LABEL, formatCount, subjectIdentifier } from '../../shared/labels.ts';
import { parsePositiveInt, withParams } from '../../shared/url.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { SearchBox } from './SearchBox.tsx';

const DEFAULT_PAGE_SIZE = 20;

const COLUMNS: TableProps<SubjectHit>['columns'] = [
  {
    title: '主体名称',
    dataIndex: 'name',
    render: (_: string, row) => (
      <Link to={`/subjects/${encodeURIComponent(row.id)}`} data-testid="result-link">
        {row.name}
      </Link>
    ),
  },
  {
    title: '主体类型',
    dataIndex: 'kind',
    width: 150,
    render: (_: string, row) => <Tag color={SUBJECT_KIND_COLOR[row.kind]}>{SUBJECT_KIND_LABEL[row.kind]}</Tag>,
  },
  {
    title: '统一社会信用代码 / 注册号 / 证件号',
    key: 'identifier',
    width: 280,
    render: (_: unknown, row) => <Typography.Text copyable={row.code !== null}>{subjectIdentifier(row)}</Typography.Text>,
  },
  { title: '公示记录', dataIndex: 'publicRecordCount', width: 100, align: 'right' },
];

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 100);

  const result = useRequest(q ? `subjects:${q}:${page}:${pageSize}` : null, (signal) =>
    publicApi.searchSubjects({ q, page, pageSize }, signal),
  );

  return (
    <>
      <title>{q ? `${q} - 信用查询 - 信用河北` : '信用查询 - 信用河北'}</title>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={4} className="xy-page-title">
          信用查询
        </Typography.Title>
        {/* keyed by q so the box follows the URL on back/forward */}
        <SearchBox key={q} initialQuery={q} />
      </Card>
      {!q ? (
        <Card>
          <Empty description="请输入企业名称、统一社会信用代码或注册号进行查询" />
        </Card>
      ) : result.error ? (
        <ErrorAlert error={result.error} onRetry={result.reload} />
      ) : result.data && !result.loading && result.data.total === 0 ? (
        <Card>
          <Empty data-testid="search-empty" description="未找到相关主体" />
        </Card>
      ) : (
        <Card>
          {result.data && !result.loading && (
            <Typography.Paragraph type="secondary">
              <span data-testid="search-total">
                “{q}” 共找到 {formatCount(result.data.total)}
                {result.data.totalCapped ? '+' : ''} 个相关主体
              </span>
              {result.data.totalCapped && '（仅列出前 10,000 个，请输入更完整的名称缩小范围）'}{' '}
              <DataAsOf freshness={result.data.freshness} />
            </Typography.Paragraph>
          )}
          <Table<SubjectHit>
            rowKey="id"
            columns={COLUMNS}
            dataSource={result.data?.items ?? []}
            loading={result.loading}
            scroll={{ x: 760 }}
            locale={{ emptyText: result.loading ? <div style={{ height: 120 }} /> : <Empty description="未找到相关主体" /> }}
            pagination={{
              current: result.data?.page ?? page,
              pageSize: result.data?.pageSize ?? pageSize,
              total: result.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50],
              showTotal: (total) => `共 ${formatCount(total)}${result.data?.totalCapped ? '+' : ''} 条`,
              onChange: (nextPage, nextSize) =>
                setParams(withParams(params, { page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })),
            }}
          />
        </Card>
      )}
    </>
  );
}
