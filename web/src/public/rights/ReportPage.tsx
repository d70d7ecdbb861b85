import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Space, Typography } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { rightsApi, type IssuedReport } from './rightsApi.ts';
import { formatInstant, verifyPageUrl } from './rights.ts';

type Values = { subject: string; purpose?: string };

// 信用报告: anyone requests the public edition for a subject (the records public today); the
// PDF carries a number and a verification code that anyone can check on 报告核验.
export function ReportPage() {
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [issued, setIssued] = useState<IssuedReport | undefined>();

  const submit = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    setIssued(undefined);
    try {
      setIssued(await rightsApi.issueReport(v.subject.trim(), v.purpose?.trim() || undefined));
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <title>信用报告 - 信用河北</title>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={3} className="xy-page-title">
          信用报告
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          为法人及非法人组织、个体工商户出具公开版信用报告（PDF），内容为截至出具日依法公示的信用信息。每份报告有唯一的报告编号和验证码，任何人可在<Link to="/reports/verify">报告核验</Link>
          页面核验真伪，并了解出具后主体信用信息是否发生变化。需要含不公开信息的完整版报告的，请在<Link to="/me">我的信用档案</Link>核验身份后申请，或到政务服务窗口办理。
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" disabled={busy} initialValues={{ subject: params.get('subject') ?? '' }}>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name="subject" label="统一社会信用代码" rules={[{ required: true, whitespace: true, message: '请填写统一社会信用代码' }, { max: 64 }]} extra="也可填写组织机构代码或工商注册号">
                <Input placeholder="如：91130100MA0XXXXXXX" data-testid="report-subject" />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item name="purpose" label="用途" rules={[{ max: 500 }]}>
                <Input placeholder="如：招标投标资格审查（可不填）" data-testid="report-purpose" />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="report-submit">
            出具信用报告
          </Button>
        </Form>
        {error && <Alert type="error" showIcon style={{ marginTop: 16 }} data-testid="report-error" title={error.zh} description={`错误代码：${error.code}`} />}
      </Card>
      {issued && <Issued r={issued} />}
    </>
  );
}

function Issued({ r }: { r: IssuedReport }) {
  return (
    <Card title="报告已出具" data-testid="report-issued">
      <Alert type="success" showIcon style={{ marginBottom: 16 }} title="请下载并妥善保存报告。报告编号和验证码印在报告上，用于核验真伪。" />
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'number', label: '报告编号', children: <Typography.Text copyable data-testid="report-number">{r.number}</Typography.Text> },
          { key: 'code', label: '验证码', children: <Typography.Text copyable strong data-testid="report-code">{r.code}</Typography.Text> },
          { key: 'issuedAt', label: '出具时间', children: formatInstant(r.issuedAt) },
          { key: 'edition', label: '版本', children: r.edition === 'public' ? '公开版' : '完整版' },
          { key: 'sha256', label: 'PDF 文件 SHA-256', span: 2, children: <Typography.Text code style={{ wordBreak: 'break-all' }}>{r.sha256}</Typography.Text> },
        ]}
      />
      <Space style={{ marginTop: 16 }} wrap>
        <Button type="primary" icon={<DownloadOutlined />} href={r.pdf} target="_blank" download={`${r.number}.pdf`} data-testid="report-download">
          下载 PDF
        </Button>
        <Link to={verifyPageUrl(r.number, r.code)} data-testid="report-verify-link">
          <Button icon={<SafetyCertificateOutlined />}>核验此报告</Button>
        </Link>
      </Space>
    </Card>
  );
}
