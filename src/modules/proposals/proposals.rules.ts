// Who may propose, decide and read a proposed change to a province-wide setting. Pure.
import type { Role } from '../access/access.rules.ts';

export type ProposalStatus = 'pending' | 'applying' | 'approved' | 'rejected';

export type Proposer = { userId: number; role: Role; provinceLevel: boolean };

// Staff whose role may change the setting at province level may propose a change to it from any
// level (province staff usually just make the change).
export const mayPropose = (who: Proposer, kindRoles: readonly Role[]): boolean => kindRoles.includes(who.role);

// Only province-level staff with a role that may make the change, and never on their own proposal.
export type DecisionRefusal = 'province-level-required' | 'role' | 'own-proposal' | null;
export function decisionRefusal(who: Proposer, kindRoles: readonly Role[], proposerUserId: number): DecisionRefusal {
  if (!who.provinceLevel) return 'province-level-required';
  if (!kindRoles.includes(who.role)) return 'role';
  if (who.userId === proposerUserId) return 'own-proposal';
  return null;
}

// Province-level staff who may decide some kind see every proposal; everyone else their own.
export const seesAll = (who: Proposer, deciderRoles: readonly Role[]): boolean => who.provinceLevel && deciderRoles.includes(who.role);

export const REASON_MIN = 4;
export const NOTE_MIN = 2;
