// The province-wide settings that city and county staff may propose changes to: one line per
// owning module, like the background tasks in src/jobs.ts. The proposals module receives this list
// and knows none of the kinds; a new setting is a SettingKind made by its own module and
// added here.
import type { Platform } from './platform.ts';
import type { SettingKind } from './modules/access/province-settings.ts';
import { measureSettingKinds } from './modules/sanctions/measures.settings.ts';
import { calendarSettingKinds } from './modules/calendar/calendar.settings.ts';
import { publicationSettingKinds } from './modules/publication/publication-rules.service.ts';
import { departmentSettingKinds } from './modules/access/departments.settings.ts';
import { directorySettingKinds } from './modules/monitoring/directory.settings.ts';

export function provinceSettingKinds(p: Platform): SettingKind[] {
  return [
    ...measureSettingKinds(p.measures),
    ...calendarSettingKinds(p),
    ...publicationSettingKinds(p),
    ...departmentSettingKinds(p.db, p.today),
    ...directorySettingKinds(p),
  ];
}
