// Tips (举报): filing by the public, evidence, status for the reporter, routing, handling,
// outcomes, escalation, and the audited read of a reporter by a tip handler of the department
// the tip is routed to. The reporter's name and phone exist in clear only inside fileTip (before
// sealing) and in the answer of readReporter; never in an audit detail, a log or another answer.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { existsSync } from 'node:fs';
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { DomainError, badRequest, conflict, forbidden, notFound } from '../../kernel/errors.ts';
import { storeBlob, blobPath } from '../../kernel/blob-store.ts';
import { findControlCharacter, controlCharacterMessage } from '../../kernel/text.ts';
import { regionContains, regionsWithin } from '../access/access.rules.ts';
import { findDepartmentById, listDepartments } from '../access/departments.store.ts';
import { findSubjectByCode } from '../subjects/subjects.store.ts';
import { currentVersionForUpdate, recordRegionsOf } from '../collection/records.store.ts';
import { sniffEvidenceType, type EvidenceType } from '../rights/evidence-type.rules.ts';
import * as rules from './tips.rules.ts';
import * as store from './tips.store.ts';
import { addressKey } from '../../kernel/address-key.ts';

// Who is looking: a tip handler of a department, or an operator / platform administrator of a
// region (routing and supervision: everything but the reporter).
export type Viewer = { kind: 'handler'; departmentId: number } | { kind: 'supervisor'; regionCode: string };

const PUBLIC_ACTOR: Actor = { id: 'public', kind: 'public' }; // no address: it could identify the reporter
const HOUR = 3_600_000;
const QUERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const ruleNow = (p: Platform) => rules.tipsRuleOn(p.rules.tips, p.today());
const hashCode = (code: string) => createHash('sha256').update(`xinyong/tip-query-code\u0000${code}`).digest('hex');

function newQueryCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += QUERY_ALPHABET[randomInt(QUERY_ALPHABET.length)];
  return s;
}

const NO_SUCH_TIP = () => notFound('TIP_NOT_FOUND', '受理编号或查询码不正确', 'The receipt number or the query code is wrong');

// Per-address counters: a keyed hash of the address and the window, deleted when the window ends.
async function limitAddress(p: Platform, address: string, action: 'file' | 'evidence' | 'status', max: number): Promise<void> {
  const start = rules.windowStart(p.now(), HOUR);
  const key = p.modules.tips.crypto.blindIndex(`tip-rate\u0000${start.toISOString()}\u0000${addressKey(address)}`); // an IPv6 /64 is one address
  const n = await store.countAttempt(p.db, key, action, start);
  if (n > max) {
    const retry = Math.ceil((start.getTime() + HOUR - p.now().getTime()) / 60_000);
    throw new DomainError(429, 'TIP_RATE_LIMITED', `来自同一地址的请求过于频繁，请 ${retry} 分钟后再试`, `Too many requests from this address; retry in ${retry} min`);
  }
}

// ---- filing (public)

export type FileTipInput = rules.TipInput;
export type FiledTip = { receiptNumber: string; queryCode: string };

async function subjectRegionOf(p: Platform, code: string | null): Promise<string> {
  const byCode = rules.regionOfCode(code);
  if (byCode) return byCode;
  if (code) {
    const subject = await findSubjectByCode(p.db, code, p.crypto).catch(() => undefined);
    if (subject) {
      const regions = await recordRegionsOf(p.db, subject.id);
      const nearest = regions.sort((a, b) => (b.endsWith('0000') ? 0 : b.endsWith('00') ? 1 : 2) - (a.endsWith('0000') ? 0 : a.endsWith('00') ? 1 : 2))[0];
      if (nearest) return nearest;
    }
  }
  return '130000';
}

export async function fileTip(p: Platform, input: FileTipInput, address: string): Promise<FiledTip> {
  const rule = ruleNow(p);
  const checked = rules.checkTip(input, rule);
  if (!checked.ok) {
    const first = checked.violations[0]!;
    throw badRequest(first.code, first.zh, first.en, { violations: checked.violations.map(({ field, code, zh, en }) => ({ field, code, zh, en })) });
  }
  await limitAddress(p, address, 'file', rule.limits.filesPerAddressPerHour);
  const tip = checked.tip;
  const today = p.today();
  const region = await subjectRegionOf(p, tip.subjectCode);
  const kind = rules.matterKind(`${tip.matter} ${tip.subjectName}`, rule);
  const department = rules.pickDepartment(region, kind, rule.routing.defaultKind, await listDepartments(p.db));
  const queryCode = newQueryCode();
  const due = rules.dueDate(today, rule, p.calendar);
  return p.db.tx(async (tx) => {
    for (let attempt = 0; ; attempt++) {
      const receiptNumber = rules.receiptNumber(today, String(randomInt(100_000_000)).padStart(8, '0'));
      const taken = await tx.one('SELECT 1 FROM tip WHERE receipt_number = $1', [receiptNumber]);
      if (taken && attempt < 5) continue;
      const id = await store.insertTip(tx, {
        receiptNumber,
        queryCodeHash: hashCode(queryCode),
        subjectName: tip.subjectName,
        subjectCode: tip.subjectCode,
        subjectRegion: region,
        matter: tip.matter,
        matterKind: kind,
        reporterSealed: tip.reporter ? p.modules.tips.crypto.encrypt(JSON.stringify(tip.reporter)) : null,
        departmentId: department?.id ?? null,
        receivedOn: today,
        dueDate: due,
      });
      await store.addNote(tx, id, p.now(), 'system', 'route', department ? `按主体所在地 ${region} 与事项类别 ${kind} 分派至部门 ${department.id}` : `主体所在地 ${region} 无 ${kind} 部门，待运营人员分派`);
      await writeAudit(tx, PUBLIC_ACTOR, 'tip.file', `tip:${id}`, { receiptNumber, departmentId: department?.id ?? null, matterKind: kind, subjectRegion: region, named: tip.reporter !== null, dueDate: due });
      return { receiptNumber, queryCode };
    }
  });
}

async function tipByCredentials(p: Platform, receiptNumber: string, queryCode: string): Promise<store.TipRow> {
  const tip = /^JB\d{16}$/.test(receiptNumber) ? await store.findTipByReceipt(p.db, receiptNumber) : undefined;
  const given = Buffer.from(hashCode(queryCode.trim().toUpperCase()), 'hex');
  const expected = Buffer.from(tip?.queryCodeHash ?? hashCode('\u0000none'), 'hex');
  if (!tip || !timingSafeEqual(given, expected)) throw NO_SUCH_TIP();
  return tip;
}

// ---- evidence (public follow-up upload)

export type EvidenceUpload = { queryCode: string; contentType: string; contentBase64: string };

const TYPES: readonly EvidenceType[] = ['application/pdf', 'image/jpeg', 'image/png', 'application/ofd'];

export async function addTipEvidence(p: Platform, receiptNumber: string, u: EvidenceUpload, address: string): Promise<{ seq: number; sha256: string; contentType: EvidenceType; size: number }> {
  const rule = ruleNow(p);
  await limitAddress(p, address, 'evidence', rule.limits.evidencePerAddressPerHour);
  const tip = await tipByCredentials(p, receiptNumber, u.queryCode);
  if (!rules.isOpen(tip.status)) throw conflict('TIP_CLOSED', '该举报已办结，不能再补充证据', 'The tip is closed; no more evidence can be added');
  if (!TYPES.includes(u.contentType as EvidenceType))
    throw badRequest('TIP_EVIDENCE_TYPE', `证据文件类型 ${u.contentType} 不受支持（支持 PDF、JPEG、PNG、OFD）`, `Evidence type ${u.contentType} is not accepted (PDF, JPEG, PNG, OFD)`);
  const b64 = u.contentBase64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw badRequest('TIP_EVIDENCE_ENCODING', '证据文件不是有效的 Base64 内容', 'The evidence is not valid base64');
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length === 0) throw badRequest('TIP_EVIDENCE_EMPTY', '证据文件为空', 'The evidence file is empty');
  if (bytes.length > rule.limits.evidenceBytes)
    throw new DomainError(
      413,
      'TIP_EVIDENCE_TOO_LARGE',
      `证据文件超过 ${rule.limits.evidenceBytes >> 20} MB（本文件 ${(bytes.length / 1048576).toFixed(1)} MB）`,
      `The evidence file exceeds ${rule.limits.evidenceBytes >> 20} MB (this one: ${(bytes.length / 1048576).toFixed(1)} MB)`,
    );
  const actual = sniffEvidenceType(bytes);
  if (actual !== u.contentType)
    throw badRequest(
      'TIP_EVIDENCE_CONTENT',
      `证据文件的内容不是所声明的 ${u.contentType}${actual ? `（实为 ${actual}）` : ''}；请上传 PDF、JPEG、PNG 或 OFD 文件`,
      `The content is not the declared ${u.contentType}${actual ? ` (it is ${actual})` : ''}; upload a PDF, JPEG, PNG or OFD file`,
    );
  const tooMany = () => conflict('TIP_EVIDENCE_TOO_MANY', `每件举报最多 ${rule.limits.evidenceFilesPerTip} 个证据文件`, `A tip may have at most ${rule.limits.evidenceFilesPerTip} evidence files`);
  // checked before the file is stored (and again under the tip's lock below, for concurrent uploads)
  if ((await store.evidenceOf(p.db, tip.id)).length >= rule.limits.evidenceFilesPerTip) throw tooMany();
  const blob = await storeBlob(p.config.blobDir, Readable.from([bytes]));
  const at = p.now();
  return p.db.tx(async (tx) => {
    const seq = await store.insertEvidence(tx, tip.id, { sha256: blob.sha256, contentType: actual, size: blob.size, uploadedAt: at }, rule.limits.evidenceFilesPerTip);
    if (seq === undefined) throw tooMany();
    await writeAudit(tx, PUBLIC_ACTOR, 'tip.evidence', `tip:${tip.id}`, { seq, sha256: blob.sha256, contentType: actual, size: blob.size });
    return { seq, sha256: blob.sha256, contentType: actual, size: blob.size };
  });
}

// ---- status (public: the reporter, with receipt number and query code; never the notes)

export type PublicTipStatus = {
  receiptNumber: string;
  status: rules.TipStatus;
  statusLabel: { zh: string; en: string };
  receivedOn: string;
  dueDate: string;
  department: string | null;
  outcomeOn: string | null;
  reply: string | null;
  forwardedTo: string | null;
  evidenceFiles: number;
};

export async function tipStatus(p: Platform, receiptNumber: string, queryCode: string, address: string): Promise<PublicTipStatus> {
  await limitAddress(p, address, 'status', ruleNow(p).limits.statusPerAddressPerHour);
  const tip = await tipByCredentials(p, receiptNumber, queryCode);
  const files = await store.evidenceOf(p.db, tip.id);
  return {
    receiptNumber: tip.receiptNumber,
    status: tip.status,
    statusLabel: rules.TIP_STATUS_LABELS[tip.status],
    receivedOn: tip.receivedOn,
    dueDate: tip.dueDate,
    department: tip.departmentName,
    outcomeOn: tip.outcomeOn,
    reply: tip.publicReply,
    forwardedTo: tip.forwardedTo,
    evidenceFiles: files.length,
  };
}

// ---- staff: list, detail, route, notes, outcome, record links, reporter, evidence

function mayView(v: Viewer, tip: store.TipRow, departmentRegion: string | null): boolean {
  if (v.kind === 'handler') return tip.departmentId !== null && tip.departmentId === v.departmentId;
  return regionContains(v.regionCode, tip.subjectRegion) || (departmentRegion !== null && regionContains(v.regionCode, departmentRegion));
}

async function viewableTip(p: Platform, v: Viewer, id: number): Promise<store.TipRow> {
  const tip = await store.findTip(p.db, id);
  const dep = tip?.departmentId ? await findDepartmentById(p.db, tip.departmentId) : undefined;
  if (!tip || !mayView(v, tip, dep?.regionCode ?? null)) throw notFound('TIP_NOT_FOUND', '没有这件举报，或不在您的办理范围内', 'No such tip, or it is not yours to handle');
  return tip;
}

export type StaffTip = Omit<store.TipRow, 'queryCodeHash' | 'createdAt'> & { overdue: boolean };

const staffView = (t: store.TipRow, today: string): StaffTip => {
  const { queryCodeHash: _q, createdAt: _c, ...rest } = t;
  return { ...rest, overdue: rules.isOpen(t.status) && t.dueDate < today };
};

export type ListQuery = { status?: rules.TipStatus; state?: 'open' | 'closed'; overdue?: boolean; unrouted?: boolean; limit: number; offset: number };

export async function listTipsFor(p: Platform, v: Viewer, q: ListQuery): Promise<{ items: StaffTip[]; total: number }> {
  const today = p.today();
  let filter: store.TipFilter;
  if (v.kind === 'handler') filter = { departmentIds: [v.departmentId], regionCodes: null };
  else {
    const deps = (await listDepartments(p.db)).filter((d) => regionContains(v.regionCode, d.regionCode)).map((d) => d.id);
    const regions = regionsWithin(v.regionCode);
    filter = { departmentIds: deps, regionCodes: regions };
  }
  if (q.status) filter.status = q.status;
  if (q.state) filter.state = q.state;
  if (q.overdue) filter.overdueOn = today;
  if (q.unrouted) filter.unroutedOnly = true;
  const page = await store.listTips(p.db, filter, q.limit, q.offset);
  return { items: page.items.map((t) => staffView(t, today)), total: page.total };
}

export type TipDetail = StaffTip & { notes: store.TipNote[]; evidence: store.TipEvidence[]; linkedRecordIds: number[] };

export async function tipDetail(p: Platform, v: Viewer, id: number): Promise<TipDetail> {
  const tip = await viewableTip(p, v, id);
  return {
    ...staffView(tip, p.today()),
    notes: await store.notesOf(p.db, id),
    evidence: await store.evidenceOf(p.db, id),
    linkedRecordIds: await store.linkedRecordIds(p.db, id),
  };
}

function checkText(field: { zh: string; en: string }, text: string, max: number): string {
  const hit = findControlCharacter(text, { allowWhitespaceControls: true });
  if (hit) {
    const m = controlCharacterMessage(field.zh, field.en, hit);
    throw badRequest(m.code, m.zh, m.en);
  }
  const t = text.trim();
  if (!t) throw badRequest('TIP_TEXT_REQUIRED', `请填写${field.zh}`, `${field.en} is required`);
  if ([...t].length > max) throw badRequest('TIP_FIELD_TOO_LONG', `${field.zh}不能超过 ${max} 个字`, `${field.en} may have at most ${max} characters`);
  return t;
}

// Operators (and platform administrators) of the region re-route a tip to another department.
export async function routeTip(p: Platform, actor: Actor, v: Viewer, id: number, departmentId: number, reason: string): Promise<TipDetail> {
  if (v.kind !== 'supervisor') throw forbidden('TIP_ROUTE_FORBIDDEN', '只有运营人员可以改派举报', 'Only operators may re-route a tip');
  const why = checkText({ zh: '改派理由', en: 'reason' }, reason, 500);
  const tip = await viewableTip(p, v, id);
  if (!rules.isOpen(tip.status)) throw conflict('TIP_CLOSED', '该举报已办结，不能改派', 'The tip is closed; it cannot be re-routed');
  const dep = await findDepartmentById(p.db, departmentId);
  if (!dep || !dep.active) throw badRequest('DEPARTMENT_NOT_FOUND', `没有编号为 ${departmentId} 的在用部门`, `No active department with id ${departmentId}`);
  if (!regionContains(v.regionCode, dep.regionCode))
    throw forbidden('TIP_ROUTE_OUT_OF_REGION', '只能改派给本地区的部门', 'A tip may be routed only to a department of your region');
  await p.db.tx(async (tx) => {
    await store.findTipForUpdate(tx, id);
    await store.setRoute(tx, id, dep.id);
    await store.addNote(tx, id, p.now(), actor.id, 'route', `改派至 ${dep.name}：${why}`);
    await writeAudit(tx, actor, 'tip.route', `tip:${id}`, { from: tip.departmentId, to: dep.id }, { why });
  });
  return tipDetail(p, v, id);
}

export async function addTipNote(p: Platform, actor: Actor, v: Viewer, id: number, text: string): Promise<TipDetail> {
  if (v.kind !== 'handler') throw forbidden('TIP_HANDLER_ONLY', '只有承办部门的举报办理员可以办理', 'Only the tip handlers of the department the tip is routed to may handle it');
  const t = checkText({ zh: '办理备注', en: 'note' }, text, 2000);
  const tip = await viewableTip(p, v, id);
  if (!rules.isOpen(tip.status)) throw conflict('TIP_CLOSED', '该举报已办结', 'The tip is closed');
  await p.db.tx(async (tx) => {
    await store.findTipForUpdate(tx, id);
    await store.addNote(tx, id, p.now(), actor.id, 'note', t);
    if (tip.status === 'received') await store.setStatus(tx, id, 'in-progress');
    await writeAudit(tx, actor, 'tip.note', `tip:${id}`, { status: 'in-progress' });
  });
  return tipDetail(p, v, id);
}

export type OutcomeInput = { outcome: rules.TipOutcome; note: string; reply: string; forwardedTo?: string };

export async function answerTip(p: Platform, actor: Actor, v: Viewer, id: number, input: OutcomeInput): Promise<TipDetail> {
  if (v.kind !== 'handler') throw forbidden('TIP_HANDLER_ONLY', '只有承办部门的举报办理员可以办理', 'Only the tip handlers of the department the tip is routed to may handle it');
  const note = checkText({ zh: '办理意见（内部）', en: 'note' }, input.note, 2000);
  const reply = checkText({ zh: '答复举报人', en: 'reply' }, input.reply, 500);
  const forwardedTo = input.outcome === 'not-competent' && input.forwardedTo?.trim() ? checkText({ zh: '转交部门', en: 'forwardedTo' }, input.forwardedTo, 200) : undefined;
  await viewableTip(p, v, id);
  await p.db.tx(async (tx) => {
    const tip = (await store.findTipForUpdate(tx, id))!;
    const ok = rules.checkOutcome(tip.status, input.outcome, forwardedTo);
    if (!ok.ok) throw ok.code === 'TIP_CLOSED' ? conflict(ok.code, ok.zh, ok.en) : badRequest(ok.code, ok.zh, ok.en);
    await store.setOutcome(tx, id, { status: input.outcome, on: p.today(), note, publicReply: reply, forwardedTo: forwardedTo ?? null });
    await store.addNote(tx, id, p.now(), actor.id, 'outcome', `${rules.TIP_STATUS_LABELS[input.outcome].zh}：${note}`);
    await writeAudit(tx, actor, 'tip.outcome', `tip:${id}`, { outcome: input.outcome, forwarded: forwardedTo !== undefined });
  });
  return tipDetail(p, v, id);
}

// A substantiated tip and the record its department submitted afterwards through normal
// collection (a batch of its own system or the upload page), named by category and source ref.
export async function linkTipRecord(p: Platform, actor: Actor, v: Viewer, id: number, key: { category: string; sourceRef: string }): Promise<TipDetail> {
  if (v.kind !== 'handler') throw forbidden('TIP_HANDLER_ONLY', '只有承办部门的举报办理员可以办理', 'Only the tip handlers of the department the tip is routed to may handle it');
  const tip = await viewableTip(p, v, id);
  if (tip.status !== 'substantiated')
    throw conflict('TIP_NOT_SUBSTANTIATED', '只有查证属实的举报可以关联信用记录', 'Only a substantiated tip may be linked to a record');
  await p.db.tx(async (tx) => {
    const rec = await currentVersionForUpdate(tx, { category: key.category, departmentId: v.departmentId, sourceRef: key.sourceRef }, p.config.timeZone);
    if (!rec)
      throw notFound('TIP_RECORD_NOT_FOUND', `本部门没有类别 ${key.category}、业务编号 ${key.sourceRef} 的信用记录（请先通过归集报送）`, `Your department has no record of category ${key.category} with source ref ${key.sourceRef} (submit it through collection first)`);
    const added = await store.linkRecord(tx, id, rec.id, p.now());
    if (added) {
      await store.addNote(tx, id, p.now(), actor.id, 'record-link', `关联信用记录 ${key.category} ${key.sourceRef}`);
      await writeAudit(tx, actor, 'tip.record-link', `tip:${id}`, { recordId: rec.id, category: key.category });
    }
  });
  return tipDetail(p, v, id);
}

export type Reporter = { name: string; phone: string };

// The reporter, for a tip handler of the department the tip is routed to, with a purpose; the
// read is audited (action, purpose; never the name or phone) in the same transaction.
export async function readReporter(p: Platform, actor: Actor, v: Viewer, id: number, purpose: string): Promise<Reporter | null> {
  if (v.kind !== 'handler') throw forbidden('TIP_REPORTER_FORBIDDEN', '只有承办部门的举报办理员可以查阅举报人信息', 'Only the tip handlers of the department the tip is routed to may read the reporter');
  const why = checkText({ zh: '查阅事由', en: 'purpose' }, purpose, 500);
  await viewableTip(p, v, id);
  return p.db.tx(async (tx) => {
    const sealed = await store.sealedReporterOf(tx, id);
    await writeAudit(tx, actor, 'tip.reporter-read', `tip:${id}`, { anonymous: sealed === null }, { why });
    return sealed === null ? null : (JSON.parse(p.modules.tips.crypto.decrypt(sealed)) as Reporter);
  });
}

export async function openTipEvidence(p: Platform, actor: Actor, v: Viewer, id: number, seq: number): Promise<{ file: store.TipEvidence; path: string }> {
  await viewableTip(p, v, id);
  const file = (await store.evidenceOf(p.db, id)).find((f) => f.seq === seq);
  const path = file ? blobPath(p.config.blobDir, file.sha256) : undefined;
  if (!file || !path || !existsSync(path)) throw notFound('EVIDENCE_NOT_FOUND', '没有这个证据文件', 'No such evidence file');
  await writeAudit(p.db, actor, 'tip.evidence-read', `tip:${id}`, { seq });
  return { file, path };
}

// ---- escalation (job runner: tips.escalate)

// Every open tip past its due date goes up one level per `escalateEveryWorkingDays` working days:
// a note names the region whose credit office supervises it now; audited. Idempotent: a tip
// already at its level is left alone.
export async function escalateOverdue(p: Platform): Promise<{ escalated: string[] }> {
  const today = p.today();
  const out: string[] = [];
  for (const tip of await store.openTipsDueBefore(p.db, today)) {
    const rule = rules.tipsRuleOn(p.rules.tips, tip.receivedOn);
    const level = rules.escalationLevel(tip.dueDate, today, rule, p.calendar);
    if (level <= tip.escalationLevel) continue;
    const region = rules.escalationRegion(tip.subjectRegion, level);
    await p.db.tx(async (tx) => {
      const fresh = await store.findTipForUpdate(tx, tip.id);
      if (!fresh || !rules.isOpen(fresh.status) || fresh.escalationLevel >= level) return;
      await store.setEscalation(tx, tip.id, level, today);
      await store.addNote(tx, tip.id, p.now(), 'system', 'escalation', `逾期未办结（期限 ${tip.dueDate}），第 ${level} 次督办，督办地区 ${region}`);
      await writeAudit(tx, { id: 'system', kind: 'system' }, 'tip.escalate', `tip:${tip.id}`, { level, region, dueDate: tip.dueDate });
      out.push(tip.receiptNumber);
    });
  }
  return { escalated: out };
}
