import { Empty, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import type { PublicationItem } from '../../shared/api.ts';
import { CATEGORY_COLOR } from '../../shared/labels.ts';

type Props = {
  items: PublicationItem[];
  loading: boolean;
  compact?: boolean;
  pagination?: TableProps<PublicationItem>['pagination'];
  emptyText?: string;
};

// One table for the home page's latest 双公示 and the full list: rows lead to the subject page.
export function PublicationsTable({ items, loading, compact = false, pagination = false, emptyText = '暂无公示信息' }: Props) {
  const navigate = useNavigate();
  const columns: TableProps<PublicationItem>['columns'] = [
    // Inside a per-category tab the category column would only repeat the tab.
    ...(compact
      ? []
      : [
          {
            title: '类别',
            key: 'category',
            width: 96,
            // categories come from the catalog: a code without a colour gets the default tag
            render: (_: unknown, row: PublicationItem) => <Tag color={(CATEGORY_COLOR as Partial<Record<string, string>>)[row.category]}>{row.categoryName}</Tag>,
          },
        ]),
    {
      title: '行政相对人',
      key: 'subject',
      render: (_: unknown, row) => (
        <div>
          <Link to={`/subjects/${encodeURIComponent(row.subject.id)}`} data-testid="publication-subject-link">
            {row.subject.name}
          </Link>
          {!compact && row.subject.code && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {row.subject.code}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: '决定文书号', dataIndex: 'ref', ellipsis: true },
    ...(compact
      ? []
      : [
          {
            title: '内容摘要',
            dataIndex: 'summary',
            ellipsis: true,
          },
        ]),
    {
      title: '决定机关',
      key: 'department',
      ellipsis: true,
      render: (_: unknown, row: PublicationItem) => row.department.name,
    },
    { title: '决定日期', dataIndex: 'decisionDate', width: 116 },
  ];

  return (
    <Table<PublicationItem>
      rowKey="id"
      size={compact ? 'small' : 'middle'}
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={pagination}
      scroll={{ x: compact ? 720 : 960 }}
      locale={{
        emptyText: loading ? <div style={{ height: 120 }} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />,
      }}
      rowClassName={() => 'xy-clickable-row'}
      onRow={(row) => ({
        onClick: (event) => {
          // The name is already a link; other cells open the same subject page.
          if ((event.target as HTMLElement).closest('a')) return;
          navigate(`/subjects/${encodeURIComponent(row.subject.id)}`);
        },
      })}
    />
  );
}
