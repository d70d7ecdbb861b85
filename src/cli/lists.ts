import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { exitEntry } from '../modules/sanctions/lists.service.ts';
import { creditWarnings, liftCreditWarning, recordCreditWarning, sweepOverdueRemovals, type CreditWarningView } from '../modules/sanctions/lifecycle.service.ts';

const HELP = `
xinyong lists exit --category C --department USCC --ref 认定文书号 --reason TEXT [--date YYYY-MM-DD] [--json]
  Takes an entry off its red or black list (移出): a new version of the entry with status exited,
  the exit date (default today) and the reason. Only the department that entered it, and only
  a department of the list's owner kind. Categories: dishonest-debtor (ref = 案号),
  serious-dishonesty, a-taxpayer, integrity-exemplar.
xinyong lists list [--json]
  The lists and their rules.
xinyong lists warn --category C --department USCC --subject CODE --ref 案号 --reason TEXT [--from YYYY-MM-DD] [--until YYYY-MM-DD] [--json]
  Records a 信用警示 (a stage before entry) where the list's rules allow it (rules/list-lifecycle.json:
  dishonest-debtor, at most 90 days by default). Staff only: never published, no measures. The
  subject must be on file. Ends by its last day, by lift, or when the department enters the subject.
xinyong lists warnings [--department USCC] [--category C] [--subject CODE] [--json]
  信用警示 of a department (all of them without --department).
xinyong lists lift ID --department USCC --reason TEXT [--json]
  Lifts an open 信用警示 (only the department that recorded it).
xinyong lists removal-sweep [--json]
  What the job runner runs hourly: entries marked 履行完毕 whose removal deadline (3 working days by
  default) has passed and that their department has not exited raise an early warning.`;

export const listsCommand: Command = {
  summary: '红黑名单 Red and black lists: exit an entry, 信用警示, overdue removals, list the lists',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(
      rest,
      {
        category: { type: 'string' },
        department: { type: 'string' },
        ref: { type: 'string' },
        reason: { type: 'string' },
        date: { type: 'string' },
        subject: { type: 'string' },
        from: { type: 'string' },
        until: { type: 'string' },
      },
      true,
    );
    if (values.help || !sub || !['exit', 'list', 'warn', 'warnings', 'lift', 'removal-sweep'].includes(sub)) return helpText(io, HELP);
    if (sub === 'exit' && (!values.category || !values.department || !values.ref || !values.reason)) return helpText(io, HELP);
    if (sub === 'warn' && (!values.category || !values.department || !values.subject || !values.ref || !values.reason)) return helpText(io, HELP);
    if (sub === 'lift' && (!positionals[0] || !values.department || !values.reason)) return helpText(io, HELP);
    return withPlatform(io, `lists ${sub}`, async (p) => {
      const show = (w: CreditWarningView) =>
        io.log(`#${w.id} ${w.stateName} ${w.categoryName} ${w.ref}  ${w.subject.name} ${w.subject.code ?? w.subject.maskedId ?? ''}  ${w.firstDay}—${w.lastDay}  ${w.department.name}  事由 ${w.reason}${w.entered ? `  已纳入 ${w.entered.ref}（${w.entered.on}）` : ''}${w.lifted ? `  已于 ${w.lifted.on} 解除：${w.lifted.reason}` : ''}`);
      if (sub === 'list') {
        const lists = p.catalog.all().filter((d) => d.list).map((d) => ({ code: d.code, name: d.name, ...d.list!, personsPublished: d.publication.persons }));
        if (values.json) printJson(io, { lists });
        else for (const l of lists) io.log(`${l.code.padEnd(20)} ${l.kind === 'red' ? '红名单' : '黑名单'} ${l.name}  认定 ${l.owner}  期限 ${l.termMonths ? `${l.termMonths} 个月` : '至移出'}`);
        return 0;
      }
      if (sub === 'removal-sweep') {
        const r = await sweepOverdueRemovals(p);
        if (values.json) printJson(io, r);
        else if (r.overdue.length === 0) io.log('没有逾期未移出的条目 No overdue removals');
        else for (const o of r.overdue) io.log(`逾期未移出 overdue: ${o.category} ${o.ref}（${o.department}，应于 ${o.deadline} 前移出）`);
        return 0;
      }
      if (sub === 'warnings') {
        const department = values.department ? await getDepartmentByUscc(p.db, values.department) : undefined;
        const items = await creditWarnings(p, { departmentIds: department ? [department.id] : null, ...(values.category ? { category: values.category } : {}), ...(values.subject ? { subject: values.subject } : {}) });
        if (values.json) printJson(io, { items });
        else if (items.length === 0) io.log('没有信用警示 No credit warnings');
        else items.forEach(show);
        return 0;
      }
      const department = await getDepartmentByUscc(p.db, values.department!);
      if (sub === 'warn') {
        const w = await recordCreditWarning(p, io.actor, department, {
          category: values.category!,
          subject: values.subject!,
          ref: values.ref!,
          reason: values.reason!,
          ...(values.from ? { firstDay: values.from } : {}),
          ...(values.until ? { lastDay: values.until } : {}),
        });
        if (values.json) printJson(io, w);
        else show(w);
        return 0;
      }
      if (sub === 'lift') {
        const w = await liftCreditWarning(p, io.actor, department, positionals[0]!, { reason: values.reason! });
        if (values.json) printJson(io, w);
        else show(w);
        return 0;
      }
      const r = await exitEntry(p, io.actor, department, { category: values.category!, ref: values.ref!, reason: values.reason!, exitDate: values.date });
      if (values.json) printJson(io, r);
      else io.log(`已移出 Exited: ${r.category} ${r.ref}，移出日期 exit date ${r.exitDate}（记录 record ${r.recordId} v${r.version}）`);
      return 0;
    });
  },
};
