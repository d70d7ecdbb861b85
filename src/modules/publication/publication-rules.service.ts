// Publication periods as a province-wide setting: effective-dated entries province-level staff
// add through the API (or approve as a proposal from a city or county), merged with
// rules/publication.json. They apply by decision date to records ingested from then on; records on
// file keep the window they were given (decisions/0004).
import type { Platform } from '../../platform.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest } from '../../kernel/errors.ts';
import type { SettingKind } from '../access/province-settings.ts';
import { checkPublicationRule, type PublicationRule } from './publication.rules.ts';
import * as store from './publication-rules.store.ts';
import { reloadPublicationRules } from './publication-rules.store.ts';

type Ctx = Pick<Platform, 'db' | 'now' | 'today' | 'rules'>;

function parse(raw: unknown, today: string): PublicationRule {
  const r = checkPublicationRule(raw, today);
  if (!r.ok)
    throw badRequest('PUBLICATION_RULE_INVALID', `公示期限设置有误：${r.problems.map((x) => x.zh).join('；')}`, `The publication periods are invalid: ${r.problems.map((x) => x.en).join('; ')}`, r.problems);
  return r.rule;
}

export async function listPublicationRules(c: Ctx): Promise<{ entries: (PublicationRule & { origin: 'file' | 'set'; setBy?: string; setAt?: string })[] }> {
  const set = new Map((await store.setPublicationRules(c.db)).map((s) => [s.effectiveFrom, s]));
  return {
    entries: c.rules.publication.map((r) => {
      const s = set.get(r.effectiveFrom);
      return s ? { ...r, origin: 'set' as const, setBy: s.createdBy, setAt: new Date(s.createdAt).toISOString() } : { ...r, origin: 'file' as const };
    }),
  };
}

export async function setPublicationPeriods(c: Ctx, actor: Actor, raw: unknown, why?: string): Promise<{ rule: PublicationRule; replaced: boolean }> {
  const rule = parse(raw, c.today());
  const r = await c.db.tx(async (tx) => {
    const res = await store.upsertPublicationRule(tx, rule, actor.id, c.now());
    await writeAudit(tx, actor, 'publication.periods.set', `publication-rule:${rule.effectiveFrom}`, { rule, replaced: res.replaced, ...(why ? { why } : {}) });
    return res;
  });
  await reloadPublicationRules(c);
  return { rule, replaced: r.replaced };
}

export function publicationSettingKinds(p: Ctx): SettingKind[] {
  return [
    {
      kind: 'publication.periods',
      label: { zh: '行政处罚公示期限', en: 'The publication periods of penalties' },
      roles: ['operator', 'platform_admin'],
      example: {
        effectiveFrom: '2027-01-01',
        source: '依据的文件',
        penalty: { light: { publish: false }, general: { publish: true, minMonths: 3, maxMonths: 12 }, serious: { publish: true, minMonths: 12, maxMonths: 36 } },
        license: { publishWhileValid: true },
      },
      async validate(change) {
        return { target: `publication-rule:${parse(change, p.today()).effectiveFrom}` };
      },
      async apply(actor, change, proposal) {
        const r = await setPublicationPeriods(p, actor, change, `proposal #${proposal.id} by ${proposal.proposedBy}`);
        return { effectiveFrom: r.rule.effectiveFrom, replaced: r.replaced };
      },
    },
  ];
}
