import { Alert, Button } from 'antd';
import type { ApiError } from './api.ts';

// Shows the server's Chinese message; the code helps support staff find the cause.
export function ErrorAlert({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      data-testid="error-alert"
      title={error.zh}
      description={error.code ? `错误代码：${error.code}` : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}
