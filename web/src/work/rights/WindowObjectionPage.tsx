import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Checkbox, Col, Descriptions, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { ApiError } from '../../shared/api.ts';
import { useUser } from '../session.tsx';
import { rightsWorkApi, type InPersonDocument, type Objection, type WindowRecord, type WindowRecords } from './api.ts';
import { FILED_VIA_LABEL, IN_PERSON_DOCUMENT_LABEL, PICK_RECORDS, windowObjectionBody } from './rightsWork.ts';

type Values = { document?: InPersonDocument; checked?: boolean; reason?: string; applicantName?: string; contact?: string };

const KIND_LABEL: Record<string, string> = { organization: '法人和非法人组织', individual_business: '个体工商户', person: '自然人' };
const STATUS_LABEL: Record<string, string> = { active: '有效', exited: '已移出名单', revoked: '已撤销', repaired: '已修复' };
const keyOf = (r: WindowRecord) => `${r.category}\u0000${r.department.id}\u0000${r.ref}`;

// 异议与修复 · 窗口代办异议: an applicant comes to the service window with an identity document;
// the clerk finds the subject, picks the contested records of departments in their scope,
// records the document they saw and files the objection (POST /objections with inPerson). The
// filing is recorded and audited under the clerk.
export function WindowObjectionPage() {
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const [code, setCode] = useState('');
  const [found, setFound] = useState<{ code: string; data: WindowRecords } | undefined>();
  const [looking, setLooking] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<Objection | undefined>();

  const lookUp = async () => {
    const c = code.trim();
    if (!c) return setProblem('请输入主体的统一社会信用代码或身份证件号码');
    setLooking(true);
    setDone(undefined);
    setProblem(undefined);
    setError(undefined);
    setFound(undefined);
    setSelected([]);
    try {
      setFound({ code: c, data: await rightsWorkApi.windowRecords(c) });
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setLooking(false);
    }
  };

  const submit = async (v: Values) => {
    if (!found) return;
    const records = found.data.records.filter((r) => selected.includes(keyOf(r)));
    const { body, problem: p } = windowObjectionBody(found.code, records, v);
    setProblem(p);
    setError(undefined);
    if (!body) return;
    setSaving(true);
    try {
      const o = await rightsWorkApi.fileAtWindow(body);
      setDone(o);
      setFound(undefined);
      setSelected([]);
      setCode('');
      form.resetFields();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  const subject = found?.data.subject;
  return (
    <>
      <title>窗口代办异议 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        窗口代办异议
      </Typography.Title>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          申请人持身份证件到服务窗口对信用记录提出异议时，由窗口人员（{user.displayName}，{user.department?.name ?? '本地区'}）核验证件后代为提交。只能对本部门{user.department ? '' : '及本地区部门'}提供的记录提出异议；提交后记录标注“异议处理中”，相关惩戒措施暂停，提供部门按期答复。证件类型与经办人记入异议和审计日志。
        </Typography.Paragraph>
        <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
          <Input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            onPressEnter={lookUp}
            placeholder="统一社会信用代码 / 工商注册号 / 身份证件号码"
            maxLength={64}
            aria-label="主体代码"
            data-testid="window-subject"
          />
          <Button type="primary" onClick={lookUp} loading={looking} data-testid="window-look-up">
            查找主体
          </Button>
        </Space.Compact>
      </Card>

      {subject && found && (
        <Card style={{ marginTop: 16 }} title="主体与信用记录" data-testid="window-found">
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 3 }}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'name', label: '名称（姓名）', children: <span data-testid="window-subject-name">{subject.name}</span> },
              { key: 'code', label: '代码', children: subject.code ?? subject.maskedId ?? '—' },
              { key: 'kind', label: '主体类别', children: KIND_LABEL[subject.kind] ?? subject.kind },
            ]}
          />
          <Table<WindowRecord>
            size="small"
            rowKey={keyOf}
            pagination={false}
            dataSource={found.data.records}
            locale={{ emptyText: '没有您可代为提出异议的记录（仅限本部门或本地区部门提供的记录）' }}
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys.map(String)),
              getCheckboxProps: (r) => ({ disabled: !r.contestable, 'aria-label': `选择 ${r.ref}` }),
            }}
            columns={[
              { title: '信息类别', dataIndex: 'categoryName' },
              { title: '文书号', dataIndex: 'ref' },
              { title: '决定日期', dataIndex: 'decisionDate' },
              { title: '提供部门', render: (_, r) => r.department.name },
              {
                title: '状态',
                render: (_, r) => (
                  <Space size={4} wrap>
                    <Tag>{STATUS_LABEL[r.status] ?? r.status}</Tag>
                    {r.openObjection && <Tag color="orange">异议处理中</Tag>}
                    {r.linked && <Tag color="blue">法定代表人关联</Tag>}
                  </Space>
                ),
              },
            ]}
            data-testid="window-records"
          />
          <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" style={{ marginTop: 16 }} data-testid="window-form">
            <Row gutter={16}>
              <Col xs={24} md={10}>
                <Form.Item name="document" label="申请人当面出示的身份证件" rules={[{ required: true, message: '请选择证件类型' }]}>
                  <Select
                    placeholder="选择证件类型"
                    options={Object.entries(IN_PERSON_DOCUMENT_LABEL).map(([value, label]) => ({ value, label }))}
                    data-testid="window-document"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={7}>
                <Form.Item name="applicantName" label="申请人姓名">
                  <Input maxLength={100} data-testid="window-applicant" />
                </Form.Item>
              </Col>
              <Col xs={24} md={7}>
                <Form.Item name="contact" label="联系方式（手机或邮箱）" extra="用于告知处理结果">
                  <Input maxLength={100} data-testid="window-contact" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="reason" label="异议理由" rules={[{ required: true, whitespace: true, message: '请填写异议理由' }, { max: 2000 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder="如：处罚决定书载明的当事人并非本人" data-testid="window-reason" />
            </Form.Item>
            <Form.Item name="checked" valuePropName="checked">
              <Checkbox data-testid="window-checked">我已当面核验申请人的身份证件，证件信息与主体一致</Checkbox>
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              loading={saving}
              data-testid="window-submit"
              onClick={(e) => {
                // the records first: the form's own checks would otherwise hide that nothing is picked
                if (selected.length === 0) {
                  e.preventDefault();
                  setProblem(PICK_RECORDS);
                }
              }}
            >
              提交异议
            </Button>
          </Form>
        </Card>
      )}

      {problem && <Alert type="warning" showIcon style={{ marginTop: 16 }} title={problem} data-testid="window-problem" />}
      {error && <Alert type="error" showIcon style={{ marginTop: 16 }} title={error.zh} description={`错误代码：${error.code}`} data-testid="window-error" />}
      {done && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 16 }}
          data-testid="window-done"
          title={`已受理异议 ${done.number}（${FILED_VIA_LABEL[done.filedVia]}）`}
          description={
            <>
              主体：{done.subject.name}；答复期限 {done.dueDate}
              {done.provisional ? '（暂定）' : ''}。 <Link to={`/work/rights/objections/${done.objectionId}`}>查看异议详情</Link>
            </>
          }
        />
      )}
    </>
  );
}
