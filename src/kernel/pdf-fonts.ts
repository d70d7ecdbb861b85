// The Chinese font of every PDF the platform writes (credit reports, the 通报 of an evaluation):
// one face, parsed once per process, laid out glyph by glyph from its cmap.
//
// Font: Noto Sans SC shipped by the npm package @expo-google-fonts/noto-sans-sc, so `npm ci` alone
// is enough and a PDF looks the same on every machine, whatever fonts it has for browsers.
// XINYONG_REPORT_FONT overrides it: `file[#PostScriptName]`, or `system` for the first installed
// of Debian's fonts-noto-cjk / WenQuanYi (.ttc collections, the face chosen by PostScript name).
// Chinese needs no shaping, and fontkit's OpenType shaping (GSUB chaining contexts) was most of
// the time of a report.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as fontkitTypes from 'fontkit';
import { lazyRequire } from './lazy.ts';
import { DomainError } from './errors.ts';

const fontkit = lazyRequire<typeof fontkitTypes>('fontkit'); // loaded at the first document (docs/decisions/0045)

export type Face = { file: string; postscriptName?: string };

const SYSTEM_CANDIDATES: Face[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', postscriptName: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', postscriptName: 'WenQuanYiZenHei' },
];

// Google's static Noto Sans SC 2.004 (OFL-1.1): TrueType outlines, so subsets are small; all of
// CJK Unified Ideographs and Extension A (䶮), not Extension B.
export function bundledFace(): Face | undefined {
  try {
    return { file: createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf') };
  } catch {
    return undefined; // a broken install: reportFonts answers REPORT_FONT_MISSING
  }
}

// Which face a report uses; `exists` is a parameter so the choice is testable without the files.
export function chooseReportFace(env: Record<string, string | undefined>, exists: (file: string) => boolean = existsSync): Face | undefined {
  const explicit = env.XINYONG_REPORT_FONT?.trim();
  if (explicit === 'system') return SYSTEM_CANDIDATES.find((c) => exists(c.file));
  if (explicit) {
    const [file, ps] = explicit.split('#');
    return { file: file!, postscriptName: ps || undefined };
  }
  const bundled = bundledFace();
  return bundled && exists(bundled.file) ? bundled : undefined;
}

type Glyph = fontkitTypes.Glyph;
type Run = { glyphs: Glyph[]; positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[]; advanceWidth: number };

// A fontkit font whose layout maps characters to glyphs through the cmap, cached per character.
function unshaped(font: fontkitTypes.Font): fontkitTypes.Font {
  const glyphs = new Map<number, Glyph>();
  const layout = (text: string): Run => {
    const run: Run = { glyphs: [], positions: [], advanceWidth: 0 };
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let g = glyphs.get(cp);
      if (!g) glyphs.set(cp, (g = font.glyphForCodePoint(cp)));
      run.glyphs.push(g);
      run.positions.push({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 });
      run.advanceWidth += g.advanceWidth;
    }
    return run;
  };
  return new Proxy(font, {
    get(target, key) {
      if (key === 'layout') return layout;
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

function openFace(face: Face): fontkitTypes.Font {
  const f = fontkit().openSync(face.file, face.postscriptName);
  if (!('glyphForCodePoint' in f)) throw new Error(`${face.file}: ${face.postscriptName ?? 'the font'} is not in the collection`);
  return unshaped(f);
}

let fonts: { regular: fontkitTypes.Font; face: Face } | undefined;

export function reportFonts(env: Record<string, string | undefined> = process.env): { regular: fontkitTypes.Font; face: Face } {
  if (fonts) return fonts;
  const regular = chooseReportFace(env);
  if (!regular || !existsSync(regular.file))
    throw new DomainError(
      503,
      'REPORT_FONT_MISSING',
      `未找到中文字体，无法生成 PDF 报告（${regular ? `字体文件不存在：${regular.file}` : env.XINYONG_REPORT_FONT === 'system' ? '未安装 fonts-noto-cjk 或文泉驿字体' : '请重新执行 npm ci，或设置 XINYONG_REPORT_FONT'}）`,
      `No Chinese font found for PDF reports (${regular ? `no such font file: ${regular.file}` : env.XINYONG_REPORT_FONT === 'system' ? 'neither fonts-noto-cjk nor WenQuanYi is installed' : 'run npm ci again, or set XINYONG_REPORT_FONT=file.ttc#PostScriptName'})`,
    );
  fonts = { regular: openFace(regular), face: regular };
  return fonts;
}

export function formatInstant(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(iso))
    .reduce<Record<string, string>>((a, p) => ({ ...a, [p.type]: p.value }), {});
  return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}:${parts.second}`;
}

