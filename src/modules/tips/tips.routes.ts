// HTTP API of tips (举报). Public (anonymous): file a tip, add evidence, follow its status with
// the receipt number and query code (both in the body, never in a URL that logs keep). Work
// portal: tip handlers of the department a tip is routed to handle it and alone may read its
// reporter (with a purpose, audited); operators and platform administrators of the region see
// and re-route tips, never the reporter.
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { forbidden } from '../../kernel/errors.ts';
import { actorOf, staffOf, type RoutePolicy } from '../access/auth.ts';
import { EVIDENCE_CSP } from '../rights/evidence-type.rules.ts';
import * as svc from './tips.service.ts';
import * as s from './tips.schemas.ts';
import type { TipOutcome, TipStatus } from './tips.rules.ts';

const PUBLIC: RoutePolicy = { allow: ['public'] };
const VIEWERS: RoutePolicy = { allow: ['tip_handler', 'operator', 'platform_admin'], scope: 'department' };
const HANDLERS: RoutePolicy = { allow: ['tip_handler'], scope: 'department' };
const ROUTERS: RoutePolicy = { allow: ['operator', 'platform_admin'], scope: 'region' };

const errors = errorResponses(400, 401, 403, 404, 409, 429);
const EVIDENCE_BODY = 16 << 20; // 10 MB decoded, in base64, with room for the JSON around it

function viewerOf(req: FastifyRequest): svc.Viewer {
  const who = staffOf(req);
  if (who.role === 'tip_handler' && who.departmentId !== null) return { kind: 'handler', departmentId: who.departmentId };
  if (who.role === 'operator' || who.role === 'platform_admin') return { kind: 'supervisor', regionCode: who.regionCode };
  throw forbidden('TIP_FORBIDDEN', '无权办理举报', 'Not allowed to handle tips');
}

export function tipsRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    const limited = { rateLimit: { max: p.config.publicRateLimit.max, timeWindow: p.config.publicRateLimit.windowMs }, policy: PUBLIC };

    // ---- public

    app.post<{ Body: s.FileTipRequest }>(
      '/public/tips',
      {
        config: limited,
        schema: {
          tags: ['tips'],
          summary: '举报失信行为 File a tip',
          description:
            'JSON `{"subjectName","subjectCode"?,"matter","reporter"?:{"name","phone"}}`; an anonymous tip omits `reporter`. Answers the receipt number and a query code, given only once. A tip with neither subject nor matter is refused (TIP_EMPTY), as is one without a subject or without a matter of at least 10 characters. Per address: 5 tips an hour (rules/tips.json). The reporter is sealed with the tip key and never appears in any answer, log or audit detail.',
          body: s.fileTipSchema,
          response: { 200: s.filedTipSchema, ...errors },
        },
      },
      async (req) => svc.fileTip(p, req.body, req.ip),
    );

    app.post<{ Params: { receipt: string }; Body: s.EvidenceUploadRequest }>(
      '/public/tips/:receipt/evidence',
      {
        config: limited,
        bodyLimit: EVIDENCE_BODY,
        schema: {
          tags: ['tips'],
          summary: '补充举报证据 Add an evidence file to a tip',
          description: 'With the query code. PDF, JPEG, PNG or OFD, typed by content; at most 10 MB (413 TIP_EVIDENCE_TOO_LARGE) and 5 files per tip (409 TIP_EVIDENCE_TOO_MANY); only while the tip is open. No file name is kept.',
          params: s.receiptParams,
          body: s.evidenceUploadSchema,
          response: { 200: s.evidenceAddedSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 429) },
        },
      },
      async (req) => svc.addTipEvidence(p, req.params.receipt, req.body, req.ip),
    );

    app.post<{ Body: s.TipStatusRequest }>(
      '/public/tips/status',
      {
        config: limited,
        schema: {
          tags: ['tips'],
          summary: '查询举报办理进度 Status of a tip (receipt number and query code)',
          description: 'Status, due date, the handling department, and the reply to the reporter once answered; never the internal notes. A wrong receipt number and a wrong query code give the same 404.',
          body: s.statusRequestSchema,
          response: { 200: s.publicStatusSchema, ...errors },
        },
      },
      async (req) => svc.tipStatus(p, req.body.receiptNumber, req.body.queryCode, req.ip),
    );

    // ---- work portal

    app.get<{ Querystring: s.TipListQuery }>(
      '/tips',
      {
        config: { policy: VIEWERS },
        schema: {
          tags: ['tips'],
          summary: '举报列表 Tips: those routed to your department (tip handler), or of your region (operators)',
          querystring: s.listQuerySchema,
          response: { 200: s.tipListSchema, ...errors },
        },
      },
      async (req) => {
        const page = req.query.page ?? 1;
        const pageSize = req.query.pageSize ?? 20;
        const q: svc.ListQuery = { limit: pageSize, offset: (page - 1) * pageSize };
        if (req.query.status) q.status = req.query.status as TipStatus;
        if (req.query.state) q.state = req.query.state as 'open' | 'closed';
        if (req.query.overdue) q.overdue = true;
        if (req.query.unrouted) q.unrouted = true;
        const r = await svc.listTipsFor(p, viewerOf(req), q);
        return { ...r, page, pageSize };
      },
    );

    app.get<{ Params: { id: number } }>(
      '/tips/:id',
      { config: { policy: VIEWERS }, schema: { tags: ['tips'], summary: '举报详情 A tip with its internal history (never the reporter)', params: s.idParams, response: { 200: s.tipDetailSchema, ...errors } } },
      async (req) => svc.tipDetail(p, viewerOf(req), req.params.id),
    );

    app.post<{ Params: { id: number }; Body: s.RouteTipRequest }>(
      '/tips/:id/route',
      { config: { policy: ROUTERS }, schema: { tags: ['tips'], summary: '改派举报 Re-route a tip to a department of your region (operators)', params: s.idParams, body: s.routeRequestSchema, response: { 200: s.tipDetailSchema, ...errors } } },
      async (req) => svc.routeTip(p, actorOf(req), viewerOf(req), req.params.id, req.body.departmentId, req.body.reason),
    );

    app.post<{ Params: { id: number }; Body: s.TipNoteRequest }>(
      '/tips/:id/notes',
      { config: { policy: HANDLERS }, schema: { tags: ['tips'], summary: '办理备注 Add an internal note (the tip is then in progress)', params: s.idParams, body: s.noteRequestSchema, response: { 200: s.tipDetailSchema, ...errors } } },
      async (req) => svc.addTipNote(p, actorOf(req), viewerOf(req), req.params.id, req.body.text),
    );

    app.post<{ Params: { id: number }; Body: s.TipOutcomeRequest }>(
      '/tips/:id/outcome',
      {
        config: { policy: HANDLERS },
        schema: {
          tags: ['tips'],
          summary: '办结举报 Answer a tip: substantiated, unsubstantiated or not-competent (forwarded)',
          params: s.idParams,
          body: s.outcomeRequestSchema,
          response: { 200: s.tipDetailSchema, ...errors },
        },
      },
      async (req) => {
        const b = req.body;
        return svc.answerTip(p, actorOf(req), viewerOf(req), req.params.id, { outcome: b.outcome as TipOutcome, note: b.note, reply: b.reply, ...(b.forwardedTo !== undefined ? { forwardedTo: b.forwardedTo } : {}) });
      },
    );

    app.post<{ Params: { id: number }; Body: s.TipRecordLinkRequest }>(
      '/tips/:id/record-links',
      {
        config: { policy: HANDLERS },
        schema: {
          tags: ['tips'],
          summary: '关联信用记录 Link a substantiated tip to the record the department submitted through collection',
          params: s.idParams,
          body: s.recordLinkRequestSchema,
          response: { 200: s.tipDetailSchema, ...errors },
        },
      },
      async (req) => svc.linkTipRecord(p, actorOf(req), viewerOf(req), req.params.id, req.body),
    );

    app.post<{ Params: { id: number }; Body: s.ReporterReadRequest }>(
      '/tips/:id/reporter-reads',
      {
        config: { policy: HANDLERS },
        schema: {
          tags: ['tips'],
          summary: '查阅举报人信息 Read the reporter (tip handlers of the routed department; purpose required; audited)',
          params: s.idParams,
          body: s.reporterReadRequestSchema,
          response: { 200: s.reporterSchema, ...errors },
        },
      },
      async (req, reply) => {
        reply.header('Cache-Control', 'no-store');
        const r = await svc.readReporter(p, actorOf(req), viewerOf(req), req.params.id, req.body.purpose);
        return { anonymous: r === null, reporter: r };
      },
    );

    app.get<{ Params: { id: number; seq: number } }>(
      '/tips/:id/evidence/:seq',
      {
        config: { policy: HANDLERS },
        schema: { tags: ['tips'], summary: '举报证据文件 An evidence file of a tip (tip handlers)', params: s.evidenceParams, response: { 200: { description: 'The file as uploaded', type: 'string', format: 'binary' }, ...errors } },
      },
      async (req, reply) => {
        const { file, path } = await svc.openTipEvidence(p, actorOf(req), viewerOf(req), req.params.id, req.params.seq);
        const ext = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'application/ofd': 'ofd' }[file.contentType] ?? 'bin';
        reply
          .header('Content-Type', file.contentType)
          .header('Content-Disposition', `attachment; filename="tip-${req.params.id}-evidence-${file.seq}.${ext}"`)
          .header('Content-Security-Policy', EVIDENCE_CSP);
        return reply.send(createReadStream(path));
      },
    );
  };
}
