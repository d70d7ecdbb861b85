import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { workApi } from '../api.ts';
import { useSession, useUser } from '../session.tsx';
import { safeNext } from '../nav.ts';

type Values = { currentPassword: string; newPassword: string; confirm: string };

// Reasons the server gave for a weak password (PASSWORD_WEAK details), one per broken rule.
function violations(error: ApiError): string[] {
  if (!Array.isArray(error.details)) return [];
  return error.details.flatMap((d: unknown) => (typeof d === 'object' && d !== null && typeof (d as { zh?: unknown }).zh === 'string' ? [(d as { zh: string }).zh] : []));
}

export function PasswordPage() {
  const user = useUser();
  const { signedIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();

  const submit = async (v: Values) => {
    setSaving(true);
    setError(undefined);
    try {
      const r = await workApi.changePassword(v.currentPassword, v.newPassword);
      signedIn(r.user);
      form.resetFields();
      message.success('密码已修改，您在其他设备上的登录已结束');
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  const reasons = error ? violations(error) : [];
  return (
    <>
      <title>修改密码 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        修改密码
      </Typography.Title>
      <Card style={{ maxWidth: 560 }}>
        {user.passwordChangeRequired && (
          <Alert
            type="warning"
            showIcon
            data-testid="password-change-required"
            title="请先修改密码"
            description="首次登录、管理员重置密码后或密码使用超过 90 天时，须修改密码后才能继续使用。"
            style={{ marginBottom: 16 }}
          />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            data-testid="password-error"
            title={reasons.length ? '新密码不符合要求' : error.zh}
            description={reasons.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{reasons.map((r) => <li key={r}>{r}</li>)}</ul> : undefined}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" data-testid="password-current" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label="新密码"
            extra="至少 12 位，包含小写字母、大写字母、数字、符号中的至少 3 类，且不能包含用户名"
            rules={[
              { required: true, message: '请输入新密码' },
              { min: 12, message: '新密码至少 12 位' },
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="确认新密码"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_, value) => (!value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="password-submit">
            修改密码
          </Button>
        </Form>
      </Card>
    </>
  );
}
