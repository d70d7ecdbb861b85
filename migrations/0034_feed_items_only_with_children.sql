-- Federation, downward feed (issue 11, decisions/0035, docs/exchange.md "Downward feed"): feed
-- items are written only at a node that has (or had) a child. The triggers of 0030 wrote one
-- exchange_feed_item per record version, measure revision, directory revision and calendar change
-- at every node; the feed sequencer numbers them only when a child asks for the feed, so at a node
-- with no child (every city: counties are virtual platforms, not nodes) the table grew like
-- `record`, unnumbered and never read. Now the triggers write only while exchange_node has a row
-- (a child registered, active or revoked), and registering the first child writes the items a new
-- child needs from what is already on file (exchange_feed_backfill, called by `nodes add` under a
-- lock against writers), as the first `upstream set` does for the outbox.

CREATE OR REPLACE FUNCTION exchange_feed_capture_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM exchange_node) THEN
    INSERT INTO exchange_feed_item (kind, record_id) SELECT 'record', id FROM exchange_feed_new_versions ORDER BY id;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION exchange_feed_capture_measure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM exchange_node) THEN
    INSERT INTO exchange_feed_item (kind, ref) VALUES ('measure', NEW.measure_id || ':' || NEW.revision);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION exchange_feed_capture_directory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM exchange_node) THEN
    INSERT INTO exchange_feed_item (kind, ref) VALUES ('directory', NEW.id::text);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION exchange_feed_capture_calendar_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM exchange_node) THEN
    INSERT INTO exchange_feed_item (kind, ref) VALUES ('calendar-day', (CASE WHEN TG_OP = 'DELETE' THEN OLD.date ELSE NEW.date END)::text);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION exchange_feed_capture_calendar_year() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM exchange_node) THEN
    INSERT INTO exchange_feed_item (kind, ref) VALUES ('calendar-year', NEW.year::text);
  END IF;
  RETURN NULL;
END $$;

-- What a first child needs of what is on file, in the order 0030 numbered it: record versions of
-- the list categories (`lists`, from the catalog; revocations of other records go only to the
-- child that sent the record up, and a first child has sent nothing), then every measure
-- revision, directory revision, calendar day and official year. Unnumbered: the sequencer numbers
-- them at the child's first request. Answers how many were written.
CREATE FUNCTION exchange_feed_backfill(lists text[]) RETURNS integer LANGUAGE sql AS $$
  WITH ins AS (
    INSERT INTO exchange_feed_item (kind, record_id, ref)
    SELECT kind, record_id, ref FROM (
      SELECT 0 AS o, lpad(id::text, 20, '0') AS k, 'record' AS kind, id AS record_id, NULL::text AS ref FROM record WHERE category = ANY(lists)
      UNION ALL SELECT 1, measure_id || lpad(revision::text, 10, '0'), 'measure', NULL, measure_id || ':' || revision FROM measure_version
      UNION ALL SELECT 2, lpad(id::text, 20, '0'), 'directory', NULL, id::text FROM directory_entry
      UNION ALL SELECT 3, date::text, 'calendar-day', NULL, date::text FROM calendar_override
      UNION ALL SELECT 4, lpad(year::text, 6, '0'), 'calendar-year', NULL, year::text FROM calendar_official_year) x
    ORDER BY o, k
    RETURNING 1)
  SELECT count(*)::int FROM ins
$$;

-- Items written so far at a node that never had a child: nobody holds a cursor on them.
DELETE FROM exchange_feed_item WHERE NOT EXISTS (SELECT 1 FROM exchange_node);
