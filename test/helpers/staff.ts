// A staff user made directly and signed in, for integration tests that are about what staff may
// read, not about signing in (that is access.test.ts's): the session id for the `xy_session`
// cookie. `secondFactor`: whether the session counts as signed in with TOTP (the enrolment itself
// is tested in access.test.ts; here only the flag the personal-data rule reads).
import type { Platform } from '../../src/platform.ts';
import type { Department } from '../../src/modules/access/departments.store.ts';
import type { Role } from '../../src/modules/access/access.rules.ts';
import { createStaffUser, openSessionFor } from '../../src/modules/access/staff.service.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';

export type StaffPlace = { dep?: Department | null; region?: string };

export async function staffSession(p: Platform, name: string, role: Role, where: StaffPlace, secondFactor = true): Promise<string> {
  const u = (
    await createStaffUser(p, SYSTEM_ACTOR, null, {
      username: name,
      displayName: name,
      role,
      password: 'Staff-Test-Pass-2026',
      mustChangePassword: false,
      ...(where.dep ? { departmentId: where.dep.id } : { regionCode: where.region ?? '130000' }),
    })
  ).user;
  await p.db.query(
    `UPDATE staff_user SET totp_enabled = $2, totp_secret = CASE WHEN $2 THEN coalesce(totp_secret, 'not-used-here') ELSE totp_secret END WHERE id = $1`,
    [u.id, secondFactor],
  );
  return openSessionFor(p, u.id);
}
