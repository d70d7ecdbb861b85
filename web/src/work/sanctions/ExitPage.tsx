import { useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, Popconfirm, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, requestJson } from '../../shared/api.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { useUser } from '../session.tsx';
import { sanctionsApi, type ExitResult } from './api.ts';

type Values = { category: string; ref: string; reason: string; exitDate?: Dayjs | null };
type PublicEntry = { id: string; ref: string; subject: { name: string; code: string | null; maskedId: string | null }; decisionDate: string; validUntil: string | null; department: { name: string } };

// 联合奖惩 · 名单移出: the department that entered a red or black list entry takes it off with a
// reason (移出). Its measures stop at once and the exit is published as a notice.
export function ExitPage() {
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const lists = useRequest('lists', (signal) => sanctionsApi.lists(signal));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [done, setDone] = useState<ExitResult | undefined>();
  const [found, setFound] = useState<{ ref: string; entry: PublicEntry | null } | undefined>();

  // what the public list shows under this 文书号 (entries not published are still taken off by ref)
  const lookUp = async () => {
    const { category, ref } = form.getFieldsValue(['category', 'ref']);
    if (!category || !ref?.trim()) return;
    try {
      const r = await requestJson<{ items: PublicEntry[] }>((i, init) => fetch(i, init), `/api/v1/public/lists/${encodeURIComponent(category)}/entries?q=${encodeURIComponent(ref.trim())}`);
      setFound({ ref: ref.trim(), entry: r.items.find((e) => e.ref === ref.trim()) ?? null });
    } catch {
      setFound(undefined);
    }
  };

  const submit = async (v: Values) => {
    setSaving(true);
    setError(undefined);
    setDone(undefined);
    try {
      const r = await sanctionsApi.exitEntry(v.category, { ref: v.ref.trim(), reason: v.reason.trim(), ...(v.exitDate ? { exitDate: v.exitDate.format('YYYY-MM-DD') } : {}) });
      setDone(r);
      setFound(undefined);
      form.resetFields(['ref', 'reason', 'exitDate']);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <title>名单移出 - 政务门户</title>
      <Typography.Title level={4} className="xy-work-page-title">
        名单移出
      </Typography.Title>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          由认定部门（{user.department?.name ?? '本部门'}）将其列入红黑名单的主体移出名单，须说明理由。移出后相关奖惩措施即时停止，移出信息按规定向社会公告。名单条目的列入请通过“数据归集”报送。
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" data-testid="exit-form">
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="category" label="名单" rules={[{ required: true, message: '请选择名单' }]}>
                <Select
                  placeholder="选择名单"
                  loading={lists.loading}
                  options={(lists.data?.lists ?? []).map((l) => ({ value: l.code, label: `${l.name}（${l.kind === 'red' ? '红名单' : '黑名单'}）` }))}
                  onChange={() => setFound(undefined)}
                  data-testid="exit-list"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="ref" label="认定文书号（失信被执行人为案号）" rules={[{ required: true, whitespace: true, message: '请输入认定文书号' }, { max: 128 }]}>
                <Input placeholder="如：（2026）冀0102执123号" onBlur={lookUp} onChange={() => setFound(undefined)} data-testid="exit-ref" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="exitDate" label="移出日期" extra="默认今天">
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
            </Col>
          </Row>
          {found &&
            (found.entry ? (
              <Descriptions
                size="small"
                bordered
                column={{ xs: 1, md: 2 }}
                style={{ marginBottom: 16 }}
                title="名单条目"
                data-testid="exit-entry"
                items={[
                  { key: 'subject', label: '主体', children: found.entry.subject.name },
                  { key: 'code', label: '代码', children: found.entry.subject.code ?? found.entry.subject.maskedId ?? '—' },
                  { key: 'date', label: '认定日期', children: found.entry.decisionDate },
                  { key: 'until', label: '有效期至', children: found.entry.validUntil ?? '长期' },
                ]}
              />
            ) : (
              <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`公开名单中未找到 ${found.ref}：不公开的条目仍可按文书号移出，请仔细核对。`} />
            ))}
          <Form.Item name="reason" label="移出理由" rules={[{ required: true, whitespace: true, message: '请填写移出理由' }, { max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder="如：被执行人已全部履行生效法律文书确定的义务" data-testid="exit-reason" />
          </Form.Item>
          <Popconfirm title="确认移出名单？" description="移出后相关奖惩措施即时停止，并向社会公告。" okText="确认移出" cancelText="取消" onConfirm={() => form.submit()}>
            <Button type="primary" danger loading={saving} data-testid="exit-submit">
              移出名单
            </Button>
          </Popconfirm>
        </Form>
        {error && <Alert type="error" showIcon style={{ marginTop: 16 }} title={error.zh} description={`错误代码：${error.code}`} data-testid="exit-error" />}
        {done && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 16 }}
            data-testid="exit-done"
            title={`已移出：${done.ref}`}
            description={`移出日期 ${done.exitDate}（第 ${done.version} 版记录）；理由：${done.reason}`}
          />
        )}
      </Card>
    </>
  );
}
