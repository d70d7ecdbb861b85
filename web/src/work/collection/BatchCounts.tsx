import { Col, Row, Statistic } from 'antd';
import type { BatchCounts as Counts } from '../api.ts';

const ITEMS: { key: keyof Counts; label: string; color?: string }[] = [
  { key: 'rows', label: '已处理行数' },
  { key: 'created', label: '新增', color: '#389e0d' },
  { key: 'updated', label: '更新', color: '#1557a8' },
  { key: 'unchanged', label: '未变化', color: '#595959' },
  { key: 'rejected', label: '被拒绝', color: '#cf1322' },
];

export function BatchCounts({ counts }: { counts: Counts }) {
  return (
    <Row gutter={16} data-testid="batch-counts">
      {ITEMS.map((i) => (
        <Col key={i.key} xs={12} sm={8} md={4} style={{ minWidth: 110 }}>
          <Statistic
            title={i.label}
            value={counts[i.key]}
            formatter={(v) => <span data-testid={`count-${i.key}`}>{Number(v).toLocaleString('zh-CN')}</span>}
            styles={{ content: { color: i.key === 'rejected' && counts.rejected === 0 ? '#595959' : i.color } }}
          />
        </Col>
      ))}
    </Row>
  );
}
