-- Issue 12 (decision 0056): a full run's subjects are cut into lanes — contiguous ranges of subject
-- ids graded and written at the same time, each on its own connection and in its own
-- transactions — so that the per-subject stage and the write run on every core, not only the
-- record scan. Each lane has its own cursor: a run taken over after a crash resumes every lane
-- after its last committed partition (last_subject stays the cursor below which every subject is
-- done: the lowest cursor of a lane not finished).
ALTER TABLE classification_run ADD COLUMN lane_hi bigint[], ADD COLUMN lane_last bigint[];
COMMENT ON COLUMN classification_run.lane_hi IS 'The lanes of a full run (decision 0056): lane k grades the subjects lane_hi[k-1] < id <= lane_hi[k] (lane 1 from the cursor the lanes were planned at; the last lane ends at the largest bigint, so subjects added during the run are graded). NULL until the run is first executed.';
COMMENT ON COLUMN classification_run.lane_last IS 'Each lane''s cursor: the last subject id of its last committed partition (its lower bound before). A lane is done when its cursor reaches its lane_hi.';

-- A run of the model in force no longer writes a result row for what its history rows say
-- (decision 0056): those results are the run's history rows (run_id, grade_to, score_to, key_to and
-- now insufficient_to); classification_run_result keeps a trial run's results and, for a run in
-- force, only the subjects whose new grade it left to the drain (no history row). NULL in rows
-- written before: their run's results are all in classification_run_result.
ALTER TABLE classification_history ADD COLUMN insufficient_to boolean;
COMMENT ON COLUMN classification_history.insufficient_to IS 'The new grade''s "insufficient information" mark (decision 0056): with run_id, grade_to, score_to and key_to, the run''s result for the subject. NULL in rows written before migration 0046.';
COMMENT ON TABLE classification_run_result IS 'The grade of each subject in one full run where it differs from the current grade: runs under different models keep both results for comparison. A run of the model in force keeps here only the subjects it left to the drain; the rest of its results are its history rows (decision 0056; classification.store.ts runResults reads both).';
