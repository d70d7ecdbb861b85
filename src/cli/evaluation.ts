import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { badRequest } from '../kernel/errors.ts';
import { writeFile } from 'node:fs/promises';
import { issueBulletin } from '../modules/monitoring/bulletin.service.ts';
import { cliShape, listEvaluationPeriods, runEvaluation } from '../modules/monitoring/evaluation.service.ts';

const HELP = `
xinyong evaluation run --period 2026-11|2026-Q4|2026 [--json]
  Evaluates the period (考核) for every department and region from what is on file: coverage of
  resource-directory slots, timeliness, quality, feedback and rights answers, score and rank.
  The result is stored; a run with the same figures as the last stored one stores nothing new.
  --json prints {"period","departments":[…],"regions":[…]} (rates 0–1, null where nothing was due).
xinyong evaluation list [--json]
  The periods with stored runs.
xinyong evaluation bulletin --period P --out FILE [--format xlsx|pdf] [--json]
  The 通报 of the period's latest stored run (computed now when none is stored): the rankings of
  regions and departments, the tail flags (约谈) and the date of issue, as XLSX (one sheet per
  table) or a Chinese PDF. The format follows FILE's extension unless --format is given.`;

const pct = (v: number | null) => (v === null ? '   —  ' : `${(v * 100).toFixed(1).padStart(5)}%`);

export const evaluationCommand: Command = {
  summary: '考核 Evaluation: run a period (month, quarter, year), list stored periods',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, { period: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } });
    if (values.help || !sub || !['run', 'list', 'bulletin'].includes(sub)) return helpText(io, HELP);
    return withPlatform(io, `evaluation ${sub}`, async (p) => {
      if (sub === 'list') {
        const periods = await listEvaluationPeriods(p);
        if (values.json) printJson(io, { periods });
        else for (const x of periods) io.log(`${x.period.padEnd(8)} 第 ${x.latestRunNo} 次 run ${x.latestRunNo}  截至 as of ${x.asOf}`);
        return 0;
      }
      if (!values.period) throw badRequest('ARGUMENT_REQUIRED', '需要 --period', '--period is required');
      if (sub === 'bulletin') {
        if (!values.out) throw badRequest('ARGUMENT_REQUIRED', '需要 --out 文件名', '--out FILE is required');
        const format = values.format ?? (values.out.toLowerCase().endsWith('.pdf') ? 'pdf' : 'xlsx');
        const b = await issueBulletin(p, io.actor, values.period, format, () => true, '全省');
        await writeFile(values.out, b.body);
        const r = b.bulletin.result;
        const summary = { period: r.period, format, out: values.out, bytes: b.body.length, runNo: b.bulletin.runNo, issuedOn: b.bulletin.issuedOn, regions: r.regions.length, departments: r.departments.length, tailFlags: r.regions.filter((g) => g.tailFlag).length + r.departments.filter((d) => d.tailFlag).length };
        if (values.json) printJson(io, summary);
        else io.log(`通报 Bulletin ${r.period} → ${values.out} (${format}, ${b.body.length} bytes, 印发 issued ${summary.issuedOn}, 约谈 tail flags ${summary.tailFlags})`);
        return 0;
      }
      const { run, stored } = await runEvaluation(p, io.actor, values.period, 'demand');
      if (values.json) {
        printJson(io, cliShape(run.result));
        return 0;
      }
      const r = run.result;
      io.log(`考核 Evaluation ${r.period} (${r.from} ~ ${r.to}, 截至 as of ${r.asOf})  第 ${run.runNo} 次 run ${run.runNo}${stored ? '' : '（与上次结果相同 unchanged）'}`);
      io.log('地区 Regions: 排名 rank  得分 score  覆盖率 coverage  及时率 timeliness');
      for (const g of r.regions) io.log(`  ${String(g.rank ?? '—').padStart(3)}  ${String(g.score ?? '—').padStart(5)}  ${pct(g.coverage)}  ${pct(g.timeliness)}  ${g.name}${g.tailFlag ? '  约谈 tail flag' : ''}`);
      io.log('部门 Departments:');
      for (const d of r.departments) io.log(`  ${String(d.rank ?? '—').padStart(3)}  ${String(d.score ?? '—').padStart(5)}  ${pct(d.coverage)}  ${pct(d.timeliness)}  ${d.name}${d.tailFlag ? '  约谈 tail flag' : ''}`);
      return 0;
    });
  },
};
