-- Public names from public records only (issue 17, decision 0021). subject.name stays the latest
-- submitted name (staff see it); subject.public_name is the name the subject bore on the latest
-- record version that had a publication window, and stays NULL for a subject known only from
-- non-public records (轻微 penalties, persons on non-public categories, legal representatives,
-- non-public categories). The public portal shows, searches and indexes public_name only.

ALTER TABLE subject ADD COLUMN public_name text;
COMMENT ON COLUMN subject.public_name IS 'The name as given on the latest record version with a publication window (pub_from set); NULL when no record of the subject was ever made public. Set by collection with the record; the only name the public portal shows or searches.';

-- Backfill: the name field (the category definition says which) of each subject's latest current
-- record version with a publication window.
UPDATE subject s SET public_name = x.name
FROM (
  SELECT DISTINCT ON (r.subject_id) r.subject_id, r.fields ->> (c.definition -> 'subjectFields' ->> 'name') AS name
  FROM record r JOIN catalog_category c ON c.code = r.category AND c.version = r.category_version
  WHERE r.superseded_at IS NULL AND r.pub_from IS NOT NULL
  ORDER BY r.subject_id, r.id DESC
) x
WHERE x.subject_id = s.id AND x.name IS NOT NULL AND x.name <> '';

-- The name indexes serve the public search only: they move to the public name.
DROP INDEX subject_name_trgm_idx;
DROP INDEX subject_name_prefix_idx;
CREATE INDEX subject_public_name_trgm_idx ON subject USING gin (public_name gin_trgm_ops) WHERE public_name IS NOT NULL;
CREATE INDEX subject_public_name_prefix_idx ON subject ((public_name COLLATE "C")) WHERE public_name IS NOT NULL;

-- subject_gram (0011) now holds the grams of public names. A subject with a public name is
-- indexed, persons too (person = true: the search still checks per row that they have a record
-- public today); the record trigger that indexed persons is no longer needed, since a record
-- with a publication window sets its subject's public name in the same transaction.
DROP TRIGGER subject_gram_person_published ON record;
DROP FUNCTION subject_gram_person_published();

CREATE OR REPLACE FUNCTION subject_gram_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO subject_gram (gram, rank, subject_id, person)
  SELECT g.gram, g.rank, n.id, n.kind = 'person' FROM new_subjects n, subject_grams(n.public_name) g WHERE n.public_name IS NOT NULL;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION subject_gram_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM subject_gram sg USING old_subjects o JOIN new_subjects n ON n.id = o.id, subject_grams(o.public_name) g
  WHERE o.public_name IS DISTINCT FROM n.public_name AND sg.gram = g.gram AND sg.rank = g.rank AND sg.subject_id = o.id;
  INSERT INTO subject_gram (gram, rank, subject_id, person)
  SELECT g.gram, g.rank, n.id, n.kind = 'person'
  FROM old_subjects o JOIN new_subjects n ON n.id = o.id, subject_grams(n.public_name) g
  WHERE o.public_name IS DISTINCT FROM n.public_name;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION subject_gram_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM subject_gram sg USING old_subjects o, subject_grams(o.public_name) g
  WHERE sg.gram = g.gram AND sg.rank = g.rank AND sg.subject_id = o.id;
  RETURN NULL;
END $$;

COMMENT ON TABLE subject_gram IS 'Unigrams and bigrams of subject.public_name (one row per distinct gram of a name), maintained by the subject_gram_* triggers (0011, 0023). Read by the public name search for 1–2 character queries: WHERE gram = $q ORDER BY rank, subject_id is one index range in ranking order.';

TRUNCATE subject_gram;
INSERT INTO subject_gram (gram, rank, subject_id, person)
SELECT g.gram, g.rank, s.id, s.kind = 'person' FROM subject s, subject_grams(s.public_name) g WHERE s.public_name IS NOT NULL;
