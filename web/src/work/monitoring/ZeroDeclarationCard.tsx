import { useState } from 'react';
import { Alert, Button, Card, Input, Space, Typography } from 'antd';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import type { ApiError } from '../../shared/api.ts';
import { categoryName } from '../nav.ts';
import { lastMonth, monitoringApi, type DeclarationAnswer } from './api.ts';

const todayStr = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

// 零报送 on the upload page: the department had nothing of the category to report in a period
// (counts as delivered where the resource directory accepts nil returns).
export function ZeroDeclarationCard({ category }: { category: string }) {
  const [period, setPeriod] = useState(lastMonth(todayStr()));
  const [answer, setAnswer] = useState<DeclarationAnswer | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const declare = async () => {
    setBusy(true);
    setError(undefined);
    setAnswer(undefined);
    try {
      setAnswer(await monitoringApi.declareNone({ category, period: period.trim() }));
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="零报送" size="small" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">本期没有{categoryName(category)}信息需要报送时，在此申报零报送（期间如 2026-11、2026-Q4）。已有记录的期间不能申报。</Typography.Paragraph>
      <Space>
        <Input value={period} onChange={(e) => setPeriod(e.target.value)} style={{ width: 140 }} data-testid="zero-period" />
        <Button onClick={declare} loading={busy} data-testid="zero-declare">
          申报零报送
        </Button>
      </Space>
      {error && <ErrorAlert error={error} />}
      {answer && (
        <Alert
          style={{ marginTop: 12 }}
          type={answer.counts ? 'success' : 'warning'}
          showIcon
          data-testid="zero-result"
          title={`${answer.created ? '已申报' : '此前已申报'}：${categoryName(answer.declaration.category)} ${answer.declaration.period}${answer.counts ? '' : '（资源目录不认可该类别的零报送）'}`}
        />
      )}
    </Card>
  );
}
