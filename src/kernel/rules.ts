// Effective-dated rules: each rules/<name>.json holds entries with `effectiveFrom`; the entry in
// force on a date is the latest one that starts on or before it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Effective = { effectiveFrom: string };

export const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export function loadRuleFile<T extends Effective>(name: string, dir = RULES_DIR): T[] {
  const parsed = JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as { entries: T[] };
  const entries = [...parsed.entries].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  if (entries.length === 0) throw new Error(`rules/${name}.json has no entries`);
  return entries;
}

export function ruleInForce<T extends Effective>(entries: readonly T[], date: string): T {
  let found: T | undefined;
  for (const e of entries) if (e.effectiveFrom <= date) found = e;
  if (!found) throw new Error(`no rule in force on ${date} (earliest starts ${entries[0]?.effectiveFrom})`);
  return found;
}
