// County virtual platforms (县级虚拟平台, docs/exchange.md "Counties"): enable, disable and list the
// counties of this node.
import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { disableCounty, enableCounty, listCounties } from '../modules/counties/counties.service.ts';
import type { CountyState } from '../modules/counties/counties.schemas.ts';

const HELP = `
xinyong counties enable --region CODE [--json]
  Creates the county virtual platform of a county inside this node's region (GB/T 2260 county code,
  e.g. 130102 on 石家庄's node): its public portal entry /county/CODE and its dashboard scope
  (/work/monitoring/dashboard?county=CODE). Its departments, staff and records stay on this node and
  reach the province through it, keeping the county as their region of origin.
xinyong counties disable --region CODE [--json]
  Removes the portal entry and dashboard scope; departments, staff and records stay.
xinyong counties list [--state enabled|disabled|none] [--json]
  The counties this node may host, with their state.`;

const STATES: readonly CountyState[] = ['enabled', 'disabled', 'none'];
const STATE_ZH: Record<CountyState, string> = { enabled: '已开设', disabled: '已停用', none: '未开设' };

export const countiesCommand: Command = {
  summary: '县级虚拟平台 County virtual platforms: enable, disable, list',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, { region: { type: 'string' }, state: { type: 'string' } });
    if (values.help) return helpText(io, HELP);
    switch (sub) {
      case 'enable':
      case 'disable':
        if (!values.region) return helpText(io, HELP);
        return withPlatform(io, `counties ${sub}`, async (p) => {
          const r = sub === 'enable' ? await enableCounty(p, io.actor, values.region!) : await disableCounty(p, io.actor, values.region!);
          if (values.json) printJson(io, r);
          else {
            const c = r.county;
            const what = sub === 'enable' ? (r.changed ? '已开设 enabled' : '早已开设，未改动 already enabled, nothing changed') : r.changed ? '已停用 disabled' : '未开设，未改动 not enabled, nothing changed';
            io.log(`县级虚拟平台 County platform ${c.region} ${c.label}: ${what}`);
            if (c.state === 'enabled') io.log(`  门户入口 Portal: ${c.portalPath}\n  监测看板 Dashboard: ${c.dashboardPath}\n  部门 Departments: ${c.departments}`);
          }
          return 0;
        });
      case 'list': {
        const state = values.state as CountyState | undefined;
        if (state !== undefined && !STATES.includes(state)) {
          io.error(`--state 应为 ${STATES.join('、')} / --state must be one of ${STATES.join(', ')}`);
          return 2;
        }
        return withPlatform(io, 'counties list', async (p) => {
          const items = await listCounties(p, { state });
          if (values.json) printJson(io, { node: { role: p.config.node.role, region: p.config.node.region }, items });
          else if (items.length === 0) io.log(`本节点（${p.config.node.role} ${p.config.node.region}）没有可开设的县 No counties on this node`);
          else for (const c of items) io.log(`${c.region}  ${c.name}  ${STATE_ZH[c.state]} ${c.state}  部门 ${c.departments}${c.enabledAt ? `  since ${c.enabledAt}` : ''}`);
          return 0;
        });
      }
      default:
        return helpText(io, HELP);
    }
  },
};
