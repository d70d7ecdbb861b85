// Demo red and black list entries, imported through the real collection path by a department of
// each list's owner kind, so credit checks, list pages and legal-representative links show
// something out of the box.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { Platform } from '../../platform.ts';
import type { Actor } from '../../kernel/audit.ts';
import type { Department } from '../access/departments.store.ts';
import { importFile } from '../collection/collection.service.ts';
import type { Rng } from './demo.rng.ts';
import type { DemoSubject } from './demo.subjects.ts';
import type { DemoDepartment } from './demo.departments.ts';
import { toCsvLine } from './demo.generator.ts';
import { generateListRows, LIST_COLUMNS, LIST_OWNER_KIND, type ListCategory } from './demo.lists.ts';

export type DemoListResult = { rows: number; created: number; rejected: number };

// Shares of the entries per list: mostly court debtors, as on 信用中国.
const SHARES: Record<ListCategory, number> = { 'dishonest-debtor': 0.5, 'serious-dishonesty': 0.2, 'a-taxpayer': 0.2, 'integrity-exemplar': 0.1 };

export async function loadDemoLists(
  p: Platform,
  o: {
    rng: Rng;
    deps: readonly { demo: DemoDepartment; department: Department }[];
    subjects: readonly DemoSubject[] | ((i: number) => DemoSubject);
    subjectCount?: number; // with a function: subjects 0 … subjectCount - 1
    entries: number;
    dir: string;
    actor: Actor;
    today: string;
  },
  log: (msg: string) => void = () => {},
): Promise<DemoListResult> {
  const result: DemoListResult = { rows: 0, created: 0, rejected: 0 };
  if ((typeof o.subjects === 'function' ? (o.subjectCount ?? 0) : o.subjects.length) === 0 || o.entries <= 0) return result;
  for (const [category, share] of Object.entries(SHARES) as [ListCategory, number][]) {
    // the province-level department of the owner kind (the courts: the high court)
    const owner = o.deps.find((d) => d.department.kinds.includes(LIST_OWNER_KIND[category]) && d.demo.level === 'province') ?? o.deps.find((d) => d.department.kinds.includes(LIST_OWNER_KIND[category]));
    if (!owner) continue;
    const count = Math.max(1, Math.round(o.entries * share));
    const file = path.join(o.dir, `${category}.csv`);
    const out: WriteStream = createWriteStream(file);
    const columns = LIST_COLUMNS[category];
    out.write(toCsvLine(columns) + '\n');
    for (const row of generateListRows(o.rng, category, { subjects: o.subjects, subjectCount: o.subjectCount, count, today: o.today }))
      if (!out.write(toCsvLine(columns.map((c) => row[c] ?? '')) + '\n')) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    const s = await importFile(p, { file, filename: path.basename(file), category, department: owner.department, actor: o.actor });
    result.rows += s.rows;
    result.created += s.created;
    result.rejected += s.rejected;
    log(`demo: ${owner.department.name} ${category} ${s.rows} rows (${s.rejected} rejected)`);
  }
  return result;
}
