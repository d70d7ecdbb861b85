// Credit reports (信用报告): issue (content as data, PDF, hashes, platform signature, number and
// verification code), fetch, and verify — by number and code, or by the file itself — including
// whether the subject's information changed since issue.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Platform } from '../../platform.ts';
import { auditRead, writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, notFound } from '../../kernel/errors.ts';
import type { DateStr } from '../../kernel/dates.ts';
import { isAuditHashAlg, type AuditHashAlg } from '../../kernel/audit-chain.ts';
import type { AuditSigner } from '../audit/audit.keys.ts';
import { trustedAuditKeys } from '../audit/audit.keys.ts';
import { findSubjectById, type Subject } from '../subjects/subjects.store.ts';
import { creditFileOf, type CreditFileRecord } from '../subjects/credit-file.service.ts';
import { publicRecordsOf } from '../publication/publication.store.ts';
import { presentFields } from '../catalog/catalog.present.ts';
import {
  buildReportContent,
  contentHash,
  dataChanges,
  dataHash,
  orderedData,
  normalizeVerificationCode,
  reportNumber,
  reportStatement,
  verificationCode,
  REPORT_NUMBER_PATTERN,
  type Change,
  type ReportContent,
  type ReportData,
  type ReportEdition,
  type ReportRecord,
  type ReportScope,
  type ReportSubject,
} from './reports.rules.ts';
import { renderReportPdf } from './reports.pdf.ts';
import { applyReadScope, scopeDetail, WHOLE, type ReadScope } from '../access/personal-data.rules.ts';
import { regionLabel } from '../../kernel/codes/region.ts';
import * as store from './reports.store.ts';

const signer = (p: Platform): AuditSigner => p.modules.reports.signer();

const hashAlg = (p: Platform): AuditHashAlg => p.config.audit.hash;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// The public edition names the subject by its public name (0023), the full edition by its name.
export function reportSubject(s: Subject, edition: ReportEdition = 'full'): ReportSubject {
  return { id: s.publicId, kind: s.kind, name: edition === 'public' ? (s.publicName ?? '') : s.name, code: s.uscc ?? s.regNo ?? null, maskedId: s.idMasked };
}

// The subject's data as an edition shows it today: the public edition what is public today (a
// person only with a public record), the full edition the credit file in the read's scope (the
// whole file, or the records held in the requester's region and those public today).
export async function reportData(p: Platform, subject: Subject, edition: ReportEdition, today: DateStr, scope: ReadScope = WHOLE): Promise<ReportData> {
  return (await scopedReportData(p, subject, edition, today, scope)).data;
}

// As reportData, with how many records (and linked records) the scope withheld.
export async function scopedReportData(p: Platform, subject: Subject, edition: ReportEdition, today: DateStr, scope: ReadScope): Promise<{ data: ReportData; withheld: { records: number; linked: number } }> {
  if (edition === 'public') {
    const rows = await publicRecordsOf(p.db, subject.id, today);
    const extras = await store.recordExtras(p.db, rows.map((r) => r.id));
    const records: ReportRecord[] = rows.map((r) => {
      const def = p.catalog.find(r.category);
      const x = extras.get(r.id);
      return {
        id: String(r.id),
        version: x?.version ?? 1,
        category: r.category,
        categoryName: def?.name ?? r.category,
        listKind: def?.list?.kind ?? null,
        ref: r.sourceRef,
        department: r.departmentName,
        decisionDate: r.decisionDate,
        severity: r.severity === 'general' || r.severity === 'serious' ? r.severity : null,
        status: x?.status ?? 'active',
        statusOn: x?.statusOn ?? null,
        validUntil: x?.validUntil ?? null,
        publicFrom: r.pubFrom,
        publicUntil: r.pubUntil,
        disputed: x?.disputed ?? false,
        via: null,
        fields: presentFields(def, r.fields).map((f) => ({ name: f.name, value: f.value })),
      };
    });
    return { data: { subject: reportSubject(subject, 'public'), records, linked: [] }, withheld: { records: 0, linked: 0 } };
  }
  const file = await creditFileOf(p, subject.id);
  const where = (r: CreditFileRecord) => ({ holderRegion: r.department.regionCode, publicToday: r.publicToday });
  const own = applyReadScope(scope, file.records, where);
  const linked = applyReadScope(scope, file.linked, where);
  const present = (r: CreditFileRecord): ReportRecord => ({
    id: r.id,
    version: r.version,
    category: r.category,
    categoryName: r.categoryName,
    listKind: r.listKind,
    ref: r.ref,
    department: r.department.name,
    decisionDate: r.decisionDate,
    severity: r.severity,
    status: r.status,
    statusOn: r.statusOn,
    validUntil: r.validUntil,
    publicFrom: r.publicFrom,
    publicUntil: r.publicUntil,
    disputed: r.disputed,
    via: r.via ? { role: r.via.role, organization: { name: r.via.organization.name, code: r.via.organization.code } } : null,
    fields: presentFields(p.catalog.find(r.category), r.fields).map((f) => ({ name: f.name, value: f.value })),
  });
  return {
    data: { subject: reportSubject(subject), records: own.shown.map(present), linked: linked.shown.map(present) },
    withheld: { records: own.withheld, linked: linked.withheld },
  };
}

// The scope a stored report was issued under (its content says; absent: the whole file).
const storedScope = (c: ReportContent): ReadScope => (c.scope ? { kind: 'own-region-records', region: c.scope.region } : WHOLE);

// authorization: the subject's authorization the read rests on (agency and bank requesters);
// scope: what of the file the requester may read (personal-data.rules.ts readScope; absent: whole)
export type IssueInput = {
  subject: Subject;
  edition: ReportEdition;
  purpose: string | null;
  authorization?: { id: string; purpose: string } | null;
  matterRef?: string;
  scope?: ReadScope;
};

export type IssuedReport = {
  number: string;
  code: string;
  sha256: string;
  size: number;
  edition: ReportEdition;
  issuedAt: string;
  hashAlg: AuditHashAlg;
  contentHash: string;
  signature: { alg: 'ed25519' | 'sm2'; keyId: string; value: string };
  pdf: Buffer;
  content: ReportContent;
};

export function verifyPath(number: string, code: string): string {
  return `/api/v1/public/reports/verify?number=${number}&code=${code}`;
}

// Issues a report. The full edition is a read of non-public data: audited with its purpose.
export async function issueReport(p: Platform, actor: Actor, input: IssueInput): Promise<IssuedReport> {
  const { subject, edition } = input;
  const purpose = input.purpose?.trim() || null;
  if (edition === 'full' && !purpose) throw badRequest('REASON_REQUIRED', '出具完整版报告须说明用途', 'A full-edition report needs its purpose');
  const today = p.today();
  const now = p.now();
  const readScope = edition === 'full' ? (input.scope ?? WHOLE) : WHOLE;
  const { data, withheld } = await scopedReportData(p, subject, edition, today, readScope);
  const scope: ReportScope | undefined =
    readScope.kind === 'own-region-records' ? { kind: 'own-region-records', region: readScope.region, regionName: regionLabel(readScope.region), withheld } : undefined;
  // nor is there a public edition of a subject never public (no public name, 0023)
  if (edition === 'public' && ((subject.kind === 'person' && data.records.length === 0) || subject.publicName === null))
    // word for word what the public route answers for an unknown code (reports.routes.ts)
    throw notFound('SUBJECT_NOT_FOUND', '未找到该主体的公示信息', 'No public information for this subject');
  const code = verificationCode(randomBytes(8));
  const alg = hashAlg(p);
  const sign = signer(p);
  // the number is taken, the PDF made and the report stored in one transaction: an attempt that
  // fails anywhere (no font, storage, signing) gives its number back — numbers have no gaps
  return p.db.tx(async (tx) => {
    const number = reportNumber(today, await store.nextSerial(tx));
    const content = buildReportContent({ number, edition, issuedAt: now.toISOString(), asOf: today, purpose, subject: data.subject, records: data.records, linked: data.linked, ...(scope ? { scope } : {}) });
    const cHash = contentHash(alg, content);
    const pdf = await renderReportPdf(content, { code, verifyUrl: verifyPath(number, code), timeZone: p.config.timeZone, contentHash: cHash, hashAlg: alg, keyId: sign.keyId });
    const pdfSha = sha256(pdf);
    await p.blobs.put(Readable.from([pdf]));
    const signature = sign.sign(reportStatement({ number, issuedAt: content.issuedAt, edition, hashAlg: alg, contentHash: cHash, pdfSha256: pdfSha }));
    await store.insertReport(tx, {
      number,
      subjectId: subject.id,
      edition,
      issuedAt: now,
      asOf: today,
      requestedBy: actor.id,
      purpose,
      codeMac: codeMac(p, number, code),
      content,
      hashAlg: alg,
      contentHash: cHash,
      dataHash: dataHash(alg, content.data),
      pdfSha256: pdfSha,
      pdfSize: pdf.length,
      sigAlg: sign.alg,
      keyId: sign.keyId,
      signature,
    });
    if (edition === 'full') {
      const auth = input.authorization;
      // the authorization shows in the reason too: the subject's access log shows the reason
      const matter = input.matterRef ? `（事项编号 ${input.matterRef}）` : '';
      const why = auth ? `${purpose!}${matter}（依据主体授权 ${auth.id}，授权用途：${auth.purpose}）` : `${purpose!}${matter}`;
      const detail = {
        ...(auth ? { authorization: auth.id, authorizationPurpose: auth.purpose } : {}),
        ...(input.matterRef ? { matterRef: input.matterRef } : {}),
        // the scope applied and the counts: what the report holds and what it withheld
        ...scopeDetail(readScope, data.records.length + data.linked.length, withheld.records + withheld.linked),
        report: number,
      };
      await auditRead(tx, actor, ['credit-report:full'], `subject:${subject.publicId}`, why, {}, detail);
    }
    await writeAudit(tx, actor, 'report.issue', `report:${number}`, { subject: subject.publicId, edition, contentHash: cHash, pdfSha256: pdfSha, purpose });
    return { number, code, sha256: pdfSha, size: pdf.length, edition, issuedAt: content.issuedAt, hashAlg: alg, contentHash: cHash, signature: { alg: sign.alg, keyId: sign.keyId, value: signature }, pdf, content };
  });
}

function codeMac(p: Platform, number: string, code: string): string {
  return p.crypto.contentMac(`report-code\u0000${number}\u0000${normalizeVerificationCode(code)}`);
}

function codeMatches(p: Platform, r: store.StoredReport, code: string): boolean {
  const a = Buffer.from(codeMac(p, r.number, code), 'utf8');
  const b = Buffer.from(r.codeMac, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type Verification = {
  genuine: boolean;
  zh: string;
  en: string;
  checkedAt: string;
  number: string | null;
  edition: ReportEdition | null;
  issuedAt: string | null;
  subject: { name: string; code: string | null } | null;
  hashAlg: AuditHashAlg | null;
  contentHash: string | null;
  pdfSha256: string | null;
  signature: { alg: string; keyId: string; valid: boolean } | null;
  changedSinceIssue: boolean | null;
  changes: Change[] | null; // public edition only: the full edition's changes are not for whoever holds its code
};

function notGenuine(p: Platform, zh: string, en: string): Verification {
  return { genuine: false, zh, en, checkedAt: p.now().toISOString(), number: null, edition: null, issuedAt: null, subject: null, hashAlg: null, contentHash: null, pdfSha256: null, signature: null, changedSinceIssue: null, changes: null };
}

async function verifyStored(p: Platform, r: store.StoredReport, how: string): Promise<Verification> {
  const alg: AuditHashAlg = isAuditHashAlg(r.hashAlg) ? r.hashAlg : 'sha256';
  const intact = contentHash(alg, r.content) === r.contentHash;
  const statement = reportStatement({ number: r.number, issuedAt: r.content.issuedAt, edition: r.edition, hashAlg: alg, contentHash: r.contentHash, pdfSha256: r.pdfSha256 });
  const verifier = trustedAuditKeys(p.config.audit).get(r.keyId);
  const signatureValid = Boolean(verifier?.verify(statement, r.signature));
  const genuine = intact && signatureValid;
  const subject = await findSubjectById(p.db, r.subjectId);
  let changed: boolean | null = null;
  let changes: Change[] | null = null;
  if (genuine && subject) {
    // in the report's own order: the database's order of records with one decision date is not the report's
    // in the scope it was issued under: a partial edition is compared with what its reader may see
    const now = orderedData(await reportData(p, subject, r.edition, p.today(), storedScope(r.content)));
    changed = dataHash(alg, now) !== r.dataHash;
    if (r.edition === 'public') changes = changed ? dataChanges(r.content.data, now) : [];
  }
  const s = r.content.data.subject;
  return {
    genuine,
    zh: genuine
      ? `报告 ${r.number} 为平台出具的真实报告（${how}）${changed ? '；出具后主体信息已发生变化' : changed === false ? '；出具后主体信息未发生变化' : ''}`
      : `报告 ${r.number} 的平台记录未通过完整性或签名校验，请联系平台`,
    en: genuine
      ? `Report ${r.number} was issued by the platform (${how})${changed ? '; the subject’s information has changed since' : changed === false ? '; the subject’s information has not changed since' : ''}`
      : `The platform's record of report ${r.number} fails its integrity or signature check; contact the platform`,
    checkedAt: p.now().toISOString(),
    number: r.number,
    edition: r.edition,
    issuedAt: new Date(r.issuedAt).toISOString(),
    subject: { name: s.name, code: s.code ?? s.maskedId },
    hashAlg: alg,
    contentHash: r.contentHash,
    pdfSha256: r.pdfSha256,
    signature: { alg: r.sigAlg, keyId: r.keyId, valid: signatureValid },
    changedSinceIssue: changed,
    changes,
  };
}

// By number and verification code, as printed on the report.
export async function verifyByCode(p: Platform, number: string, code: string): Promise<Verification> {
  const n = number.trim().toUpperCase();
  const r = REPORT_NUMBER_PATTERN.test(n) ? await store.findReport(p.db, n) : undefined;
  // an unknown number and a wrong code answer alike: numbers cannot be probed
  if (!r || !codeMatches(p, r, code))
    return notGenuine(p, '报告编号或验证码不正确：平台没有出具过这份报告', 'Wrong report number or verification code: the platform issued no such report');
  return verifyStored(p, r, '编号与验证码一致');
}

// By the file: a PDF is genuine only byte for byte; the JSON edition by its content hash.
export async function verifyFile(p: Platform, file: { pdf: Buffer } | { json: unknown }): Promise<Verification> {
  if ('pdf' in file) {
    const r = await store.findReportByPdf(p.db, sha256(file.pdf));
    if (!r) return notGenuine(p, '该 PDF 文件与平台出具的任何报告都不一致（可能被篡改或并非平台出具）', 'This PDF matches no report the platform issued (altered, or not issued by the platform)');
    return verifyStored(p, r, 'PDF 文件与出具时一致');
  }
  const body = (typeof file.json === 'object' && file.json !== null ? file.json : {}) as { content?: ReportContent };
  const content = body.content;
  const number = typeof content?.number === 'string' ? content.number : '';
  const r = REPORT_NUMBER_PATTERN.test(number) ? await store.findReport(p.db, number) : undefined;
  if (!r || !content) return notGenuine(p, '平台没有出具过这份报告', 'The platform issued no such report');
  const alg: AuditHashAlg = isAuditHashAlg(r.hashAlg) ? r.hashAlg : 'sha256';
  if (contentHash(alg, content) !== r.contentHash)
    return notGenuine(p, `报告 ${r.number} 的内容与平台出具时不一致（已被篡改）`, `The content of report ${r.number} differs from what the platform issued (altered)`);
  return verifyStored(p, r, '报告内容与出具时一致');
}

async function getStored(p: Platform, number: string, code: string): Promise<store.StoredReport> {
  const n = number.trim().toUpperCase();
  const r = REPORT_NUMBER_PATTERN.test(n) ? await store.findReport(p.db, n) : undefined;
  if (!r || !codeMatches(p, r, code)) throw notFound('REPORT_NOT_FOUND', '报告编号或验证码不正确', 'Wrong report number or verification code');
  return r;
}

export type ReportJson = {
  number: string;
  edition: ReportEdition;
  issuedAt: string;
  content: ReportContent;
  hashAlg: AuditHashAlg;
  contentHash: string;
  pdfSha256: string;
  signature: { alg: string; keyId: string; value: string; statement: string; publicKeyPem: string | null };
};

// A full edition fetched again by number and code (whoever holds the printed code: the subject, the
// staff member or system it was issued to, anyone they passed it on to) is a read of the subject's
// non-public data like its issue: audited, and shown in the subject's access log as the holder of
// the report's code (the 2026-12-06 re-test of issue 17 found these reads unaudited).
async function auditFullReportRead(p: Platform, r: store.StoredReport, ip: string | undefined, as: 'json' | 'pdf'): Promise<void> {
  if (r.edition !== 'full') return;
  const actor: Actor = { id: `report-holder:${r.number}`, kind: 'public', ...(ip ? { ip } : {}) };
  const why = `凭报告编号和验证码调阅完整版信用报告 ${r.number}${r.purpose ? `（出具用途：${r.purpose}）` : ''}`;
  const c = r.content;
  const detail = { report: r.number, as, ...scopeDetail(storedScope(c), c.data.records.length + c.data.linked.length, (c.scope?.withheld.records ?? 0) + (c.scope?.withheld.linked ?? 0)) };
  await auditRead(p.db, actor, ['credit-report:full'], `subject:${c.data.subject.id}`, why, {}, detail);
}

// The JSON edition: the content as issued with everything needed to check it offline.
export async function reportJson(p: Platform, number: string, code: string, ip?: string): Promise<ReportJson> {
  const r = await getStored(p, number, code);
  await auditFullReportRead(p, r, ip, 'json');
  const alg: AuditHashAlg = isAuditHashAlg(r.hashAlg) ? r.hashAlg : 'sha256';
  const statement = reportStatement({ number: r.number, issuedAt: r.content.issuedAt, edition: r.edition, hashAlg: alg, contentHash: r.contentHash, pdfSha256: r.pdfSha256 });
  return {
    number: r.number,
    edition: r.edition,
    issuedAt: new Date(r.issuedAt).toISOString(),
    content: r.content,
    hashAlg: alg,
    contentHash: r.contentHash,
    pdfSha256: r.pdfSha256,
    signature: { alg: r.sigAlg, keyId: r.keyId, value: r.signature, statement, publicKeyPem: trustedAuditKeys(p.config.audit).get(r.keyId)?.publicKeyPem ?? null },
  };
}

export async function reportPdf(p: Platform, number: string, code: string, ip?: string): Promise<{ number: string; stream: NodeJS.ReadableStream; size: number }> {
  const r = await getStored(p, number, code);
  const stream = await p.blobs.open(r.pdfSha256);
  if (!stream) throw notFound('REPORT_FILE_MISSING', '报告文件不存在', 'The report file is missing');
  await auditFullReportRead(p, r, ip, 'pdf');
  return { number: r.number, stream, size: r.pdfSize };
}
