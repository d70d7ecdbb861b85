// HTTP API of the working-day calendar: load a year's State Council holiday notice (operators),
// and the platform's one deadline function for anyone (N working days after a date).
import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../platform.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { badRequest } from '../../kernel/errors.ts';
import { actorOf, type RoutePolicy } from '../access/auth.ts';
import { errorResponses } from '../../kernel/http-schemas.ts';
import { assertProvinceLevel } from '../access/province-settings.ts';
import { loadHolidayNotice } from './calendar.service.ts';
import { officialYears } from './calendar.store.ts';

const OPERATORS: RoutePolicy = { allow: ['operator', 'platform_admin'] };
const PUBLIC: RoutePolicy = { allow: ['public'] };
const errors = errorResponses(400, 401, 403, 429);
const dates = { type: 'array', items: { type: 'string' } } as const;

export function calendarRoutes(p: Platform): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: unknown }>(
      '/calendar/years',
      {
        config: { policy: OPERATORS },
        schema: {
          tags: ['calendar'],
          summary: '载入年度放假安排 Load a year’s State Council holiday notice',
          description:
            'Rest days and make-up working days (调休) of the year; the year becomes official (no statutory-holiday fallback), and open deadlines (objections, repair reviews, credit-check feedback) are computed again and lose their provisional mark. Loading a year again replaces its notice.',
          body: {
            type: 'object',
            properties: {
              year: { type: 'integer', minimum: 2000, maximum: 2200 },
              source: { type: 'string', minLength: 1, maxLength: 300, description: 'the notice (国办发明电〔…〕…号)' },
              holidays: {
                type: 'array',
                items: { type: 'object', properties: { name: { type: 'string' }, rest: { ...dates, description: 'days or ranges "A~B"' }, work: dates }, required: ['rest'] },
              },
              rest: dates,
              work: dates,
            },
            required: ['year', 'source'],
          },
          response: {
            200: {
              type: 'object',
              properties: {
                year: { type: 'integer' },
                source: { type: 'string' },
                restDays: { type: 'integer' },
                workDays: { type: 'integer' },
                warnings: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' } } } },
                recomputed: {
                  type: 'object',
                  properties: { objections: { type: 'integer' }, repairs: { type: 'integer' }, feedback: { type: 'integer' }, changed: { type: 'integer' }, stillProvisional: { type: 'integer' } },
                  required: ['objections', 'repairs', 'feedback', 'changed', 'stillProvisional'],
                },
              },
              required: ['year', 'source', 'restDays', 'workDays', 'warnings', 'recomputed'],
            },
            ...errors,
          },
        },
      },
      async (req) => {
        // the official calendar moves every deadline in the province
        assertProvinceLevel(req.principal, { zh: '工作日历', en: 'The working-day calendar' });
        return loadHolidayNotice(p, actorOf(req), req.body);
      },
    );

    app.get<{ Querystring: { from: string; n: number } }>(
      '/public/calendar/working-days',
      {
        config: { policy: PUBLIC, rateLimit: { max: p.config.publicRateLimit.max, timeWindow: p.config.publicRateLimit.windowMs } },
        schema: {
          tags: ['calendar'],
          summary: '工作日推算 The date n working days after `from` (the start day not counted)',
          description: '`provisional`: a day examined lies in a year whose holiday notice is not loaded (statutory holidays assumed).',
          querystring: { type: 'object', properties: { from: { type: 'string' }, n: { type: 'integer', minimum: 0, maximum: 1000 } }, required: ['from', 'n'] },
          response: {
            200: {
              type: 'object',
              properties: { from: { type: 'string', format: 'date' }, workingDays: { type: 'integer' }, date: { type: 'string', format: 'date' }, provisional: { type: 'boolean' }, officialYears: { type: 'array', items: { type: 'integer' } } },
              required: ['from', 'workingDays', 'date', 'provisional', 'officialYears'],
            },
            ...errors,
          },
        },
      },
      async (req) => {
        const { from, n } = req.query;
        if (!isValidDate(from)) throw badRequest('DATE_INVALID', `日期应为 YYYY-MM-DD：${from}`, `The date must be YYYY-MM-DD: ${from}`);
        return { from, workingDays: n, date: p.calendar.addWorkingDays(from, n), provisional: p.calendar.isProvisional(from, n), officialYears: (await officialYears(p.db)).map((y) => y.year) };
      },
    );
  };
}
