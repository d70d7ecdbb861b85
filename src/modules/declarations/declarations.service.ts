// 主动申报 (self-declared information, issue 13): a market entity signed in through the subject
// identity flow declares qualifications, honours, certifications, social-responsibility reports or
// voluntary commitments. They are its own word: shown marked 自主申报 with the declaration date, in a
// list of their own, never among department records. A department may flag one false (with a
// reason): the declaration leaves the public page and a false-declaration record is filed in the
// department's name. docs/declarations.md.
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/errors.ts';
import type { Department } from '../access/departments.store.ts';
import { findSubjectByCode, findSubjectIdentity, type Subject } from '../subjects/subjects.store.ts';
import { subjectRecordValues } from '../subjects/subjects.rules.ts';
import { fileRecordFor } from '../collection/collection.service.ts';
import type { VerifiedSubject } from '../rights/identity.service.ts';
import * as store from './declarations.store.ts';
import { FALSE_SEVERITY, KIND_NAMES, SOURCE_LABEL, declarationProblems, mayDeclare, type DeclarationKind } from './declarations.rules.ts';

export const FALSE_CATEGORY = 'false-declaration';

export type DeclarationView = {
  declarationId: string;
  number: string;
  source: typeof SOURCE_LABEL;
  kind: DeclarationKind;
  kindName: string;
  title: string;
  content: string;
  issuer: string | null;
  validUntil: string | null;
  declaredOn: string;
  status: store.DeclarationRow['status'];
  flaggedOn: string | null;
  flagReason: string | null;
};

const viewOf = (d: store.DeclarationRow): DeclarationView => ({
  declarationId: d.id,
  number: d.number,
  source: SOURCE_LABEL,
  kind: d.kind,
  kindName: KIND_NAMES[d.kind],
  title: d.title,
  content: d.content,
  issuer: d.issuer,
  validUntil: d.validUntil,
  declaredOn: d.declaredOn,
  status: d.status,
  flaggedOn: d.flaggedOn,
  flagReason: d.flagReason,
});

export type DeclareInput = { kind?: string; title?: string; content?: string; issuer?: string; validUntil?: string };

export async function declare(p: Platform, v: VerifiedSubject, input: DeclareInput): Promise<DeclarationView> {
  const subject = v.subject;
  if (!subject) throw notFound('SUBJECT_NOT_ON_PLATFORM', '平台没有归集您的信用信息，暂不能申报', 'The platform holds nothing on you yet; you cannot declare');
  if (!mayDeclare(subject.kind)) throw forbidden('DECLARATION_NOT_FOR_PERSONS', '主动申报面向企业和个体工商户', 'Self-declaration is for companies and individual businesses');
  const today = p.today();
  const problems = declarationProblems(input, today);
  if (problems.length) throw badRequest(problems[0]!.code, problems.map((x) => x.zh).join('；'), problems.map((x) => x.en).join('; '), { problems });
  const id = await p.db.tx(async (tx) => {
    const number = await store.nextNumber(tx, today);
    const newId = await store.insertDeclaration(tx, {
      number,
      subjectId: subject.id,
      kind: input.kind as DeclarationKind,
      title: input.title!.trim(),
      content: input.content!.trim(),
      issuer: input.issuer?.trim() || null,
      validUntil: input.validUntil ?? null,
      declaredOn: today,
      at: p.now(),
      sessionId: v.sessionId,
    });
    await writeAudit(tx, v.actor, 'declaration.add', `declaration:${newId}`, { number, subject: subject.publicId, kind: input.kind, sessionId: v.sessionId });
    return newId;
  });
  return viewOf((await store.findDeclaration(p.db, id))!);
}

export async function ownDeclarations(p: Platform, v: VerifiedSubject): Promise<DeclarationView[]> {
  if (!v.subject) return [];
  return (await store.declarationsOf(p.db, v.subject.id, false)).map(viewOf);
}

async function subjectByCode(p: Platform, code: string): Promise<Subject> {
  const s = await findSubjectByCode(p.db, code, p.crypto);
  if (!s) throw notFound('SUBJECT_NOT_FOUND', `平台没有主体 ${code}`, `No subject ${code} on the platform`);
  return s;
}

// 信用河北: a market entity's standing declarations (none for persons). An unknown code answers
// like a subject without declarations: a 404 here told whether the platform held (non-public)
// data about an ID number or a USCC (issue 17, the ID-number oracle).
export async function publicDeclarations(p: Platform, code: string): Promise<DeclarationView[]> {
  const s = await findSubjectByCode(p.db, code, p.crypto);
  if (!s || !mayDeclare(s.kind)) return [];
  return (await store.declarationsOf(p.db, s.id, true)).map(viewOf);
}

// Staff: all of them, flagged ones too.
export async function declarationsOfSubject(p: Platform, code: string): Promise<DeclarationView[]> {
  const s = await subjectByCode(p, code);
  return (await store.declarationsOf(p.db, s.id, false)).map(viewOf);
}

// Staff review queue (CLI and work portal): the newest declarations of every subject, standing
// ones unless a status is given.
export async function recentDeclarations(p: Platform, o: { status?: store.DeclarationRow['status']; limit?: number } = {}): Promise<(DeclarationView & { subject: { name: string; code: string | null } })[]> {
  const rows = await store.recentDeclarations(p.db, { ...(o.status ? { status: o.status } : {}), limit: Math.min(Math.max(o.limit ?? 100, 1), 500) });
  return rows.map((d) => ({ ...viewOf(d), subject: { name: d.subjectName, code: d.subjectCode } }));
}

export async function flagFalse(p: Platform, actor: Actor, department: Department, id: string, input: { reason?: string }): Promise<DeclarationView & { recordId: number }> {
  const reason = (input.reason ?? '').trim();
  if (!reason) throw badRequest('DECLARATION_REASON_REQUIRED', '认定申报不实须说明事由', 'Say why the declaration is false');
  const d = await store.findDeclaration(p.db, id);
  if (!d) throw notFound('DECLARATION_NOT_FOUND', `申报 ${id} 不存在`, `Declaration ${id} not found`);
  if (d.status !== 'declared') throw conflict('DECLARATION_STATE', `申报 ${d.number} 已${d.status === 'false' ? '被认定不实' : '撤回'}`, `Declaration ${d.number} is already ${d.status}`);
  const today = p.today();
  const recordId = await p.db.tx(async (tx) => {
    const who = (await findSubjectIdentity(tx, d.subjectId, p.crypto))!;
    const values: Record<string, unknown> = {
      ...subjectRecordValues(who),
      SBBH: d.number,
      SBLX: KIND_NAMES[d.kind],
      SBNR: `${d.title}：${d.content}`.slice(0, 2000),
      SBRQ: d.declaredOn,
      RDRQ: today,
      RDSY: reason,
      SXCD: FALSE_SEVERITY,
    };
    const rid = await fileRecordFor(p, tx, actor, department, FALSE_CATEGORY, values, today);
    if (!(await store.markFalse(tx, d.id, { on: today, by: actor.id, departmentId: department.id, reason, recordId: rid })))
      throw conflict('DECLARATION_CHANGED', '申报状态已被他人更改，请刷新后重试', 'The declaration was changed meanwhile; reload and try again');
    await writeAudit(tx, actor, 'declaration.false', `declaration:${d.id}`, { number: d.number, department: department.uscc, reason, recordId: rid });
    return rid;
  });
  return { ...viewOf((await store.findDeclaration(p.db, d.id))!), recordId };
}
