// The as-of time of a public page's data (数据截至 …), when the answer carried one: public reads may
// come from a read replica that is up to the configured bound behind the primary (decision 0027).
import { Typography } from 'antd';
import type { Freshness } from './api.ts';
import { formatDataAsOf } from './labels.ts';

export function DataAsOf({ freshness }: { freshness: Freshness | null | undefined }) {
  const text = freshness ? formatDataAsOf(freshness.asOf) : null;
  if (!text) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="data-as-of" data-as-of={freshness!.asOf} data-source={freshness!.source}>
      {text}（北京时间）
    </Typography.Text>
  );
}
