import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { exitEntry } from '../modules/sanctions/lists.service.ts';

const HELP = `
xinyong lists exit --category C --department USCC --ref 认定文书号 --reason TEXT [--date YYYY-MM-DD] [--json]
  Takes an entry off its red or black list (移出): a new version of the entry with status exited,
  the exit date (default today) and the reason. Only the department that entered it, and only
  a department of the list's owner kind. Categories: dishonest-debtor (ref = 案号),
  serious-dishonesty, a-taxpayer, integrity-exemplar.
xinyong lists list [--json]
  The lists and their rules.`;

export const listsCommand: Command = {
  summary: '红黑名单 Red and black lists: exit an entry, list the lists',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, { category: { type: 'string' }, department: { type: 'string' }, ref: { type: 'string' }, reason: { type: 'string' }, date: { type: 'string' } });
    if (values.help || !sub || !['exit', 'list'].includes(sub)) return helpText(io, HELP);
    if (sub === 'exit' && (!values.category || !values.department || !values.ref || !values.reason)) return helpText(io, HELP);
    return withPlatform(io, `lists ${sub}`, async (p) => {
      if (sub === 'list') {
        const lists = p.catalog.all().filter((d) => d.list).map((d) => ({ code: d.code, name: d.name, ...d.list!, personsPublished: d.publication.persons }));
        if (values.json) printJson(io, { lists });
        else for (const l of lists) io.log(`${l.code.padEnd(20)} ${l.kind === 'red' ? '红名单' : '黑名单'} ${l.name}  认定 ${l.owner}  期限 ${l.termMonths ? `${l.termMonths} 个月` : '至移出'}`);
        return 0;
      }
      const department = await getDepartmentByUscc(p.db, values.department!);
      const r = await exitEntry(p, io.actor, department, { category: values.category!, ref: values.ref!, reason: values.reason!, exitDate: values.date });
      if (values.json) printJson(io, r);
      else io.log(`已移出 Exited: ${r.category} ${r.ref}，移出日期 exit date ${r.exitDate}（记录 record ${r.recordId} v${r.version}）`);
      return 0;
    });
  },
};
