import { Modal, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRequest } from '../../shared/useRequest.ts';
import { formatDateTime } from '../nav.ts';
import { sanctionsApi, type Measure, type MeasureList } from './api.ts';
import { changedFields, termName } from './sanctions.ts';

// Every revision of a measure, newest first, with what each one changed.
export function MeasureRevisionsModal({ measure, vocabulary, onClose }: { measure: Measure; vocabulary: MeasureList | undefined; onClose: () => void }) {
  const revs = useRequest(`revisions:${measure.id}:${measure.revision}`, (signal) => sanctionsApi.revisions(measure.id, signal));
  const rows = revs.data?.revisions ?? [];
  const columns: TableProps<Measure>['columns'] = [
    { title: '版本', dataIndex: 'revision', width: 70, render: (r: number) => `第 ${r} 版` },
    { title: '时间', dataIndex: 'createdAt', width: 160, render: (t: string) => formatDateTime(t) },
    { title: '来源', dataIndex: 'source', width: 110, render: (s: Measure['source'], m) => (s === 'file' ? `内置（文件 v${m.fileVersion ?? '?'}）` : (m.createdBy ?? '运营人员')) },
    {
      title: '变更内容',
      key: 'changed',
      render: (_: unknown, m, i) => (
        <span data-testid="revision-changed">
          {changedFields(m, rows[i + 1]).map((f) => (
            <Tag key={f}>{f}</Tag>
          ))}
        </span>
      ),
    },
    { title: '措施名称', dataIndex: 'name', ellipsis: true },
    { title: '实施部门', dataIndex: 'implementers', render: (ks: string[]) => ks.map((k) => termName(vocabulary?.departmentKinds, k)).join('、') },
    { title: '状态', dataIndex: 'active', width: 70, render: (a: boolean) => (a ? '启用' : '停用') },
  ];
  return (
    <Modal open width={980} title={`修订记录：${measure.name}`} footer={null} onCancel={onClose} destroyOnHidden>
      {revs.error ? (
        <ErrorAlert error={revs.error} onRetry={revs.reload} />
      ) : (
        <Table<Measure> rowKey="revision" size="small" columns={columns} dataSource={rows} loading={revs.loading} pagination={false} scroll={{ x: 900 }} data-testid="revisions-table" />
      )}
    </Modal>
  );
}
