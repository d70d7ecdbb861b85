// The credit report as a Chinese PDF (pdfkit, A4), with an embedded subset of a CJK font (the
// platform's one face, src/kernel/pdf-fonts.ts). One face only: emphasis is stroked.
import type PDFDocumentClass from 'pdfkit';
import { lazyRequire } from '../../kernel/lazy.ts';
import { formatInstant, reportFonts } from '../../kernel/pdf-fonts.ts';
import { scopeStatement, type ReportContent, type ReportRecord } from './reports.rules.ts';

// loaded at the first report (docs/decisions/0045)
const pdfkit = lazyRequire<typeof PDFDocumentClass>('pdfkit');

export { bundledFace, chooseReportFace, formatInstant, reportFonts } from '../../kernel/pdf-fonts.ts';

const A4 = { width: 595.28, height: 841.89 };
const M = 56; // 2 cm margins
const W = A4.width - 2 * M;
const INK = '#1f1f1f';
const GREY = '#595959';
const LIGHT = '#8c8c8c';
const RED = '#c41d1d';
const RULE = '#bfbfbf';

const SEVERITY: Record<string, string> = { light: '轻微', general: '一般', serious: '严重' };
const STATUS: Record<string, string> = { active: '有效', exited: '已移出', revoked: '已撤销', repaired: '已修复' };
const KIND: Record<string, string> = { organization: '法人和非法人组织', individual_business: '个体工商户', person: '自然人' };
const ROLE: Record<string, string> = { legal_representative: '法定代表人', responsible_person: '负责人' };

export type PdfOptions = { code: string; verifyUrl: string; timeZone: string; contentHash: string; hashAlg: string; keyId: string };

export async function renderReportPdf(c: ReportContent, o: PdfOptions): Promise<Buffer> {
  const f = reportFonts();
  const doc = new (pdfkit())({
    size: 'A4',
    margins: { top: M, bottom: M + 14, left: M, right: M },
    bufferPages: true,
    compress: true,
    info: { Title: `公共信用信息报告 ${c.number}`, Author: c.issuer.name, Subject: c.data.subject.name, Creator: 'Xinyong 信用', CreationDate: new Date(c.issuedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit types take font files; it also accepts a fontkit font object (PDFFontFactory.open)
  doc.registerFont('R', f.regular as unknown as Buffer);

  const s = c.data.subject;
  // --- title
  doc.font('R').fontSize(22).text('公共信用信息报告', M, M, { width: W, align: 'center', characterSpacing: 2, ...strong(doc, INK, 0.6) });
  doc.moveDown(0.2).font('R').fontSize(12).fillColor(GREY).text(c.edition === 'public' ? '（公开版）' : c.scope ? `（完整版 · 限${c.scope.regionName}部门报送的信息）` : '（完整版）', { width: W, align: 'center' });
  doc.moveDown(0.2).fontSize(9.5).fillColor(LIGHT).text(`${c.issuer.name} · ${c.issuer.site}`, { width: W, align: 'center' });
  doc.moveDown(0.8);

  // --- report facts, in a box
  const facts: [string, string][] = [
    ['报告编号', c.number],
    ['出具时间', formatInstant(c.issuedAt, o.timeZone)],
    ['信息截止', c.asOf],
    ['验 证 码', o.code],
    ['核验方式', `信用河北网站“报告核验”，或接口\n${o.verifyUrl}`],
  ];
  if (c.purpose) facts.push(['查询事由', c.purpose]);
  box(doc, facts);

  // --- 一、主体基本信息
  heading(doc, '一、主体基本信息');
  const subjectRows: [string, string][] = [
    ['主体名称', s.name],
    ['主体类别', KIND[s.kind] ?? s.kind],
  ];
  if (s.code) subjectRows.push(['统一社会信用代码', s.code]);
  if (s.maskedId) subjectRows.push(['证件号码', s.maskedId]);
  keyValues(doc, subjectRows);

  // --- 二、信息概要
  heading(doc, '二、信息概要');
  const sum = c.summary;
  const lines = [
    `信用记录共 ${sum.total} 条${sum.byCategory.length ? `：${sum.byCategory.map((x) => `${x.categoryName} ${x.count} 条`).join('，')}` : ''}。`,
    `在列红名单 ${sum.redListEntries} 条，在列黑名单 ${sum.blackListEntries} 条；异议处理中 ${sum.disputed} 条。`,
  ];
  const person = s.kind === 'person';
  if (c.edition === 'full' && person) lines.push(`经关联企业（本人担任法定代表人或负责人）记入的信息 ${sum.linked} 条。`);
  doc.font('R').fontSize(10).fillColor(INK).text(lines.join('\n'), { width: W, lineGap: 3 });
  // a partial full edition says so where the counts are, and how many records it does not hold
  if (c.scope) doc.moveDown(0.3).font('R').fontSize(10).text(scopeStatement(c.scope), { width: W, lineGap: 3, ...strong(doc, RED, 0.2) });

  // --- 三、信用记录明细
  heading(doc, '三、信用记录明细');
  if (c.data.records.length === 0)
    doc.font('R').fontSize(10).fillColor(GREY).text(c.edition === 'public' ? '出具之日无公示中的信用记录。' : c.scope ? '本报告范围内无信用记录。' : '平台未归集该主体的信用记录。', { width: W });
  records(doc, c.data.records, c.edition);

  if (c.edition === 'full' && person) {
    heading(doc, '四、关联信息');
    if (c.data.linked.length === 0) doc.font('R').fontSize(10).fillColor(GREY).text('无。', { width: W });
    records(doc, c.data.linked, c.edition);
  }

  heading(doc, c.edition === 'full' && person ? '五、说明' : '四、说明');
  doc.font('R').fontSize(9).fillColor(GREY);
  c.notes.forEach((n, i) => doc.text(`${i + 1}. ${n}`, { width: W, lineGap: 2 }));
  doc.moveDown(0.5).fontSize(8).fillColor(LIGHT).text(`内容摘要（${o.hashAlg.toUpperCase()}）：${o.contentHash}\n平台签名密钥：${o.keyId}`, { width: W });

  // --- footers: number and page x of y on every page (in the bottom margin: pdfkit would
  // otherwise start a new page for text below it)
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = A4.height - M + 6;
    doc.save().moveTo(M, y - 6).lineTo(A4.width - M, y - 6).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    doc.font('R').fontSize(8).fillColor(LIGHT);
    doc.text(`报告编号 ${c.number}　　验证码见第 1 页`, M, y, { width: W / 2, lineBreak: false });
    doc.text(`第 ${i + 1} 页 共 ${range.count} 页`, M + W / 2, y, { width: W / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

type Doc = InstanceType<typeof PDFDocumentClass>;

// Emphasis without a second (bold) face: the regular glyphs filled and stroked. Embedding a bold
// CJK subset as well doubled the time of a report.
function strong(doc: Doc, color: string, width = 0.35): { fill: true; stroke: true } {
  doc.fillColor(color).strokeColor(color).lineWidth(width);
  return { fill: true, stroke: true };
}

function plain(_doc: Doc): { fill: true; stroke: false } {
  return { fill: true, stroke: false };
}

function ensureSpace(doc: Doc, h: number): void {
  if (doc.y + h > A4.height - M - 14) doc.addPage();
}

function heading(doc: Doc, title: string): void {
  doc.moveDown(0.9);
  ensureSpace(doc, 40);
  doc.font('R').fontSize(13).text(title, M, doc.y, { width: W, ...strong(doc, INK) });
  const y = doc.y + 2;
  doc.save().moveTo(M, y).lineTo(M + W, y).lineWidth(0.8).strokeColor(INK).stroke().restore();
  doc.y = y + 6;
}

function keyValues(doc: Doc, rows: [string, string][]): void {
  for (const [k, v] of rows) {
    ensureSpace(doc, 16);
    const y = doc.y;
    doc.font('R').fontSize(10).fillColor(GREY).text(k, M, y, { width: 110 });
    doc.font('R').fontSize(10).fillColor(INK).text(v, M + 115, y, { width: W - 115 });
    doc.y = Math.max(doc.y, y + 14) + 2;
  }
}

function box(doc: Doc, rows: [string, string][]): void {
  const top = doc.y;
  doc.y += 8;
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.font('R').fontSize(9.5).fillColor(GREY).text(k, M + 12, y, { width: 70 });
    doc.font('R').fontSize(9.5).fillColor(INK).text(v, M + 86, y, { width: W - 98, ...(k === '验 证 码' ? strong(doc, INK) : plain(doc)) });
    doc.y = Math.max(doc.y, y + 13) + 2;
  }
  doc.y += 6;
  doc.save().roundedRect(M, top, W, doc.y - top, 3).lineWidth(0.6).strokeColor(RULE).stroke().restore();
}

// Fields that the record's heading line already says.
const HEADLINE_FIELDS = /名称$|统一社会信用代码|工商注册号|组织机构代码|相对人类别|主体类别|文号$|文书号|决定日期|认定日期|^案号|证件类型|证件号码|严重程度|数据来源单位/;

function records(doc: Doc, list: readonly ReportRecord[], edition: string): void {
  // grouped by category (in order of first appearance), newest first within each
  const groups = new Map<string, ReportRecord[]>();
  for (const r of list) groups.set(r.category, [...(groups.get(r.category) ?? []), r]);
  for (const rows of groups.values()) {
    ensureSpace(doc, 60);
    doc.moveDown(0.4).font('R').fontSize(11).text(`${rows[0]!.categoryName}（${rows.length} 条）`, M, doc.y, { width: W, ...strong(doc, INK) });
    doc.moveDown(0.2);
    rows.forEach((r, i) => record(doc, r, i + 1, edition));
  }
}

function record(doc: Doc, r: ReportRecord, n: number, edition: string): void {
  ensureSpace(doc, 46);
  const flags = [r.disputed ? '【异议处理中】' : '', r.status !== 'active' ? `【${STATUS[r.status] ?? r.status}${r.statusOn ? ` ${r.statusOn}` : ''}】` : ''].join('');
  doc.font('R').fontSize(10).text(`${n}. ${r.ref}`, M, doc.y, { width: W, continued: flags !== '', ...strong(doc, INK) });
  if (flags) doc.text(`  ${flags}`, { width: W, ...strong(doc, r.disputed ? RED : GREY) });
  const meta = [
    `决定日期 ${r.decisionDate}`,
    r.department,
    r.severity ? `${SEVERITY[r.severity] ?? r.severity}失信` : '',
    r.validUntil ? `有效期至 ${r.validUntil}` : '',
    r.publicFrom ? `公示 ${r.publicFrom} 至 ${r.publicUntil ?? '长期'}` : edition === 'full' ? '不予公示' : '',
    r.via ? `经 ${r.via.organization.name}（${ROLE[r.via.role] ?? r.via.role}）记入` : '',
  ].filter(Boolean);
  doc.font('R').fontSize(8.5).fillColor(GREY).text(meta.join(' · '), M + 12, doc.y + 1, { width: W - 12, lineGap: 1 });
  const fields = r.fields.filter((x) => !HEADLINE_FIELDS.test(x.name)).map((x) => `${x.name}：${x.value}`);
  if (fields.length) doc.font('R').fontSize(9).fillColor(INK).text(fields.join('；'), M + 12, doc.y + 1, { width: W - 12, lineGap: 1.5 });
  doc.y += 5;
}
