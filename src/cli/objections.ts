import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from './commands.ts';
import { args, helpText, printJson, resolvePath, withPlatform, type CliIo } from './shared.ts';
import { notFound } from '../kernel/errors.ts';
import type { Platform } from '../platform.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { findSubjectByCode, type Subject } from '../modules/subjects/subjects.store.ts';
import { decideObjection, fileObjection, getObjection, listObjections, OUTCOMES, type ObjectionView, type Outcome } from '../modules/rights/objections.service.ts';
import { sweepDeadlines } from '../modules/rights/deadlines.service.ts';
import type { EvidenceUpload } from '../modules/rights/rights.service.ts';
import { inPersonSchema } from '../modules/rights/rights.schemas.ts';

type InPersonDocument = (typeof inPersonSchema.properties.document.enum)[number];
const IN_PERSON_DOCUMENTS: readonly InPersonDocument[] = inPersonSchema.properties.document.enum;

const HELP = `
xinyong objections file --subject CODE --ref 文书号 [--ref …] [--category C] --reason TEXT
                        --in-person id_card|passport|residence_permit|business_license|authorization_letter
                        [--evidence FILE]... [--applicant NAME] [--contact PHONE|EMAIL] [--json]
  Files an objection (异议) for the subject, as staff at a service window (窗口代办): --in-person
  names the identity document the applicant showed, recorded with the operating-system user
  who ran the command (the audit actor cli:user@host). The providing
  departments are notified; their answer is due in 20 working days (person) or 15 (market
  entity). Prints {objectionId, number, dueDate, provisional, status, …}.
xinyong objections decide ID --outcome correct|revoke|uphold --note TEXT [--department USCC]
                          [--set FIELD=VALUE]... [--json]
  The department's answer to its open items (--department; default: every open item).
  correct: --set gives the corrected values (field code or Chinese name), or a version submitted
  since the filing is taken as the correction; revoke: the record leaves publication and checks.
xinyong objections show ID [--json]
xinyong objections list [--status open|decided] [--overdue] [--department USCC] [--json]
xinyong objections sweep [--json]
  Escalates overdue objections and repair reviews to the operator (once each) and delivers
  pending notices; the server runs the same sweep every minute.`;

const TYPES: Record<string, string> = { '.pdf': 'application/pdf', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.ofd': 'application/ofd' };

export function evidenceFiles(io: CliIo, files: readonly string[] | undefined, purpose?: EvidenceUpload['purpose']): EvidenceUpload[] {
  return (files ?? []).map((f) => ({
    filename: path.basename(f),
    contentType: TYPES[path.extname(f).toLowerCase()] ?? 'application/octet-stream',
    contentBase64: readFileSync(resolvePath(io, f)).toString('base64'),
    ...(purpose ? { purpose } : {}),
  }));
}

export async function subjectOrThrow(p: Platform, code: string): Promise<Subject> {
  const s = await findSubjectByCode(p.db, code, p.crypto);
  if (!s) throw notFound('SUBJECT_NOT_FOUND', `平台没有主体 ${code} 的信用记录`, `The platform holds no record of subject ${code}`);
  return s;
}

function print(io: CliIo, o: ObjectionView): void {
  io.log(`异议 Objection ${o.number} (${o.objectionId})  ${o.status === 'open' ? '处理中 open' : '已办结 decided'}`);
  io.log(`主体 Subject: ${o.subject.name} (${o.subject.code ?? o.subject.maskedId})  提出 filed ${o.filedOn}  答复期限 due ${o.dueDate}${o.provisional ? '（临时 provisional）' : ''}${o.overdue ? '  已逾期 OVERDUE' : ''}`);
  if (o.inPerson) io.log(`窗口代办 filed at a service window: 查验证件 document ${o.inPerson.document}  经办 by ${o.inPerson.checkedBy ?? ''}`);
  for (const i of o.items)
    io.log(`  ${i.seq}. ${i.categoryName} ${i.ref}  ${i.department.name}  ${i.status}${i.note ? ` — ${i.note}` : ''}`);
  const said: Record<string, string> = { applied: '已实施 applied', not_applied: '未实施 not applied', not_applicable: '不适用 not applicable' };
  for (const a of o.affectedChecks)
    io.log(`  受影响的核查 affected check ${a.checkId}  ${a.department.name}  ${a.scenarioName}  ${a.measureName}  ${a.feedback ? (said[a.feedback] ?? a.feedback) : '未反馈 no feedback'}`);
}

export const objectionsCommand: Command = {
  summary: '异议 Objections: file, decide, show, list, sweep',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(
      rest,
      {
        subject: { type: 'string' },
        ref: { type: 'string', multiple: true },
        category: { type: 'string' },
        reason: { type: 'string' },
        evidence: { type: 'string', multiple: true },
        applicant: { type: 'string' },
        contact: { type: 'string' },
        'in-person': { type: 'string' },
        outcome: { type: 'string' },
        note: { type: 'string' },
        department: { type: 'string' },
        set: { type: 'string', multiple: true },
        status: { type: 'string' },
        overdue: { type: 'boolean' },
      },
      true,
    );
    if (values.help || !sub) return helpText(io, HELP);
    if (sub === 'file') {
      if (!values.subject || !values.ref?.length || !values.reason) return helpText(io, HELP);
      // 窗口代办 only: the applicant showed an identity document to the person at the window
      const document = values['in-person'];
      if (!document || !IN_PERSON_DOCUMENTS.includes(document as InPersonDocument)) {
        io.error(
          `${document ? `--in-person 的证件类型无效：${document}` : '窗口代办须用 --in-person 注明申请人当面出示的身份证件'}（可选 ${IN_PERSON_DOCUMENTS.join('、')}）\n` +
            `${document ? `--in-person: unknown document ${document}` : 'Filing at a service window needs --in-person: the identity document the applicant showed'} (one of ${IN_PERSON_DOCUMENTS.join(', ')})`,
        );
        return 2;
      }
      return withPlatform(io, 'objections file', async (p) => {
        const subject = await subjectOrThrow(p, values.subject!);
        const o = await fileObjection(p, subject, { actor: io.actor, via: 'staff', sessionId: null, inPerson: { document, checkedBy: io.actor.id } }, {
          records: values.ref!.map((ref) => ({ ref, ...(values.category ? { category: values.category } : {}) })),
          reason: values.reason!,
          evidence: evidenceFiles(io, values.evidence),
          applicant: { name: values.applicant, contact: values.contact },
        });
        if (values.json) printJson(io, o);
        else print(io, o);
        return 0;
      });
    }
    if (sub === 'decide') {
      const id = positionals[0];
      if (!id || !values.outcome || !values.note) return helpText(io, HELP);
      if (!OUTCOMES.includes(values.outcome as Outcome)) {
        io.error(`--outcome 应为 correct、revoke 或 uphold (must be correct, revoke or uphold): ${values.outcome}`);
        return 2;
      }
      const fields: Record<string, string> = {};
      for (const s of values.set ?? []) {
        const eq = s.indexOf('=');
        if (eq <= 0) {
          io.error(`--set 应为 字段=值 (FIELD=VALUE): ${s}`);
          return 2;
        }
        fields[s.slice(0, eq).trim()] = s.slice(eq + 1);
      }
      return withPlatform(io, 'objections decide', async (p) => {
        const deps = values.department ? [(await getDepartmentByUscc(p.db, values.department)).id] : null;
        const o = await decideObjection(p, io.actor, id, deps, { outcome: values.outcome as Outcome, note: values.note!, fields });
        if (values.json) printJson(io, o);
        else print(io, o);
        return 0;
      });
    }
    if (sub === 'show') {
      const id = positionals[0];
      if (!id) return helpText(io, HELP);
      return withPlatform(io, 'objections show', async (p) => {
        const o = await getObjection(p, id, { departmentIds: null, staff: true });
        if (values.json) printJson(io, o);
        else print(io, o);
        return 0;
      });
    }
    if (sub === 'list') {
      return withPlatform(io, 'objections list', async (p) => {
        const deps = values.department ? [(await getDepartmentByUscc(p.db, values.department)).id] : null;
        const status = values.status === 'open' || values.status === 'decided' ? values.status : undefined;
        const r = await listObjections(p, { departmentIds: deps, status, overdue: values.overdue, limit: 1000, offset: 0 }, true);
        if (values.json) printJson(io, r);
        else for (const o of r.items) print(io, o);
        return 0;
      });
    }
    if (sub === 'sweep') {
      return withPlatform(io, 'objections sweep', async (p) => {
        const r = await sweepDeadlines(p);
        if (values.json) printJson(io, r);
        else io.log(`逾期上报 escalated: 异议 ${r.escalatedObjections.length}，修复 ${r.escalatedRepairs.length}；通知 notices delivered ${r.notices.delivered}, failed ${r.notices.failed}`);
        return 0;
      });
    }
    return helpText(io, HELP);
  },
};
