import { useState } from 'react';
import { Alert, Button, Card, Form, Input } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { workApi } from '../api.ts';
import { useSession } from '../session.tsx';
import { safeNext, signInErrorText } from '../nav.ts';

type Values = { username: string; password: string; totp?: string };

// Sign-in of staff. The one-time code field is always there: the API answers a missing code
// exactly like a wrong password (so that nobody can learn which accounts exist or which need a
// code), so the page cannot know in advance who needs one.
export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const reason = params.get('reason');
  const { state, signedIn } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const [form] = Form.useForm<Values>();

  if (state.status === 'signed-in' && !submitting) return <Navigate to={next} replace />;

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const totp = values.totp?.replace(/\s+/g, '');
      const { user } = await workApi.signIn({ username: values.username.trim(), password: values.password, ...(totp ? { totp } : {}) });
      signedIn(user);
      navigate(user.passwordChangeRequired ? `/work/password?next=${encodeURIComponent(next)}` : next, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { code: 'CLIENT_ERROR', zh: '登录时出错，请重试', en: String(e) }));
      form.setFieldValue('password', '');
      form.setFieldValue('totp', '');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="xy-sign-in">
      <title>登录 - 政务门户 - 信用河北</title>
      <div className="xy-sign-in-title">信用河北</div>
      <div className="xy-sign-in-sub">河北省公共信用信息共享平台 · 政务门户</div>
      <Card className="xy-sign-in-card" title="工作人员登录">
        {reason === 'expired' && !error && (
          <Alert type="warning" showIcon title="登录已过期，请重新登录" style={{ marginBottom: 16 }} data-testid="session-expired" />
        )}
        {reason === 'signed-out' && !error && <Alert type="success" showIcon title="您已安全退出" style={{ marginBottom: 16 }} data-testid="signed-out" />}
        {error && (
          <Alert
            type="error"
            showIcon
            title={signInErrorText(error)}
            description={error.code === 'SIGN_IN_FAILED' ? '平台管理员、运营人员及已绑定动态口令的账号须同时输入 6 位动态口令。' : undefined}
            style={{ marginBottom: 16 }}
            data-testid="sign-in-error"
          />
        )}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} autoComplete="on">
          <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={64} data-testid="sign-in-username" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={256} data-testid="sign-in-password" />
          </Form.Item>
          <Form.Item
            name="totp"
            label="动态口令"
            extra="平台管理员、运营人员必填：身份验证器中的 6 位数字；其他账号如已绑定也须填写"
            rules={[{ pattern: /^\s*\d{3}\s?\d{3}\s*$/, message: '动态口令为 6 位数字' }]}
          >
            <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={7} placeholder="6 位数字（如需要）" data-testid="sign-in-totp" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="sign-in-submit">
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
