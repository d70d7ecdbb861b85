import { useState, type ReactNode } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Empty, Flex, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, ExclamationCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { SUBJECT_KIND_COLOR, SUBJECT_KIND_LABEL } from '../../shared/labels.ts';
import type { NamedCode } from '../api.ts';
import { categoryName, formatDateTime } from '../nav.ts';
import { CommitmentCard } from '../commitments/CommitmentCard.tsx';
import { sanctionsApi, type AppliedMeasure, type BadRecord, type CheckAnswer, type CheckFeedback, type FeedbackOutcome, type MatterOutcome, type MeasureFeedback } from './api.ts';
import {
  FEEDBACK_OUTCOMES,
  FEEDBACK_OUTCOME_COLOR,
  FEEDBACK_OUTCOME_LABEL,
  MATTER_OUTCOMES,
  MATTER_OUTCOME_LABEL,
  MEASURE_KIND_COLOR,
  MEASURE_KIND_LABEL,
  MEASURE_TYPE_LABEL,
  afterFeedback,
  countByKind,
  feedbackRequestOf,
  isFeedbackComplete,
  openMeasures,
  termName,
  triggerText,
  untilText,
  type FeedbackDraft,
} from './sanctions.ts';

type Props = {
  answer: CheckAnswer;
  feedback: CheckFeedback;
  scenarios: readonly NamedCode[] | undefined;
  // the department that made the check may give feedback; operators only read
  canGiveFeedback: boolean;
  onFeedback: (next: CheckFeedback) => void;
  // shown on the check page: a link to the check's own page
  permalink?: boolean;
};

// One credit check's answer — the subject, the eligibility for 绿色通道 / 容缺受理, every measure with
// its basis and trigger — and its feedback, given in the same place: per measure on its card, the
// matter's outcome below.
export function CheckResult({ answer, feedback, scenarios, canGiveFeedback, onFeedback, permalink = false }: Props) {
  const { message } = AntApp.useApp();
  const [draft, setDraft] = useState<FeedbackDraft>({ measures: {} });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);

  const complete = isFeedbackComplete(feedback);
  const open = openMeasures(feedback);
  const editable = canGiveFeedback && feedback.due !== null && open.length > 0;
  const byId = new Map(feedback.measures.map((m) => [m.measureId, m]));

  const setMeasure = (measureId: string, change: { outcome?: FeedbackOutcome; reason?: string }) => {
    setDraft((d) => ({ ...d, measures: { ...d.measures, [measureId]: { ...d.measures[measureId], ...change } } }));
    setErrors((e) => {
      const { [measureId]: _gone, measures: _any, ...rest } = e;
      return rest;
    });
  };

  const submit = async () => {
    const checked = feedbackRequestOf(feedback, draft);
    setServerError(undefined);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const r = await sanctionsApi.feedback(answer.checkId, checked.request);
      // the stored check carries the server's times and the note; the answer alone will do if not
      const stored = await sanctionsApi.getCheck(answer.checkId).catch(() => undefined);
      onFeedback(stored?.feedback ?? afterFeedback(feedback, { ...r, note: checked.request.note ?? feedback.note ?? null }));
      setDraft({ measures: {} });
      message.success(r.complete ? '反馈已提交，本次核查反馈完成' : '反馈已提交，其余措施可稍后反馈');
    } catch (e) {
      if (e instanceof ApiError) setServerError(e);
    } finally {
      setSaving(false);
    }
  };

  const kinds = countByKind(answer.measures);
  return (
    <div data-testid="check-result">
      <Card style={{ marginBottom: 16 }} title="核查结果" extra={permalink ? <Link to={`/work/sanctions/checks/${answer.checkId}`} data-testid="check-permalink">核查详情</Link> : undefined}>
        <SubjectView answer={answer} />
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          style={{ marginTop: 16 }}
          items={[
            { key: 'scenario', label: '业务场景', children: termName(scenarios, answer.scenario) },
            { key: 'matter', label: '事项编号', children: answer.matterRef ?? '—' },
            { key: 'department', label: '核查部门', children: answer.department.name },
            { key: 'at', label: '核查时间', children: formatDateTime(answer.checkedAt) },
            {
              key: 'id',
              label: '核查编号',
              children: (
                <Typography.Text copyable={{ text: answer.checkId }} data-testid="check-id">
                  {answer.checkId.slice(0, 8)}
                </Typography.Text>
              ),
            },
            { key: 'due', label: '反馈期限', children: answer.feedbackDue ?? '无需反馈' },
          ]}
        />
      </Card>

      {answer.classification && <ClassificationView c={answer.classification} />}
      <EligibilityView answer={answer} />
      {canGiveFeedback && <CommitmentCard answer={answer} />}

      <Card
        style={{ marginBottom: 16 }}
        title={`适用的奖惩措施（${answer.measures.length} 项）`}
        extra={
          answer.measures.length > 0 && (
            <span>
              惩戒 {kinds.punishment} 项 · 激励 {kinds.reward} 项
            </span>
          )
        }
      >
        {answer.measures.length === 0 ? (
          <Empty data-testid="check-no-measures" description="本部门在该业务场景下对该主体无需实施的奖惩措施" />
        ) : (
          <Flex vertical gap={12}>
            {answer.measures.map((m) => (
              <MeasureCard
                key={m.measureId}
                measure={m}
                footer={
                  <MeasureFeedbackView
                    measure={m}
                    given={byId.get(m.measureId)}
                    editable={editable}
                    draft={draft.measures[m.measureId]}
                    error={errors[m.measureId]}
                    onChange={(c) => setMeasure(m.measureId, c)}
                  />
                }
              />
            ))}
          </Flex>
        )}
      </Card>

      <Card title="反馈" data-testid="feedback-card">
        {feedback.due === null ? (
          <Typography.Text type="secondary" data-testid="feedback-not-owed">
            本次核查没有需要实施的措施，无需反馈。
          </Typography.Text>
        ) : complete ? (
          <Alert
            type={feedback.late ? 'warning' : 'success'}
            showIcon
            data-testid="feedback-done"
            title={`反馈已完成${feedback.late ? '（逾期反馈）' : ''}`}
            description={
              <>
                事项办理结果：{feedback.matterOutcome ? MATTER_OUTCOME_LABEL[feedback.matterOutcome] : '—'}
                {feedback.completedAt && `；完成时间：${formatDateTime(feedback.completedAt)}`}
                {feedback.note && `；备注：${feedback.note}`}
              </>
            }
          />
        ) : !canGiveFeedback ? (
          <Alert type={feedback.late ? 'error' : 'info'} showIcon title={`待核查部门反馈，期限 ${feedback.due}${feedback.late ? '（已逾期）' : ''}`} />
        ) : (
          <Flex vertical gap={12}>
            <Typography.Text>
              请在 <Typography.Text strong>{feedback.due}</Typography.Text> 前反馈各项措施的实施情况和事项办理结果
              {feedback.late && <Tag color="error" style={{ marginLeft: 8 }}>已逾期</Tag>}
              {open.length < feedback.measures.filter((m) => !m.suspended).length && '（已反馈的措施不再重复填写）'}。
            </Typography.Text>
            {errors.measures && <Typography.Text type="danger" data-testid="feedback-measures-error">{errors.measures}</Typography.Text>}
            <div>
              <div style={{ marginBottom: 6 }}>事项办理结果</div>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                data-testid="feedback-matter-outcome"
                value={draft.matterOutcome ?? feedback.matterOutcome ?? undefined}
                onChange={(e) => {
                  setDraft((d) => ({ ...d, matterOutcome: e.target.value as MatterOutcome }));
                  setErrors(({ matterOutcome: _gone, ...rest }) => rest);
                }}
                options={MATTER_OUTCOMES.map((o) => ({ value: o, label: MATTER_OUTCOME_LABEL[o] }))}
              />
              {errors.matterOutcome && (
                <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }} data-testid="feedback-matter-error">
                  {errors.matterOutcome}
                </Typography.Text>
              )}
            </div>
            <Input.TextArea
              placeholder="备注（选填）"
              maxLength={2000}
              autoSize={{ minRows: 2, maxRows: 5 }}
              value={draft.note}
              onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))}
              data-testid="feedback-note"
            />
            {serverError && <Alert type="error" showIcon title={serverError.zh} description={`错误代码：${serverError.code}`} data-testid="feedback-error" />}
            <div>
              <Button type="primary" onClick={submit} loading={saving} data-testid="feedback-submit">
                提交反馈
              </Button>
            </div>
          </Flex>
        )}
      </Card>
    </div>
  );
}

function SubjectView({ answer }: { answer: CheckAnswer }) {
  const s = answer.subject;
  if (!s.found)
    return (
      <Alert
        type="info"
        showIcon
        data-testid="check-no-record"
        title="无记录"
        description={`平台未归集代码 ${s.code ?? ''} 对应主体的信用信息：没有失信记录，也没有需要实施的惩戒措施。`}
      />
    );
  return (
    <Flex align="center" gap={12} wrap>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="check-subject-name">
        {s.name}
      </Typography.Title>
      {s.kind && <Tag color={SUBJECT_KIND_COLOR[s.kind]}>{SUBJECT_KIND_LABEL[s.kind]}</Tag>}
      <Typography.Text type="secondary" data-testid="check-subject-code">
        {s.code ?? s.maskedId ?? ''}
      </Typography.Text>
    </Flex>
  );
}

const BAD_COLUMNS = [
  { title: '信息类别', dataIndex: 'category', render: (c: string) => categoryName(c) },
  { title: '文书号', dataIndex: 'ref' },
  { title: '认定 / 决定日期', dataIndex: 'decisionDate', width: 130 },
  { title: '影响至', dataIndex: 'countsUntil', width: 130, render: (d: string | null) => d ?? '仍在名单内' },
  { title: '', dataIndex: 'disputed', width: 100, render: (d: boolean) => (d ? <Tag color="orange">异议处理中</Tag> : null) },
];

const GRADE_COLOR: Record<string, string> = { A: 'success', B: 'processing', C: 'warning', D: 'error', excellent: 'success', good: 'processing', fair: 'default', poor: 'warning', bad: 'error' };

// 信用分类 beside the measures: the grade (诚信积分 for a person), the inspection ratio it recommends,
// and 重点监管对象 with the records behind the flag.
function ClassificationView({ c }: { c: NonNullable<CheckAnswer['classification']> }) {
  return (
    <Card title="信用分类" style={{ marginBottom: 16 }} data-testid="check-classification">
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label={c.scale === 'points' ? '诚信积分' : '信用等级'}>
          <Space size={6}>
            <Tag color={GRADE_COLOR[c.grade] ?? 'default'} data-testid="check-grade" style={{ marginInlineEnd: 0 }}>
              {c.scale === 'points' ? c.gradeName : c.grade}
            </Tag>
            {c.scale === 'grades' && <span>{c.gradeName}</span>}
            {c.insufficient && <Tag>信息不足</Tag>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="得分">{c.score}</Descriptions.Item>
        <Descriptions.Item label="建议抽查比例">{Math.round(c.inspectionRatio * 1000) / 10}%</Descriptions.Item>
      </Descriptions>
      {c.keySupervision.flagged && (
        <Alert
          type="error"
          showIcon
          data-testid="check-key-supervision"
          title={`重点监管对象：${c.keySupervision.domains.map((d) => d.name).join('、')}`}
          description={c.keySupervision.domains.flatMap((d) => d.records.map((r) => `${categoryName(r.category)} ${r.ref}（${r.decisionDate}）`)).join('；')}
        />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        模型 {c.model}，评定于 {formatDateTime(c.computedAt)}
      </Typography.Text>
    </Card>
  );
}

function EligibilityView({ answer }: { answer: CheckAnswer }) {
  const e = answer.eligibility;
  const yes = (ok: boolean) => (ok ? <Tag color="success">可适用</Tag> : <Tag color="default">不适用</Tag>);
  return (
    <Card title="守信激励条件（绿色通道 / 容缺受理）" style={{ marginBottom: 16 }} data-testid="check-eligibility">
      <Alert
        type={e.greenChannel ? 'success' : 'warning'}
        showIcon
        title={
          <Space wrap>
            <span>绿色通道 {yes(e.greenChannel)}</span>
            <span>容缺受理 {yes(e.toleranceAcceptance)}</span>
          </Space>
        }
        description={
          // the reason already says from when the subject is eligible again
          <span data-testid="check-eligibility-reason">{e.reason}</span>
        }
      />
      {e.badRecords.length > 0 && (
        <Table<BadRecord> rowKey="recordId" size="small" style={{ marginTop: 12 }} columns={BAD_COLUMNS} dataSource={e.badRecords} pagination={false} scroll={{ x: 640 }} />
      )}
    </Card>
  );
}

function MeasureCard({ measure: m, footer }: { measure: AppliedMeasure; footer: ReactNode }) {
  const triggers = m.triggers && m.triggers.length > 1 ? m.triggers : [m.trigger];
  return (
    <Card
      size="small"
      data-testid="measure-card"
      data-measure-id={m.measureId}
      className={m.suspended ? 'xy-measure-suspended' : undefined}
      title={
        <Space wrap size={6}>
          <Tag color={MEASURE_KIND_COLOR[m.kind]} data-testid="measure-kind" style={{ marginInlineEnd: 0 }}>
            {MEASURE_KIND_LABEL[m.kind]}
          </Tag>
          <span data-testid="measure-name">{m.name}</span>
          <Tag style={{ marginInlineEnd: 0 }}>{MEASURE_TYPE_LABEL[m.type]}</Tag>
          {m.suspended && (
            <Tag color="orange" icon={<PauseCircleOutlined />} data-testid="measure-suspended">
              暂停执行（异议核实中）
            </Tag>
          )}
        </Space>
      }
    >
      {m.suspended && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="该措施的触发信息正在异议核实，依规暂不执行联合惩戒措施（信息核实期间暂不执行），不得实施，无需反馈。"
        />
      )}
      <Descriptions
        size="small"
        column={1}
        bordered
        styles={{ label: { width: 110 } }}
        items={[
          ...(m.content ? [{ key: 'content', label: '措施内容', children: m.content }] : []),
          { key: 'basis', label: '法律依据', children: <span data-testid="measure-basis">{m.basis}</span> },
          ...(m.memorandum ? [{ key: 'memorandum', label: '合作备忘录', children: `${m.memorandum.name}${m.memorandum.docNo ? `（${m.memorandum.docNo}）` : ''}` }] : []),
          {
            key: 'trigger',
            label: '触发信息',
            children: (
              <Flex vertical gap={2} data-testid="measure-trigger">
                {triggers.map((t, i) => (
                  <span key={`${t.recordId ?? t.condition}:${i}`}>
                    {triggerText(t)}
                    {t.disputed && (
                      <Tag color="orange" style={{ marginLeft: 6 }}>
                        异议处理中
                      </Tag>
                    )}
                  </span>
                ))}
              </Flex>
            ),
          },
          { key: 'until', label: '实施期限', children: <span data-testid="measure-until">{untilText(m.until)}</span> },
        ]}
      />
      {footer}
    </Card>
  );
}

type MeasureFeedbackProps = {
  measure: AppliedMeasure;
  given: MeasureFeedback | undefined;
  editable: boolean;
  draft: { outcome?: FeedbackOutcome; reason?: string } | undefined;
  error: string | undefined;
  onChange: (c: { outcome?: FeedbackOutcome; reason?: string }) => void;
};

// A measure's feedback: the outcome given, or the controls to give it.
function MeasureFeedbackView({ measure, given, editable, draft, error, onChange }: MeasureFeedbackProps) {
  if (measure.suspended) return null;
  if (given?.outcome)
    return (
      <div style={{ marginTop: 10 }} data-testid="measure-feedback-given">
        <CheckCircleOutlined style={{ color: '#52c41a', marginRight: 6 }} />
        实施情况：<Tag color={FEEDBACK_OUTCOME_COLOR[given.outcome]}>{FEEDBACK_OUTCOME_LABEL[given.outcome]}</Tag>
        {given.reason && <Typography.Text type="secondary">理由：{given.reason}</Typography.Text>}
      </div>
    );
  if (!editable)
    return (
      <div style={{ marginTop: 10 }}>
        <ExclamationCircleOutlined style={{ color: '#faad14', marginRight: 6 }} />
        尚未反馈
      </div>
    );
  return (
    <Flex vertical gap={6} style={{ marginTop: 10 }}>
      <Flex align="center" gap={8} wrap>
        <span>实施情况</span>
        <Radio.Group
          data-testid={`feedback-outcome-${measure.measureId}`}
          value={draft?.outcome}
          onChange={(e) => onChange({ outcome: e.target.value as FeedbackOutcome })}
          options={FEEDBACK_OUTCOMES.map((o) => ({ value: o, label: FEEDBACK_OUTCOME_LABEL[o] }))}
        />
      </Flex>
      {draft?.outcome === 'not_applied' && (
        <Input.TextArea
          placeholder="未实施的理由（必填），如：经核实该主体已履行义务、法律另有规定等"
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 4 }}
          status={error ? 'error' : undefined}
          value={draft.reason}
          onChange={(e) => onChange({ reason: e.target.value })}
          data-testid={`feedback-reason-${measure.measureId}`}
        />
      )}
      {error && (
        <Typography.Text type="danger" data-testid={`feedback-error-${measure.measureId}`}>
          {error}
        </Typography.Text>
      )}
    </Flex>
  );
}
