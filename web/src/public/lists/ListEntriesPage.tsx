import { useEffect, useState } from 'react';
import { Button, Card, Empty, Flex, Input, Result, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { SUBJECT_KIND_LABEL } from '../../shared/labels.ts';
import { parsePositiveInt, withParams } from '../../shared/url.ts';
import { DataAsOf } from '../../shared/DataAsOf.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { listsApi, type ExitNotice, type ListEntry } from './listsApi.ts';
import { EXIT_KIND_LABEL, LIST_KIND_COLOR, LIST_KIND_LABEL, LIST_SEARCH_PLACEHOLDER, subjectCode, untilText } from './lists.ts';

const DEFAULT_PAGE_SIZE = 20;

// A list's entries on it today (search, paging) and its exit notices, as two tabs; the search
// and the page live in the URL so a result can be shared.
export function ListEntriesPage() {
  const { category = '' } = useParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const tab = pathname.endsWith('/exits') ? 'exits' : 'entries';
  const lists = useRequest('public-lists', (signal) => listsApi.lists(signal));
  const list = lists.data?.lists.find((l) => l.code === category);

  if (lists.data && !list)
    return (
      <>
        <title>名单不存在 - 信用河北</title>
        <Result
          status="404"
          title="名单不存在"
          subTitle="该名单不存在或不向社会公开。"
          extra={
            <Link to="/lists">
              <Button type="primary">返回红黑名单</Button>
            </Link>
          }
        />
      </>
    );
  const name = list?.name ?? '';
  return (
    <>
      <title>{`${name || '名单'}${tab === 'exits' ? '移出公告' : ''} - 信用河北`}</title>
      <Card>
        <Typography.Title level={4} className="xy-page-title" data-testid="list-title">
          <Link to="/lists">红黑名单</Link> / {list && <Tag color={LIST_KIND_COLOR[list.kind]}>{LIST_KIND_LABEL[list.kind]}</Tag>}
          {name}
        </Typography.Title>
        {list && (
          <Typography.Paragraph type="secondary">
            认定部门：{list.owner}。{list.criteria}
          </Typography.Paragraph>
        )}
        {lists.error && <ErrorAlert error={lists.error} onRetry={lists.reload} />}
        <Tabs
          activeKey={tab}
          onChange={(k) => navigate(k === 'exits' ? `/lists/${category}/exits` : `/lists/${category}`)}
          items={[
            { key: 'entries', label: `在列名单${list ? `（${list.entriesInForce}）` : ''}`, children: tab === 'entries' ? <EntriesTab category={category} /> : null },
            { key: 'exits', label: '移出公告', children: tab === 'exits' ? <ExitsTab category={category} /> : null },
          ]}
        />
      </Card>
    </>
  );
}

function SubjectCell({ category, entryId, s }: { category?: string; entryId?: string; s: ListEntry['subject'] }) {
  return (
    <div>
      {category && entryId ? (
        <Link to={`/lists/${category}/entries/${entryId}`} data-testid="entry-link">
          {s.name}
        </Link>
      ) : (
        <span>{s.name}</span>
      )}
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="entry-code">
        {s.kind === 'person' ? `${SUBJECT_KIND_LABEL.person} ` : ''}
        {subjectCode(s)}
      </Typography.Text>
    </div>
  );
}

function EntriesTab({ category }: { category: string }) {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() || undefined;
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 100);
  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);
  const entries = useRequest(`list-entries:${category}:${q ?? ''}:${page}:${pageSize}`, (signal) => listsApi.entries(category, q, page, pageSize, signal));

  const columns: TableProps<ListEntry>['columns'] = [
    { title: '主体名称', key: 'subject', render: (_: unknown, e) => <SubjectCell category={category} entryId={e.id} s={e.subject} /> },
    { title: '文书号（案号）', dataIndex: 'ref', width: 200 },
    { title: '认定事由', dataIndex: 'reason', ellipsis: true, render: (r: string | null | undefined) => r ?? '—' },
    { title: '认定部门', key: 'department', width: 180, ellipsis: true, render: (_: unknown, e) => e.department.name },
    { title: '认定日期', dataIndex: 'decisionDate', width: 110 },
    { title: '有效期至', dataIndex: 'validUntil', width: 110, render: (d: string | null) => untilText(d) },
    { title: '', dataIndex: 'disputed', width: 96, render: (d: boolean) => (d ? <Tag color="orange">异议处理中</Tag> : null) },
  ];

  return (
    <>
      <Flex gap={8} style={{ marginBottom: 16, maxWidth: 640 }}>
        <Input.Search
          placeholder={LIST_SEARCH_PLACEHOLDER}
          aria-label="名单查询"
          allowClear
          enterButton="查询"
          maxLength={100}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) setParams(withParams(params, { q: undefined, page: undefined }));
          }}
          onSearch={(v) => setParams(withParams(params, { q: v.trim() || undefined, page: undefined }))}
          data-testid="list-search"
        />
      </Flex>
      {entries.data && !entries.loading && <DataAsOf freshness={entries.data.freshness} />}
      {q && [...q].length < 3 && !/\d/.test(q) && (
        <Typography.Paragraph type="secondary">少于三个字时按名称开头查询。</Typography.Paragraph>
      )}
      {entries.error ? (
        <ErrorAlert error={entries.error} onRetry={entries.reload} />
      ) : (
        <Table<ListEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={entries.data?.items ?? []}
          loading={entries.loading}
          scroll={{ x: 1000 }}
          data-testid="list-entries"
          rowClassName={() => 'xy-clickable-row'}
          onRow={(e) => ({
            onClick: (event) => {
              if ((event.target as HTMLElement).closest('a')) return;
              navigate(`/lists/${category}/entries/${e.id}`);
            },
          })}
          locale={{
            emptyText: entries.loading ? <div style={{ height: 120 }} /> : <Empty data-testid="list-empty" description={q ? `没有找到与“${q}”相符的在列名单` : '该名单暂无在列主体'} />,
          }}
          pagination={{
            current: page,
            pageSize,
            total: entries.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50],
            showTotal: (total) => `共 ${total} 条`,
            onChange: (nextPage, nextSize) => setParams(withParams(params, { page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })),
          }}
        />
      )}
    </>
  );
}

function ExitsTab({ category }: { category: string }) {
  const [params, setParams] = useSearchParams();
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 100);
  const exits = useRequest(`list-exits:${category}:${page}:${pageSize}`, (signal) => listsApi.exits(category, page, pageSize, signal));
  const columns: TableProps<ExitNotice>['columns'] = [
    { title: '主体名称', key: 'subject', render: (_: unknown, e) => <SubjectCell s={e.subject} /> },
    { title: '文书号（案号）', dataIndex: 'ref', width: 200 },
    { title: '认定日期', dataIndex: 'decisionDate', width: 110 },
    { title: '移出日期', dataIndex: 'exitDate', width: 110 },
    {
      title: '移出方式',
      dataIndex: 'kind',
      width: 100,
      render: (k: ExitNotice['kind']) => <Tag color={k === 'term-end' ? 'default' : 'blue'}>{EXIT_KIND_LABEL[k]}</Tag>,
    },
    { title: '移出原因', dataIndex: 'reason', ellipsis: true, render: (r: string | null) => <span data-testid="exit-reason">{r ?? '—'}</span> },
    { title: '认定部门', key: 'department', width: 180, ellipsis: true, render: (_: unknown, e) => e.department.name },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">主体移出名单后，移出信息按规定期限向社会公告。</Typography.Text>
      </Space>
      {exits.error ? (
        <ErrorAlert error={exits.error} onRetry={exits.reload} />
      ) : (
        <Table<ExitNotice>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={exits.data?.items ?? []}
          loading={exits.loading}
          scroll={{ x: 1000 }}
          data-testid="list-exits"
          locale={{ emptyText: exits.loading ? <div style={{ height: 120 }} /> : <Empty description="暂无移出公告" /> }}
          pagination={{
            current: page,
            pageSize,
            total: exits.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50],
            showTotal: (total) => `共 ${total} 条`,
            onChange: (nextPage, nextSize) => setParams(withParams(params, { page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })),
          }}
        />
      )}
    </>
  );
}
