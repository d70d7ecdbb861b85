// HTTP API of proposals to change province-wide settings (work portal 设置建议): city and county
// operators and administrators propose, province-level ones approve or reject with a note.
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { actorOf, staffOf, type RoutePolicy } from '../access/auth.ts';
import { isProvinceLevel, type SettingKind } from '../access/province-settings.ts';
import { decisionRefusal, mayPropose } from './proposals.rules.ts';
import { approveProposal, getProposal, listProposals, propose, regionName, rejectProposal } from './proposals.service.ts';
import type { ProposalRow } from './proposals.store.ts';
import { decisionBody, idParams, newProposalBody, proposalListQuery, proposalListSchema, proposalSchema, settingKindsSchema, type NewProposal, type Proposal, type ProposalStatus } from './proposals.schemas.ts';

const PROPOSERS: RoutePolicy = { allow: ['operator', 'platform_admin'] };
const errors = errorResponses(400, 401, 403, 404, 409, 429);

export function proposalsRoutes(p: Platform, kinds: readonly SettingKind[]): FastifyPluginAsync {
  return async (app) => {
    const present = (row: ProposalRow, who: ReturnType<typeof staffOf>): Proposal => {
      const k = kinds.find((x) => x.kind === row.kind);
      return {
        id: row.id,
        kind: row.kind,
        kindLabel: k?.label ?? { zh: row.kind, en: row.kind },
        target: row.target,
        change: row.change,
        reason: row.reason,
        proposerName: row.proposerName,
        regionCode: row.regionCode,
        regionName: regionName(row.regionCode),
        status: row.status,
        createdAt: row.createdAt.toISOString(),
        decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
        decisionNote: row.decisionNote,
        result: row.result,
        mayDecide:
          row.status === 'pending' &&
          (k ? decisionRefusal({ userId: who.user.id, role: who.role, provinceLevel: isProvinceLevel(who) }, k.roles, row.proposerUserId) === null : isProvinceLevel(who)),
      };
    };

    app.get(
      '/proposals/kinds',
      {
        config: { policy: PROPOSERS },
        schema: { tags: ['access'], summary: '可建议的全省设置 The province-wide settings a change can be proposed to, with the shape of a change', response: { 200: settingKindsSchema, ...errors } },
      },
      async (req) => {
        const who = staffOf(req);
        const me = { userId: who.user.id, role: who.role, provinceLevel: isProvinceLevel(who) };
        return { items: kinds.map((k) => ({ kind: k.kind, label: k.label, roles: [...k.roles], mayPropose: mayPropose(me, k.roles), ...(k.example !== undefined ? { example: k.example } : {}) })) };
      },
    );

    app.get<{ Querystring: { status?: ProposalStatus; mine: boolean; page: number; pageSize: number } }>(
      '/proposals',
      {
        config: { policy: PROPOSERS },
        schema: {
          tags: ['access'],
          summary: '设置建议列表 Proposals: all of them for province-level deciders, else the caller’s own (pending first)',
          querystring: proposalListQuery,
          response: { 200: proposalListSchema, ...errors },
        },
      },
      async (req) => {
        const who = staffOf(req);
        const { page, pageSize } = req.query;
        const r = await listProposals(p, kinds, who, req.query);
        return { items: r.items.map((x) => present(x, who)), total: r.total, page, pageSize, scope: r.scope };
      },
    );

    app.get<{ Params: { id: number } }>(
      '/proposals/:id',
      {
        config: { policy: PROPOSERS },
        schema: { tags: ['access'], summary: '设置建议 One proposal (its proposer, or province-level deciders)', params: idParams, response: { 200: proposalSchema, ...errors } },
      },
      async (req) => present(await getProposal(p, kinds, staffOf(req), req.params.id), staffOf(req)),
    );

    app.post<{ Body: NewProposal }>(
      '/proposals',
      {
        config: { policy: PROPOSERS },
        schema: {
          tags: ['access'],
          summary: '提出设置建议 Propose a change to a province-wide setting (checked as the owning route would check it)',
          body: newProposalBody,
          response: { 201: proposalSchema, ...errors },
        },
      },
      async (req, reply) => {
        const who = staffOf(req);
        const row = await propose(p, kinds, who, actorOf(req), { kind: req.body.kind, change: req.body.change, reason: req.body.reason });
        return reply.status(201).send(present(row, who));
      },
    );

    app.post<{ Params: { id: number }; Body: { note: string } }>(
      '/proposals/:id/approve',
      {
        config: { policy: PROPOSERS },
        schema: {
          tags: ['access'],
          summary: '批准设置建议 Approve: the change is applied by its owning module as the approver (same checks, same audit), naming the proposer',
          params: idParams,
          body: decisionBody,
          response: { 200: proposalSchema, ...errors },
        },
      },
      async (req) => {
        const who = staffOf(req);
        return present(await approveProposal(p, kinds, { kind: 'staff', who }, actorOf(req), req.params.id, req.body.note), who);
      },
    );

    app.post<{ Params: { id: number }; Body: { note: string } }>(
      '/proposals/:id/reject',
      {
        config: { policy: PROPOSERS },
        schema: { tags: ['access'], summary: '驳回设置建议 Reject a proposal with a note', params: idParams, body: decisionBody, response: { 200: proposalSchema, ...errors } },
      },
      async (req) => {
        const who = staffOf(req);
        return present(await rejectProposal(p, kinds, { kind: 'staff', who }, actorOf(req), req.params.id, req.body.note), who);
      },
    );
  };
}
