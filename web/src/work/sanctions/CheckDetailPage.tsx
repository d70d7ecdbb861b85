import { useState } from 'react';
import { Alert, Button, Card, Result, Spin, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { useUser } from '../session.tsx';
import { isDepartmentRole } from '../nav.ts';
import { sanctionsApi, type CheckFeedback } from './api.ts';
import { CheckResult } from './CheckResult.tsx';

// 核查详情: a stored check exactly as it was answered, and its feedback. The department that made
// it gives (the rest of) its feedback here, e.g. when opened from the pending list.
export function CheckDetailPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const stored = useRequest(id ? `check:${id}` : null, (signal) => sanctionsApi.getCheck(id, signal));
  const vocab = useRequest('measures', (signal) => sanctionsApi.measures(signal));
  // feedback given on this page since it was loaded, for this check only
  const [given, setGiven] = useState<{ checkId: string; feedback: CheckFeedback } | undefined>();
  const feedback = given?.checkId === id ? given.feedback : stored.data?.feedback;

  const title = (
    <Typography.Title level={4} className="xy-work-page-title">
      <Link to="/work/sanctions/pending">待反馈</Link> / 核查详情
    </Typography.Title>
  );
  if (stored.error?.status === 404)
    return (
      <>
        {title}
        <Result
          status="404"
          title="核查不存在"
          subTitle="该核查不存在，或不属于您所在的部门。"
          data-testid="check-not-found"
          extra={
            <Link to="/work/sanctions/check">
              <Button type="primary">返回信用核查</Button>
            </Link>
          }
        />
      </>
    );
  return (
    <>
      <title>核查详情 - 政务门户</title>
      {title}
      {stored.error ? (
        <ErrorAlert error={stored.error} onRetry={stored.reload} />
      ) : stored.loading || !stored.data || !feedback ? (
        <Card>
          <Spin description="正在加载核查…">
            <div style={{ height: 120 }} />
          </Spin>
        </Card>
      ) : (
        <>
          {stored.data.authorization && (
            // the subject's authorization the shown non-public records rested on, as the subject's access log names it
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="check-authorization"
              title={`依据主体授权 ${stored.data.authorization.id}，授权用途：${stored.data.authorization.purpose}`}
            />
          )}
          <CheckResult
            key={stored.data.checkId}
            answer={stored.data.answer}
            feedback={feedback}
            scenarios={vocab.data?.scenarios}
            canGiveFeedback={isDepartmentRole(user.role)}
            onFeedback={(next) => setGiven({ checkId: id, feedback: next })}
          />
        </>
      )}
    </>
  );
}
