import { Card, Col, Descriptions, Empty, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { formatCount } from '../../shared/labels.ts';
import { listsApi, type PublicListInfo } from './listsApi.ts';
import { LIST_KIND_COLOR, LIST_KIND_LABEL, termText } from './lists.ts';

// 红黑名单: the lists the public may see, each with its rules and how many entries are on it today.
export function ListsPage() {
  const lists = useRequest('public-lists', (signal) => listsApi.lists(signal));
  const all = lists.data?.lists ?? [];
  // black lists first: they are what visitors mostly look for
  const ordered = [...all.filter((l) => l.kind === 'black'), ...all.filter((l) => l.kind === 'red')];
  return (
    <>
      <title>红黑名单 - 信用河北</title>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={4} className="xy-page-title">
          红黑名单
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          依法依规认定的守信红名单和失信黑名单。名单信息由认定部门报送，按规定向社会公开；自然人证件号码作脱敏处理。对名单信息有异议的，可向认定部门提出。
        </Typography.Paragraph>
      </Card>
      {lists.error ? (
        <ErrorAlert error={lists.error} onRetry={lists.reload} />
      ) : lists.loading && !lists.data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : ordered.length === 0 ? (
        <Card>
          <Empty description="暂无公开的名单" />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {ordered.map((l) => (
            <Col key={l.code} xs={24} lg={12}>
              <ListCard list={l} />
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}

function ListCard({ list: l }: { list: PublicListInfo }) {
  return (
    <Card
      data-testid="list-card"
      style={{ height: '100%', borderTop: `3px solid ${l.kind === 'black' ? '#cf1322' : '#389e0d'}` }}
      title={
        <Space>
          <Tag color={LIST_KIND_COLOR[l.kind]}>{LIST_KIND_LABEL[l.kind]}</Tag>
          <Link to={`/lists/${l.code}`} data-testid="list-link">
            {l.name}
          </Link>
        </Space>
      }
      extra={
        <Space size={16}>
          <Link to={`/lists/${l.code}`}>查看名单</Link>
          <Link to={`/lists/${l.code}/exits`}>移出公告</Link>
        </Space>
      }
    >
      <Statistic title="当前在列" value={formatCount(l.entriesInForce)} suffix="条" style={{ marginBottom: 12 }} />
      <Descriptions
        size="small"
        column={1}
        styles={{ label: { width: 96 } }}
        items={[
          { key: 'owner', label: '认定部门', children: l.owner },
          { key: 'criteria', label: '认定标准', children: l.criteria },
          { key: 'basis', label: '认定依据', children: l.basis },
          { key: 'term', label: '有效期', children: termText(l) },
          { key: 'exit', label: '移出规则', children: l.exitRule },
          { key: 'persons', label: '自然人', children: l.personsPublished ? '公开（证件号码脱敏）' : '不公开' },
        ]}
      />
    </Card>
  );
}
