// SQL of stored evaluation runs: one row per period and run, the result as JSON.
import type { Db } from '../../kernel/db.ts';

export type StoredRun<R> = { period: string; runNo: number; ranAt: Date; asOf: string; trigger: 'job' | 'demand'; ranBy: string; resultHash: string; result: R };

const COLS = `period, run_no AS "runNo", ran_at AS "ranAt", as_of::text AS "asOf", trigger, ran_by AS "ranBy", result_hash AS "resultHash", result`;

export async function latestRun<R>(db: Db, period: string): Promise<StoredRun<R> | undefined> {
  return db.one<StoredRun<R>>(`SELECT ${COLS} FROM evaluation_run WHERE period = $1 ORDER BY run_no DESC LIMIT 1`, [period]);
}

export async function findRun<R>(db: Db, period: string, runNo: number): Promise<StoredRun<R> | undefined> {
  return db.one<StoredRun<R>>(`SELECT ${COLS} FROM evaluation_run WHERE period = $1 AND run_no = $2`, [period, runNo]);
}

// Adds run n+1 of the period; answers undefined when a concurrent run of the same figures won.
export async function insertRun<R>(tx: Db, r: Omit<StoredRun<R>, 'runNo'>): Promise<StoredRun<R> | undefined> {
  return tx.one<StoredRun<R>>(
    `INSERT INTO evaluation_run (period, run_no, ran_at, as_of, trigger, ran_by, result_hash, result)
     SELECT $1, coalesce((SELECT max(run_no) FROM evaluation_run WHERE period = $1), 0) + 1, $2, $3::date, $4, $5, $6, $7::jsonb
     WHERE NOT EXISTS (SELECT 1 FROM evaluation_run WHERE period = $1 AND result_hash = $6
                       AND run_no = (SELECT max(run_no) FROM evaluation_run WHERE period = $1))
     RETURNING ${COLS}`,
    [r.period, r.ranAt, r.asOf, r.trigger, r.ranBy, r.resultHash, JSON.stringify(r.result)],
  );
}

export type PeriodSummary = { period: string; runs: number; latestRunNo: number; latestRanAt: Date; asOf: string };

export async function listPeriods(db: Db): Promise<PeriodSummary[]> {
  return db.query<PeriodSummary>(
    `SELECT period, count(*) AS runs, max(run_no) AS "latestRunNo", max(ran_at) AS "latestRanAt",
            (array_agg(as_of::text ORDER BY run_no DESC))[1] AS "asOf"
     FROM evaluation_run GROUP BY period ORDER BY period DESC`,
  );
}

export type RunHead = { runNo: number; ranAt: Date; asOf: string; trigger: 'job' | 'demand'; ranBy: string };

export async function runsOf(db: Db, period: string): Promise<RunHead[]> {
  return db.query<RunHead>(`SELECT run_no AS "runNo", ran_at AS "ranAt", as_of::text AS "asOf", trigger, ran_by AS "ranBy" FROM evaluation_run WHERE period = $1 ORDER BY run_no DESC`, [period]);
}

export type TrendRow<G> = { period: string; runNo: number; regions: G[] };

// The latest stored run of each of the last `count` periods of a kind (`month` 2026-11, `quarter`
// 2026-Q4, `year` 2026), oldest first, region rows only (a dashboard's trend lines).
export async function latestRegionRuns<G>(db: Db, kind: 'month' | 'quarter' | 'year', count: number): Promise<TrendRow<G>[]> {
  const pattern = kind === 'month' ? '^[0-9]{4}-[0-9]{2}$' : kind === 'quarter' ? '^[0-9]{4}-Q[1-4]$' : '^[0-9]{4}$';
  const rows = await db.query<TrendRow<G>>(
    `SELECT * FROM (SELECT DISTINCT ON (period) period, run_no AS "runNo", result->'regions' AS regions
                    FROM evaluation_run WHERE period ~ $1 ORDER BY period DESC, run_no DESC) t
     ORDER BY period DESC LIMIT $2`,
    [pattern, count],
  );
  return rows.reverse();
}

// --- provisional results: a period with no stored run, computed once (migrations/0032)

export type ProvisionalHead = { period: string; asOf: string; computedAt: Date; resultHash: string };

export async function provisionalHead(db: Db, period: string): Promise<ProvisionalHead | undefined> {
  return db.one<ProvisionalHead>(`SELECT period, as_of::text AS "asOf", computed_at AS "computedAt", result_hash AS "resultHash" FROM evaluation_provisional WHERE period = $1`, [period]);
}

export async function provisionalResult<R>(db: Db, period: string, computedAt: Date): Promise<R | undefined> {
  return (await db.one<{ result: R }>(`SELECT result FROM evaluation_provisional WHERE period = $1 AND computed_at = $2`, [period, computedAt]))?.result;
}

// Keeps the newer of two computations of the same period (concurrent requests both computing).
export async function saveProvisional<R>(db: Db, r: ProvisionalHead & { result: R }): Promise<void> {
  await db.query(
    `INSERT INTO evaluation_provisional (period, as_of, computed_at, result_hash, result) VALUES ($1, $2::date, $3, $4, $5::json)
     ON CONFLICT (period) DO UPDATE SET as_of = EXCLUDED.as_of, computed_at = EXCLUDED.computed_at, result_hash = EXCLUDED.result_hash, result = EXCLUDED.result
     WHERE evaluation_provisional.computed_at < EXCLUDED.computed_at`,
    [r.period, r.asOf, r.computedAt, r.resultHash, JSON.stringify(r.result)],
  );
}

export async function dropProvisional(tx: Db, period: string): Promise<void> {
  await tx.query('DELETE FROM evaluation_provisional WHERE period = $1', [period]);
}
