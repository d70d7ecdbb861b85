// Subscriptions for responding departments (联合奖惩 响应): subscribe, the sweep that turns new
// record versions into events, signed webhook delivery (retried with back-off by the job runner,
// idempotent by event id), the feed to catch up, and 反馈 in reply. docs/subscriptions.md.
import { randomBytes } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { DomainError, badRequest, forbidden, notFound } from '../../kernel/errors.ts';
import type { Department } from '../access/departments.store.ts';
import { signRequest } from '../access/signing.client.ts';
import { isProviderOnlyDepartment } from '../access/personal-data.service.ts';
import { latestRecordId, recordVersionsAfter } from '../collection/records.store.ts';
import { subjectsCheckedSince } from '../sanctions/checks.store.ts';
import { publicRecordIdsAmong } from '../publication/publication.store.ts';
import * as store from './subscriptions.store.ts';
import { todayIn } from '../../kernel/dates.ts';
import {
  deliveryRetries,
  lastAttempt,
  DELIVERY_TIMEOUT_MS,
  FEEDBACK_ACTIONS,
  checkedSince,
  eventKindOf,
  eventPayload,
  matches,
  withheldPayload,
  type EventKind,
  subscriptionProblems,
  type FeedbackAction,
  type SubscriptionInput,
  type SubscriptionKind,
} from './subscriptions.rules.ts';

export const SWEEP_TASK = 'subscriptions.sweep';
export const DELIVER_TASK = 'subscriptions.deliver';
export const SWEEP_BATCH = 2000;
export const STALLED_MINUTES = 180; // longer than the delivery job's retries take
export const EVENT_HEADER = 'x-xy-event-id';

export type SubscriptionView = {
  id: string;
  keyId: string;
  department: number;
  kind: SubscriptionKind;
  categories: string[];
  checkedDays: number | null;
  url: string | null;
  active: boolean;
  createdAt: string;
  endedAt: string | null;
};

const viewOf = (s: store.SubscriptionRow): SubscriptionView => ({
  id: s.id,
  keyId: s.keyId,
  department: s.departmentId,
  kind: s.kind,
  categories: s.categories,
  checkedDays: s.checkedDays,
  url: s.url,
  active: s.active,
  createdAt: s.createdAt.toISOString(),
  endedAt: s.endedAt?.toISOString() ?? null,
});

const invalid = (problems: { field: string; code: string; zh: string; en: string }[]) =>
  badRequest(problems[0]!.code, problems.map((x) => x.zh).join('；'), problems.map((x) => x.en).join('; '), { problems });

export async function subscribe(p: Platform, actor: Actor, department: Department, input: SubscriptionInput): Promise<SubscriptionView & { secret: string }> {
  const all = p.catalog.all();
  const problems = subscriptionProblems(input, new Set(all.map((c) => c.code)), new Set(all.filter((c) => c.list).map((c) => c.code)), !p.config.production);
  if (problems.length) throw invalid(problems);
  // an association sees other providers' data only as its checks answer it: list changes of lists open to the public only
  if (isProviderOnlyDepartment(p, department) && (input.kind !== 'list-changes' || (input.categories ?? []).some((c) => p.catalog.find(c)?.openness !== 'public')))
    throw forbidden(
      'SUBSCRIPTION_PROVIDER_ONLY',
      '行业协会商会等部门只能订阅向社会公开的名单的变动',
      'An association (and departments like it) may subscribe only to changes of lists open to the public',
    );
  const kind = input.kind as SubscriptionKind;
  const secret = randomBytes(32).toString('base64url');
  const keyId = `xs_${randomBytes(8).toString('hex')}.s1`;
  const id = await p.db.tx(async (tx) => {
    const newId = await store.insertSubscription(tx, {
      keyId,
      departmentId: department.id,
      kind,
      categories: kind === 'list-changes' ? [...new Set(input.categories)] : [],
      checkedDays: kind === 'checked-subjects' ? input.checkedDays! : null,
      url: input.url || null,
      secretSealed: p.crypto.encrypt(secret),
      fromRecordId: await latestRecordId(tx),
      createdAt: p.now(),
      createdBy: actor.id,
    });
    await writeAudit(tx, actor, 'subscription.add', `subscription:${newId}`, { department: department.uscc, kind, categories: input.categories ?? [], checkedDays: input.checkedDays ?? null, url: input.url || null });
    return newId;
  });
  return { ...viewOf((await store.findSubscription(p.db, id))!), secret };
}

async function ownSubscription(p: Platform, id: string, departmentIds: readonly number[] | null): Promise<store.SubscriptionRow> {
  const s = /^[0-9a-f-]{36}$/i.test(id) ? await store.findSubscription(p.db, id) : undefined;
  if (!s || (departmentIds && !departmentIds.includes(s.departmentId))) throw notFound('SUBSCRIPTION_NOT_FOUND', `订阅 ${id} 不存在`, `Subscription ${id} not found`);
  return s;
}

export async function getSubscription(p: Platform, id: string, departmentIds: readonly number[] | null): Promise<SubscriptionView> {
  return viewOf(await ownSubscription(p, id, departmentIds));
}

export async function listSubscriptions(p: Platform, departmentIds: readonly number[] | null): Promise<SubscriptionView[]> {
  return (await store.listSubscriptions(p.db, departmentIds)).map(viewOf);
}

export async function unsubscribe(p: Platform, actor: Actor, department: Department, id: string): Promise<SubscriptionView> {
  const s = await ownSubscription(p, id, [department.id]);
  await p.db.tx(async (tx) => {
    if (await store.endSubscription(tx, s.id, p.now())) await writeAudit(tx, actor, 'subscription.end', `subscription:${s.id}`, { department: department.uscc });
  });
  return viewOf((await store.findSubscription(p.db, s.id))!);
}

// ---- the sweep: new record versions → events → delivery jobs ----------------------------------

export type SweepResult = { scanned: number; events: number };

export async function sweepSubscriptions(p: Platform): Promise<SweepResult> {
  let scanned = 0;
  const newEvents: string[] = [];
  for (;;) {
    const batch = await p.db.tx(async (tx) => {
      const after = await store.lockCursor(tx);
      const versions = await recordVersionsAfter(tx, after, SWEEP_BATCH);
      if (versions.length === 0) return 0;
      const subs = (await store.activeSubscriptions(tx)).map((s) => ({ ...s, fromRecordId: s.fromRecordId }));
      const now = p.now();
      // a person's record versions public today: told in full; the others withheld (eventPayload)
      const publicPersons = await publicRecordIdsAmong(tx, versions.filter((v) => v.subjectKind === 'person').map((v) => v.id), p.today());
      const events: store.NewEvent[] = [];
      for (const s of subs) {
        let checked = new Set<number>();
        if (s.kind === 'checked-subjects')
          checked = await subjectsCheckedSince(
            tx,
            s.departmentId,
            checkedSince(now, s.checkedDays!),
            [...new Map(versions.filter((v) => v.id > s.fromRecordId).map((v) => [v.subjectId, { id: v.subjectId, uscc: v.subjectUscc }])).values()],
          );
        for (const v of versions)
          if (matches(s, v, checked.has(v.subjectId))) {
            const kind = eventKindOf(v);
            events.push({ subscriptionId: s.id, recordId: v.id, kind, payload: eventPayload(v, kind, v.subjectKind !== 'person' || publicPersons.has(v.id)), createdAt: now });
          }
      }
      newEvents.push(...(await store.insertEvents(tx, events)));
      await store.moveCursor(tx, versions[versions.length - 1]!.id);
      return versions.length;
    });
    scanned += batch;
    if (batch < SWEEP_BATCH) break;
  }
  // one delivery job per new event (it retries itself); and again for an event whose job was lost
  // (a crash between the commit and the enqueue) or ran out of retries, after STALLED_MINUTES
  const stalled = await store.stalledEvents(p.db, new Date(p.now().getTime() - STALLED_MINUTES * 60_000), 1000);
  for (const id of new Set([...newEvents, ...stalled])) await p.jobs.enqueue(DELIVER_TASK, { eventId: id }, { key: `deliver:${id}` });
  return { scanned, events: newEvents.length };
}

// ---- delivery --------------------------------------------------------------------------------

export type WebhookBody = { eventId: string; seq: number; subscriptionId: string; createdAt: string } & Record<string, unknown>;

const bodyOf = (e: store.EventRow): WebhookBody => ({ eventId: e.id, seq: e.seq, subscriptionId: e.subscriptionId, createdAt: e.createdAt.toISOString(), ...e.payload });

// Events as sent and served: a person's event stored with its details (before the sweep withheld
// them, or a record no longer public) is withheld unless its record is public today.
async function shownEvents(p: Platform, rows: store.EventRow[]): Promise<store.EventRow[]> {
  const personal = rows.filter((e) => (e.payload.subject as { kind?: string } | undefined)?.kind === 'person' && e.payload.record);
  if (personal.length === 0) return rows;
  const pub = await publicRecordIdsAmong(p.db, personal.map((e) => e.recordId), p.today());
  return rows.map((e) =>
    personal.includes(e) && !pub.has(e.recordId)
      ? { ...e, payload: withheldPayload(e.kind as EventKind, e.payload.subject as { id: string; kind: string }) }
      : e,
  );
}

// One attempt (the job runner retries a throw with back-off). Delivered already: nothing to do, so
// a retried or duplicated job never sends twice after a success; the receiver deduplicates by
// X-Xy-Event-Id for the rare case of a success the platform did not see.
// `jobAttempt`: the delivery job's attempt (1 = the first run): a failure on the last attempt the
// rule in force on the event's day allows (rules/subscriptions.json) ends with 'failed' instead
// of a throw, so the job runner stops retrying; the event waits in the feed (and for the stalled
// sweep).
export async function deliverEvent(p: Platform, eventId: string, fetchImpl: typeof fetch = fetch, jobAttempt = 1): Promise<'delivered' | 'already' | 'skipped' | 'failed'> {
  const found = await store.findEvent(p.db, eventId);
  if (!found || found.deliveredAt) return 'already';
  const [e] = (await shownEvents(p, [found])) as [store.EventRow];
  const s = (await store.findSubscription(p.db, e.subscriptionId))!;
  if (!s.active || !s.url) return 'skipped';
  const url = new URL(s.url);
  const body = JSON.stringify(bodyOf(e));
  const headers = signRequest({ keyId: s.keyId, secret: p.crypto.decrypt(s.secretSealed) }, { method: 'POST', path: url.pathname + url.search, body, at: p.now() });
  const attempt = e.attempts + 1;
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const r = await fetchImpl(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', [EVENT_HEADER]: e.id }, body, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS), redirect: 'manual' });
    statusCode = r.status;
    await r.body?.cancel().catch(() => undefined);
    if (r.status < 200 || r.status >= 300) error = `HTTP ${r.status}`;
  } catch (err) {
    error = (err as Error).message.slice(0, 300);
  }
  await p.db.tx((tx) => store.logDelivery(tx, { eventId: e.id, attempt, at: p.now(), ok: error === null, statusCode, error }));
  if (error !== null) {
    if (lastAttempt(jobAttempt, deliveryRetries(p.rules.subscriptions, todayIn(p.config.timeZone, e.createdAt)))) return 'failed';
    throw new Error(`webhook ${s.url} for event ${e.id}: ${error}`);
  }
  return 'delivered';
}

// ---- the feed, the delivery log, 反馈 ------------------------------------------------------------

export async function eventFeed(p: Platform, id: string, departmentIds: readonly number[] | null, after: number, limit: number) {
  const s = await ownSubscription(p, id, departmentIds);
  const items = (await shownEvents(p, await store.feed(p.db, s.id, after, limit))).map((e) => ({ ...bodyOf(e), delivered: e.deliveredAt !== null, attempts: e.attempts }));
  return { items, next: items.length ? items[items.length - 1]!.seq : after };
}

export async function deliveryLog(p: Platform, id: string, departmentIds: readonly number[] | null, limit: number) {
  const s = await ownSubscription(p, id, departmentIds);
  return (await store.deliveries(p.db, s.id, limit)).map((d) => ({ ...d, at: d.at.toISOString() }));
}

export async function replyToEvent(p: Platform, actor: Actor, department: Department, eventId: string, input: { action?: string; note?: string }) {
  const e = /^[0-9a-f-]{36}$/i.test(eventId) ? await store.findEvent(p.db, eventId) : undefined;
  if (!e) throw notFound('SUBSCRIPTION_EVENT_NOT_FOUND', `事件 ${eventId} 不存在`, `Event ${eventId} not found`);
  const s = (await store.findSubscription(p.db, e.subscriptionId))!;
  if (s.departmentId !== department.id) throw forbidden('SUBSCRIPTION_EVENT_NOT_YOURS', '只能对本部门订阅收到的事件反馈', 'Only the subscribing department may reply to its events');
  if (!FEEDBACK_ACTIONS.includes(input.action as FeedbackAction))
    throw badRequest('FEEDBACK_ACTION_INVALID', `反馈结果 ${input.action ?? '（空）'} 无效，应为 ${FEEDBACK_ACTIONS.join('、')}`, `Unknown feedback action ${input.action ?? '(empty)'}; expected ${FEEDBACK_ACTIONS.join(', ')}`);
  const note = (input.note ?? '').trim();
  if (!note) throw badRequest('FEEDBACK_NOTE_MISSING', '请填写反馈说明', 'Give a note with the feedback');
  if (note.length > 2000) throw new DomainError(400, 'FEEDBACK_NOTE_TOO_LONG', '反馈说明不能超过 2000 字', 'The note may not exceed 2000 characters');
  await p.db.tx(async (tx) => {
    await store.insertFeedback(tx, { eventId: e.id, departmentId: department.id, action: input.action as FeedbackAction, note, createdAt: p.now(), createdBy: actor.id });
    await writeAudit(tx, actor, 'subscription.feedback', `subscription-event:${e.id}`, { department: department.uscc, action: input.action, recordId: e.recordId });
  });
  return { eventId: e.id, feedback: (await store.feedbackOf(p.db, e.id)).map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })) };
}
