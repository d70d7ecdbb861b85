// Rules the catalog's list definitions set (信用名单): how long an entry stays on its list when
// no end is given, and which departments may decide its entries. Pure: dates are parameters.
// Parsing and validating submissions: catalog.headers.ts, catalog.fields.ts, catalog.rows.ts.
import { addMonths, type DateStr } from '../../kernel/dates.ts';
import { forbidden } from '../../kernel/errors.ts';
import type { CategoryDef, ListDef } from './catalog.types.ts';

// Last day an entry is on its list: 有效期至 as submitted, else the list's default term counted
// from the entry date (民法典 art. 202: the corresponding day), else open-ended.
export function listTermEnd(list: Pick<ListDef, 'termMonths'>, decisionDate: DateStr, validUntil?: DateStr): DateStr | undefined {
  if (validUntil) return validUntil;
  return list.termMonths ? addMonths(decisionDate, list.termMonths) : undefined;
}

// The department deciding an entry, as far as the list's owner rule looks at it.
export type DecidingDepartment = { name: string; uscc: string; kinds: readonly string[] };

// Only the departments a list names as its owners may enter and exit its entries.
export function assertListOwner(def: CategoryDef, department: DecidingDepartment): void {
  const kinds = def.list?.ownerKinds ?? [];
  if (kinds.length === 0 || kinds.some((k) => department.kinds.includes(k))) return;
  throw forbidden(
    'LIST_OWNER_REQUIRED',
    `${def.name}名单只能由${def.list!.owner}（部门类别：${kinds.join('、')}）认定和移出，${department.name}不是该类部门`,
    `Entries of ${def.code} are decided by ${kinds.join('/')} departments only; ${department.uscc} is not one`,
  );
}
