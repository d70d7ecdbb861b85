// The HTTP edge's check of every value a request brings: query parameters, path ids and parsed
// JSON bodies. A string holding a control character, an unpaired surrogate or undecodable bytes
// is answered 400 CONTROL_CHARACTER naming the parameter and the position, before any handler
// (or the access check, which looks ids up) can send it to the database. Bodies are also held to
// a nesting depth, a number of keys per object and a key length.
// A route whose body carries records validated one by one (JSON batches) names that key in
// `config.recordsKey`: those records get per-record errors from the row validator instead, so a
// bad record never takes its neighbours down; only their shape limits apply here.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, badRequest } from './errors.ts';
import { controlCharacterMessage, findControlCharacterDeep, formatValuePath, type ValuePath } from './text.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    recordsKey?: string; // top-level body key whose items the route validates per record
  }
}

export type BodyShapeLimits = {
  maxDepth: number; // nesting of objects and arrays
  maxKeysPerObject: number; // fields per record, keys of any object
  maxKeyLength: number; // characters of a key (field name)
};

export function registerInputGuard(app: FastifyInstance, limits: BodyShapeLimits): void {
  app.addHook('preValidation', async (req) => {
    checkValues('path', req.params);
    checkValues('query', req.query);
    const schema = req.routeOptions?.schema as { params?: unknown; querystring?: unknown } | undefined;
    checkNumbers('path', req.params, schema?.params);
    checkNumbers('query', req.query, schema?.querystring);
    const body = req.body;
    if (body === null || typeof body !== 'object' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') return;
    const recordsKey = routeConfig(req).recordsKey;
    checkShape(body, limits, recordsKey);
    // tab, CR and LF pass in body values: reasons, notes and decisions are written in textareas
    const found = findControlCharacterDeep(body, { allowWhitespaceControls: true, ...(recordsKey ? { skipItemsOf: recordsKey } : {}) });
    if (found) throw refusal('body', found.path, found.hit, found.inKey);
  });
}

function routeConfig(req: FastifyRequest): { recordsKey?: string } {
  return (req.routeOptions?.config ?? {}) as { recordsKey?: string };
}

function checkValues(where: 'path' | 'query', values: unknown): void {
  if (values === null || typeof values !== 'object') return;
  const found = findControlCharacterDeep(values);
  if (found) throw refusal(where, found.path, found.hit, found.inKey);
}

// The schema's type check lets '1e309' and 'Infinity' through as numbers (and an integer past
// 2^53 is not exact): they would reach SQL as 'Infinity' or '1e+302'. Refused here.
function checkNumbers(where: 'path' | 'query', values: unknown, schema: unknown): void {
  const props = (schema as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties;
  if (!props || values === null || typeof values !== 'object') return;
  for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
    const type = props[k]?.type;
    const types = Array.isArray(type) ? type : [type];
    const integer = types.includes('integer');
    if (!integer && !types.includes('number')) continue;
    for (const x of Array.isArray(v) ? v : [v]) {
      if (typeof x !== 'string' || x.trim() === '') continue;
      const n = Number(x);
      if (Number.isNaN(n) || (Number.isFinite(n) && (!integer || Math.abs(n) <= Number.MAX_SAFE_INTEGER))) continue;
      const w = WHERE[where];
      throw badRequest('NUMBER_OUT_OF_RANGE', `${w.zh}“${k}”的数值超出范围`, `The ${w.en} '${k}' is out of range`, { in: where, field: k });
    }
  }
}

const WHERE = { path: { zh: '路径参数', en: 'path parameter' }, query: { zh: '查询参数', en: 'query parameter' }, body: { zh: '请求体字段', en: 'body field' } };

function refusal(where: keyof typeof WHERE, path: ValuePath, hit: Parameters<typeof controlCharacterMessage>[2], inKey: boolean): DomainError {
  const name = formatValuePath(path) || '(root)';
  const w = WHERE[where];
  const m = controlCharacterMessage(`${w.zh}${inKey ? '名' : ''}“${name}”`, `${w.en}${inKey ? ' name' : ''} '${name}'`, hit);
  return badRequest(m.code, m.zh, m.en, { in: where, field: name, position: hit.position });
}

// Iterative so that a body nested a million deep is refused, not a stack overflow. The values
// inside a record (items of recordsKey) are not descended into: a nested value is that record's
// VALUE_TYPE_INVALID from the row validator, which reads only the record's top level.
function checkShape(body: object, limits: BodyShapeLimits, recordsKey?: string): void {
  const records = recordsKey !== undefined && !Array.isArray(body) ? (body as Record<string, unknown>)[recordsKey] : undefined;
  const stack: { v: unknown; depth: number; leaf?: boolean }[] = [{ v: body, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth, leaf } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limits.maxDepth)
      throw new DomainError(400, 'BODY_TOO_DEEP', `请求体嵌套超过 ${limits.maxDepth} 层`, `The request body is nested deeper than ${limits.maxDepth} levels`);
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push({ v: x, depth: depth + 1, leaf: v === records });
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > limits.maxKeysPerObject)
      throw new DomainError(400, 'BODY_TOO_MANY_KEYS', `请求体中一个对象最多 ${limits.maxKeysPerObject} 个字段，收到 ${keys.length} 个`, `An object in the request body may have at most ${limits.maxKeysPerObject} keys; got ${keys.length}`);
    for (const k of keys) {
      if (k.length > limits.maxKeyLength)
        throw new DomainError(400, 'BODY_KEY_TOO_LONG', `请求体中的字段名最长 ${limits.maxKeyLength} 个字符`, `A key in the request body may be at most ${limits.maxKeyLength} characters long`);
      const x = (v as Record<string, unknown>)[k];
      if (!leaf && x !== null && typeof x === 'object') stack.push({ v: x, depth: depth + 1 });
    }
  }
}
