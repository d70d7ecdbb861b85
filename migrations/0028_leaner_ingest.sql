-- A leaner ingest and the bulk-load mode (issue 14, decision 0028).
--
-- 1. record's foreign keys on the append-only path go. Each cost a per-row check that locks the
--    referenced row (subject, department, batch) for every inserted version. Integrity is kept
--    another way: every statement that files a version takes subject_id, department_id and
--    batch_id from rows it read or wrote in the same transaction (the set-based insert resolves
--    the subject by its key in the same statement; subject_id is NOT NULL), and the referenced
--    rows can never go away: subjects, departments and batches are never deleted (nothing in the
--    platform deletes them), which the triggers below now enforce, TRUNCATE included.
ALTER TABLE record DROP CONSTRAINT record_subject_id_fkey;
ALTER TABLE record DROP CONSTRAINT record_department_id_fkey;
ALTER TABLE record DROP CONSTRAINT record_batch_id_fkey;

CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rows of % are never deleted: record versions refer to them (decision 0028)', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;
COMMENT ON FUNCTION refuse_delete() IS 'decisions/0028: record keeps subject_id, department_id and batch_id without foreign keys; the rows they name are never deleted.';
CREATE TRIGGER subject_never_deleted BEFORE DELETE OR TRUNCATE ON subject FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
CREATE TRIGGER department_never_deleted BEFORE DELETE OR TRUNCATE ON department FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
CREATE TRIGGER batch_never_deleted BEFORE DELETE OR TRUNCATE ON batch FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();

-- 2. subject_uscc_idx duplicated the unique subject_key: a subject has a USCC exactly when its
--    key is 'USCC:' || uscc (subjects.rules.ts), so look-ups by USCC now probe subject_key.
DROP INDEX subject_uscc_idx;

-- 3. The name grams (0011, 0023): each new subject with a public name adds ~17–21 rows to one
--    large btree. Inserted in key order, a chunk's grams land on neighbouring leaf pages instead
--    of one random page each. A bulk import (xinyong import --bulk) defers them for its own
--    transaction (SET LOCAL xinyong.grams_deferred = 'on') and adds the grams of the subjects it
--    created in one sorted statement at the end, in the same transaction, so search never sees
--    a committed subject without its grams.
CREATE OR REPLACE FUNCTION subject_gram_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('xinyong.grams_deferred', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO subject_gram (gram, rank, subject_id, person)
  SELECT g.gram, g.rank, n.id, n.kind = 'person' FROM new_subjects n, subject_grams(n.public_name) g WHERE n.public_name IS NOT NULL
  ORDER BY 1, 2, 3;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION subject_gram_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM subject_gram sg USING old_subjects o JOIN new_subjects n ON n.id = o.id, subject_grams(o.public_name) g
  WHERE o.public_name IS DISTINCT FROM n.public_name AND sg.gram = g.gram AND sg.rank = g.rank AND sg.subject_id = o.id;
  INSERT INTO subject_gram (gram, rank, subject_id, person)
  SELECT g.gram, g.rank, n.id, n.kind = 'person'
  FROM old_subjects o JOIN new_subjects n ON n.id = o.id, subject_grams(n.public_name) g
  WHERE o.public_name IS DISTINCT FROM n.public_name
  ORDER BY 1, 2, 3
  ON CONFLICT DO NOTHING; -- a subject created earlier in a bulk import's own transaction: its grams come at the end
  RETURN NULL;
END $$;

-- 4. Bulk batches: an interrupted one is taken up again in bulk mode (whole file, one transaction).
ALTER TABLE batch ADD COLUMN bulk boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN batch.bulk IS 'Imported in bulk mode (xinyong import --bulk, operators only): the whole file in one transaction with deferred index and gram maintenance; rows_processed stays 0 until it commits.';
