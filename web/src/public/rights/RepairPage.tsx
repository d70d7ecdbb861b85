import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Empty, Form, Input, Result, Select, Skeleton, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { IdentityGate, useEndSessionOn } from './IdentityGate.tsx';
import { EvidenceUpload, toUploads } from './EvidenceUpload.tsx';
import { DueDate, RecordStatusTag } from './RightsParts.tsx';
import { rightsApi, type Eligibility, type Missing, type Repair } from './rightsApi.ts';
import { REPAIR_STATUS_COLOR, REPAIR_STATUS_LABEL, commitmentText, recordKey, refOfKey, splitMissing, type StoredSession } from './rights.ts';

// 信用修复: the subject picks one of their records, sees exactly what stands in the way and from
// when they may apply, and applies with evidence of fulfilled obligations and a public commitment.
export function RepairPage() {
  return (
    <>
      <title>信用修复 - 信用河北</title>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={3} className="xy-page-title">
          信用修复
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          依据《信用修复管理办法》，行政处罚信息最短公示期满（一般失信 3 个月、严重失信 1 年），已履行行政处罚决定所定义务、纠正失信行为并作出信用承诺的，可以申请信用修复。信息提供部门 10 个工作日内审核；修复后该信息停止公示和共享，不再据此实施惩戒措施。
        </Typography.Paragraph>
      </Card>
      <IdentityGate purpose="repair">{(s) => <RepairWork session={s} />}</IdentityGate>
    </>
  );
}

function RepairWork({ session }: { session: StoredSession }) {
  if (!session.subject) return <Result status="info" title="平台没有归集到与该代码和名称相符的信用记录" />;
  return (
    <>
      <NewRepair token={session.token} subjectName={session.subject.name} />
      <MyRepairs token={session.token} />
    </>
  );
}

function NewRepair({ token, subjectName }: { token: string; subjectName: string }) {
  const file = useRequest(`own-file:${token}`, (signal) => rightsApi.creditFile(token, signal));
  useEndSessionOn(file.error);
  const [key, setKey] = useState<string | undefined>();
  const picked = key ? refOfKey(key) : undefined;
  const eligibility = useRequest(picked ? `eligibility:${token}:${key}` : null, (signal) => rightsApi.eligibility(token, picked!.ref, picked!.category, signal));
  useEndSessionOn(eligibility.error);
  const records = file.data?.records ?? [];

  return (
    <Card title="申请信用修复" style={{ marginBottom: 16 }} data-testid="repair-new">
      {file.error ? (
        <ErrorAlert error={file.error} onRetry={file.reload} />
      ) : file.loading && !file.data ? (
        <Skeleton active />
      ) : records.length === 0 ? (
        <Empty description="平台没有归集您的信用记录，无需修复" />
      ) : (
        <>
          <Form layout="vertical">
            <Form.Item label="选择要修复的信用记录">
              <Select
                placeholder="选择信用记录"
                value={key}
                onChange={setKey}
                data-testid="repair-record"
                options={records.map((r) => ({
                  value: recordKey(r),
                  label: `${r.categoryName}　${r.ref}　（${r.source.department}，${r.decisionDate}）`,
                }))}
              />
            </Form.Item>
          </Form>
          {eligibility.error && <ErrorAlert error={eligibility.error} onRetry={eligibility.reload} />}
          {picked && eligibility.loading && <Skeleton active />}
          {picked && eligibility.data && !eligibility.loading && <EligibilityView e={eligibility.data} token={token} subjectName={subjectName} key={key} />}
        </>
      )}
    </Card>
  );
}

function MissingList({ items, testId }: { items: Missing[]; testId: string }) {
  return (
    <ul style={{ margin: '4px 0 0', paddingLeft: 20 }} data-testid={testId}>
      {items.map((m) => (
        <li key={m.code} data-testid={`missing-${m.code}`}>
          {m.zh}
        </li>
      ))}
    </ul>
  );
}

type Values = { obligations: string; accept: boolean };

function EligibilityView({ e, token, subjectName }: { e: Eligibility; token: string; subjectName: string }) {
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [evidenceMissing, setEvidenceMissing] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  useEndSessionOn(error);
  const { blocking, toSupply } = splitMissing(e.missing);
  const needsEvidence = toSupply.some((m) => m.code === 'OBLIGATIONS_EVIDENCE');
  const commitment = commitmentText(subjectName, e.record.ref);
  const refusedMissing = error?.code === 'REPAIR_NOT_ELIGIBLE' ? ((error.details as { missing?: Missing[] } | undefined)?.missing ?? []) : [];

  const submit = async (v: Values) => {
    if (needsEvidence && files.length === 0) {
      setEvidenceMissing(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const r = await rightsApi.applyRepair(token, {
        ref: e.record.ref,
        category: e.record.category,
        obligations: v.obligations.trim(),
        commitment,
        evidence: await toUploads(files, 'obligations'),
      });
      navigate(`/repair/${r.repairId}`);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="repair-eligibility">
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'record', label: '信用记录', children: `${e.record.categoryName} ${e.record.ref}` },
          { key: 'department', label: '信息提供部门', children: e.record.department.name },
          { key: 'status', label: '状态', children: e.record.status ? <RecordStatusTag status={e.record.status} /> : '—' },
          { key: 'earliest', label: '最早可申请日期', children: <span data-testid="repair-earliest">{e.earliestDate ?? '不适用'}</span> },
          ...(e.basis ? [{ key: 'basis', label: '依据', span: 2, children: e.basis }] : []),
        ]}
      />
      {blocking.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="repair-not-eligible"
          title={e.repairable ? '暂不符合信用修复条件' : '该信息不能通过平台申请信用修复'}
          description={
            <>
              <MissingList items={blocking} testId="repair-blocking" />
              {toSupply.length > 0 && e.repairable && (
                <>
                  <div style={{ marginTop: 8 }}>届时申请还须提供：</div>
                  <MissingList items={toSupply} testId="repair-to-supply" />
                </>
              )}
            </>
          }
        />
      ) : (
        <>
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="repair-eligible"
            title="最短公示期已满，可以申请信用修复"
            description={
              toSupply.length > 0 && (
                <>
                  申请时须提供：
                  <MissingList items={toSupply} testId="repair-to-supply" />
                </>
              )
            }
          />
          <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" disabled={busy}>
            <Form.Item name="obligations" label="履行义务情况" rules={[{ required: true, whitespace: true, message: '请说明履行行政处罚决定所定义务的情况' }, { max: 2000 }]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} showCount maxLength={2000} placeholder="如：已于 2026 年 7 月 1 日缴清罚款，并完成整改" data-testid="repair-obligations" />
            </Form.Item>
            <Form.Item
              label="履行义务的证明材料"
              required={needsEvidence}
              extra="缴款凭证、整改报告等"
              help={evidenceMissing && files.length === 0 ? '请上传履行义务的证明材料' : undefined}
              validateStatus={evidenceMissing && files.length === 0 ? 'error' : undefined}
            >
              <EvidenceUpload files={files} onChange={setFiles} testId="repair-evidence" />
            </Form.Item>
            <Form.Item label="信用承诺书" required>
              <div className="xy-commitment" data-testid="repair-commitment">
                {commitment}
              </div>
            </Form.Item>
            <Form.Item name="accept" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error('须作出信用承诺方可申请'))) }]}>
              <Checkbox data-testid="repair-accept">本人已阅读上述信用承诺书，自愿作出承诺，并同意修复结果连同承诺向社会公开</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="repair-submit">
              提交信用修复申请
            </Button>
          </Form>
        </>
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          data-testid="repair-error"
          title={error.zh}
          description={refusedMissing.length ? <MissingList items={refusedMissing} testId="repair-refused-missing" /> : `错误代码：${error.code}`}
        />
      )}
    </div>
  );
}

const PAGE_SIZE = 10;

function MyRepairs({ token }: { token: string }) {
  const [page, setPage] = useState(1);
  const list = useRequest(`my-repairs:${token}:${page}`, (signal) => rightsApi.repairs(token, page, PAGE_SIZE, signal));
  useEndSessionOn(list.error);
  const columns: TableProps<Repair>['columns'] = [
    { title: '申请编号', dataIndex: 'number', width: 190, render: (n: string, r) => <Link to={`/repair/${r.repairId}`} data-testid="my-repair-link">{n}</Link> },
    { title: '申请日期', dataIndex: 'filedOn', width: 110 },
    { title: '信用记录', key: 'record', render: (_: unknown, r) => `${r.record.categoryName} ${r.record.ref}` },
    { title: '审核期限', key: 'due', width: 170, render: (_: unknown, r) => <DueDate date={r.dueDate} provisional={r.provisional} /> },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: Repair['status']) => <Tag color={REPAIR_STATUS_COLOR[s]}>{REPAIR_STATUS_LABEL[s]}</Tag> },
  ];
  return (
    <Card title="我的信用修复申请">
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={list.reload} />
      ) : (
        <Table<Repair>
          rowKey="repairId"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 760 }}
          locale={{ emptyText: list.loading ? <div style={{ height: 60 }} /> : <Empty description="您还没有申请过信用修复" /> }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, hideOnSinglePage: true, onChange: setPage }}
        />
      )}
    </Card>
  );
}
