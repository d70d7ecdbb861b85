import { Card, DatePicker, Flex, Segmented, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { publicApi } from '../../shared/api.ts';
import type { RecordCategory } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { CATEGORY_LABEL } from '../../shared/labels.ts';
import { parseCategory, parseDateStr, parsePositiveInt, withParams } from '../../shared/url.ts';
import { DataAsOf } from '../../shared/DataAsOf.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { PublicationsTable } from './PublicationsTable.tsx';

const DEFAULT_PAGE_SIZE = 20;
const DATE_FORMAT = 'YYYY-MM-DD';

type CategoryChoice = RecordCategory | 'all';

const CATEGORY_OPTIONS: { label: string; value: CategoryChoice }[] = [
  { label: '全部', value: 'all' },
  { label: CATEGORY_LABEL.license, value: 'license' },
  { label: CATEGORY_LABEL.penalty, value: 'penalty' },
];

// Filters live in the URL (?category=&from=&to=&page=&pageSize=) so a filtered list can be shared.
export function PublicationsPage() {
  const [params, setParams] = useSearchParams();
  const category = parseCategory(params.get('category'));
  const from = parseDateStr(params.get('from'));
  const to = parseDateStr(params.get('to'));
  const page = parsePositiveInt(params.get('page'), 1);
  const pageSize = parsePositiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, 100);

  const list = useRequest(`publications:${category ?? ''}:${from ?? ''}:${to ?? ''}:${page}:${pageSize}`, (signal) =>
    publicApi.listPublications({ category, from, to, page, pageSize }, signal),
  );

  const title = category ? `${CATEGORY_LABEL[category]}公示` : '双公示';
  return (
    <>
      <title>{`${title} - 信用河北`}</title>
      <Card>
        <Typography.Title level={4} className="xy-page-title">
          {title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          行政许可和行政处罚信息自作出决定之日起依法向社会公示，公示期满后不再公开展示。{' '}
          {list.data && !list.loading && <DataAsOf freshness={list.data.freshness} />}
        </Typography.Paragraph>
        <Flex gap={16} wrap align="center" style={{ marginBottom: 16 }}>
          <Segmented<CategoryChoice>
            data-testid="category-filter"
            options={CATEGORY_OPTIONS}
            value={category ?? 'all'}
            onChange={(value) => setParams(withParams(params, { category: value === 'all' ? undefined : value, page: undefined }))}
          />
          <Flex gap={8} align="center">
            <Typography.Text>决定日期</Typography.Text>
            <DatePicker.RangePicker
              data-testid="date-range"
              format={DATE_FORMAT}
              allowEmpty={[true, true]}
              value={[from ? dayjs(from, DATE_FORMAT) : null, to ? dayjs(to, DATE_FORMAT) : null]}
              onChange={(_, [nextFrom, nextTo]) =>
                setParams(withParams(params, { from: nextFrom || undefined, to: nextTo || undefined, page: undefined }))
              }
            />
          </Flex>
        </Flex>
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <PublicationsTable
            items={list.data?.items ?? []}
            loading={list.loading}
            emptyText="没有符合条件的公示信息"
            pagination={{
              current: list.data?.page ?? page,
              pageSize: list.data?.pageSize ?? pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50],
              showTotal: (total) => `共 ${total} 条`,
              onChange: (nextPage, nextSize) =>
                setParams(withParams(params, { page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })),
            }}
          />
        )}
      </Card>
    </>
  );
}
