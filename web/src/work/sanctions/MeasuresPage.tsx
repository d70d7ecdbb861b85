import { useMemo, useState } from 'react';
import { Button, Card, Descriptions, Empty, Flex, Input, Segmented, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { EditOutlined, HistoryOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { useUser } from '../session.tsx';
import { categoryName } from '../nav.ts';
import { sanctionsApi, type Measure, type MeasureKind } from './api.ts';
import { MEASURE_KIND_COLOR, MEASURE_KIND_LABEL, MEASURE_TYPE_LABEL, canEditMeasures, termName, triggerDefText } from './sanctions.ts';
import { MeasureEditModal } from './MeasureEditModal.tsx';
import { MeasureRevisionsModal } from './MeasureRevisionsModal.tsx';

type KindChoice = MeasureKind | 'all';

// 联合奖惩 · 措施清单: the measures in force (current revision of each), who implements them, in
// which scenarios, triggered by what. Operators add and change them; every change is a revision.
export function MeasuresPage() {
  const user = useUser();
  const editor = canEditMeasures(user.role);
  const list = useRequest('measures', (signal) => sanctionsApi.measures(signal));
  const [kind, setKind] = useState<KindChoice>('all');
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Measure | 'new' | undefined>();
  const [history, setHistory] = useState<Measure | undefined>();

  const data = list.data;
  const rows = useMemo(() => {
    const text = q.trim();
    return (data?.measures ?? []).filter(
      (m) => (kind === 'all' || m.kind === kind) && (!text || m.name.includes(text) || m.id.includes(text) || m.basis.includes(text)),
    );
  }, [data, kind, q]);

  const columns: TableProps<Measure>['columns'] = [
    {
      title: '措施',
      key: 'name',
      render: (_: unknown, m) => (
        <div>
          <Tag color={MEASURE_KIND_COLOR[m.kind]}>{MEASURE_KIND_LABEL[m.kind]}</Tag>
          <span data-testid="measure-row-name">{m.name}</span>
          {!m.active && (
            <Tag color="default" style={{ marginLeft: 6 }}>
              已停用
            </Tag>
          )}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {m.id} · {MEASURE_TYPE_LABEL[m.type]} ·{' '}
            <span data-testid="measure-row-revision" title={m.source === 'operator' ? '运营人员修改' : '内置措施'}>
              第 {m.revision} 版
            </span>
          </Typography.Text>
        </div>
      ),
    },
    {
      title: '实施部门',
      dataIndex: 'implementers',
      width: 190,
      render: (ks: string[]) => ks.map((k) => <Tag key={k}>{termName(data?.departmentKinds, k)}</Tag>),
    },
    {
      title: '业务场景',
      dataIndex: 'scenarios',
      width: 170,
      render: (ss: string[]) => ss.map((s) => <Tag key={s} color="blue">{termName(data?.scenarios, s)}</Tag>),
    },
    {
      title: '触发条件',
      dataIndex: 'triggers',
      width: 210,
      render: (ts: Measure['triggers']) => (
        <Flex vertical gap={2}>
          {ts.map((t, i) => (
            <span key={i}>{triggerDefText(t, categoryName)}</span>
          ))}
        </Flex>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: editor ? 140 : 80,
      fixed: 'right',
      render: (_: unknown, m) => (
        <Flex gap={4}>
          {editor && (
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(m)} data-testid="measure-edit">
              修改
            </Button>
          )}
          <Button size="small" icon={<HistoryOutlined />} onClick={() => setHistory(m)} data-testid="measure-history">
            修订
          </Button>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <title>措施清单 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        措施清单
      </Typography.Title>
      <Card
        extra={
          <Flex gap={8}>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              刷新
            </Button>
            {editor && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="measure-add" disabled={!data}>
                新增措施
              </Button>
            )}
          </Flex>
        }
        title={
          <Flex gap={12} wrap align="center" style={{ padding: '8px 0' }}>
            <Segmented<KindChoice>
              options={[
                { label: '全部', value: 'all' },
                { label: '联合惩戒', value: 'punishment' },
                { label: '守信激励', value: 'reward' },
              ]}
              value={kind}
              onChange={setKind}
            />
            <Input.Search placeholder="按名称、编号或依据筛选" allowClear style={{ width: 260 }} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} data-testid="measure-filter" />
          </Flex>
        }
      >
        {list.error ? (
          <ErrorAlert error={list.error} onRetry={list.reload} />
        ) : (
          <Table<Measure>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={list.loading}
            scroll={{ x: 960 }}
            data-testid="measures-table"
            pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 项措施`, hideOnSinglePage: true }}
            expandable={{
              expandedRowRender: (m) => (
                <Descriptions
                  size="small"
                  column={1}
                  bordered
                  styles={{ label: { width: 110 } }}
                  items={[
                    { key: 'content', label: '措施内容', children: m.content },
                    { key: 'basis', label: '法律依据', children: m.basis },
                    { key: 'memorandum', label: '合作备忘录', children: m.memorandum ? `${m.memorandum.name}${m.memorandum.docNo ? `（${m.memorandum.docNo}）` : ''}` : '—' },
                  ]}
                />
              ),
            }}
            locale={{ emptyText: list.loading ? <div style={{ height: 120 }} /> : <Empty description="没有符合条件的措施" /> }}
          />
        )}
      </Card>
      {editing && data && (
        <MeasureEditModal
          measure={editing === 'new' ? undefined : editing}
          vocabulary={data}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            list.reload();
          }}
        />
      )}
      {history && <MeasureRevisionsModal measure={history} vocabulary={data} onClose={() => setHistory(undefined)} />}
    </>
  );
}
