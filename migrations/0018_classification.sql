-- Credit classification (信用分类) and 诚信积分: each subject's current grade with its explanation,
-- the history of its changes, the subjects whose file changed since they were last graded (filled
-- by a trigger in the same transaction as the change, drained by the job runner), and full runs
-- (every subject graded again under one model) with their results kept per run.

CREATE TABLE classification_grade (
  subject_id      bigint PRIMARY KEY REFERENCES subject (id),
  scope           text NOT NULL CHECK (scope IN ('organization', 'person')),
  model           text NOT NULL,
  grade           text NOT NULL,
  score           numeric NOT NULL,
  insufficient    boolean NOT NULL,
  key_supervision boolean NOT NULL,
  explanation     jsonb NOT NULL,
  graded_on       date NOT NULL,
  next_review_on  date,
  computed_at     timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE classification_grade IS '信用分类: the current grade of each graded subject under the model in force (rules/classification.json), with its explanation (score, each indicator''s points and records, 重点监管对象 domains). Never public for persons; for organizations only where the model says public.';
COMMENT ON COLUMN classification_grade.model IS 'The model that graded: <effectiveFrom>#<first 8 hex of the SHA-256 of its JSON>.';
COMMENT ON COLUMN classification_grade.next_review_on IS 'First day the grade can change with nothing new on file (a record leaves a 12/36-month window, a list term ends): the daily sweep grades again from that day.';
CREATE INDEX classification_grade_review_idx ON classification_grade (next_review_on) WHERE next_review_on IS NOT NULL;
CREATE INDEX classification_grade_key_idx ON classification_grade (subject_id) WHERE key_supervision;

CREATE TABLE classification_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id  bigint NOT NULL REFERENCES subject (id),
  grade_from  text,
  grade_to    text NOT NULL,
  score_from  numeric,
  score_to    numeric NOT NULL,
  key_from    boolean,
  key_to      boolean NOT NULL,
  reason      text NOT NULL,
  model       text NOT NULL,
  run_id      uuid,
  changed_on  date NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE classification_history IS 'Every change of a subject''s grade, score or 重点监管对象 flag: from, to, and why (file-changed, review-date, run <id>). Append-only.';
CREATE INDEX classification_history_subject_idx ON classification_history (subject_id, id DESC);

CREATE TABLE classification_dirty (
  subject_id bigint PRIMARY KEY,
  marked_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE classification_dirty IS 'Subjects whose credit file changed since they were last graded: a record version inserted (new record, correction, exit, revocation after an objection, repair) or a dispute opened or closed. Filled by triggers in the changing transaction, so no change is missed; the classification.drain job grades and deletes them in one transaction, so a crash loses none.';

-- One statement-level trigger per insert: the distinct subjects of the new versions.
CREATE FUNCTION classification_mark_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO classification_dirty (subject_id) SELECT DISTINCT subject_id FROM new_records ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER classification_mark_records AFTER INSERT ON record REFERENCING NEW TABLE AS new_records
  FOR EACH STATEMENT EXECUTE FUNCTION classification_mark_records();

CREATE FUNCTION classification_mark_disputes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO classification_dirty (subject_id)
  SELECT DISTINCT r.subject_id FROM changed_disputes x
    JOIN record r ON r.category = x.category AND r.department_id = x.department_id AND r.source_ref = x.source_ref AND r.superseded_at IS NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER classification_mark_disputes_ins AFTER INSERT ON record_dispute REFERENCING NEW TABLE AS changed_disputes
  FOR EACH STATEMENT EXECUTE FUNCTION classification_mark_disputes();
CREATE TRIGGER classification_mark_disputes_upd AFTER UPDATE ON record_dispute REFERENCING NEW TABLE AS changed_disputes
  FOR EACH STATEMENT EXECUTE FUNCTION classification_mark_disputes();

CREATE TABLE classification_run (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  model        text NOT NULL,
  model_json   jsonb NOT NULL,
  source       text NOT NULL,
  applies      boolean NOT NULL,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  total        integer NOT NULL DEFAULT 0,
  done         integer NOT NULL DEFAULT 0,
  last_subject bigint NOT NULL DEFAULT 0,
  requested_by text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  failure      text
);
COMMENT ON TABLE classification_run IS 'A full regrade: every subject graded under one model. applies = the model in force (rules/classification.json): the current grades follow it; a trial model from a file (classify run --model) keeps only its own results, beside the current ones. last_subject is the cursor: a run taken over after a crash resumes after it.';

CREATE TABLE classification_run_result (
  run_id          uuid NOT NULL REFERENCES classification_run (id),
  subject_id      bigint NOT NULL,
  grade           text NOT NULL,
  score           numeric NOT NULL,
  insufficient    boolean NOT NULL,
  key_supervision boolean NOT NULL,
  PRIMARY KEY (run_id, subject_id)
);
COMMENT ON TABLE classification_run_result IS 'The grade of each subject in one full run: runs under different models keep both results for comparison.';
