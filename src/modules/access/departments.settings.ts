// Privileged department kinds (those that own a list or read full files) as a province-wide
// setting: a city or county administrator proposes registering a department with such kinds, a
// province-level platform administrator approves (src/modules/proposals), and the department is
// registered as POST /admin/departments registers it for a province administrator.
import { badRequest, DomainError } from '../../kernel/errors.ts';
import { checkUscc } from '../../kernel/codes/uscc.ts';
import { findRegion } from '../../kernel/codes/region.ts';
import type { Db } from '../../kernel/db.ts';
import type { SettingKind } from './province-settings.ts';
import { addDepartment, departmentKindList, findDepartmentByUscc, type NewDepartment } from './departments.store.ts';
import { industryProblem, kindsProblem, privilegedKinds } from './department-kinds.rules.ts';
import { regionContains } from './access.rules.ts';

type Change = NewDepartment & { kindsReason: string };

const changeOf = (change: unknown): Change => {
  const c = change as Partial<Change> | null;
  if (!c || typeof c !== 'object' || typeof c.uscc !== 'string' || typeof c.name !== 'string' || typeof c.regionCode !== 'string' || !Array.isArray(c.kinds) || c.kinds.some((k) => typeof k !== 'string') || typeof c.kindsReason !== 'string')
    throw badRequest('DEPARTMENT_PROPOSAL_INVALID', '建议应为 { uscc, name, regionCode, kinds: [...], kindsReason }', 'The proposal is { uscc, name, regionCode, kinds: [...], kindsReason }');
  const industry = c.industry && typeof c.industry === 'object' && typeof c.industry.code === 'string' && typeof c.industry.name === 'string' ? { code: c.industry.code, name: c.industry.name } : undefined;
  return { uscc: c.uscc, name: c.name, regionCode: c.regionCode, kinds: c.kinds, kindsReason: c.kindsReason, ...(industry ? { industry } : {}) };
};

export function departmentSettingKinds(db: Db, today: () => string): SettingKind[] {
  return [
    {
      kind: 'department.privileged-kinds',
      label: { zh: '登记具有特权类别的部门', en: 'A department with privileged kinds' },
      roles: ['platform_admin'],
      example: { uscc: '11130600MB0000001', name: '保定市中级人民法院', regionCode: '130600', kinds: ['court'], kindsReason: '失信被执行人名单的认定部门' },
      async validate(change, from) {
        const c = changeOf(change);
        // a city or county proposes departments of its own region only
        if (!regionContains(from.regionCode, c.regionCode.trim()))
          throw new DomainError(403, 'REGION_OUT_OF_SCOPE', `只能为本地区（${from.regionCode}）的部门提出建议`, `You may propose departments of your own region (${from.regionCode}) only`);
        const check = checkUscc(c.uscc);
        if (!check.ok) throw badRequest(check.error.code, `部门统一社会信用代码有误：${check.error.zh}`, `Department USCC is invalid: ${check.error.en}`);
        if (!findRegion(c.regionCode.trim())) throw badRequest('REGION_UNKNOWN', `行政区划代码 ${c.regionCode} 不是河北省的区划`, `Region code ${c.regionCode} is not a Hebei region`);
        const list = departmentKindList(today());
        const problem = kindsProblem(c.kinds ?? [], list, { provinceAdmin: true, reason: c.kindsReason });
        if (problem) throw new DomainError(problem.status, problem.code, problem.zh, problem.en);
        const industryIssue = industryProblem(c.kinds ?? [], c.industry, list);
        if (industryIssue) throw new DomainError(industryIssue.status, industryIssue.code, industryIssue.zh, industryIssue.en);
        if (privilegedKinds(c.kinds ?? [], list).length === 0)
          throw badRequest('DEPARTMENT_PROPOSAL_NOT_PRIVILEGED', '这些类别不是特权类别：本地区的管理员可直接登记该部门', 'None of these kinds is privileged: the region’s administrators register the department themselves');
        if (await findDepartmentByUscc(db, check.value)) throw new DomainError(409, 'DEPARTMENT_EXISTS', `部门 ${check.value} 已存在`, `Department ${check.value} already exists`);
        return { target: `department:${check.value}` };
      },
      async apply(actor, change) {
        const { kindsReason, ...input } = changeOf(change);
        const d = await addDepartment(db, actor, input, { provinceAdmin: true, reason: kindsReason, today: today() });
        return { departmentId: d.id, uscc: d.uscc, kinds: d.kinds };
      },
    },
  ];
}
