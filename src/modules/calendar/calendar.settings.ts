// The working-day calendar as a province-wide setting that city and county staff may propose a
// change to (src/modules/proposals): a year's holiday notice, loaded as POST /calendar/years loads it.
import type { Platform } from '../../platform.ts';
import { badRequest } from '../../kernel/errors.ts';
import type { SettingKind } from '../access/province-settings.ts';
import { parseHolidayNotice } from './calendar.rules.ts';
import { loadHolidayNotice } from './calendar.service.ts';

export function calendarSettingKinds(p: Platform): SettingKind[] {
  return [
    {
      kind: 'calendar.load-year',
      label: { zh: '载入年度放假安排（工作日历）', en: 'A year’s holiday notice (the working-day calendar)' },
      roles: ['operator', 'platform_admin'],
      example: { year: 2027, source: '国办发明电〔2026〕…号', holidays: [{ name: '元旦', rest: ['2027-01-01~2027-01-03'], work: [] }] },
      async validate(change) {
        const parsed = parseHolidayNotice(change);
        if (!parsed.ok)
          throw badRequest('NOTICE_INVALID', `放假安排有误：${parsed.problems.map((x) => x.zh).join('；')}`, `The holiday notice is invalid: ${parsed.problems.map((x) => x.en).join('; ')}`, parsed.problems);
        return { target: `calendar-year:${parsed.notice.year}` };
      },
      async apply(actor, change) {
        const r = await loadHolidayNotice(p, actor, change);
        return { year: r.year, source: r.source, restDays: r.restDays, workDays: r.workDays, recomputed: r.recomputed };
      },
    },
  ];
}
