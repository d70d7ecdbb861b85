-- Issue 12 (decision 0042): a full regrade in one set-based pass. The keyword domains of a record
-- (重点监管对象) are tested once per record and model, not on every regrade; a run keeps one summary
-- row (its distribution) plus the subjects whose grade changed.
ALTER TABLE record ADD COLUMN kw_tags bigint, ADD COLUMN kw_model text;
COMMENT ON COLUMN record.kw_tags IS 'Classification keyword domains found in this version''s fields: bit j = domain j of the model whose keyword key is kw_model. Computed lazily by classification before a full run (records are append-only: a version''s fields never change). A NULL or other kw_model means untagged: grading tests the words itself.';
COMMENT ON COLUMN record.kw_model IS 'The keyword key (hash of the keyword fields and each domain''s words) kw_tags was computed under; a model whose words change has another key and retags.';
ALTER TABLE classification_run ADD COLUMN distribution jsonb NOT NULL DEFAULT '{}'::jsonb;
COMMENT ON COLUMN classification_run.distribution IS 'The run''s summary: subjects graded per grade ({"A": n, …}), summed page by page. classification_run_result holds only the subjects whose grade, score or flag differs from their current grade (for a trial run: from the current grade under the model in force).';
