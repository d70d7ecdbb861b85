import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform, type CliIo } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { runCheck, type CheckAnswer } from '../modules/sanctions/checks.service.ts';

const HELP = `
xinyong check --department USCC --subject CODE --scenario S [--matter REF] [--json]
  Credit check (信用核查) of a subject for a responding department in a business scenario, as
  POST /api/v1/credit-checks answers it: the measures that apply with their triggers and legal
  basis (suspended while under objection), and 绿色通道 / 容缺受理 eligibility. The check is
  stored (checkId) and audited. CODE: USCC, 组织机构代码, 工商注册号 or 居民身份证号码.
  Scenarios: xinyong measures list shows them.`;

export const checkCommand: Command = {
  summary: '信用核查 Credit check of a subject (what POST /api/v1/credit-checks answers)',
  async run(argv, io) {
    const { values } = args(argv, { department: { type: 'string' }, subject: { type: 'string' }, scenario: { type: 'string' }, matter: { type: 'string' } });
    if (values.help || !values.department || !values.subject || !values.scenario) return helpText(io, HELP);
    return withPlatform(io, 'check', async (p) => {
      const department = await getDepartmentByUscc(p.db, values.department!);
      const a = await runCheck(p, io.actor, department, { subject: values.subject!, scenario: values.scenario!, matterRef: values.matter });
      if (values.json) printJson(io, a);
      else printAnswer(io, a);
      return 0;
    });
  },
};

function printAnswer(io: CliIo, a: CheckAnswer): void {
  const s = a.subject;
  io.log(`核查 Check ${a.checkId}  ${a.department.name}  场景 scenario ${a.scenario}${a.matterRef ? `  事项 matter ${a.matterRef}` : ''}`);
  io.log(s.found ? `主体 Subject: ${s.name} (${s.code ?? s.maskedId})` : `主体 Subject ${s.code}: 平台无记录 no record on the platform`);
  if (a.measures.length === 0) io.log('适用措施 Measures: 无 none');
  for (const m of a.measures) {
    const t = m.trigger;
    const by = t.type === 'condition' ? '连续无不良记录 clean record' : `${t.categoryName ?? t.category} ${t.ref}${t.via ? `（经 via ${t.via.name}）` : ''}`;
    io.log(`  ${m.kind === 'punishment' ? '惩戒' : '激励'} ${m.name}${m.suspended ? ' 【异议处理中，暂停执行 suspended】' : ''}`);
    io.log(`     依据 basis: ${m.basis}`);
    io.log(`     触发 trigger: ${by}；至 until ${m.until ?? '长期 no end'}`);
  }
  io.log(`绿色通道/容缺受理 Green channel: ${a.eligibility.greenChannel ? '可以 yes' : '不可以 no'} — ${a.eligibility.reason}`);
  if (a.feedbackDue) io.log(`反馈期限 Feedback due: ${a.feedbackDue}`);
}
