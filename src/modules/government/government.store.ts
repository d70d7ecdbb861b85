// SQL of the stored government credit evaluations: one row per period and run, the result and
// its inputs as JSON.
import type { Db } from '../../kernel/db.ts';

export type StoredGovRun<R, I> = {
  period: string;
  runNo: number;
  ranAt: Date;
  asOf: string;
  trigger: 'job' | 'demand';
  ranBy: string;
  ruleFrom: string;
  resultHash: string;
  result: R;
  inputs: I;
};
export type GovRunHead = { period: string; runNo: number; ranAt: Date; asOf: string; trigger: 'job' | 'demand'; ranBy: string; ruleFrom: string };

const HEAD = `period, run_no AS "runNo", ran_at AS "ranAt", as_of::text AS "asOf", trigger, ran_by AS "ranBy", rule_from::text AS "ruleFrom"`;
const COLS = `${HEAD}, result_hash AS "resultHash", result, inputs`;

export async function latestGovRun<R, I>(db: Db, period: string): Promise<StoredGovRun<R, I> | undefined> {
  return db.one<StoredGovRun<R, I>>(`SELECT ${COLS} FROM government_evaluation_run WHERE period = $1 ORDER BY run_no DESC LIMIT 1`, [period]);
}

export async function findGovRun<R, I>(db: Db, period: string, runNo: number): Promise<StoredGovRun<R, I> | undefined> {
  return db.one<StoredGovRun<R, I>>(`SELECT ${COLS} FROM government_evaluation_run WHERE period = $1 AND run_no = $2`, [period, runNo]);
}

// Adds run n+1 of the period unless its result equals the latest run's; undefined then.
export async function insertGovRun<R, I>(tx: Db, r: Omit<StoredGovRun<R, I>, 'runNo'>): Promise<StoredGovRun<R, I> | undefined> {
  return tx.one<StoredGovRun<R, I>>(
    `INSERT INTO government_evaluation_run (period, run_no, ran_at, as_of, trigger, ran_by, rule_from, result_hash, result, inputs)
     SELECT $1, coalesce((SELECT max(run_no) FROM government_evaluation_run WHERE period = $1), 0) + 1, $2, $3::date, $4, $5, $6::date, $7, $8::jsonb, $9::jsonb
     WHERE NOT EXISTS (SELECT 1 FROM government_evaluation_run WHERE period = $1 AND result_hash = $7
                       AND run_no = (SELECT max(run_no) FROM government_evaluation_run WHERE period = $1))
     RETURNING ${COLS}`,
    [r.period, r.ranAt, r.asOf, r.trigger, r.ranBy, r.ruleFrom, r.resultHash, JSON.stringify(r.result), JSON.stringify(r.inputs)],
  );
}

// Every stored run, newest period first, newest run first (heads only).
export async function govRunHeads(db: Db, period?: string): Promise<GovRunHead[]> {
  return db.query<GovRunHead>(
    `SELECT ${HEAD} FROM government_evaluation_run ${period ? 'WHERE period = $1' : ''} ORDER BY as_of DESC, period DESC, run_no DESC LIMIT 500`,
    period ? [period] : [],
  );
}
