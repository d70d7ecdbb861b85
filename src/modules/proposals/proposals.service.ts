// Proposed changes to province-wide settings: city and county staff propose, province-level staff
// approve (the owning module applies the change, as the approver) or reject, each with a note.
// The kinds of setting come from the modules that own them (SettingKind, access/province-settings.ts),
// passed in by the caller; this module knows none of them.
import type { Context } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/errors.ts';
import { findRegion } from '../../kernel/codes/region.ts';
import { isProvinceLevel, type SettingKind } from '../access/province-settings.ts';
import type { Principal } from '../access/auth.ts';
import type { Role } from '../access/access.rules.ts';
import { decisionRefusal, mayPropose, seesAll, NOTE_MIN, REASON_MIN, type Proposer, type ProposalStatus } from './proposals.rules.ts';
import * as store from './proposals.store.ts';
import type { ProposalRow } from './proposals.store.ts';

type Ctx = Pick<Context, 'db' | 'now'>;
type Staff = Extract<Principal, { kind: 'staff' }>;

// The console (xinyong proposals approve) counts as province level, like its other settings
// commands; it has no staff account, so it is never the proposer.
export type Decider = { kind: 'staff'; who: Staff } | { kind: 'console' };

const proposerOf = (who: Staff): Proposer => ({ userId: who.user.id, role: who.role, provinceLevel: isProvinceLevel(who) });

function kindOf(kinds: readonly SettingKind[], kind: string): SettingKind {
  const k = kinds.find((x) => x.kind === kind);
  if (!k)
    throw badRequest('SETTING_KIND_UNKNOWN', `未知的设置类别：${kind.slice(0, 60)}；可选：${kinds.map((x) => x.kind).join('、')}`, `Unknown setting kind: ${kind.slice(0, 60)}; available: ${kinds.map((x) => x.kind).join(', ')}`);
  return k;
}

const deciderRoles = (kinds: readonly SettingKind[]): Role[] => [...new Set(kinds.flatMap((k) => k.roles))];

export async function propose(
  c: Ctx,
  kinds: readonly SettingKind[],
  who: Staff,
  actor: Actor,
  input: { kind: string; change: unknown; reason: string },
): Promise<ProposalRow> {
  const k = kindOf(kinds, input.kind);
  if (!mayPropose(proposerOf(who), k.roles))
    throw forbidden('PROPOSAL_ROLE_FORBIDDEN', `您的角色不能就“${k.label.zh}”提出建议`, `Your role may not propose changes to ${k.label.en}`);
  const reason = input.reason.trim();
  if ([...reason].length < REASON_MIN)
    throw badRequest('PROPOSAL_REASON_REQUIRED', `请说明建议的理由（至少 ${REASON_MIN} 个字）`, `Give the reason for the proposal (at least ${REASON_MIN} characters)`);
  // the owning module's own checks: a change that could never apply is refused now
  const { target } = await k.validate(input.change, { regionCode: who.regionCode });
  return c.db.tx(async (tx) => {
    const row = await store.insertProposal(tx, {
      kind: k.kind,
      target,
      change: input.change,
      reason,
      proposedBy: actor.id,
      proposerUserId: who.user.id,
      proposerName: who.user.displayName,
      regionCode: who.regionCode,
      createdAt: c.now(),
    });
    await writeAudit(tx, actor, 'proposal.create', `proposal:${row.id}`, { kind: k.kind, target, reason, regionCode: who.regionCode });
    return row;
  });
}

export async function listProposals(
  c: Ctx,
  kinds: readonly SettingKind[],
  who: Staff | 'console',
  f: { status?: ProposalStatus; mine?: boolean; page: number; pageSize: number },
): Promise<{ items: ProposalRow[]; total: number; scope: 'all' | 'own' }> {
  const own = who === 'console' ? undefined : f.mine || !seesAll(proposerOf(who), deciderRoles(kinds)) ? who.user.id : undefined;
  const all = own === undefined;
  const r = await store.listProposals(c.db, { status: f.status, proposerUserId: own }, f.pageSize, (f.page - 1) * f.pageSize);
  return { ...r, scope: all ? 'all' : 'own' };
}

// Someone who may not see a proposal learns nothing about it (404 as for one that does not exist).
export async function getProposal(c: Ctx, kinds: readonly SettingKind[], who: Staff | 'console', id: number): Promise<ProposalRow> {
  const row = await store.findProposal(c.db, id);
  if (!row || (who !== 'console' && row.proposerUserId !== who.user.id && !seesAll(proposerOf(who), deciderRoles(kinds))))
    throw notFound('PROPOSAL_NOT_FOUND', `没有编号为 ${id} 的建议`, `No proposal ${id}`);
  return row;
}

function assertMayDecide(kinds: readonly SettingKind[], d: Decider, row: ProposalRow): SettingKind {
  const k = kinds.find((x) => x.kind === row.kind);
  if (!k) throw conflict('SETTING_KIND_GONE', `设置类别 ${row.kind} 已不再提供，只能驳回`, `The setting kind ${row.kind} is no longer offered; the proposal can only be rejected`);
  if (d.kind === 'console') return k;
  const refusal = decisionRefusal(proposerOf(d.who), k.roles, row.proposerUserId);
  if (refusal === 'province-level-required')
    throw forbidden('PROVINCE_LEVEL_REQUIRED', `${k.label.zh}是全省统一设置，只能由省级人员审批`, `${k.label.en} is a province-wide setting: only province-level staff decide proposals`);
  if (refusal === 'role') throw forbidden('ROLE_FORBIDDEN', `您的角色不能审批“${k.label.zh}”的建议`, `Your role may not decide proposals on ${k.label.en}`);
  if (refusal === 'own-proposal') throw forbidden('PROPOSAL_OWN', '不能审批自己提出的建议', 'You may not decide your own proposal');
  return k;
}

const checkNote = (note: string): string => {
  const n = note.trim();
  if ([...n].length < NOTE_MIN) throw badRequest('PROPOSAL_NOTE_REQUIRED', `请填写审批意见（至少 ${NOTE_MIN} 个字）`, `Give a note with the decision (at least ${NOTE_MIN} characters)`);
  return n;
};

const notPending = (row: ProposalRow) =>
  conflict('PROPOSAL_DECIDED', `建议 ${row.id} 已处理（${row.status}），不能再次审批`, `Proposal ${row.id} is no longer pending (${row.status})`);

// Applies the change through the owning module as the approver, then records the approval. If the
// owning module refuses the change now (the setting moved on since), the proposal stays pending
// and the refusal is the answer.
export async function approveProposal(c: Ctx, kinds: readonly SettingKind[], d: Decider, actor: Actor, id: number, note: string): Promise<ProposalRow> {
  const n = checkNote(note);
  const row = await getProposal(c, kinds, d.kind === 'console' ? 'console' : d.who, id);
  const k = assertMayDecide(kinds, d, row);
  const claimed = await store.claimPending(c.db, id);
  if (!claimed) throw notPending(row);
  let result: Record<string, unknown>;
  try {
    result = await k.apply(actor, claimed.change, { id, proposedBy: claimed.proposedBy, proposerName: claimed.proposerName, reason: claimed.reason, note: n });
  } catch (err) {
    await store.releaseClaim(c.db, id);
    throw err;
  }
  return c.db.tx(async (tx) => {
    const done = (await store.decide(tx, id, 'applying', { status: 'approved', decidedBy: actor.id, decidedAt: c.now(), note: n, result }))!;
    await writeAudit(tx, actor, 'proposal.approve', `proposal:${id}`, { kind: k.kind, target: claimed.target, proposedBy: claimed.proposedBy, regionCode: claimed.regionCode, note: n, result });
    return done;
  });
}

export async function rejectProposal(c: Ctx, kinds: readonly SettingKind[], d: Decider, actor: Actor, id: number, note: string): Promise<ProposalRow> {
  const n = checkNote(note);
  const row = await getProposal(c, kinds, d.kind === 'console' ? 'console' : d.who, id);
  // a kind no longer offered can still be rejected
  if (kinds.some((x) => x.kind === row.kind)) assertMayDecide(kinds, d, row);
  else if (d.kind === 'staff' && !isProvinceLevel(d.who)) throw forbidden('PROVINCE_LEVEL_REQUIRED', '只能由省级人员审批', 'Only province-level staff decide proposals');
  return c.db.tx(async (tx) => {
    const done = await store.decide(tx, id, 'pending', { status: 'rejected', decidedBy: actor.id, decidedAt: c.now(), note: n });
    if (!done) throw notPending(row);
    await writeAudit(tx, actor, 'proposal.reject', `proposal:${id}`, { kind: row.kind, target: row.target, proposedBy: row.proposedBy, regionCode: row.regionCode, note: n });
    return done;
  });
}

export const regionName = (code: string): string => findRegion(code)?.name ?? code;
