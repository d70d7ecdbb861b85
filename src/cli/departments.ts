import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { addDepartment, findDepartmentsByName, listDepartments } from '../modules/access/departments.store.ts';
import { regionLabel } from '../kernel/codes/region.ts';

const HELP = `
xinyong departments add --uscc USCC --name NAME --region CODE [--kind KIND]... [--reason TEXT]
                        [--industry SECTION --industry-name NAME] [--json]
xinyong departments list [--json]
  Registers a department (data provider, initiator, responder) of a Hebei region (GB/T 2260 code).
  --kind says what it is, from rules/department-kinds.json (market-regulation, finance, court, tax, …);
  repeatable. Privileged kinds (list owners, readers of full files) need --reason (audited).
  An association (--kind association, 行业协会商会) needs its industry: --industry, a GB/T 4754-2017
  section letter (A–T, rules/department-kinds.json), and --industry-name, its own name for the trade.`;

export const departmentsCommand: Command = {
  summary: '登记和列出部门 Register and list departments',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, { uscc: { type: 'string' }, name: { type: 'string' }, region: { type: 'string' }, kind: { type: 'string', multiple: true }, reason: { type: 'string' }, industry: { type: 'string' }, 'industry-name': { type: 'string' } });
    if (values.help || !sub || !['add', 'list'].includes(sub)) return helpText(io, HELP);
    return withPlatform(io, `departments ${sub}`, async (p) => {
      if (sub === 'list') {
        const list = await listDepartments(p.db);
        if (values.json) printJson(io, { departments: list });
        else for (const d of list) io.log(`${d.uscc}  ${d.name}  ${regionLabel(d.regionCode)}  ${d.kinds.join(',')}${d.industry ? `  ${d.industry.code} ${d.industry.name}` : ''}`);
        return 0;
      }
      if (!values.uscc || !values.name || !values.region) {
        io.error('需要 --uscc、--name 和 --region (required: --uscc, --name, --region)');
        return 2;
      }
      const sameName = await findDepartmentsByName(p.db, values.name);
      // the server console counts as province level; privileged kinds still need a reason
      const d = await addDepartment(p.db, io.actor, { uscc: values.uscc, name: values.name, regionCode: values.region, kinds: values.kind, ...(values.industry || values['industry-name'] ? { industry: { code: values.industry ?? '', name: values['industry-name'] ?? '' } } : {}) }, { provinceAdmin: true, reason: values.reason ?? null, today: p.today() });
      for (const o of sameName)
        io.error(`注意：已有同名部门 ${o.name}（${o.uscc}，${regionLabel(o.regionCode)}），请确认不是重复登记。\nWarning: a department named ${o.name} already exists (${o.uscc}); check this is not a duplicate.`);
      if (values.json) printJson(io, { department: d, ...(sameName.length ? { sameName: sameName.map((o) => o.uscc) } : {}) });
      else io.log(`已登记部门 Registered: ${d.name} (${d.uscc}), ${regionLabel(d.regionCode)}`);
      return 0;
    });
  },
};
