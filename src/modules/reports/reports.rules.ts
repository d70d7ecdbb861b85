// Credit reports (信用报告), pure: the report content as data, its canonical hashes, the signed
// statement, numbers and verification codes. The PDF (reports.pdf.ts) renders this content.
import { canonicalJson } from '../../kernel/crypto.ts';
import { digestHex, type AuditHashAlg } from '../../kernel/audit-chain.ts';
import type { DateStr } from '../../kernel/dates.ts';

export type ReportEdition = 'public' | 'full';
export const REPORT_EDITIONS: readonly ReportEdition[] = ['public', 'full'];
export const REPORT_FORMAT = 'xinyong-credit-report/v1';

export type ReportField = { name: string; value: string };

export type ReportRecord = {
  id: string;
  version: number;
  category: string;
  categoryName: string;
  listKind: 'red' | 'black' | null;
  ref: string;
  department: string;
  decisionDate: DateStr;
  severity: 'light' | 'general' | 'serious' | null;
  status: string;
  statusOn: DateStr | null;
  validUntil: DateStr | null;
  publicFrom: DateStr | null;
  publicUntil: DateStr | null;
  disputed: boolean;
  via: { role: string; organization: { name: string; code: string | null } } | null;
  fields: ReportField[];
};

export type ReportSubject = { id: string; kind: 'organization' | 'individual_business' | 'person'; name: string; code: string | null; maskedId: string | null };

// What the report says about the subject: the part whose hash tells, later, whether the
// subject's information changed since the report was issued.
export type ReportData = { subject: ReportSubject; records: ReportRecord[]; linked: ReportRecord[] };

export type ReportSummary = {
  total: number;
  byCategory: { category: string; categoryName: string; count: number }[];
  disputed: number;
  redListEntries: number;
  blackListEntries: number;
  linked: number;
};

// A full edition issued to a requester outside the region of the person's ID number, whose region
// holds records of the person (rules/personal-data.json `outOfRegion: own-records`): it holds only
// the records held by departments of that region and those public on the day of issue; `withheld`
// counts the rest (records and linked records), never what they are. Absent: the whole file.
export type ReportScope = { kind: 'own-region-records'; region: string; regionName: string; withheld: { records: number; linked: number } };

export type ReportContent = {
  format: typeof REPORT_FORMAT;
  number: string;
  edition: ReportEdition;
  issuedAt: string;
  asOf: DateStr;
  issuer: { name: string; site: string };
  purpose: string | null;
  data: ReportData;
  summary: ReportSummary;
  notes: string[];
  scope?: ReportScope; // only on a partial full edition (its absence keeps earlier reports' hashes)
};

export const ISSUER = { name: '河北省公共信用信息共享平台', site: '信用河北' } as const;

// Stable order: newest decision first, then by category, reference and id.
function order(records: readonly ReportRecord[]): ReportRecord[] {
  return [...records].sort(
    (a, b) => b.decisionDate.localeCompare(a.decisionDate) || a.category.localeCompare(b.category) || a.ref.localeCompare(b.ref) || Number(a.id) - Number(b.id),
  );
}

export function summarize(data: ReportData): ReportSummary {
  const counts = new Map<string, { category: string; categoryName: string; count: number }>();
  for (const r of data.records) {
    const c = counts.get(r.category) ?? { category: r.category, categoryName: r.categoryName, count: 0 };
    c.count += 1;
    counts.set(r.category, c);
  }
  return {
    total: data.records.length,
    byCategory: [...counts.values()].sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    disputed: data.records.filter((r) => r.disputed).length + data.linked.filter((r) => r.disputed).length,
    redListEntries: data.records.filter((r) => r.listKind === 'red' && r.status === 'active').length,
    blackListEntries: data.records.filter((r) => r.listKind === 'black' && r.status === 'active').length,
    linked: data.linked.length,
  };
}

// What a partial full edition says of itself: whose records it holds, and how many it does not.
export function scopeStatement(scope: ReportScope): string {
  const n = scope.withheld.records + scope.withheld.linked;
  return `本报告为限定范围的完整版：查询单位所在地区（${scope.regionName}）不是该自然人身份证号码所属地区，依据个人信用信息查询规则，仅载明${scope.regionName}部门报送的信息和出具之日处于公示期内的信息；另有 ${n} 条信息未予载明（其中关联信息 ${scope.withheld.linked} 条），本报告不反映其内容。`;
}

export function notesOf(edition: ReportEdition, scope?: ReportScope): string[] {
  const common = [
    '本报告由河北省公共信用信息共享平台依据各部门归集的公共信用信息出具，信息内容以信息提供单位报送为准。',
    '可凭报告编号和验证码在信用河北网站或接口（/api/v1/public/reports/verify）核验本报告真伪，并查看主体信息在出具后是否发生变化。',
    '标注“异议处理中”的信息正在核实，核实期间暂不执行相关联合惩戒措施。',
    '信用主体对信息有异议的，可通过信用河北网站提出异议申请；符合条件的，可申请信用修复。',
  ];
  if (edition === 'public') return ['本报告为公开版，仅包含出具之日处于公示期内的公开信息。', ...common];
  const full = '本报告为完整版，包含非公开信息，仅供信用主体本人或经其授权的单位在授权范围内使用，不得向第三方提供。';
  return scope ? [full, scopeStatement(scope), ...common] : [full, ...common];
}

// The data as a report holds it (records in their stable order): what the data hash is taken of,
// at issue and again when a verification asks whether anything changed.
export function orderedData(d: { subject: ReportData['subject']; records: readonly ReportRecord[]; linked: readonly ReportRecord[] }): ReportData {
  return { subject: d.subject, records: order(d.records), linked: order(d.linked) };
}

export function buildReportContent(o: {
  number: string;
  edition: ReportEdition;
  issuedAt: string;
  asOf: DateStr;
  purpose: string | null;
  subject: ReportSubject;
  records: readonly ReportRecord[];
  linked: readonly ReportRecord[];
  scope?: ReportScope;
}): ReportContent {
  const data = orderedData(o);
  const scope = o.edition === 'full' && o.scope ? o.scope : undefined;
  return {
    format: REPORT_FORMAT,
    number: o.number,
    edition: o.edition,
    issuedAt: o.issuedAt,
    asOf: o.asOf,
    issuer: { ...ISSUER },
    purpose: o.purpose,
    data,
    summary: summarize(data),
    notes: notesOf(o.edition, scope),
    ...(scope ? { scope } : {}),
  };
}

export const contentHash = (alg: AuditHashAlg, content: ReportContent) => digestHex(alg, canonicalJson(content));
export const dataHash = (alg: AuditHashAlg, data: ReportData) => digestHex(alg, canonicalJson(data));

export type StatementInput = { number: string; issuedAt: string; edition: ReportEdition; hashAlg: AuditHashAlg; contentHash: string; pdfSha256: string };

// What the platform signs: everything that makes the report this report.
export function reportStatement(s: StatementInput): string {
  return ['xinyong-report/v1', s.number, s.issuedAt, s.edition, `${s.hashAlg}:${s.contentHash}`, s.pdfSha256].join('\n');
}

// XYBG + yyyymmdd + 6-digit serial.
export function reportNumber(today: DateStr, serial: number): string {
  return `XYBG${today.replaceAll('-', '')}${String(serial % 1_000_000).padStart(6, '0')}`;
}

export const REPORT_NUMBER_PATTERN = /^XYBG\d{14}$/;

// 8 characters without the look-alikes 0/O, 1/I/L: read off paper and typed in.
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function verificationCode(random: Uint8Array): string {
  if (random.length < 8) throw new RangeError('need 8 random bytes');
  let s = '';
  // 31 symbols: rejection-free mapping of a byte has a tiny bias (256 mod 31 = 8), acceptable
  // for a code that is also rate-limited and paired with the report number
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[random[i]! % CODE_ALPHABET.length];
  return s;
}

export function normalizeVerificationCode(raw: string): string {
  return raw.trim().toUpperCase().replace(/[\s-]/g, '');
}

export type Change = { kind: 'added' | 'removed' | 'changed'; category: string; ref: string };

// What differs between the data a report was issued with and the data today, record by record.
export function dataChanges(then: ReportData, now: ReportData): Change[] {
  const key = (r: ReportRecord) => `${r.category}\u0000${r.ref}\u0000${r.department}`;
  const a = new Map([...then.records, ...then.linked].map((r) => [key(r), r]));
  const b = new Map([...now.records, ...now.linked].map((r) => [key(r), r]));
  const out: Change[] = [];
  for (const [k, r] of a) {
    const n = b.get(k);
    if (!n) out.push({ kind: 'removed', category: r.category, ref: r.ref });
    else if (canonicalJson(n) !== canonicalJson(r)) out.push({ kind: 'changed', category: r.category, ref: r.ref });
  }
  for (const [k, r] of b) if (!a.has(k)) out.push({ kind: 'added', category: r.category, ref: r.ref });
  if (canonicalJson(then.subject) !== canonicalJson(now.subject)) out.push({ kind: 'changed', category: 'subject', ref: then.subject.name });
  return out;
}
