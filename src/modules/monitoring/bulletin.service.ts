// 通报: the evaluation of a period as an official bulletin — an XLSX workbook (one sheet per table)
// and a Chinese PDF (the platform's CJK face, src/kernel/pdf-fonts.ts) — with the period, the
// rankings of regions and departments, the tail flags (约谈) and the date of issue. Also the trend
// of the regions over the last stored periods, for the dashboard.
import type ExcelJSModule from 'exceljs';
import { lazyRequire } from '../../kernel/lazy.ts';
import type PDFDocumentClass from 'pdfkit';
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest } from '../../kernel/errors.ts';
import { reportFonts } from '../../kernel/pdf-fonts.ts';
import { getEvaluation, scopeResult, type DepartmentRow, type EvaluationResult, type RegionRow } from './evaluation.service.ts';
import * as store from './evaluation.store.ts';
import { periodLabel } from './monitoring.rules.ts';
const exceljs = lazyRequire<typeof ExcelJSModule>('exceljs');
const pdfkit = lazyRequire<typeof PDFDocumentClass>('pdfkit');

export type BulletinFormat = 'xlsx' | 'pdf';
export type Bulletin = { result: EvaluationResult; runNo: number | null; computedAt: Date | null; issuedOn: string; scope: string };

const pct = (v: number | null) => (v === null ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
const tailText = (r: { tail: boolean; tailFlag: boolean }) => (r.tailFlag ? '约谈' : r.tail ? '末位' : '');

type Column<R> = { header: string; width: number; value: (r: R) => string | number | null; pdf?: number };

const REGION_COLUMNS: Column<RegionRow>[] = [
  { header: '排名', width: 6, value: (r) => r.rank, pdf: 30 },
  { header: '地区', width: 14, value: (r) => r.name, pdf: 70 },
  { header: '得分', width: 8, value: (r) => r.score, pdf: 40 },
  { header: '应报', width: 8, value: (r) => r.due, pdf: 38 },
  { header: '已报', width: 8, value: (r) => r.covered, pdf: 38 },
  { header: '覆盖率', width: 10, value: (r) => pct(r.coverage), pdf: 50 },
  { header: '记录数', width: 10, value: (r) => r.records, pdf: 45 },
  { header: '及时率', width: 10, value: (r) => pct(r.timeliness), pdf: 50 },
  { header: '退回率', width: 10, value: (r) => pct(r.rejectRate), pdf: 50 },
  { header: '末位/约谈', width: 10, value: (r) => tailText(r), pdf: 50 },
];

const DEPARTMENT_COLUMNS: Column<DepartmentRow>[] = [
  { header: '排名', width: 6, value: (r) => r.rank, pdf: 30 },
  { header: '部门', width: 30, value: (r) => r.name, pdf: 150 },
  { header: '统一社会信用代码', width: 22, value: (r) => r.uscc },
  { header: '得分', width: 8, value: (r) => r.score, pdf: 36 },
  { header: '覆盖率', width: 10, value: (r) => pct(r.coverage), pdf: 46 },
  { header: '及时率', width: 10, value: (r) => pct(r.timeliness), pdf: 46 },
  { header: '退回率', width: 10, value: (r) => pct(r.rejectRate), pdf: 46 },
  { header: '反馈率', width: 10, value: (r) => pct(r.feedbackRate), pdf: 46 },
  { header: '异议修复按期率', width: 14, value: (r) => pct(r.rightsRate) },
  { header: '末位/约谈', width: 10, value: (r) => tailText(r), pdf: 50 },
];

const byRank = <R extends { rank: number | null; name: string }>(rows: R[]) =>
  [...rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name, 'zh-CN'));

function factsOf(b: Bulletin): [string, string][] {
  const r = b.result;
  const w = r.weights;
  return [
    ['考核期间', `${periodLabel(r.period)}（${r.from} 至 ${r.to}）`],
    ['数据截至', r.asOf],
    ['考核结果', b.runNo === null ? `临时结果（${b.computedAt ? b.computedAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '即时'} 计算，尚未保存）` : `第 ${b.runNo} 次`],
    ['范围', b.scope],
    ['权重', w ? `覆盖率 ${w.coverage}，及时率 ${w.timeliness}，质量 ${w.quality}，反馈 ${w.feedback}，异议修复 ${w.rights}` : '—'],
    ['约谈', `${r.regions.filter((g) => g.tailFlag).length} 个地区、${r.departments.filter((d) => d.tailFlag).length} 个部门连续处于末位`],
    ['印发日期', b.issuedOn],
  ];
}

export async function bulletinXlsx(b: Bulletin): Promise<Buffer> {
  const wb = new (exceljs()).Workbook();
  wb.creator = 'Xinyong 信用';
  wb.created = new Date(`${b.issuedOn}T00:00:00+08:00`);
  const head = wb.addWorksheet('通报');
  head.columns = [{ width: 14 }, { width: 70 }];
  head.addRow([`信用信息归集考核通报 ${periodLabel(b.result.period)}`]).font = { bold: true, size: 14 };
  for (const f of factsOf(b)) head.addRow(f);

  const sheet = <R>(name: string, cols: Column<R>[], rows: R[]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = cols.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const r of rows) ws.addRow(cols.map((c) => c.value(r) ?? '—'));
  };
  sheet('地区排名', REGION_COLUMNS, byRank(b.result.regions));
  sheet('部门排名', DEPARTMENT_COLUMNS, byRank(b.result.departments));
  type Flagged = { kind: string; name: string; rank: number | null; score: number | null; tail: boolean; tailFlag: boolean };
  const flagged: Flagged[] = [
    ...byRank(b.result.regions).filter((g) => g.tailFlag).map((g) => ({ kind: '地区', name: g.name, rank: g.rank, score: g.score, tail: g.tail, tailFlag: g.tailFlag })),
    ...byRank(b.result.departments).filter((d) => d.tailFlag).map((d) => ({ kind: '部门', name: d.name, rank: d.rank, score: d.score, tail: d.tail, tailFlag: d.tailFlag })),
  ];
  sheet<Flagged>('约谈名单', [
    { header: '类别', width: 8, value: (r) => r.kind },
    { header: '名称', width: 30, value: (r) => r.name },
    { header: '排名', width: 8, value: (r) => r.rank },
    { header: '得分', width: 8, value: (r) => r.score },
  ], flagged);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const A4 = { width: 595.28, height: 841.89 };
const M = 48;
const W = A4.width - 2 * M;

export async function bulletinPdf(b: Bulletin): Promise<Buffer> {
  const f = reportFonts();
  const r = b.result;
  const doc = new (pdfkit())({ size: 'A4', margins: { top: M, bottom: M, left: M, right: M }, compress: true, info: { Title: `信用信息归集考核通报 ${r.period}`, Creator: 'Xinyong 信用' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('R', f.regular as unknown as Buffer);
  doc.font('R').fontSize(20).fillColor('#c41d1d').text('信用信息归集考核通报', M, M, { width: W, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.3).fontSize(12).fillColor('#1f1f1f').text(periodLabel(r.period), { width: W, align: 'center' });
  doc.moveDown(0.8);
  for (const [k, v] of factsOf(b)) doc.fontSize(10).fillColor('#595959').text(`${k}：`, M, doc.y, { continued: true }).fillColor('#1f1f1f').text(v, { width: W });

  const table = <R>(title: string, cols: Column<R>[], rows: R[]) => {
    const shown = cols.filter((c) => c.pdf);
    const total = shown.reduce((s, c) => s + c.pdf!, 0);
    const widths = shown.map((c) => (c.pdf! / total) * W);
    doc.moveDown(1).fontSize(13).fillColor('#1f1f1f').text(title, M, doc.y, { width: W });
    doc.moveDown(0.3);
    const header = shown.map((c) => c.header);
    const line = (cells: string[], bold: boolean) => {
      if (doc.y > A4.height - M - 30) {
        doc.addPage();
        if (!bold) line(header, true); // the header again on each page of a long table
      }
      const y = doc.y;
      let x = M;
      let h = 0;
      cells.forEach((text, i) => {
        doc.fontSize(8.5).fillColor(bold ? '#595959' : text === '约谈' ? '#c41d1d' : '#1f1f1f');
        h = Math.max(h, doc.heightOfString(text, { width: widths[i]! - 4 }));
        doc.text(text, x + 2, y, { width: widths[i]! - 4, lineBreak: true });
        x += widths[i]!;
      });
      doc.y = y + h + 4;
      doc.moveTo(M, doc.y - 2).lineTo(M + W, doc.y - 2).lineWidth(0.4).strokeColor('#bfbfbf').stroke();
    };
    line(header, true);
    if (rows.length === 0) doc.fontSize(9).fillColor('#595959').text('无', M, doc.y, { width: W });
    for (const row of rows) line(shown.map((c) => String(c.value(row) ?? '—')), false);
  };
  table('一、地区排名', REGION_COLUMNS, byRank(r.regions));
  table('二、部门排名', DEPARTMENT_COLUMNS, byRank(r.departments));
  const flagged = [...byRank(r.regions).filter((g) => g.tailFlag).map((g) => g.name), ...byRank(r.departments).filter((d) => d.tailFlag).map((d) => d.name)];
  doc.moveDown(1).fontSize(13).fillColor('#1f1f1f').text('三、约谈', M, doc.y, { width: W });
  doc.moveDown(0.3).fontSize(10).text(flagged.length ? `以下地区和部门连续处于考核末位，予以约谈：${flagged.join('、')}。` : '本期无连续处于末位的地区和部门。', { width: W });
  doc.moveDown(2).fontSize(10).text(`印发日期：${b.issuedOn}`, { width: W, align: 'right' });
  doc.end();
  return done;
}

// The bulletin of a period as the principal may see it (city staff: their region's rows, ranks
// province-wide); audited as evaluation.bulletin.
export async function issueBulletin(
  p: Platform,
  actor: Actor,
  rawPeriod: string,
  format: string,
  mayReadRegion: (code: string) => boolean,
  scope: string,
  runNo?: number,
): Promise<{ body: Buffer; fileName: string; contentType: string; bulletin: Bulletin }> {
  if (format !== 'xlsx' && format !== 'pdf') throw badRequest('FORMAT_INVALID', `格式 ${format} 无效，应为 xlsx 或 pdf`, `Format ${format} is invalid; use xlsx or pdf`);
  const e = await getEvaluation(p, rawPeriod, runNo);
  const bulletin: Bulletin = { result: scopeResult(e.result, mayReadRegion), runNo: e.runNo, computedAt: e.computedAt, issuedOn: p.today(), scope };
  const body = format === 'xlsx' ? await bulletinXlsx(bulletin) : await bulletinPdf(bulletin);
  await writeAudit(p.db, actor, 'evaluation.bulletin', `evaluation:${e.result.period}`, { format, runNo: e.runNo, issuedOn: bulletin.issuedOn, scope });
  return {
    body,
    fileName: `bulletin-${e.result.period}.${format}`,
    contentType: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf',
    bulletin,
  };
}

export type TrendPoint = { period: string; runNo: number; coverage: number | null; timeliness: number | null; regions: Pick<RegionRow, 'code' | 'name' | 'coverage' | 'timeliness' | 'score' | 'rank' | 'tailFlag'>[] };

// The stored runs of the last `count` periods of a kind, oldest first: the regions the principal
// may read, and their aggregate coverage and timeliness.
export async function evaluationTrend(p: Platform, kind: string, count: number, mayReadRegion: (code: string) => boolean): Promise<TrendPoint[]> {
  if (kind !== 'month' && kind !== 'quarter' && kind !== 'year') throw badRequest('PERIOD_KIND_INVALID', `期间类型 ${kind} 无效，应为 month、quarter 或 year`, `Period kind ${kind} is invalid; use month, quarter or year`);
  const rows = await store.latestRegionRuns<RegionRow>(p.db, kind, count);
  return rows.map((row) => {
    const regions = row.regions.filter((g) => mayReadRegion(g.code));
    const sum = (k: 'due' | 'covered' | 'records' | 'onTime') => regions.reduce((s, g) => s + g[k], 0);
    return {
      period: row.period,
      runNo: row.runNo,
      coverage: sum('due') ? sum('covered') / sum('due') : null,
      timeliness: sum('records') ? sum('onTime') / sum('records') : null,
      regions: regions.map((g) => ({ code: g.code, name: g.name, coverage: g.coverage, timeliness: g.timeliness, score: g.score, rank: g.rank, tailFlag: g.tailFlag })),
    };
  });
}
