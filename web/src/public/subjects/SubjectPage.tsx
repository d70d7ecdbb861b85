import { Suspense, lazy } from 'react';
import { Alert, Button, Card, Descriptions, Empty, List, Result, Skeleton, Spin, Tabs, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { publicApi } from '../../shared/api.ts';
import type { Freshness, PublicRecord, SubjectCategory, SubjectListExit, SubjectProfile } from '../../shared/api.ts';
import { DataAsOf } from '../../shared/DataAsOf.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { SUBJECT_KIND_COLOR, SUBJECT_KIND_LABEL, codeLabel } from '../../shared/labels.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { RecordCard } from './RecordCard.tsx';
import { blackListEntries, byCategory } from './records.ts';
import { EXIT_KIND_LABEL, LIST_KIND_COLOR, LIST_KIND_LABEL, untilText } from '../lists/lists.ts';

const RecordsByYearChart = lazy(() =>
  import('./RecordsByYearChart.tsx').then((m) => ({ default: m.RecordsByYearChart })),
);

export function SubjectPage() {
  const { id = '' } = useParams();
  const detail = useRequest(id ? `subject:${id}` : null, (signal) => publicApi.getSubject(id, signal));

  if (detail.error?.status === 404) {
    return (
      <>
        <title>未找到该主体 - 信用河北</title>
        <Result
          status="404"
          title="未找到该主体"
          subTitle={
            detail.error.zh === '未找到该主体' ? '请核对名称或统一社会信用代码后重新查询。' : detail.error.zh
          }
          extra={
            <Link to="/search">
              <Button type="primary">返回信用查询</Button>
            </Link>
          }
        />
      </>
    );
  }
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={detail.reload} />;
  // While loading, data may still be the previous subject's: never show it under this URL.
  if (detail.loading || !detail.data) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  const { subject, records, categories } = detail.data;
  return (
    <>
      <title>{`${subject.name} - 信用河北`}</title>
      <SubjectHeader subject={subject} freshness={detail.data.freshness} />
      <BlackListNotice records={records} />
      {records.length > 0 && (
        <Card title="公示记录年度分布" size="small" style={{ marginBottom: 16 }}>
          <Suspense fallback={<Spin style={{ display: 'block', padding: 40 }} />}>
            <RecordsByYearChart records={records} categories={categories} />
          </Suspense>
        </Card>
      )}
      <RecordTabs records={records} categories={categories} person={subject.kind === 'person'} />
      <ListExits subjectId={subject.id} />
      {subject.kind !== 'person' && <Commitments subjectId={subject.id} />}
    </>
  );
}

// The first thing a reader must see: the subject is on a black list in force.
function BlackListNotice({ records }: { records: PublicRecord[] }) {
  const entries = blackListEntries(records);
  if (entries.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="blacklist-notice"
      style={{ marginBottom: 16 }}
      title={<strong>该主体被列入黑名单（{[...new Set(entries.map((e) => e.categoryName))].join('、')}）</strong>}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {entries.map((e) => (
            <li key={e.id} data-testid="blacklist-notice-entry">
              {e.categoryName}：认定文书号 {e.ref}，认定日期 {e.decisionDate}，有效期至 {untilText(e.validUntil ?? null)}
              {e.disputed && (
                <Tag color="orange" style={{ marginInlineStart: 8 }}>
                  异议处理中
                </Tag>
              )}
            </li>
          ))}
        </ul>
      }
    />
  );
}

// 移出公告 of this subject: entries taken off a list, repaired or whose term ended (recent ones,
// for the period the lists publish exit notices).
function ListExits({ subjectId }: { subjectId: string }) {
  const exits = useRequest(`subject-exits:${subjectId}`, (signal) => publicApi.getSubjectListExits(subjectId, signal));
  if (exits.error) return <ErrorAlert error={exits.error} onRetry={exits.reload} />;
  const items = exits.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card title="移出名单公告" size="small" style={{ marginTop: 16 }} data-testid="subject-exits">
      <List<SubjectListExit>
        dataSource={items}
        renderItem={(x) => (
          <List.Item key={x.id}>
            <Typography.Text>
              <Tag color={LIST_KIND_COLOR[x.list.kind]}>{x.list.name}</Tag>
              {EXIT_KIND_LABEL[x.kind]} {x.exitDate}：{x.ref}（认定日期 {x.decisionDate}）{x.reason ? `，${x.reason}` : ''}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}

const COMMITMENT_STATUS: Record<string, { label: string; color: string }> = {
  'in-force': { label: '履行中', color: 'processing' },
  fulfilled: { label: '已履行', color: 'success' },
  breached: { label: '已违诺', color: 'error' },
  void: { label: '已失效', color: 'default' },
};

// 信用承诺 of an organization (content, date, status), as the openness rule allows; persons' are
// never public and are not asked for.
function Commitments({ subjectId }: { subjectId: string }) {
  const c = useRequest(`subject-commitments:${subjectId}`, (signal) => publicApi.getSubjectCommitments(subjectId, signal));
  if (c.error) return <ErrorAlert error={c.error} onRetry={c.reload} />;
  const items = c.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card title="信用承诺" size="small" style={{ marginTop: 16 }} data-testid="subject-commitments">
      <List
        dataSource={items}
        renderItem={(x) => (
          <List.Item key={x.number} data-testid="subject-commitment">
            <Typography.Text>
              <Tag>{x.kindName}</Tag>
              {x.content}（{x.madeOn}，{x.department}）
              <Tag color={COMMITMENT_STATUS[x.status]?.color} style={{ marginInlineStart: 8 }}>
                {COMMITMENT_STATUS[x.status]?.label ?? x.status}
              </Tag>
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}

function SubjectHeader({ subject, freshness }: { subject: SubjectProfile; freshness: Freshness | null }) {
  const items: DescriptionsProps['items'] = [
    {
      key: 'kind',
      label: '主体类型',
      children: <Tag color={SUBJECT_KIND_COLOR[subject.kind]}>{SUBJECT_KIND_LABEL[subject.kind]}</Tag>,
    },
  ];
  if (subject.code !== null) items.push({ key: 'code', label: codeLabel(subject.code), children: subject.code });
  if (subject.maskedId !== null) items.push({ key: 'maskedId', label: '证件号码', children: subject.maskedId });
  if (subject.kind !== 'person') {
    items.push({ key: 'orgCode', label: '组织机构代码', children: subject.orgCode ?? '—' });
  }
  return (
    <Card style={{ marginBottom: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 16, flexWrap: 'wrap' }}>
        <Typography.Title level={3} data-testid="subject-name" className="xy-page-title">
          {subject.name}
        </Typography.Title>
        {subject.kind !== 'person' && subject.code !== null && (
          <Link to={`/reports?subject=${encodeURIComponent(subject.code)}`} data-testid="subject-report-link">
            出具信用报告
          </Link>
        )}
      </div>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} items={items} />
      <DataAsOf freshness={freshness} />
    </Card>
  );
}

function RecordTabs({ records, categories, person }: { records: PublicRecord[]; categories: SubjectCategory[]; person: boolean }) {
  // persons: only the categories that show something (a person's licences and penalties are not public)
  const tabs = categories.filter((c) => !person || c.count > 0);
  // open a black list first, else the first tab that has something to show
  const defaultKey = (tabs.find((c) => c.kind === 'black' && c.count > 0) ?? tabs.find((c) => c.count > 0) ?? tabs[0])?.code;
  return (
    <Card>
      <Tabs
        defaultActiveKey={defaultKey}
        items={tabs.map((c) => {
          const rows = byCategory(records, c.code);
          return {
            key: c.code,
            label: (
              <span data-testid={`tab-${c.code}`}>
                {c.kind === 'red' || c.kind === 'black' ? `${LIST_KIND_LABEL[c.kind]}·${c.name}` : c.name}（{c.count}）
              </span>
            ),
            children: rows.length === 0 ? <Empty description={`暂无公开的${c.name}信息`} /> : rows.map((record) => <RecordCard key={record.id} record={record} />),
          };
        })}
      />
    </Card>
  );
}
