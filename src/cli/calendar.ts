import type { Command } from './commands.ts';
import { args, helpText, printJson, withPlatform } from './shared.ts';
import { isValidDate } from '../kernel/dates.ts';
import { writeAudit, cliActor } from '../kernel/audit.ts';

const HELP = `
xinyong calendar add DATE N [--json]
  Prints the date N working days after DATE (start day not counted), per the official holiday and
  调休 calendar with operator overrides. Every deadline in the platform uses the same function.
xinyong calendar override DATE working|rest [--note TEXT] [--json]
  Records an operator correction: DATE is a working day, or a rest day.`;

export const calendarCommand: Command = {
  summary: '工作日日历 Working-day calendar: add N working days, overrides',
  async run(argv) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(rest, { note: { type: 'string' } }, true);
    if (values.help || !sub) return helpText(HELP);
    const [date, second] = positionals;
    if (!date || !isValidDate(date)) {
      console.error(`日期应为 YYYY-MM-DD：${date ?? ''}\nDate must be YYYY-MM-DD: ${date ?? ''}`);
      return 2;
    }
    if (sub === 'add') {
      if (!second || !/^\d+$/.test(second)) {
        console.error('N 应为非负整数 N must be a non-negative integer');
        return 2;
      }
      return withPlatform('calendar add', async (p) => {
        const n = Number(second);
        const result = p.calendar.addWorkingDays(date, n);
        const provisional = p.calendar.isProvisional(date, n);
        if (values.json) printJson({ from: date, workingDays: n, date: result, provisional });
        else console.log(result + (provisional ? '  (临时：该年度放假安排尚未载入 provisional: the year’s holiday notice is not loaded)' : ''));
        return 0;
      });
    }
    if (sub === 'override') {
      if (second !== 'working' && second !== 'rest') return helpText(HELP);
      return withPlatform('calendar override', async (p) => {
        await p.db.tx(async (tx) => {
          await tx.query(
            `INSERT INTO calendar_override (date, working_day, note) VALUES ($1, $2, $3)
             ON CONFLICT (date) DO UPDATE SET working_day = EXCLUDED.working_day, note = EXCLUDED.note`,
            [date, second === 'working', values.note ?? null],
          );
          await writeAudit(tx, cliActor(), 'calendar.override', `date:${date}`, { workingDay: second === 'working', note: values.note });
        });
        if (values.json) printJson({ date, workingDay: second === 'working' });
        else console.log(`${date} 设为${second === 'working' ? '工作日' : '休息日'} set as a ${second === 'working' ? 'working' : 'rest'} day`);
        return 0;
      });
    }
    return helpText(HELP);
  },
};
