import type { Command } from './commands.ts';
import { args, helpText, invalidChoice, missingOptions, printJson, withPlatform } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { decide, getExemplar, listExemplars, viewOf, nominate, objections, publicityList, review, sweepExemplars, type ExemplarView } from '../modules/exemplars/exemplars.service.ts';
import type { ExemplarStatus } from '../modules/exemplars/exemplars.rules.ts';

const HELP = `
xinyong exemplars nominate --department USCC --subject CODE --title TEXT --domain TEXT --deeds TEXT [--year YYYY] [--json]
  A department nominates a subject on file as 诚信典型 (this year or last).
xinyong exemplars review ID --decision pass|reject [--note TEXT] [--json]
  The operator's review: pass checks the subject's file (no bad record in the green-channel years)
  and opens the 公示 today for rules/exemplars.json's days (7 by default); reject needs a note.
xinyong exemplars decide ID --decision approve|reject [--note TEXT] [--json]
  After the 公示's last day: approve files the integrity-exemplar list entry; a note is required
  when objections were filed.
xinyong exemplars list [--department USCC] [--status nominated|publicity|approved|rejected|withdrawn] [--json]
xinyong exemplars show ID [--json]
  One nomination with the objections filed during its 公示 (content only: nothing about who).
xinyong exemplars publicity [--json]
  What 信用河北 shows in 公示 today.
xinyong exemplars sweep [--json]
  What the job runner runs hourly: withdraws exemplars that got a bad record during the 公示 or term.
ID: the nomination id or its number (DX…).`;

const STATUS_NAMES: Record<ExemplarStatus, string> = { nominated: '待审核', publicity: '公示中', approved: '已认定', rejected: '未通过', withdrawn: '已撤销' };
const STATUSES = Object.keys(STATUS_NAMES);

export const exemplarsCommand: Command = {
  summary: '诚信典型 Exemplars: nominate, review, decide, list, show, publicity, sweep',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(
      rest,
      {
        department: { type: 'string' },
        subject: { type: 'string' },
        title: { type: 'string' },
        domain: { type: 'string' },
        deeds: { type: 'string' },
        year: { type: 'string' },
        decision: { type: 'string' },
        note: { type: 'string' },
        status: { type: 'string' },
      },
      true,
    );
    if (values.help || !sub || !['nominate', 'review', 'decide', 'list', 'show', 'publicity', 'sweep'].includes(sub)) return helpText(io, HELP);
    if (sub === 'nominate' && (!values.department || !values.subject)) return helpText(io, HELP, missingOptions(values, ['department', 'subject']));
    if ((sub === 'review' || sub === 'decide') && (!positionals[0] || !values.decision)) return helpText(io, HELP);
    if (sub === 'show' && !positionals[0]) return helpText(io, HELP);
    if (values.status && !STATUSES.includes(values.status)) return helpText(io, HELP, invalidChoice('status', values.status, STATUSES));
    return withPlatform(io, `exemplars ${sub}`, async (p) => {
      const show = (e: ExemplarView) =>
        io.log(
          `${e.number} ${STATUS_NAMES[e.status]}  ${e.subject.name}${e.subject.uscc ? ` ${e.subject.uscc}` : ''}  ${e.year} 年度 ${e.domain}「${e.title}」  推荐单位 ${e.department}` +
            (e.publicityFrom ? `  公示 ${e.publicityFrom}—${e.publicityUntil}` : '') +
            (e.objections ? `  异议 ${e.objections} 件` : '') +
            (e.withdrawnOn ? `  ${e.withdrawnOn} 撤销：${e.withdrawReason}` : ''),
        );
      if (sub === 'nominate') {
        const department = await getDepartmentByUscc(p.db, values.department!);
        const year = values.year === undefined ? undefined : Number(values.year);
        const e = await nominate(p, io.actor, department, { subject: values.subject!, title: values.title ?? '', domain: values.domain ?? '', deeds: values.deeds ?? '', ...(year === undefined ? {} : { year }) });
        if (values.json) printJson(io, e);
        else show(e);
        return 0;
      }
      if (sub === 'review' || sub === 'decide') {
        const input = { decision: values.decision!, ...(values.note !== undefined ? { note: values.note } : {}) };
        const e = sub === 'review' ? await review(p, io.actor, positionals[0]!, input) : await decide(p, io.actor, positionals[0]!, input);
        if (values.json) printJson(io, e);
        else show(e);
        return 0;
      }
      if (sub === 'list') {
        const department = values.department ? await getDepartmentByUscc(p.db, values.department) : undefined;
        const items = await listExemplars(p, department ? [department.id] : null, values.status as ExemplarStatus | undefined);
        if (values.json) printJson(io, { items });
        else if (items.length === 0) io.log('没有诚信典型推荐 No nominations');
        else items.forEach(show);
        return 0;
      }
      if (sub === 'show') {
        const e = viewOf(await getExemplar(p, positionals[0]!));
        const objs = await objections(p, e.exemplarId);
        if (values.json) printJson(io, { ...e, objectionList: objs });
        else {
          show(e);
          io.log(`事迹 deeds: ${e.deeds}`);
          for (const o of objs) io.log(`  异议 objection ${o.filedAt}: ${o.content}`);
        }
        return 0;
      }
      if (sub === 'publicity') {
        const items = await publicityList(p);
        if (values.json) printJson(io, { items });
        else if (items.length === 0) io.log('今日没有公示中的诚信典型 Nothing in 公示 today');
        else for (const e of items) io.log(`${e.number} ${e.subjectName}  ${e.domain}「${e.title}」  公示 ${e.publicityFrom}—${e.publicityUntil}  ${e.department}`);
        return 0;
      }
      const r = await sweepExemplars(p);
      if (values.json) printJson(io, r);
      else io.log(r.withdrawn.length ? `已撤销 withdrawn: ${r.withdrawn.join(', ')}` : '没有需要撤销的诚信典型 Nothing withdrawn');
      return 0;
    });
  },
};
