// npm run bench -- report [--records N] [--runs N] [--edition public|full] [--db pglite|postgres] [--json]
// Credit-report generation for a subject with 200 records (default): everything issueReport does
// — read the records, build the content, render and hash the PDF (CJK font subset), store it,
// sign, insert, audit — timed per report after a warm-up. Target: p95 at most 300 ms.
// With --json: {"p50Ms","p95Ms","maxMs","runs","records","pages","pdfBytes","database"}.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openPlatform, type Platform } from '../src/platform.ts';
import { SYSTEM_ACTOR } from '../src/kernel/audit.ts';
import { usccCheckChar } from '../src/kernel/codes/uscc.ts';
import { orgCodeCheckChar } from '../src/kernel/codes/org-code.ts';
import { addDepartment } from '../src/modules/access/departments.store.ts';
import { submitJsonBatch } from '../src/modules/collection/collection.service.ts';
import { findSubjectByCode } from '../src/modules/subjects/subjects.store.ts';
import { issueReport } from '../src/modules/reports/reports.service.ts';
import type { ReportEdition } from '../src/modules/reports/reports.rules.ts';

const PG_ADMIN = process.env.XINYONG_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const uscc = (first17: string) => first17 + usccCheckChar(first17);
const body = 'MA0BENCH';
const SUBJECT = uscc(`91130100${body}${orgCodeCheckChar(body)}`);
const NAME = '石家庄信用报告基准测试有限公司';
const VIOLATIONS = ['销售不符合食品安全标准的食品', '未按规定公示年度报告', '虚假宣传', '无证经营', '违反计量法规定使用不合格计量器具', '生产销售不合格产品'];

function penalty(i: number): Record<string, string> {
  const month = String((i % 12) + 1).padStart(2, '0');
  const year = 2024 + Math.floor(i / 120);
  return {
    CF_XDR_MC: NAME,
    CF_XDR_LB: '法人及非法人组织',
    CF_XDR_SHXYM: SUBJECT,
    CF_FRDB: '刘建国',
    CF_WSH: `石市监罚〔${year}〕${1000 + i}号`,
    CF_WFXW: VIOLATIONS[i % VIOLATIONS.length]!,
    CF_SY: `当事人于${year}年${month}月${VIOLATIONS[i % VIOLATIONS.length]}，经调查属实，违法所得人民币${(i % 9) + 1}千元。`,
    CF_YJ: '《中华人民共和国食品安全法》第一百二十四条第一款',
    CF_CFLB: '罚款',
    CF_NR: `罚款人民币${(i % 9) + 1}万元`,
    CF_NR_FK: String((i % 9) + 1),
    CF_JDRQ: `${year}-${month}-${String((i % 27) + 1).padStart(2, '0')}`,
    CF_YXQ: `${year + 1}-${month}-01`,
    CF_CFJG: '石家庄市市场监督管理局',
    CF_CFJGDM: uscc('11130100MB0000001'),
    CF_SJLY: '石家庄市市场监督管理局',
    CF_SJLYDM: uscc('11130100MB0000001'),
    SEVERITY: i % 5 === 0 ? '严重' : '一般',
  };
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export const reportBench = {
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({ args: argv, options: { records: { type: 'string' }, runs: { type: 'string' }, edition: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } } });
    const log = values.json ? () => {} : (m: string) => console.error(m);
    const records = Number(values.records ?? 200);
    const runs = Number(values.runs ?? 40);
    const edition = (values.edition ?? 'full') as ReportEdition;
    const backend = values.db === 'postgres' ? 'postgres' : 'pglite';
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xy-bench-report-'));
    const env: Record<string, string | undefined> = { ...process.env, XINYONG_DATA_DIR: dir, LOG_LEVEL: 'silent', XINYONG_MASTER_KEY: Buffer.alloc(32, 11).toString('base64'), DATABASE_URL: undefined };
    let dbName: string | undefined;
    const admin = backend === 'postgres' ? new pg.Client({ connectionString: PG_ADMIN }) : undefined;
    let p: Platform | undefined;
    try {
      if (admin) {
        await admin.connect();
        dbName = `xy_bench_report_${Date.now().toString(36)}`;
        await admin.query(`CREATE DATABASE ${dbName}`);
        const u = new URL(PG_ADMIN);
        u.pathname = `/${dbName}`;
        env.DATABASE_URL = u.toString();
      }
      p = await openPlatform(loadConfig(env), { command: 'bench report' });
      const dep = await addDepartment(p.db, SYSTEM_ACTOR, { uscc: uscc('11130100MB0000001'), name: '石家庄市市场监督管理局', regionCode: '130100', kinds: ['market-regulation'] });
      const loaded = await submitJsonBatch(p, SYSTEM_ACTOR, dep, 'penalty', Array.from({ length: records }, (_, i) => penalty(i)));
      if (loaded.counts.created !== records) throw new Error(`loaded ${loaded.counts.created} of ${records} records: ${JSON.stringify(loaded.results.find((r) => r.errors))}`);
      const subject = (await findSubjectByCode(p.db, SUBJECT, p.crypto))!;
      const issue = () => issueReport(p!, SYSTEM_ACTOR, { subject, edition, purpose: 'bench' });
      log(`${records} records, ${edition} edition, ${backend}: warming up`);
      let last = await issue();
      for (let i = 0; i < 5; i++) last = await issue();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        last = await issue();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const pages = (last.pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
      const out = {
        p50Ms: Math.round(pct(times, 0.5)),
        p95Ms: Math.round(pct(times, 0.95)),
        maxMs: Math.round(times.at(-1)!),
        runs,
        records: last.content.data.records.length,
        pages,
        pdfBytes: last.size,
        edition,
        database: backend,
        targetP95Ms: 300,
      };
      if (values.json) console.log(JSON.stringify(out));
      else console.log(`report (${out.records} records, ${pages} pages, ${Math.round(out.pdfBytes / 1024)} KB): p50 ${out.p50Ms} ms, p95 ${out.p95Ms} ms, max ${out.maxMs} ms over ${runs} runs (target p95 ≤ 300 ms)`);
      return 0;
    } finally {
      await p?.close();
      if (admin) {
        if (dbName) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
        await admin.end();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
