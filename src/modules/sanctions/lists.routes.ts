// Public red and black list pages (信用河北 红黑名单): browse and search the entries on a list
// today, an entry's details, and exit notices; only what the list's openness allows, IDs masked.
import type { FastifyPluginAsync } from 'fastify';
import { publicRead } from '../../kernel/read-replica.ts';
import { decodeOpaque, encodeOpaque } from '../../kernel/opaque-id.ts';
import type { FieldCrypto } from '../../kernel/crypto.ts';
import type { Platform } from '../../platform.ts';
import { notFound } from '../../kernel/errors.ts';
import type { RoutePolicy } from '../access/auth.ts';
import { errorSchema, pageQuery, paged } from '../../kernel/http-schemas.ts';
import { presentFields } from '../catalog/catalog.present.ts';
import type { CategoryDef } from '../catalog/catalog.types.ts';
import { exitNoticeFrom, readSubjectCode } from './sanctions.rules.ts';
import { exitNoticeMonths, getListDef } from './lists.service.ts';
import { personKey } from './checks.service.ts';
import { removalOf } from './lifecycle.service.ts';
import * as store from './lists.store.ts';
import { findSubjectByCode } from '../subjects/subjects.store.ts';
import { entryDetailSchema, entrySummarySchema, exitNoticeSchema, listSchema } from './sanctions.schemas.ts';

const EXITS_OF_SUBJECT_MAX = 100;

const PUBLIC: RoutePolicy = { allow: ['public'] };
const listRef = {
  type: 'object',
  properties: { code: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string', enum: ['red', 'black'] } },
  required: ['code', 'name', 'kind'],
} as const;
const categoryParams = { type: 'object', properties: { category: { type: 'string', maxLength: 64 } }, required: ['category'] } as const;

// A list the public may see: its category is public (公开).
function publicList(p: Platform, category: string) {
  const def = getListDef(p, category);
  if (def.openness !== 'public') throw notFound('LIST_NOT_PUBLIC', `名单 ${def.name} 不向社会公开`, `The list ${def.code} is not public`);
  return def;
}

const subjectOf = (r: store.EntryRow) => ({
  id: r.subjectPublicId,
  kind: r.subjectKind,
  name: r.subjectName,
  code: r.subjectKind === 'person' ? null : (r.subjectUscc ?? r.subjectRegNo),
  maskedId: r.subjectKind === 'person' ? r.subjectIdMasked : null,
});

// The entry's reason in one line: 认定事由, or for the court list 失信行为具体情形.
function reasonOf(_def: CategoryDef, fields: Record<string, string>): string | null {
  const text = fields.RDSY ?? fields.SXQX ?? fields.RYCH ?? null;
  return text ? text.slice(0, 200) : null;
}

const summary = (def: CategoryDef, r: store.EntryRow, crypto: FieldCrypto) => ({
  id: encodeOpaque(crypto, 'list-entry', r.id),
  ref: r.sourceRef,
  subject: subjectOf(r),
  decisionDate: r.decisionDate,
  validUntil: r.validUntil,
  reason: reasonOf(def, r.fields),
  department: { name: r.departmentName },
  disputed: r.disputed,
});

// a term cut at the removal deadline of an entry marked 履行完毕 says so, not "有效期届满"
function termEndReason(p: Platform, def: CategoryDef, x: store.ExitRow): string {
  const removal = removalOf(p, def, x.fields, x.status);
  if (removal && removal.deadline === x.validUntil) return `${removal.performedOn} 履行完毕，依规定于 ${removal.workingDays} 个工作日内（${removal.deadline} 前）移出`;
  return `有效期至 ${x.validUntil} 届满`;
}

const exitNotice = (p: Platform, def: CategoryDef, crypto: FieldCrypto) => (x: store.ExitRow) => ({
  id: encodeOpaque(crypto, 'list-entry', x.id),
  ref: x.sourceRef,
  subject: subjectOf(x),
  decisionDate: x.decisionDate,
  exitDate: x.exitDate,
  kind: x.status === 'repaired' ? 'repair' : x.manual ? 'exit' : 'term-end',
  reason: x.manual ? x.statusReason : termEndReason(p, def, x),
  department: { name: x.departmentName },
});

export function listsRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    const limited = { policy: PUBLIC, rateLimit: { max: p.config.publicRateLimit.max, timeWindow: p.config.publicRateLimit.windowMs } };

    app.get(
      '/lists',
      {
        config: limited,
        schema: { tags: ['public'], summary: '红黑名单 The public red and black lists, with their rules and how many entries are on each today', response: { 200: { type: 'object', properties: { lists: { type: 'array', items: listSchema } }, required: ['lists'] } } },
      },
      async (_req, reply) => {
        const db = publicRead(p, reply); // the replica while it is fresh (docs/operations.md)
        const defs = p.catalog.all().filter((d) => d.list && d.openness === 'public');
        const counts = await store.publicEntryCounts(db, defs.map((d) => d.code), p.today());
        return {
          lists: defs.map((d) => ({
            code: d.code,
            name: d.name,
            kind: d.list!.kind,
            owner: d.list!.owner,
            criteria: d.list!.criteria,
            basis: d.list!.basis,
            procedure: d.list!.procedure,
            termMonths: d.list!.termMonths ?? null,
            exitRule: d.list!.exitRule,
            personsPublished: d.publication.persons,
            entriesInForce: counts.get(d.code) ?? 0,
          })),
        };
      },
    );

    app.get<{ Params: { category: string }; Querystring: { q?: string; page: number; pageSize: number } }>(
      '/lists/:category/entries',
      {
        config: limited,
        schema: {
          tags: ['public'],
          summary: '名单查询 Entries on a list today, newest first; q searches names (three or more characters anywhere, fewer at the start), codes and 文书号',
          params: categoryParams,
          querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 100 }, ...pageQuery } },
          response: { 200: paged(entrySummarySchema), 404: errorSchema },
        },
      },
      async (req, reply) => {
        const db = publicRead(p, reply); // the replica while it is fresh (docs/operations.md)
        const def = publicList(p, req.params.category);
        const { page, pageSize } = req.query;
        const q = req.query.q?.trim();
        const today = p.today();
        let search: store.EntrySearch | undefined;
        if (q) {
          const read = readSubjectCode(q, today);
          if (read.ok)
            search = {
              kind: 'code',
              ref: q,
              lookups: read.readings.map((r) => (r.column === 'id_number' ? { column: 'subject_key' as const, value: personKey(p, r.value) } : { column: r.column, value: r.value })),
            };
          else if (/[（(〔\[]|号$/.test(q)) search = { kind: 'ref', ref: q };
          else {
            const prefix = [...q].length < 3;
            const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
            search = { kind: 'name', prefix, pattern: prefix ? `${escaped}%` : `%${escaped}%` };
          }
        }
        const r = await store.publicEntries(db, { category: def.code, today, search, limit: pageSize, offset: (page - 1) * pageSize });
        return { items: r.items.map((x) => summary(def, x, p.crypto)), total: r.total, page, pageSize };
      },
    );

    app.get<{ Params: { category: string; id: string } }>(
      '/lists/:category/entries/:id',
      {
        config: limited,
        schema: {
          tags: ['public'],
          summary: '名单详情 An entry on a list with its published fields (personal fields masked)',
          params: { type: 'object', properties: { category: { type: 'string', maxLength: 64 }, id: { type: 'string', maxLength: 64, description: 'the entry’s opaque public id' } }, required: ['category', 'id'] },
          response: { 200: entryDetailSchema, 404: errorSchema },
        },
      },
      async (req, reply) => {
        const db = publicRead(p, reply); // the replica while it is fresh (docs/operations.md)
        const def = publicList(p, req.params.category);
        // opaque ids only: nothing public is served by a sequential number
        const id = decodeOpaque(p.crypto, 'list-entry', req.params.id);
        const r = id === undefined ? undefined : await store.publicEntry(db, def.code, id, p.today());
        if (!r) throw notFound('LIST_ENTRY_NOT_FOUND', `名单 ${def.name} 中没有记录 ${req.params.id}（或已移出）`, `No entry ${req.params.id} on the list ${def.code} (or it has left the list)`);
        return { ...summary(def, r, p.crypto), list: { code: def.code, name: def.name, kind: def.list.kind }, fields: presentFields(def, r.fields), removal: removalOf(p, def, r.fields, r.status) };
      },
    );

    app.get<{ Params: { category: string }; Querystring: { page: number; pageSize: number } }>(
      '/lists/:category/exits',
      {
        config: limited,
        schema: {
          tags: ['public'],
          summary: '移出公告 Exit notices: entries taken off the list or whose term ended, published for a configurable period (default 6 months)',
          params: categoryParams,
          querystring: { type: 'object', properties: { ...pageQuery } },
          response: { 200: paged(exitNoticeSchema), 404: errorSchema },
        },
      },
      async (req, reply) => {
        const db = publicRead(p, reply); // the replica while it is fresh (docs/operations.md)
        const def = publicList(p, req.params.category);
        const { page, pageSize } = req.query;
        const today = p.today();
        const r = await store.exitNotices(db, {
          category: def.code,
          from: exitNoticeFrom(today, exitNoticeMonths(p, today)),
          today,
          persons: def.publication.persons,
          limit: pageSize,
          offset: (page - 1) * pageSize,
        });
        return {
          items: r.items.map(exitNotice(p, def, p.crypto)),
          total: r.total,
          page,
          pageSize,
        };
      },
    );

    // The exit notices of one subject on every public list (its public page shows them beside
    // its entries in force): the same notices, for the same period, as /lists/:category/exits.
    app.get<{ Params: { code: string } }>(
      '/subjects/:code/list-exits',
      {
        config: limited,
        schema: {
          tags: ['public'],
          summary: '主体移出公告 A subject’s exit notices on the public red and black lists',
          params: { type: 'object', properties: { code: { type: 'string', maxLength: 64, description: 'public id, USCC, 组织机构代码 or 工商注册号' } }, required: ['code'] },
          response: {
            200: {
              type: 'object',
              properties: {
                items: {
                  type: 'array',
                  items: { ...exitNoticeSchema, properties: { ...exitNoticeSchema.properties, list: listRef }, required: [...exitNoticeSchema.required, 'list'] },
                },
              },
              required: ['items'],
            },
          },
        },
      },
      async (req, reply) => {
        const db = publicRead(p, reply); // the replica while it is fresh (docs/operations.md)
        const today = p.today();
        const from = exitNoticeFrom(today, exitNoticeMonths(p, today));
        const s = await findSubjectByCode(db, req.params.code, p.crypto);
        if (!s) return { items: [] };
        const items = [];
        for (const def of p.catalog.all().filter((d) => d.list && d.openness === 'public')) {
          const r = await store.exitNotices(db, { category: def.code, from, today, persons: def.publication.persons, limit: EXITS_OF_SUBJECT_MAX, offset: 0, subjectId: s.id });
          items.push(...r.items.map((x) => ({ ...exitNotice(p, def, p.crypto)(x), list: { code: def.code, name: def.name, kind: def.list!.kind } })));
        }
        return { items: items.sort((a, b) => (a.exitDate < b.exitDate ? 1 : a.exitDate > b.exitDate ? -1 : 0)) };
      },
    );
  };
}
