// Exchange and work-portal API of joint reward and punishment: credit checks, feedback, pending
// feedback and rates, cases, measures (read by anyone, changed by operators), list exits.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { addMonths, isValidDate, todayIn } from '../../kernel/dates.ts';
import { mark, traceOf } from '../../kernel/phase-trace.ts';
import { badRequest, notFound } from '../../kernel/errors.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { withDeferredNonce } from '../access/signing.ts';
import { findActingDepartment, getActingDepartment, mayReadDepartment, readableDepartmentIds } from '../access/scope.service.ts';
import { errorSchema } from '../../kernel/http-schemas.ts';
import { isFeedbackLate, type MatterOutcome, type FeedbackItem } from './sanctions.rules.ts';
import { getCheck, giveFeedback, recordsShown, runCheck, type CheckAnswer, type DetailsGate } from './checks.service.ts';
import { personalReadVerdict, type ReadScope } from '../access/personal-data.service.ts';
import { scopeDetail } from '../access/personal-data.rules.ts';
import { recordRegionsOf } from '../collection/records.store.ts';
import { assertProvinceLevel } from '../access/province-settings.ts';
import { publicRecordIdsAmong } from '../publication/publication.store.ts';
import { auditRead } from '../../kernel/audit.ts';
import { recordIdsOf, withholdEligibility, withholdMeasures } from './check-privacy.rules.ts';
import { exitEntry } from './lists.service.ts';
import { creditWarnings, liftCreditWarning, recordCreditWarning } from './lifecycle.service.ts';
import * as checks from './checks.store.ts';
import {
  casePageSchema,
  creditWarningLiftSchema,
  creditWarningListSchema,
  creditWarningQuerySchema,
  creditWarningRequestSchema,
  creditWarningSchema,
  type CreditWarningLiftRequest,
  type CreditWarningQuery,
  type CreditWarningRequest,
  casesQuerySchema,
  categoryParams,
  checkAnswerSchema,
  checkRequestSchema,
  exitRequestSchema,
  exitResultSchema,
  feedbackAnswerSchema,
  feedbackRatesQuerySchema,
  feedbackRatesSchema,
  feedbackRequestSchema,
  idParams,
  measureCreateSchema,
  measureListSchema,
  measurePatchSchema,
  measureRevisionsSchema,
  measureSchema,
  pageQuerySchema,
  pendingFeedbackSchema,
  storedCheckSchema,
} from './sanctions.schemas.ts';

// Responding departments: their systems (check scope) and their own staff.
// A check's nonce is recorded with its snapshot and audit event, in one commit.
const CHECKERS: RoutePolicy = { allow: ['client:check', 'department_clerk', 'department_admin'], scope: 'department', nonce: 'handler' };
const FEEDBACK: RoutePolicy = { allow: ['client:feedback', 'client:check', 'department_clerk', 'department_admin'], scope: 'department' };
// Reading checks, pending feedback, rates and cases: the department, and operators of the region.
const READERS: RoutePolicy = {
  allow: ['client:check', 'client:feedback', 'department_clerk', 'department_admin', 'operator', 'platform_admin', 'auditor'],
  scope: 'department',
};
const OPERATORS: RoutePolicy = { allow: ['operator', 'platform_admin'] };
const LIST_OWNERS: RoutePolicy = { allow: ['client:collect', 'department_clerk', 'department_admin'], scope: 'department' };
// 信用警示: recorded and lifted by the staff of the department of the list's owner kind (the
// service checks the kind and that a lift is by the department that recorded it); read by the
// department and by operators and auditors of its region. Never public.
const WARNERS: RoutePolicy = { allow: ['department_clerk', 'department_admin'], scope: 'department' };
const WARNING_READERS: RoutePolicy = { allow: ['department_clerk', 'department_admin', 'operator', 'platform_admin', 'auditor'], scope: 'department' };
const PUBLIC: RoutePolicy = { allow: ['public'] };

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema } as const;

// Wired by the app: the subject's authorization to a requester (banks, credit agencies), valid today.
export type SanctionsDeps = { authorizationFor?: (subjectId: number, departmentId: number) => Promise<{ id: string; purpose: string } | null> };

export function sanctionsRoutes(p: Platform, deps: SanctionsDeps = {}): FastifyPluginAsync {
  const scenarioName = (code: string) => p.measures.vocabulary.scenarios.find((s) => s.code === code)?.name ?? code;
  // the personal-data rule for a person's non-public records behind a check: in region and
  // responsibilities, with a matter reference; for banks and agencies, on the subject's authorization
  const mayReadDetails = async (
    req: FastifyRequest,
    subject: { id: number; kind: string; idMasked: string | null },
    purpose: string,
    matterRef: string | null,
    recordRegions?: readonly string[], // read with the check's candidates
  ): Promise<{ scope: ReadScope; auth: { id: string; purpose: string } | null } | false> => {
    // the subject's authorization, looked up once: asked first (from decision 0053 a valid one
    // opens the whole file out of region) or after the verdict (it must hold one anyway)
    let looked: { id: string; purpose: string } | null | undefined;
    const authorization = async () => {
      if (looked === undefined) looked = (await deps.authorizationFor?.(subject.id, (await getActingDepartment(p.db, req.principal)).id)) ?? null;
      return looked;
    };
    const v = await personalReadVerdict(p, req.principal, { ...subject, idType: null, recordRegions: recordRegions ?? (await recordRegionsOf(p.db, subject.id)) }, { what: 'check-details', purpose, matterRef, authorized: async () => (await authorization()) !== null });
    if (!v.ok) return false;
    if (!v.authorization) return { scope: v.scope, auth: null };
    const auth = await authorization();
    return auth ? { scope: v.scope, auth } : false;
  };
  return async (app) => {
    app.post<{ Body: { subject: string; scenario: string; matterRef?: string } }>(
      '/credit-checks',
      {
        config: { policy: CHECKERS },
        schema: {
          tags: ['sanctions'],
          summary: '信用核查 Credit check of a subject in a business scenario',
          description:
            'Answers every measure that applies to the subject for the calling department (its kinds) in the scenario, each with the list entry or record that triggers it, its legal basis and end date; measures whose trigger is under objection come back suspended. Eligibility for 绿色通道 / 容缺受理 (no bad record in the last 3 years). A valid code that names no subject answers result "no-record"; an invalid code is a 400. The answer is stored as a snapshot (checkId) for feedback and for the subject’s access log.',
          security: [{ departmentClient: [] }],
          body: checkRequestSchema,
          response: { 200: checkAnswerSchema, ...errors },
        },
      },
      async (req) => {
        const gate: DetailsGate = async (s, recordRegions) => {
          const ok = await mayReadDetails(req, s, scenarioName(req.body.scenario), req.body.matterRef?.trim() || null, recordRegions);
          return ok === false ? false : { scope: ok.scope, authorization: ok.auth ? { id: ok.auth.id, purpose: ok.auth.purpose } : null };
        };
        const trace = traceOf(req); // bench check --phases only
        if (trace) {
          trace.key = req.body.matterRef ?? '';
          mark(trace, 'handler');
        }
        return withDeferredNonce(p, req, async (nonce) => runCheck(p, actorOf(req), await getActingDepartment(p.db, req.principal), req.body, nonce, gate, trace));
      },
    );

    app.get<{ Params: { id: string } }>(
      '/credit-checks/:id',
      {
        config: { policy: READERS },
        schema: {
          tags: ['sanctions'],
          summary: '核查详情 A stored check: the answer as given, and its feedback',
          security: [{ departmentClient: [] }],
          params: idParams,
          response: { 200: storedCheckSchema, ...errors },
        },
      },
      async (req) => {
        const c = await getCheck(p, req.params.id);
        // another department's check is answered like an unknown one
        if (!(await mayReadDepartment(p.db, req.principal, c.departmentId))) throw notFound('CHECK_NOT_FOUND', `核查 ${req.params.id} 不存在`, `Credit check ${req.params.id} not found`);
        const today = p.today();
        let answer = c.snapshot as unknown as CheckAnswer;
        // the authorization the check rested on: shown with the records it opened, to a reader who
        // may read them (below); once those records are public, only to the checking department
        let basis = c.authorizationId ? { id: c.authorizationId, purpose: c.authorizationPurpose ?? '' } : null;
        let basisShown: boolean | undefined; // decided by the rule when the answer still holds non-public records
        // a person's non-public records in the stored answer: read in scope and audited, else withheld
        if (answer.subject.found && answer.subject.kind === 'person' && c.subjectId !== null) {
          const ids = recordIdsOf(answer.measures, answer.eligibility);
          const pub = await publicRecordIdsAmong(p.db, ids, today);
          if (ids.some((id) => !pub.has(id))) {
            const subject = { id: Number(c.subjectId), kind: 'person', idMasked: answer.subject.maskedId };
            const target = `subject:${answer.subject.id}`;
            const purpose = `查阅信用核查记录 ${scenarioName(c.scenario)}`;
            const ok = await mayReadDetails(req, subject, purpose, c.matterRef);
            basisShown = ok !== false;
            // shown: none of the non-public ones, all, or (outside the person's own region) those held in the requester's region
            const shown = await recordsShown(p, ids, pub, ok ? ok.scope : false);
            const withheld = ids.filter((id) => !shown.has(id)).length;
            if (withheld > 0)
              answer = {
                ...answer,
                measures: withholdMeasures(answer.measures, shown).value,
                eligibility: withholdEligibility(answer.eligibility, shown, ok ? 'out-of-region' : 'unauthorized').value,
                // a person's 诚信积分 rests on the records withheld
                classification: null,
              };
            if (ok) {
              const auth = ok.auth;
              const why = `${purpose}（核查 ${c.id}${c.matterRef ? `，事项编号 ${c.matterRef}` : ''}）${auth ? `（依据主体授权 ${auth.id}，授权用途：${auth.purpose}）` : ''}`;
              await auditRead(p.db, actorOf(req), ['credit-check'], target, why, {}, {
                checkId: c.id,
                ...(auth ? { authorization: auth.id } : {}),
                ...scopeDetail(ok.scope, ids.length - withheld, withheld),
              });
            }
          }
        }
        if (basis && !(basisShown ?? (await findActingDepartment(p.db, req.principal))?.id === c.departmentId)) basis = null;
        return {
          checkId: c.id,
          answer,
          authorization: basis,
          feedback: {
            due: c.feedbackDue,
            completedAt: c.feedbackAt ? new Date(c.feedbackAt).toISOString() : null,
            late: c.feedbackDue !== null && isFeedbackLate(c.feedbackDue, c.feedbackAt ? todayIn(p.config.timeZone, new Date(c.feedbackAt)) : null, today),
            matterOutcome: c.matterOutcome,
            note: c.outcomeNote,
            measures: c.measures.map((m) => ({ measureId: m.measureId, suspended: m.suspended, outcome: m.outcome, reason: m.reason, feedbackAt: m.feedbackAt })),
          },
        };
      },
    );

    app.post<{ Params: { id: string }; Body: { measures: FeedbackItem[]; matterOutcome: MatterOutcome; note?: string } }>(
      '/credit-checks/:id/feedback',
      {
        config: { policy: FEEDBACK },
        schema: {
          tags: ['sanctions'],
          summary: '反馈 Feedback on a check: per measure applied / not applied (with reason) / not applicable, and the matter’s outcome',
          description: 'Each measure once (a second answer is 409 FEEDBACK_EXISTS); several calls may split the measures. Suspended measures cannot be applied. The check is complete when every measure that was not suspended has feedback.',
          security: [{ departmentClient: [] }],
          params: idParams,
          body: feedbackRequestSchema,
          response: { 200: feedbackAnswerSchema, ...errors },
        },
      },
      async (req) => giveFeedback(p, actorOf(req), await getActingDepartment(p.db, req.principal), req.params.id, req.body),
    );

    app.get<{ Querystring: { page: number; pageSize: number } }>(
      '/credit-checks/feedback/pending',
      {
        config: { policy: READERS },
        schema: {
          tags: ['sanctions'],
          summary: '待反馈 Checks still owing feedback, oldest due first; late ones marked',
          security: [{ departmentClient: [] }],
          querystring: pageQuerySchema,
          response: {
            200: pendingFeedbackSchema,
            ...errors,
          },
        },
      },
      async (req) => {
        const { page, pageSize } = req.query;
        const today = p.today();
        const r = await checks.pendingFeedback(p.db, await readableDepartmentIds(p.db, req.principal), pageSize, (page - 1) * pageSize);
        const items = r.items.map((x) => ({
          checkId: x.checkId,
          checkedAt: new Date(x.checkedAt).toISOString(),
          feedbackDue: x.feedbackDue,
          late: isFeedbackLate(x.feedbackDue, null, today),
          scenario: x.scenario,
          matterRef: x.matterRef,
          subject: { code: x.subjectCode, name: x.subjectName },
          department: { id: x.departmentId, name: x.departmentName },
          owed: x.owed,
          given: x.given,
        }));
        return { items, total: r.total, late: items.filter((i) => i.late).length, page, pageSize };
      },
    );

    app.get<{ Querystring: { by: 'department' | 'measure'; from?: string; to?: string } }>(
      '/credit-checks/feedback/rates',
      {
        config: { policy: READERS },
        schema: {
          tags: ['sanctions'],
          summary: '反馈率 Feedback rates per department or per measure over checks made in [from, to]',
          description: 'Counts measures owing feedback (not suspended): given, on time, late, overdue (missing past due), and the outcomes. Defaults: the last 12 months to today.',
          security: [{ departmentClient: [] }],
          querystring: feedbackRatesQuerySchema,
          response: {
            200: feedbackRatesSchema,
            ...errors,
          },
        },
      },
      async (req) => {
        const today = p.today();
        const to = req.query.to ?? today;
        const from = req.query.from ?? addMonths(to, -12);
        for (const d of [from, to]) if (!isValidDate(d)) throw badRequest('DATE_INVALID', `日期应为 YYYY-MM-DD：${d}`, `Dates must be YYYY-MM-DD: ${d}`);
        const rows = await checks.feedbackRates(p.db, req.query.by, { from, to, today, timeZone: p.config.timeZone, departmentIds: await readableDepartmentIds(p.db, req.principal) });
        const measures = req.query.by === 'measure' ? new Map((await p.measures.current()).map((m) => [m.id, m.name])) : undefined;
        const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1000) / 1000);
        return {
          by: req.query.by,
          from,
          to,
          rows: rows.map((r) => ({ ...r, name: measures?.get(r.key) ?? r.name, rate: ratio(r.given, r.owed), onTimeRate: ratio(r.onTime, r.owed) })),
        };
      },
    );

    app.get<{ Querystring: { kind?: 'reward' | 'punishment'; page: number; pageSize: number } }>(
      '/sanctions/cases',
      {
        config: { policy: READERS },
        schema: {
          tags: ['sanctions'],
          summary: '奖惩案例 Joint reward and punishment cases: checks where a measure was applied, newest first',
          security: [{ departmentClient: [] }],
          querystring: casesQuerySchema,
          response: {
            200: casePageSchema,
            ...errors,
          },
        },
      },
      async (req) => {
        const { page, pageSize, kind } = req.query;
        const r = await checks.listCases(p.db, { kind, departmentIds: await readableDepartmentIds(p.db, req.principal), limit: pageSize, offset: (page - 1) * pageSize });
        const names = new Map((await p.measures.current()).map((m) => [m.id, m.name]));
        return {
          items: r.items.map((c) => ({
            checkId: c.checkId,
            checkedAt: new Date(c.checkedAt).toISOString(),
            scenario: c.scenario,
            matterRef: c.matterRef,
            matterOutcome: c.matterOutcome,
            note: c.outcomeNote,
            department: c.departmentName,
            // persons appear by masked document number only
            subject: { kind: c.subjectKind, name: c.subjectKind === 'person' ? null : c.subjectName, code: c.subjectCode },
            measures: c.measures.map((m) => ({ measureId: m.measureId, name: names.get(m.measureId) ?? m.measureId, kind: m.kind })),
          })),
          total: r.total,
          page,
          pageSize,
        };
      },
    );

    app.get(
      '/measures',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['sanctions'],
          summary: '措施清单 The measure list in force (current revision of each), with the scenarios and department kinds they use',
          response: { 200: measureListSchema },
        },
      },
      async () => ({ measures: await p.measures.current(), scenarios: p.measures.vocabulary.scenarios, departmentKinds: p.measures.vocabulary.departmentKinds }),
    );

    app.get<{ Params: { id: string } }>(
      '/measures/:id/revisions',
      {
        config: { policy: PUBLIC },
        schema: {
          tags: ['sanctions'],
          summary: '措施修订记录 Every revision of a measure, newest first',
          params: idParams,
          response: { 200: measureRevisionsSchema, 404: errorSchema },
        },
      },
      async (req) => ({ revisions: await p.measures.history(req.params.id) }),
    );

    app.post<{ Body: Record<string, unknown> }>(
      '/measures',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['sanctions'],
          summary: '新增措施 Add a measure (province-level operator)',
          body: measureCreateSchema,
          response: { 201: measureSchema, ...errors },
        },
      },
      async (req, reply) => {
        assertProvinceLevel(req.principal, { zh: '联合奖惩措施清单', en: 'The measure list' });
        return reply.status(201).send(await p.measures.create(actorOf(req), req.body));
      },
    );

    app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/measures/:id',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['sanctions'],
          summary: '修改措施 Change a measure: a new revision (operator); null removes an optional property, active:false withdraws it',
          params: idParams,
          body: measurePatchSchema,
          response: { 200: measureSchema, ...errors },
        },
      },
      async (req) => {
        assertProvinceLevel(req.principal, { zh: '联合奖惩措施清单', en: 'The measure list' });
        const { note, ...patch } = req.body;
        return p.measures.change(actorOf(req), req.params.id, patch, typeof note === 'string' ? note : undefined);
      },
    );

    app.post<{ Params: { category: string }; Body: { ref: string; reason: string; exitDate?: string } }>(
      '/lists/:category/exits',
      {
        config: { policy: LIST_OWNERS },
        schema: {
          tags: ['sanctions'],
          summary: '移出名单 Take an entry off its list (the department that entered it)',
          description: 'A new version of the entry with status exited, the exit date (default today) and reason. Its measures stop at once and the exit is published as a notice.',
          security: [{ departmentClient: [] }],
          params: categoryParams,
          body: exitRequestSchema,
          response: { 200: exitResultSchema, ...errors },
        },
      },
      async (req) => exitEntry(p, actorOf(req), await getActingDepartment(p.db, req.principal), { category: req.params.category, ...req.body }),
    );

    app.get<{ Querystring: CreditWarningQuery }>(
      '/lists/credit-warnings',
      {
        config: { policy: WARNING_READERS },
        schema: {
          tags: ['sanctions'],
          summary: '信用警示 Credit warnings of the departments the caller may read, newest first',
          description: 'The stage before a list entry (rules/list-lifecycle.json). Staff only: never published, no measures.',
          querystring: creditWarningQuerySchema,
          response: { 200: creditWarningListSchema, ...errors },
        },
      },
      async (req) => ({
        items: await creditWarnings(p, {
          departmentIds: await readableDepartmentIds(p.db, req.principal),
          ...(req.query.category ? { category: req.query.category } : {}),
          ...(req.query.subject ? { subject: req.query.subject } : {}),
        }),
      }),
    );

    app.post<{ Params: { category: string }; Body: CreditWarningRequest }>(
      '/lists/:category/credit-warnings',
      {
        config: { policy: WARNERS },
        schema: {
          tags: ['sanctions'],
          summary: '作出信用警示 Record a credit warning (department of the list’s owner kind)',
          description: 'Only where the list’s rules allow it (409 CREDIT_WARNING_NOT_ALLOWED otherwise); the subject must be on file; one per department and 案号 (409 CREDIT_WARNING_EXISTS). Ends by its last day, by lift, or when the department enters the subject.',
          params: categoryParams,
          body: creditWarningRequestSchema,
          response: { 200: creditWarningSchema, ...errors },
        },
      },
      async (req) => recordCreditWarning(p, actorOf(req), await getActingDepartment(p.db, req.principal), { category: req.params.category, ...req.body }),
    );

    app.post<{ Params: { id: string }; Body: CreditWarningLiftRequest }>(
      '/lists/credit-warnings/:id/lift',
      {
        config: { policy: WARNERS },
        schema: {
          tags: ['sanctions'],
          summary: '解除信用警示 Lift an open credit warning (the department that recorded it)',
          params: idParams,
          body: creditWarningLiftSchema,
          response: { 200: creditWarningSchema, ...errors },
        },
      },
      async (req) => liftCreditWarning(p, actorOf(req), await getActingDepartment(p.db, req.principal), req.params.id, req.body),
    );
  };
}
