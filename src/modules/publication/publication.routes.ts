// Public API (信用河北): anonymous, rate-limited per client address, only what is public today.
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import type { RoutePolicy } from '../access/auth.ts';
import { badRequest, notFound } from '../../kernel/errors.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { REGIONS } from '../../kernel/codes/region.ts';
import type { CategoryDef } from '../catalog/catalog.types.ts';
import { findSubjectByCode, isCodeLike, type Subject } from '../subjects/subjects.store.ts';
import * as store from './publication.store.ts';
import {
  errorSchema,
  pageQuery,
  publicRecordSchema,
  publicationItemSchema,
  subjectSearchResponse,
  subjectSummarySchema,
} from './publication.schemas.ts';

const PUBLIC_POLICY: RoutePolicy = { allow: ['public'] };

const subjectCode = (s: Pick<Subject, 'uscc' | 'regNo'>) => s.uscc ?? s.regNo ?? null;

export function summarizeSubject(s: Subject) {
  return { id: s.publicId, code: subjectCode(s), kind: s.kind, name: s.name, maskedId: s.idMasked, orgCode: s.orgCode };
}

// Shown fields: public ones as stored, masked ones in their masked form, internal ones never.
export function presentFields(def: CategoryDef | undefined, fields: Record<string, string>) {
  if (!def) return [];
  return def.fields
    .filter((f) => f.visibility !== 'internal' && fields[f.code] !== undefined && fields[f.code] !== '')
    .map((f) => ({ code: f.code, name: f.name, value: fields[f.code]! }));
}

function summaryOf(category: string, fields: Record<string, string>): string {
  // list entries: 认定事由 (the court list: 失信行为具体情形; exemplars: 荣誉称号)
  const parts =
    category === 'penalty' ? [fields.CF_WFXW, fields.CF_NR] : category === 'license' ? [fields.XK_XKWS, fields.XK_NR] : [fields.RDSY ?? fields.SXQX ?? fields.RYCH];
  return parts.filter(Boolean).join('：').slice(0, 200);
}

export function publicationRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    // anonymous and rate-limited per client address
    const limited = { rateLimit: { max: p.config.publicRateLimit.max, timeWindow: p.config.publicRateLimit.windowMs }, policy: PUBLIC_POLICY };

    app.get(
      '/stats',
      { config: limited, schema: { tags: ['public'], summary: '平台公示统计 Counts of what is public today', response: { 200: {
        type: 'object',
        properties: { subjects: { type: 'integer' }, publicPenalties: { type: 'integer' }, publicLicenses: { type: 'integer' }, asOf: { type: 'string', format: 'date' } },
        required: ['subjects', 'publicPenalties', 'publicLicenses', 'asOf'],
      } } } },
      async () => {
        const today = p.today();
        return { ...(await store.publicStats(p.db, today)), asOf: today };
      },
    );

    // GB/T 2260 regions of Hebei (and 雄安新区, virtual over its member counties): the work
    // portal's region pickers read them here rather than ship a copy of the list.
    app.get(
      '/regions',
      {
        config: limited,
        schema: {
          tags: ['public'],
          summary: '行政区划 Hebei regions (GB/T 2260): province, cities, counties, and 雄安新区 (virtual, over its member counties)',
          response: {
            200: {
              type: 'object',
              properties: {
                items: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      code: { type: 'string' },
                      name: { type: 'string' },
                      level: { type: 'string', enum: ['province', 'city', 'county'] },
                      parent: { type: ['string', 'null'] },
                      virtual: { type: 'boolean' },
                      members: { type: 'array', items: { type: 'string' }, description: 'member counties of a virtual region' },
                    },
                    required: ['code', 'name', 'level', 'parent', 'virtual'],
                  },
                },
              },
              required: ['items'],
            },
          },
        },
      },
      async () => ({
        items: REGIONS.map((r) => ({ code: r.code, name: r.name, level: r.level, parent: r.parent ?? null, virtual: r.virtual === true, ...(r.members ? { members: r.members } : {}) })),
      }),
    );

    app.get<{ Querystring: { q: string; page: number; pageSize: number } }>(
      '/subjects',
      {
        config: limited,
        schema: {
          tags: ['public'],
          summary: '主体查询 Search subjects by name fragment or code',
          description: 'Three or more characters: substring match on names. One or two characters: prefix match (said in `note`). A USCC, 组织机构代码 or 工商注册号 finds the subject it names.',
          querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 100 }, ...pageQuery }, required: ['q'] },
          response: { 200: subjectSearchResponse, 400: errorSchema },
        },
      },
      async (req) => {
        const q = req.query.q.trim();
        const { page, pageSize } = req.query;
        if (!q) throw badRequest('QUERY_EMPTY', '请输入名称或代码', 'Enter a name or a code');
        const today = p.today();
        if (isCodeLike(q)) {
          const s = await findSubjectByCode(p.db, q, p.crypto);
          if (s && s.kind !== 'person') {
            const n = await store.countPublicRecords(p.db, s.id, today);
            return { items: page === 1 ? [{ ...summarizeSubject(s), publicRecordCount: n }] : [], total: 1, page, pageSize };
          }
          if (/^[0-9A-Z-]+$/i.test(q)) return { items: [], total: 0, page, pageSize };
        }
        const r = await store.searchSubjectsByName(p.db, q, today, pageSize, (page - 1) * pageSize);
        return {
          items: r.items.map((s) => ({ ...summarizeSubject(s), publicRecordCount: s.publicRecordCount })),
          total: r.total,
          totalCapped: r.capped,
          page,
          pageSize,
        };
      },
    );

    app.get<{ Params: { code: string } }>(
      '/subjects/:code',
      {
        config: limited,
        schema: {
          tags: ['public'],
          summary: '主体公示信息 A subject’s public profile with its published records',
          params: { type: 'object', properties: { code: { type: 'string', maxLength: 64, description: 'public id, USCC, 组织机构代码 or 工商注册号' } }, required: ['code'] },
          response: { 200: { type: 'object', properties: { subject: subjectSummarySchema, records: { type: 'array', items: publicRecordSchema } }, required: ['subject', 'records'] }, 404: errorSchema },
        },
      },
      async (req) => {
        const today = p.today();
        const s = await findSubjectByCode(p.db, req.params.code, p.crypto);
        const records = s ? await store.publicRecordsOf(p.db, s.id, today) : [];
        // a person without anything public is not disclosed, not even that they exist
        if (!s || (s.kind === 'person' && records.length === 0))
          throw notFound('SUBJECT_NOT_FOUND', `未找到主体 ${req.params.code} 的公示信息`, `No public information for subject ${req.params.code}`);
        return {
          subject: summarizeSubject(s),
          records: records.map((r) => {
            const def = p.catalog.find(r.category);
            return {
              id: String(r.id),
              category: r.category,
              categoryName: def?.name ?? r.category,
              ref: r.sourceRef,
              decisionDate: r.decisionDate,
              severity: r.severity === 'light' ? null : r.severity,
              publicFrom: r.pubFrom,
              publicUntil: r.pubUntil,
              department: { name: r.departmentName },
              disputed: r.disputed,
              fields: presentFields(def, r.fields),
            };
          }),
        };
      },
    );

    app.get<{ Querystring: { category?: string; from?: string; to?: string; page: number; pageSize: number } }>(
      '/publications',
      {
        config: limited,
        schema: {
          tags: ['public'],
          summary: '双公示 Latest published licenses and penalties',
          querystring: {
            type: 'object',
            properties: { category: { type: 'string', enum: p.catalog.all().filter((c) => c.publication.rule !== 'none').map((c) => c.code) }, from: { type: 'string' }, to: { type: 'string' }, ...pageQuery },
          },
          response: {
            200: { type: 'object', properties: { items: { type: 'array', items: publicationItemSchema }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } }, required: ['items', 'total', 'page', 'pageSize'] },
            400: errorSchema,
          },
        },
      },
      async (req) => {
        const { category, from, to, page, pageSize } = req.query;
        for (const [name, v] of [['from', from], ['to', to]] as const)
          if (v !== undefined && !isValidDate(v)) throw badRequest('DATE_INVALID', `参数 ${name} 应为 YYYY-MM-DD 格式的日期：${v}`, `Parameter ${name} must be a date YYYY-MM-DD: ${v}`);
        const r = await store.latestPublications(p.db, { category, from, to, today: p.today(), limit: pageSize, offset: (page - 1) * pageSize });
        return {
          items: r.items.map((x) => ({
            id: String(x.id),
            category: x.category,
            categoryName: p.catalog.find(x.category)?.name ?? x.category,
            ref: x.sourceRef,
            decisionDate: x.decisionDate,
            subject: { id: x.subjectPublicId, name: x.subjectName, code: x.subjectUscc ?? x.subjectRegNo, kind: x.subjectKind },
            summary: summaryOf(x.category, x.fields),
            department: { name: x.departmentName },
            disputed: x.disputed,
          })),
          total: r.total,
          page,
          pageSize,
        };
      },
    );
  };
}
