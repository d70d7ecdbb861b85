-- Federation, the downward feed (issue 11, decisions/0024, docs/exchange.md "Downward feed"):
-- a child pulls the parent's list entries with a cursor; what it files from the feed never goes
-- back up (the outbox trigger skips it), and each parent version is filed once.

-- At a child: the cursor of its pull and the state of the last pull.
ALTER TABLE exchange_upstream
  ADD COLUMN feed_cursor bigint NOT NULL DEFAULT 0,
  ADD COLUMN feed_last_success_at timestamptz,
  ADD COLUMN feed_last_error text,
  ADD COLUMN feed_last_error_at timestamptz;

-- At a parent: the cursor each child last acknowledged by asking for what follows it.
ALTER TABLE exchange_node ADD COLUMN feed_cursor bigint, ADD COLUMN feed_last_at timestamptz;

-- At a child: each parent version filed here from the feed, once (the idempotence key).
CREATE TABLE exchange_feed_filed (
  parent_version_id bigint PRIMARY KEY,
  record_id         bigint REFERENCES record (id),
  category          text NOT NULL,
  source_ref        text NOT NULL,
  department_uscc   text NOT NULL,
  origin_region     text NOT NULL,
  filed_at          timestamptz NOT NULL DEFAULT now(),
  outcome           text NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
  errors            jsonb
);
COMMENT ON TABLE exchange_feed_filed IS '下行接收: every entry of the parent''s feed filed at this child, once (parent version id is the key). These versions are not sent back up.';
CREATE INDEX exchange_feed_filed_record_idx ON exchange_feed_filed (record_id) WHERE record_id IS NOT NULL;

-- The feed's filing transaction sets xinyong.exchange_feed = 'on' (set_config, local): its
-- versions are the parent's own and do not enter the outbox.
CREATE OR REPLACE FUNCTION exchange_outbox_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('xinyong.exchange_feed', true), '') <> 'on' AND EXISTS (SELECT 1 FROM exchange_upstream) THEN
    INSERT INTO exchange_outbox (record_id, category, department_id, source_ref)
    SELECT id, category, department_id, source_ref FROM exchange_new_versions ORDER BY id;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION exchange_outbox_backfill() RETURNS integer LANGUAGE sql AS $$
  WITH ins AS (
    INSERT INTO exchange_outbox (record_id, category, department_id, source_ref)
    SELECT id, category, department_id, source_ref FROM record r
     WHERE NOT EXISTS (SELECT 1 FROM exchange_outbox o WHERE o.record_id = r.id)
       AND NOT EXISTS (SELECT 1 FROM exchange_feed_filed f WHERE f.record_id = r.id) ORDER BY id
    RETURNING 1)
  SELECT count(*)::int FROM ins
$$;
