// Subscriptions for responding departments (响应, issue 13): a department subscribes to entries
// and exits of a list and to changes to subjects it checked; the sweep turns new record versions
// into events; a receiver that fails at first gets the event, signed, once it recovers (retried
// with back-off by the job runner, the delivery log shows every attempt); the feed serves the same
// events to catch up; 反馈 in reply; bad input is refused and stores nothing.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { createTestPlatform, addTestClient, uscc, idNumber, type TestPlatform } from '../helpers/platform.ts';
import { signedInject } from '../helpers/signed.ts';
import { waitUntil } from '../helpers/wait.ts';
import { addDepartment, type Department } from '../../src/modules/access/departments.store.ts';
import { SYSTEM_ACTOR } from '../../src/kernel/audit.ts';
import { submitJsonBatch } from '../../src/modules/collection/collection.service.ts';
import { exitEntry } from '../../src/modules/sanctions/lists.service.ts';
import { sweepSubscriptions } from '../../src/modules/subscriptions/subscriptions.service.ts';
import { canonicalRequest, signCanonical, SIGNING_HEADERS } from '../../src/modules/access/signing.client.ts';
import { penaltyRow } from '../helpers/rows.ts';

const LISTED = uscc('91130100MA0TB0001');
const CHECKED = uscc('91130100MA0TB0002');

let t: TestPlatform;
let owner: Department; // enters the list
let responder: Department; // subscribes
let ownerClient: string;
let responderClient: string;
let server: Server;
let port = 0;
let failuresLeft = 2; // the receiver is down for the first two deliveries
type Received = { headers: IncomingMessage['headers']; body: string; url: string; status: number };
const received: Received[] = [];

const signed = (credential: string, url: string, json?: unknown) => signedInject(t.app, credential, { url, json, method: json === undefined ? 'GET' : 'POST', now: t.p.now() });
const count = async (table: string) => (await t.p.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))!.n;
const enter = (ref: string, code: string, name: string) =>
  submitJsonBatch(t.p, SYSTEM_ACTOR, owner, 'serious-dishonesty', [
    { 主体名称: name, 主体类别: '法人及非法人组织', 统一社会信用代码: code, 认定文书号: ref, 认定日期: '2026-11-02', 认定事由: '拒不履行法定义务', 认定依据: '国办发〔2020〕49号' },
  ]);

before(async () => {
  t = await createTestPlatform('2026-11-20', { XINYONG_DELIVERY_RETRY_SECONDS: '1' });
  const dep = (code: string, name: string, kinds: string[]) => addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc(code), name, regionCode: '130100', kinds });
  owner = await dep('11130100MB0000051', '石家庄市市场监督管理局', ['market-regulation']);
  responder = await dep('11130100MB0000052', '石家庄市住房和城乡建设局', ['housing-construction']);
  ownerClient = await addTestClient(t.p, owner, ['collect', 'check']);
  responderClient = await addTestClient(t.p, responder, ['check', 'feedback']);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = failuresLeft > 0 ? 503 : 200;
      if (failuresLeft > 0) failuresLeft--;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url ?? '', status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
after(async () => {
  await t.close();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('subscriptions: list entries and exits delivered as signed webhooks', () => {
  let subId = '';
  let secret = '';
  let keyId = '';

  test('bad input is refused with a zh/en error naming the field, and nothing is stored', async () => {
    const before = await count('subscription');
    const notList = await signed(responderClient, '/api/v1/subscriptions', { kind: 'list-changes', categories: ['penalty'] });
    assert.equal(notList.statusCode, 400, notList.body);
    assert.equal(notList.json().error.code, 'SUBSCRIPTION_NOT_A_LIST');
    assert.match(notList.json().error.zh, /类别 penalty 不是名单/);
    const kind = await signed(responderClient, '/api/v1/subscriptions', { kind: 'everything' });
    assert.equal(kind.json().error.code, 'SUBSCRIPTION_KIND_UNKNOWN');
    const days = await signed(responderClient, '/api/v1/subscriptions', { kind: 'checked-subjects', checkedDays: 0 });
    assert.equal(days.json().error.code, 'SUBSCRIPTION_DAYS_INVALID');
    const url = await signed(responderClient, '/api/v1/subscriptions', { kind: 'list-changes', categories: ['serious-dishonesty'], url: 'ftp://x.example/' });
    assert.equal(url.json().error.code, 'SUBSCRIPTION_URL_INVALID');
    assert.match(url.json().error.en, /Invalid webhook URL/);
    assert.equal(await count('subscription'), before);
  });

  test('the responding department subscribes to the blacklist with a webhook; the secret is answered once', async () => {
    const r = await signed(responderClient, '/api/v1/subscriptions', { kind: 'list-changes', categories: ['serious-dishonesty'], url: `http://127.0.0.1:${port}/hooks/xinyong?src=1` });
    assert.equal(r.statusCode, 200, r.body);
    ({ id: subId, secret, keyId } = r.json());
    assert.match(keyId, /^xs_[0-9a-f]{16}\.s1$/);
    assert.ok(secret.length >= 40);
    const again = await signed(responderClient, `/api/v1/subscriptions/${subId}`);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().secret, undefined, 'the secret is never shown again');
    const sealed = (await t.p.db.one<{ s: string }>('SELECT secret_sealed AS s FROM subscription WHERE id = $1', [subId]))!.s;
    assert.ok(!sealed.includes(secret), 'the secret is stored encrypted');
  });

  test('an entry: the receiver fails twice, then recovers and gets the event once, signed, with the event id', async () => {
    // a penalty (not subscribed) and an entry of the list
    await submitJsonBatch(t.p, SYSTEM_ACTOR, owner, 'penalty', [penaltyRow({ CF_WSH: '石市监罚〔2026〕901号' })]);
    await enter('石市监严失〔2026〕901号', LISTED, '石家庄订阅测试失信有限公司');
    const sweep = await sweepSubscriptions(t.p);
    assert.equal(sweep.events, 1, 'one event: the entry (the penalty is not subscribed)');
    assert.equal((await sweepSubscriptions(t.p)).events, 0, 'a second sweep finds nothing new');
    await waitUntil(async () => received.some((r) => r.status === 200), 'the receiver to accept a delivery');
    assert.equal(received.filter((r) => r.status === 503).length, 2);
    const ok = received.filter((r) => r.status === 200);
    assert.equal(ok.length, 1);
    const got = ok[0]!;
    const body = JSON.parse(got.body);
    assert.equal(body.kind, 'entry');
    assert.equal(body.category, 'serious-dishonesty');
    assert.equal(body.record.sourceRef, '石市监严失〔2026〕901号');
    assert.equal(body.subject.uscc, LISTED);
    assert.equal(got.headers['x-xy-event-id'], body.eventId);
    assert.ok(received.every((r) => JSON.parse(r.body).eventId === body.eventId), 'every attempt carried the same event id');
    // signed like an exchange request, with the subscription's key and secret
    assert.equal(got.headers[SIGNING_HEADERS.keyId], keyId);
    assert.equal(got.headers[SIGNING_HEADERS.contentSha256], createHash('sha256').update(got.body).digest('hex'));
    const canonical = canonicalRequest('POST', got.url, String(got.headers[SIGNING_HEADERS.timestamp]), String(got.headers[SIGNING_HEADERS.nonce]), String(got.headers[SIGNING_HEADERS.contentSha256]));
    assert.equal(got.headers[SIGNING_HEADERS.signature], signCanonical(secret, canonical));
    assert.notEqual(got.headers[SIGNING_HEADERS.signature], signCanonical('wrong', canonical));
    // the delivery log: two failures then a success (the success is logged after the receiver has
    // answered, so the log may lag the receiver by a moment)
    let attempts: { ok: boolean; statusCode: number; attempt: number }[] = [];
    await waitUntil(async () => {
      const log = await signed(responderClient, `/api/v1/subscriptions/${subId}/deliveries`);
      assert.equal(log.statusCode, 200, log.body);
      attempts = [...log.json().items].reverse();
      return attempts.some((a) => a.ok);
    }, 'the delivery log to show the success');
    assert.deepEqual(attempts.map((a: { ok: boolean; statusCode: number }) => [a.ok, a.statusCode]), [[false, 503], [false, 503], [true, 200]]);
    assert.deepEqual(attempts.map((a: { attempt: number }) => a.attempt), [1, 2, 3]);
  });

  test('a delivered event is not sent again, however often the sweep runs', async () => {
    const before = received.length;
    await sweepSubscriptions(t.p);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(received.length, before);
  });

  test('an exit is an event; the feed serves every event after a seq to catch up', async () => {
    await exitEntry(t.p, SYSTEM_ACTOR, owner, { category: 'serious-dishonesty', ref: '石市监严失〔2026〕901号', reason: '信用修复', exitDate: '2026-11-20' });
    assert.equal((await sweepSubscriptions(t.p)).events, 1);
    await waitUntil(async () => received.filter((r) => r.status === 200).length === 2, 'the exit delivered');
    const feed = await signed(responderClient, `/api/v1/subscriptions/${subId}/feed?after=0`);
    assert.equal(feed.statusCode, 200, feed.body);
    const items = feed.json().items;
    assert.deepEqual(items.map((e: { kind: string }) => e.kind), ['entry', 'exit']);
    assert.ok(items[1].seq > items[0].seq);
    const rest = (await signed(responderClient, `/api/v1/subscriptions/${subId}/feed?after=${items[0].seq}`)).json();
    assert.deepEqual(rest.items.map((e: { eventId: string }) => e.eventId), [items[1].eventId]);
    assert.equal(rest.next, items[1].seq);
    // another department sees nothing of it
    const other = await signed(ownerClient, `/api/v1/subscriptions/${subId}/feed`);
    assert.equal(other.statusCode, 403, other.body); // the owner's client has no feedback scope
  });

  test('反馈 in reply to an event, by the subscribing department only', async () => {
    const ev = (await signed(responderClient, `/api/v1/subscriptions/${subId}/feed`)).json().items[0];
    const bad = await signed(responderClient, `/api/v1/subscription-events/${ev.eventId}/feedback`, { action: 'maybe', note: 'x' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'FEEDBACK_ACTION_INVALID');
    const r = await signed(responderClient, `/api/v1/subscription-events/${ev.eventId}/feedback`, { action: 'applied', note: '已暂停其招投标资格' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json().feedback.map((f: { action: string }) => f.action), ['applied']);
    const audit = await t.p.db.query<{ action: string }>(`SELECT action FROM audit_event WHERE action LIKE 'subscription.%' ORDER BY id`);
    assert.deepEqual(audit.map((a) => a.action), ['subscription.add', 'subscription.feedback']);
  });
});

describe('subscriptions: any change to subjects the department checked in the last N days', () => {
  test('a record of a checked subject is an event; one of an unchecked subject is not', async () => {
    const r = await signed(responderClient, '/api/v1/subscriptions', { kind: 'checked-subjects', checkedDays: 30 });
    assert.equal(r.statusCode, 200, r.body);
    const id = r.json().id;
    const check = await signed(responderClient, '/api/v1/credit-checks', { subject: CHECKED, scenario: 'license_approval', matterRef: 'JS-2026-9' });
    assert.equal(check.statusCode, 200, check.body);
    await submitJsonBatch(t.p, SYSTEM_ACTOR, owner, 'penalty', [
      penaltyRow({ CF_WSH: '石市监罚〔2026〕902号', CF_XDR_MC: '石家庄订阅核查有限公司', CF_XDR_SHXYM: CHECKED }),
      penaltyRow({ CF_WSH: '石市监罚〔2026〕903号' }),
    ]);
    await sweepSubscriptions(t.p);
    const items = (await signed(responderClient, `/api/v1/subscriptions/${id}/feed`)).json().items;
    assert.equal(items.length, 1, JSON.stringify(items));
    assert.equal(items[0].category, 'penalty');
    assert.equal(items[0].subject.uscc, CHECKED);
    assert.equal(items[0].delivered, false, 'feed only: no webhook');
    // ended: no more events
    const end = await signed(responderClient, `/api/v1/subscriptions/${id}/end`, {});
    assert.equal(end.json().active, false);
    await submitJsonBatch(t.p, SYSTEM_ACTOR, owner, 'penalty', [penaltyRow({ CF_WSH: '石市监罚〔2026〕904号', CF_XDR_MC: '石家庄订阅核查有限公司', CF_XDR_SHXYM: CHECKED })]);
    await sweepSubscriptions(t.p);
    assert.equal((await signed(responderClient, `/api/v1/subscriptions/${id}/feed`)).json().items.length, 1);
  });
});

// Found by the issue-17 acceptance review (2026-12-06): a `checked-subjects` event carried a
// person's non-public record — category, document number, deciding department, decision day — to
// any department that had checked the person, whatever the personal-data rule says: a 保定 bank
// without the person's authorization, whose check withheld the penalty, was told of the next one
// by its subscription. A person's record version that is not public is now an event without its
// details (withheld); the department reads them, if the rule lets it, through a check or the staff
// credit query (audited, in the person's access log).
describe('subscriptions: a person’s non-public records are not told to subscribers', () => {
  test('a bank that checked a person is told of its next, non-public penalty only as a withheld event (organizations’ events stay whole: above)', async () => {
    const PERSON = idNumber('13010219850606123');
    const personRow = (ref: string) => penaltyRow({ CF_XDR_MC: '赵订阅', CF_XDR_LB: '自然人', CF_XDR_SHXYM: '', CF_XDR_ZJLX: '居民身份证', CF_XDR_ZJHM: PERSON, CF_WSH: ref, CF_FRDB: '', SEVERITY: '一般' });
    const bank = await addDepartment(t.p.db, SYSTEM_ACTOR, { uscc: uscc('91130600MA0BANK21'), name: '保定订阅测试银行', regionCode: '130600', kinds: ['bank'] });
    const bankClient = await addTestClient(t.p, bank, ['check', 'feedback']);
    assert.equal((await submitJsonBatch(t.p, SYSTEM_ACTOR, owner, 'penalty', [personRow('石市监罚〔2026〕951号')])).counts.created, 1);
    const sub = await signed(bankClient, '/api/v1/subscriptions', { kind: 'checked-subjects', checkedDays: 30 });
    assert.equal(sub.statusCode, 200, sub.body);
    const check = await signed(bankClient, '/api/v1/credit-checks', { subject: PERSON, scenario: 'financing', matterRef: '贷2026-0951' });
    assert.equal(check.statusCode, 200, check.body);
    assert.ok(!check.body.includes('951号'), 'the check withholds the penalty (no authorization)');
    assert.equal((await submitJsonBatch(t.p, SYSTEM_ACTOR, owner, 'penalty', [personRow('石市监罚〔2026〕952号')])).counts.created, 1);
    await sweepSubscriptions(t.p);
    const feed = await signed(bankClient, `/api/v1/subscriptions/${sub.json().id}/feed`);
    assert.equal(feed.statusCode, 200, feed.body);
    const items = feed.json().items;
    assert.equal(items.length, 1, feed.body);
    assert.ok(!feed.body.includes('952号') && !feed.body.includes('penalty') && !feed.body.includes('石家庄市市场监督管理局'), feed.body);
    assert.equal(items[0].withheld, true);
    assert.equal(items[0].subject.kind, 'person');
    assert.equal(items[0].subject.name, undefined);
    // nothing of it in the stored event either (the webhook sends the stored payload)
    const stored = await t.p.db.one<{ payload: unknown }>(`SELECT payload FROM subscription_event WHERE subscription_id = $1`, [sub.json().id]);
    assert.ok(!JSON.stringify(stored!.payload).includes('952号'), JSON.stringify(stored!.payload));
  });
});
