// Exchange API for collection: JSON batches, file uploads, batch status and error reports.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { unlink } from 'node:fs/promises';
import { createWriteStream, mkdirSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import { DomainError, notFound } from '../../kernel/errors.ts';
import type { Actor } from '../../kernel/audit.ts';
import { saveSignedUpload } from '../access/signing.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import type { Department } from '../access/departments.store.ts';
import { getActingDepartment } from '../access/scope.service.ts';
import { errorSchema } from '../../kernel/http-schemas.ts';
import {
  batchListQuerySchema,
  batchListSchema,
  batchSchema,
  errorReportQuerySchema,
  fileUploadQuerySchema,
  firstErrorsQuerySchema,
  firstErrorsSchema,
  idParams,
  jsonBatchAnswerSchema,
  jsonBatchRequestSchema,
} from './collection.schemas.ts';
import { submitJsonBatch, startFileBatch, openOriginal, originalKept, MAX_API_RECORDS, IMPORT_TASK } from './collection.service.ts';
import { tabularGate } from './file-readers.ts';
import * as store from './collection.store.ts';
import { writeErrorReport, type ReportFormat } from './error-report.ts';

const FILE_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

// Department systems with the collect scope, and the department's own staff (work portal).
const COLLECTORS: RoutePolicy = { allow: ['client:collect', 'department_clerk', 'department_admin'], scope: 'department' };

// The department a request collects for: the client's, or the staff member's own.
async function submitterOf(p: Platform, req: FastifyRequest): Promise<{ department: Department; actor: Actor }> {
  const department = await getActingDepartment(p.db, req.principal, { zh: '只有部门系统和部门人员可以报送数据', en: 'Only department systems and department staff collect' });
  return { department, actor: actorOf(req) };
}

const presentBatch = (b: store.Batch) => ({
  id: b.id,
  category: b.category,
  source: b.source,
  filename: b.filename,
  fileSha256: b.fileSha256,
  fileSize: b.fileSize,
  status: b.status,
  counts: { rows: b.rowsProcessed, created: b.created, updated: b.updated, unchanged: b.unchanged, rejected: b.rejected },
  failure: b.failure,
  startedAt: new Date(b.startedAt).toISOString(),
  finishedAt: b.finishedAt ? new Date(b.finishedAt).toISOString() : null,
});

export function collectionRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    // uploads arrive as a raw body stream: nothing is buffered in memory
    app.addContentTypeParser(FILE_TYPES, (_req, payload, done) => done(null, payload));

    app.post<{ Body: { category: string; records: Record<string, unknown>[] } }>(
      '/batches',
      {
        bodyLimit: p.config.limits.batchBodyBytes,
        config: { policy: COLLECTORS, recordsKey: 'records' }, // records get per-record errors (kernel/input-guard.ts)
        schema: {
          tags: ['collection'],
          summary: '提交数据批次 Submit a batch of records (JSON)',
          description: `Records are keyed by field code (CF_WSH …) or Chinese field name. Idempotent: a record's key is (category, department, 文书号); resubmitting an identical record answers unchanged, a changed one makes a new version (updated). At most ${MAX_API_RECORDS} records per batch.`,
          security: [{ departmentClient: [] }],
          body: jsonBatchRequestSchema(p.catalog.all().map((c) => c.code)),
          response: {
            200: jsonBatchAnswerSchema,
            400: errorSchema,
            401: errorSchema,
            403: errorSchema,
            413: errorSchema,
          },
        },
      },
      async (req) => {
        const { department, actor } = await submitterOf(p, req);
        return submitJsonBatch(p, actor, department, req.body.category, req.body.records, req.rawBody);
      },
    );

    app.post<{ Querystring: { category: string; filename?: string } }>(
      '/batches/files',
      {
        bodyLimit: p.config.limits.uploadBytes,
        config: { policy: COLLECTORS },
        schema: {
          tags: ['collection'],
          summary: '上传数据文件 Upload a CSV (UTF-8 or GB18030) or XLSX file',
          description: 'Send the file as the raw request body (Content-Type text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or application/octet-stream). Answers 202 with the batch; poll GET /batches/{id}. The import resumes after a restart.',
          security: [{ departmentClient: [] }],
          querystring: fileUploadQuerySchema(p.catalog.all().map((c) => c.code)),
          response: { 202: batchSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema },
        },
      },
      async (req, reply) => {
        const { department, actor } = await submitterOf(p, req);
        const tmpDir = p.blobs.tmpDir;
        mkdirSync(tmpDir, { recursive: true });
        const tmp = path.join(tmpDir, `upload-${randomBytes(8).toString('hex')}`);
        // hashed while written: a body that does not match its signed hash is deleted, no batch made
        if (req.principal.kind === 'client') await saveSignedUpload(req, tmp);
        // staff: session cookie; content that is not a table is refused from its first kilobytes
        else await pipeline(req.body as unknown as Readable, tabularGate(), createWriteStream(tmp)).catch(async (err: unknown) => {
          await unlink(tmp).catch(() => {});
          throw err;
        });
        const filename = req.query.filename ?? 'upload';
        // the batch row exists before we answer; the import is a job any process of the cluster
        // may run (the file is in the shared blob store), resumed by another if this one dies
        const { batch: started } = await startFileBatch(p, { file: tmp, filename, category: req.query.category, department, actor }).finally(() =>
          unlink(tmp).catch(() => {}),
        );
        await p.jobs.enqueue(IMPORT_TASK, { batchId: started.id }, { key: started.id });
        return reply.status(202).send(presentBatch(started));
      },
    );

    app.get<{ Querystring: { page: number; pageSize: number } }>(
      '/batches',
      {
        config: { policy: COLLECTORS },
        schema: {
          tags: ['collection'],
          summary: '批次记录 The department’s batches, newest first',
          security: [{ departmentClient: [] }],
          querystring: batchListQuerySchema,
          response: { 200: batchListSchema, 401: errorSchema },
        },
      },
      async (req) => {
        const { department } = await submitterOf(p, req);
        const r = await store.listBatches(p.db, department.id, req.query.pageSize, (req.query.page - 1) * req.query.pageSize);
        return { items: r.items.map(presentBatch), total: r.total };
      },
    );

    const ownBatch = async (req: FastifyRequest<{ Params: { id: string } }>) => {
      // another department's batch answers as if it did not exist
      const { department } = await submitterOf(p, req);
      const b = await store.findBatch(p.db, req.params.id);
      if (!b || b.departmentId !== department.id) throw notFound('BATCH_NOT_FOUND', `批次 ${req.params.id} 不存在`, `Batch ${req.params.id} not found`);
      return b;
    };

    app.get<{ Params: { id: string } }>(
      '/batches/:id',
      { config: { policy: COLLECTORS }, schema: { tags: ['collection'], summary: '批次状态 A batch’s status and counts', security: [{ departmentClient: [] }], params: idParams, response: { 200: batchSchema, 404: errorSchema } } },
      async (req) => presentBatch(await ownBatch(req)),
    );

    app.get<{ Params: { id: string }; Querystring: { format: ReportFormat } }>(
      '/batches/:id/errors',
      {
        config: { policy: COLLECTORS },
        schema: {
          tags: ['collection'],
          summary: '错误报告 Download a batch’s error report (row, field, code, reason in Chinese and English)',
          security: [{ departmentClient: [] }],
          params: idParams,
          querystring: errorReportQuerySchema,
        },
      },
      async (req, reply) => {
        const b = await ownBatch(req);
        const fmt = req.query.format;
        reply.header('Content-Disposition', `attachment; filename="batch-${b.id}-errors.${fmt}"`);
        reply.type(fmt === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        return reply.send(writeErrorReport(p.db, b.id, fmt));
      },
    );

    app.get<{ Params: { id: string }; Querystring: { limit: number } }>(
      '/batches/:id/first-errors',
      {
        config: { policy: COLLECTORS },
        schema: {
          tags: ['collection'],
          summary: '首批错误 The first errors of a batch, in row order (the work portal shows them; the full list is the error report)',
          security: [{ departmentClient: [] }],
          params: idParams,
          querystring: firstErrorsQuerySchema,
          response: {
            200: firstErrorsSchema,
            404: errorSchema,
          },
        },
      },
      async (req) => {
        const b = await ownBatch(req);
        const items: store.BatchErrorRow[] = [];
        for await (const e of store.iterateBatchErrors(p.db, b.id, req.query.limit)) {
          items.push({ row: e.row, field: e.field, code: e.code, zh: e.zh, en: e.en, value: e.value });
          if (items.length >= req.query.limit) break;
        }
        return { items };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/batches/:id/file',
      { config: { policy: COLLECTORS }, schema: { tags: ['collection'], summary: '原始文件 Download the file as submitted', security: [{ departmentClient: [] }], params: idParams } },
      async (req, reply) => {
        const b = await ownBatch(req);
        if (!b.fileSha256) throw notFound('BATCH_HAS_NO_FILE', '该批次不是文件提交', 'This batch was not a file upload');
        if (!(await originalKept(p, b.fileSha256)))
          throw new DomainError(410, 'ORIGINAL_NOT_KEPT', '未保留原始文件：该批次在读取任何数据行之前即被拒绝，文件未被使用', 'The original file was not kept: the batch was refused before any row was read');
        reply.header('Content-Disposition', `attachment; filename="${encodeURIComponent(b.filename ?? 'file')}"`);
        return reply.type('application/octet-stream').send(await openOriginal(p, b.fileSha256));
      },
    );
  };
}
