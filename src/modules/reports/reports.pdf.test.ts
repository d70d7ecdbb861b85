// The report font: which face is chosen, and that the packaged one (npm ci alone, no system CJK
// font needed) draws rare name characters as real glyphs in a small embedded subset.
delete process.env.XINYONG_REPORT_FONT; // before any report is drawn: the default font

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import { bundledFace, chooseReportFace, renderReportPdf, reportFonts } from './reports.pdf.ts';
import { buildReportContent, type ReportRecord } from './reports.rules.ts';

const SYSTEM = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const RARE = ['䶮', '堃', '喆', '昇']; // 䶮 is CJK Extension A

test('face choice: XINYONG_REPORT_FONT (a file, or system), else the packaged font, whatever is installed', () => {
  const all = () => true;
  const none = () => false;
  const bundled = bundledFace();
  assert.ok(bundled, 'the font package is installed by npm ci');
  assert.deepEqual(chooseReportFace({}, all), bundled, 'system fonts do not change the default');
  assert.deepEqual(chooseReportFace({ XINYONG_REPORT_FONT: '/x/a.ttc#ASc-Regular' }, all), { file: '/x/a.ttc', postscriptName: 'ASc-Regular' });
  assert.deepEqual(chooseReportFace({ XINYONG_REPORT_FONT: '/x/b.ttf' }, none), { file: '/x/b.ttf', postscriptName: undefined });
  assert.deepEqual(chooseReportFace({ XINYONG_REPORT_FONT: 'system' }, (f) => f === SYSTEM), { file: SYSTEM, postscriptName: 'NotoSansCJKsc-Regular' });
  assert.equal(chooseReportFace({ XINYONG_REPORT_FONT: 'system' }, (f) => f === bundled.file), undefined);
  assert.equal(chooseReportFace({}, none), undefined);
});

const rec = (i: number, name: string): ReportRecord => ({
  id: String(i),
  version: 1,
  category: 'penalty',
  categoryName: '行政处罚',
  listKind: null,
  ref: `石市监罚〔2026〕${i}号`,
  department: '石家庄市市场监督管理局',
  decisionDate: '2026-06-01',
  severity: 'general',
  status: 'active',
  statusOn: null,
  validUntil: null,
  publicFrom: '2026-06-01',
  publicUntil: '2027-06-01',
  disputed: false,
  via: { role: 'legal_representative', organization: { name: `${name}商贸有限公司`, code: '91130100MA0A1B2C3X' } },
  fields: [
    { name: '处罚事由', value: `当事人${name}未按规定公示年度报告` },
    { name: '处罚内容', value: '罚款人民币伍仟元' },
  ],
});

// Every stream object of the PDF by object number, inflated when it is compressed.
function streams(pdf: Buffer): Map<number, { dict: string; data: Buffer }> {
  const out = new Map<number, { dict: string; data: Buffer }>();
  const text = pdf.toString('latin1');
  const re = /(\d+) 0 obj\s*<<((?:(?!endobj)[\s\S])*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const dict = m[2]!;
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const start = m.index + m[0].length;
    const raw = pdf.subarray(start, start + length);
    out.set(Number(m[1]), { dict, data: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
  }
  return out;
}

// CID → Unicode from a ToUnicode CMap (pdfkit writes bfrange entries with arrays).
function toUnicode(cmap: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const m of cmap.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[((?:\s*<[0-9a-f]+>)*)\s*\]/gi)) {
    let cid = parseInt(m[1]!, 16);
    for (const u of m[3]!.matchAll(/<([0-9a-f]+)>/gi)) {
      const units = u[1]!.match(/.{4}/g)!.map((h) => parseInt(h, 16));
      map.set(String.fromCharCode(...units), cid++);
    }
  }
  return map;
}

test('the packaged font draws 䶮 堃 喆 昇 as real glyphs, and the PDF stays small', async () => {
  assert.equal(reportFonts().face.file, bundledFace()!.file);
  const names = RARE.map((c, i) => `${['王', '李', '张', '赵'][i]}${c}`);
  const content = buildReportContent({
    number: 'XYBG20261120000001',
    edition: 'full',
    issuedAt: '2026-11-20T04:00:00.000Z',
    asOf: '2026-11-20',
    purpose: '行政审批',
    subject: { id: 'u', kind: 'person', name: names.join(''), code: null, maskedId: '130102********1234' },
    records: names.map((n, i) => rec(i + 1, n)),
    linked: [],
  });
  const pdf = await renderReportPdf(content, { code: 'ABCD2345', verifyUrl: 'https://example.test/verify', timeZone: 'Asia/Shanghai', contentHash: 'ab'.repeat(32), hashAlg: 'sm3', keyId: 'k1' });

  const text = pdf.toString('latin1');
  const all = streams(pdf);
  const ref = (key: string) => all.get(Number(new RegExp(`/${key} (\\d+) 0 R`).exec(text)?.[1]));
  const fontFile = ref('FontFile2'); // a TrueType subset
  assert.ok(fontFile, 'a TrueType font file is embedded');
  const subset = fontkit.create(fontFile.data) as fontkit.Font;
  const cids = toUnicode(ref('ToUnicode')!.data.toString('latin1'));
  for (const ch of [...RARE, '信', '用']) {
    const cid = cids.get(ch);
    assert.ok(cid !== undefined && cid > 0, `${ch} is mapped to a glyph other than .notdef`);
    assert.ok(subset.getGlyph(cid).path.commands.length > 0, `${ch} has an outline in the embedded subset`);
  }
  assert.match(text, /\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
  // the whole font is ~10 MB; a subset of the few hundred characters used is tens of KB
  assert.ok(pdf.length < 150_000, `PDF is ${pdf.length} bytes`);
});

test('a full edition in a limited scope says so in the PDF (subtitle, summary, note); a whole one does not', async () => {
  const base = {
    number: 'XYBG20261207000001',
    edition: 'full' as const,
    issuedAt: '2026-12-07T04:00:00.000Z',
    asOf: '2026-12-07',
    purpose: '行政许可审查',
    subject: { id: 'u', kind: 'person' as const, name: '王某', code: null, maskedId: '130102********1234' },
    records: [rec(1, '王某')],
    linked: [],
  };
  const opts = { code: 'ABCD2345', verifyUrl: 'https://example.test/verify', timeZone: 'Asia/Shanghai', contentHash: 'ab'.repeat(32), hashAlg: 'sha256', keyId: 'k1' };
  const glyphs = async (c: ReturnType<typeof buildReportContent>) => {
    const pdf = await renderReportPdf(c, opts);
    const text = pdf.toString('latin1');
    const all = streams(pdf);
    return toUnicode(all.get(Number(/\/ToUnicode (\d+) 0 R/.exec(text)?.[1]))!.data.toString('latin1'));
  };
  const scope = { kind: 'own-region-records' as const, region: '130600', regionName: '保定市', withheld: { records: 1, linked: 0 } };
  // 载 (未予载明), 映 (不反映) and 保 (保定市) are drawn only for the scope statement and subtitle
  const limited = await glyphs(buildReportContent({ ...base, scope }));
  for (const ch of ['载', '映', '保']) assert.ok(limited.has(ch), `${ch} drawn in the limited edition`);
  const whole = await glyphs(buildReportContent(base));
  for (const ch of ['载', '映', '保']) assert.ok(!whole.has(ch), `${ch} not drawn in the whole edition`);
});
