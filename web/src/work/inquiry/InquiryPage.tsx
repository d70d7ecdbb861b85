import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { FileSearchOutlined, SearchOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { inquiryApi, type StaffCreditFile, type StaffFileRecord, type SubjectHit } from './api.ts';

const KIND_LABEL: Record<string, string> = { organization: '法人及非法人组织', individual_business: '个体工商户', person: '自然人' };
const STATUS_LABEL: Record<string, string> = { active: '有效', exited: '已移出', revoked: '已撤销', repaired: '已修复', open: '处理中', decided: '已办结', pending: '待审核', approved: '已通过', refused: '未通过', corrected: '已更正', upheld: '维持', };
const SEVERITY_LABEL: Record<string, string> = { light: '轻微', general: '一般', serious: '严重' };
const ROLE_LABEL: Record<string, string> = { legal_representative: '法定代表人', responsible_person: '负责人' };
const label = (map: Record<string, string>, v: string | null | undefined) => (v ? (map[v] ?? v) : '—');

const RECORD_COLUMNS: TableProps<StaffFileRecord>['columns'] = [
  { title: '信息类别', dataIndex: 'categoryName', width: 130 },
  { title: '文书号', dataIndex: 'ref', width: 200 },
  { title: '决定日期', dataIndex: 'decisionDate', width: 110 },
  { title: '严重程度', dataIndex: 'severity', width: 90, render: (s: string | null) => label(SEVERITY_LABEL, s) },
  { title: '来源部门', key: 'department', width: 180, render: (_: unknown, r) => r.department.name },
  {
    title: '状态',
    key: 'status',
    width: 170,
    render: (_: unknown, r) => (
      <Space size={4} wrap>
        <Tag>{label(STATUS_LABEL, r.status)}</Tag>
        {r.publicToday ? <Tag color="blue">公示中</Tag> : <Tag>不公示</Tag>}
        {r.disputed && <Tag color="orange">异议处理中</Tag>}
      </Space>
    ),
  },
  { title: '有效期至', dataIndex: 'validUntil', width: 110, render: (d: string | null) => d ?? '—' },
];

function RecordsTable({ rows, testId, via }: { rows: StaffFileRecord[]; testId: string; via?: boolean }) {
  const columns = via
    ? [...RECORD_COLUMNS!, { title: '关联', key: 'via', width: 220, render: (_: unknown, r: StaffFileRecord) => (r.via ? `${label(ROLE_LABEL, r.via.role)}：${r.via.organization.name}` : '—') }]
    : RECORD_COLUMNS;
  return (
    <Table<StaffFileRecord>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: 1000 }}
      data-testid={testId}
      expandable={{
        expandedRowRender: (r) => (
          <Descriptions size="small" column={2} bordered items={r.fields.map((f) => ({ key: f.code, label: f.name, children: f.value }))} />
        ),
      }}
      locale={{ emptyText: <Empty description="无" /> }}
    />
  );
}

type Grade = NonNullable<StaffCreditFile['classification']>;
const REASON_LABEL: Record<string, string> = { 'file-changed': '档案变化', 'review-date': '到期复核', 'first-grade': '首次评定' };

// 信用分类: the grade (a person's 诚信积分 band) and why — the deciding condition, the score, each
// indicator's points with the records behind it, 重点监管对象 and the history of changes.
function GradeView({ g }: { g: Grade }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="file-grade-explanation">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'grade', label: g.scale === 'points' ? '诚信积分等级' : '信用等级', children: <span data-testid="file-grade-detail">{g.gradeName}</span> },
          { key: 'score', label: '得分', children: <span data-testid="file-grade-score">{g.score}</span> },
          { key: 'decision', label: '评定依据', children: <span data-testid="file-grade-decision">{g.decision.zh}</span> },
          { key: 'ratio', label: '建议抽查比例', children: `${Math.round(g.inspectionRatio * 1000) / 10}%` },
          { key: 'model', label: '模型', children: g.model },
          { key: 'on', label: '评定日期', children: g.gradedOn },
        ]}
      />
      {g.insufficient && <Alert type="info" showIcon title="平台未归集该主体的信用记录：信息不足，按 B 级评定" />}
      {g.keySupervision.flagged && (
        <Alert
          type="warning"
          showIcon
          data-testid="file-key-supervision"
          title="重点监管对象"
          description={g.keySupervision.domains.map((d) => `${d.name}：${d.records.map((r) => r.ref).join('、')}`).join('；')}
        />
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        data-testid="file-grade-factors"
        dataSource={g.factors}
        locale={{ emptyText: <Empty description="无计分指标" /> }}
        columns={[
          { title: '指标', dataIndex: 'name' },
          { title: '分值', dataIndex: 'points', width: 80, align: 'right', render: (v: number) => (v > 0 ? `+${v}` : String(v)) },
          {
            title: '依据记录',
            key: 'records',
            render: (_: unknown, f: Grade['factors'][number]) =>
              f.records.length === 0 ? '—' : (
                <Space size={4} wrap>
                  {f.records.map((r) => (
                    <Tag key={r.id}>
                      {r.categoryName} {r.ref}（{r.decisionDate}{r.severity ? `，${label(SEVERITY_LABEL, r.severity)}` : ''}）
                    </Tag>
                  ))}
                </Space>
              ),
          },
        ]}
      />
      <Table
        rowKey={(h) => `${h.changedAt}-${h.to}`}
        size="small"
        pagination={false}
        data-testid="file-grade-history"
        dataSource={g.history}
        locale={{ emptyText: <Empty description="无变化记录" /> }}
        columns={[
          { title: '日期', dataIndex: 'changedOn', width: 110 },
          { title: '变化', key: 'change', render: (_: unknown, h: Grade['history'][number]) => `${h.from ?? '—'} → ${h.to}（${h.scoreFrom ?? '—'} → ${h.scoreTo}）` },
          { title: '原因', dataIndex: 'reason', render: (r: string) => REASON_LABEL[r] ?? (r.startsWith('run:') ? '全量重评' : r) },
        ]}
      />
    </Space>
  );
}

// The grade beside the subject's name; none when withheld (a partial read, scope own-region-records).
function gradeItem(g: StaffCreditFile['classification']) {
  if (!g) return [];
  const color = g.grade === 'D' || g.grade === 'bad' ? 'red' : g.grade === 'C' ? 'orange' : 'blue';
  return [
    {
      key: 'grade',
      label: g.scale === 'points' ? '诚信积分' : '信用等级',
      children: (
        <Space size={4}>
          <Tag color={color} data-testid="file-grade">
            {g.gradeName}
          </Tag>
          {g.keySupervision.flagged && <Tag color="volcano">重点监管对象</Tag>}
        </Space>
      ),
    },
  ];
}

function CreditFileView({ file }: { file: StaffCreditFile }) {
  const s = file.subject;
  const tabs = [
    { key: 'records', label: `信用记录（${file.records.length}）`, children: <RecordsTable rows={file.records} testId="file-records" /> },
    { key: 'lists', label: `红黑名单（${file.listEntries.length}）`, children: <RecordsTable rows={file.listEntries} testId="file-lists" /> },
    ...(s.kind === 'person' ? [{ key: 'linked', label: `关联组织记录（${file.linked.length}）`, children: <RecordsTable rows={file.linked} testId="file-linked" via /> }] : []),
    {
      key: 'objections',
      label: `异议（${file.objections.length}）`,
      children: (
        <Table
          rowKey="number"
          size="small"
          data-testid="file-objections"
          pagination={false}
          dataSource={file.objections}
          locale={{ emptyText: <Empty description="无" /> }}
          columns={[
            { title: '编号', dataIndex: 'number', width: 160 },
            { title: '状态', dataIndex: 'status', width: 90, render: (v: string) => label(STATUS_LABEL, v) },
            { title: '提出日期', dataIndex: 'filedOn', width: 110 },
            { title: '办理期限', dataIndex: 'dueDate', width: 110 },
            { title: '异议记录', key: 'items', render: (_: unknown, o: StaffCreditFile['objections'][number]) => o.items.map((i) => `${i.ref}（${label(STATUS_LABEL, i.status)}）`).join('；') },
            { title: '理由', dataIndex: 'reason' },
          ]}
        />
      ),
    },
    {
      key: 'repairs',
      label: `信用修复（${file.repairs.length}）`,
      children: (
        <Table
          rowKey="number"
          size="small"
          data-testid="file-repairs"
          pagination={false}
          dataSource={file.repairs}
          locale={{ emptyText: <Empty description="无" /> }}
          columns={[
            { title: '编号', dataIndex: 'number', width: 160 },
            { title: '状态', dataIndex: 'status', width: 90, render: (v: string) => label(STATUS_LABEL, v) },
            { title: '修复记录', dataIndex: 'ref' },
            { title: '决定部门', dataIndex: 'department' },
            { title: '申请日期', dataIndex: 'filedOn', width: 110 },
            { title: '决定日期', dataIndex: 'decidedOn', width: 110, render: (d: string | null) => d ?? '—' },
          ]}
        />
      ),
    },
    {
      key: 'links',
      label: `关联主体（${file.linkedPersons.length + file.linkedOrganizations.length}）`,
      children: (
        <Table
          rowKey={(r: { id: string; ref: string; role: string }) => `${r.id}:${r.ref}:${r.role}`}
          size="small"
          data-testid="file-links"
          pagination={false}
          dataSource={[
            ...file.linkedPersons.map((x) => ({ ...x, code: x.maskedId })),
            ...file.linkedOrganizations,
          ]}
          locale={{ emptyText: <Empty description="无" /> }}
          columns={[
            { title: '身份', dataIndex: 'role', width: 110, render: (v: string) => label(ROLE_LABEL, v) },
            { title: '名称', dataIndex: 'name' },
            { title: '代码 / 证件号码', dataIndex: 'code', render: (v: string | null) => v ?? '—' },
            { title: '记载于', dataIndex: 'ref' },
          ]}
        />
      ),
    },
    {
      key: 'grade',
      label: <span data-testid="file-grade-tab">信用分类</span>,
      children: file.classification ? (
        <GradeView g={file.classification} />
      ) : (
        <Empty data-testid="file-grade-withheld" description="该自然人有本地区以外部门报送的非公开信息，诚信积分依据这些信息，不予显示" />
      ),
    },
    {
      key: 'measures',
      label: `适用措施（${file.measures.length}）`,
      children: (
        <>
          <Alert
            type={file.eligibility.greenChannel ? 'success' : 'warning'}
            showIcon
            style={{ marginBottom: 12 }}
            title={file.eligibility.greenChannel ? '可适用绿色通道、容缺受理' : '不适用绿色通道、容缺受理'}
            description={file.eligibility.reason}
          />
          <Table
            rowKey="measureId"
            size="small"
            data-testid="file-measures"
            pagination={false}
            dataSource={file.measures}
            locale={{ emptyText: <Empty description="该主体当前不触发任何奖惩措施" /> }}
            columns={[
              { title: '类型', dataIndex: 'kind', width: 80, render: (k: string) => (k === 'punishment' ? <Tag color="red">惩戒</Tag> : <Tag color="green">激励</Tag>) },
              { title: '措施', dataIndex: 'name' },
              { title: '依据', dataIndex: 'basis' },
              { title: '触发', key: 'trigger', render: (_: unknown, m: StaffCreditFile['measures'][number]) => m.trigger.ref ?? m.trigger.categoryName ?? '守信' },
              { title: '执行至', dataIndex: 'until', width: 110, render: (d: string | null) => d ?? '—' },
              { title: '', dataIndex: 'suspended', width: 90, render: (v: boolean) => (v ? <Tag color="orange">暂停执行</Tag> : null) },
            ]}
          />
        </>
      ),
    },
  ];
  return (
    <Card data-testid="credit-file">
      <Descriptions
        title={<span data-testid="file-subject-name">{s.name}</span>}
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'kind', label: '主体类别', children: label(KIND_LABEL, s.kind) },
          { key: 'code', label: s.kind === 'person' ? '证件号码' : '统一社会信用代码', children: (s.kind === 'person' ? s.maskedId : s.code) ?? '—' },
          { key: 'asOf', label: '截至', children: file.asOf },
          ...gradeItem(file.classification),
          { key: 'purpose', label: '查询用途', children: file.purpose },
          { key: 'matter', label: '事项编号', children: file.matterRef },
          { key: 'auth', label: '主体授权', children: file.authorization ? `${file.authorization.id}（至 ${file.authorization.validUntil ?? '—'}）` : '不需要' },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        本次查询已记入审计日志，并将出现在该主体的查询记录中。档案含不公示的信息，仅限用于所述用途。
      </Typography.Paragraph>
      {file.scope.kind === 'own-region-records' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="file-scope"
          title={`限定范围：仅显示${file.scope.regionName ?? ''}部门报送的信息和今日公示中的信息`}
          description={`该自然人身份证号码所属地区不在本单位的行政区域内。另有 ${file.scope.withheld.records + file.scope.withheld.linked} 条信用记录、${file.scope.withheld.objections} 件异议、${file.scope.withheld.repairs} 件信用修复未予显示${file.scope.withheld.classification ? '，诚信积分不予显示' : ''}。`}
        />
      )}
      <Tabs items={tabs} data-testid="file-tabs" />
    </Card>
  );
}

type Purpose = { purpose: string; matterRef: string };

// 部门信用查询: find a subject by name or code, state the purpose and the matter reference, read
// its full credit file. Every opening is audited and shows in the subject's access log.
export function InquiryPage() {
  const [q, setQ] = useState('');
  const [searching, setSearching] = useState(false);
  const [hits, setHits] = useState<SubjectHit[] | undefined>();
  const [searchError, setSearchError] = useState<ApiError | undefined>();
  const [chosen, setChosen] = useState<SubjectHit | undefined>();
  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<ApiError | undefined>();
  const [file, setFile] = useState<StaffCreditFile | undefined>();
  const [form] = Form.useForm<Purpose>();

  const search = async (value: string) => {
    const text = value.trim();
    if (!text) return;
    setSearching(true);
    setSearchError(undefined);
    try {
      setHits((await inquiryApi.search(text)).items);
    } catch (e) {
      if (e instanceof ApiError) setSearchError(e);
      setHits(undefined);
    } finally {
      setSearching(false);
    }
  };

  const open = async (v: Purpose) => {
    if (!chosen) return;
    setOpening(true);
    setOpenError(undefined);
    try {
      const f = await inquiryApi.creditFile({ subject: chosen.id, purpose: v.purpose.trim(), matterRef: v.matterRef.trim() });
      setFile(f);
      setChosen(undefined);
    } catch (e) {
      if (e instanceof ApiError) setOpenError(e);
    } finally {
      setOpening(false);
    }
  };

  const columns: TableProps<SubjectHit>['columns'] = [
    { title: '名称', dataIndex: 'name', render: (n: string | null, h) => n ?? `自然人（${h.maskedId ?? '—'}）` },
    { title: '主体类别', dataIndex: 'kind', width: 150, render: (k: string) => label(KIND_LABEL, k) },
    { title: '代码', dataIndex: 'code', width: 220, render: (c: string | null, h) => c ?? h.maskedId ?? '—' },
    {
      title: '',
      key: 'open',
      width: 140,
      render: (_: unknown, h) => (
        <Button
          icon={<FileSearchOutlined />}
          data-testid="inquiry-open"
          onClick={() => {
            setOpenError(undefined);
            setChosen(h);
          }}
        >
          查询信用档案
        </Button>
      ),
    },
  ];

  return (
    <>
      <title>信用查询 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        信用查询
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          按名称（法人及非法人组织、个体工商户）或代码（统一社会信用代码、组织机构代码、注册号、身份证号码）查找主体。查看完整信用档案须说明用途并填写事项编号，仅限本辖区主体；每次查询均记入审计日志，并在该主体的查询记录中可见。
        </Typography.Paragraph>
        <Input.Search
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={search}
          enterButton={
            <Button type="primary" icon={<SearchOutlined />} data-testid="inquiry-search-button">
              查找
            </Button>
          }
          loading={searching}
          maxLength={100}
          placeholder="主体名称或代码"
          data-testid="inquiry-search"
        />
        {searchError && (
          <div style={{ marginTop: 16 }}>
            <ErrorAlert error={searchError} />
          </div>
        )}
        {hits && (
          <Table<SubjectHit>
            style={{ marginTop: 16 }}
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={hits}
            pagination={false}
            data-testid="inquiry-hits"
            locale={{ emptyText: <Empty description="没有找到该主体" data-testid="inquiry-no-hits" /> }}
          />
        )}
      </Card>
      {file && <CreditFileView file={file} />}
      <Modal
        open={chosen !== undefined}
        title={`查询信用档案：${chosen?.name ?? `自然人（${chosen?.maskedId ?? ''}）`}`}
        okText="查询"
        cancelText="取消"
        confirmLoading={opening}
        onOk={() => form.submit()}
        onCancel={() => setChosen(undefined)}
        okButtonProps={{ 'data-testid': 'inquiry-confirm' } as Record<`data-${string}`, string>}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={open} preserve={false} data-testid="inquiry-purpose-form">
          <Form.Item name="purpose" label="查询用途" rules={[{ required: true, whitespace: true, message: '请说明查询用途，如“行政许可审查”' }, { max: 200 }]}>
            <Input placeholder="如：行政许可审查、政府采购资格审查" maxLength={200} data-testid="inquiry-purpose" />
          </Form.Item>
          <Form.Item name="matterRef" label="事项编号" rules={[{ required: true, whitespace: true, message: '请填写所办事项的编号' }, { max: 64 }]}>
            <Input placeholder="如：石审批〔2026〕118号" maxLength={64} data-testid="inquiry-matter" />
          </Form.Item>
        </Form>
        <Typography.Text type="secondary">用途和事项编号将记入审计日志，并在该主体的查询记录中显示。</Typography.Text>
        {openError && (
          <div style={{ marginTop: 12 }} data-testid="inquiry-error">
            <ErrorAlert error={openError} />
          </div>
        )}
      </Modal>
    </>
  );
}
