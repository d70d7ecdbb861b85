-- Associations as providers (行业协会商会, issue 12): an association's industry; the government
-- integrity evaluation stored per period (docs/government-integrity.md).

ALTER TABLE department ADD COLUMN industry_code text;
ALTER TABLE department ADD COLUMN industry_name text;
ALTER TABLE department ADD CONSTRAINT department_industry_both CHECK ((industry_code IS NULL) = (industry_name IS NULL));
COMMENT ON COLUMN department.industry_code IS 'An association''s industry: a section (门类) of GB/T 4754-2017 (rules/department-kinds.json industries); null for other departments.';
COMMENT ON COLUMN department.industry_name IS 'The association''s own name for its trade (律师行业, 建筑业 …).';

-- 政府信用评估 per period (month 2026-11, quarter 2026-Q4, year 2026): computed by the job runner
-- at each period's end and on demand, stored with its inputs (the bodies and the records read),
-- the rule it ran under and the result. A run equal to the latest stored run of the period stores
-- nothing new; a later run after late data adds run n+1 and keeps the earlier ones.
CREATE TABLE government_evaluation_run (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  period      text NOT NULL,
  run_no      integer NOT NULL,
  ran_at      timestamptz NOT NULL,
  as_of       date NOT NULL,
  trigger     text NOT NULL CHECK (trigger IN ('job', 'demand')),
  ran_by      text NOT NULL,
  rule_from   date NOT NULL,
  result_hash text NOT NULL,
  result      jsonb NOT NULL,
  inputs      jsonb NOT NULL,
  UNIQUE (period, run_no)
);
COMMENT ON TABLE government_evaluation_run IS '政府信用评估 stored per period and run (docs/government-integrity.md): result = scores, ranks, indicators; inputs = the bodies and the records read; rule_from = the effective date of the rules/government-evaluation.json entry used.';
