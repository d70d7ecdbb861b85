// Pure rules of the subject-rights pages (labels, what may be contested, what the eligibility
// answer means, the commitment text, evidence files, the stored identity session, the access
// log's wording). No React, no antd; shared with the work portal's rights pages.
import type { AccessEntry, Challenge, EvidenceUpload, ItemStatus, Missing, MissingCode, OwnRecord, Repair } from './rightsApi.ts';

type EvidenceContentType = EvidenceUpload['contentType'];

export const ITEM_STATUS_LABEL: Record<ItemStatus, string> = {
  open: '核实中',
  corrected: '已更正',
  revoked: '已撤销',
  upheld: '维持原记录',
};

export const ITEM_STATUS_COLOR: Record<ItemStatus, string> = {
  open: 'processing',
  corrected: 'blue',
  revoked: 'green',
  upheld: 'default',
};

export const OBJECTION_STATUS_LABEL: Record<'open' | 'decided', string> = { open: '处理中', decided: '已办结' };

export const REPAIR_STATUS_LABEL: Record<Repair['status'], string> = { pending: '待审核', approved: '已通过', refused: '未通过' };
export const REPAIR_STATUS_COLOR: Record<Repair['status'], string> = { pending: 'processing', approved: 'green', refused: 'red' };

export const RECORD_STATUS_LABEL: Record<string, string> = {
  active: '有效',
  exited: '已移出名单',
  revoked: '已撤销',
  repaired: '已修复',
};

export const SEVERITY_TEXT: Record<string, string> = { light: '轻微', general: '一般', serious: '严重' };

export const VIA_ROLE_LABEL: Record<string, string> = {
  legal_representative: '法定代表人',
  responsible_person: '主要负责人',
};

// Why a record cannot be chosen for an objection now (undefined: it can).
export function notContestable(r: Pick<OwnRecord, 'status' | 'disputed'>): string | undefined {
  if (r.disputed) return '已在异议处理中';
  if (r.status === 'revoked') return '已撤销，无需提出异议';
  if (r.status === 'repaired') return '已修复，无需提出异议';
  return undefined;
}

// A record as the objection API names it: the 文书号, with the category (one 文书号 may name
// several records, e.g. a penalty and a list entry).
export function recordKey(r: Pick<OwnRecord, 'category' | 'ref'>): string {
  return `${r.category}\u0000${r.ref}`;
}

export function refOfKey(key: string): { category: string; ref: string } {
  const [category = '', ref = ''] = key.split('\u0000');
  return { category, ref };
}

// What stands in the way of a repair: conditions the applicant cannot meet today, as opposed to
// what they supply with the application itself (evidence of fulfilled obligations, commitment).
const SUPPLIED_WITH_APPLICATION: readonly MissingCode[] = ['OBLIGATIONS_EVIDENCE', 'COMMITMENT'];

export function splitMissing(missing: readonly Missing[]): { blocking: Missing[]; toSupply: Missing[] } {
  return {
    blocking: missing.filter((m) => !SUPPLIED_WITH_APPLICATION.includes(m.code)),
    toSupply: missing.filter((m) => SUPPLIED_WITH_APPLICATION.includes(m.code)),
  };
}

// The 信用承诺书 the applicant accepts; published with an approval.
export function commitmentText(subjectName: string, ref: string): string {
  return (
    `本主体（${subjectName}）郑重承诺：已全面履行行政处罚决定书（认定文书）${ref}所确定的义务，` +
    '已纠正失信行为、消除不良影响；申请信用修复所提交的材料真实、合法、有效；' +
    '今后将严格遵守法律法规，诚信守法经营（行事），自觉接受政府、行业组织、社会公众和新闻舆论的监督。' +
    '如违背上述承诺，愿依法承担相应责任，并同意将本承诺及违诺情况向社会公开。'
  );
}

// Where the one-time code went. The embedded default's console channel prints it on the
// server's standard error, which the page must say, or nobody finds the code.
// The platform never says where the code went (that would tell who is on file): its note says
// it went to the contact on file, if there is one.
export function codeSentText(c: Pick<Challenge, 'note'>): string {
  return c.note.zh;
}

// Evidence files the API accepts (PDF, JPEG, PNG, OFD), by the browser's type or the extension.
export const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png,.ofd';
export const MAX_EVIDENCE_FILES = 10;
export const MAX_EVIDENCE_BYTES = 5 << 20;

export function evidenceContentType(filename: string, browserType: string): EvidenceContentType | undefined {
  const known: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png', 'application/ofd'] satisfies EvidenceContentType[];
  if (known.includes(browserType)) return browserType as EvidenceContentType;
  const ext = filename.toLowerCase().split('.').pop();
  if (ext === 'pdf') return 'application/pdf';
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg';
  if (ext === 'png') return 'image/png';
  if (ext === 'ofd') return 'application/ofd';
  return undefined;
}

// A problem with a chosen file, in Chinese, or undefined when it may be sent.
export function evidenceProblem(file: { name: string; type: string; size: number }): string | undefined {
  if (!evidenceContentType(file.name, file.type)) return `“${file.name}”的格式不支持，请上传 PDF、JPG、PNG 或 OFD 文件`;
  if (file.size > MAX_EVIDENCE_BYTES) return `“${file.name}”超过 ${MAX_EVIDENCE_BYTES >> 20} MB`;
  if (file.size === 0) return `“${file.name}”是空文件`;
  return undefined;
}

// --- the identity session (sessionStorage: gone with the tab; the server ends it after 30 minutes)

export type StoredSession = {
  token: string;
  expiresAt: string;
  subject: { id: string; kind: string; name: string; code: string | null; maskedId: string | null } | null;
};

// The expiry is the server's clock, not the browser's: it is shown, never compared here. The
// server answers 401 for an ended session and the page then asks for the check again.
export function parseStoredSession(raw: string | null): StoredSession | undefined {
  if (!raw) return undefined;
  try {
    const s = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof s.token !== 'string' || typeof s.expiresAt !== 'string') return undefined;
    return { token: s.token, expiresAt: s.expiresAt, subject: s.subject ?? null };
  } catch {
    return undefined;
  }
}

// Answers that mean the identity check has to be done again.
export function sessionEnded(error: { status: number; code: string }): boolean {
  return error.status === 401 && (error.code === 'SUBJECT_TOKEN_INVALID' || error.code === 'SUBJECT_TOKEN_REQUIRED');
}

// --- access log ---------------------------------------------------------------------------------

const WHAT_LABEL: Record<string, string> = {
  'credit-file': '信用档案',
  'access-log': '查询记录',
  'credit-check': '信用核查',
  objection: '异议申请',
  repair: '信用修复申请',
  'credit-report:full': '信用报告（完整版）',
};

export function whatText(what: readonly string[]): string {
  if (what.length === 0) return '—';
  return what.map((w) => WHAT_LABEL[w] ?? (w.startsWith('evidence:') ? '证明材料' : w)).join('、');
}

export function accessByText(e: Pick<AccessEntry, 'by' | 'byKind' | 'self' | 'organization'>): string {
  if (e.self) return '本人';
  if (e.by.startsWith('staff:')) return e.organization ? `${e.organization}（工作人员）` : '平台工作人员';
  if (e.by.startsWith('api-client:')) return e.organization ?? '部门信息系统';
  return e.organization ?? e.by;
}

// The server's purposes read "中文 English": the portal shows the Chinese part.
export function chinesePart(text: string | null): string {
  if (!text) return '—';
  const cut = text.search(/\s[A-Za-z][A-Za-z ,'’:-]*$/);
  return (cut > 0 ? text.slice(0, cut) : text).trim();
}

// --- reports ------------------------------------------------------------------------------------

export function verifyPageUrl(number: string, code: string): string {
  return `/reports/verify?number=${encodeURIComponent(number)}&code=${encodeURIComponent(code)}`;
}

export const CHANGE_KIND_LABEL: Record<'added' | 'removed' | 'changed', string> = { added: '新增', removed: '不再公示', changed: '内容变更' };

// Codes are printed without 0/O and 1/I/L; people type them in lower case and with spaces.
export function normalizeReportInput(number: string, code: string): { number: string; code: string } {
  return { number: number.replace(/\s+/g, '').toUpperCase(), code: code.replace(/[\s-]+/g, '').toUpperCase() };
}

// --- times: the platform's (Asia/Shanghai), whatever the visitor's computer is set to -----------

const DATE_TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

// "2026-11-20 12:00:00"
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

// "12:30"
export function formatClock(iso: string): string {
  return formatInstant(iso).slice(11, 16);
}
