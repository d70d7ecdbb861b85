// Work-portal and exchange API of credit classification: a subject's grade with its explanation,
// statistics, 重点监管对象, and full runs (operators).
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { auditRead } from '../../kernel/audit.ts';
import { forbidden, notFound } from '../../kernel/errors.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { assertPersonalRead } from '../access/personal-data.service.ts';
import { scopeCoversAll } from '../access/personal-data.rules.ts';
import { recordRegionsOf } from '../collection/records.store.ts';
import { findSubjectByCode } from '../subjects/subjects.store.ts';
import { getRun, gradeDistribution, gradeOfSubject, gradeStatistics, keySupervisionList, RUN_TASK, startRun } from './classification.service.ts';
import { occupationsFor, practitionersOf } from './practitioners.service.ts';
import { findRegion } from '../../kernel/codes/region.ts';
import { regionContains } from '../access/access.rules.ts';
import {
  distributionSchema,
  occupationsSchema,
  practitionersPageSchema,
  practitionersParams,
  practitionersQuery,
  gradeAnswerSchema,
  keySupervisionPageSchema,
  keySupervisionQuery,
  runParams,
  runSchema,
  statsSchema,
  subjectGradeParams,
  subjectGradeQuery,
} from './classification.schemas.ts';

// Departments (staff and systems that check) and operators read grades; operators run the model.
const READERS: RoutePolicy = { allow: ['client:check', 'department_clerk', 'department_admin', 'operator', 'platform_admin', 'auditor'] };
const OPERATORS: RoutePolicy = { allow: ['operator', 'platform_admin'] };
// Practitioners by grade: department staff (and systems that check); the service admits only the
// occupation's competent department kinds.
const PRACTITIONER_READERS: RoutePolicy = { allow: ['client:check', 'department_clerk', 'department_admin'] };
const STATS: RoutePolicy = { allow: ['operator', 'platform_admin', 'auditor'] };
const errors = errorResponses(400, 401, 403, 404, 429);

export function classificationRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { code: string }; Querystring: { purpose?: string; matterRef?: string } }>(
      '/classification/subjects/:code',
      {
        config: { policy: READERS },
        schema: {
          tags: ['classification'],
          summary: '主体信用分类 A subject’s credit grade with its explanation',
          description:
            'The grade (信用等级; 诚信积分 bands for a person), score, each indicator’s points and the records behind them, the rule that decided, 重点监管对象 with its domains and records, the inspection ratio, and the history of changes. A person’s grade is non-public personal data: it needs purpose and matterRef and a requester who may read the person’s full file (rules/personal-data.json), and the read is audited. Banks and credit agencies do not read persons’ grades; nor does a requester outside the region of the person’s ID number while the person has records held outside its region (403 PERSONAL_DATA_PARTIAL_SCOPE).',
          params: subjectGradeParams,
          querystring: subjectGradeQuery,
          response: { 200: gradeAnswerSchema, ...errors },
        },
      },
      async (req) => {
        const subject = await findSubjectByCode(p.db, req.params.code, p.crypto);
        if (!subject) throw notFound('SUBJECT_NOT_FOUND', `平台无主体 ${req.params.code} 的记录`, `No subject ${req.params.code} on the platform`);
        if (subject.kind === 'person') {
          const recordRegions = await recordRegionsOf(p.db, subject.id);
          const v = await assertPersonalRead(p, req.principal, { ...subject, recordRegions }, { what: 'full-report', purpose: req.query.purpose, matterRef: req.query.matterRef });
          if (v.authorization) throw forbidden('PERSONAL_DATA_FORBIDDEN', '无权查询自然人诚信积分', 'You may not read a person’s integrity points');
          // outside the person's own region the grade rests on records the requester may not see
          if (!scopeCoversAll(v.scope, recordRegions))
            throw forbidden(
              'PERSONAL_DATA_PARTIAL_SCOPE',
              '该自然人的诚信积分依据本地区以外部门报送的非公开信息，贵单位只能查阅本地区部门报送的记录，不能查询其诚信积分',
              'This person’s integrity points rest on non-public records held outside your region: you may read only your region’s records of them, not their points',
            );
          await p.db.tx((tx) => auditRead(tx, actorOf(req), ['classification'], `subject:${subject.publicId}`, `${req.query.purpose ?? ''} ${req.query.matterRef ?? ''}`.trim()));
        }
        return gradeOfSubject(p, subject);
      },
    );

    app.get<{ Params: { occupation: string }; Querystring: { grade?: string; purpose: string; matterRef: string; page?: number; pageSize?: number } }>(
      '/classification/occupations/:occupation/practitioners',
      {
        config: { policy: PRACTITIONER_READERS },
        schema: {
          tags: ['classification'],
          summary: '重点职业人群从业人员 Practitioners of a key occupational group, by grade',
          description:
            'Persons whose current records (执业信用记录 and any category with an occupation field) name the occupation, with their practising-certificate numbers and their grade (诚信积分), optionally only one grade. Only staff and systems of the occupation’s competent department kinds (catalog/codelists/occupations.json competentKinds); persons’ grades are non-public personal data: purpose and matterRef are required and the read is audited.',
          params: practitionersParams,
          querystring: practitionersQuery,
          response: { 200: practitionersPageSchema, ...errors },
        },
      },
      async (req) =>
        practitionersOf(p, req.principal, actorOf(req), {
          occupation: req.params.occupation,
          ...(req.query.grade !== undefined ? { grade: req.query.grade } : {}),
          purpose: req.query.purpose,
          matterRef: req.query.matterRef,
          page: req.query.page ?? 1,
          pageSize: req.query.pageSize ?? 20,
        }),
    );

    app.get(
      '/classification/occupations',
      {
        config: { policy: PRACTITIONER_READERS },
        schema: {
          tags: ['classification'],
          summary: '重点职业人群 The key occupational groups and the person model’s bands',
          description: 'The groups of catalog/codelists/occupations.json, those the caller’s department supervises marked `competent` (only those list their practitioners), and the 诚信积分 bands to filter by.',
          response: { 200: occupationsSchema, ...errors },
        },
      },
      async (req) => occupationsFor(p, req.principal),
    );

    app.get(
      '/classification/distribution',
      {
        config: { policy: STATS },
        schema: {
          tags: ['classification'],
          summary: '信用分类分布 Organizations’ grades per city (监测看板)',
          description: 'Counts of organizations (法人和非法人组织, 个体工商户) by current grade per city, the city from the USCC’s registration-authority code. Persons are not counted. Staff of a city see their city.',
          response: { 200: distributionSchema, ...errors },
        },
      },
      async (req) => {
        const scope = req.principal.kind === 'staff' ? req.principal.regionCode : '130000';
        return gradeDistribution(p, scope, (c) => findRegion(c)?.name, (city) => regionContains(scope, city));
      },
    );

    app.get(
      '/classification/stats',
      {
        config: { policy: STATS },
        schema: { tags: ['classification'], summary: '信用分类统计 Grades by kind, grade and city', response: { 200: statsSchema, ...errors } },
      },
      async () => gradeStatistics(p),
    );

    app.get<{ Querystring: { page?: number; pageSize?: number } }>(
      '/classification/key-supervision',
      {
        config: { policy: READERS },
        schema: {
          tags: ['classification'],
          summary: '重点监管对象 Organizations flagged for key supervision',
          description: 'Organizations and individual businesses with records in force in the six domains (冀政办字〔2017〕91号 四(一)); persons are not listed (their flag shows in checks and their grade, under the personal-data rule).',
          querystring: keySupervisionQuery,
          response: { 200: keySupervisionPageSchema, ...errors },
        },
      },
      async (req) => keySupervisionList(p, req.query.page ?? 1, req.query.pageSize ?? 20),
    );

    app.post(
      '/classification/runs',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['classification'],
          summary: '全量重新评定 Grade every subject again under the model in force',
          description: 'A job with progress (GET /classification/runs/:id); the current grades follow, with history. A trial of another model is `xinyong classify run --model FILE`.',
          response: { 202: runSchema, ...errors },
        },
      },
      async (req, reply) => {
        const run = await startRun(p, actorOf(req));
        await p.jobs.enqueue(RUN_TASK, { runId: run.runId }, { key: run.runId });
        return reply.code(202).send(run);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/classification/runs/:id',
      {
        config: { policy: OPERATORS },
        schema: { tags: ['classification'], summary: '评定进度 A full run’s progress and distribution', params: runParams, response: { 200: runSchema, ...errors } },
      },
      async (req) => getRun(p, req.params.id),
    );
  };
}
