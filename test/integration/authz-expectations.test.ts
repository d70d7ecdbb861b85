// The route × role matrix checks routes against their own declarations; this checks the
// declarations against an independent, human-reviewed table (test/authz-expectations.ts): who may
// call each route and in which scope. A route declared more widely than the table says — or a new
// route nobody has reviewed — fails the suite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { routeTable } from '../../src/modules/access/auth.ts';
import { EXPECTED } from '../authz-expectations.ts';

let t: TestPlatform;
before(async () => {
  t = await createTestPlatform('2026-11-20');
  await t.app.ready();
});
after(() => t.close());

const norm = (allow: readonly string[] | undefined) => [...(allow ?? [])].sort().join(' ');

test('every API route’s declared policy is what the reviewed table says, and the table names no missing route', () => {
  const routes = routeTable(t.app).filter((r) => r.url.startsWith('/api/'));
  const actual = Object.fromEntries(routes.map((r) => [`${r.method} ${r.url}`, { allow: norm(r.policy?.allow), scope: r.policy?.scope ?? null }]));
  const problems: string[] = [];
  for (const [route, got] of Object.entries(actual)) {
    const want = EXPECTED[route];
    if (!want) {
      problems.push(`not reviewed: '${route}': { allow: [${got.allow.split(' ').filter(Boolean).map((g) => `'${g}'`).join(', ')}]${got.scope ? `, scope: '${got.scope}'` : ''} },`);
      continue;
    }
    if (norm(want.allow) !== got.allow) problems.push(`${route}: declared [${got.allow}], reviewed [${norm(want.allow)}]`);
    if ((want.scope ?? null) !== got.scope) problems.push(`${route}: declared scope ${got.scope}, reviewed ${want.scope ?? null}`);
  }
  for (const route of Object.keys(EXPECTED)) if (!actual[route]) problems.push(`reviewed but not a route: ${route}`);
  assert.deepEqual(problems, []);
});
