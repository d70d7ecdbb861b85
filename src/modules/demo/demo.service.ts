// Loads synthetic demo data through the real collection path: departments are registered, rows
// are written as CSV files and imported like any department's file.
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import type { Platform } from '../../platform.ts';
import { SYSTEM_ACTOR, type Actor } from '../../kernel/audit.ts';
import { addDepartment, findDepartmentByUscc, type Department } from '../access/departments.store.ts';
import { createClient } from '../access/clients.store.ts';
import { importFile } from '../collection/collection.service.ts';
import { loadDemoLists } from './demo.sanctions.ts';
import {
  createRng,
  demoDepartments,
  generateLicenseRows,
  generatePenaltyRows,
  generateSubjects,
  LICENSE_COLUMNS,
  PENALTY_COLUMNS,
  toCsvLine,
  type DemoDepartment,
} from './demo.generator.ts';

export type DemoOptions = { subjects: number; records: number; listEntries?: number; seed?: number; actor?: Actor };
export type DemoResult = { departments: number; subjects: number; rows: number; created: number; updated: number; unchanged: number; rejected: number };

export async function ensureDemoDepartments(p: Platform, actor: Actor): Promise<{ demo: DemoDepartment; department: Department }[]> {
  const out: { demo: DemoDepartment; department: Department }[] = [];
  for (const d of demoDepartments()) {
    const department =
      (await findDepartmentByUscc(p.db, d.uscc)) ?? (await addDepartment(p.db, actor, { uscc: d.uscc, name: d.name, regionCode: d.regionCode, kinds: d.kinds }));
    out.push({ demo: d, department });
  }
  return out;
}

export async function loadDemo(p: Platform, o: DemoOptions, log: (msg: string) => void = () => {}): Promise<DemoResult> {
  const actor = o.actor ?? SYSTEM_ACTOR;
  const rng = createRng(o.seed ?? 20261128);
  const deps = await ensureDemoDepartments(p, actor);
  const subjects = [...generateSubjects(rng, o.subjects)];
  const today = p.today();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xinyong-demo-'));
  const result: DemoResult = { departments: deps.length, subjects: subjects.length, rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  try {
    const penalties = Math.round(o.records * 0.6);
    const demos = deps.map((d) => d.demo);
    const byUscc = new Map(deps.map((d) => [d.demo.uscc, d.department]));
    // generated once over all departments, so each case goes to a department of the right kind
    // and city; then split into one file per submitting department (数据来源单位), as they would send
    const plan = [
      { category: 'penalty', total: penalties, columns: PENALTY_COLUMNS, gen: generatePenaltyRows, source: 'CF_SJLYDM' },
      { category: 'license', total: o.records - penalties, columns: LICENSE_COLUMNS, gen: generateLicenseRows, source: 'XK_LYDWDM' },
    ] as const;
    for (const step of plan) {
      if (step.total === 0) continue;
      const files = new Map<string, { file: string; out: ReturnType<typeof createWriteStream> }>();
      for (const row of step.gen(rng, { subjects, count: step.total, departments: demos, today })) {
        const uscc = row[step.source] ?? '';
        let f = files.get(uscc);
        if (!f) {
          const file = path.join(dir, `${step.category}-${uscc}.csv`);
          f = { file, out: createWriteStream(file) };
          f.out.write(toCsvLine(step.columns) + '\n');
          files.set(uscc, f);
        }
        if (!f.out.write(toCsvLine(step.columns.map((c) => row[c] ?? '')) + '\n')) await once(f.out, 'drain');
      }
      for (const [uscc, f] of files) {
        f.out.end();
        await once(f.out, 'finish');
        const department = byUscc.get(uscc);
        if (!department) continue;
        const s = await importFile(p, { file: f.file, filename: path.basename(f.file), category: step.category, department, actor });
        result.rows += s.rows;
        result.created += s.created;
        result.updated += s.updated;
        result.unchanged += s.unchanged;
        result.rejected += s.rejected;
        log(`demo: ${department.name} ${step.category} ${s.rows} rows`);
      }
    }
    // red and black list entries (联合奖惩): about one per 50 records unless told
    const lists = await loadDemoLists(p, { rng, deps, subjects, entries: o.listEntries ?? Math.max(20, Math.round(o.records / 50)), dir, actor, today }, log);
    result.rows += lists.rows;
    result.created += lists.created;
    result.rejected += lists.rejected;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

// First start of `npm start`: an empty platform gets a small demo set and one API client.
export async function loadDemoIfEmpty(p: Platform, log: (msg: string) => void): Promise<(DemoResult & { token: string }) | undefined> {
  const n = (await p.db.one<{ n: number }>('SELECT count(*) AS n FROM department'))!.n;
  if (n > 0) return undefined;
  log('empty database: loading demo data (首次启动，加载演示数据)');
  const result = await loadDemo(p, { subjects: 400, records: 2000 }, log);
  const first = (await ensureDemoDepartments(p, SYSTEM_ACTOR))[0]!;
  const { credential } = await createClient(p, SYSTEM_ACTOR, first.department, '演示接口凭证', ['collect', 'check', 'feedback']);
  console.log(`演示接口凭证 Demo API client for ${first.department.name} (signed requests, docs/api.md): XINYONG_CREDENTIAL='${credential}'`);
  return { ...result, token: credential.slice(0, 22) + '…' };
}
