// 从业人员信用: staff of an occupation's competent department list its practitioners (persons whose
// records name the occupation) with their 诚信积分, filtered by band (issue 12, 重点职业人群). A
// person's points are non-public personal data: the query states its purpose and matter, and the
// server audits the read before answering.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { classificationApi, type PractitionersPage, type PractitionersQuery } from './api.ts';

type Item = PractitionersPage['items'][number];

export function PractitionersPage() {
  const meta = useRequest('classification-occupations', (signal) => classificationApi.occupations(signal));
  const [query, setQuery] = useState<PractitionersQuery | null>(null);
  const [page, setPage] = useState(1);
  const list = useRequest(query ? `practitioners:${JSON.stringify(query)}:${page}` : null, (signal) => classificationApi.practitioners(query!, page, 20, signal));
  const competent = (meta.data?.occupations ?? []).filter((o) => o.competent);
  const gradeName = new Map((meta.data?.grades ?? []).map((g) => [g.code, g.name]));
  const columns: TableProps<Item>['columns'] = [
    { title: '姓名', key: 'name', render: (_: unknown, i) => i.subject.name },
    { title: '证件号码', key: 'id', width: 200, render: (_: unknown, i) => i.subject.maskedId ?? '—' },
    { title: '执业证书', dataIndex: 'certificates', render: (c: string[]) => c.join('、') || '—' },
    { title: '职业记录', dataIndex: 'records', width: 90, align: 'right' },
    { title: '诚信积分', dataIndex: 'score', width: 90, align: 'right', render: (s: number | null) => s ?? '—' },
    { title: '等级', dataIndex: 'grade', width: 110, render: (g: string | null) => (g ? <Tag color={g === 'bad' || g === 'poor' ? 'red' : g === 'fair' ? 'orange' : 'green'}>{gradeName.get(g) ?? g}</Tag> : '尚未评定') },
    { title: '重点监管', dataIndex: 'keySupervision', width: 90, render: (k: boolean | null) => (k ? <Tag color="red">是</Tag> : '—') },
  ];
  return (
    <>
      <title>从业人员信用 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        从业人员信用
      </Typography.Title>
      {meta.error && <ErrorAlert error={meta.error} onRetry={meta.reload} />}
      {meta.data && competent.length === 0 && <Alert type="info" showIcon message="本部门不是任何重点职业人群的主管部门，无从业人员可查。" style={{ marginBottom: 16 }} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form
          layout="inline"
          onFinish={(v: PractitionersQuery) => {
            setPage(1);
            setQuery({ occupation: v.occupation, grade: v.grade || undefined, purpose: v.purpose.trim(), matterRef: v.matterRef.trim() });
          }}
          data-testid="practitioners-form"
        >
          <Form.Item name="occupation" label="职业" rules={[{ required: true, message: '请选择职业' }]}>
            <Select style={{ width: 200 }} options={competent.map((o) => ({ value: o.code, label: o.name }))} data-testid="practitioners-occupation" />
          </Form.Item>
          <Form.Item name="grade" label="等级">
            <Select allowClear style={{ width: 140 }} placeholder="全部" options={(meta.data?.grades ?? []).map((g) => ({ value: g.code, label: g.name }))} data-testid="practitioners-grade" />
          </Form.Item>
          <Form.Item name="purpose" label="查询目的" rules={[{ required: true, message: '请填写查询目的' }]}>
            <Input style={{ width: 200 }} placeholder="如 执业监督检查" data-testid="practitioners-purpose" />
          </Form.Item>
          <Form.Item name="matterRef" label="事项编号" rules={[{ required: true, message: '请填写事项编号' }]}>
            <Input style={{ width: 160 }} data-testid="practitioners-matter" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" data-testid="practitioners-submit">
                查询
              </Button>
            </Space>
          </Form.Item>
        </Form>
        <Typography.Text type="secondary">自然人的诚信积分为非公开信息：每次查询均记录查询目的与事项，留痕审计。</Typography.Text>
      </Card>
      {list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.data && (
        <Typography.Paragraph>
          {list.data.occupation.name}
          {list.data.occupation.gbt6565 ? `（GB/T 6565 ${list.data.occupation.gbt6565}）` : ''}：共 {list.data.total} 人
        </Typography.Paragraph>
      )}
      <Table<Item>
        rowKey={(i) => i.subject.id}
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        data-testid="practitioners-table"
      />
    </>
  );
}
