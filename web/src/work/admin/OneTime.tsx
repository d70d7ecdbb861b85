import { Alert, QRCode, Space, Typography } from 'antd';
import type { TotpEnrolment } from '../api.ts';

// A secret shown once: in a box the user can select, with a copy button.
export function OnceValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text strong>{label}</Typography.Text>
      <div className="xy-once-box">
        <Typography.Text copyable={{ text: value, tooltips: ['复制', '已复制'] }} data-testid={testId}>
          {value}
        </Typography.Text>
      </div>
    </div>
  );
}

export function OnceWarning({ what }: { what: string }) {
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={`${what}只显示这一次`}
      description="关闭此窗口后无法再次查看，平台也不保存明文。请立即妥善保存，并通过安全渠道交给使用人；遗失后只能重置。"
      data-testid="once-warning"
    />
  );
}

// TOTP enrolment: a QR code for the authenticator app, and the same as text.
export function TotpEnrolmentView({ totp }: { totp: TotpEnrolment }) {
  return (
    <div data-testid="totp-enrolment">
      <Typography.Paragraph>用身份验证器（如 Google Authenticator、Microsoft Authenticator、FreeOTP）扫描二维码，或手工输入密钥：</Typography.Paragraph>
      <Space align="start" wrap size="large">
        <QRCode value={totp.uri} size={176} errorLevel="M" data-testid="totp-qr" />
        <div style={{ maxWidth: 320 }}>
          <OnceValue label="密钥（Base32）" value={totp.secret} testId="totp-secret" />
          <OnceValue label="otpauth 链接" value={totp.uri} testId="totp-uri" />
        </div>
      </Space>
    </div>
  );
}
