import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Typography } from 'antd';
import { ApiError } from '../../shared/api.ts';
import type { CheckAnswer } from '../sanctions/api.ts';
import { commitmentsApi, type Commitment } from './api.ts';

type Values = { kind: 'tolerance' | 'notification'; content: string; dueOn?: string; subjectName?: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// On a credit check's result page, when the check allows 容缺受理 / 告知承诺: the clerk records the
// subject's commitment right there (the check's id goes with it, so the server verifies the
// check allowed it). A subject the platform does not know yet needs its name.
export function CommitmentCard({ answer }: { answer: CheckAnswer }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [made, setMade] = useState<Commitment | undefined>();
  const kind = Form.useWatch('kind', form) ?? 'tolerance';
  if (!answer.eligibility.toleranceAcceptance) return null;

  const submit = async (v: Values) => {
    setSaving(true);
    setError(undefined);
    try {
      const c = await commitmentsApi.add({
        checkId: answer.checkId,
        kind: v.kind,
        content: v.content.trim(),
        ...(answer.matterRef ? { matterRef: answer.matterRef } : {}),
        ...(v.kind === 'tolerance' && v.dueOn?.trim() ? { dueOn: v.dueOn.trim() } : {}),
        ...(!answer.subject.found && v.subjectName?.trim() ? { subjectName: v.subjectName.trim() } : {}),
      });
      setMade(c);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title="信用承诺（容缺受理 / 告知承诺）" style={{ marginBottom: 16 }} data-testid="commitment-card">
      {made ? (
        <Alert
          type="success"
          showIcon
          data-testid="commitment-recorded"
          title={`已登记${made.kindName}，编号 ${made.number}`}
          description={
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'content', label: '承诺内容', children: made.content },
                { key: 'made', label: '承诺日期', children: made.madeOn },
                ...(made.dueOn ? [{ key: 'due', label: '履行期限', children: made.lastDay && made.lastDay !== made.dueOn ? `${made.dueOn}（遇节假日顺延至 ${made.lastDay}）` : made.dueOn }] : []),
                { key: 'status', label: '状态', children: '履行中：逾期未履行的，平台自动认定违诺并记入信用档案' },
              ]}
            />
          }
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            核查结果显示该主体可适用容缺受理。主体书面承诺后即可先行受理；容缺受理承诺须在履行期限内补齐材料，逾期未补齐或告知承诺经核查不实的，记入主体信用档案，3 年内不再适用容缺受理和告知承诺。
          </Typography.Paragraph>
          <Form form={form} layout="vertical" initialValues={{ kind: 'tolerance' }} onFinish={submit} requiredMark="optional" data-testid="commitment-form">
            <Form.Item name="kind" label="承诺类型">
              <Radio.Group
                options={[
                  { value: 'tolerance', label: '容缺受理承诺' },
                  { value: 'notification', label: '告知承诺' },
                ]}
                data-testid="commitment-kind"
              />
            </Form.Item>
            {!answer.subject.found && (
              <Form.Item name="subjectName" label="主体名称" rules={[{ required: true, whitespace: true, message: '平台尚无该主体，请填写主体名称' }, { max: 200 }]}>
                <Input maxLength={200} data-testid="commitment-subject-name" />
              </Form.Item>
            )}
            <Form.Item name="content" label="承诺内容" rules={[{ required: true, whitespace: true, message: '请填写承诺内容' }, { max: 2000 }]}>
              <Input.TextArea rows={3} maxLength={2000} placeholder="如：承诺于 30 日内补交消防验收意见书" data-testid="commitment-content" />
            </Form.Item>
            {kind === 'tolerance' && (
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="dueOn"
                    label="履行期限"
                    extra="不填则按规则自动计算（工作日）"
                    rules={[{ pattern: DATE, message: '日期格式为 YYYY-MM-DD' }]}
                  >
                    <Input placeholder="YYYY-MM-DD" maxLength={10} data-testid="commitment-due" />
                  </Form.Item>
                </Col>
              </Row>
            )}
            <Button type="primary" htmlType="submit" loading={saving} data-testid="commitment-submit">
              登记承诺
            </Button>
            {error && <Alert type="error" showIcon style={{ marginTop: 16 }} data-testid="commitment-error" title={error.zh} description={`错误代码：${error.code}`} />}
          </Form>
        </>
      )}
    </Card>
  );
}
