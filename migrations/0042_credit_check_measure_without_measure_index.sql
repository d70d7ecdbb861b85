-- credit_check_measure without its index on measure_id (issue 14, decision 0054).
--
-- Every credit check writes its measures' rows, and each row was entered into four structures:
-- the table, the primary key (check_id, measure_id), the GIN of trigger_record_ids and this
-- index. No statement looks rows up by measure_id alone (2026-12-06: the feedback update and the
-- stored check's read go by check_id through the primary key, the rates by measure group the rows
-- a date range of checks joins, the affected-checks read goes through the GIN), so the index was
-- maintained for nothing: ≈ 1.7 shared-buffer hits per measure row of the check writer's insert,
-- measured by EXPLAIN (ANALYZE, BUFFERS) with and without it on the bench data set.
DROP INDEX IF EXISTS credit_check_measure_measure_idx;
