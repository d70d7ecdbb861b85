import { useEffect } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, List, Result, Row, Skeleton, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { rightsApi, type Verification } from './rightsApi.ts';
import { CHANGE_KIND_LABEL, formatInstant, normalizeReportInput } from './rights.ts';

type Values = { number: string; code: string };

// 报告核验: anyone checks a credit report by its number and verification code — genuine or not,
// and whether the subject's information changed since it was issued. The query lives in the URL,
// so the link printed with a report opens the answer directly.
export function VerifyPage() {
  const [params, setParams] = useSearchParams();
  const number = params.get('number') ?? '';
  const code = params.get('code') ?? '';
  const [form] = Form.useForm<Values>();
  useEffect(() => form.setFieldsValue({ number, code }), [form, number, code]);
  const v = useRequest(number && code ? `verify:${number}:${code}` : null, (signal) => rightsApi.verifyReport(number, code, signal));

  return (
    <>
      <title>报告核验 - 信用河北</title>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={3} className="xy-page-title">
          信用报告核验
        </Typography.Title>
        <Typography.Paragraph type="secondary">输入信用报告上印制的报告编号和验证码，核验报告是否由本平台出具、内容是否完整未被篡改，以及出具后该主体的信用信息是否发生变化。</Typography.Paragraph>
        <Form form={form} layout="vertical" requiredMark="optional" onFinish={(f) => setParams(normalizeReportInput(f.number, f.code))}>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name="number" label="报告编号" rules={[{ required: true, whitespace: true, message: '请填写报告编号' }, { max: 32 }]}>
                <Input placeholder="如：XYBG20261120000001" data-testid="verify-number" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="code" label="验证码" rules={[{ required: true, whitespace: true, message: '请填写验证码' }, { max: 32 }]}>
                <Input placeholder="8 位验证码" data-testid="verify-code" />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={v.loading} data-testid="verify-submit">
            核验
          </Button>
        </Form>
      </Card>
      {v.error && <ErrorAlert error={v.error} onRetry={v.reload} />}
      {v.loading && (
        <Card>
          <Skeleton active />
        </Card>
      )}
      {v.data && !v.loading && <Answer v={v.data} />}
    </>
  );
}

function Answer({ v }: { v: Verification }) {
  if (!v.genuine)
    return (
      <Card data-testid="verify-result">
        <Result status="error" title={<span data-testid="verify-verdict">未通过核验</span>} subTitle={`${v.zh}。请核对报告编号和验证码；仍未通过的，该报告不是本平台出具或已被篡改。`} />
      </Card>
    );
  return (
    <Card data-testid="verify-result">
      <Result status="success" title={<span data-testid="verify-verdict">报告真实有效</span>} subTitle={v.zh} style={{ paddingBottom: 8 }} />
      {v.changedSinceIssue === null ? null : v.changedSinceIssue ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="verify-changed"
          title="出具后，该主体的信用信息已发生变化，请以平台当前公示的信息为准。"
          description={
            v.changes?.length ? (
              <List
                size="small"
                dataSource={v.changes}
                renderItem={(c) => (
                  <List.Item>
                    <Tag>{CHANGE_KIND_LABEL[c.kind]}</Tag>
                    {c.ref}
                  </List.Item>
                )}
              />
            ) : undefined
          }
        />
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="verify-unchanged" title="出具后，该主体的信用信息未发生变化。" />
      )}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'number', label: '报告编号', children: v.number },
          { key: 'edition', label: '版本', children: v.edition === 'full' ? '完整版' : '公开版' },
          { key: 'subject', label: '信用主体', children: v.subject ? `${v.subject.name}${v.subject.code ? `（${v.subject.code}）` : ''}` : '—' },
          { key: 'issuedAt', label: '出具时间', children: formatInstant(v.issuedAt) },
          { key: 'signature', label: '平台签名', children: v.signature ? `${v.signature.valid ? '有效' : '无效'}（${v.signature.alg}，密钥 ${v.signature.keyId}）` : '—' },
          { key: 'checked', label: '核验时间', children: formatInstant(v.checkedAt) },
          { key: 'hash', label: `内容摘要（${v.hashAlg ?? ''}）`, span: 2, children: <Typography.Text code style={{ wordBreak: 'break-all' }}>{v.contentHash ?? '—'}</Typography.Text> },
        ]}
      />
    </Card>
  );
}
