// The published 接口规范 is a valid OpenAPI 3.1 document, and every operation says what it
// answers on success.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestPlatform, type TestPlatform } from '../helpers/platform.ts';

let t: TestPlatform;
before(async () => {
  t = await createTestPlatform('2026-11-20');
});
after(() => t.close());

type Doc = { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

test('GET /api/v1/openapi.json validates as OpenAPI 3.1', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.equal(r.statusCode, 200);
  const doc = r.json() as Doc;
  assert.equal(doc.openapi, '3.1.0');
  const v = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
  assert.equal(v.valid, true, JSON.stringify(v.errors, null, 1)?.slice(0, 2000));
});

test('every operation has a success response', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as Doc;
  const missing: string[] = [];
  let n = 0;
  for (const [p, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      n += 1;
      if (!Object.keys(op.responses ?? {}).some((c) => /^2\d\d$/.test(c))) missing.push(`${method.toUpperCase()} ${p}`);
    }
  assert.ok(n > 50, `${n} operations`);
  assert.deepEqual(missing, []);
});
