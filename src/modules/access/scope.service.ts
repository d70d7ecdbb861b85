// The one answer to "which department is this request for, and which departments may it read",
// for every module's routes and services (a client: its department; department staff: their
// own; other staff: the departments of their region).
import type { Db } from '../../kernel/db.ts';
import { forbidden } from '../../kernel/errors.ts';
import { departmentInScope, scopeFilter, type Principal } from './auth.ts';
import { departmentIdsInRegions, findDepartmentById, type Department } from './departments.store.ts';

// The department a principal acts for, when it has one.
export async function findActingDepartment(db: Db, who: Principal): Promise<Department | undefined> {
  if (who.kind === 'client') return who.client.department;
  if (who.kind === 'staff' && who.departmentId !== null) return findDepartmentById(db, who.departmentId);
  return undefined;
}

const ACTS_FOR_DEPARTMENT = { zh: '只有部门系统和部门人员可以执行此操作', en: 'Only department systems and department staff may do this' };

// The same, refused (403 DEPARTMENT_REQUIRED) for a principal without one; `refusal` says what
// the route does ("只有部门系统和部门人员可以报送数据").
export async function getActingDepartment(db: Db, who: Principal, refusal: { zh: string; en: string } = ACTS_FOR_DEPARTMENT): Promise<Department> {
  const dep = await findActingDepartment(db, who);
  if (!dep) throw forbidden('DEPARTMENT_REQUIRED', refusal.zh, refusal.en);
  return dep;
}

// Ids of the departments whose data the principal may read: null = all of them.
export async function readableDepartmentIds(db: Db, who: Principal): Promise<number[] | null> {
  const f = scopeFilter(who);
  if (f.kind === 'all') return null;
  if (f.kind === 'none') return [];
  if (f.kind === 'department') return [f.departmentId];
  return departmentIdsInRegions(db, f.regionCodes);
}

// Whether the principal may read data of this department (false for an unknown id).
export async function mayReadDepartment(db: Db, who: Principal, departmentId: number): Promise<boolean> {
  const dep = await findDepartmentById(db, departmentId);
  return dep !== undefined && departmentInScope(who, dep);
}
