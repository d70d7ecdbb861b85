// npm run bench -- classify [--subjects N] [--records M] [--persons P] [--lists L] [--changes K] [--reads R] [--engine sql|js] [--lanes L] [--lane-workers W] [--jit off|plain|full] [--json] [--keep] [--reuse DB]
// Credit classification on PostgreSQL over the benches' data set (bench/dataset.ts: subjects and
// records bulk-loaded from the demo generator, list entries through the import pipeline; a reused
// database starts from no grades, as a fresh one does):
//  - a full regrade of every subject (the classification.run job's code, in this process) beside
//    one SQL aggregate pass over the same records that counts what the model's indicators count,
//    in the same run: subjectsPerSec and ratio = regrade subjects/s ÷ aggregate subjects/s (the
//    records' keyword tags computed before, timed apart: tagSeconds, ratioWithTagging); then a
//    second full run over the same files (rerunSubjectsPerSec, rerunRatio: little changes);
//  - the read of a credit check (classificationForCheck) of --reads subjects the runs graded, twice:
//    the first read builds and stores the explanation a full run left out (decision 0043), the
//    second reads it stored (checkReadFirstP50Ms/P95, checkReadStoredP50Ms/P95);
//  - incremental regrade after one record: K single-record batches each committed, then the drain
//    job woken as the API does after a file-changing request (kickRegrade) and worked by the job
//    runner; from the commit to the new grade row: incrementalP95Ms. The same without the wake-up
//    (the periodic drain, XINYONG_CLASSIFY_DRAIN_SECONDS=1) as incrementalPeriodicP95Ms.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openPlatform, type Platform } from '../src/platform.ts';
import { SYSTEM_ACTOR } from '../src/kernel/audit.ts';
import { addMonths } from '../src/kernel/dates.ts';
import { defineTasks } from '../src/jobs.ts';
import { modelInForce } from '../src/modules/classification/classification.rules.ts';
import { ensureDemoDepartments } from '../src/modules/demo/demo.service.ts';
import { submitJsonBatch } from '../src/modules/collection/collection.service.ts';
import { classificationForCheck, executeRun, kickRegrade, startRun, tagRecordKeywords, type RunJit } from '../src/modules/classification/classification.service.ts';
import { subjectsByIds } from '../src/modules/subjects/subjects.store.ts';
import { usccCheckChar } from '../src/kernel/codes/uscc.ts';
import { openBenchDatabase } from './dataset.ts';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(0.95 * s.length))]! : 0;
};

export const classifyBench = {
  async run(argv: string[]): Promise<number> {
    const { values } = parseArgs({
      args: argv,
      options: {
        subjects: { type: 'string' },
        records: { type: 'string' },
        persons: { type: 'string' },
        lists: { type: 'string' },
        changes: { type: 'string' },
        reads: { type: 'string' },
        json: { type: 'boolean' },
        keep: { type: 'boolean' },
        reuse: { type: 'string' },
        engine: { type: 'string' },
        lanes: { type: 'string' },
        'lane-workers': { type: 'string' },
        jit: { type: 'string' },
      },
    });
    const log = values.json ? () => {} : (m: string) => console.error(m);
    const n = { subjects: Number(values.subjects ?? 1_000_000), persons: Number(values.persons ?? 0), records: Number(values.records ?? 5_000_000), lists: Number(values.lists ?? 50_000) };
    const changes = Number(values.changes ?? 40);
    const reads = Number(values.reads ?? 200);
    const db = await openBenchDatabase({
      bench: 'classify',
      n,
      reuse: values.reuse,
      keep: values.keep,
      log,
      env: { XINYONG_JOB_POLL_SECONDS: '0.5', XINYONG_CLASSIFY_DRAIN_SECONDS: '1' },
    });
    const { name, env, loaded } = db;
    let p: Platform | undefined;
    try {
      const maint = new pg.Client({ connectionString: db.url });
      await maint.connect();
      maint.on('error', () => {}); // dropped with the database at the end
      // the list entries' import marked their subjects; the full run grades everyone anyway
      await maint.query('TRUNCATE classification_dirty');
      // a reused database was graded by an earlier run: start from no grades, as a fresh one does,
      // so that every run writes the same (every grade, its history row and its run result)
      if (db.reused) await maint.query('TRUNCATE classification_grade, classification_history, classification_run_result');
      log('vacuum, analyze…');
      await maint.query('VACUUM (ANALYZE) subject, record');
      p = await openPlatform(loadConfig(env), { command: 'bench classify' });
      // sql: the compiled model (decisions/0036); js: the reference rules page by page (the before figure)
      const engine = values.engine === 'js' ? 'js' : 'sql';
      p.modules.classification.engine = engine;
      // a full run's lanes (decision 0056; default RUN_LANES) and parallel workers per lane (default: the server's)
      if (values.lanes !== undefined) p.modules.classification.runLanes = Number(values.lanes);
      if (values['lane-workers'] !== undefined) p.modules.classification.laneWorkers = Number(values['lane-workers']);
      // JIT for a partition's statements (RUN_JIT): off | plain | full
      if (values.jit !== undefined) {
        if (!['off', 'plain', 'full'].includes(values.jit)) throw new Error(`--jit: off, plain or full, not ${values.jit}`);
        p.modules.classification.runJit = values.jit as RunJit;
      }
      const today = p.today();
      const subjects = (await maint.query<{ n: string }>('SELECT count(*) AS n FROM subject')).rows[0]!.n;
      const records = (await maint.query<{ n: string }>('SELECT count(*) AS n FROM record WHERE superseded_at IS NULL')).rows[0]!.n;

      // baseline: one aggregate pass counting per subject what the indicators count
      const black = p.catalog.all().filter((c) => c.list?.kind === 'black').map((c) => c.code);
      const red = p.catalog.all().filter((c) => c.list?.kind === 'red').map((c) => c.code);
      const baselineSql = `SELECT count(*) AS n, count(*) FILTER (WHERE bl > 0 OR s12 > 0) AS d FROM (
          SELECT s.id,
            count(r.id) FILTER (WHERE r.category = ANY($1::text[]) AND r.status = 'active' AND r.decision_date <= $3::date AND (r.valid_until IS NULL OR r.valid_until >= $3::date)) AS bl,
            count(r.id) FILTER (WHERE r.category = ANY($2::text[]) AND r.status = 'active' AND r.decision_date <= $3::date AND (r.valid_until IS NULL OR r.valid_until >= $3::date)) AS rl,
            count(r.id) FILTER (WHERE r.severity = 'serious' AND r.status NOT IN ('revoked', 'repaired') AND r.decision_date BETWEEN $4::date AND $3::date) AS s12,
            count(r.id) FILTER (WHERE r.severity = 'general' AND r.status NOT IN ('revoked', 'repaired') AND r.decision_date BETWEEN $4::date AND $3::date) AS g12,
            count(r.id) FILTER (WHERE r.severity IN ('general', 'serious') AND r.status NOT IN ('revoked', 'repaired') AND r.decision_date BETWEEN $5::date AND $3::date) AS p36,
            count(r.id) FILTER (WHERE r.status = 'repaired' AND r.decision_date BETWEEN $5::date AND $3::date) AS rep,
            min(r.decision_date) AS first
          FROM subject s LEFT JOIN record r ON r.subject_id = s.id AND r.superseded_at IS NULL
          GROUP BY s.id) x`;
      const args = [black, red, today, addMonths(today, -12), addMonths(today, -36)];
      log('baseline: one SQL aggregate pass (warm-up, then measured)…');
      await maint.query(baselineSql, args);
      let t = performance.now();
      const base = (await maint.query<{ n: string; d: string }>(baselineSql, args)).rows[0]!;
      const baselineSeconds = (performance.now() - t) / 1000;
      const baselineSubjectsPerSec = Math.round(Number(base.n) / baselineSeconds);
      log(`  ${base.n} subjects in ${baselineSeconds.toFixed(1)} s: ${baselineSubjectsPerSec}/s`);

      // the records' keyword domains stored under the model's words (decision 0042): once per model
      // (lazily, here before the run so that its time is reported apart; executeRun does it too)
      let tagSeconds = 0;
      let tagged = 0;
      if (engine === 'sql') {
        log('keyword tags (records not yet tagged under the model in force)…');
        t = performance.now();
        tagged = await tagRecordKeywords(p, modelInForce(p.modules.classification.entries, today));
        tagSeconds = (performance.now() - t) / 1000;
        log(`  ${tagged} record versions tagged in ${tagSeconds.toFixed(1)} s`);
        if (tagged > 0) await maint.query('VACUUM (ANALYZE) record');
      }

      log('full regrade (classification.run)…');
      const run = await startRun(p, SYSTEM_ACTOR);
      t = performance.now();
      let last = 0;
      const done = await executeRun(p, run.runId, (k, total) => {
        if (k - last >= 100_000) {
          last = k;
          log(`  ${k} / ${total}`);
        }
      });
      const runSeconds = (performance.now() - t) / 1000;
      const subjectsPerSec = Math.round(done.done / runSeconds);
      log(`  ${done.done} subjects in ${runSeconds.toFixed(1)} s: ${subjectsPerSec}/s; ${JSON.stringify(done.distribution)}`);

      // a second full run over the same files: a normal regrade, where little changes
      log('second full regrade (nothing changed since)…');
      const rerun = await startRun(p, SYSTEM_ACTOR);
      t = performance.now();
      const redone = await executeRun(p, rerun.runId);
      const rerunSeconds = (performance.now() - t) / 1000;
      const rerunSubjectsPerSec = Math.round(redone.done / rerunSeconds);
      log(`  ${redone.done} subjects in ${rerunSeconds.toFixed(1)} s: ${rerunSubjectsPerSec}/s`);

      // the read of a credit check, twice per subject (one at a time, as a department's checks arrive)
      log(`credit check's grade read: ${reads} subjects, first read, then again…`);
      const readIds = (await maint.query<{ id: string }>(`SELECT id FROM subject ORDER BY md5(id::text || 'read') LIMIT $1`, [reads])).rows.map((r) => Number(r.id));
      const readSubjects = [...(await subjectsByIds(p.db, readIds)).values()];
      const timeReads = async () => {
        const ms: number[] = [];
        for (const s of readSubjects) {
          const t0 = performance.now();
          await classificationForCheck(p!, s);
          ms.push(performance.now() - t0);
        }
        return ms;
      };
      const firstReads = await timeReads();
      const storedReads = await timeReads();
      const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
      log(`  first p50 ${round(p50(firstReads))} ms p95 ${round(p95(firstReads))} ms; stored p50 ${round(p50(storedReads))} ms p95 ${round(p95(storedReads))} ms`);

      // incremental: one record committed, then the grade through the job runner
      defineTasks(p);
      const market = (await ensureDemoDepartments(p, SYSTEM_ACTOR)).find((d) => d.department.kinds.includes('market-regulation'))!.department;
      const sample = (await maint.query<{ id: string; name: string; uscc: string }>(
        `SELECT id, name, uscc FROM subject WHERE kind = 'organization' AND uscc IS NOT NULL ORDER BY md5(id::text) LIMIT $1`,
        [changes * 2],
      )).rows;
      const stamp = Date.now().toString(36); // a reused database has the refs of earlier runs
      const oneChange = async (s: { id: string; name: string; uscc: string }, i: number, kick: boolean) => {
        const before = (await maint.query<{ at: Date }>('SELECT computed_at AS at FROM classification_grade WHERE subject_id = $1', [s.id])).rows[0]?.at.getTime() ?? 0;
        const r = await submitJsonBatch(p!, SYSTEM_ACTOR, market, 'penalty', [penaltyOf(s, `${name}-${stamp}-${kick ? 'k' : 'p'}-${i}`, today)]);
        if (r.counts.created !== 1) throw new Error(`the record was not created: ${JSON.stringify(r.results)}`);
        const committed = performance.now();
        if (kick) kickRegrade(p!);
        for (;;) {
          const at = (await maint.query<{ at: Date }>('SELECT computed_at AS at FROM classification_grade WHERE subject_id = $1', [s.id])).rows[0]?.at.getTime() ?? 0;
          if (at > before) return performance.now() - committed;
          if (performance.now() - committed > 30_000) throw new Error(`no new grade for subject ${s.id} after 30 s`);
          await new Promise((r) => setTimeout(r, 1));
        }
      };
      // the job runner as serve runs it: workers and the periodic drain
      await p.jobs.start({ schedules: true });
      log(`incremental: ${changes} single-record batches, periodic drain only (every 1 s)…`);
      const periodic: number[] = [];
      for (let i = 0; i < changes; i++) periodic.push(await oneChange(sample[changes + i]!, i, false));
      log(`  p95 ${round(p95(periodic))} ms`);
      log(`incremental: ${changes} single-record batches, drain woken after commit…`);
      const kicked: number[] = [];
      for (let i = 0; i < changes; i++) kicked.push(await oneChange(sample[i]!, i, true));
      log(`  p50 ${round([...kicked].sort((a, b) => a - b)[Math.floor(kicked.length / 2)]!)} ms, p95 ${round(p95(kicked))} ms`);
      await maint.end();

      const result = {
        bench: 'classify',
        engine,
        lanes: p.modules.classification.runLanes,
        laneWorkers: p.modules.classification.laneWorkers,
        jit: p.modules.classification.runJit,
        subjectsPerSec,
        baselineSubjectsPerSec,
        ratio: round(subjectsPerSec / baselineSubjectsPerSec, 3),
        runSeconds: round(runSeconds, 1),
        rerunSubjectsPerSec,
        rerunRatio: round(rerunSubjectsPerSec / baselineSubjectsPerSec, 3),
        rerunSeconds: round(rerunSeconds, 1),
        tagged,
        tagSeconds: round(tagSeconds, 1),
        ratioWithTagging: round(done.done / (runSeconds + tagSeconds) / baselineSubjectsPerSec, 3),
        baselineSeconds: round(baselineSeconds, 1),
        checkReadFirstP50Ms: round(p50(firstReads)),
        checkReadFirstP95Ms: round(p95(firstReads)),
        checkReadStoredP50Ms: round(p50(storedReads)),
        checkReadStoredP95Ms: round(p95(storedReads)),
        incrementalP95Ms: round(p95(kicked)),
        incrementalP50Ms: round([...kicked].sort((a, b) => a - b)[Math.floor(kicked.length / 2)]!),
        incrementalPeriodicP95Ms: round(p95(periodic)),
        distribution: done.distribution,
        data: { database: db.describe(), subjects: Number(subjects), records: Number(records), ...loaded },
        targets: { ratio: 0.3, incrementalP95Ms: 50, subjects: 1_000_000, records: 5_000_000 },
      };
      console.log(values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
      return 0;
    } catch (err) {
      console.error(err);
      return 1;
    } finally {
      if (p) await p.close().catch(() => {});
      await db.close();
    }
  },
};

const DEP = '11130100MB0000001' + usccCheckChar('11130100MB0000001');

function penaltyOf(s: { name: string; uscc: string }, ref: string, today: string): Record<string, string> {
  return {
    CF_XDR_MC: s.name,
    CF_XDR_LB: '法人及非法人组织',
    CF_XDR_SHXYM: s.uscc,
    CF_FRDB: '张伟',
    CF_WSH: ref,
    CF_WFXW: '未按规定公示年度报告',
    CF_SY: '当事人未按规定期限公示年度报告。',
    CF_YJ: '《企业信息公示暂行条例》第十八条',
    CF_CFLB: '警告',
    CF_NR: '警告',
    CF_JDRQ: today,
    CF_YXQ: addMonths(today, 12),
    CF_CFJG: '石家庄市市场监督管理局',
    CF_CFJGDM: DEP,
    CF_SJLY: '石家庄市市场监督管理局',
    CF_SJLYDM: DEP,
    SEVERITY: '一般',
  };
}
