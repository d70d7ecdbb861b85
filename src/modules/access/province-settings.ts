// Settings that hold for the whole province — measures, the working-day calendar, the catalog and
// the department directory's kinds — are changed only by province-level staff: a city operator
// deactivating a measure or replacing the official calendar changed everyone's deadlines and
// sanctions (issue 17). Refused as 403 PROVINCE_LEVEL_REQUIRED (and audited as a refusal).
import { findRegion } from '../../kernel/codes/region.ts';
import { forbidden } from '../../kernel/errors.ts';
import type { Principal } from './auth.ts';

export function isProvinceLevel(who: Principal): boolean {
  return who.kind === 'staff' && findRegion(who.regionCode)?.level === 'province';
}

export function assertProvinceLevel(who: Principal, what: { zh: string; en: string }): void {
  if (!isProvinceLevel(who))
    throw forbidden(
      'PROVINCE_LEVEL_REQUIRED',
      `${what.zh}是全省统一设置，只能由省级人员修改；市、县人员请向省级提出建议`,
      `${what.en} is a province-wide setting: only province-level staff may change it; city and county staff propose changes to them`,
    );
}
