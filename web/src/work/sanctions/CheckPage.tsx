import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/api.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { sanctionsApi, type CheckAnswer, type CheckFeedback } from './api.ts';
import { freshFeedback } from './sanctions.ts';
import { CheckResult } from './CheckResult.tsx';

type Values = { subject: string; scenario: string; matterRef?: string };

// 联合奖惩 · 信用核查: a clerk of a responding department checks a subject inside a business
// matter, sees the measures to apply with their basis, and records feedback right there.
export function CheckPage() {
  const [form] = Form.useForm<Values>();
  const vocab = useRequest('measures', (signal) => sanctionsApi.measures(signal));
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [result, setResult] = useState<{ answer: CheckAnswer; feedback: CheckFeedback } | undefined>();

  const run = async (v: Values) => {
    setRunning(true);
    setError(undefined);
    try {
      const matterRef = v.matterRef?.trim();
      const answer = await sanctionsApi.check({ subject: v.subject.trim(), scenario: v.scenario, ...(matterRef ? { matterRef } : {}) });
      setResult({ answer, feedback: freshFeedback(answer) });
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e);
        setResult(undefined);
      }
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <title>信用核查 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        信用核查
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          在办理业务事项时核查主体的信用状况：平台按本部门职责和业务场景列出应实施的联合惩戒和守信激励措施及其依据，并判断是否符合绿色通道、容缺受理条件。核查结果留存备查，措施实施情况须在期限内反馈。
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={run} requiredMark="optional" data-testid="check-form">
          <Row gutter={16}>
            <Col xs={24} md={9}>
              <Form.Item name="subject" label="主体代码" rules={[{ required: true, whitespace: true, message: '请输入统一社会信用代码、身份证号码或组织机构代码、注册号' }]}>
                <Input placeholder="统一社会信用代码 / 身份证号码 / 组织机构代码 / 注册号" maxLength={64} allowClear data-testid="check-subject" />
              </Form.Item>
            </Col>
            <Col xs={24} md={7}>
              <Form.Item name="scenario" label="业务场景" rules={[{ required: true, message: '请选择业务场景' }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={vocab.loading ? '正在加载…' : '选择业务场景'}
                  loading={vocab.loading}
                  options={(vocab.data?.scenarios ?? []).map((s) => ({ value: s.code, label: s.name }))}
                  data-testid="check-scenario"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="matterRef" label="事项编号" rules={[{ max: 200 }]}>
                <Input placeholder="如：采购项目编号、受理号（选填）" maxLength={200} data-testid="check-matter" />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={running} data-testid="check-submit">
            核查
          </Button>
        </Form>
        {vocab.error && <Alert type="error" showIcon style={{ marginTop: 16 }} title={`业务场景加载失败：${vocab.error.zh}`} />}
        {error && (
          <Alert type="error" showIcon style={{ marginTop: 16 }} data-testid="check-error" title={error.zh} description={`错误代码：${error.code}`} />
        )}
      </Card>
      {result && (
        <CheckResult
          key={result.answer.checkId}
          answer={result.answer}
          feedback={result.feedback}
          scenarios={vocab.data?.scenarios}
          canGiveFeedback
          permalink
          onFeedback={(feedback) => setResult((r) => (r ? { ...r, feedback } : r))}
        />
      )}
    </>
  );
}
