import { existsSync, statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from './commands.ts';
import { args, helpText, missingOptions, printJson, resolvePath, withPlatform, type CliIo } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { importFile, type ImportSummary } from '../modules/collection/collection.service.ts';

const HELP = `
xinyong import FILE --category penalty|license --department USCC [--bulk] [--json]
  Imports a CSV (UTF-8 with/without BOM, GB18030/GBK) or XLSX file. The header may use field
  codes (CF_WSH …) or Chinese field names. Valid rows land even when others are rejected.
  An interrupted import of the same file resumes after its last committed row.
  --json prints {"rows","created","updated","unchanged","rejected","errors":[{"row","field","code","message"}]}
  (row as a spreadsheet shows it: the header is row 1). Exit codes: 0 when every row landed,
  2 when the file was read but some rows were rejected, 1 when the file itself could not be imported.
  --bulk (operator, for the first migration of historical data; docs/operations.md#bulk-import):
  the same validation, errors and idempotence, but the whole file in one transaction with index
  and search-gram maintenance deferred to its end. Nothing of it is visible until it has finished;
  an interrupted bulk import leaves nothing and starts again from the first row. Refused while
  another import of the category runs; imports of the category started meanwhile wait for it.
  A file larger than the records on file rebuilds the record and subject indexes at the end:
  the portal and other imports wait for it (a maintenance window).`;

export const importCommand: Command = {
  summary: '导入数据文件 Import a CSV/XLSX file of records',
  async run(argv, io) {
    const { values, positionals } = args(argv, { category: { type: 'string' }, department: { type: 'string' }, bulk: { type: 'boolean' } }, true);
    if (values.help || positionals.length === 0) return helpText(io, HELP);
    if (positionals.length > 1) return helpText(io, HELP, { zh: `只能导入一个文件，收到 ${positionals.length} 个`, en: `one file at a time; got ${positionals.length}` });
    const missing = missingOptions(values, ['category', 'department']);
    if (missing) return helpText(io, HELP, missing);
    const file = resolvePath(io, positionals[0]!);
    if (!existsSync(file) || !statSync(file).isFile()) {
      const err = { code: 'FILE_NOT_FOUND', zh: `文件不存在：${file}`, en: `File not found: ${file}` };
      if (values.json) printJson(io, { error: err });
      else io.error(`错误：${err.zh}\nError: ${err.en}`);
      return 1;
    }
    return withPlatform(io, 'import', async (p) => {
      const department = await getDepartmentByUscc(p.db, values.department!);
      const total = statSync(file).size;
      const bar = !values.json && io.stderr.isTTY
        ? new cliProgress.SingleBar({ format: '导入 {bar} {percentage}% | {rows} 行 rows | 新增 {created} 更新 {updated} 未变 {unchanged} 拒绝 {rejected} | {eta_formatted}', stream: io.stderr as NodeJS.WriteStream, hideCursor: true }, cliProgress.Presets.shades_classic)
        : undefined;
      bar?.start(total, 0, { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });
      let lastLog = Date.now();
      const summary = await importFile(p, {
        file,
        category: values.category!,
        department,
        actor: io.actor,
        bulk: values.bulk === true,
        onProgress: (pr) => {
          bar?.update(Math.min(pr.bytesRead, total), { ...pr.counts });
          if (!bar && !values.json && Date.now() - lastLog > 5000) {
            lastLog = Date.now();
            io.error(`… ${pr.rows} rows (${Math.round((100 * pr.bytesRead) / Math.max(total, 1))}%)`);
          }
        },
      });
      bar?.update(total);
      bar?.stop();
      if (values.json) printJson(io, jsonSummary(summary));
      else printSummary(io, summary, positionals[0]!);
      // scripts can tell: 0 every row landed, 2 some rows rejected, 1 the file could not be imported
      return summary.status === 'failed' ? 1 : summary.rejected > 0 ? 2 : 0;
    });
  },
};

export function jsonSummary(s: ImportSummary) {
  return {
    batchId: s.batchId,
    status: s.status,
    resumed: s.resumed,
    rows: s.rows,
    created: s.created,
    updated: s.updated,
    unchanged: s.unchanged,
    rejected: s.rejected,
    errors: s.errors.map((e) => ({ row: e.row, field: e.field, code: e.code, message: e.message, zh: e.zh, en: e.en, ...(e.value !== null ? { value: e.value } : {}) })),
    ...(s.failure ? { failure: s.failure } : {}),
  };
}

function printSummary(io: CliIo, s: ImportSummary, file: string): void {
  if (s.failure) io.log(`导入失败 Import failed: ${s.failure.zh}\n  ${s.failure.en}`);
  io.log(
    `${file}: ${s.rows} 行 rows — 新增 created ${s.created}, 更新 updated ${s.updated}, 未变 unchanged ${s.unchanged}, 拒绝 rejected ${s.rejected}` +
      (s.resumed ? '（续传 resumed an interrupted import）' : ''),
  );
  const shown = s.errors.slice(0, 20);
  for (const e of shown) io.log(`  第 ${e.row} 行 row ${e.row}  ${e.field ?? ''}  ${e.zh} / ${e.en}`);
  if (s.rejected > shown.length || s.errors.length > shown.length) io.log(`  … 完整错误报告 full error report: GET /api/v1/batches/${s.batchId}/errors?format=xlsx`);
  io.log(`批次 Batch: ${s.batchId}`);
}
