import { Suspense, lazy, useMemo } from 'react';
import { Button, Card, Descriptions, Empty, Result, Skeleton, Spin, Tabs, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { publicApi } from '../../shared/api.ts';
import type { PublicRecord, RecordCategory, SubjectProfile } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { CATEGORY_LABEL, SUBJECT_KIND_COLOR, SUBJECT_KIND_LABEL, codeLabel } from '../../shared/labels.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { RecordCard } from './RecordCard.tsx';
import { byCategory } from './records.ts';

const RecordsByYearChart = lazy(() =>
  import('./RecordsByYearChart.tsx').then((m) => ({ default: m.RecordsByYearChart })),
);

const TAB_ORDER: RecordCategory[] = ['license', 'penalty'];

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
  const { subject, records } = detail.data;
  return (
    <>
      <title>{`${subject.name} - 信用河北`}</title>
      <SubjectHeader subject={subject} />
      {records.length > 0 && (
        <Card title="公示记录年度分布" size="small" style={{ marginBottom: 16 }}>
          <Suspense fallback={<Spin style={{ display: 'block', padding: 40 }} />}>
            <RecordsByYearChart records={records} />
          </Suspense>
        </Card>
      )}
      <RecordTabs records={records} />
    </>
  );
}

function SubjectHeader({ subject }: { subject: SubjectProfile }) {
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
    </Card>
  );
}

function RecordTabs({ records }: { records: PublicRecord[] }) {
  const grouped = useMemo(
    () => Object.fromEntries(TAB_ORDER.map((c) => [c, byCategory(records, c)])) as Record<RecordCategory, PublicRecord[]>,
    [records],
  );
  // Open the first tab that has something to show.
  const defaultKey = TAB_ORDER.find((c) => grouped[c].length > 0) ?? TAB_ORDER[0];
  return (
    <Card>
      <Tabs
        defaultActiveKey={defaultKey}
        items={TAB_ORDER.map((category) => ({
          key: category,
          label: `${CATEGORY_LABEL[category]}（${grouped[category].length}）`,
          children:
            grouped[category].length === 0 ? (
              <Empty description={`暂无公开的${CATEGORY_LABEL[category]}信息`} />
            ) : (
              grouped[category].map((record) => <RecordCard key={record.id} record={record} />)
            ),
        }))}
      />
    </Card>
  );
}
