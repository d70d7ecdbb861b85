// The links' lag (issue 11 "Status and monitoring"): for each link of this node, when it last
// exchanged, how long it has been silent against the threshold of rules/exchange.json, and how far
// delivery upward is behind (age of the oldest pending outbox entry). Read-only; the same
// contacts the silent-link sweep judges by (exchange.service.ts sweepSilentLinks).
import type { Platform } from '../../platform.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import * as store from './exchange.store.ts';
import { latest, linkSilent, type ExchangeRule } from './exchange.rules.ts';
import type { ExchangeLinks } from './links.schemas.ts';

const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

export async function exchangeLinks(p: Platform, rules: readonly ExchangeRule[]): Promise<ExchangeLinks> {
  const minutes = ruleInForce(rules, p.today()).silentLinkMinutes;
  const now = p.now();
  const since = (d: Date) => Math.max(0, now.getTime() - d.getTime());
  const links = await store.linkContacts(p.db);
  const up = links.upstream;
  let upstream: ExchangeLinks['upstream'] = null;
  if (up) {
    const [counts, feed] = await Promise.all([store.outboxCounts(p.db), store.feedState(p.db)]);
    const last = latest(up.setAt, up.lastSuccessAt, up.feedLastSuccessAt);
    upstream = {
      url: up.url,
      lastContactAt: last.toISOString(),
      silentMs: since(last),
      silent: linkSilent(last, now, minutes),
      backlogMs: counts.oldestPendingAt ? since(new Date(counts.oldestPendingAt)) : null,
      pending: counts.pending,
      feedLastSuccessAt: iso(feed?.lastSuccessAt),
      feedLastError: feed?.lastError ?? null,
    };
  }
  const children = links.children.map((c) => {
    const last = latest(c.createdAt, c.lastReceivedAt, c.feedLastAt);
    return { region: c.region, name: c.name, lastContactAt: last.toISOString(), silentMs: since(last), silent: linkSilent(last, now, minutes), lastReceivedAt: iso(c.lastReceivedAt), feedLastAt: iso(c.feedLastAt) };
  });
  return { now: now.toISOString(), silentLinkMinutes: minutes, upstream, children };
}
