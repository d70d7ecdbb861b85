import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Result, Space, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { TIP_EVIDENCE_MAX_BYTES, TIP_EVIDENCE_MAX_FILES, evidenceTypeOf, fileBase64, tipsApi, type FiledTip } from './tipsApi.ts';

type Values = { subjectName?: string; subjectCode?: string; matter?: string; named?: boolean; name?: string; phone?: string };

// 举报失信行为: the public form. Named or anonymous; the reporter's name and phone are sealed on the
// server and seen only by the handling department's tip handlers. Evidence files follow the tip.
export function TipPage() {
  const [form] = Form.useForm<Values>();
  const named = Form.useWatch('named', form);
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<FiledTip & { evidenceErrors: string[] }>();

  async function submit(v: Values) {
    setBusy(true);
    setError(undefined);
    try {
      const tip = await tipsApi.file({
        ...(v.subjectName ? { subjectName: v.subjectName } : {}),
        ...(v.subjectCode ? { subjectCode: v.subjectCode } : {}),
        ...(v.matter ? { matter: v.matter } : {}),
        ...(v.named ? { reporter: { name: v.name ?? '', phone: v.phone ?? '' } } : {}),
      });
      const evidenceErrors: string[] = [];
      for (const f of files) {
        try {
          await tipsApi.addEvidence(tip.receiptNumber, { queryCode: tip.queryCode, contentType: evidenceTypeOf(f)!, contentBase64: await fileBase64(f) });
        } catch (e) {
          evidenceErrors.push(`${f.name}：${e instanceof ApiError ? e.zh : String(e)}`);
        }
      }
      setFiled({ ...tip, evidenceErrors });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { code: 'UNKNOWN', zh: String(e), en: String(e) }));
    } finally {
      setBusy(false);
    }
  }

  if (filed)
    return (
      <Card>
        <title>举报已受理 - 信用河北</title>
        <Result
          status="success"
          title="举报已受理"
          subTitle="请记下受理编号和查询码：查询码只显示这一次，凭二者可查询办理进度。"
          extra={
            <Link to="/tips/status">
              <Button type="primary">查询办理进度</Button>
            </Link>
          }
        />
        <Descriptions bordered column={1} size="middle">
          <Descriptions.Item label="受理编号">
            <Typography.Text copyable data-testid="tip-receipt">
              {filed.receiptNumber}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="查询码">
            <Typography.Text copyable data-testid="tip-query-code">
              {filed.queryCode}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        {filed.evidenceErrors.length > 0 && <Alert style={{ marginTop: 16 }} type="warning" showIcon title="部分证据文件未能上传" description={filed.evidenceErrors.join('；')} />}
      </Card>
    );

  return (
    <Card title="举报失信行为">
      <title>举报失信行为 - 信用河北</title>
      <Typography.Paragraph type="secondary">
        可实名或匿名举报严重失信行为。实名举报人的姓名和联系电话加密保存，仅承办部门的举报办理人员因办理需要、说明事由后方可查阅，并记入审计日志；不会向被举报人或其他任何人公开。
      </Typography.Paragraph>
      {error && <ErrorAlert error={error} />}
      <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 720, marginTop: 16 }} data-testid="tip-form">
        <Form.Item label="被举报主体名称" name="subjectName" extra="企业、个体工商户或个人的名称">
          <Input maxLength={200} data-testid="tip-subject-name" />
        </Form.Item>
        <Form.Item label="统一社会信用代码（选填）" name="subjectCode">
          <Input maxLength={18} data-testid="tip-subject-code" />
        </Form.Item>
        <Form.Item label="举报事项" name="matter" extra="何时、何地、何种失信行为，至少 10 个字">
          <Input.TextArea rows={5} maxLength={5000} showCount data-testid="tip-matter" />
        </Form.Item>
        <Form.Item name="named" valuePropName="checked">
          <Checkbox data-testid="tip-named">实名举报（便于核实情况时联系您）</Checkbox>
        </Form.Item>
        {named && (
          <Space size="large" wrap>
            <Form.Item label="举报人姓名" name="name" rules={[{ required: true, message: '请填写姓名' }]}>
              <Input maxLength={50} autoComplete="off" data-testid="tip-reporter-name" />
            </Form.Item>
            <Form.Item label="联系电话" name="phone" rules={[{ required: true, message: '请填写联系电话' }]}>
              <Input maxLength={20} autoComplete="off" data-testid="tip-reporter-phone" />
            </Form.Item>
          </Space>
        )}
        <Form.Item label="证据材料（选填）">
          <Upload.Dragger
            multiple
            accept=".pdf,.jpg,.jpeg,.png,.ofd"
            fileList={files.map((f, i) => ({ uid: `${i}-${f.name}`, name: f.name, size: f.size, status: 'done' }))}
            beforeUpload={(file, batch) => {
              if (file !== batch[0]) return false;
              const bad = batch.filter((f) => !evidenceTypeOf(f) || f.size > TIP_EVIDENCE_MAX_BYTES);
              const good = batch.filter((f) => !bad.includes(f));
              setProblem(bad.length ? `${bad.map((f) => f.name).join('、')}：仅支持 PDF、JPG、PNG、OFD，每个不超过 10 MB` : undefined);
              setFiles([...files, ...good].slice(0, TIP_EVIDENCE_MAX_FILES));
              return false;
            }}
            onRemove={(f) => {
              setFiles(files.filter((x, i) => `${i}-${x.name}` !== f.uid));
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或拖拽文件到此处</p>
            <p className="ant-upload-hint">PDF、JPG、PNG 或 OFD，每个不超过 10 MB，最多 {TIP_EVIDENCE_MAX_FILES} 个</p>
          </Upload.Dragger>
          {problem && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={problem} />}
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="tip-submit">
            提交举报
          </Button>
          <Link to="/tips/status">查询办理进度</Link>
        </Space>
      </Form>
    </Card>
  );
}
