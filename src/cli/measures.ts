import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';

const HELP = `
xinyong measures list [--json]
  The joint reward and punishment measures in force (current revision of each): kind, who
  implements them (department kinds), in which scenarios, what triggers them, legal basis.
  Operators change them through the API (POST/PATCH /api/v1/measures); every change is a revision.`;

export const measuresCommand: Command = {
  summary: '奖惩措施清单 The measure list: xinyong measures list',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, {});
    if (values.help || sub !== 'list') return helpText(io, HELP);
    return withPlatform(io, 'measures list', async (p) => {
      const measures = await p.measures.current();
      if (values.json) {
        printJson(io, { measures, scenarios: p.measures.vocabulary.scenarios, departmentKinds: p.measures.vocabulary.departmentKinds });
        return 0;
      }
      for (const m of measures) {
        const triggers = m.triggers
          .map((t) => ('condition' in t ? '连续无不良记录' : 'list' in t ? `名单 ${t.list}` : `${t.category} ${t.severities.join('/')} ${t.months}个月`) + ('via' in t && t.via ? '（法定代表人）' : ''))
          .join('；');
        io.log(`${m.active ? ' ' : '×'} ${m.id.padEnd(26)} ${m.kind === 'punishment' ? '惩戒' : '激励'} ${m.name}  r${m.revision}`);
        io.log(`    实施 implementers: ${m.implementers.join(', ')}  场景 scenarios: ${m.scenarios.join(', ')}`);
        io.log(`    触发 triggers: ${triggers}`);
        io.log(`    依据 basis: ${m.basis}${m.memorandum ? `；${m.memorandum.name}${m.memorandum.docNo ? `（${m.memorandum.docNo}）` : ''}` : ''}`);
      }
      return 0;
    });
  },
};
