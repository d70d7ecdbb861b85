import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { provinceSettingKinds } from '../setting-kinds.ts';
import { approveProposal, listProposals, rejectProposal } from '../modules/proposals/proposals.service.ts';
import type { ProposalRow } from '../modules/proposals/proposals.store.ts';
import type { ProposalStatus } from '../modules/proposals/proposals.rules.ts';

const HELP = `
xinyong proposals list [--status pending|approved|rejected] [--json]
  Proposed changes to province-wide settings (measures, the working-day calendar, publication
  periods, privileged department kinds) made by city and county staff, pending first.
xinyong proposals approve ID --note TEXT [--json]
  Applies the proposed change through the module that owns the setting (the same checks and
  audit as the API), as the console's operator, and records the approval with the note.
xinyong proposals reject ID --note TEXT [--json]
  Rejects the proposal with the note; nothing changes.
The console counts as province level, like its other settings commands.`;

const STATUSES = new Set(['pending', 'applying', 'approved', 'rejected']);

const present = (r: ProposalRow) => ({
  id: r.id,
  kind: r.kind,
  target: r.target,
  change: r.change,
  reason: r.reason,
  proposedBy: r.proposedBy,
  proposerName: r.proposerName,
  regionCode: r.regionCode,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
  decidedBy: r.decidedBy,
  decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
  decisionNote: r.decisionNote,
  result: r.result,
});

const STATUS_ZH: Record<string, string> = { pending: '待审批', applying: '正在执行', approved: '已批准', rejected: '已驳回' };

export const proposalsCommand: Command = {
  summary: '全省设置修改建议 Proposals: list, approve, reject',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(rest, { note: { type: 'string' }, status: { type: 'string' } }, true);
    if (values.help || !sub) return helpText(io, HELP);
    const json = Boolean(values.json);
    if (sub === 'list') {
      if (values.status !== undefined && !STATUSES.has(values.status)) {
        io.error(`状态应为 pending、approved 或 rejected：${values.status}\nThe status must be pending, approved or rejected: ${values.status}`);
        return 2;
      }
      return withPlatform(io, 'proposals list', async (p) => {
        const r = await listProposals(p, provinceSettingKinds(p), 'console', { status: values.status as ProposalStatus | undefined, page: 1, pageSize: 100 });
        if (json) printJson(io, { items: r.items.map(present), total: r.total });
        else if (r.items.length === 0) io.log('没有建议 No proposals');
        else
          for (const x of r.items)
            io.log(`#${x.id}  ${STATUS_ZH[x.status]} ${x.status}  ${x.kind}  ${x.target}  ${x.proposerName}（${x.regionCode}）  ${x.createdAt.toISOString().slice(0, 10)}\n      理由 reason: ${x.reason}${x.decisionNote ? `\n      意见 note: ${x.decisionNote}` : ''}`);
        return 0;
      });
    }
    if (sub === 'approve' || sub === 'reject') {
      const id = Number(positionals[0]);
      if (!Number.isInteger(id) || id < 1) {
        io.error(`请给出建议编号 Give the proposal id: ${positionals[0] ?? ''}`);
        return 2;
      }
      if (!values.note) {
        io.error('请用 --note 写明审批意见 Give the decision note with --note');
        return 2;
      }
      const note = values.note;
      return withPlatform(io, `proposals ${sub}`, async (p) => {
        const kinds = provinceSettingKinds(p);
        const decide = sub === 'approve' ? approveProposal : rejectProposal;
        const r = await decide(p, kinds, { kind: 'console' }, io.actor, id, note);
        if (json) printJson(io, present(r));
        else io.log(`建议 #${r.id} ${STATUS_ZH[r.status]} proposal ${r.status}${r.result ? `: ${JSON.stringify(r.result)}` : ''}`);
        return 0;
      });
    }
    return helpText(io, HELP);
  },
};

