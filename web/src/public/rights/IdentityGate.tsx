import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Space, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/api.ts';
import { rightsApi, type Challenge, type ChallengePurpose } from './rightsApi.ts';
import { codeSentText, formatClock, sessionEnded, type StoredSession } from './rights.ts';
import { clearSubjectSession, saveSubjectSession, useSubjectSession } from './useSubjectSession.ts';

type Values = { code: string; name: string; contact: string };

// Identity check before the subject's own data (objections, repair, own credit file): code and
// name, and a one-time code sent to a contact the applicant gives. Renders `children` with the
// session once checked; the check is kept for the tab, so the other rights pages need none.
export function IdentityGate({ purpose, children }: { purpose: ChallengePurpose; children: (s: StoredSession) => ReactNode }) {
  const session = useSubjectSession();
  if (!session) return <IdentityForm purpose={purpose} />;
  return (
    <>
      <SessionBar session={session} />
      {children(session)}
    </>
  );
}

function SessionBar({ session }: { session: StoredSession }) {
  const who = session.subject ? `${session.subject.name}（${session.subject.code ?? session.subject.maskedId ?? ''}）` : '（平台无对应记录的主体）';
  const until = formatClock(session.expiresAt);
  return (
    <Alert
      type="success"
      showIcon
      icon={<SafetyCertificateOutlined />}
      style={{ marginBottom: 16 }}
      data-testid="identity-subject"
      title={
        <span>
          已核验身份：<strong>{who}</strong>
          <Typography.Text type="secondary" style={{ marginLeft: 12, fontSize: 12 }}>
            有效至 {until}
          </Typography.Text>
        </span>
      }
      action={
        <Button size="small" onClick={clearSubjectSession} data-testid="identity-sign-out">
          退出核验
        </Button>
      }
    />
  );
}

function IdentityForm({ purpose }: { purpose: ChallengePurpose }) {
  const [form] = Form.useForm<Values>();
  const [challenge, setChallenge] = useState<Challenge | undefined>();
  const [otp, setOtp] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  const send = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      setChallenge(await rightsApi.challenge({ code: v.code.trim(), name: v.name.trim(), contact: v.contact.trim(), purpose }));
      setOtp('');
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(false);
    }
  };

  const verify = async () => {
    if (!challenge) return;
    setBusy(true);
    setError(undefined);
    try {
      const v = await rightsApi.verify({ challengeId: challenge.challengeId, code: otp.trim() });
      saveSubjectSession({ token: v.token, expiresAt: v.expiresAt, subject: v.subject });
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="身份核验" data-testid="identity-form">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        为保护信用主体的合法权益，提出异议、申请信用修复和查询本人信用档案前须核验身份：请填写统一社会信用代码（或身份证号码）和名称（或姓名），并输入发送到您手机或邮箱的验证码。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={send} requiredMark="optional" disabled={busy}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="code" label="统一社会信用代码 / 身份证号码" rules={[{ required: true, whitespace: true, message: '请填写主体代码' }, { max: 64 }]}>
              <Input placeholder="如：91130100MA0XXXXXXX" autoComplete="off" data-testid="identity-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="name" label="名称 / 姓名" rules={[{ required: true, whitespace: true, message: '请填写名称或姓名' }, { max: 200 }]}>
              <Input placeholder="与登记的名称一致" autoComplete="off" data-testid="identity-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="contact" label="接收验证码的手机号码或电子邮箱" rules={[{ required: true, whitespace: true, message: '请填写手机号码或电子邮箱' }, { max: 254 }]}>
              <Input placeholder="如：13800138000" autoComplete="tel" data-testid="identity-contact" />
            </Form.Item>
          </Col>
        </Row>
        <Button htmlType="submit" type={challenge ? 'default' : 'primary'} loading={busy && !challenge} data-testid="identity-send">
          {challenge ? '重新获取验证码' : '获取验证码'}
        </Button>
      </Form>
      {challenge && (
        <div style={{ marginTop: 16 }}>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="identity-sent" title={codeSentText(challenge)} description={`验证码为 ${challenge.digits} 位数字，${formatClock(challenge.expiresAt)} 前有效。`} />
          <Space.Compact style={{ maxWidth: 360, width: '100%' }}>
            <Input
              placeholder={`${challenge.digits} 位验证码`}
              value={otp}
              maxLength={challenge.digits}
              inputMode="numeric"
              autoComplete="one-time-code"
              onChange={(e) => setOtp(e.target.value.replace(/\D/g, ''))}
              onPressEnter={verify}
              data-testid="identity-otp"
            />
            <Button type="primary" onClick={verify} loading={busy} disabled={otp.length !== challenge.digits} data-testid="identity-verify">
              核验身份
            </Button>
          </Space.Compact>
        </div>
      )}
      {error && <Alert type="error" showIcon style={{ marginTop: 16 }} data-testid="identity-error" title={error.zh} description={`错误代码：${error.code}`} />}
    </Card>
  );
}

// A page whose request answers "identity check expired" goes back to the identity form.
export function useEndSessionOn(error: ApiError | undefined): void {
  useEffect(() => {
    if (error && sessionEnded(error)) clearSubjectSession();
  }, [error]);
}
