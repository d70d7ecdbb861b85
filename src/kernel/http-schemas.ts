// The HTTP vocabulary every module's routes share: the error body, paging parameters, a page of
// items, and the standard error responses. Modules import it from here, not from each other.
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' }, details: {} },
      required: ['code', 'zh', 'en'],
    },
  },
} as const;

export const pageQuery = {
  page: { type: 'integer', minimum: 1, maximum: 10000, default: 1 },
  pageSize: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
} as const;

// One page of `item`s as the list endpoints answer it: { items, total, page, pageSize }.
export const paged = <T extends object>(item: T) =>
  ({
    type: 'object',
    properties: { items: { type: 'array', items: item }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } },
    required: ['items', 'total', 'page', 'pageSize'],
  }) as const;

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;

// The error responses a route declares, all with the one error body: errorResponses(400, 404).
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): { [K in S]: typeof errorSchema } {
  return Object.fromEntries(statuses.map((s) => [s, errorSchema])) as { [K in S]: typeof errorSchema };
}

// The TypeScript type of what a schema describes, for route generics and the web app (which
// imports it with `import type`). json-schema-to-ts types an object without
// `additionalProperties: false` as open ({ [k: string]: unknown }); responses are serialized to
// the declared properties only, and an index signature breaks Omit/Pick in client code, so it
// is dropped here (an index signature a schema asks for, additionalProperties: {…}, stays).
export type SchemaType<S extends JSONSchema> = Closed<FromSchema<S>>;

// What a client sends: properties with a default stay optional (the server fills them in).
export type RequestType<S extends JSONSchema> = Closed<FromSchema<S, { keepDefaultedPropertiesOptional: true }>>;

type Closed<T> = T extends readonly (infer U)[]
  ? Closed<U>[]
  : T extends object
    ? { [K in keyof T as string extends K ? (unknown extends T[K] ? never : K) : number extends K ? (unknown extends T[K] ? never : K) : K]: Closed<T[K]> }
    : T;
