import type { Command } from './commands.ts';
import { args, helpText, invalidChoice, printJson, withPlatform } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { declarationsOfSubject, flagFalse, recentDeclarations, type DeclarationView } from '../modules/declarations/declarations.service.ts';

const HELP = `
xinyong declarations list [--subject CODE] [--status declared|false|withdrawn] [--json]
  主动申报 for review: a subject's declarations (flagged ones too), or without --subject the newest
  declarations of every subject (standing ones unless --status says otherwise).
xinyong declarations flag ID --department USCC --reason TEXT [--json]
  A department finds a declaration false: it leaves the public page and a false-declaration record
  is filed in the department's name. ID: the declaration id or its number (SB…).`;

const STATUS_NAMES: Record<DeclarationView['status'], string> = { declared: '有效', false: '已认定不实', withdrawn: '已撤回' };

export const declarationsCommand: Command = {
  summary: '主动申报 Self-declared information: list (review), flag as false',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(rest, { subject: { type: 'string' }, status: { type: 'string' }, department: { type: 'string' }, reason: { type: 'string' } }, true);
    if (values.help || !sub || !['list', 'flag'].includes(sub)) return helpText(io, HELP);
    if (values.status && !Object.keys(STATUS_NAMES).includes(values.status)) return helpText(io, HELP, invalidChoice('status', values.status, Object.keys(STATUS_NAMES)));
    if (sub === 'flag' && (!positionals[0] || !values.department || values.reason === undefined)) return helpText(io, HELP);
    return withPlatform(io, `declarations ${sub}`, async (p) => {
      const show = (d: DeclarationView & { subject?: { name: string; code: string | null } }) =>
        io.log(`${d.number} ${d.source} ${d.kindName} ${STATUS_NAMES[d.status]}  ${d.subject ? `${d.subject.name} ${d.subject.code ?? ''}  ` : ''}「${d.title}」 申报日期 ${d.declaredOn}${d.issuer ? `  颁发 ${d.issuer}` : ''}${d.validUntil ? `  有效期至 ${d.validUntil}` : ''}${d.flagReason ? `  不实：${d.flagReason}` : ''}`);
      if (sub === 'list') {
        const items = values.subject
          ? (await declarationsOfSubject(p, values.subject)).filter((d) => !values.status || d.status === values.status)
          : await recentDeclarations(p, values.status ? { status: values.status as DeclarationView['status'] } : {});
        if (values.json) printJson(io, { items });
        else if (items.length === 0) io.log('没有自主申报 No declarations');
        else items.forEach(show);
        return 0;
      }
      const department = await getDepartmentByUscc(p.db, values.department!);
      const d = await flagFalse(p, io.actor, department, positionals[0]!, { reason: values.reason! });
      if (values.json) printJson(io, d);
      else {
        show(d);
        io.log(`已登记不实申报记录 record ${d.recordId}`);
      }
      return 0;
    });
  },
};
