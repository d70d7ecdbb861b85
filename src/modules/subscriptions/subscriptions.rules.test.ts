import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkedSince, deliveryRetries, eventKindOf, eventPayload, lastAttempt, matches, maxDeliveryRetries, subscriptionProblems, validateSubscriptionsRules, type SubscriptionsRule } from './subscriptions.rules.ts';
import { loadRuleFile } from '../../kernel/rules.ts';
import type { RecordVersionChange } from '../collection/records.store.ts';

const known = new Set(['penalty', 'serious-dishonesty', 'integrity-exemplar']);
const lists = new Set(['serious-dishonesty', 'integrity-exemplar']);
const v = (o: Partial<RecordVersionChange> = {}): RecordVersionChange => ({
  id: 10,
  category: 'serious-dishonesty',
  departmentId: 1,
  departmentName: '石家庄市市场监督管理局',
  sourceRef: 'R1',
  version: 1,
  status: 'active',
  statusOn: null,
  decisionDate: '2026-11-02',
  subjectId: 5,
  subjectPublicId: 'p-5',
  subjectKind: 'organization',
  subjectName: '某公司',
  subjectUscc: '91130100MA0TB00011',
  receivedAt: new Date(0),
  ...o,
});

test('subscription input: kind, list categories, days and URL are checked', () => {
  const codes = (i: Parameters<typeof subscriptionProblems>[0], http = false) => subscriptionProblems(i, known, lists, http).map((x) => x.code);
  assert.deepEqual(codes({ kind: 'list-changes', categories: ['serious-dishonesty'] }), []);
  assert.deepEqual(codes({ kind: 'x' }), ['SUBSCRIPTION_KIND_UNKNOWN']);
  assert.deepEqual(codes({ kind: 'list-changes' }), ['SUBSCRIPTION_CATEGORIES_MISSING']);
  assert.deepEqual(codes({ kind: 'list-changes', categories: ['penalty', 'nope'] }), ['SUBSCRIPTION_NOT_A_LIST', 'CATEGORY_UNKNOWN']);
  assert.deepEqual(codes({ kind: 'checked-subjects', checkedDays: 1 }), []);
  assert.deepEqual(codes({ kind: 'checked-subjects', checkedDays: 3650 }), []);
  assert.deepEqual(codes({ kind: 'checked-subjects', checkedDays: 0 }), ['SUBSCRIPTION_DAYS_INVALID']);
  assert.deepEqual(codes({ kind: 'checked-subjects', checkedDays: 3651 }), ['SUBSCRIPTION_DAYS_INVALID']);
  assert.deepEqual(codes({ kind: 'checked-subjects', checkedDays: 1.5 }), ['SUBSCRIPTION_DAYS_INVALID']);
  const url = (u: string, http = false) => codes({ kind: 'checked-subjects', checkedDays: 7, url: u }, http);
  assert.deepEqual(url('https://dept.example/hook'), []);
  assert.deepEqual(url('http://dept.example/hook'), ['SUBSCRIPTION_URL_INVALID'], 'plain http only outside production');
  assert.deepEqual(url('http://127.0.0.1:8080/hook', true), []);
  assert.deepEqual(url('https://u:p@dept.example/'), ['SUBSCRIPTION_URL_INVALID']);
  assert.deepEqual(url('not a url'), ['SUBSCRIPTION_URL_INVALID']);
});

test('event kinds: first active version an entry, exit or revocation an exit, anything else a change', () => {
  assert.equal(eventKindOf({ version: 1, status: 'active' }), 'entry');
  assert.equal(eventKindOf({ version: 2, status: 'active' }), 'change');
  assert.equal(eventKindOf({ version: 2, status: 'exited' }), 'exit');
  assert.equal(eventKindOf({ version: 3, status: 'revoked' }), 'exit');
  assert.equal(eventKindOf({ version: 2, status: 'repaired' }), 'change');
});

test('matching: categories for list changes, the check for checked subjects, nothing from before the subscription', () => {
  const list = { id: 's', kind: 'list-changes' as const, categories: ['serious-dishonesty'], departmentId: 2, fromRecordId: 9 };
  assert.equal(matches(list, v(), false), true);
  assert.equal(matches(list, v({ id: 9 }), false), false, 'the subscription starts after record 9');
  assert.equal(matches(list, v({ category: 'integrity-exemplar' }), false), false);
  assert.equal(matches(list, v({ version: 2 }), false), false, 'a correction is not an entry or exit');
  const checked = { ...list, kind: 'checked-subjects' as const, categories: [] };
  assert.equal(matches(checked, v({ category: 'penalty', version: 2 }), true), true);
  assert.equal(matches(checked, v({ category: 'penalty' }), false), false);
  assert.equal(checkedSince(new Date('2026-11-30T00:00:00Z'), 30).toISOString(), '2026-10-31T00:00:00.000Z');
});

test('payload: an organization is named, a person only by public id', () => {
  assert.equal(eventPayload(v(), 'entry').subject.name, '某公司');
  const person = eventPayload(v({ subjectKind: 'person', subjectName: '张三', subjectUscc: null }), 'entry');
  assert.deepEqual(person.subject, { id: 'p-5', kind: 'person' });
});

test('payload: a person’s record that is not public today is withheld; an organization’s is not', () => {
  const person = eventPayload(v({ category: 'penalty', sourceRef: '石市监罚〔2026〕1号', subjectKind: 'person', subjectName: '张三', subjectUscc: null }), 'entry', false);
  assert.deepEqual(person, { kind: 'entry', withheld: true, category: null, record: null, department: null, subject: { id: 'p-5', kind: 'person' } });
  assert.equal(eventPayload(v({ subjectKind: 'person', subjectUscc: null }), 'entry', true).record?.sourceRef, 'R1');
  assert.equal(eventPayload(v({ category: 'penalty' }), 'entry', false).record?.sourceRef, 'R1');
});

test('the webhook retry count is rule data, effective-dated by the event day, to the day', () => {
  const file = loadRuleFile<SubscriptionsRule>('subscriptions');
  validateSubscriptionsRules(file);
  assert.equal(deliveryRetries(file, '2026-11-20'), 8);
  const rules: SubscriptionsRule[] = [
    { effectiveFrom: '1900-01-01', source: 'default', deliveryRetries: 8 },
    { effectiveFrom: '2027-01-01', source: 'test', deliveryRetries: 3 },
  ];
  assert.equal(deliveryRetries(rules, '2026-12-31'), 8);
  assert.equal(deliveryRetries(rules, '2027-01-01'), 3);
  assert.equal(maxDeliveryRetries(rules), 8);
  // 3 retries: attempts 1..4; the 4th is the last
  assert.equal(lastAttempt(3, 3), false);
  assert.equal(lastAttempt(4, 3), true);
  assert.equal(lastAttempt(1, 0), true);
  assert.throws(() => validateSubscriptionsRules([{ effectiveFrom: '1900-01-01', source: 'x', deliveryRetries: -1 }]), /deliveryRetries/);
  assert.throws(() => validateSubscriptionsRules([{ effectiveFrom: '1900-01-01', source: 'x', deliveryRetries: 21 }]), /deliveryRetries/);
});
