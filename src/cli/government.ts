import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { findRegion } from '../kernel/codes/region.ts';
import { governmentEvaluation, runGovernmentEvaluation, storedGovernmentEvaluation, type GovernmentEvaluation } from '../modules/government/government.service.ts';

const HELP = `
xinyong government evaluation [--region 130100] [--period P [--run-no N]] [--json]
xinyong government run --period P [--json]
  政府信用评估: every government body (USCC beginning 11) scored under
  rules/government-evaluation.json from its records, ranked within its city, with each
  indicator's points (docs/government-integrity.md).
  evaluation          as of today, from the current records (nothing stored);
    --period P        the stored evaluation of a period (2026-11, 2026-Q4, 2026): its latest run,
                      or run --run-no N; computed as of the period's end when none is stored.
  run --period P      evaluate the period now (as of its last day) and store it with its inputs;
                      the job runner does this at each period's end. Audited.`;

function printEvaluation(io: Parameters<Command['run']>[1], ev: GovernmentEvaluation, title: string): void {
  io.log(`${title}（基础分 base ${ev.rule.baseScore}，规则 rule ${ev.rule.effectiveFrom}）`);
  for (const i of ev.items) {
    const minus = i.indicators.filter((x) => x.points < 0).map((x) => `${x.name} ${x.points}`).join('，');
    io.log(`  ${(i.region ?? '—').padEnd(7)} ${String(i.rank).padStart(3)}  ${String(i.score).padStart(5)}  ${i.body.uscc}  ${i.body.name}${minus ? `  (${minus})` : ''}`);
  }
}

export const governmentCommand: Command = {
  summary: '政务诚信 Government credit evaluation: evaluation [--region CODE] [--period P], run --period P',
  async run(argv, io) {
    const { values, positionals } = args(argv, { region: { type: 'string' }, period: { type: 'string' }, 'run-no': { type: 'string' } }, true);
    const sub = positionals[0];
    if (values.help || (sub !== 'evaluation' && sub !== 'run')) return helpText(io, HELP);
    if (sub === 'run' && !values.period) {
      io.error('需要 --period（如 2026-11、2026-Q4、2026） (required: --period)');
      return 2;
    }
    // as the HTTP API's ?region=: a city of Hebei (a body's region is the city its code names)
    if (values.region !== undefined && !(/^13\d{2}00$/.test(values.region) && findRegion(values.region)?.level === 'city'))
      return helpText(io, HELP, { zh: `--region 的值 ${values.region} 不是河北省设区市的行政区划代码（如 130100）`, en: `--region ${values.region} is not the code of a Hebei city (e.g. 130100)` });
    const runNo = values['run-no'] === undefined ? undefined : Number(values['run-no']);
    if (runNo !== undefined && (!Number.isInteger(runNo) || runNo < 1)) {
      io.error('--run-no 须为正整数 (--run-no must be a positive integer)');
      return 2;
    }
    return withPlatform(io, 'government', async (p) => {
      if (sub === 'run') {
        const r = await runGovernmentEvaluation(p, io.actor, values.period!, 'demand');
        if (values.json) printJson(io, { period: r.run.period, runNo: r.run.runNo, stored: r.stored, asOf: r.run.asOf });
        else io.log(r.stored ? `已保存 Stored: ${r.run.period} 第 ${r.run.runNo} 次（截至 ${r.run.asOf}）` : `结果与第 ${r.run.runNo} 次相同，未另存 Same as run ${r.run.runNo}; nothing stored`);
        return 0;
      }
      if (values.period) {
        const s = await storedGovernmentEvaluation(p, values.period, { runNo, region: values.region });
        if (values.json) printJson(io, s);
        else printEvaluation(io, s.evaluation, s.runNo === null ? `政府信用评估 ${s.period}（尚未保存，截至 ${s.evaluation.asOf} 即时计算）` : `政府信用评估 ${s.period} 第 ${s.runNo} 次（截至 ${s.evaluation.asOf}）`);
        return 0;
      }
      const ev = await governmentEvaluation(p, values.region);
      if (values.json) printJson(io, ev);
      else printEvaluation(io, ev, `政府信用评估 Government credit evaluation as of ${ev.asOf}`);
      return 0;
    });
  },
};
