-- Issue 12 (decision 0043): a full regrade grades without building the explanation; the explanation
-- of a grade written by a full run is built when the grade is first read (by the model that graded,
-- as of the day it was graded, used only if it agrees with the stored grade) and stored then.
ALTER TABLE classification_grade ALTER COLUMN explanation DROP NOT NULL;
COMMENT ON COLUMN classification_grade.explanation IS 'How the grade was decided (compact: by, rule, f = [indicator, points, count, record version ids], k = [domain, record version ids]). NULL when a full run wrote the grade (decision 0043): built on first read by the model named in model as of graded_on and stored if it agrees with grade, score, flags and review day; else the subject is graded again. The drain and on-the-spot grading always store it.';

-- The full run's three writes per subject (grade, history row, run result) without per-row
-- referential checks (decision 0043 §5, as decision 0028 did for record): each was an index probe
-- and a FOR KEY SHARE lock of the same few rows, ≈ 3 s per 246 k rows each on the bench machine.
-- Integrity is kept as for record: every statement that writes these rows takes subject_id from
-- subject (a run's partition, on-the-spot grading) or from rows that came from it (dirty marks of
-- record versions, stored grades), and run_id from the run it updates in the same statement; and
-- the rows named are never deleted — subject already refuses DELETE and TRUNCATE (0028), and
-- classification_run now does too.
ALTER TABLE classification_grade DROP CONSTRAINT classification_grade_subject_id_fkey;
ALTER TABLE classification_history DROP CONSTRAINT classification_history_subject_id_fkey;
ALTER TABLE classification_run_result DROP CONSTRAINT classification_run_result_run_id_fkey;
CREATE FUNCTION classification_run_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rows of % are never deleted: run results refer to them (decision 0043)', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER classification_run_never_deleted BEFORE DELETE OR TRUNCATE ON classification_run FOR EACH STATEMENT EXECUTE FUNCTION classification_run_refuse_delete();
