// Red and black lists: taking an entry off its list (移出) and reading the lists for the public.
import type { Platform } from '../../platform.ts';
import { isValidDate, type DateStr } from '../../kernel/dates.ts';
import { ruleInForce } from '../../kernel/rules.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, conflict, notFound } from '../../kernel/errors.ts';
import type { CategoryDef } from '../catalog/catalog.types.ts';
import type { Department } from '../access/departments.store.ts';
import { assertListOwner } from '../catalog/catalog.rules.ts';
import { checkExit } from './sanctions.rules.ts';
import * as store from './lists.store.ts';
import { insertStatusVersion } from '../collection/records.store.ts';

export function getListDef(p: Platform, category: string): CategoryDef & { list: NonNullable<CategoryDef['list']> } {
  const def = p.catalog.find(category);
  if (!def?.list)
    throw notFound(
      'LIST_UNKNOWN',
      `没有名单 ${category}，可用：${p.catalog.all().filter((c) => c.list).map((c) => `${c.code}（${c.name}）`).join('、')}`,
      `No list ${category}; available: ${p.catalog.all().filter((c) => c.list).map((c) => c.code).join(', ')}`,
    );
  return def as CategoryDef & { list: NonNullable<CategoryDef['list']> };
}

export type ExitInput = { category: string; ref: string; reason: string; exitDate?: string };
export type ExitResult = { category: string; ref: string; recordId: string; version: number; status: 'exited'; exitDate: DateStr; reason: string };

// The owner department takes an entry off its list: a new version with status exited. Its
// measures stop at once; the exit is published as a notice.
export async function exitEntry(p: Platform, actor: Actor, department: Department, input: ExitInput): Promise<ExitResult> {
  const def = getListDef(p, input.category);
  assertListOwner(def, department);
  const today = p.today();
  const reason = input.reason.trim();
  if (!reason) throw badRequest('EXIT_REASON_REQUIRED', '移出须说明理由', 'An exit needs a reason');
  if (reason.length > 2000) throw badRequest('EXIT_REASON_TOO_LONG', '移出理由不能超过 2000 字', 'The exit reason may have at most 2,000 characters');
  const exitDate = input.exitDate ?? today;
  if (!isValidDate(exitDate)) throw badRequest('DATE_INVALID', `移出日期应为 YYYY-MM-DD：${exitDate}`, `The exit date must be YYYY-MM-DD: ${exitDate}`);
  const ref = input.ref.trim();
  return p.db.tx(async (tx) => {
    const entry = await store.findCurrentEntry(tx, def.code, department.id, ref);
    if (!entry)
      throw notFound('LIST_ENTRY_NOT_FOUND', `${department.name}没有文书号为“${ref}”的${def.name}名单记录`, `${department.uscc} has no ${def.code} entry with reference "${ref}"`);
    const check = checkExit(entry, exitDate, today);
    if (!check.ok) throw conflict(check.code, check.zh, check.en);
    const v = await insertStatusVersion(tx, entry.id, 'exited', exitDate, reason);
    await writeAudit(tx, actor, 'list.exit', `record:${v.id}`, { category: def.code, department: department.uscc, ref, exitDate, reason, previous: entry.id });
    return { category: def.code, ref, recordId: String(v.id), version: v.version, status: 'exited', exitDate, reason };
  });
}

export function exitNoticeMonths(p: Platform, today: DateStr): number {
  return ruleInForce(p.rules.sanctions, today).exitNoticeMonths;
}
