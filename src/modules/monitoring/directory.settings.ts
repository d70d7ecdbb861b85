// The resource directory as a province-wide setting that city and county staff may propose a
// change to (src/modules/proposals): a revision of one entry, checked as POST /monitoring/directory
// checks it, applied by setEntry as the approving province operator with the proposer named in
// the revision's note. A department's entry may be proposed only by staff of its region; an entry
// of a department kind holds for the whole province, so any city may propose it and the province
// decides.
import type { Platform } from '../../platform.ts';
import { badRequest, DomainError } from '../../kernel/errors.ts';
import type { SettingKind } from '../access/province-settings.ts';
import { regionContains } from '../access/access.rules.ts';
import { checkEntry, setEntry, type SetEntryInput } from './directory.service.ts';

const KEYS = ['department', 'departmentKind', 'category', 'frequency', 'from', 'zeroCounts', 'active', 'note'];

function changeOf(change: unknown): SetEntryInput {
  const c = change as Record<string, unknown> | null;
  const strings = ['department', 'departmentKind', 'category', 'frequency', 'from', 'note'];
  if (
    !c || typeof c !== 'object' || Array.isArray(c) ||
    Object.keys(c).some((k) => !KEYS.includes(k)) ||
    typeof c.category !== 'string' || typeof c.frequency !== 'string' ||
    strings.some((k) => c[k] !== undefined && typeof c[k] !== 'string') ||
    ['zeroCounts', 'active'].some((k) => c[k] !== undefined && typeof c[k] !== 'boolean')
  )
    throw badRequest(
      'DIRECTORY_PROPOSAL_INVALID',
      '建议应为 { department（统一社会信用代码）或 departmentKind, category, frequency, from?, zeroCounts?, active?, note? }',
      'The proposal is { department (USCC) or departmentKind, category, frequency, from?, zeroCounts?, active?, note? }',
    );
  return c as SetEntryInput;
}

export function directorySettingKinds(p: Platform): SettingKind[] {
  return [
    {
      kind: 'directory.set',
      label: { zh: '修改信用信息资源目录', en: 'A revision of the resource directory' },
      roles: ['operator', 'platform_admin'],
      example: { department: '11130600MB0000001', category: 'penalty', frequency: 'monthly', from: '2027-01-01', zeroCounts: true },
      async validate(change, from) {
        const input = changeOf(change);
        const checked = await checkEntry(p, input);
        if (checked.department && !regionContains(from.regionCode, checked.department.regionCode))
          throw new DomainError(403, 'REGION_OUT_OF_SCOPE', `只能为本地区（${from.regionCode}）的部门提出目录建议`, `You may propose directory entries of your own region's (${from.regionCode}) departments only`);
        return { target: `directory:${checked.key}` };
      },
      async apply(actor, change, proposal) {
        const input = changeOf(change);
        const note = [input.note?.trim(), `依建议 #${proposal.id}（${proposal.proposerName}）`].filter(Boolean).join('；');
        const e = await setEntry(p, actor, { ...input, note });
        return { key: e.key, category: e.category, frequency: e.frequency, from: e.from };
      },
    },
  ];
}
