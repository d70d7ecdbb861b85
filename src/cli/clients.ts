import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import {
  createClient,
  rotateSecret,
  retireSecret,
  revokeClient,
  listClients,
  ALL_SCOPES,
  DEFAULT_ROTATION_OVERLAP_DAYS,
  type IssuedSecret,
  type Scope,
} from '../modules/access/clients.store.ts';
import { badRequest } from '../kernel/errors.ts';

const HELP = `
xinyong clients create --department USCC [--name NAME] [--scope SCOPE]... [--json]
  Creates an API client for a department's system and prints its key id and secret once.
  Scopes: ${ALL_SCOPES.join(', ')} (default: collect).
xinyong clients rotate --key-id KEY [--overlap-days N] [--json]
  Adds a new secret and prints it once; the current secret keeps working for N days
  (default ${DEFAULT_ROTATION_OVERLAP_DAYS}) or until retired. At most two secrets are active.
xinyong clients retire-secret --key-id KEY --secret-id s1 [--json]
  Stops accepting one secret (once the system signs with the new one).
xinyong clients revoke --key-id KEY [--json]
  Refuses every request of the client from now on.
xinyong clients list [--department USCC] [--json]
  Clients, their secrets, and when each secret was last used.

Requests are signed with HMAC-SHA256: see docs/api.md, "Signing requests".`;

const showSecret = (s: IssuedSecret) =>
  `  X-Xy-Key-Id: ${s.signingKeyId}\n  secret:      ${s.secret}\n  credential:  ${s.credential}\n` +
  `请立即保存密钥，它不会再次显示。Save the secret now: it is not shown again.\n` +
  `签名方法 How to sign: docs/api.md "Signing requests"; example: XINYONG_CREDENTIAL='${s.credential}' node docs/examples/sign-request.mjs GET /api/v1/batches`;

const secretJson = (s: IssuedSecret) => ({ keyId: s.keyId, secretId: s.secretId, signingKeyId: s.signingKeyId, secret: s.secret, credential: s.credential });

export const clientsCommand: Command = {
  summary: '部门接口凭证 API clients of department systems: create, rotate, retire, revoke, list',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, {
      department: { type: 'string' },
      name: { type: 'string' },
      scope: { type: 'string', multiple: true },
      'key-id': { type: 'string' },
      'secret-id': { type: 'string' },
      'overlap-days': { type: 'string' },
    });
    const keyId = values['key-id'];
    if (values.help) return helpText(io, HELP);
    switch (sub) {
      case 'create': {
        if (!values.department) return helpText(io, HELP);
        return withPlatform(io, 'clients create', async (p) => {
          const dep = await getDepartmentByUscc(p.db, values.department!);
          const scopes = (values.scope ?? ['collect']) as Scope[];
          const r = await createClient(p, io.actor, dep, values.name ?? `${dep.name} 业务系统`, scopes);
          if (values.json) printJson(io, { ...secretJson(r), department: dep.uscc, scopes });
          else io.log(`接口凭证已创建 API client created for ${dep.name}\n  key id:      ${r.keyId}\n  scopes:      ${scopes.join(', ')}\n${showSecret(r)}`);
          return 0;
        });
      }
      case 'rotate': {
        if (!keyId) return helpText(io, HELP);
        const overlap = values['overlap-days'] === undefined ? DEFAULT_ROTATION_OVERLAP_DAYS : Number(values['overlap-days']);
        return withPlatform(io, 'clients rotate', async (p) => {
          const r = await rotateSecret(p, io.actor, keyId, overlap);
          if (values.json) printJson(io, { ...secretJson(r), previous: r.previous });
          else
            io.log(
              `新密钥已生成 New secret ${r.secretId} for ${r.keyId}\n${showSecret(r)}\n` +
                r.previous.map((x) => `旧密钥 ${x.secretId} 有效至 Previous secret ${x.secretId} valid until ${x.expiresAt}`).join('\n'),
            );
          return 0;
        });
      }
      case 'retire-secret': {
        if (!keyId || !values['secret-id']) return helpText(io, HELP);
        return withPlatform(io, 'clients retire-secret', async (p) => {
          await retireSecret(p, io.actor, keyId, values['secret-id']!);
          if (values.json) printJson(io, { keyId, secretId: values['secret-id'], retired: true });
          else io.log(`密钥已停用 Secret ${values['secret-id']} of ${keyId} retired`);
          return 0;
        });
      }
      case 'revoke': {
        if (!keyId) return helpText(io, HELP);
        return withPlatform(io, 'clients revoke', async (p) => {
          await revokeClient(p, io.actor, keyId);
          if (values.json) printJson(io, { keyId, revoked: true });
          else io.log(`接口凭证已吊销 API client ${keyId} revoked`);
          return 0;
        });
      }
      case 'list': {
        return withPlatform(io, 'clients list', async (p) => {
          const dep = values.department ? await getDepartmentByUscc(p.db, values.department) : undefined;
          const list = await listClients(p.db, p.now(), dep?.id);
          if (values.json) printJson(io, { clients: list });
          else if (list.length === 0) io.log('没有接口凭证 No API clients');
          else
            for (const c of list) {
              io.log(`${c.keyId}  ${c.name}  ${c.department.uscc} ${c.department.name}  [${c.scopes.join(', ')}]${c.revokedAt ? `  吊销 revoked ${c.revokedAt}` : ''}`);
              for (const s of c.secrets)
                io.log(
                  `    ${s.secretId}  ${s.active ? '有效 active ' : '停用 inactive'}  created ${s.createdAt}` +
                    (s.expiresAt ? `  expires ${s.expiresAt}` : '') +
                    (s.retiredAt ? `  retired ${s.retiredAt}` : '') +
                    `  last used ${s.lastUsedAt ?? '—'}`,
                );
            }
          return 0;
        });
      }
      default:
        if (sub && sub !== 'help') throw badRequest('SUBCOMMAND_UNKNOWN', `未知子命令 ${sub}`, `Unknown subcommand ${sub}`);
        return helpText(io, HELP);
    }
  },
};
