// Tips (举报) for the tip handlers of a department and the operators of a region. The reporter is
// sealed: no command here reads or prints who reported (the portal's audited read with a purpose
// is the only way); outputs carry only whether a reporter left contact details.
import type { Command } from './commands.ts';
import { args, helpText, invalidChoice, missingOptions, printJson, withPlatform } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { addTipNote, answerTip, escalateOverdue, listTipsFor, linkTipRecord, tipDetail, type StaffTip, type Viewer } from '../modules/tips/tips.service.ts';
import { TIP_OUTCOMES, TIP_STATUSES, TIP_STATUS_LABELS, type TipOutcome, type TipStatus } from '../modules/tips/tips.rules.ts';
import { findRegion } from '../kernel/codes/region.ts';

const HELP = `
xinyong tips list (--department USCC | --region CODE) [--status S] [--state open|closed] [--overdue] [--page N] [--json]
  Tips routed to the department (its tip handlers' view), or of a region's departments (operators).
xinyong tips show ID (--department USCC | --region CODE) [--json]
  One tip with its notes and evidence list. Never the reporter: only whether one left contact details.
xinyong tips handle ID --department USCC --note TEXT [--json]
  A handling note (the tip moves to in-progress).
xinyong tips handle ID --department USCC --outcome substantiated|unsubstantiated|not-competent --note TEXT --reply TEXT [--forwarded-to TEXT] [--json]
  The outcome: --note is internal, --reply is what the reporter sees with the receipt number.
xinyong tips link ID --department USCC --category C --ref REF [--json]
  Links a substantiated tip to the record the department then submitted through collection.
xinyong tips escalate [--json]
  What the job runner runs: escalates open tips past their due date.
S: ${TIP_STATUSES.join(', ')}.`;

export const tipsCommand: Command = {
  summary: '举报 Tips: list, show, handle, link, escalate (the reporter is never printed)',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(
      rest,
      {
        department: { type: 'string' },
        region: { type: 'string' },
        status: { type: 'string' },
        state: { type: 'string' },
        overdue: { type: 'boolean' },
        page: { type: 'string' },
        note: { type: 'string' },
        outcome: { type: 'string' },
        reply: { type: 'string' },
        'forwarded-to': { type: 'string' },
        category: { type: 'string' },
        ref: { type: 'string' },
      },
      true,
    );
    if (values.help || !sub || !['list', 'show', 'handle', 'link', 'escalate'].includes(sub)) return helpText(io, HELP);
    const id = positionals[0] === undefined ? NaN : Number(positionals[0]);
    if (['show', 'handle', 'link'].includes(sub) && !(Number.isSafeInteger(id) && id > 0)) return helpText(io, HELP);
    if ((sub === 'list' || sub === 'show') && !values.department === !values.region)
      return helpText(io, HELP, { zh: '须给出 --department（承办部门）或 --region（运营人员的区划）之一', en: 'give one of --department (the handling department) or --region (an operator’s region)' });
    if ((sub === 'handle' || sub === 'link') && !values.department) return helpText(io, HELP);
    if (sub === 'handle' && values.outcome !== undefined && !TIP_OUTCOMES.includes(values.outcome as TipOutcome)) return helpText(io, HELP, invalidChoice('outcome', values.outcome, TIP_OUTCOMES));
    if (sub === 'handle' && (values.note === undefined || (values.outcome !== undefined && values.reply === undefined))) return helpText(io, HELP, missingOptions(values, values.outcome !== undefined ? ['note', 'reply'] : ['note']));
    if (sub === 'link' && (!values.category || !values.ref)) return helpText(io, HELP);
    if (values.status && !TIP_STATUSES.includes(values.status as TipStatus)) return helpText(io, HELP);
    if (values.state && values.state !== 'open' && values.state !== 'closed') return helpText(io, HELP);
    if (values.region && !findRegion(values.region)) return helpText(io, HELP);
    return withPlatform(io, `tips ${sub}`, async (p) => {
      if (sub === 'escalate') {
        const r = await escalateOverdue(p);
        if (values.json) printJson(io, r);
        else io.log(r.escalated.length ? `已督办 escalated: ${r.escalated.join(', ')}` : '没有逾期举报 Nothing overdue');
        return 0;
      }
      const viewer: Viewer = values.department ? { kind: 'handler', departmentId: (await getDepartmentByUscc(p.db, values.department)).id } : { kind: 'supervisor', regionCode: values.region! };
      const line = (t: StaffTip) =>
        `#${t.id} ${t.receiptNumber} ${TIP_STATUS_LABELS[t.status].zh}${t.overdue ? '（逾期）' : ''}  被举报 ${t.subjectName}${t.subjectCode ? ` ${t.subjectCode}` : ''}  承办 ${t.departmentName ?? '（未分派）'}  收到 ${t.receivedOn} 办理期限 ${t.dueDate}  ${t.hasReporter ? '实名（举报人信息已密封）' : '匿名'}`;
      if (sub === 'list') {
        const pageSize = 20;
        const page = Math.max(1, Number(values.page ?? 1) || 1);
        const r = await listTipsFor(p, viewer, {
          ...(values.status ? { status: values.status as TipStatus } : {}),
          ...(values.state ? { state: values.state as 'open' | 'closed' } : {}),
          ...(values.overdue ? { overdue: true } : {}),
          limit: pageSize,
          offset: (page - 1) * pageSize,
        });
        if (values.json) printJson(io, { items: r.items, total: r.total, page, pageSize });
        else if (r.items.length === 0) io.log('没有举报 No tips');
        else {
          for (const t of r.items) io.log(line(t));
          io.log(`共 ${r.total} 件 total`);
        }
        return 0;
      }
      let d;
      if (sub === 'show') d = await tipDetail(p, viewer, id);
      else if (sub === 'link') d = await linkTipRecord(p, io.actor, viewer, id, { category: values.category!, sourceRef: values.ref! });
      else if (values.outcome === undefined) d = await addTipNote(p, io.actor, viewer, id, values.note!);
      else
        d = await answerTip(p, io.actor, viewer, id, {
          outcome: values.outcome as TipOutcome,
          note: values.note!,
          reply: values.reply!,
          ...(values['forwarded-to'] ? { forwardedTo: values['forwarded-to'] } : {}),
        });
      if (values.json) printJson(io, d);
      else {
        io.log(line(d));
        io.log(`举报事项 matter: ${d.matter}`);
        for (const n of d.notes) io.log(`  ${n.at} ${n.kind} ${n.text}`);
        if (d.evidence.length) io.log(`  证据 evidence: ${d.evidence.length} 件`);
        if (d.publicReply) io.log(`  答复 reply: ${d.publicReply}`);
      }
      return 0;
    });
  },
};
