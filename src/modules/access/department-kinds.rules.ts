// Department kinds (部门类别) come from a fixed, versioned list (rules/department-kinds.json), not
// free text; privileged kinds (list owners, readers of full files) are granted only by a
// province-level platform administrator, with a reason. Pure: the list in force is passed in.
import type { Effective } from '../../kernel/rules.ts';

export type DepartmentKindDef = { code: string; name: string; privileged?: boolean };
export type DepartmentKindList = Effective & { version: number; source: string; kinds: DepartmentKindDef[] };

// Who grants: a province-level platform administrator (or the server console), or someone else;
// the reason is required for privileged kinds.
export type KindGrantor = { provinceAdmin: boolean; reason?: string | null };

export type KindProblem = { status: 400 | 403; code: string; zh: string; en: string };

export function privilegedKinds(kinds: readonly string[], list: DepartmentKindList): string[] {
  return kinds.filter((k) => list.kinds.find((d) => d.code === k)?.privileged);
}

export function kindsProblem(kinds: readonly string[], list: DepartmentKindList, grantor: KindGrantor): KindProblem | null {
  const unknown = kinds.filter((k) => !list.kinds.some((d) => d.code === k));
  if (unknown.length)
    return {
      status: 400,
      code: 'DEPARTMENT_KIND_UNKNOWN',
      // the input is echoed only as far as it is a plausible code: never markup
      zh: `未知部门类别：${unknown.map((k) => (/^[a-z][a-z-]{0,39}$/.test(k) ? k : '（无效字符）')).join('、')}；可选类别见 rules/department-kinds.json（第 ${list.version} 版）`,
      en: `Unknown department kind(s): ${unknown.map((k) => (/^[a-z][a-z-]{0,39}$/.test(k) ? k : '(invalid)')).join(', ')}; the kinds are listed in rules/department-kinds.json (version ${list.version})`,
    };
  const privileged = privilegedKinds(kinds, list);
  if (privileged.length === 0) return null;
  if (!grantor.provinceAdmin)
    return {
      status: 403,
      code: 'DEPARTMENT_KIND_PRIVILEGED',
      zh: `部门类别 ${privileged.join('、')} 拥有名单或可查询完整信用档案，只能由省级平台管理员授予`,
      en: `The kind(s) ${privileged.join(', ')} own lists or read full files: only a province-level platform administrator may grant them`,
    };
  if (!grantor.reason?.trim())
    return { status: 400, code: 'DEPARTMENT_KIND_REASON_REQUIRED', zh: `授予部门类别 ${privileged.join('、')} 须说明理由（kindsReason，命令行 --reason）`, en: `Granting the kind(s) ${privileged.join(', ')} needs a reason (kindsReason; at the console --reason)` };
  return null;
}
