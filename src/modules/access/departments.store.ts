// Departments (部门): who provides, initiates, responds, operates. Scoped by region.
import type { Db } from '../../kernel/db.ts';
import { badRequest, conflict, notFound } from '../../kernel/errors.ts';
import { checkUscc } from '../../kernel/codes/uscc.ts';
import { findRegion } from '../../kernel/codes/region.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { DomainError } from '../../kernel/errors.ts';
import { loadRuleFile, ruleInForce } from '../../kernel/rules.ts';
import { industryProblem, kindsProblem, privilegedKinds, type DepartmentIndustry, type DepartmentKindList, type KindGrantor } from './department-kinds.rules.ts';

let kindLists: DepartmentKindList[] | undefined;
// The list of department kinds in force on a day (rules/department-kinds.json).
export function departmentKindList(day: string): DepartmentKindList {
  kindLists ??= loadRuleFile<DepartmentKindList>('department-kinds');
  return ruleInForce(kindLists, day);
}

// industry: an association's GB/T 4754 section and trade (department-kinds.rules.ts); null otherwise
export type Department = { id: number; uscc: string; name: string; regionCode: string; level: 'province' | 'city' | 'county'; kinds: string[]; active: boolean; industry?: DepartmentIndustry | null };

const COLUMNS = `id, uscc, name, region_code AS "regionCode", level, kinds, active,
  CASE WHEN industry_code IS NULL THEN NULL ELSE json_build_object('code', industry_code, 'name', industry_name) END AS industry`;

export async function findDepartmentByUscc(db: Db, uscc: string): Promise<Department | undefined> {
  return db.one<Department>(`SELECT ${COLUMNS} FROM department WHERE uscc = $1`, [uscc]);
}

export async function getDepartmentByUscc(db: Db, raw: string): Promise<Department> {
  const check = checkUscc(raw);
  const code = check.ok ? check.value : raw.trim();
  const dep = await findDepartmentByUscc(db, code);
  if (!dep)
    throw notFound('DEPARTMENT_NOT_FOUND', `部门 ${code} 不存在，请先用 xinyong departments add 登记`, `Department ${code} does not exist; register it first with xinyong departments add`);
  return dep;
}

export async function findDepartmentById(db: Db, id: number): Promise<Department | undefined> {
  return db.one<Department>(`SELECT ${COLUMNS} FROM department WHERE id = $1`, [id]);
}

export async function listDepartments(db: Db): Promise<Department[]> {
  return db.query<Department>(`SELECT ${COLUMNS} FROM department ORDER BY region_code, name`);
}

// Departments already registered under this name (a second one is allowed — the code is the key —
// but is usually a mistake, so callers warn).
export async function findDepartmentsByName(db: Db, name: string): Promise<Department[]> {
  return db.query<Department>(`SELECT ${COLUMNS} FROM department WHERE name = $1 ORDER BY uscc`, [name.trim()]);
}

export type NewDepartment = { uscc: string; name: string; regionCode: string; kinds?: string[]; industry?: { code: string; name: string } | null };

// grantor: who grants the kinds (staff through the API: their role and region; the console and
// the platform's own set-up pass none and count as province level).
export async function addDepartment(
  db: Db,
  actor: Actor,
  input: NewDepartment,
  grantor: KindGrantor & { today?: string } = { provinceAdmin: true, reason: 'platform set-up' },
): Promise<Department> {
  const check = checkUscc(input.uscc);
  if (!check.ok) throw badRequest(check.error.code, `部门统一社会信用代码有误：${check.error.zh}`, `Department USCC is invalid: ${check.error.en}`);
  const name = input.name.trim();
  if (!name) throw badRequest('DEPARTMENT_NAME_REQUIRED', '部门名称不能为空', 'Department name is required');
  const region = findRegion(input.regionCode.trim());
  if (!region) throw badRequest('REGION_UNKNOWN', `行政区划代码 ${input.regionCode} 不是河北省的区划`, `Region code ${input.regionCode} is not a Hebei region`);
  const kinds = [...new Set((input.kinds ?? []).map((k) => k.trim()).filter(Boolean))];
  // the list in force on the platform's day (without one: the newest list)
  const list = departmentKindList(grantor.today ?? '9999-12-31');
  const problem = kindsProblem(kinds, list, grantor);
  if (problem) throw new DomainError(problem.status, problem.code, problem.zh, problem.en);
  const industryIssue = industryProblem(kinds, input.industry, list);
  if (industryIssue) throw new DomainError(industryIssue.status, industryIssue.code, industryIssue.zh, industryIssue.en);
  const industry = input.industry ? { code: input.industry.code.trim().toUpperCase(), name: input.industry.name.trim() } : null;
  const privileged = privilegedKinds(kinds, list);
  return db.tx(async (tx) => {
    if (await findDepartmentByUscc(tx, check.value))
      throw conflict('DEPARTMENT_EXISTS', `部门 ${check.value} 已存在`, `Department ${check.value} already exists`);
    const dep = (await tx.one<Department>(
      `INSERT INTO department (uscc, name, region_code, level, kinds, industry_code, industry_name) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [check.value, name, region.code, region.level, kinds, industry?.code ?? null, industry?.name ?? null],
    ))!;
    await writeAudit(tx, actor, 'department.add', `department:${dep.uscc}`, {
      name,
      regionCode: region.code,
      kinds,
      kindsVersion: list.version,
      ...(industry ? { industry } : {}),
      ...(privileged.length ? { privilegedKinds: privileged, reason: grantor.reason?.trim() } : {}),
    });
    return dep;
  });
}

// Ids of the departments located in these regions (a region-scoped principal's readable set).
export async function departmentIdsInRegions(db: Db, regionCodes: readonly string[]): Promise<number[]> {
  return (await db.query<{ id: number }>('SELECT id FROM department WHERE region_code = ANY($1::text[])', [regionCodes])).map((r) => r.id);
}
