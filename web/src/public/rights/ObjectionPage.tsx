import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Form, Input, Result, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { IdentityGate, useEndSessionOn } from './IdentityGate.tsx';
import { EvidenceUpload, toUploads } from './EvidenceUpload.tsx';
import { DisputedTag, DueDate, RecordStatusTag } from './RightsParts.tsx';
import { rightsApi, type Objection, type OwnRecord } from './rightsApi.ts';
import { OBJECTION_STATUS_LABEL, VIA_ROLE_LABEL, notContestable, recordKey, refOfKey, type StoredSession } from './rights.ts';

type Values = { reason: string; applicantName?: string; applicantContact?: string };

// 异议申请: the subject, identity checked, contests one or more of their records (their own, and
// for a person an organization's record that names them) with a reason and evidence; the
// providing department answers within the working days the rules give.
export function ObjectionPage() {
  return (
    <>
      <title>异议申请 - 信用河北</title>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={3} className="xy-page-title">
          异议申请
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          信用主体认为平台归集、公示的本主体信用信息有误、遗漏或侵犯其合法权益的，可以提出异议。平台即时通知信息提供部门核实处理，市场主体 15 个工作日、自然人 20 个工作日内答复；核实期间，相关信息标注“异议处理中”，暂不据此实施联合惩戒措施。
        </Typography.Paragraph>
      </Card>
      <IdentityGate purpose="objection">{(s) => <ObjectionWork session={s} />}</IdentityGate>
    </>
  );
}

function ObjectionWork({ session }: { session: StoredSession }) {
  if (!session.subject)
    return <Result status="info" title="平台没有归集到与该代码和名称相符的信用记录" subTitle="请核对代码和名称；若确有信息被遗漏或有误，可携带证明材料到信息提供部门或政务服务窗口办理。" />;
  return (
    <>
      <NewObjection token={session.token} />
      <MyObjections token={session.token} />
    </>
  );
}

function NewObjection({ token }: { token: string }) {
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const file = useRequest(`own-file:${token}`, (signal) => rightsApi.creditFile(token, signal));
  useEndSessionOn(file.error);
  const [selected, setSelected] = useState<string[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [pickError, setPickError] = useState(false);
  useEndSessionOn(error);

  const records = useMemo(() => [...(file.data?.records ?? []), ...(file.data?.linked ?? [])], [file.data]);

  const submit = async (v: Values) => {
    if (selected.length === 0) {
      setPickError(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const name = v.applicantName?.trim();
      const contact = v.applicantContact?.trim();
      const o = await rightsApi.fileObjection(token, {
        records: selected.map(refOfKey),
        reason: v.reason.trim(),
        evidence: await toUploads(files, 'evidence'),
        ...(name || contact ? { applicant: { ...(name ? { name } : {}), ...(contact ? { contact } : {}) } } : {}),
      });
      navigate(`/objections/${o.objectionId}`);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableProps<OwnRecord>['columns'] = [
    {
      title: '信息类别',
      key: 'category',
      width: 150,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {r.categoryName}
          {r.via && <Tag color="purple">关联</Tag>}
        </Space>
      ),
    },
    {
      title: '文书号',
      dataIndex: 'ref',
      width: 260,
      render: (ref: string, r) => (
        <div>
          <span data-testid="objection-record-ref">{ref}</span>
          {r.via && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {r.via.organization.name}（您为其{VIA_ROLE_LABEL[r.via.role] ?? r.via.role}）
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: '信息提供部门', dataIndex: ['source', 'department'] },
    { title: '决定日期', dataIndex: 'decisionDate', width: 110 },
    { title: '状态', key: 'status', width: 110, render: (_: unknown, r) => <RecordStatusTag status={r.status} statusOn={r.statusOn} /> },
    {
      title: '说明',
      key: 'note',
      width: 150,
      render: (_: unknown, r) => (r.disputed ? <DisputedTag /> : <Typography.Text type="secondary">{notContestable(r) ?? (r.publication.publicToday ? '公示中' : '未公示')}</Typography.Text>),
    },
  ];

  return (
    <Card title="提出异议" style={{ marginBottom: 16 }} data-testid="objection-new">
      {file.error ? (
        <ErrorAlert error={file.error} onRetry={file.reload} />
      ) : file.loading && !file.data ? (
        <Skeleton active />
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" disabled={busy}>
          <Form.Item label="1. 选择有异议的信用记录" required help={pickError && selected.length === 0 ? '请至少选择一条信用记录' : undefined} validateStatus={pickError && selected.length === 0 ? 'error' : undefined}>
            <Table<OwnRecord>
              rowKey={recordKey}
              size="small"
              columns={columns}
              dataSource={records}
              pagination={false}
              scroll={{ x: 900 }}
              data-testid="objection-records"
              locale={{ emptyText: <Empty description="平台没有归集您的信用记录" /> }}
              rowSelection={{
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (r) => ({ disabled: notContestable(r) !== undefined }),
              }}
            />
          </Form.Item>
          <Form.Item name="reason" label="2. 异议理由" rules={[{ required: true, whitespace: true, message: '请填写异议理由' }, { max: 2000, message: '异议理由不能超过 2000 字' }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} showCount maxLength={2000} placeholder="请说明哪些信息有误、正确的情况是什么，以及依据" data-testid="objection-reason" />
          </Form.Item>
          <Form.Item label="3. 证明材料" extra="如复议决定书、法院判决书、缴款凭证等，可不提交">
            <EvidenceUpload files={files} onChange={setFiles} testId="objection-evidence" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="applicantName" label="联系人" rules={[{ max: 100 }]}>
                <Input placeholder="可不填" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="applicantContact" label="联系电话或电子邮箱" rules={[{ max: 254 }]} extra="便于信息提供部门核实时与您联系">
                <Input placeholder="可不填" />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="objection-submit">
            提交异议申请
          </Button>
        </Form>
      )}
      {error && <Alert type="error" showIcon style={{ marginTop: 16 }} data-testid="objection-error" title={error.zh} description={`错误代码：${error.code}`} />}
    </Card>
  );
}

const PAGE_SIZE = 10;

function MyObjections({ token }: { token: string }) {
  const [page, setPage] = useState(1);
  const list = useRequest(`my-objections:${token}:${page}`, (signal) => rightsApi.objections(token, page, PAGE_SIZE, signal));
  useEndSessionOn(list.error);
  const columns: TableProps<Objection>['columns'] = [
    { title: '异议编号', dataIndex: 'number', width: 190, render: (n: string, o) => <Link to={`/objections/${o.objectionId}`} data-testid="my-objection-link">{n}</Link> },
    { title: '提出日期', dataIndex: 'filedOn', width: 110 },
    { title: '异议记录', key: 'records', render: (_: unknown, o) => o.items.map((i) => i.ref).join('、') },
    { title: '办理期限', key: 'due', width: 170, render: (_: unknown, o) => <DueDate date={o.dueDate} provisional={o.provisional} /> },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: Objection['status']) => <Tag color={s === 'open' ? 'processing' : 'green'}>{OBJECTION_STATUS_LABEL[s]}</Tag> },
  ];
  return (
    <Card title="我的异议申请">
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Objection>
          rowKey="objectionId"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 760 }}
          locale={{ emptyText: list.loading ? <div style={{ height: 60 }} /> : <Empty description="您还没有提出过异议" /> }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, hideOnSinglePage: true, onChange: setPage }}
        />
      )}
    </Card>
  );
}
