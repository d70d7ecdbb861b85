import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, buildQuery, createPublicApi, freshnessOf, requestJson, toApiError } from './api.ts';
import type { FetchLike } from './api.ts';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function recordingFetch(response: () => Response): { fetch: FetchLike; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (input) => {
      urls.push(input);
      return response();
    },
  };
}

describe('buildQuery', () => {
  test('drops undefined, null and empty values and encodes the rest', () => {
    assert.equal(buildQuery({ q: '华信 达&1', page: 2, from: '', to: undefined, x: null }), '?q=%E5%8D%8E%E4%BF%A1+%E8%BE%BE%261&page=2');
  });
  test('returns an empty string when nothing is left', () => {
    assert.equal(buildQuery({ category: undefined }), '');
  });
});

describe('toApiError', () => {
  test('reads the server error body, zh included', () => {
    const error = toApiError(404, { error: { code: 'SUBJECT_NOT_FOUND', zh: '未找到该主体', en: 'Subject not found', details: { id: 'x' } } });
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 404);
    assert.equal(error.code, 'SUBJECT_NOT_FOUND');
    assert.equal(error.zh, '未找到该主体');
    assert.equal(error.en, 'Subject not found');
    assert.deepEqual(error.details, { id: 'x' });
  });
  test('falls back to a generic message naming the status for non-API bodies', () => {
    const error = toApiError(502, '<html>Bad Gateway</html>');
    assert.equal(error.code, 'HTTP_502');
    assert.match(error.zh, /HTTP 502/);
  });
  test('a bare 429 says the user is querying too often', () => {
    assert.equal(toApiError(429, undefined).code, 'RATE_LIMITED');
  });
});

describe('requestJson', () => {
  test('returns the parsed body on 2xx', async () => {
    const { fetch } = recordingFetch(() => jsonResponse(200, { subjects: 3 }));
    assert.deepEqual(await requestJson(fetch, '/x'), { subjects: 3 });
  });
  test('throws ApiError with the server zh message on 4xx', async () => {
    const { fetch } = recordingFetch(() => jsonResponse(400, { error: { code: 'QUERY_REQUIRED', zh: '请输入查询内容', en: 'q is required' } }));
    await assert.rejects(requestJson(fetch, '/x'), (error: unknown) => error instanceof ApiError && error.status === 400 && error.zh === '请输入查询内容');
  });
  test('throws ApiError for a 5xx with a non-JSON body', async () => {
    const { fetch } = recordingFetch(() => new Response('oops', { status: 500 }));
    await assert.rejects(requestJson(fetch, '/x'), (error: unknown) => error instanceof ApiError && error.code === 'HTTP_500');
  });
  test('turns a network failure into NETWORK_ERROR', async () => {
    const failing: FetchLike = async () => {
      throw new TypeError('fetch failed');
    };
    await assert.rejects(requestJson(failing, '/x'), (error: unknown) => error instanceof ApiError && error.code === 'NETWORK_ERROR' && error.status === 0);
  });
  test('lets an abort through untouched so callers can ignore it', async () => {
    const controller = new AbortController();
    controller.abort();
    const aborting: FetchLike = async (_input, init) => {
      init?.signal?.throwIfAborted();
      return jsonResponse(200, {});
    };
    await assert.rejects(requestJson(aborting, '/x', controller.signal), (error: unknown) => error instanceof DOMException && error.name === 'AbortError');
  });
});

describe('createPublicApi', () => {
  test('builds the documented URLs', async () => {
    const { fetch, urls } = recordingFetch(() => jsonResponse(200, {}));
    const api = createPublicApi(fetch);
    await api.getStats();
    await api.searchSubjects({ q: '91130100MA0XXXXX0X', page: 1, pageSize: 20 });
    await api.getSubject('a/b');
    await api.listPublications({ category: 'penalty', from: '2025-01-01', page: 2 });
    await api.listPublications({});
    assert.deepEqual(urls, [
      '/api/v1/public/stats',
      '/api/v1/public/subjects?q=91130100MA0XXXXX0X&page=1&pageSize=20',
      '/api/v1/public/subjects/a%2Fb',
      '/api/v1/public/publications?category=penalty&from=2025-01-01&page=2',
      '/api/v1/public/publications',
    ]);
  });
});

describe('freshness (X-Data-As-Of)', () => {
  test('the public search, subject page and 双公示 carry the as-of time and source the server sent', async () => {
    const asOf = '2026-12-06T03:34:05.678Z';
    const { fetch } = recordingFetch(() => new Response('{"items":[],"total":0}', { status: 200, headers: { 'x-data-as-of': asOf, 'x-data-source': 'replica' } }));
    const api = createPublicApi(fetch);
    assert.deepEqual((await api.searchSubjects({ q: '恒盛' })).freshness, { asOf, source: 'replica' });
    assert.deepEqual((await api.getSubject('x')).freshness, { asOf, source: 'replica' });
    const pubs = await api.listPublications({});
    assert.deepEqual(pubs.freshness, { asOf, source: 'replica' });
    assert.deepEqual(pubs.items, []);
  });
  test('no header (no replica configured) or a header that is not an instant: none', () => {
    assert.equal(freshnessOf(new Headers()), null);
    assert.equal(freshnessOf(new Headers({ 'x-data-as-of': 'soon' })), null);
    assert.deepEqual(freshnessOf(new Headers({ 'x-data-as-of': '2026-12-06T03:34:05Z', 'x-data-source': 'primary' })), { asOf: '2026-12-06T03:34:05Z', source: 'primary' });
  });
});
