import type { Command } from './commands.ts';
import { args, helpText, printJson, readAll, withPlatform } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { createStaffUser, listStaffUsers, updateStaffUserAsManager } from '../modules/access/staff.service.ts';
import { findStaffUserByUsername } from '../modules/access/staff.store.ts';
import { ROLES, ROLE_LABELS, normalizeUsername, type Role } from '../modules/access/access.rules.ts';
import { regionLabel } from '../kernel/codes/region.ts';
import { notFound } from '../kernel/errors.ts';

const HELP = `
xinyong users add --username U --name NAME --role ROLE [--region CODE] [--department USCC]
                  [--password-stdin] [--json]
  Creates a staff account of the work portal. Roles: ${ROLES.join(', ')}.
  Department roles need --department (the user takes its region); the others a --region
  (default 130000, the province). Without --password-stdin a password is generated and printed
  once; either way it must be changed at first sign-in. platform_admin and operator accounts get a TOTP
  enrolment (otpauth:// URI and base32 secret), printed once: add it to an authenticator app.
  On a fresh install: xinyong users add --username admin --name 管理员 --role platform_admin
xinyong users list [--json]
xinyong users unlock --username U [--json]      clears failed sign-ins and the lockout
xinyong users reset-password --username U [--json]   prints a new generated password once`;


export const usersCommand: Command = {
  summary: '工作人员账号 Staff accounts: add (first administrator, TOTP enrolment), list, unlock, reset-password',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = args(rest, {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      region: { type: 'string' },
      department: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    });
    if (values.help || !sub || !['add', 'list', 'unlock', 'reset-password'].includes(sub)) return helpText(io, HELP);
    if (sub === 'add' && (!values.username || !values.name || !values.role)) {
      io.error('需要 --username、--name 和 --role (required: --username, --name, --role)');
      return 2;
    }
    if ((sub === 'unlock' || sub === 'reset-password') && !values.username) {
      io.error('需要 --username (required: --username)');
      return 2;
    }
    const password = sub === 'add' && values['password-stdin'] ? (await readAll(io.stdin)).replace(/\r?\n$/, '') : undefined;
    return withPlatform(io, `users ${sub}`, async (p) => {
      if (sub === 'list') {
        const { items } = await listStaffUsers(p, { kind: 'all' }, 10_000, 0);
        if (values.json) printJson(io, { users: items });
        else
          for (const u of items)
            io.log(`${u.username.padEnd(20)} ${u.displayName}  ${ROLE_LABELS[u.role].zh}  ${regionLabel(u.regionCode)}${u.disabledAt ? '  (已停用 disabled)' : ''}${u.lockedUntil ? '  (已锁定 locked)' : ''}`);
        return 0;
      }
      if (sub === 'unlock' || sub === 'reset-password') {
        const user = await findStaffUserByUsername(p.db, normalizeUsername(values.username!));
        if (!user) throw notFound('USER_NOT_FOUND', `用户 ${values.username} 不存在`, `User ${values.username} not found`);
        const r = await updateStaffUserAsManager(p, io.actor, null, user.id, sub === 'unlock' ? { resetLock: true } : { resetPassword: true, resetLock: true });
        if (values.json) printJson(io, { username: user.username, ...(r.password ? { password: r.password } : {}) });
        else if (r.password) io.log(`新密码 New password for ${user.username}: ${r.password}\n首次登录须修改。It must be changed at the next sign-in.`);
        else io.log(`已解除锁定 Unlocked: ${user.username}`);
        return 0;
      }
      const department = values.department ? await getDepartmentByUscc(p.db, values.department) : undefined;
      const r = await createStaffUser(p, io.actor, null, {
        username: values.username!,
        displayName: values.name!,
        role: values.role as Role,
        regionCode: values.region,
        departmentId: department?.id,
        password,
        // chosen at the console or generated, the password is known to someone else: changed at first sign-in
        mustChangePassword: true,
      });
      const u = r.user;
      if (values.json) {
        printJson(io, {
          user: { id: u.id, username: u.username, displayName: u.displayName, role: u.role, regionCode: u.regionCode, department: department?.uscc ?? null },
          ...(r.password ? { password: r.password } : {}),
          ...(r.totp ? { totp: r.totp } : {}),
        });
        return 0;
      }
      const lines = [
        `已创建用户 Created: ${u.username} (${u.displayName}), ${ROLE_LABELS[u.role].zh} ${ROLE_LABELS[u.role].en}, ${regionLabel(u.regionCode)}${department ? `, ${department.name}` : ''}`,
      ];
      if (r.password) lines.push(`  初始密码 Password: ${r.password}`, '  首次登录须修改密码。It must be changed at the first sign-in.');
      if (r.totp)
        lines.push(
          '  动态口令 TOTP enrolment (scan the URI as a QR code, or type the secret into an authenticator app):',
          `    ${r.totp.uri}`,
          `    secret: ${r.totp.secret}`,
          '  登录时须输入 6 位动态口令。Sign-in asks for the 6-digit code.',
        );
      if (r.password || r.totp) lines.push('以上信息只显示这一次，请立即妥善保存。Shown only this once: keep it safe now.');
      io.log(lines.join('\n'));
      return 0;
    });
  },
};
