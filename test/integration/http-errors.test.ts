// What Fastify and Node refuse before a route runs answers as the platform does: JSON with zh and en.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createTestPlatform, type TestPlatform } from '../helpers/platform.ts';

let t: TestPlatform;
let base: string;

before(async () => {
  t = await createTestPlatform('2026-11-20');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
after(() => t.close());

const hasChinese = (s: string) => /[\u4e00-\u9fa5]/.test(s);

test('schema errors are in Chinese and name the parameter in Chinese', async () => {
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/public/subjects?q=${'华'.repeat(101)}` });
  assert.equal(r.statusCode, 400);
  const e = r.json().error;
  assert.equal(e.code, 'REQUEST_INVALID');
  assert.match(e.zh, /查询参数“查询词”（q）不应多于 100 个字符/);
  assert.ok(!/must|NOT|characters/.test(e.zh), e.zh);
  assert.match(e.en, /querystring\/q must NOT have more than 100 characters/);
  const missing = await t.app.inject({ method: 'GET', url: '/api/v1/public/subjects' });
  assert.match(missing.json().error.zh, /查询参数缺少“查询词”（q）/);
  // a pattern is said in words, never as the regular expression (the public county page shows it)
  const county = (await t.app.inject({ method: 'GET', url: '/api/v1/public/counties/abc' })).json().error;
  assert.equal(county.code, 'REQUEST_INVALID');
  assert.match(county.zh, /路径参数“代码”（code）应为 6 位数字的行政区划代码/);
  assert.ok(!/\\d|\^|\$/.test(county.zh), county.zh);
  assert.match(county.en, /params\/code must match pattern/);
  // the fields of the session's new public forms are named in Chinese too
  const objection = await t.app.inject({ method: 'POST', url: '/api/v1/public/exemplars/x/objections', payload: { content: '异'.repeat(4001) } });
  assert.match(objection.json().error.zh, /请求体“内容”（content）不应多于 4000 个字符/);
  // a value outside an enum names the values the schema allows, in both languages
  const edition = (await t.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: { subject: '91130100MA0000000X', edition: 'bogus' } })).json().error;
  assert.equal(edition.code, 'REQUEST_INVALID');
  assert.match(edition.zh, /请求体“版本”（edition）应为以下之一：public、full/);
  assert.match(edition.en, /body\/edition must be one of: public, full/);
  assert.ok(!edition.zh.includes('bogus') && !edition.en.includes('bogus'), 'the submitted value is never echoed');
});

test('404, 413 and 431 are the platform’s JSON error with zh and en', async () => {
  const nf = await fetch(`${base}/api/v1/no-such-thing`);
  assert.equal(nf.status, 404);
  const nfe = (await nf.json()).error;
  assert.ok(hasChinese(nfe.zh) && nfe.en);

  const big = await fetch(`${base}/api/v1/public/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject: 'x'.repeat(2 << 20) }) });
  assert.equal(big.status, 413);
  const bige = (await big.json()).error;
  assert.ok(hasChinese(bige.zh), bige.zh);
  assert.ok(!/[A-Za-z]{4,}/.test(bige.zh), bige.zh);

  const long = await fetch(`${base}/api/v1/public/subjects?q=${'a'.repeat(20_000)}`);
  assert.equal(long.status, 431);
  assert.match(long.headers.get('content-type') ?? '', /application\/json/);
  const longe = (await long.json()).error;
  assert.equal(longe.code, 'HEADERS_TOO_LARGE');
  assert.ok(hasChinese(longe.zh) && longe.en);
});
