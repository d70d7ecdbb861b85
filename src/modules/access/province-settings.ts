// Settings that hold for the whole province — measures, the working-day calendar, the catalog and
// the department directory's kinds — are changed only by province-level staff: a city operator
// deactivating a measure or replacing the official calendar changed everyone's deadlines and
// sanctions (issue 17). Refused as 403 PROVINCE_LEVEL_REQUIRED (and audited as a refusal).
import { findRegion } from '../../kernel/codes/region.ts';
import { forbidden } from '../../kernel/errors.ts';
import type { Actor } from '../../kernel/audit.ts';
import type { Principal } from './auth.ts';
import type { Role } from './access.rules.ts';

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

// A kind of province-wide setting that city and county staff may propose a change to
// (src/modules/proposals). The module that owns the setting makes it and passes it in, in the
// list composed by src/setting-kinds.ts; nothing here is keyed by the platform.
//   validate: the owning module's own checks of the change, without applying it (at proposal
//             time, so a proposal that could never apply is refused at once);
//   apply:    the same service path a province user's own request takes (same validation, same
//             audit event), run as the approving province user; `proposal` names the proposer.
export type ProposalRef = { id: number; proposedBy: string; proposerName: string; reason: string; note: string };

export type SettingKind = {
  kind: string; // e.g. 'measure.change'; stable, stored with each proposal
  label: { zh: string; en: string };
  roles: readonly Role[]; // who may change the setting at province level, and so propose or approve it
  example?: unknown; // the shape of a change, shown in the work portal's form
  // throws the owning module's DomainError; `from`: the proposer's region (a setting that belongs to
  // a region, like a department, may check that it lies in the proposer's)
  validate(change: unknown, from: { regionCode: string }): Promise<{ target: string }>;
  apply(actor: Actor, change: unknown, proposal: ProposalRef): Promise<Record<string, unknown>>; // a summary of what changed
};
