import { Tag, Tooltip } from 'antd';
import type { ItemStatus } from './rightsApi.ts';
import { ITEM_STATUS_COLOR, ITEM_STATUS_LABEL, RECORD_STATUS_LABEL } from './rights.ts';

export const PROVISIONAL_HINT = '该期限涉及的年度节假日安排尚未公布，暂按法定节假日推算；国务院办公厅公布放假安排后将重新计算。';

// A deadline with its marks: 临时 while it rests on an unannounced holiday calendar, 已逾期 once past.
export function DueDate({ date, provisional, overdue, testId }: { date: string; provisional: boolean; overdue?: boolean; testId?: string }) {
  return (
    <span data-testid={testId}>
      <span data-testid={testId ? `${testId}-date` : undefined}>{date}</span>
      {provisional && (
        <Tooltip title={PROVISIONAL_HINT}>
          <Tag color="gold" style={{ marginLeft: 6 }} data-testid="due-provisional">
            临时
          </Tag>
        </Tooltip>
      )}
      {overdue && (
        <Tag color="error" style={{ marginLeft: 6 }} data-testid="due-overdue">
          已逾期
        </Tag>
      )}
    </span>
  );
}

export function ItemStatusTag({ status }: { status: ItemStatus }) {
  return (
    <Tag color={ITEM_STATUS_COLOR[status]} data-testid="item-status">
      {ITEM_STATUS_LABEL[status]}
    </Tag>
  );
}

export function RecordStatusTag({ status, statusOn }: { status: string; statusOn?: string | null }) {
  const color = status === 'active' ? 'default' : status === 'revoked' || status === 'repaired' ? 'green' : 'blue';
  return (
    <Tag color={color} data-testid="record-status">
      {RECORD_STATUS_LABEL[status] ?? status}
      {status !== 'active' && statusOn ? ` ${statusOn}` : ''}
    </Tag>
  );
}

export function DisputedTag() {
  return (
    <Tag color="orange" data-testid="disputed-tag">
      异议处理中
    </Tag>
  );
}
