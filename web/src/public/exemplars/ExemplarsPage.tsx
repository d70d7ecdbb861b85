import { useState } from 'react';
import { Button, Card, Descriptions, Empty, Form, Input, List, Modal, Result, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { SUBJECT_KIND_LABEL } from '../../shared/labels.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { listsApi, type ListEntry } from '../lists/listsApi.ts';
import { subjectCode, untilText } from '../lists/lists.ts';
import { EXEMPLAR_LIST, exemplarsApi, type PublicityItem } from './exemplarsApi.ts';

// 诚信典型 on 信用河北: the nominees in their 公示 (anyone may object while it runs, anonymously:
// only the content is kept) and the approved exemplars in their term (the integrity-exemplar
// red list, with what the catalog makes public).
export function ExemplarsPage() {
  const publicity = useRequest('exemplars-publicity', (signal) => exemplarsApi.publicity(signal));
  const approved = useRequest('exemplars-approved', (signal) => listsApi.entries(EXEMPLAR_LIST, undefined, 1, 100, signal));
  const [objecting, setObjecting] = useState<PublicityItem>();

  const columns: TableProps<ListEntry>['columns'] = [
    {
      title: '名称',
      key: 'subject',
      render: (_: unknown, e) => (
        <div>
          <Link to={`/lists/${EXEMPLAR_LIST}/entries/${e.id}`} data-testid="exemplar-approved-link">
            {e.subject.name}
          </Link>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {e.subject.kind === 'person' ? `${SUBJECT_KIND_LABEL.person} ` : ''}
            {subjectCode(e.subject)}
          </Typography.Text>
        </div>
      ),
    },
    { title: '认定文书号', dataIndex: 'ref', width: 180 },
    { title: '典型事迹', dataIndex: 'reason', ellipsis: true, render: (r: string | null | undefined) => r ?? '—' },
    { title: '推荐部门', key: 'department', width: 180, ellipsis: true, render: (_: unknown, e) => e.department.name },
    { title: '认定日期', dataIndex: 'decisionDate', width: 110 },
    { title: '有效期至', dataIndex: 'validUntil', width: 110, render: (d: string | null) => untilText(d) },
  ];

  return (
    <>
      <title>诚信典型 - 信用河北</title>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 24 }}>
        <Card>
          <Typography.Title level={4} className="xy-page-title">
            诚信典型公示
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            以下诚信典型推荐对象正在公示。公示期内，任何单位和个人对推荐对象有异议的，可在本页提出（匿名，只保存异议内容），审核部门将在公示期满后作出决定时逐件说明处理情况。
          </Typography.Paragraph>
          {publicity.error && <ErrorAlert error={publicity.error} onRetry={publicity.reload} />}
          <List<PublicityItem>
            loading={publicity.loading}
            dataSource={publicity.data?.items ?? []}
            locale={{ emptyText: <Empty description="目前没有正在公示的诚信典型推荐对象" /> }}
            data-testid="exemplar-publicity"
            renderItem={(e) => (
              <List.Item
                data-testid="exemplar-nominee"
                actions={[
                  <Button key="object" onClick={() => setObjecting(e)} data-testid="exemplar-object">
                    提出异议
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <span data-testid="exemplar-nominee-name">{e.subjectName}</span>
                      <Tag color="green">{e.title}</Tag>
                    </Space>
                  }
                  description={
                    <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                      <Descriptions.Item label="公示编号">{e.number}</Descriptions.Item>
                      {e.subjectUscc && <Descriptions.Item label="统一社会信用代码">{e.subjectUscc}</Descriptions.Item>}
                      <Descriptions.Item label="所属领域">{`${e.year} 年度 · ${e.domain}`}</Descriptions.Item>
                      <Descriptions.Item label="推荐部门">{e.department}</Descriptions.Item>
                      <Descriptions.Item label="公示期">
                        <span data-testid="exemplar-publicity-period">{`${e.publicityFrom} 至 ${e.publicityUntil}`}</span>
                      </Descriptions.Item>
                      <Descriptions.Item label="典型事迹" span={2}>
                        {e.deeds}
                      </Descriptions.Item>
                    </Descriptions>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
        <Card>
          <Typography.Title level={4} className="xy-page-title">
            诚信典型名单
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            公示期满经审核认定、在有效期内的诚信典型，享受“绿色通道”等激励措施；有效期内出现不良信用记录的，撤销其诚信典型并移出名单（<Link to={`/lists/${EXEMPLAR_LIST}/exits`} style={{ textDecoration: 'underline' }}>移出公告</Link>）。
          </Typography.Paragraph>
          {approved.error ? (
            <ErrorAlert error={approved.error} onRetry={approved.reload} />
          ) : (
            <Table<ListEntry>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={approved.data?.items ?? []}
              loading={approved.loading}
              scroll={{ x: 900 }}
              pagination={false}
              locale={{ emptyText: <Empty description="暂无在有效期内的诚信典型" /> }}
              data-testid="exemplar-approved"
            />
          )}
          {approved.data && approved.data.total > approved.data.items.length && (
            <Typography.Paragraph style={{ marginTop: 12 }}>
              共 {approved.data.total} 个，<Link to={`/lists/${EXEMPLAR_LIST}`} style={{ textDecoration: 'underline' }}>查看全部</Link>
            </Typography.Paragraph>
          )}
        </Card>
      </div>
      {objecting && <ObjectionDialog exemplar={objecting} onClose={() => setObjecting(undefined)} />}
    </>
  );
}

function ObjectionDialog({ exemplar, onClose }: { exemplar: PublicityItem; onClose: () => void }) {
  const [content, setContent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [receipt, setReceipt] = useState<{ exemplar: string; objectionId: number }>();

  async function submit() {
    setBusy(true);
    setError(undefined);
    try {
      setReceipt(await exemplarsApi.object(exemplar.exemplarId, { content }));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { code: 'UNKNOWN', zh: String(e), en: String(e) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`对“${exemplar.subjectName}”提出异议`}
      onCancel={onClose}
      footer={
        receipt ? (
          <Button type="primary" onClick={onClose}>
            关闭
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="exemplar-objection-submit">
              提交异议
            </Button>
          </Space>
        )
      }
    >
      {receipt ? (
        <Result
          status="success"
          title="异议已提交"
          subTitle={
            <span data-testid="exemplar-objection-receipt">
              公示编号 {receipt.exemplar}，异议登记号 {receipt.objectionId}。审核部门将在公示期满后作出决定时说明处理情况。
            </span>
          }
        />
      ) : (
        <Form layout="vertical">
          <Typography.Paragraph type="secondary">
            公示编号 {exemplar.number}，公示期 {exemplar.publicityFrom} 至 {exemplar.publicityUntil}。请写明异议事实和依据；本页不收集您的身份信息。
          </Typography.Paragraph>
          {error && <ErrorAlert error={error} />}
          <Form.Item label="异议内容" style={{ marginTop: 12 }}>
            <Input.TextArea rows={5} maxLength={4000} showCount value={content} onChange={(e) => setContent(e.target.value)} data-testid="exemplar-objection-content" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
