// Auditor API (审计): search and export the audit trail, and verify its hash chain.
// Search and export: the auditor role only (separation of duties, 三员分立: administrators do not
// read the trail of their own actions). Verify: auditor and platform administrator, since it
// shows integrity, not event content.
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { exportAuditEvents, searchAuditEvents, verifyPlatformAuditChain, type AuditQuery, type ExportFormat } from './audit.service.ts';
import { auditExportQuerySchema, auditSearchQuerySchema, auditSearchResponse, auditVerificationSchema } from './audit.schemas.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';

const AUDITOR: RoutePolicy = { allow: ['auditor'] };
const VERIFIER: RoutePolicy = { allow: ['auditor', 'platform_admin'] };
const errors = errorResponses(400, 401, 403);

export function auditRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: AuditQuery & { page: number; pageSize: number } }>(
      '/events',
      {
        config: { policy: AUDITOR },
        schema: {
          tags: ['audit'],
          summary: '查询审计日志 Search audit events (newest first)',
          querystring: auditSearchQuerySchema,
          response: { 200: auditSearchResponse, ...errors },
        },
      },
      async (req) => {
        const { page, pageSize, ...q } = req.query;
        return searchAuditEvents(p, q, page, pageSize);
      },
    );

    app.get<{ Querystring: AuditQuery & { format: ExportFormat } }>(
      '/events/export',
      {
        config: { policy: AUDITOR },
        schema: {
          tags: ['audit'],
          summary: '导出审计日志 Export audit events as CSV or XLSX (oldest first, streamed; the export itself is audited)',
          querystring: auditExportQuerySchema,
          response: { 200: { description: 'CSV (UTF-8 with BOM) or XLSX file', type: 'string', format: 'binary' }, ...errors },
        },
      },
      async (req, reply) => {
        const { format, ...q } = req.query;
        const stream = await exportAuditEvents(p, actorOf(req), q, format);
        const stamp = p.now().toISOString().slice(0, 19).replace(/[-:]/g, '');
        reply.header('Content-Disposition', `attachment; filename="audit-events-${stamp}.${format}"`);
        reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        return reply.send(stream);
      },
    );

    app.get(
      '/verify',
      {
        config: { policy: VERIFIER },
        schema: {
          tags: ['audit'],
          summary: '校验审计哈希链 Verify the audit hash chain and its signed checkpoints',
          response: { 200: auditVerificationSchema, ...errors },
        },
      },
      async () => verifyPlatformAuditChain(p),
    );
  };
}
