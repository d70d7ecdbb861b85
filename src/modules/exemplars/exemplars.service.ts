// 诚信典型 (exemplars, issue 13): a department nominates (subject, title, domain, deeds); an operator
// reviews — the platform checks the subject has no bad record in the green-channel years (not the
// nominator's word); a 公示 on 信用河北 during which anyone may object; approval after the 公示
// files an integrity-exemplar list entry in the nominating department's name (which the
// green-channel measures read); a bad record arriving during the 公示 or the term withdraws it
// (the sweep). docs/exemplars.md.
import type { Platform } from '../../platform.ts';
import { addMonths, addDays, type DateStr } from '../../kernel/dates.ts';
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../../kernel/audit.ts';
import { DomainError, badRequest, conflict, notFound } from '../../kernel/errors.ts';
import { findDepartmentById, type Department } from '../access/departments.store.ts';
import { findSubjectByCode, findSubjectIdentity } from '../subjects/subjects.store.ts';
import { subjectRecordValues } from '../subjects/subjects.rules.ts';
import { fileRecordFor } from '../collection/collection.service.ts';
import { measuresOfSubject } from '../sanctions/checks.service.ts';
import { exitEntry } from '../sanctions/lists.service.ts';
import * as store from './exemplars.store.ts';
import { MAX_OBJECTION_CHARS, inPublicity, nominationProblems, publicityOver, publicityUntil, type ExemplarStatus } from './exemplars.rules.ts';

export const CATEGORY = 'integrity-exemplar';
export const SWEEP_TASK = 'exemplars.sweep';

export type ExemplarView = {
  exemplarId: string;
  number: string;
  status: ExemplarStatus;
  subject: { id: string; name: string; kind: string; uscc: string | null };
  department: string;
  year: number;
  title: string;
  domain: string;
  deeds: string;
  publicityFrom: string | null;
  publicityUntil: string | null;
  reviewNote: string | null;
  decisionNote: string | null;
  recordId: number | null;
  withdrawnOn: string | null;
  withdrawReason: string | null;
  objections: number;
};

export const viewOf = (e: store.ExemplarRow): ExemplarView => ({
  exemplarId: e.id,
  number: e.number,
  status: e.status,
  subject: { id: e.subjectPublicId, name: e.subjectName, kind: e.subjectKind, uscc: e.subjectUscc },
  department: e.departmentName,
  year: e.year,
  title: e.title,
  domain: e.domain,
  deeds: e.deeds,
  publicityFrom: e.publicityFrom,
  publicityUntil: e.publicityUntil,
  reviewNote: e.reviewNote,
  decisionNote: e.decisionNote,
  recordId: e.recordId,
  withdrawnOn: e.withdrawnOn,
  withdrawReason: e.withdrawReason,
  objections: e.objections,
});

const invalid = (problems: { field: string; code: string; zh: string; en: string }[]) =>
  badRequest(problems[0]!.code, problems.map((x) => x.zh).join('；'), problems.map((x) => x.en).join('; '), { problems });

export async function getExemplar(p: Platform, id: string): Promise<store.ExemplarRow> {
  const e = await store.findExemplar(p.db, id);
  if (!e) throw notFound('EXEMPLAR_NOT_FOUND', `诚信典型推荐 ${id} 不存在`, `Exemplar nomination ${id} not found`);
  return e;
}

export type NominateInput = { subject?: string; title?: string; domain?: string; deeds?: string; year?: number };

export async function nominate(p: Platform, actor: Actor, department: Department, input: NominateInput): Promise<ExemplarView> {
  const today = p.today();
  const problems = nominationProblems(input, today);
  const code = input.subject?.trim() ?? '';
  if (!code) problems.unshift({ field: 'subject', code: 'EXEMPLAR_SUBJECT_MISSING', zh: '请填写被推荐主体的代码', en: 'Give the code of the nominated subject' });
  if (problems.length) throw invalid(problems);
  const subject = await findSubjectByCode(p.db, code, p.crypto);
  if (!subject) throw notFound('SUBJECT_NOT_FOUND', `平台没有代码为 ${code} 的主体`, `No subject with code ${code} on the platform`);
  const year = input.year ?? Number(today.slice(0, 4));
  const id = await p.db.tx(async (tx) => {
    const number = await store.nextNumber(tx, year);
    const newId = await store.insertExemplar(tx, { number, subjectId: subject.id, departmentId: department.id, year, title: input.title!.trim(), domain: input.domain!.trim(), deeds: input.deeds!.trim(), at: p.now(), by: actor.id });
    if (!newId) throw conflict('EXEMPLAR_DUPLICATE', `该主体已被推荐为 ${year} 年度“${input.domain!.trim()}”领域诚信典型`, `The subject is already nominated for ${year} in the domain ${input.domain!.trim()}`);
    await writeAudit(tx, actor, 'exemplar.nominate', `exemplar:${newId}`, { number, subject: subject.publicId, department: department.uscc, year, domain: input.domain!.trim() });
    return newId;
  });
  return viewOf((await store.findExemplar(p.db, id))!);
}

// The platform's own check: the subject's bad records in the green-channel years (sanctions).
async function badRecords(p: Platform, e: store.ExemplarRow) {
  return (await measuresOfSubject(p, e.subjectPublicId)).eligibility;
}

const notInState = (e: store.ExemplarRow, zh: string, en: string) =>
  conflict('EXEMPLAR_STATE', `诚信典型推荐 ${e.number} 当前状态为 ${e.status}，${zh}`, `Exemplar nomination ${e.number} is ${e.status}; ${en}`);

// pass: checked against the record, then the 公示 starts today; reject: with a note.
export async function review(p: Platform, actor: Actor, id: string, input: { decision?: string; note?: string }): Promise<ExemplarView> {
  const e = await getExemplar(p, id);
  const note = (input.note ?? '').trim();
  if (input.decision !== 'pass' && input.decision !== 'reject')
    throw badRequest('EXEMPLAR_DECISION_INVALID', `审核结论 ${input.decision ?? '（空）'} 无效，应为 pass 或 reject`, `Unknown decision ${input.decision ?? '(empty)'}; expected pass or reject`);
  if (input.decision === 'reject' && !note) throw badRequest('EXEMPLAR_NOTE_REQUIRED', '不通过须说明理由', 'A rejection needs a note');
  if (e.status !== 'nominated') throw notInState(e, '不能再审核', 'it cannot be reviewed again');
  const today = p.today();
  if (input.decision === 'pass') {
    const el = await badRecords(p, e);
    if (el.badRecords.length > 0)
      throw new DomainError(409, 'EXEMPLAR_BAD_RECORD', `主体不符合诚信典型条件：${el.reason}`, `The subject does not qualify: ${el.reasonEn}`, { badRecords: el.badRecords });
  }
  await p.db.tx(async (tx) => {
    const to: ExemplarStatus = input.decision === 'pass' ? 'publicity' : 'rejected';
    const ok = await store.setStatus(tx, e.id, 'nominated', to, {
      reviewedAt: p.now(),
      reviewedBy: actor.id,
      reviewNote: note || undefined,
      ...(to === 'publicity' ? { publicityFrom: today, publicityUntil: publicityUntil(p.rules.exemplars, today) } : { decidedAt: p.now(), decidedBy: actor.id, decisionNote: note }),
    });
    if (!ok) throw conflict('EXEMPLAR_CHANGED', '推荐状态已被他人更改，请刷新后重试', 'The nomination was changed meanwhile; reload and try again');
    await writeAudit(tx, actor, 'exemplar.review', `exemplar:${e.id}`, { number: e.number, decision: input.decision, note: note || null, ...(to === 'publicity' ? { publicityUntil: publicityUntil(p.rules.exemplars, today) } : {}) });
  });
  return viewOf((await store.findExemplar(p.db, e.id))!);
}

// Anyone may object during the 公示 (public form on 信用河北): the content only, nothing about who.
export async function fileObjection(p: Platform, id: string, input: { content?: string }): Promise<{ exemplar: string; objectionId: number }> {
  const e = await store.findExemplar(p.db, id);
  const today = p.today();
  if (!e || !inPublicity(e, today)) throw notFound('EXEMPLAR_NOT_IN_PUBLICITY', `没有正在公示的诚信典型 ${id}`, `No exemplar ${id} is in its publicity period`);
  const content = (input.content ?? '').trim();
  if (!content) throw badRequest('OBJECTION_CONTENT_MISSING', '请填写异议内容', 'Give the content of the objection');
  if (content.length > MAX_OBJECTION_CHARS) throw badRequest('OBJECTION_TOO_LONG', `异议内容不能超过 ${MAX_OBJECTION_CHARS} 字`, `The objection may have at most ${MAX_OBJECTION_CHARS} characters`);
  const objectionId = await p.db.tx(async (tx) => {
    const oid = await store.insertObjection(tx, e.id, content, p.now());
    await writeAudit(tx, { id: 'public', kind: 'public' }, 'exemplar.objection', `exemplar:${e.id}`, { number: e.number, objectionId: oid });
    return oid;
  });
  return { exemplar: e.number, objectionId };
}

export async function objections(p: Platform, id: string) {
  const e = await getExemplar(p, id);
  return (await store.objectionsOf(p.db, e.id)).map((o) => ({ ...o, filedAt: o.filedAt.toISOString() }));
}

// After the 公示: approve (the record is checked again; objections must have been considered: a
// note is required when there are any) or reject.
export async function decide(p: Platform, actor: Actor, id: string, input: { decision?: string; note?: string }): Promise<ExemplarView> {
  const e = await getExemplar(p, id);
  const today = p.today();
  const note = (input.note ?? '').trim();
  if (input.decision !== 'approve' && input.decision !== 'reject')
    throw badRequest('EXEMPLAR_DECISION_INVALID', `决定 ${input.decision ?? '（空）'} 无效，应为 approve 或 reject`, `Unknown decision ${input.decision ?? '(empty)'}; expected approve or reject`);
  if (e.status !== 'publicity') throw notInState(e, '不在公示阶段', 'it is not in its publicity period');
  if (!publicityOver(e, today))
    throw conflict('EXEMPLAR_PUBLICITY_RUNNING', `公示期至 ${e.publicityUntil}，期满后方可决定`, `The publicity period runs until ${e.publicityUntil}; decide after it`);
  if (!note && (e.objections > 0 || input.decision === 'reject'))
    throw badRequest('EXEMPLAR_NOTE_REQUIRED', e.objections > 0 ? `公示期间收到异议 ${e.objections} 件，请说明处理情况` : '不通过须说明理由', e.objections > 0 ? `${e.objections} objection(s) were filed; say how they were handled` : 'A rejection needs a note');
  if (input.decision === 'reject') {
    await p.db.tx(async (tx) => {
      if (!(await store.setStatus(tx, e.id, 'publicity', 'rejected', { decidedAt: p.now(), decidedBy: actor.id, decisionNote: note }))) throw conflict('EXEMPLAR_CHANGED', '推荐状态已被他人更改，请刷新后重试', 'The nomination was changed meanwhile; reload and try again');
      await writeAudit(tx, actor, 'exemplar.decide', `exemplar:${e.id}`, { number: e.number, decision: 'reject', note });
    });
    return viewOf((await store.findExemplar(p.db, e.id))!);
  }
  const el = await badRecords(p, e);
  if (el.badRecords.length > 0)
    throw new DomainError(409, 'EXEMPLAR_BAD_RECORD', `主体不符合诚信典型条件：${el.reason}`, `The subject does not qualify: ${el.reasonEn}`, { badRecords: el.badRecords });
  const department = (await findDepartmentById(p.db, e.departmentId))!;
  const who = (await findSubjectIdentity(p.db, e.subjectId, p.crypto))!;
  const term = p.catalog.get(CATEGORY).list?.termMonths;
  const values: Record<string, unknown> = {
    ...subjectRecordValues(who),
    RYCH: e.title,
    SYJG: department.name,
    RDWSH: e.number,
    RDRQ: today,
    RDSY: `${e.year}年度${e.domain}领域诚信典型：${e.deeds}`.slice(0, 2000),
    YXQZ: term ? addDays(addMonths(today, term), -1) : null,
  };
  await p.db.tx(async (tx) => {
    const recordId = await fileRecordFor(p, tx, actor, department, CATEGORY, values, today);
    if (!(await store.setStatus(tx, e.id, 'publicity', 'approved', { decidedAt: p.now(), decidedBy: actor.id, decisionNote: note || undefined, recordId })))
      throw conflict('EXEMPLAR_CHANGED', '推荐状态已被他人更改，请刷新后重试', 'The nomination was changed meanwhile; reload and try again');
    await writeAudit(tx, actor, 'exemplar.decide', `exemplar:${e.id}`, { number: e.number, decision: 'approve', recordId, note: note || null });
  });
  return viewOf((await store.findExemplar(p.db, e.id))!);
}

export async function listExemplars(p: Platform, departmentIds: readonly number[] | null, status?: ExemplarStatus): Promise<ExemplarView[]> {
  return (await store.listExemplars(p.db, { departmentIds, ...(status ? { status } : {}) })).map(viewOf);
}

// What 信用河北 shows during the 公示. A person is shown by name (the list publishes persons), never a document number.
export async function publicityList(p: Platform) {
  return (await store.inPublicityOn(p.db, p.today())).map((e) => ({
    exemplarId: e.id,
    number: e.number,
    subjectName: e.subjectName,
    subjectUscc: e.subjectUscc,
    department: e.departmentName,
    year: e.year,
    title: e.title,
    domain: e.domain,
    deeds: e.deeds,
    publicityFrom: e.publicityFrom!,
    publicityUntil: e.publicityUntil!,
  }));
}

// A bad record during the 公示 or the term withdraws the exemplar: in 公示, the nomination ends; once
// approved, the list entry exits (a status version by the nominating department). Idempotent.
export async function sweepExemplars(p: Platform): Promise<{ withdrawn: string[] }> {
  const withdrawn: string[] = [];
  const today: DateStr = p.today();
  for (const e of await store.standing(p.db)) {
    const el = await badRecords(p, e);
    if (el.badRecords.length === 0) continue;
    const first = el.badRecords[0]!;
    const reason = `出现不良信用记录（${first.ref}，${first.decisionDate}），撤销诚信典型`;
    if (e.status === 'approved') {
      const department = (await findDepartmentById(p.db, e.departmentId))!;
      await exitEntry(p, SYSTEM_ACTOR, department, { category: CATEGORY, ref: e.number, reason, exitDate: today }).catch((err: unknown) => {
        // already exited (a sweep stopped between the exit and the status): the status follows
        if (!(err instanceof DomainError) || err.status !== 409) throw err;
      });
    }
    await p.db.tx(async (tx) => {
      if (await store.setStatus(tx, e.id, e.status, 'withdrawn', { withdrawnOn: today, withdrawReason: reason })) {
        await writeAudit(tx, SYSTEM_ACTOR, 'exemplar.withdraw', `exemplar:${e.id}`, { number: e.number, from: e.status, badRecord: first.recordId });
        withdrawn.push(e.id);
      }
    });
  }
  return { withdrawn };
}
