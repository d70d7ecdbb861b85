import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { createClient, ALL_SCOPES, type Scope } from '../modules/access/clients.store.ts';
import { cliActor } from '../kernel/audit.ts';

const HELP = `
xinyong clients create --department USCC [--name NAME] [--scope SCOPE]... [--json]
  Creates an API client for a department's system and prints its credentials once.
  Scopes: ${ALL_SCOPES.join(', ')} (default: collect).`;

export const clientsCommand: Command = {
  summary: '创建部门接口凭证 Create API clients for department systems',
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, { department: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string', multiple: true } });
    if (values.help || sub !== 'create' || !values.department) return helpText(HELP);
    return withPlatform('clients create', async (p) => {
      const dep = await getDepartmentByUscc(p.db, values.department!);
      const scopes = (values.scope ?? ['collect']) as Scope[];
      const { client, token } = await createClient(p.db, cliActor(), dep, values.name ?? `${dep.name} 业务系统`, scopes);
      if (values.json) printJson({ keyId: client.keyId, token, department: dep.uscc, scopes });
      else
        console.log(
          `接口凭证已创建 API client created for ${dep.name}\n  keyId:  ${client.keyId}\n  token:  ${token}\n  scopes: ${scopes.join(', ')}\n` +
            `请立即保存 token，它不会再次显示。Save the token now: it is not shown again.\n` +
            `使用 Use: Authorization: Bearer ${token}`,
        );
      return 0;
    });
  },
};
