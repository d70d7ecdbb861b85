// Public API (信用河北): anonymous, rate-limited per client address, only what is public today.
import type { FastifyPluginAsync } from 'fastify';
import { encodeOpaque } from '../../kernel/opaque-id.ts';
import { publicRead } from '../../kernel/read-replica.ts';
import type { Platform } from '../../platform.ts';
import type { RoutePolicy } from '../access/auth.ts';
import type { CategoryDef } from '../catalog/catalog.types.ts';
import { badRequest, notFound } from '../../kernel/errors.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { REGIONS, findRegion } from '../../kernel/codes/region.ts';
import { regionsWithin } from '../access/access.rules.ts';
import { presentFields } from '../catalog/catalog.present.ts';
import { findSubjectByCode, isCodeLike, type Subject } from '../subjects/subjects.store.ts';
import * as store from './publication.store.ts';
import { errorSchema, pageQuery, paged } from '../../kernel/http-schemas.ts';
import {
  publicRecordSchema,
  publicationItemSchema,
  subjectSearchResponse,
  subjectCategorySchema,
  subjectSummarySchema,
} from './publication.schemas.ts';

const PUBLIC_POLICY: RoutePolicy = { allow: ['public'] };
// the subject page's tabs: 行政许可, 行政处罚, then black lists, then red lists (catalog order within)
const TAB_ORDER = ['license', 'penalty', 'black', 'red'] as const;

const subjectCode = (s: Pick<Subject, 'uscc' | 'regNo'>) => s.uscc ?? s.regNo ?? null;

// A public summary: the public name only (0023). Callers pass subjects that have one.
export function summarizeSubject(s: Subject & { publicName: string }) {
  return { id: s.publicId, code: subjectCode(s), kind: s.kind, name: s.publicName, maskedId: s.idMasked, orgCode: s.orgCode };
}
const hasPublicName = <S extends Subject>(s: S): s is S & { publicName: string } => s.publicName !== null;

function summaryOf(category: string, fields: Record<string, string>): string {
  // list entries: 认定事由 (the court list: 失信行为具体情形; exemplars: 荣誉称号)
  const parts =
    category === 'penalty' ? [fields.CF_WFXW, fields.CF_NR] : category === 'license' ? [fields.XK_XKWS, fields.XK_NR] : [fields.RDSY ?? fields.SXQX ?? fields.RYCH];
  return parts.filter(Boolean).join('：').slice(0, 200);
}

export function publicationRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    // anonymous and rate-limited per client address
    // 双公示 is licences and penalties only; list entries have their own pages (/lists)
    const dualCategories = p.catalog.all().filter((c) => c.publication.rule === 'license' || c.publication.rule === 'penalty').map((c) => c.code);
    const limited = { rateLimit: { max: p.config.publicRateLimit.max, timeWindow: p.config.publicRateLimit.windowMs }, policy: PUBLIC_POLICY };

    app.get(
      '/stats',
      { config: limited, schema: { tags: ['public'], summary: '平台公示统计 Counts of what is public today', response: { 200: {
        type: 'object',
        properties: {
          subjects: { type: 'integer' },
          publicPenalties: { type: 'integer' },
          publicLicenses: { type: 'integer' },
          publications: { type: 'integer', description: '双公示: licences and penalties public today (the total of GET /publications)' },
          listEntries: { type: 'integer', description: 'entries in force on the public red and black lists (the sum of GET /lists entriesInForce)' },
          asOf: { type: 'string', format: 'date' },
        },
        required: ['subjects', 'publicPenalties', 'publicLicenses', 'publications', 'listEntries', 'asOf'],
      } } } },
      async (_req, reply) => {
        const db = publicRead(p, reply); // the replica while it is fresh (docs/operations.md)
        const today = p.today();
        const counts = await store.publicCounts(db, today);
        const sum = (defs: CategoryDef[]) => defs.reduce((n, d) => n + (counts.get(d.code) ?? 0), 0);
        const publicPenalties = sum(p.catalog.all().filter((d) => d.publication.rule === 'penalty'));
        const publicLicenses = sum(p.catalog.all().filter((d) => d.publication.rule === 'license'));
        return {
          subjects: await store.countSubjects(db),
          publicPenalties,
          publicLicenses,
          publications: publicPenalties + publicLicenses,
          listEntries: sum(p.catalog.all().filter((d) => d.list && d.openness === 'public')),
          asOf: today,
        };
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
          description: 'A USCC, 组织机构代码 or 工商注册号 finds the subject it names. Otherwise the characters are matched anywhere in names (one or two characters too: 字号), ranked whole name, then name prefix, then the rest; shorter names first. `total` counts up to 10,000 (`totalCapped` beyond) and pages reach the first 10,000 matches.',
          querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 100 }, ...pageQuery }, required: ['q'] },
          response: { 200: subjectSearchResponse, 400: errorSchema },
        },
      },
      async (req, reply) => {
        const db = publicRead(p, reply); // the replica while it is fresh (docs/operations.md)
        const q = req.query.q.trim();
        const { page, pageSize } = req.query;
        if (!q) throw badRequest('QUERY_EMPTY', '请输入名称或代码', 'Enter a name or a code');
        if ((page - 1) * pageSize >= store.SEARCH_CAP)
          throw badRequest('PAGE_BEYOND_RESULTS', '只能查看前 10,000 条结果，请输入更完整的名称缩小范围', 'Only the first 10,000 matches can be paged; narrow the query');
        const today = p.today();
        if (isCodeLike(q)) {
          const s = await findSubjectByCode(db, q, p.crypto);
          // a subject known only from non-public records has no public name: not found here either
          if (s && s.kind !== 'person' && hasPublicName(s)) {
            const n = await store.countPublicRecords(db, s.id, today);
            return { items: page === 1 ? [{ ...summarizeSubject(s), publicRecordCount: n }] : [], total: 1, page, pageSize };
          }
          if (/^[0-9A-Z-]+$/i.test(q)) return { items: [], total: 0, page, pageSize };
        }
        const r = await store.searchSubjectsByName(db, q, today, pageSize, (page - 1) * pageSize);
        return {
          items: r.items.filter(hasPublicName).map((s) => ({ ...summarizeSubject(s), publicRecordCount: s.publicRecordCount })),
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
          response: {
            200: {
              type: 'object',
              properties: { subject: subjectSummarySchema, categories: { type: 'array', items: subjectCategorySchema }, records: { type: 'array', items: publicRecordSchema } },
              required: ['subject', 'categories', 'records'],
            },
            404: errorSchema,
          },
        },
      },
      async (req, reply) => {
        const db = publicRead(p, reply); // the replica while it is fresh (docs/operations.md)
        const today = p.today();
        const s = await findSubjectByCode(db, req.params.code, p.crypto);
        const records = s ? await store.publicRecordsOf(db, s.id, today) : [];
        // a person without anything public is not disclosed, not even that they exist; nor is a
        // subject known only from non-public records (it has no public name, 0023)
        if (!s || !hasPublicName(s) || (s.kind === 'person' && records.length === 0))
          throw notFound('SUBJECT_NOT_FOUND', `未找到主体 ${req.params.code} 的公示信息`, `No public information for subject ${req.params.code}`);
        // one tab per category: licences and penalties always, each list the subject is on
        const counts = new Map<string, number>();
        for (const r of records) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
        const categories = p.catalog
          .all()
          .filter((d) => dualCategories.includes(d.code) || (d.list && counts.has(d.code)))
          .map((d) => ({ code: d.code, name: d.name, kind: d.list ? d.list.kind : (d.publication.rule as 'license' | 'penalty'), count: counts.get(d.code) ?? 0 }))
          .sort((a, b) => TAB_ORDER.indexOf(a.kind) - TAB_ORDER.indexOf(b.kind));
        return {
          subject: summarizeSubject(s),
          categories,
          records: records.map((r) => {
            const def = p.catalog.find(r.category);
            return {
              id: encodeOpaque(p.crypto, 'record', r.id),
              category: r.category,
              categoryName: def?.name ?? r.category,
              list: def?.list ? { kind: def.list.kind } : null,
              ref: r.sourceRef,
              decisionDate: r.decisionDate,
              validUntil: r.validUntil,
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

    app.get<{ Querystring: { category?: string; from?: string; to?: string; region?: string; page: number; pageSize: number } }>(
      '/publications',
      {
        config: limited,
        schema: {
          tags: ['public'],
          summary: '双公示 Latest published licenses and penalties',
          querystring: {
            type: 'object',
            properties: {
              category: { type: 'string', enum: dualCategories },
              from: { type: 'string' },
              to: { type: 'string' },
              region: { type: 'string', pattern: '^\\d{6}$', description: 'GB/T 2260: only records of departments of this region and the regions inside it (a county’s section of the portal)' },
              ...pageQuery,
            },
          },
          response: {
            200: paged(publicationItemSchema),
            400: errorSchema,
          },
        },
      },
      async (req, reply) => {
        const db = publicRead(p, reply); // the replica while it is fresh (docs/operations.md)
        const { category, from, to, region, page, pageSize } = req.query;
        for (const [name, v] of [['from', from], ['to', to]] as const)
          if (v !== undefined && !isValidDate(v)) throw badRequest('DATE_INVALID', `参数 ${name} 应为 YYYY-MM-DD 格式的日期：${v}`, `Parameter ${name} must be a date YYYY-MM-DD: ${v}`);
        if (region !== undefined && !findRegion(region)) throw badRequest('REGION_UNKNOWN', `行政区划代码 ${region} 不是河北省的区划`, `Region code ${region} is not a Hebei region`);
        const regionCodes = region === undefined ? undefined : regionsWithin(region);
        const r = await store.latestPublications(db, { categories: category ? [category] : dualCategories, from, to, regionCodes, today: p.today(), limit: pageSize, offset: (page - 1) * pageSize });
        return {
          items: r.items.map((x) => ({
            id: encodeOpaque(p.crypto, 'record', x.id),
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
