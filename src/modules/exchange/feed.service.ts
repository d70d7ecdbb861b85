// The downward feed's items (decisions/0030, docs/exchange.md "Downward feed"): at the parent, a
// page after the cursor from the sequenced items, each kind read through its owning module; at the
// child, each non-record item applied through its owning module, once. Record versions are filed
// by exchange.service.ts (fileEntries) as before.
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import type { Actor } from '../../kernel/audit.ts';
import { applyUpstreamMeasure, measureRevisionsByRef } from '../sanctions/measures-feed.service.ts';
import { applyUpstreamDirectoryEntry, directoryRevisionsByIds } from '../monitoring/directory-feed.service.ts';
import { applyUpstreamCalendarDay, applyUpstreamOfficialYear, calendarDaysByDate, officialYearsByYear } from '../calendar/calendar-feed.service.ts';
import { feedCategories, regionWithin } from './exchange.rules.ts';
import type { FeedItem } from './exchange.schemas.ts';
import * as feedStore from './feed.store.ts';
import type { OutboxRow } from './exchange.store.ts';

// Items looked at per request: a page stops at `limit` items answered or this many looked at
// (versions of categories the feed does not carry are passed over; `next` moves past them).
export const FEED_SCAN_MAX = 5000;

export type FeedPage = { records: (OutboxRow & { seq: string })[]; items: FeedItem[]; next: string; more: boolean };

// At the parent, for one child: numbers what committed since the last request, then reads after
// the cursor. A department's directory entry goes only to the child whose region holds the
// department (kind entries go to every child); list versions to every child except the one that
// sent them; revocations of other records to the child that sent the record up.
export async function feedPage(p: Platform, node: { id: number; regionCode: string }, o: { after: string; limit: number }): Promise<FeedPage> {
  await feedStore.sequenceFeed(p.db);
  const rows = await feedStore.feedRows(p.db, { after: o.after, scan: FEED_SCAN_MAX, lists: feedCategories(p.catalog.all()), nodeId: node.id });
  const picked: feedStore.FeedRow[] = [];
  let next = o.after;
  let full = false;
  for (const r of rows) {
    if (picked.length >= o.limit) {
      full = true;
      break;
    }
    next = r.seq;
    if (r.wanted) picked.push(r);
  }
  const of = (kind: feedStore.FeedItemKind) => picked.filter((r) => r.kind === kind).map((r) => r.ref!);
  const measures = await measureRevisionsByRef(p, of('measure'));
  const directory = await directoryRevisionsByIds(p, of('directory').map(Number));
  const days = await calendarDaysByDate(p, of('calendar-day'));
  const years = await officialYearsByYear(p, of('calendar-year').map(Number));
  const records: FeedPage['records'] = [];
  const items: FeedItem[] = [];
  for (const r of picked) {
    if (r.kind === 'record') {
      records.push({ outboxId: 0, recordId: Number(r.recordId), createdAt: r.createdAt!, originRegion: r.originRegion, originCreatedAt: r.originCreatedAt, seq: r.seq });
    } else if (r.kind === 'measure') {
      const m = measures.get(r.ref!);
      if (m) items.push({ seq: r.seq, kind: 'measure', key: `measure:${r.ref}`, measure: m });
    } else if (r.kind === 'directory') {
      const d = directory.get(Number(r.ref));
      if (d && (!d.departmentUscc || (d.departmentRegion !== null && regionWithin(node.regionCode, d.departmentRegion))))
        items.push({ seq: r.seq, kind: 'directory', key: `directory:${r.ref}`, directory: d });
    } else if (r.kind === 'calendar-day') {
      items.push({ seq: r.seq, kind: 'calendar-day', key: `calendar-day:${r.seq}`, day: { date: r.ref!, state: days.get(r.ref!) ?? null } });
    } else {
      const y = years.get(Number(r.ref));
      if (y) items.push({ seq: r.seq, kind: 'calendar-year', key: `calendar-year:${r.seq}`, year: { year: Number(r.ref), source: y.source } });
    }
  }
  return { records, items, next, more: full || rows.length === FEED_SCAN_MAX };
}

// At a parent, in the transaction that registers a child: the first child makes this node write
// feed items from now on (migration 0034), and gets what is already on file (undefined when the
// node already had a child: its items are there).
export async function startFeedForChild(p: Platform, tx: Db): Promise<number | undefined> {
  return feedStore.backfillForFirstChild(tx, feedCategories(p.catalog.all()));
}

export type ItemCounts = Record<feedStore.AppliedOutcome | 'duplicate', number>;
export const noItems = (): ItemCounts => ({ accepted: 0, unchanged: 0, ignored: 0, rejected: 0, duplicate: 0 });

export type ItemEffects = { measures: boolean; calendar: boolean };

// At the child, inside the page's transaction: each item once (a key already applied is a
// duplicate), through the module that owns it. Answers what changed so that the caller refreshes
// the measure cache and the calendar after the commit.
export async function applyFeedItems(p: Platform, tx: Db, actor: Actor, parent: string, items: readonly FeedItem[], counts: ItemCounts, effects: ItemEffects): Promise<void> {
  const known = await feedStore.appliedKeys(tx, items.map((i) => i.key));
  const applied: { key: string; kind: string; seq: string; outcome: feedStore.AppliedOutcome; errors?: unknown }[] = [];
  for (const item of items) {
    if (known.has(item.key)) {
      counts.duplicate += 1;
      continue;
    }
    known.add(item.key);
    let r: { outcome: feedStore.AppliedOutcome; errors?: unknown };
    if (item.kind === 'measure' && item.measure) {
      r = await applyUpstreamMeasure(p, tx, actor, { ...item.measure, definition: item.measure.definition as never, parent });
      if (r.outcome === 'accepted') effects.measures = true;
    } else if (item.kind === 'directory' && item.directory) {
      r = await applyUpstreamDirectoryEntry(p, tx, actor, { ...item.directory, parent });
    } else if (item.kind === 'calendar-day' && item.day) {
      r = await applyUpstreamCalendarDay(p, tx, actor, { date: item.day.date, state: item.day.state, parent });
      if (r.outcome === 'accepted') effects.calendar = true;
    } else if (item.kind === 'calendar-year' && item.year) {
      r = await applyUpstreamOfficialYear(p, tx, actor, { ...item.year, parent });
      if (r.outcome === 'accepted') effects.calendar = true;
    } else {
      r = { outcome: 'rejected', errors: [{ field: 'kind', code: 'FEED_ITEM_INVALID', zh: `下行条目 ${item.key} 不完整或类型未知`, en: `Feed item ${item.key} is incomplete or of an unknown kind` }] };
    }
    counts[r.outcome] += 1;
    applied.push({ key: item.key, kind: item.kind, seq: item.seq, outcome: r.outcome, errors: r.errors });
  }
  await feedStore.insertApplied(tx, applied, p.now());
}
