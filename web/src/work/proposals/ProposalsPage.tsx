import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, Modal, Segmented, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CheckOutlined, CloseOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { ApiError } from '../../shared/api.ts';
import { formatDateTime } from '../nav.ts';
import { proposalsApi, parseChange, STATUS_COLOR, STATUS_LABEL, type Proposal, type ProposalStatus } from './api.ts';

type Filter = ProposalStatus | 'all';
const PAGE_SIZE = 20;

// 系统管理 · 全省设置建议: city and county staff propose changes to province-wide settings (measures,
// the calendar, publication periods, privileged department kinds) and follow their state;
// province-level staff see every proposal and approve or reject it with a note. Approval applies
// the change through the module that owns the setting, with its own checks.
export function ProposalsPage() {
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('pending');
  const [page, setPage] = useState(1);
  const status = filter === 'all' ? undefined : filter;
  const list = useRequest(`proposals:${filter}:${page}`, (signal) => proposalsApi.list(status, page, PAGE_SIZE, signal));
  const kinds = useRequest('proposal-kinds', (signal) => proposalsApi.kinds(signal));
  const [deciding, setDeciding] = useState<{ proposal: Proposal; action: 'approve' | 'reject' } | undefined>();
  const [proposing, setProposing] = useState(false);

  const columns: TableProps<Proposal>['columns'] = [
    { title: '编号', dataIndex: 'id', width: 70 },
    {
      title: '设置',
      key: 'kind',
      render: (_: unknown, p) => (
        <div>
          <span data-testid="proposal-kind">{p.kindLabel.zh}</span>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {p.target}
          </Typography.Text>
        </div>
      ),
    },
    { title: '理由', dataIndex: 'reason' },
    { title: '提出人', key: 'who', width: 150, render: (_: unknown, p) => `${p.proposerName}（${p.regionName}）` },
    { title: '提出时间', dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: ProposalStatus) => (
        <Tag color={STATUS_COLOR[s]} data-testid="proposal-status">
          {STATUS_LABEL[s]}
        </Tag>
      ),
    },
    { title: '审批意见', dataIndex: 'decisionNote', render: (v: string | null) => v ?? '—' },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_: unknown, p) =>
        p.mayDecide ? (
          <Flex gap={4}>
            <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => setDeciding({ proposal: p, action: 'approve' })} data-testid="proposal-approve">
              批准
            </Button>
            <Button size="small" danger icon={<CloseOutlined />} onClick={() => setDeciding({ proposal: p, action: 'reject' })} data-testid="proposal-reject">
              驳回
            </Button>
          </Flex>
        ) : null,
    },
  ];

  const proposable = (kinds.data?.items ?? []).filter((k) => k.mayPropose);

  return (
    <>
      <title>全省设置建议 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        全省设置建议
      </Typography.Title>
      <Card
        title={
          <Segmented<Filter>
            value={filter}
            onChange={(v) => {
              setFilter(v);
              setPage(1);
            }}
            options={[
              { label: '待审批', value: 'pending' },
              { label: '已批准', value: 'approved' },
              { label: '已驳回', value: 'rejected' },
              { label: '全部', value: 'all' },
            ]}
          />
        }
        extra={
          <Flex gap={8}>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              刷新
            </Button>
            <Button type="primary" icon={<PlusOutlined />} disabled={proposable.length === 0} onClick={() => setProposing(true)} data-testid="proposal-new">
              提出建议
            </Button>
          </Flex>
        }
      >
        <Typography.Paragraph type="secondary">
          {list.data?.scope === 'all'
            ? '全省各地提出的建议。批准后由该设置的主管模块按同样的校验执行，审计记录您为执行人并注明提出人。'
            : '您提出的建议及其审批状态。措施、工作日历、公示期限和特权部门类别是全省统一设置，由省级人员审批后生效。'}
        </Typography.Paragraph>
        {list.error && <ErrorAlert error={list.error} onRetry={list.reload} />}
        <Table<Proposal>
          rowKey="id"
          size="middle"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          expandable={{
            expandedRowRender: (p) => (
              <Flex vertical gap={4}>
                <Typography.Text strong>建议的修改</Typography.Text>
                <pre className="xy-json" data-testid="proposal-change">{JSON.stringify(p.change, null, 2)}</pre>
                {p.result && (
                  <>
                    <Typography.Text strong>执行结果</Typography.Text>
                    <pre className="xy-json">{JSON.stringify(p.result, null, 2)}</pre>
                  </>
                )}
              </Flex>
            ),
          }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          data-testid="proposals-table"
        />
      </Card>
      {deciding && (
        <DecisionModal
          {...deciding}
          onClose={() => setDeciding(undefined)}
          onDone={(p) => {
            setDeciding(undefined);
            message.success(`建议 #${p.id} ${STATUS_LABEL[p.status]}`);
            list.reload();
          }}
        />
      )}
      {proposing && (
        <ProposeModal
          kinds={proposable}
          onClose={() => setProposing(false)}
          onDone={(p) => {
            setProposing(false);
            message.success(`已提交建议 #${p.id}，等待省级审批`);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function DecisionModal({ proposal, action, onClose, onDone }: { proposal: Proposal; action: 'approve' | 'reject'; onClose: () => void; onDone: (p: Proposal) => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await (action === 'approve' ? proposalsApi.approve(proposal.id, note) : proposalsApi.reject(proposal.id, note)));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { code: 'UNKNOWN', zh: String(e), en: String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${action === 'approve' ? '批准' : '驳回'}建议 #${proposal.id}：${proposal.kindLabel.zh}`}
      okText={action === 'approve' ? '批准并执行' : '驳回'}
      okButtonProps={{ danger: action === 'reject', disabled: note.trim().length < 2, loading: busy }}
      onOk={submit}
      onCancel={onClose}
    >
      <Typography.Paragraph>
        {proposal.proposerName}（{proposal.regionName}）：{proposal.reason}
      </Typography.Paragraph>
      {action === 'approve' && <Typography.Paragraph type="secondary">批准后立即以您的身份执行该修改。</Typography.Paragraph>}
      <Form layout="vertical">
        <Form.Item label="审批意见" required>
          <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} data-testid="proposal-note" />
        </Form.Item>
      </Form>
      {error && <ErrorAlert error={error} />}
    </Modal>
  );
}

function ProposeModal({ kinds, onClose, onDone }: { kinds: { kind: string; label: { zh: string }; example?: unknown }[]; onClose: () => void; onDone: (p: Proposal) => void }) {
  const [kind, setKind] = useState(kinds[0]!.kind);
  const exampleOf = (k: string) => JSON.stringify(kinds.find((x) => x.kind === k)?.example ?? {}, null, 2);
  const [change, setChange] = useState(exampleOf(kinds[0]!.kind));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const parsed = parseChange(change);
  const submit = async () => {
    if (!parsed.ok) return;
    setBusy(true);
    setError(undefined);
    try {
      onDone(await proposalsApi.propose({ kind, change: parsed.value, reason }));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { code: 'UNKNOWN', zh: String(e), en: String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={680} title="提出全省设置修改建议" okText="提交建议" okButtonProps={{ disabled: !parsed.ok || reason.trim().length < 4, loading: busy }} onOk={submit} onCancel={onClose}>
      <Form layout="vertical">
        <Form.Item label="设置">
          <Select
            value={kind}
            onChange={(k) => {
              setKind(k);
              setChange(exampleOf(k));
            }}
            options={kinds.map((k) => ({ value: k.kind, label: k.label.zh }))}
            data-testid="proposal-kind-select"
          />
        </Form.Item>
        <Form.Item label="修改内容（JSON，格式同该设置的接口，已填入示例）" validateStatus={parsed.ok ? undefined : 'error'} help={parsed.ok ? undefined : parsed.error}>
          <Input.TextArea rows={10} value={change} onChange={(e) => setChange(e.target.value)} style={{ fontFamily: 'monospace' }} data-testid="proposal-change-input" />
        </Form.Item>
        <Form.Item label="理由" required>
          <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} data-testid="proposal-reason" />
        </Form.Item>
      </Form>
      {error && <ErrorAlert error={error} />}
    </Modal>
  );
}
