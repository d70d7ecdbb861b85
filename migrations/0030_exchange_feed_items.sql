-- Federation, the rest of the downward feed (issue 11, decisions/0030, docs/exchange.md
-- "Downward feed"): besides list entries the feed carries measure revisions, resource directory
-- entries, calendar days and official years, and revocations of records a child sent up. Its
-- cursor no longer needs a SHARE lock on `record`: every change to feed enters exchange_feed_item
-- in its own transaction (triggers below), and the feed sequencer numbers committed items (`seq`)
-- after the fact, so that no item can ever appear behind a cursor a child already passed.

CREATE TABLE exchange_feed_item (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seq        bigint UNIQUE,
  kind       text NOT NULL CHECK (kind IN ('record', 'measure', 'directory', 'calendar-day', 'calendar-year')),
  record_id  bigint,
  ref        text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'record') = (record_id IS NOT NULL)),
  CHECK (kind = 'record' OR ref IS NOT NULL)
);
COMMENT ON TABLE exchange_feed_item IS '下行数据条目: one row per change a child may need (a record version, a measure revision, a directory revision, a calendar day or official year), written by triggers in the changing transaction. id is insertion order; seq, the feed cursor, is set by the feed sequencer once the row is committed (decisions/0030), so seqs only ever grow past a cursor already answered.';
COMMENT ON COLUMN exchange_feed_item.seq IS 'The feed cursor: 1, 2, 3 … in the order the sequencer saw the items committed (NULL until then). Rows from before 0030 keep seq = the record id, so the cursors children hold (record ids) stay valid.';
COMMENT ON COLUMN exchange_feed_item.ref IS 'measure: <measure_id>:<revision>; directory: directory_entry.id; calendar-day: the date (its state is read when the feed is answered); calendar-year: the year.';
CREATE INDEX exchange_feed_item_unsequenced_idx ON exchange_feed_item (id) WHERE seq IS NULL;

-- What was on file before: record versions at seq = their id (a child's cursor is a record id
-- today), then the other kinds after the highest record id.
INSERT INTO exchange_feed_item (seq, kind, record_id) SELECT id, 'record', id FROM record ORDER BY id;
INSERT INTO exchange_feed_item (seq, kind, ref)
SELECT (SELECT coalesce(max(id), 0) FROM record) + row_number() OVER (ORDER BY o, k), kind, ref
  FROM (SELECT 1 AS o, created_at AS t, measure_id || ':' || revision AS ref, 'measure' AS kind, measure_id || lpad(revision::text, 10, '0') AS k FROM measure_version
        UNION ALL SELECT 2, created_at, id::text, 'directory', lpad(id::text, 20, '0') FROM directory_entry
        UNION ALL SELECT 3, created_at, date::text, 'calendar-day', date::text FROM calendar_override
        UNION ALL SELECT 4, loaded_at, year::text, 'calendar-year', year::text FROM calendar_official_year) x;

CREATE FUNCTION exchange_feed_capture_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exchange_feed_item (kind, record_id) SELECT 'record', id FROM exchange_feed_new_versions ORDER BY id;
  RETURN NULL;
END $$;
CREATE TRIGGER record_exchange_feed AFTER INSERT ON record
  REFERENCING NEW TABLE AS exchange_feed_new_versions
  FOR EACH STATEMENT EXECUTE FUNCTION exchange_feed_capture_record();

CREATE FUNCTION exchange_feed_capture_measure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exchange_feed_item (kind, ref) VALUES ('measure', NEW.measure_id || ':' || NEW.revision);
  RETURN NULL;
END $$;
CREATE TRIGGER measure_version_exchange_feed AFTER INSERT ON measure_version FOR EACH ROW EXECUTE FUNCTION exchange_feed_capture_measure();

CREATE FUNCTION exchange_feed_capture_directory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exchange_feed_item (kind, ref) VALUES ('directory', NEW.id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER directory_entry_exchange_feed AFTER INSERT ON directory_entry FOR EACH ROW EXECUTE FUNCTION exchange_feed_capture_directory();

-- a day set, changed or removed: the feed answers the day's state when it is read
CREATE FUNCTION exchange_feed_capture_calendar_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exchange_feed_item (kind, ref) VALUES ('calendar-day', (CASE WHEN TG_OP = 'DELETE' THEN OLD.date ELSE NEW.date END)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER calendar_override_exchange_feed AFTER INSERT OR UPDATE OR DELETE ON calendar_override FOR EACH ROW EXECUTE FUNCTION exchange_feed_capture_calendar_day();

CREATE FUNCTION exchange_feed_capture_calendar_year() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO exchange_feed_item (kind, ref) VALUES ('calendar-year', NEW.year::text);
  RETURN NULL;
END $$;
CREATE TRIGGER calendar_official_year_exchange_feed AFTER INSERT OR UPDATE ON calendar_official_year FOR EACH ROW EXECUTE FUNCTION exchange_feed_capture_calendar_year();

-- At a child: each non-record feed item applied here, once (kind and the parent's seq-independent
-- key: measure:<id>:<revision>, directory:<parent entry id>, calendar-day:<seq>, calendar-year:<seq>).
CREATE TABLE exchange_feed_applied (
  item_key   text PRIMARY KEY,
  kind       text NOT NULL,
  parent_seq bigint NOT NULL,
  outcome    text NOT NULL CHECK (outcome IN ('accepted', 'unchanged', 'ignored', 'rejected')),
  errors     jsonb,
  applied_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE exchange_feed_applied IS '下行接收（非记录条目）: every measure revision, directory revision, calendar day and official year of the parent''s feed applied at this child, once. outcome: accepted (changed here), unchanged (already so here), ignored (not applicable here: a department not registered here), rejected (refused by the owning module, with errors).';
