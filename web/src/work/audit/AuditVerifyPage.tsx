import { useState } from 'react';
import { Button, Card, Descriptions, Result, Table, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { workApi, type AuditProblem, type AuditVerification } from '../api.ts';
import { formatDateTime } from '../nav.ts';

// 安全审计 · 日志完整性校验: recompute the hash chain and check the signed checkpoints.
export function AuditVerifyPage() {
  const [result, setResult] = useState<AuditVerification | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [running, setRunning] = useState(false);

  const verify = async () => {
    setRunning(true);
    setError(undefined);
    try {
      setResult(await workApi.auditVerify());
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <title>日志完整性校验 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        日志完整性校验
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph>
          审计事件按顺序组成哈希链，服务器定期对链头签名（检查点）。校验将重新计算每个事件的哈希并核对检查点签名，找出第一个被修改、删除或调换顺序的事件。
        </Typography.Paragraph>
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={running} onClick={verify} data-testid="audit-verify">
          开始校验
        </Button>
      </Card>
      {error && <ErrorAlert error={error} onRetry={verify} />}
      {result && !error && <VerificationView v={result} />}
    </>
  );
}

function VerificationView({ v }: { v: AuditVerification }) {
  const first = v.firstProblem ?? v.problems[0];
  return (
    <Card data-testid="audit-verify-result">
      <Result
        status={v.ok ? 'success' : 'error'}
        title={<span data-testid="audit-verify-status">{v.ok ? '审计日志完整' : '发现审计日志被篡改'}</span>}
        subTitle={
          v.ok
            ? `共 ${v.events.toLocaleString('zh-CN')} 条事件，哈希链完整，${v.checkpointsVerified} 个签名检查点验证通过。`
            : first
              ? `第一个问题：事件 #${first.seq}${first.toSeq !== undefined ? `–#${first.toSeq}` : ''}，${first.zh}`
              : `共发现 ${v.problemCount} 个问题。`
        }
      />
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="事件数">{v.events.toLocaleString('zh-CN')}</Descriptions.Item>
        <Descriptions.Item label="最后事件序号">{v.lastSeq}</Descriptions.Item>
        <Descriptions.Item label="签名检查点">
          {v.checkpointsVerified} / {v.checkpoints} 验证通过
        </Descriptions.Item>
        <Descriptions.Item label="最近检查点">{v.lastCheckpoint ? `#${v.lastCheckpoint.seq} · ${formatDateTime(v.lastCheckpoint.at)}` : '—'}</Descriptions.Item>
        <Descriptions.Item label="尚未签名的事件">{v.unsignedEvents}</Descriptions.Item>
        <Descriptions.Item label="待入链的事件（核验开始后提交）">{v.unchained ?? 0}</Descriptions.Item>
        <Descriptions.Item label="问题数">{v.problemCount}</Descriptions.Item>
      </Descriptions>
      {v.problems.length > 0 && (
        <Table<AuditProblem>
          style={{ marginTop: 16 }}
          size="small"
          rowKey={(p) => `${p.kind}:${p.seq}:${p.checkpointId ?? ''}`}
          dataSource={v.problems}
          pagination={false}
          data-testid="audit-problems"
          columns={[
            { title: '事件', key: 'seq', width: 140, render: (_: unknown, p) => `#${p.seq}${p.toSeq !== undefined ? `–#${p.toSeq}` : ''}` },
            { title: '类型', dataIndex: 'kind', width: 160 },
            { title: '说明', dataIndex: 'zh' },
          ]}
        />
      )}
    </Card>
  );
}
