import { useState } from 'react';
import { Button, Card, Descriptions, Form, Input, Tag } from 'antd';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { tipsApi, type PublicTipStatus } from './tipsApi.ts';

const COLOR: Record<PublicTipStatus['status'], string> = {
  received: 'blue',
  'in-progress': 'processing',
  substantiated: 'green',
  unsubstantiated: 'default',
  'not-competent': 'orange',
};

// The reporter follows a tip with its receipt number and query code: status, due date, the
// handling department and, once answered, the reply (never the department's internal notes).
export function TipStatusPage() {
  const [status, setStatus] = useState<PublicTipStatus>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  async function lookUp(v: { receiptNumber: string; queryCode: string }) {
    setBusy(true);
    setError(undefined);
    try {
      setStatus(await tipsApi.status(v.receiptNumber.trim(), v.queryCode.trim()));
    } catch (e) {
      setStatus(undefined);
      setError(e instanceof ApiError ? e : new ApiError(0, { code: 'UNKNOWN', zh: String(e), en: String(e) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title="举报办理进度">
      <title>举报办理进度 - 信用河北</title>
      <Form layout="inline" onFinish={lookUp} data-testid="tip-status-form">
        <Form.Item name="receiptNumber" label="受理编号" rules={[{ required: true, message: '请填写受理编号' }]}>
          <Input maxLength={30} data-testid="tip-status-receipt" />
        </Form.Item>
        <Form.Item name="queryCode" label="查询码" rules={[{ required: true, message: '请填写查询码' }]}>
          <Input maxLength={20} autoComplete="off" data-testid="tip-status-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="tip-status-submit">
          查询
        </Button>
      </Form>
      <div style={{ marginTop: 16 }}>
        {error && <ErrorAlert error={error} />}
        {status && (
          <Descriptions bordered column={1} data-testid="tip-status">
            <Descriptions.Item label="受理编号">{status.receiptNumber}</Descriptions.Item>
            <Descriptions.Item label="办理状态">
              <Tag color={COLOR[status.status]} data-testid="tip-status-tag">
                {status.statusLabel.zh}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label="受理日期">{status.receivedOn}</Descriptions.Item>
            <Descriptions.Item label="办理期限">{status.dueDate}</Descriptions.Item>
            <Descriptions.Item label="承办部门">{status.department ?? '待分派'}</Descriptions.Item>
            <Descriptions.Item label="证据材料">{status.evidenceFiles} 个文件</Descriptions.Item>
            {status.outcomeOn && <Descriptions.Item label="办结日期">{status.outcomeOn}</Descriptions.Item>}
            {status.reply && <Descriptions.Item label="答复">{status.reply}</Descriptions.Item>}
            {status.forwardedTo && <Descriptions.Item label="已转交">{status.forwardedTo}</Descriptions.Item>}
          </Descriptions>
        )}
      </div>
    </Card>
  );
}
