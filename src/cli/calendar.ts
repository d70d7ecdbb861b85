import type { Command } from './commands.ts';
import { args, helpText, printJson, resolvePath, withPlatform, type CliIo } from './shared.ts';
import { isValidDate } from '../kernel/dates.ts';
import { writeAudit } from '../kernel/audit.ts';
import { readFileSync } from 'node:fs';
import { loadHolidayNotice, recomputeDeadlines } from '../modules/calendar/calendar.service.ts';

const HELP = `
xinyong calendar add DATE N [--json]
  Prints the date N working days after DATE (start day not counted), per the official holiday and
  调休 calendar with operator overrides. Every deadline in the platform uses the same function.
xinyong calendar override DATE working|rest [--note TEXT] [--json]
  Records an operator correction: DATE is a working day, or a rest day. Open deadlines that pass
  over DATE (objections, repair reviews, credit-check feedback) are computed again.
xinyong calendar load-year YEAR FILE [--json]
  Loads the State Council holiday notice of YEAR from a JSON file:
    { "year": 2027, "source": "国办发明电〔…〕…号",
      "holidays": [ { "name": "春节", "rest": ["2027-02-05~2027-02-11"], "work": ["2027-02-14"] }, … ] }
  The year becomes official (no statutory-holiday fallback), and open deadlines (objections,
  repair reviews, credit-check feedback) are computed again and lose their provisional mark.`;

export const calendarCommand: Command = {
  summary: '工作日日历 Working-day calendar: add N working days, overrides',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = args(rest, { note: { type: 'string' } }, true);
    if (values.help || !sub) return helpText(io, HELP);
    if (sub === 'load-year') return loadYear(io, positionals, Boolean(values.json));
    const [date, second] = positionals;
    if (!date || !isValidDate(date)) {
      io.error(`日期应为 YYYY-MM-DD：${date ?? ''}\nDate must be YYYY-MM-DD: ${date ?? ''}`);
      return 2;
    }
    if (sub === 'add') {
      if (!second || !/^\d+$/.test(second)) {
        io.error('N 应为非负整数 N must be a non-negative integer');
        return 2;
      }
      return withPlatform(io, 'calendar add', async (p) => {
        const n = Number(second);
        const result = p.calendar.addWorkingDays(date, n);
        const provisional = p.calendar.isProvisional(date, n);
        if (values.json) printJson(io, { from: date, workingDays: n, date: result, provisional });
        else io.log(result + (provisional ? '  (临时：该年度放假安排尚未载入 provisional: the year’s holiday notice is not loaded)' : ''));
        return 0;
      });
    }
    if (sub === 'override') {
      if (second !== 'working' && second !== 'rest') return helpText(io, HELP);
      return withPlatform(io, 'calendar override', async (p) => {
        await p.db.tx(async (tx) => {
          await tx.query(
            `INSERT INTO calendar_override (date, working_day, note) VALUES ($1, $2, $3)
             ON CONFLICT (date) DO UPDATE SET working_day = EXCLUDED.working_day, note = EXCLUDED.note`,
            [date, second === 'working', values.note ?? null],
          );
          // deadlines that pass over the corrected day move with it
          const recomputed = await recomputeDeadlines(p, tx, date);
          await writeAudit(tx, io.actor, 'calendar.override', `date:${date}`, { workingDay: second === 'working', note: values.note, recomputed });
        });
        await p.reloadCalendar();
        if (values.json) printJson(io, { date, workingDay: second === 'working' });
        else io.log(`${date} 设为${second === 'working' ? '工作日' : '休息日'} set as a ${second === 'working' ? 'working' : 'rest'} day`);
        return 0;
      });
    }
    return helpText(io, HELP);
  },
};

async function loadYear(io: CliIo, positionals: string[], json: boolean): Promise<number> {
  const [year, file] = positionals;
  if (!year || !/^\d{4}$/.test(year) || !file) return helpText(io, HELP);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolvePath(io, file), 'utf8'));
  } catch (err) {
    io.error(`无法读取放假安排文件 Cannot read the notice file ${file}: ${(err as Error).message}`);
    return 2;
  }
  return withPlatform(io, 'calendar load-year', async (p) => {
    const r = await loadHolidayNotice(p, io.actor, raw, Number(year));
    if (json) printJson(io, r);
    else {
      io.log(`已载入 ${r.year} 年放假安排 Loaded the ${r.year} notice (${r.source}): 放假 ${r.restDays} 天 rest days, 调休上班 ${r.workDays} 天 make-up working days`);
      io.log(`重新计算期限 Deadlines recomputed: 异议 ${r.recomputed.objections}，修复 ${r.recomputed.repairs}，反馈 ${r.recomputed.feedback}；变化 changed ${r.recomputed.changed}`);
      for (const w of r.warnings) io.log(`  注意 ${w.zh} / ${w.en}`);
    }
    return 0;
  });
}
