// Publication periods set by province staff (table publication_rule_version, migration 0022).
import type { Db } from '../../kernel/db.ts';
import { loadRuleFile } from '../../kernel/rules.ts';
import { mergePublicationRules, type PublicationRule } from './publication.rules.ts';

export type SetPublicationRule = { effectiveFrom: string; rule: PublicationRule; createdBy: string; createdAt: Date };

export async function setPublicationRules(db: Db): Promise<SetPublicationRule[]> {
  return db.query<SetPublicationRule>(
    `SELECT effective_from::text AS "effectiveFrom", rule, created_by AS "createdBy", created_at AS "createdAt" FROM publication_rule_version ORDER BY effective_from`,
  );
}

// A later change of the same day replaces it (the audit keeps both).
export async function upsertPublicationRule(db: Db, rule: PublicationRule, createdBy: string, at: Date): Promise<{ replaced: boolean }> {
  const prev = await db.one<{ id: number }>('SELECT id FROM publication_rule_version WHERE effective_from = $1', [rule.effectiveFrom]);
  await db.query(
    `INSERT INTO publication_rule_version (effective_from, rule, created_by, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (effective_from) DO UPDATE SET rule = EXCLUDED.rule, created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at`,
    [rule.effectiveFrom, JSON.stringify(rule), createdBy, at],
  );
  return { replaced: Boolean(prev) };
}

// The rules in force: the file's entries and those set in the database. Called when the platform
// opens, after each change, and by ingestion before each chunk (so a change made through another
// server applies to this one's imports too); the array is updated in place, so holders of p.rules
// see it.
let fileRules: PublicationRule[] | undefined; // rules/publication.json, read once
export async function reloadPublicationRules(c: { db: Db; rules: { publication: PublicationRule[] } }, file: readonly PublicationRule[] = (fileRules ??= loadRuleFile<PublicationRule>('publication'))): Promise<void> {
  const merged = mergePublicationRules(file, (await setPublicationRules(c.db)).map((s) => s.rule));
  c.rules.publication.splice(0, c.rules.publication.length, ...merged);
}

