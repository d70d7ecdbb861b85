import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { badRequest } from '../kernel/errors.ts';
import { acknowledgeWarning, closeWarning, listWarnings, WARNING_KINDS, type WarningState } from '../modules/warnings/warnings.service.ts';
import { monitoringSweep } from '../modules/monitoring/monitoring.service.ts';

const HELP = `
xinyong warnings list [--state open|acknowledged|closed] [--kind K] [--json]
  Early warnings (预警): kind, what they concern, the reason with its figures, first seen, state.
xinyong warnings ack ID --note TEXT [--json]
  Acknowledges a warning with a note on what is being done.
xinyong warnings close ID [--note TEXT] [--json]
xinyong warnings sweep [--json]
  Runs the monitoring sweep now (the server runs it every hour): evaluates the month, quarter and
  year just ended if not yet stored, and raises the warnings it finds.`;

const STATES: WarningState[] = ['open', 'acknowledged', 'closed'];

export const warningsCommand: Command = {
  summary: '预警 Early warnings: list, ack, close, sweep',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(rest, { state: { type: 'string' }, kind: { type: 'string' }, note: { type: 'string' } }, true);
    if (values.help || !sub || !['list', 'ack', 'close', 'sweep'].includes(sub)) return helpText(io, HELP);
    return withPlatform(io, `warnings ${sub}`, async (p) => {
      if (sub === 'sweep') {
        const r = await monitoringSweep(p, io.actor);
        if (values.json) printJson(io, r);
        else io.log(`考核 evaluated: ${r.evaluated.join(', ') || '—'}；新预警 raised ${r.warnings.raised}，更新 refreshed ${r.warnings.refreshed}`);
        return 0;
      }
      if (sub === 'list') {
        if (values.state && !STATES.includes(values.state as WarningState))
          throw badRequest('WARNING_STATE_INVALID', `状态 ${values.state} 无效，可用：${STATES.join('、')}`, `State ${values.state} is not one of ${STATES.join(', ')}`);
        const r = await listWarnings(p.db, { states: values.state ? [values.state as WarningState] : undefined, kind: values.kind, regionCodes: null, limit: 1000, offset: 0 });
        if (values.json) printJson(io, r);
        else for (const w of r.items) io.log(`#${w.id} ${w.state.padEnd(12)} ${WARNING_KINDS[w.kind]?.zh ?? w.kind}  ${w.targetName}  ${w.firstSeen}  ${w.reason.zh}`);
        return 0;
      }
      const id = Number(positionals[0]);
      if (!Number.isInteger(id) || id <= 0) throw badRequest('WARNING_ID_INVALID', '请给出预警编号 ID', 'Give the warning ID');
      const w = sub === 'ack' ? await acknowledgeWarning(p.db, io.actor, id, values.note, p.now()) : await closeWarning(p.db, io.actor, id, values.note, p.now());
      if (values.json) printJson(io, { warning: w });
      else io.log(`预警 #${w.id} ${w.state}`);
      return 0;
    });
  },
};
