// Pure rules of subscriptions (响应): what a subscription asks for, which record versions are
// events for it and of which kind, what an event says. No I/O, no clock.
import type { RecordVersionChange } from '../collection/records.store.ts';
import type { DateStr } from '../../kernel/dates.ts';
import { ruleInForce, type Effective } from '../../kernel/rules.ts';

export type SubscriptionKind = 'list-changes' | 'checked-subjects';
export const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = ['list-changes', 'checked-subjects'];
export type EventKind = 'entry' | 'exit' | 'change';
export type FeedbackAction = 'applied' | 'not-applied' | 'not-applicable' | 'noted';
export const FEEDBACK_ACTIONS: readonly FeedbackAction[] = ['applied', 'not-applied', 'not-applicable', 'noted'];

// rules/subscriptions.json, effective-dated by the day an event was created. deliveryRetries:
// retries after the first attempt; the first retry's delay is XINYONG_DELIVERY_RETRY_SECONDS (30 s),
// doubled each retry by the job runner: 8 retries (the default) reach about two hours; the feed
// covers the rest.
export type SubscriptionsRule = Effective & { source: string; deliveryRetries: number };

export function validateSubscriptionsRules(entries: readonly SubscriptionsRule[]): void {
  for (const e of entries)
    if (!Number.isInteger(e.deliveryRetries) || e.deliveryRetries < 0 || e.deliveryRetries > 20)
      throw new Error(`rules/subscriptions.json ${e.effectiveFrom}: deliveryRetries must be a whole number from 0 to 20`);
}

// The retries an event created on `day` gets.
export const deliveryRetries = (rules: readonly SubscriptionsRule[], day: DateStr): number => ruleInForce(rules, day).deliveryRetries;

// The job runner's retry limit: the most any entry allows (the delivery itself stops at its own).
export const maxDeliveryRetries = (rules: readonly SubscriptionsRule[]): number => Math.max(...rules.map((r) => r.deliveryRetries));

// Whether a failed attempt (1 = the first) is the last one the rule allows: the delivery then
// stops retrying and the event waits in the feed.
export const lastAttempt = (attempt: number, retries: number): boolean => attempt >= retries + 1;
export const DELIVERY_TIMEOUT_MS = 10_000;
export const MAX_CHECKED_DAYS = 3650;

export type SubscriptionInput = { kind?: string; categories?: readonly string[]; checkedDays?: number; url?: string };
export type Problem = { field: string; code: string; zh: string; en: string };

export function subscriptionProblems(i: SubscriptionInput, knownCategories: ReadonlySet<string>, listCategories: ReadonlySet<string>, allowHttp: boolean): Problem[] {
  const out: Problem[] = [];
  if (!SUBSCRIPTION_KINDS.includes(i.kind as SubscriptionKind)) {
    out.push({ field: 'kind', code: 'SUBSCRIPTION_KIND_UNKNOWN', zh: `订阅类型 ${i.kind ?? '（空）'} 无效，应为 list-changes 或 checked-subjects`, en: `Unknown subscription kind ${i.kind ?? '(empty)'}; expected list-changes or checked-subjects` });
    return out;
  }
  if (i.kind === 'list-changes') {
    const cats = i.categories ?? [];
    if (cats.length === 0) out.push({ field: 'categories', code: 'SUBSCRIPTION_CATEGORIES_MISSING', zh: '请至少选择一个名单类别', en: 'Give at least one list category' });
    for (const c of cats) {
      if (!knownCategories.has(c)) out.push({ field: 'categories', code: 'CATEGORY_UNKNOWN', zh: `信息类别 ${c} 不存在`, en: `Unknown category ${c}` });
      else if (!listCategories.has(c)) out.push({ field: 'categories', code: 'SUBSCRIPTION_NOT_A_LIST', zh: `类别 ${c} 不是名单，不能订阅列入/移出`, en: `Category ${c} is not a list; entries and exits cannot be subscribed to` });
    }
  } else {
    const d = i.checkedDays;
    if (d === undefined || !Number.isInteger(d) || d < 1 || d > MAX_CHECKED_DAYS)
      out.push({ field: 'checkedDays', code: 'SUBSCRIPTION_DAYS_INVALID', zh: `核查天数应为 1–${MAX_CHECKED_DAYS} 的整数`, en: `checkedDays must be a whole number from 1 to ${MAX_CHECKED_DAYS}` });
  }
  if (i.url !== undefined && i.url !== '') {
    let u: URL | undefined;
    try {
      u = new URL(i.url);
    } catch {
      u = undefined;
    }
    if (!u || !(u.protocol === 'https:' || (allowHttp && u.protocol === 'http:')) || u.username || u.password)
      out.push({ field: 'url', code: 'SUBSCRIPTION_URL_INVALID', zh: `接收地址 ${i.url} 无效：应为 https 地址，且不含用户名密码`, en: `Invalid webhook URL ${i.url}: it must be https, without user or password` });
  }
  return out;
}

// The kind of change a record version is: the first version of a list record is an entry, a
// version that exits or revokes it an exit, anything else a change.
export function eventKindOf(v: Pick<RecordVersionChange, 'version' | 'status'>): EventKind {
  if (v.status === 'exited' || v.status === 'revoked') return 'exit';
  if (v.version === 1 && v.status === 'active') return 'entry';
  return 'change';
}

export type SubscriptionMatch = { id: string; kind: SubscriptionKind; categories: readonly string[]; departmentId: number; fromRecordId: number };

// Whether a record version is an event for a subscription; `checked`: the subject was checked by
// the subscribing department within its days (the caller asks the store).
export function matches(s: SubscriptionMatch, v: RecordVersionChange, checked: boolean): boolean {
  if (v.id <= s.fromRecordId) return false;
  if (s.kind === 'list-changes') return s.categories.includes(v.category) && eventKindOf(v) !== 'change';
  return checked;
}

// What an event says: no personal data beyond what the public lists show (a person is named by
// the subject's public id only). A person's record version that is not public today (persons'
// penalties never are) is told without its details — no category, document number, department or
// day, only that the person the department checked has a change (`withheld`): those are the
// person's non-public data, which a department reads only under the personal-data rule, through a
// check or the staff credit query, audited and in the person's access log (issue 17 acceptance
// review: a bank without the person's authorization learnt of their next penalty this way).
export function eventPayload(v: RecordVersionChange, kind: EventKind, publicToday = true): EventPayload {
  const org = v.subjectKind !== 'person';
  if (!org && !publicToday) return withheldPayload(kind, { id: v.subjectPublicId, kind: v.subjectKind });
  return {
    kind,
    category: v.category,
    record: { id: v.id, sourceRef: v.sourceRef, version: v.version, status: v.status, statusOn: v.statusOn, decisionDate: v.decisionDate },
    department: v.departmentName,
    subject: { id: v.subjectPublicId, kind: v.subjectKind, ...(org ? { name: v.subjectName, uscc: v.subjectUscc } : {}) },
  };
}

export function withheldPayload(kind: EventKind, subject: { id: string; kind: string }): EventPayload {
  return { kind, withheld: true, category: null, record: null, department: null, subject: { id: subject.id, kind: subject.kind } };
}

export type EventPayload = {
  kind: EventKind;
  withheld?: true;
  category: string | null;
  record: { id: number; sourceRef: string; version: number; status: string; statusOn: string | null; decisionDate: string } | null;
  department: string | null;
  subject: { id: string; kind: string; name?: string; uscc?: string | null };
};

export const checkedSince = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);
