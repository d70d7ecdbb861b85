import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Checkbox, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/api.ts';
import { useRequest } from '../../shared/useRequest.ts';
import { categoryName } from '../nav.ts';
import { sanctionsApi, type Measure, type MeasureKind, type MeasureList } from './api.ts';
import { MEASURE_KIND_LABEL, MEASURE_TYPE_LABEL, SEVERITY_LABEL, measureFromForm, measurePatchOf, measureToForm, type MeasureForm, type TriggerForm } from './sanctions.ts';

const NEW_MEASURE: MeasureForm = {
  id: '',
  kind: 'punishment',
  type: 'administrative',
  name: '',
  content: '',
  basis: '',
  implementers: [],
  scenarios: [],
  triggers: [{ type: 'list' }],
  active: true,
};

// Add or change a measure (operators). A change is saved as a new revision with its note; checks
// made before keep naming the revision they applied.
export function MeasureEditModal({ measure, vocabulary, onClose, onSaved }: { measure?: Measure; vocabulary: MeasureList; onClose: () => void; onSaved: () => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<MeasureForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const lists = useRequest('lists', (signal) => sanctionsApi.lists(signal));
  const kind = (Form.useWatch('kind', form) ?? measure?.kind ?? 'punishment') as MeasureKind;
  const initial = useMemo(() => (measure ? measureToForm(measure) : NEW_MEASURE), [measure]);

  // a reward follows red lists (or a clean record), a punishment black lists and records
  const listOptions = (lists.data?.lists ?? []).filter((l) => (l.kind === 'red') === (kind === 'reward')).map((l) => ({ value: l.code, label: l.name }));
  const recordCategories = useMemo(() => {
    const used = vocabulary.measures.flatMap((m) => m.triggers.flatMap((t) => ('category' in t ? [t.category] : [])));
    return [...new Set(['penalty', ...used])].map((c) => ({ value: c, label: categoryName(c) }));
  }, [vocabulary]);
  const triggerTypes = [
    { value: 'list', label: '列入名单' },
    ...(kind === 'punishment' ? [{ value: 'record', label: '失信记录' }] : [{ value: 'condition', label: '无不良记录' }]),
  ];

  const submit = async (values: MeasureForm) => {
    setSaving(true);
    setError(undefined);
    try {
      const v = { ...initial, ...values };
      const saved = measure ? await sanctionsApi.changeMeasure(measure.id, measurePatchOf(v)) : await sanctionsApi.createMeasure(measureFromForm(v));
      message.success(`已保存：${saved.name}（第 ${saved.revision} 版）`);
      onSaved();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={820}
      title={measure ? `修改措施：${measure.name}` : '新增措施'}
      okText={measure ? `保存为第 ${measure.revision + 1} 版` : '新增'}
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'measure-save' }}
    >
      {error && <Alert type="error" showIcon title={error.zh} style={{ marginBottom: 16 }} data-testid="measure-error" />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} requiredMark="optional" data-testid="measure-form">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="id"
              label="措施编号"
              rules={[
                { required: true, message: '请输入措施编号' },
                { pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, message: '小写字母、数字，以“-”连接，如 sd-procurement' },
                { max: 64 },
              ]}
            >
              <Input disabled={measure !== undefined} placeholder="如 sd-license-extra" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="kind" label="奖惩类别" rules={[{ required: true }]}>
              <Radio.Group
                disabled={measure !== undefined}
                optionType="button"
                options={(['punishment', 'reward'] as const).map((k) => ({ value: k, label: MEASURE_KIND_LABEL[k] }))}
                onChange={() => form.setFieldValue('triggers', [{ type: 'list' } satisfies TriggerForm])}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="type" label="措施类型" rules={[{ required: true }]}>
              <Select options={(Object.keys(MEASURE_TYPE_LABEL) as (keyof typeof MEASURE_TYPE_LABEL)[]).map((t) => ({ value: t, label: MEASURE_TYPE_LABEL[t] }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="name" label="措施名称" rules={[{ required: true, whitespace: true, message: '请输入措施名称' }, { max: 200 }]}>
          <Input data-testid="measure-form-name" />
        </Form.Item>
        <Form.Item name="content" label="措施内容" rules={[{ required: true, whitespace: true, message: '请输入措施内容' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="measure-form-content" />
        </Form.Item>
        <Form.Item name="basis" label="法律依据" rules={[{ required: true, whitespace: true, message: '请输入法律依据' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="measure-form-basis" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item name="memorandumName" label="合作备忘录">
              <Input placeholder="如：关于对失信被执行人实施联合惩戒的合作备忘录（选填）" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="memorandumDocNo"
              label="备忘录文号"
              dependencies={['memorandumName']}
              rules={[({ getFieldValue }) => ({ validator: (_, v) => (v && !String(getFieldValue('memorandumName') ?? '').trim() ? Promise.reject(new Error('请先填写备忘录名称')) : Promise.resolve()) })]}
            >
              <Input placeholder="如 发改财金〔2016〕141号" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="implementers" label="实施部门（部门类别）" rules={[{ required: true, message: '请选择实施部门' }]}>
          <Select mode="multiple" options={vocabulary.departmentKinds.map((k) => ({ value: k.code, label: k.name }))} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="scenarios" label="业务场景" rules={[{ required: true, message: '请选择业务场景' }]}>
          <Select mode="multiple" options={vocabulary.scenarios.map((s) => ({ value: s.code, label: s.name }))} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item label="触发条件（满足任一即适用）" required>
          <Form.List name="triggers" rules={[{ validator: (_, v: unknown[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error('至少需要一个触发条件'))) }]}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                    <Form.Item name={[field.name, 'type']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                      <Select style={{ width: 120 }} options={triggerTypes} />
                    </Form.Item>
                    <Form.Item noStyle dependencies={[['triggers', field.name, 'type']]}>
                      {({ getFieldValue }) => {
                        const type = getFieldValue(['triggers', field.name, 'type']) as TriggerForm['type'];
                        if (type === 'condition') return <span style={{ lineHeight: '32px' }}>连续3年无不良信用记录</span>;
                        if (type === 'list')
                          return (
                            <Space align="start">
                              <Form.Item name={[field.name, 'list']} rules={[{ required: true, message: '请选择名单' }]} style={{ marginBottom: 8 }}>
                                <Select style={{ width: 200 }} placeholder="名单" options={listOptions} loading={lists.loading} />
                              </Form.Item>
                              <Form.Item name={[field.name, 'viaRepresentative']} valuePropName="checked" style={{ marginBottom: 8 }}>
                                <Checkbox>经法定代表人关联</Checkbox>
                              </Form.Item>
                            </Space>
                          );
                        return (
                          <Space align="start" wrap>
                            <Form.Item name={[field.name, 'category']} rules={[{ required: true, message: '请选择信息类别' }]} style={{ marginBottom: 8 }}>
                              <Select style={{ width: 120 }} placeholder="信息类别" options={recordCategories} />
                            </Form.Item>
                            <Form.Item name={[field.name, 'severities']} rules={[{ required: true, message: '请选择严重程度' }]} style={{ marginBottom: 8 }}>
                              <Select mode="multiple" style={{ width: 170 }} placeholder="严重程度" options={(['serious', 'general', 'light'] as const).map((s) => ({ value: s, label: SEVERITY_LABEL[s] }))} />
                            </Form.Item>
                            <Form.Item name={[field.name, 'months']} rules={[{ required: true, message: '请输入月数' }]} style={{ marginBottom: 8 }}>
                              <InputNumber min={1} max={1200} precision={0} suffix="个月内" style={{ width: 130 }} />
                            </Form.Item>
                            <Form.Item name={[field.name, 'viaRepresentative']} valuePropName="checked" style={{ marginBottom: 8 }}>
                              <Checkbox>经法定代表人关联</Checkbox>
                            </Form.Item>
                          </Space>
                        );
                      }}
                    </Form.Item>
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="删除触发条件" />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'list' } satisfies TriggerForm)}>
                  添加触发条件
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Form.Item>
        {measure && (
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="active" label="启用" valuePropName="checked">
                <Switch checkedChildren="启用" unCheckedChildren="停用" />
              </Form.Item>
            </Col>
            <Col xs={24} md={18}>
              <Form.Item name="note" label="修改说明" rules={[{ required: true, whitespace: true, message: '请说明修改原因（记入审计日志）' }, { max: 500 }]}>
                <Input placeholder="如：依据新修订的合作备忘录调整实施部门" data-testid="measure-form-note" />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Form>
    </Modal>
  );
}
