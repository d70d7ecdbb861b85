-- Name search by 字号: every one- and two-character piece of a subject's name, kept with the
-- subject by triggers, so that a 1–2 character query (which pg_trgm cannot serve) finds the
-- characters anywhere in a name through one btree range, already in ranking order.
-- Persons are indexed only once a record of theirs has a publication window (a category whose
-- rule publishes persons, e.g. 失信被执行人): the few who can ever be shown by name. Whether they
-- are public today is still checked per row by the search.

CREATE TABLE subject_gram (
  gram       text NOT NULL,
  rank       smallint NOT NULL,
  subject_id bigint NOT NULL,
  person     boolean NOT NULL,
  PRIMARY KEY (gram, rank, subject_id) INCLUDE (person)
);
COMMENT ON TABLE subject_gram IS 'Unigrams and bigrams of subject.name (one row per distinct gram of a name), maintained by the subject_gram_* triggers. Read by the public name search for 1–2 character queries: WHERE gram = $q ORDER BY rank, subject_id is one index range in ranking order. No foreign key: the triggers keep it, and a key check per gram would double the write cost on the import path.';
COMMENT ON COLUMN subject_gram.rank IS 'Ranking inside one gram: 0–9999 = the name starts with the gram, 10000–19999 = it occurs later; plus the name length (capped at 9999), so a whole-name match (a name of exactly the gram) ranks first, then name prefixes, then substrings, shorter names first.';
COMMENT ON COLUMN subject_gram.person IS 'The subject is a natural person (indexed only once a record of theirs had a publication window): shown by name only while they have a record public today (a check the search makes per row).';

-- The distinct grams of a name with their rank (the first position a gram occurs counts).
CREATE FUNCTION subject_grams(name text) RETURNS TABLE (gram text, rank smallint)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT g, (min(CASE WHEN i = 1 THEN 0 ELSE 10000 END) + least(char_length(name), 9999))::smallint
  FROM (SELECT substr(name, i, n) AS g, i FROM generate_series(1, 2) n, generate_series(1, char_length(name) - n + 1) i) x
  GROUP BY g
$$;

-- A new subject has no records yet: organizations now, persons when a record publishes them.
CREATE FUNCTION subject_gram_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO subject_gram (gram, rank, subject_id, person)
  SELECT g.gram, g.rank, n.id, false FROM new_subjects n, subject_grams(n.name) g WHERE n.kind <> 'person';
  RETURN NULL;
END $$;

-- A rename (collection files the latest name): the old name's grams go, the new name's come.
-- The old grams are found by their whole key, recomputed from the old name.
CREATE FUNCTION subject_gram_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM subject_gram sg USING old_subjects o JOIN new_subjects n ON n.id = o.id, subject_grams(o.name) g
  WHERE o.name IS DISTINCT FROM n.name AND sg.gram = g.gram AND sg.rank = g.rank AND sg.subject_id = o.id;
  INSERT INTO subject_gram (gram, rank, subject_id, person)
  SELECT g.gram, g.rank, n.id, n.kind = 'person'
  FROM old_subjects o JOIN new_subjects n ON n.id = o.id, subject_grams(n.name) g
  WHERE o.name IS DISTINCT FROM n.name
    AND (n.kind <> 'person' OR EXISTS (SELECT 1 FROM record r WHERE r.subject_id = n.id AND r.superseded_at IS NULL AND r.pub_from IS NOT NULL));
  RETURN NULL;
END $$;

-- A person's record with a publication window indexes the person (once: ON CONFLICT). Records
-- arrive 4,000 to a statement on the import path: each subject is probed by its key (no hash of
-- the whole subject table, whatever the planner's statistics say).
CREATE FUNCTION subject_gram_person_published() RETURNS trigger LANGUAGE plpgsql
SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  INSERT INTO subject_gram (gram, rank, subject_id, person)
  SELECT g.gram, g.rank, s.id, true
  FROM (SELECT DISTINCT subject_id FROM new_records WHERE pub_from IS NOT NULL) n
  JOIN subject s ON s.id = n.subject_id AND s.kind = 'person', subject_grams(s.name) g
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION subject_gram_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM subject_gram sg USING old_subjects o, subject_grams(o.name) g
  WHERE sg.gram = g.gram AND sg.rank = g.rank AND sg.subject_id = o.id;
  RETURN NULL;
END $$;

-- Statement-level with transition tables: one set-based insert per import chunk, not per row.
CREATE TRIGGER subject_gram_insert AFTER INSERT ON subject REFERENCING NEW TABLE AS new_subjects
  FOR EACH STATEMENT EXECUTE FUNCTION subject_gram_insert();
CREATE TRIGGER subject_gram_rename AFTER UPDATE ON subject REFERENCING OLD TABLE AS old_subjects NEW TABLE AS new_subjects
  FOR EACH STATEMENT EXECUTE FUNCTION subject_gram_rename();
CREATE TRIGGER subject_gram_delete AFTER DELETE ON subject REFERENCING OLD TABLE AS old_subjects
  FOR EACH STATEMENT EXECUTE FUNCTION subject_gram_delete();
CREATE TRIGGER subject_gram_person_published AFTER INSERT ON record REFERENCING NEW TABLE AS new_records
  FOR EACH STATEMENT EXECUTE FUNCTION subject_gram_person_published();

INSERT INTO subject_gram (gram, rank, subject_id, person)
SELECT g.gram, g.rank, s.id, s.kind = 'person' FROM subject s, subject_grams(s.name) g
WHERE s.kind <> 'person' OR EXISTS (SELECT 1 FROM record r WHERE r.subject_id = s.id AND r.superseded_at IS NULL AND r.pub_from IS NOT NULL);
