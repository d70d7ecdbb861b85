import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from './commands.ts';
import { args, helpText, printJson, resolvePath, withPlatform } from './shared.ts';
import { getDepartmentByUscc } from '../modules/access/departments.store.ts';
import { addCommitment, breachCommitment, fulfilCommitment, listCommitments, sweepCommitments, type CommitmentView } from '../modules/commitments/commitments.service.ts';
import { STATUS_NAMES } from '../modules/commitments/commitments.rules.ts';

const HELP = `
xinyong commitments add --subject CODE --kind K --content TEXT --department USCC [--matter REF]
                        [--made YYYY-MM-DD] [--due YYYY-MM-DD] [--name NAME] [--check CHECK_ID] [--json]
  Records a subject's commitment (信用承诺) taken by the department. K: tolerance (容缺受理: materials
  due by --due, default the rule's working days), notification (告知承诺), voluntary (主动承诺).
  Repair commitments come with repair applications. --made keeps an earlier commitment's date.
  --name: the subject's name, only when it is not yet on file. --json: {"commitmentId","status"}.
xinyong commitments fulfil ID --note TEXT [--date YYYY-MM-DD] [--department USCC] [--json]
  Records the fulfilment (ID: the commitment id or number CN…).
xinyong commitments breach ID --reason TEXT [--date YYYY-MM-DD] [--evidence FILE]... [--department USCC] [--json]
  Declares it breached: files a commitment-breach record in the taking department's name.
  With --department, only the department that took it may.
xinyong commitments sweep [--json]
  What the job runner runs: breaches every tolerance commitment past its last day, prints their ids.
xinyong commitments list [--subject CODE] [--department USCC] [--status S] [--json]`;

const TYPES: Record<string, string> = { '.pdf': 'application/pdf', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.ofd': 'application/ofd' };

export const commitmentsCommand: Command = {
  summary: '信用承诺 Commitments: add, fulfil, breach, sweep, list',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(
      rest,
      {
        subject: { type: 'string' },
        kind: { type: 'string' },
        content: { type: 'string' },
        matter: { type: 'string' },
        made: { type: 'string' },
        due: { type: 'string' },
        department: { type: 'string' },
        name: { type: 'string' },
        check: { type: 'string' },
        note: { type: 'string' },
        reason: { type: 'string' },
        date: { type: 'string' },
        evidence: { type: 'string', multiple: true },
        status: { type: 'string' },
      },
      true,
    );
    if (values.help || !sub || !['add', 'fulfil', 'breach', 'sweep', 'list'].includes(sub)) return helpText(io, HELP);
    if (sub === 'add' && (!values.kind || values.content === undefined || !values.department || (!values.subject && !values.check))) return helpText(io, HELP);
    if ((sub === 'fulfil' || sub === 'breach') && !positionals[0]) return helpText(io, HELP);
    if (sub === 'fulfil' && values.note === undefined) return helpText(io, HELP);
    if (sub === 'breach' && values.reason === undefined) return helpText(io, HELP);
    return withPlatform(io, `commitments ${sub}`, async (p) => {
      const department = values.department ? await getDepartmentByUscc(p.db, values.department) : undefined;
      const show = (c: CommitmentView) =>
        io.log(`${c.number} ${c.kindName} ${STATUS_NAMES[c.status]}  ${c.subject.name}  承诺日期 made ${c.madeOn}${c.dueOn ? `  履行期限 due ${c.dueOn}` : ''}  ${c.department.name}${c.breach ? `  违诺 breached ${c.breach.on}: ${c.breach.reason}` : ''}`);
      if (sub === 'add') {
        const c = await addCommitment(p, io.actor, department!, {
          ...(values.subject ? { subject: values.subject } : {}),
          ...(values.name ? { subjectName: values.name } : {}),
          kind: values.kind!,
          content: values.content!,
          ...(values.matter ? { matterRef: values.matter } : {}),
          ...(values.made ? { madeOn: values.made } : {}),
          ...(values.due ? { dueOn: values.due } : {}),
          ...(values.check ? { checkId: values.check } : {}),
        });
        if (values.json) printJson(io, { commitmentId: c.commitmentId, status: c.status });
        else show(c);
        return 0;
      }
      if (sub === 'fulfil') {
        const c = await fulfilCommitment(p, io.actor, department, positionals[0]!, { note: values.note!, ...(values.date ? { fulfilledOn: values.date } : {}) });
        if (values.json) printJson(io, { commitmentId: c.commitmentId, status: c.status });
        else show(c);
        return 0;
      }
      if (sub === 'breach') {
        const evidence = (values.evidence ?? []).map((f) => {
          const file = resolvePath(io, f);
          return { filename: path.basename(file), contentType: TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', contentBase64: readFileSync(file).toString('base64') };
        });
        const c = await breachCommitment(p, io.actor, department, positionals[0]!, { reason: values.reason!, ...(values.date ? { breachedOn: values.date } : {}), evidence });
        if (values.json) printJson(io, { commitmentId: c.commitmentId, status: c.status, recordId: c.breach?.recordId ?? null });
        else show(c);
        return 0;
      }
      if (sub === 'sweep') {
        const r = await sweepCommitments(p);
        if (values.json) printJson(io, r);
        else io.log(`违诺 Breached: ${r.breached.length ? r.breached.join(' ') : '无 none'}；登记信用修复承诺 repair commitments taken over: ${r.takenOver}`);
        return 0;
      }
      const status = values.status as CommitmentView['status'] | undefined;
      const r = await listCommitments(p, { departmentIds: department ? [department.id] : null, ...(values.subject ? { subject: values.subject } : {}), ...(status ? { status } : {}), limit: 1000, offset: 0 });
      if (values.json) printJson(io, r);
      else if (r.items.length === 0) io.log('无承诺 No commitments');
      else r.items.forEach(show);
      return 0;
    });
  },
};
