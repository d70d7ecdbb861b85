import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { badRequest } from '../kernel/errors.ts';
import { regionLabel } from '../kernel/codes/region.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { declareNone, listDirectory, setEntry } from '../modules/monitoring/directory.service.ts';
import { FREQUENCY_LABELS } from '../modules/monitoring/monitoring.rules.ts';

const HELP = `
xinyong directory set (--department USCC | --kind KIND) --category C --frequency daily|weekly|monthly|quarterly
                      [--from YYYY-MM-DD] [--no-zero] [--withdraw] [--note TEXT] [--json]
  A new revision of a resource-directory entry (信用信息资源目录): the department (or every
  department of a kind) supplies the category this often from the date (default today). --no-zero:
  a 零报送 does not count for it; --withdraw: the entry no longer applies (a department's
  withdrawn entry also releases it from its kind's entry). Every change is kept.
xinyong directory list [--json]
  The current entries: built-in ones from directory/*.json and operators' revisions.
xinyong directory declare-none --department USCC --category C --period 2026-11 [--json]
  零报送: the department had nothing of the category to report in the period (month 2026-11,
  quarter 2026-Q4, year 2026 or day 2026-11-05). Refused when records arrived in the period.`;

export const directoryCommand: Command = {
  summary: '资源目录 Resource directory: set, list, declare-none (零报送)',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, {
      department: { type: 'string' },
      kind: { type: 'string' },
      category: { type: 'string' },
      frequency: { type: 'string' },
      from: { type: 'string' },
      period: { type: 'string' },
      note: { type: 'string' },
      'no-zero': { type: 'boolean' },
      withdraw: { type: 'boolean' },
    });
    if (values.help || !sub || !['set', 'list', 'declare-none'].includes(sub)) return helpText(io, HELP);
    return withPlatform(io, `directory ${sub}`, async (p) => {
      if (sub === 'list') {
        const entries = await listDirectory(p, null);
        if (values.json) printJson(io, { entries });
        else
          for (const e of entries)
            io.log(
              `${e.active ? ' ' : '×'} ${(e.departmentName ? `${e.departmentName}（${e.departmentUscc}）` : `类别 kind ${e.departmentKind}`).padEnd(30)} ${e.category.padEnd(20)} ${FREQUENCY_LABELS[e.frequency]} ${e.frequency.padEnd(9)} 自 from ${e.from}${e.zeroCounts ? '' : '  零报送不计 nil returns do not count'}  r${e.revision} ${e.source}`,
            );
        return 0;
      }
      if (!values.category) throw badRequest('ARGUMENT_REQUIRED', '需要 --category', '--category is required');
      if (sub === 'set') {
        if (!values.frequency) throw badRequest('ARGUMENT_REQUIRED', '需要 --frequency', '--frequency is required');
        const entry = await setEntry(p, io.actor, {
          department: values.department,
          departmentKind: values.kind,
          category: values.category,
          frequency: values.frequency,
          from: values.from,
          zeroCounts: !values['no-zero'],
          active: !values.withdraw,
          note: values.note,
        });
        if (values.json) printJson(io, { entry });
        else io.log(`已保存 Saved: ${entry.departmentName ?? entry.departmentKind} ${entry.category} ${entry.frequency} 自 from ${entry.from} (r${entry.revision})`);
        return 0;
      }
      if (!values.department || !values.period) throw badRequest('ARGUMENT_REQUIRED', '需要 --department 和 --period', '--department and --period are required');
      const dep = await getDepartmentByUscc(p.db, values.department);
      const r = await declareNone(p, io.actor, dep, { category: values.category, period: values.period });
      if (values.json) printJson(io, r);
      else
        io.log(
          `${r.created ? '已申报零报送 Nil return declared' : '此前已申报 Already declared'}: ${dep.name} ${regionLabel(dep.regionCode)} ${values.category} ${r.declaration.period}${r.counts ? '' : '（该目录项不认可零报送 this entry does not accept nil returns）'}`,
        );
      return 0;
    });
  },
};
