// HTTP API of a department's own records (本部门报送记录): its staff browse the current versions
// the department submitted, filtered and paged, and export the filtered set as XLSX.
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { getActingDepartment } from '../access/scope.service.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { exportOwnRecords, ownRecords, type OwnRecordQuery } from './own-records.service.ts';
import { ownRecordsExportQuerySchema, ownRecordsPageSchema, ownRecordsQuerySchema } from './collection.schemas.ts';

// the department's own staff (the work portal); a department system has its batches
const OWN_STAFF: RoutePolicy = { allow: ['department_clerk', 'department_admin'], scope: 'department' };
const errors = errorResponses(400, 401, 403, 429);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const REFUSAL = { zh: '只有部门人员可以查看本部门报送的记录', en: 'Only department staff see their department’s records' };

export function ownRecordsRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: OwnRecordQuery & { page: number; pageSize: number } }>(
      '/own-records',
      {
        config: { policy: OWN_STAFF },
        schema: {
          tags: ['collection'],
          summary: '本部门报送记录 The department’s own current records and list entries, newest decision first',
          querystring: ownRecordsQuerySchema,
          response: { 200: ownRecordsPageSchema, ...errors },
        },
      },
      async (req) => {
        const { page, pageSize, ...q } = req.query;
        return ownRecords(p, await getActingDepartment(p.db, req.principal, REFUSAL), q, page, pageSize);
      },
    );

    app.get<{ Querystring: OwnRecordQuery }>(
      '/own-records/export',
      {
        config: { policy: OWN_STAFF },
        schema: {
          tags: ['collection'],
          summary: '导出本部门报送记录 Export the filtered set as XLSX (streamed; the export is audited)',
          querystring: ownRecordsExportQuerySchema,
          response: { 200: { description: 'XLSX file', type: 'string', format: 'binary' }, ...errors },
        },
      },
      async (req, reply) => {
        const department = await getActingDepartment(p.db, req.principal, REFUSAL);
        const stream = await exportOwnRecords(p, actorOf(req), department, req.query);
        reply.header('Content-Disposition', `attachment; filename="records-${p.today()}.xlsx"`);
        return reply.type(XLSX).send(stream);
      },
    );
  };
}
