// A batch's error report as CSV (UTF-8 with BOM, so Excel opens it right) or XLSX, streamed.
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type ExcelJSModule from 'exceljs';
import { lazyRequire } from '../../kernel/lazy.ts';
import type { Db } from '../../kernel/db.ts';
import { iterateBatchErrors } from './collection.store.ts';
const exceljs = lazyRequire<typeof ExcelJSModule>('exceljs');

export type ReportFormat = 'csv' | 'xlsx';

const HEADER = ['行号 row', '字段 field', '错误代码 code', '原因 reason', 'Reason', '提交的值 value'];

export function writeErrorReport(db: Db, batchId: string, format: ReportFormat): Readable {
  const rows = async function* () {
    for await (const e of iterateBatchErrors(db, batchId)) yield [e.row, e.field ?? '', e.code, e.zh, e.en, e.value ?? ''];
  };
  if (format === 'csv') {
    const out = stringify({ bom: true });
    (async () => {
      out.write(HEADER);
      for await (const r of rows()) if (!out.write(r)) await new Promise((res) => out.once('drain', res));
      out.end();
    })().catch((err) => out.destroy(err));
    return out;
  }
  const out = new PassThrough();
  (async () => {
    const wb = new (exceljs()).stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    const ws = wb.addWorksheet('错误报告');
    ws.columns = [{ width: 8 }, { width: 16 }, { width: 24 }, { width: 50 }, { width: 50 }, { width: 30 }];
    ws.addRow(HEADER).commit();
    for await (const r of rows()) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err));
  return out;
}
