-- 考核 of a period with no stored run (issue 10, speed): computed once and stored, so that the
-- dashboard reads a stored result rather than computing the period on every request.
-- Rule (docs/monitoring.md, "Provisional results"): the stored result is read while its as-of day
-- is the period's as-of day now and it is younger than `provisionalMinutes` (rules/evaluation.json);
-- otherwise it is computed again and replaces this row. A stored run of the period supersedes it:
-- storing a run deletes the row, and a period with a run is always answered from its runs.
CREATE TABLE evaluation_provisional (
  period      text PRIMARY KEY,
  as_of       date NOT NULL,
  computed_at timestamptz NOT NULL,
  result_hash text NOT NULL,
  result      json NOT NULL
);
COMMENT ON TABLE evaluation_provisional IS '考核: the latest computed result of a period that has no stored run (not an evaluation run: never ranked as one, not in the period''s run history); json (not jsonb) so it is read back as the text it was written. Replaced when stale (another as-of day, or older than provisionalMinutes), deleted when a run of the period is stored.';
