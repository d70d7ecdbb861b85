import { Card, Descriptions, Space, Tag, Tooltip, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { PublicRecord } from '../../shared/api.ts';
import { SEVERITY_COLOR, SEVERITY_LABEL, publicationPeriod } from '../../shared/labels.ts';

// One published record: the catalog's fields in the order the server gives, then the 公示期.
export function RecordCard({ record }: { record: PublicRecord }) {
  const items: DescriptionsProps['items'] = [
    ...record.fields.map((field) => ({
      key: field.code,
      label: field.name,
      children: field.value === null || field.value === '' ? '—' : field.value,
    })),
    { key: 'department', label: '信息提供部门', children: record.department.name },
    { key: 'period', label: '公示期', children: publicationPeriod(record.publicFrom, record.publicUntil) },
  ];
  return (
    <Card
      data-testid="record-card"
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Space size={8} wrap>
          <Typography.Text strong>{record.ref}</Typography.Text>
          {record.severity && (
            <Tag color={SEVERITY_COLOR[record.severity]} data-testid="severity-tag">
              {SEVERITY_LABEL[record.severity]}
            </Tag>
          )}
          {record.disputed && (
            <Tooltip title="信用主体对该信息提出了异议，信息提供部门正在核实；核实期间暂不据此实施联合惩戒措施。">
              <Tag color="orange" data-testid="disputed-tag">
                异议处理中
              </Tag>
            </Tooltip>
          )}
        </Space>
      }
      extra={<Typography.Text type="secondary">决定日期 {record.decisionDate}</Typography.Text>}
    >
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        classNames={{ label: 'xy-record-label' }}
        items={items}
      />
    </Card>
  );
}
