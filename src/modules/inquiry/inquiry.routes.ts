// HTTP API of the staff credit query (部门信用查询), work portal: search by name or code, then the
// full credit file after a purpose and a matter reference (POST: the purpose is not a URL).
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { searchSubjects, staffCreditFile } from './inquiry.service.ts';
import { creditFileSchema, fileRequestSchema, searchAnswerSchema, searchQuerySchema, type CreditFileRequest } from './inquiry.schemas.ts';

// roles the personal-data rule lets read full files (rules/personal-data.json `roles`); the
// handler narrows further: region, purpose, matter reference (and for persons, kinds and factor)
const QUERIERS: RoutePolicy = { allow: ['operator', 'department_admin', 'department_clerk'], scope: 'region' };
const errors = errorResponses(400, 401, 403, 404, 429);

export function inquiryRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { q: string } }>(
      '/inquiry/subjects',
      {
        config: { policy: QUERIERS },
        schema: {
          tags: ['inquiry'],
          summary: '部门信用查询：查找主体 Find a subject by name or code',
          description: 'A name finds organizations and individual businesses (at least 2 characters, up to 20 hits); a whole code finds any subject. Persons are found by ID number only and shown by masked number; nothing of the file is returned.',
          querystring: searchQuerySchema,
          response: { 200: searchAnswerSchema, ...errors },
        },
      },
      async (req) => searchSubjects(p, req.query.q),
    );

    app.post<{ Body: CreditFileRequest }>(
      '/inquiry/credit-file',
      {
        config: { policy: QUERIERS },
        schema: {
          tags: ['inquiry'],
          summary: '部门信用查询：信用档案 Open a subject’s full credit file for a stated purpose',
          description:
            'Every current record and list entry (non-public ones included, personal fields masked), objections, repairs, linked persons or organizations, and the measures the file triggers. Needs a purpose and a matter reference of the form rules/personal-data.json asks (400 REASON_REQUIRED / PURPOSE_INVALID / MATTER_REF_REQUIRED / MATTER_REF_INVALID), a role that may read full files and the subject in the requester’s region (403 CREDIT_FILE_FORBIDDEN / CREDIT_FILE_OUT_OF_REGION; for a person the personal-data rule whole: PERSONAL_DATA_FORBIDDEN / PERSONAL_DATA_OUT_OF_REGION / SECOND_FACTOR_REQUIRED, and for banks and agencies the subject’s authorization of scope credit-file, which from 2026-12-07 opens the person’s whole file wherever the bank is). Each opening is audited (personal-data.read, with the purpose) and shows in the subject’s access log.',
          body: fileRequestSchema,
          response: { 200: creditFileSchema, ...errors },
        },
      },
      async (req) => staffCreditFile(p, req.principal, actorOf(req), req.body),
    );
  };
}
