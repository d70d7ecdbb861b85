// The resource directory: entries from directory/*.json and operators' revisions, what each
// department owes (its own entries win over its kinds'), and 零报送 declarations.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import type { Platform } from '../../platform.ts';
import type { Db } from '../../kernel/db.ts';
import { writeAudit, type Actor } from '../../kernel/audit.ts';
import { badRequest, conflict, DomainError } from '../../kernel/errors.ts';
import { canonicalJson } from '../../kernel/crypto.ts';
import { compareDates, isValidDate, parseDateInput } from '../../kernel/dates.ts';
import { departmentKindList, getDepartmentByUscc, listDepartments, type Department } from '../access/departments.store.ts';
import { deliveredAny } from '../collection/figures.store.ts';
import { FREQUENCIES, FREQUENCY_LABELS, parsePeriod, rulesFromEntries, type DirectoryRule, type Frequency } from './monitoring.rules.ts';
import * as store from './directory.store.ts';

export const DIRECTORY_DIR = fileURLToPath(new URL('../../../directory/', import.meta.url));

export type FileEntry = { department?: string; departmentKind?: string; category: string; frequency: Frequency; from: string; zeroCounts: boolean };

const ENTRY_KEYS = ['department', 'departmentKind', 'category', 'frequency', 'from', 'zeroCounts', 'note'];

// Reads and checks directory/*.json; a mistake names the file and entry and stops the start.
export function loadDirectoryFiles(categories: readonly string[], kinds: readonly string[], dir = DIRECTORY_DIR): (FileEntry & { file: string })[] {
  const out: (FileEntry & { file: string })[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { entries?: unknown };
    if (!Array.isArray(raw.entries)) throw new Error(`directory/${file}: needs an "entries" array`);
    raw.entries.forEach((e: Record<string, unknown>, i: number) => {
      const where = `directory/${file} [${i}]`;
      const unknown = Object.keys(e).filter((k) => !ENTRY_KEYS.includes(k));
      if (unknown.length) throw new Error(`${where}: unknown properties ${unknown.join(', ')}`);
      if ((e.department === undefined) === (e.departmentKind === undefined)) throw new Error(`${where}: give either department (a USCC) or departmentKind`);
      if (e.departmentKind !== undefined && !kinds.includes(String(e.departmentKind))) throw new Error(`${where}: unknown department kind ${String(e.departmentKind)}`);
      if (!categories.includes(String(e.category))) throw new Error(`${where}: unknown category ${String(e.category)}`);
      if (!(FREQUENCIES as readonly unknown[]).includes(e.frequency)) throw new Error(`${where}: frequency must be one of ${FREQUENCIES.join(', ')}`);
      if (typeof e.from !== 'string' || !isValidDate(e.from)) throw new Error(`${where}: from must be a date YYYY-MM-DD`);
      out.push({
        file,
        ...(e.department !== undefined ? { department: String(e.department) } : { departmentKind: String(e.departmentKind) }),
        category: String(e.category),
        frequency: e.frequency as Frequency,
        from: e.from,
        zeroCounts: e.zeroCounts !== false,
      });
    });
  }
  return out;
}

const keyOf = (who: { uscc?: string; kind?: string }, category: string, from: string) => `${who.uscc ? `department:${who.uscc}` : `kind:${who.kind}`}|${category}|${from}`;
const hashOf = (e: FileEntry) => createHash('sha256').update(canonicalJson({ f: e.frequency, z: e.zeroCounts })).digest('hex').slice(0, 16);

// Files into the table: an entry new to the table, or changed in its file while its current
// revision is still the file's, gets a revision; an operator's revision is never overwritten.
export async function syncDirectoryFiles(p: Pick<Platform, 'db' | 'catalog' | 'today' | 'now'>, dir = DIRECTORY_DIR): Promise<void> {
  const kinds = departmentKindList(p.today()).kinds.map((k) => k.code);
  const files = loadDirectoryFiles(p.catalog.all().map((c) => c.code), kinds, dir);
  const current = new Map((await store.currentEntries(p.db)).map((e) => [e.key, e]));
  const todo: store.NewRevision[] = [];
  for (const f of files) {
    let departmentId: number | null = null;
    if (f.department) {
      const dep = await getDepartmentByUscc(p.db, f.department).catch(() => undefined);
      if (!dep) continue; // a department not (yet) registered here owes nothing
      departmentId = dep.id;
    }
    const key = keyOf({ uscc: f.department, kind: f.departmentKind }, f.category, f.from);
    const hash = hashOf(f);
    const cur = current.get(key);
    if (cur && (cur.source === 'operator' || cur.fileHash === hash)) continue;
    todo.push({ key, departmentId, departmentKind: f.departmentKind ?? null, category: f.category, frequency: f.frequency, from: f.from, zeroCounts: f.zeroCounts, active: true, source: 'file', fileHash: hash, note: `directory/${f.file}`, at: p.now(), by: 'system' });
  }
  if (todo.length === 0) return;
  await p.db.tx(async (tx) => {
    for (const r of todo) {
      // another process synced first: nothing to do
      const again = (await store.entryHistory(tx, r.key))[0];
      if (again && (again.source === 'operator' || again.fileHash === r.fileHash)) continue;
      await store.insertRevision(tx, r);
    }
  });
}

export type SetEntryInput = { department?: string; departmentKind?: string; category: string; frequency: string; from?: string; zeroCounts?: boolean; active?: boolean; note?: string };

export function frequencyError(value: string): DomainError {
  return badRequest(
    'DIRECTORY_FREQUENCY_INVALID',
    `报送频率 ${value} 无效，可用：${FREQUENCIES.map((f) => `${f}（${FREQUENCY_LABELS[f]}）`).join('、')}`,
    `Frequency ${value} is not one of ${FREQUENCIES.join(', ')}`,
  );
}

// An operator's revision of a directory entry (province-level staff or the server console;
// callers check who may). Nothing changes when anything is wrong.
export async function setEntry(p: Platform, actor: Actor, input: SetEntryInput): Promise<store.DirectoryEntry> {
  await syncDirectoryFiles(p);
  const { key, departmentId, departmentKind, from } = await checkEntry(p, input);
  const rev: store.NewRevision = {
    key,
    departmentId,
    departmentKind,
    category: input.category,
    frequency: input.frequency as Frequency,
    from,
    zeroCounts: input.zeroCounts ?? true,
    active: input.active ?? true,
    source: 'operator',
    fileHash: null,
    note: input.note?.trim() || null,
    at: p.now(),
    by: actor.id,
  };
  const id = await p.db.tx(async (tx) => {
    const id = await store.insertRevision(tx, rev);
    if (id === undefined) throw conflict('DIRECTORY_CHANGED_CONCURRENTLY', '该目录项刚被他人修改，请刷新后重试', 'The entry was changed by someone else just now; reload and try again');
    await writeAudit(tx, actor, 'directory.set', `directory:${key}`, { category: rev.category, frequency: rev.frequency, from, zeroCounts: rev.zeroCounts, active: rev.active });
    return id;
  });
  return (await store.findEntryById(p.db, id))!;
}

// The checks of a revision, without writing it: the frequency, category, date and supplier
// (setEntry, and a city's proposal of a revision before a province operator approves it).
export async function checkEntry(
  p: Pick<Platform, 'db' | 'catalog' | 'today'>,
  input: SetEntryInput,
): Promise<{ key: string; departmentId: number | null; departmentKind: string | null; from: string; department?: Department }> {
  if (!(FREQUENCIES as readonly string[]).includes(input.frequency)) throw frequencyError(input.frequency);
  p.catalog.get(input.category); // CATEGORY_UNKNOWN
  const from = input.from === undefined ? p.today() : parseDateInput(input.from);
  if (!from) throw badRequest('DATE_INVALID', `起始日期 ${input.from} 无效，应为 YYYY-MM-DD`, `From date ${input.from} is not a date (YYYY-MM-DD)`);
  if ((input.department === undefined) === (input.departmentKind === undefined))
    throw badRequest('DIRECTORY_SUPPLIER_REQUIRED', '请指定部门（统一社会信用代码）或部门类别之一', 'Give either a department (USCC) or a department kind');
  let dep: Department | undefined;
  if (input.department !== undefined) dep = await getDepartmentByUscc(p.db, input.department);
  else {
    const kinds = departmentKindList(p.today()).kinds.map((k) => k.code);
    if (!kinds.includes(input.departmentKind!))
      throw badRequest('DEPARTMENT_KIND_UNKNOWN', `未知部门类别 ${input.departmentKind}，可用：${kinds.join('、')}`, `Unknown department kind ${input.departmentKind}; available: ${kinds.join(', ')}`);
  }
  const key = keyOf({ uscc: dep?.uscc, kind: input.departmentKind }, input.category, from);
  return { key, departmentId: dep?.id ?? null, departmentKind: dep ? null : input.departmentKind!, from, ...(dep ? { department: dep } : {}) };
}

// Current entries; for staff of a city, the kind entries and the entries of departments in
// their region (`departmentIds`: null = all).
export async function listDirectory(p: Platform, departmentIds: readonly number[] | null): Promise<store.DirectoryEntry[]> {
  await syncDirectoryFiles(p);
  const all = await store.currentEntries(p.db);
  return departmentIds === null ? all : all.filter((e) => e.departmentId === null || departmentIds.includes(e.departmentId));
}

export async function directoryHistory(p: Platform, key: string): Promise<store.DirectoryEntry[]> {
  return store.entryHistory(p.db, key);
}

export async function directoryRules(p: Platform, departments?: readonly Department[]): Promise<DirectoryRule[]> {
  await syncDirectoryFiles(p);
  return rulesFromEntries(await store.currentEntries(p.db), departments ?? (await listDepartments(p.db)));
}

export type DeclareInput = { category: string; period: string };

// 零报送: the department had nothing of the category to report in the period. Refused for a
// malformed or future period, a category the directory does not ask of it, or a period in which
// it delivered records; declaring the same again answers the first declaration.
export async function declareNone(p: Platform, actor: Actor, dep: Department, input: DeclareInput): Promise<{ declaration: store.ZeroDeclaration; created: boolean; counts: boolean }> {
  p.catalog.get(input.category);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(input.period.trim()) && isValidDate(input.period.trim()) ? input.period.trim() : undefined;
  const period = day ? { code: day, start: day, end: day } : parsePeriod(input.period);
  if (!period)
    throw badRequest('PERIOD_INVALID', `期间 ${input.period} 格式无效，应为 2026-11（月）、2026-Q4（季度）、2026（年）或 2026-11-05（日）`, `Period ${input.period} is malformed; use 2026-11 (month), 2026-Q4 (quarter), 2026 (year) or 2026-11-05 (day)`);
  const today = p.today();
  if (compareDates(period.start, today) > 0)
    throw badRequest('PERIOD_IN_FUTURE', `期间 ${period.code} 尚未开始，不能申报零报送`, `Period ${period.code} has not started; nothing can be declared for it yet`);
  const rules = (await directoryRules(p, [dep])).filter((r) => r.category === input.category);
  const owed = rules.some((r) => compareDates(r.from, period.end) <= 0 && (r.until === undefined || compareDates(r.until, period.start) > 0));
  if (!owed)
    throw badRequest(
      'DIRECTORY_ENTRY_MISSING',
      `资源目录未要求${dep.name}在 ${period.code} 报送 ${input.category}，无需零报送`,
      `The directory does not ask ${dep.uscc} for ${input.category} in ${period.code}; there is nothing to declare`,
    );
  const existing = await store.findDeclaration(p.db, dep.id, input.category, period.code);
  const counts = rules.some((r) => r.zeroCounts);
  if (existing) return { declaration: existing, created: false, counts };
  if (await deliveredAny(p.db, dep.id, input.category, { from: period.start, to: period.end, timeZone: p.config.timeZone }))
    throw conflict('ZERO_DECLARATION_HAS_RECORDS', `${period.code} 已收到${dep.name}报送的 ${input.category} 记录，不能申报零报送`, `Records of ${input.category} from ${dep.uscc} were received in ${period.code}: a nil return cannot be declared`);
  const declaration = await p.db.tx(async (tx) => {
    const d = await store.insertDeclaration(tx, { departmentId: dep.id, category: input.category, period: period.code, start: period.start, end: period.end, declaredAt: p.now(), declaredBy: actor.id });
    await writeAudit(tx, actor, 'directory.declare-none', `department:${dep.uscc}`, { category: input.category, period: period.code });
    return d;
  });
  return { declaration, created: true, counts };
}

export async function declarationsOfDepartment(db: Db, departmentId: number): Promise<store.ZeroDeclaration[]> {
  return store.declarationsOf(db, departmentId, 100);
}
