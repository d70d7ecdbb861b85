import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform, type CliIo } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { applyRepair, checkEligibility, decideRepair, repairNoticeFor, type RepairView } from '../modules/rights/repair.service.ts';
import { resolveRecords } from '../modules/rights/objections.service.ts';
import { evidenceFiles, subjectOrThrow } from './objections.ts';

const HELP = `
xinyong repair eligibility --subject CODE --ref 文书号 [--category C] [--commitment TEXT] [--evidence FILE]... [--json]
  Whether the record may be repaired (信用修复), from when, and exactly what is missing:
  {"eligible":…,"earliestDate":"YYYY-MM-DD","missing":[{"code","zh","en"},…]}. The commitment and
  the evidence of fulfilled obligations count as given when passed here.
xinyong repair apply --subject CODE --ref 文书号 [--category C] --obligations TEXT --commitment TEXT
                     --evidence FILE... [--json]
  Applies on the subject's behalf; the department reviews within 10 working days.
xinyong repair decide ID --outcome approve|refuse --reason TEXT [--department USCC] [--json]
xinyong repair notice --subject CODE --ref 文书号 [--category C] [--json]
  The repair notice (信用修复告知书) of the record: when and how the subject may apply.`;

function print(io: CliIo, a: RepairView): void {
  io.log(`信用修复 Repair ${a.number} (${a.repairId})  ${a.status}`);
  io.log(`主体 Subject: ${a.subject.name}  记录 record: ${a.record.categoryName} ${a.record.ref}  ${a.record.department.name}`);
  io.log(`审核期限 review due ${a.dueDate}${a.provisional ? '（临时 provisional）' : ''}${a.decision ? `  结果 ${a.decision.outcome}: ${a.decision.reason}` : ''}`);
}

export const repairCommand: Command = {
  summary: '信用修复 Credit repair: eligibility, apply, decide, notice',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(
      rest,
      {
        subject: { type: 'string' },
        ref: { type: 'string' },
        category: { type: 'string' },
        commitment: { type: 'string' },
        obligations: { type: 'string' },
        evidence: { type: 'string', multiple: true },
        outcome: { type: 'string' },
        reason: { type: 'string' },
        department: { type: 'string' },
      },
      true,
    );
    if (values.help || !sub) return helpText(io, HELP);
    const ref = values.ref ? { ref: values.ref, ...(values.category ? { category: values.category } : {}) } : undefined;
    if (sub === 'eligibility') {
      if (!values.subject || !ref) return helpText(io, HELP);
      return withPlatform(io, 'repair eligibility', async (p) => {
        const e = await checkEligibility(p, await subjectOrThrow(p, values.subject!), ref, { commitment: values.commitment, obligationsEvidence: values.evidence?.length ?? 0 });
        if (values.json) printJson(io, e);
        else {
          io.log(`${e.record.categoryName} ${e.record.ref}：${e.eligible ? '可以申请信用修复 eligible' : '暂不符合条件 not eligible'}${e.earliestDate ? `；${e.earliestDate} 起可申请 from ${e.earliestDate}` : ''}`);
          for (const m of e.missing) io.log(`  - ${m.zh} / ${m.en}`);
        }
        return 0;
      });
    }
    if (sub === 'apply') {
      if (!values.subject || !ref || !values.obligations || !values.commitment) return helpText(io, HELP);
      return withPlatform(io, 'repair apply', async (p) => {
        const a = await applyRepair(p, await subjectOrThrow(p, values.subject!), { actor: io.actor, via: 'staff', sessionId: null }, {
          ...ref,
          obligations: values.obligations!,
          commitment: values.commitment!,
          evidence: evidenceFiles(io, values.evidence, 'obligations'),
        });
        if (values.json) printJson(io, a);
        else print(io, a);
        return 0;
      });
    }
    if (sub === 'decide') {
      const id = positionals[0];
      if (!id || !values.outcome || !values.reason) return helpText(io, HELP);
      if (values.outcome !== 'approve' && values.outcome !== 'refuse') {
        io.error(`--outcome 应为 approve 或 refuse (must be approve or refuse): ${values.outcome}`);
        return 2;
      }
      return withPlatform(io, 'repair decide', async (p) => {
        const deps = values.department ? [(await getDepartmentByUscc(p.db, values.department)).id] : null;
        const a = await decideRepair(p, io.actor, id, deps, { outcome: values.outcome as 'approve' | 'refuse', reason: values.reason! });
        if (values.json) printJson(io, a);
        else print(io, a);
        return 0;
      });
    }
    if (sub === 'notice') {
      if (!values.subject || !ref) return helpText(io, HELP);
      return withPlatform(io, 'repair notice', async (p) => {
        const subject = await subjectOrThrow(p, values.subject!);
        const [r] = await resolveRecords(p.db, subject.id, [ref]);
        const n = await repairNoticeFor(p, r!.id, () => true);
        if (values.json) printJson(io, n);
        else io.log(`${n.title}\n${n.text}`);
        return 0;
      });
    }
    return helpText(io, HELP);
  },
};
