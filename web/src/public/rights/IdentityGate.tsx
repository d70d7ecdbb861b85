import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Collapse, Form, Input, Row, Space, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/api.ts';
import { rightsApi, type CertificateChallenge, type Challenge, type ChallengePurpose } from './rightsApi.ts';
import { codeSentText, formatClock, sessionEnded, type StoredSession } from './rights.ts';
import { clearSubjectSession, saveSubjectSession, useSubjectSession } from './useSubjectSession.ts';

type Values = { code: string; name: string };

// Identity check before the subject's own data (objections, repair, own credit file): sign in
// with 统一身份认证, with an enterprise certificate, or a one-time code sent to a contact already on
// file (never to one typed in). Renders `children` with the session once checked; the check is
// kept for the tab, so the other rights pages need none.
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
      setChallenge(await rightsApi.challenge({ code: v.code.trim(), name: v.name.trim(), purpose }));
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
        为保护信用主体的合法权益，提出异议、申请信用修复和查询本人信用档案前须核验身份。请使用统一身份认证（实名核验）登录；企业也可使用企业数字证书；或向平台已登记的联系方式发送验证码。
      </Typography.Paragraph>
      <OidcButton purpose={purpose} />
      <CertificateSignIn purpose={purpose} />
      <Typography.Title level={5}>向预留联系方式发送验证码</Typography.Title>
      <Typography.Paragraph type="secondary">验证码只发送到平台已登记的联系方式（由部门登记，或此前经统一身份认证核验），不接受新填写的号码。</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={send} requiredMark="optional" disabled={busy}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="code" label="统一社会信用代码 / 身份证号码" rules={[{ required: true, whitespace: true, message: '请填写主体代码' }, { max: 64 }]}>
              <Input placeholder="如：91130100MA0XXXXXXX" autoComplete="off" data-testid="identity-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label="名称 / 姓名" rules={[{ required: true, whitespace: true, message: '请填写名称或姓名' }, { max: 200 }]}>
              <Input placeholder="与登记的名称一致" autoComplete="off" data-testid="identity-name" />
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

const BINDING_KEY = 'xy-oidc-binding';
const RETURN_KEY = 'xy-oidc-return';
export const OIDC_RETURN_PATH = '/rights/verify/oidc';

function OidcButton({ purpose }: { purpose: ChallengePurpose }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const b = await rightsApi.oidcBegin({ purpose, returnTo: `${window.location.origin}${OIDC_RETURN_PATH}` });
      // the binding stays in this tab: a callback carried to another browser does not complete
      sessionStorage.setItem(BINDING_KEY, b.binding);
      sessionStorage.setItem(RETURN_KEY, window.location.pathname + window.location.search);
      window.location.assign(b.authorizationUrl);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      setBusy(false);
    }
  };
  return (
    <div style={{ marginBottom: 16 }}>
      <Button type="primary" size="large" onClick={start} loading={busy} data-testid="identity-oidc">
        统一身份认证登录
      </Button>
      {error && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={error.zh} />}
    </div>
  );
}

function CertificateSignIn({ purpose }: { purpose: ChallengePurpose }) {
  const [challenge, setChallenge] = useState<CertificateChallenge | undefined>();
  const [certificate, setCertificate] = useState('');
  const [signature, setSignature] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const run = async (f: () => Promise<void>) => {
    setError(undefined);
    try {
      await f();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    }
  };
  return (
    <Collapse
      style={{ marginBottom: 16 }}
      items={[
        {
          key: 'cert',
          label: '企业数字证书登录（SM2）',
          children: (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Button onClick={() => run(async () => setChallenge(await rightsApi.certificateChallenge({ purpose })))} data-testid="identity-cert-challenge">
                获取待签名原文
              </Button>
              {challenge && (
                <>
                  <Typography.Paragraph copyable={{ text: challenge.text }}>
                    请用企业数字证书（SM2，签名者标识 {challenge.userId}）对以下原文签名，{formatClock(challenge.expiresAt)} 前有效：
                    <pre style={{ whiteSpace: 'pre-wrap' }}>{challenge.text}</pre>
                  </Typography.Paragraph>
                  <Input.TextArea rows={4} placeholder="证书（PEM）" value={certificate} onChange={(e) => setCertificate(e.target.value)} data-testid="identity-cert" />
                  <Input.TextArea rows={2} placeholder="签名值（Base64 或十六进制）" value={signature} onChange={(e) => setSignature(e.target.value)} data-testid="identity-cert-signature" />
                  <Button
                    type="primary"
                    disabled={!certificate.trim() || !signature.trim()}
                    onClick={() =>
                      run(async () => {
                        const v = await rightsApi.certificateVerify({ challengeId: challenge.challengeId, certificate, signature });
                        saveSubjectSession({ token: v.token, expiresAt: v.expiresAt, subject: v.subject });
                      })
                    }
                    data-testid="identity-cert-verify"
                  >
                    核验证书
                  </Button>
                </>
              )}
              {error && <Alert type="error" showIcon title={error.zh} description={`错误代码：${error.code}`} />}
            </Space>
          ),
        },
      ]}
    />
  );
}

// Where the identity provider sends the browser back: complete the sign-in, then return to the page that began it.
export function OidcReturnPage() {
  const [error, setError] = useState<ApiError | undefined>();
  useEffect(() => {
    const binding = sessionStorage.getItem(BINDING_KEY) ?? '';
    sessionStorage.removeItem(BINDING_KEY);
    rightsApi
      .oidcComplete({ callback: window.location.search, binding })
      .then((v) => {
        saveSubjectSession({ token: v.token, expiresAt: v.expiresAt, subject: v.subject });
        window.location.replace(sessionStorage.getItem(RETURN_KEY) ?? '/me');
      })
      .catch((e: unknown) => e instanceof ApiError && setError(e));
  }, []);
  if (error) return <Alert type="error" showIcon data-testid="identity-error" title={error.zh} description={`错误代码：${error.code}`} />;
  return <Typography.Paragraph data-testid="identity-oidc-return">正在完成统一身份认证……</Typography.Paragraph>;
}

// A page whose request answers "identity check expired" goes back to the identity form.
export function useEndSessionOn(error: ApiError | undefined): void {
  useEffect(() => {
    if (error && sessionEnded(error)) clearSubjectSession();
  }, [error]);
}
