// The measure list as a province-wide setting that city and county staff may propose changes to
// (src/modules/proposals): the same checks and the same revisions as POST/PATCH /measures.
import type { SettingKind } from '../access/province-settings.ts';
import { badRequest } from '../../kernel/errors.ts';
import type { MeasureRegistry } from './measures.store.ts';

const OPERATORS = ['operator', 'platform_admin'] as const;

const changeOf = (change: unknown): { id: string; patch: Record<string, unknown> } => {
  const c = change as { id?: unknown; patch?: unknown } | null;
  if (!c || typeof c !== 'object' || typeof c.id !== 'string' || !c.patch || typeof c.patch !== 'object' || Array.isArray(c.patch) || Object.keys(c.patch).length === 0)
    throw badRequest('MEASURE_INVALID', '措施修改建议应为 { "id": 措施编号, "patch": { 要修改的属性 } }', 'A measure change is { "id": measure id, "patch": { properties to change } }');
  const { note: _note, ...patch } = c.patch as Record<string, unknown>;
  return { id: c.id, patch };
};

export function measureSettingKinds(measures: MeasureRegistry): SettingKind[] {
  return [
    {
      kind: 'measure.change',
      label: { zh: '修改联合奖惩措施', en: 'A change to a measure' },
      roles: OPERATORS,
      example: { id: 'dd-exit-restriction', patch: { active: false } },
      async validate(change) {
        const { id, patch } = changeOf(change);
        await measures.checkChange(id, patch);
        return { target: `measure:${id}` };
      },
      async apply(actor, change, proposal) {
        const { id, patch } = changeOf(change);
        const note = `建议 #${proposal.id}（${proposal.proposerName}，${proposal.proposedBy}）：${proposal.reason}；审批意见：${proposal.note}`.slice(0, 500);
        const m = await measures.change(actor, id, patch, note);
        return { measureId: m.id, revision: m.revision, active: m.active };
      },
    },
    {
      kind: 'measure.create',
      label: { zh: '新增联合奖惩措施', en: 'A new measure' },
      roles: OPERATORS,
      example: { id: 'city-example', kind: 'punishment', type: 'administrative', name: '措施名称', content: '措施内容', basis: '法律依据', implementers: ['market-regulation'], scenarios: ['bidding'], triggers: [{ list: 'serious-dishonesty' }] },
      async validate(change) {
        const def = await measures.checkCreate(change);
        return { target: `measure:${def.id}` };
      },
      async apply(actor, change) {
        const m = await measures.create(actor, change);
        return { measureId: m.id, revision: m.revision, active: m.active };
      },
    },
  ];
}
