import { Alert, Button, Card, Descriptions, Result, Skeleton, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { SUBJECT_KIND_COLOR, SUBJECT_KIND_LABEL } from '../../shared/labels.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { listsApi } from './listsApi.ts';
import { LIST_KIND_COLOR, LIST_KIND_LABEL, untilText } from './lists.ts';

// 名单详情: one entry with the fields its list publishes (personal fields masked by the server).
export function EntryPage() {
  const { category = '', id = '' } = useParams();
  const entry = useRequest(`list-entry:${category}:${id}`, (signal) => listsApi.entry(category, id, signal));

  if (entry.error?.status === 404)
    return (
      <>
        <title>名单信息不存在 - 信用河北</title>
        <Result
          status="404"
          title="名单信息不存在"
          subTitle="该条目不存在，或已移出名单、不再公开。"
          data-testid="entry-not-found"
          extra={
            <Link to={`/lists/${category}`}>
              <Button type="primary">返回名单</Button>
            </Link>
          }
        />
      </>
    );
  if (entry.error) return <ErrorAlert error={entry.error} onRetry={entry.reload} />;
  if (entry.loading || !entry.data)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  const e = entry.data;
  return (
    <>
      <title>{`${e.subject.name} - ${e.list.name} - 信用河北`}</title>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">
          <Link to="/lists">红黑名单</Link> / <Link to={`/lists/${e.list.code}`}>{e.list.name}</Link>
        </Typography.Text>
        <Typography.Title level={3} className="xy-page-title" style={{ marginTop: 8 }} data-testid="entry-name">
          {e.subject.name}
        </Typography.Title>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 3 }}
          items={[
            {
              key: 'list',
              label: '名单',
              children: (
                <>
                  <Tag color={LIST_KIND_COLOR[e.list.kind]}>{LIST_KIND_LABEL[e.list.kind]}</Tag>
                  {e.list.name}
                </>
              ),
            },
            { key: 'kind', label: '主体类型', children: <Tag color={SUBJECT_KIND_COLOR[e.subject.kind]}>{SUBJECT_KIND_LABEL[e.subject.kind]}</Tag> },
            {
              key: 'code',
              label: e.subject.kind === 'person' ? '证件号码' : '统一社会信用代码',
              children: <span data-testid="entry-code">{e.subject.code ?? e.subject.maskedId ?? '—'}</span>,
            },
            { key: 'ref', label: '文书号（案号）', children: e.ref },
            { key: 'date', label: '认定日期', children: e.decisionDate },
            { key: 'until', label: '有效期至', children: untilText(e.validUntil) },
            { key: 'department', label: '认定部门', children: e.department.name },
          ]}
        />
        {e.disputed && <Alert type="warning" showIcon style={{ marginTop: 12 }} title="该信息正在异议处理中，核实期间暂不执行联合惩戒措施。" />}
        {e.removal && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="entry-removal"
            title={`被执行人已于 ${e.removal.performedOn} 履行完毕，依规定在 ${e.removal.workingDays} 个工作日内移出名单：最迟在名单上至 ${e.removal.deadline}（${e.removal.stateName}${e.removal.state === 'running' ? `，还剩 ${e.removal.remainingWorkingDays} 个工作日` : ''}）。`}
          />
        )}
      </Card>
      <Card title="公示信息">
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { width: 180 } }}
          data-testid="entry-fields"
          items={e.fields.map((f) => ({ key: f.code, label: f.name, children: f.value }))}
        />
      </Card>
    </>
  );
}
