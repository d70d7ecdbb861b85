import type { Command } from './commands.ts';
import { args, helpText, printJson, resolvePath, withPlatform } from './shared.ts';
import { executeRun, gradeByCode, gradeStatistics, startRun, type GradeAnswer } from '../modules/classification/classification.service.ts';

const HELP = `
xinyong classify --subject CODE [--json]
  The credit grade (信用分类; 诚信积分 for a person) of one subject with its explanation: the score,
  each indicator's points and the records behind them, the rule that decided, the 重点监管对象
  flag, the inspection ratio for 双随机 抽查, and the history of its changes.
xinyong classify run [--model FILE] [--json]
  Grades every subject again. Without --model: under rules/classification.json, and the current
  grades follow (history kept). With --model FILE: a trial of another model; its results are kept
  in their own run beside the current grades. A model with an unknown indicator, overlapping
  thresholds or a missing grade is refused before use, naming the problem.
xinyong classify stats [--json]
  Current grades by subject kind, grade and city; 重点监管对象 and subjects not yet graded.`;

export const classifyCommand: Command = {
  summary: '信用分类 Credit classification: --subject CODE, run [--model FILE], stats',
  async run(argv, io) {
    const { values, positionals } = args(argv, { subject: { type: 'string' }, model: { type: 'string' } }, true);
    const sub = positionals[0];
    if (values.help || (!values.subject && sub !== 'run' && sub !== 'stats')) return helpText(io, HELP);
    return withPlatform(io, 'classify', async (p) => {
      if (sub === 'run') {
        const run = await startRun(p, io.actor, { modelFile: values.model ? resolvePath(io, values.model) : undefined });
        let last = 0;
        const done = await executeRun(p, run.runId, (n, total) => {
          if (values.json || n - last < 10_000) return;
          last = n;
          io.error(`已评定 graded ${n} / ${total}`);
        });
        if (values.json) {
          printJson(io, done);
          return 0;
        }
        io.log(`运行 Run ${done.runId}  模型 model ${done.model}（${done.applies ? '现行模型，当前等级已更新 model in force: current grades updated' : '试算模型，当前等级未变 trial model: current grades kept'}）`);
        io.log(`状态 status ${done.status}  已评定 graded ${done.done} / ${done.total}`);
        for (const d of done.distribution) io.log(`  ${d.grade.padEnd(10)} ${d.subjects}`);
        return 0;
      }
      if (sub === 'stats') {
        const s = await gradeStatistics(p);
        if (values.json) {
          printJson(io, s);
          return 0;
        }
        io.log(`信用分类统计 Grades as of ${s.asOf}  模型 model ${s.model}`);
        for (const g of s.byGrade) io.log(`  ${g.scope.padEnd(13)} ${g.grade.padEnd(10)} ${g.subjects}`);
        io.log(`重点监管对象 key supervision: ${s.keySupervision}  信息不足 insufficient: ${s.insufficient}  待评定 pending: ${s.pending}`);
        return 0;
      }
      const { answer } = await gradeByCode(p, values.subject!);
      if (values.json) {
        printJson(io, cliShape(answer));
        return 0;
      }
      printAnswer(io, answer);
      return 0;
    });
  },
};

// The issue's shape first ({subject, grade, score, insufficient, factors, model, computedAt,
// inspectionRatio}), then what explains it further.
function cliShape(a: GradeAnswer) {
  return {
    subject: a.subject.code ?? a.subject.id,
    grade: a.grade,
    score: a.score,
    insufficient: a.insufficient,
    factors: a.factors,
    model: a.model,
    computedAt: a.computedAt,
    inspectionRatio: a.inspectionRatio,
    gradeName: a.gradeName,
    scale: a.scale,
    decision: a.decision,
    keySupervision: a.keySupervision,
    history: a.history,
  };
}

function printAnswer(io: CliIo2, a: GradeAnswer): void {
  io.log(`${a.subject.name}（${a.subject.code ?? a.subject.id}）`);
  io.log(`${a.scale === 'points' ? '诚信积分 Integrity points' : '信用等级 Grade'}: ${a.grade} ${a.gradeName}  得分 score ${a.score}${a.insufficient ? '  【信息不足 insufficient information】' : ''}`);
  io.log(`依据 Decided by: ${a.decision.zh} — ${a.decision.en}`);
  for (const f of a.factors) {
    if (f.points === 0 && f.records.length === 0) continue;
    io.log(`  ${f.name} (${f.id}): ${f.points > 0 ? '+' : ''}${f.points}`);
    for (const r of f.records) io.log(`     ${r.categoryName} ${r.ref} ${r.decisionDate} ${r.department}${r.status !== 'active' ? ` [${r.status}]` : ''}`);
  }
  io.log(`建议抽查比例 Inspection ratio: ${Math.round(a.inspectionRatio * 1000) / 10}%`);
  if (a.keySupervision.flagged) io.log(`重点监管对象 Key supervision: ${a.keySupervision.domains.map((d) => d.name).join('、')}`);
  io.log(`模型 model ${a.model}  评定于 computed ${a.computedAt}`);
  for (const h of a.history.slice(0, 10)) io.log(`  ${h.changedOn} ${h.from ?? '—'} → ${h.to} (${h.scoreFrom ?? '—'} → ${h.scoreTo}) ${h.reason}`);
}
type CliIo2 = { log(...v: unknown[]): void };
