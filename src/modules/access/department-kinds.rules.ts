// Department kinds (部门类别) come from a fixed, versioned list (rules/department-kinds.json), not
// free text; privileged kinds (list owners, readers of full files) are granted only by a
// province-level platform administrator, with a reason. Pure: the list in force is passed in.
import type { Effective } from '../../kernel/rules.ts';

export type DepartmentKindDef = { code: string; name: string; privileged?: boolean; industryRequired?: boolean };
// An industry (行业): a section (门类) of GB/T 4754-2017, listed in the kinds' entry.
export type IndustryDef = { code: string; name: string };
export type DepartmentKindList = Effective & { version: number; source: string; kinds: DepartmentKindDef[]; industries?: IndustryDef[] };
// A department's industry: the GB/T 4754 section and the department's own name for its trade.
export type DepartmentIndustry = { code: string; name: string };

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

// An association (and any kind with `industryRequired`) names its industry: a GB/T 4754 section
// of the list in force and its own name for the trade; other departments carry none.
export function industryProblem(kinds: readonly string[], industry: { code?: string | null; name?: string | null } | null | undefined, list: DepartmentKindList): KindProblem | null {
  const needing = kinds.filter((k) => list.kinds.find((d) => d.code === k)?.industryRequired);
  const code = industry?.code?.trim().toUpperCase() ?? '';
  const name = industry?.name?.trim() ?? '';
  if (needing.length === 0) {
    if (code || name)
      return { status: 400, code: 'DEPARTMENT_INDUSTRY_NOT_APPLICABLE', zh: '只有行业协会商会等类别的部门登记所属行业', en: 'Only departments of a kind such as association carry an industry' };
    return null;
  }
  if (!code || !name)
    return {
      status: 400,
      code: 'DEPARTMENT_INDUSTRY_REQUIRED',
      zh: `部门类别 ${needing.join('、')} 须登记所属行业：国民经济行业分类（GB/T 4754-2017）门类代码和行业名称（industry.code、industry.name，命令行 --industry、--industry-name）`,
      en: `The kind(s) ${needing.join(', ')} need the industry: a GB/T 4754-2017 section code and the trade's name (industry.code, industry.name; at the console --industry, --industry-name)`,
    };
  const section = (list.industries ?? []).find((i) => i.code === code);
  if (!section)
    return {
      status: 400,
      code: 'DEPARTMENT_INDUSTRY_UNKNOWN',
      zh: `行业门类代码 ${/^[A-Z]{1,2}$/.test(code) ? code : '（无效字符）'} 不在国民经济行业分类（GB/T 4754-2017）门类中；可选：${(list.industries ?? []).map((i) => `${i.code} ${i.name}`).join('、')}`,
      en: `Industry section ${/^[A-Z]{1,2}$/.test(code) ? code : '(invalid)'} is not a GB/T 4754-2017 section; available: ${(list.industries ?? []).map((i) => i.code).join(', ')}`,
    };
  if (name.length > 100) return { status: 400, code: 'DEPARTMENT_INDUSTRY_NAME_TOO_LONG', zh: '行业名称不能超过 100 个字符', en: 'The industry name may be at most 100 characters' };
  return null;
}
