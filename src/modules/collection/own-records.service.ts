// A department's own submitted records and list entries (本部门报送记录), for its staff: filtered
// (category, decision date range, late, status), paged, and exported as XLSX — streamed, so a
// department with a million records exports in constant memory. The export is audited.
import { PassThrough, type Readable } from 'node:stream';
import type ExcelJSModule from 'exceljs';
import { lazyRequire } from '../../kernel/lazy.ts';
import { removalView, type RemovalView } from '../catalog/list-lifecycle.rules.ts';
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest } from '../../kernel/errors.ts';
import { compareDates, isValidDate } from '../../kernel/dates.ts';
import type { Department } from '../access/departments.store.ts';
import { presentFields } from '../catalog/catalog.present.ts';
import { iterateOwnRecords, listOwnRecords, type OwnRecordFilter, type OwnRecordRow } from './own-records.store.ts';
const exceljs = lazyRequire<typeof ExcelJSModule>('exceljs');

export const RECORD_STATUSES = ['active', 'exited', 'revoked', 'repaired'] as const;
export type OwnRecordQuery = { category?: string; from?: string; to?: string; late?: boolean; status?: string };

// The query checked and turned into the store's filter; each problem names the field in both languages.
export function ownRecordFilter(p: Platform, department: Department, q: OwnRecordQuery): OwnRecordFilter {
  if (q.category !== undefined && !p.catalog.find(q.category))
    throw badRequest('CATEGORY_UNKNOWN', `未知的信息类别 ${q.category}（category）`, `Unknown category ${q.category} (category)`, { field: 'category' });
  for (const field of ['from', 'to'] as const) {
    const v = q[field];
    if (v !== undefined && !isValidDate(v)) throw badRequest('DATE_INVALID', `${field === 'from' ? '起始' : '截止'}日期无效：${v}（应为 YYYY-MM-DD）`, `Invalid date in ${field}: ${v} (YYYY-MM-DD)`, { field });
  }
  if (q.from && q.to && compareDates(q.from, q.to) > 0) throw badRequest('DATE_RANGE_INVALID', '起始日期晚于截止日期（from > to）', 'The range starts after it ends (from > to)', { field: 'from' });
  if (q.status !== undefined && !(RECORD_STATUSES as readonly string[]).includes(q.status))
    throw badRequest('STATUS_UNKNOWN', `未知的状态 ${q.status}（status），可用：${RECORD_STATUSES.join('、')}`, `Unknown status ${q.status}; use ${RECORD_STATUSES.join(', ')}`, { field: 'status' });
  return { departmentId: department.id, today: p.today(), ...q };
}

export type OwnRecord = {
  id: string;
  category: string;
  categoryName: string;
  ref: string;
  version: number;
  decisionDate: string;
  severity: string | null;
  status: string;
  statusOn: string | null;
  late: boolean;
  receivedAt: string;
  batchId: string | null;
  publicFrom: string | null;
  publicUntil: string | null;
  publicToday: boolean;
  subject: { kind: string; name: string; code: string | null; maskedId: string | null };
  removal: RemovalView | null; // a list entry marked 履行完毕: its removal clock (rules/list-lifecycle.json)
};

const present = (p: Platform, r: OwnRecordRow): OwnRecord => ({
  id: String(r.id),
  category: r.category,
  categoryName: p.catalog.find(r.category)?.name ?? r.category,
  ref: r.sourceRef,
  version: r.version,
  decisionDate: r.decisionDate,
  severity: r.severity,
  status: r.status,
  statusOn: r.statusOn,
  late: r.late,
  receivedAt: new Date(r.receivedAt).toISOString(),
  batchId: r.batchId,
  publicFrom: r.pubFrom,
  publicUntil: r.pubUntil,
  publicToday: r.publicToday,
  subject: { kind: r.subjectKind, name: r.subjectName, code: r.subjectCode, maskedId: r.subjectMaskedId },
  removal: removalOfRow(p, r),
});

function removalOfRow(p: Platform, r: OwnRecordRow): RemovalView | null {
  const def = p.catalog.find(r.category);
  return def ? removalView(p.rules.listLifecycle, def, r.fields, r.status, p.today(), p.calendar) : null;
}

export async function ownRecords(p: Platform, department: Department, q: OwnRecordQuery, page: number, pageSize: number): Promise<{ items: OwnRecord[]; total: number; page: number; pageSize: number }> {
  const r = await listOwnRecords(p.db, ownRecordFilter(p, department, q), pageSize, (page - 1) * pageSize);
  return { items: r.items.map((x) => present(p, x)), total: r.total, page, pageSize };
}

const STATUS_LABEL: Record<string, string> = { active: '有效', exited: '已移出', revoked: '已撤销', repaired: '已修复' };
const SEVERITY_LABEL: Record<string, string> = { light: '轻微', general: '一般', serious: '严重' };
export const EXPORT_HEADER = ['信息类别', '文书号', '版本', '主体名称', '主体代码', '证件号码（脱敏）', '决定日期', '严重程度', '状态', '状态日期', '接收时间', '迟报', '公示中', '公示起', '公示止', '批次', '内容'];
// a sheet holds 1,048,576 rows; a larger set continues on the next sheet
const ROWS_PER_SHEET = 1_000_000;

// The filtered set as XLSX, newest decision first, streamed page by page (keyset) into exceljs's
// streaming writer. Audited (records.export, with the filter) before the first byte leaves.
export async function exportOwnRecords(p: Platform, actor: Actor, department: Department, q: OwnRecordQuery): Promise<Readable> {
  const filter = ownRecordFilter(p, department, q);
  await p.db.tx((tx) => writeAudit(tx, actor, 'records.export', `department:${department.uscc}`, { format: 'xlsx', filter: q }));
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: p.config.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const out = new PassThrough();
  (async () => {
    const wb = new (exceljs()).stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    let ws: ExcelJSModule.Worksheet | undefined;
    let sheet = 0;
    let rows = ROWS_PER_SHEET;
    for await (const r of iterateOwnRecords(p.db, filter)) {
      if (rows >= ROWS_PER_SHEET) {
        ws?.commit();
        ws = wb.addWorksheet(sheet === 0 ? '报送记录' : `报送记录${sheet + 1}`);
        ws.columns = [14, 28, 6, 30, 22, 22, 12, 8, 8, 12, 20, 6, 6, 12, 12, 38, 80].map((width) => ({ width }));
        ws.addRow(EXPORT_HEADER).commit();
        sheet++;
        rows = 0;
      }
      const def = p.catalog.find(r.category);
      ws!.addRow([
        def?.name ?? r.category,
        r.sourceRef,
        r.version,
        r.subjectName,
        r.subjectCode ?? '',
        r.subjectMaskedId ?? '',
        r.decisionDate,
        r.severity ? (SEVERITY_LABEL[r.severity] ?? r.severity) : '',
        STATUS_LABEL[r.status] ?? r.status,
        r.statusOn ?? '',
        local.format(new Date(r.receivedAt)),
        r.late ? '是' : '否',
        r.publicToday ? '是' : '否',
        r.pubFrom ?? '',
        r.pubUntil ?? '',
        r.batchId ?? '',
        presentFields(def, r.fields).map((f) => `${f.name}：${f.value}`).join('；'),
      ]).commit();
      rows++;
    }
    if (!ws) {
      ws = wb.addWorksheet('报送记录');
      ws.addRow(EXPORT_HEADER).commit();
    }
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err));
  return out;
}
