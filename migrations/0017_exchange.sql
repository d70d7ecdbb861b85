-- Federation, the upward half (issue 11): child nodes registered at a parent, the child's
-- upstream, a transactional outbox filled by a trigger on record, what a parent received from
-- each node (the origin of each version), decisions/0015-outbox-by-trigger.md, docs/exchange.md.

CREATE TABLE exchange_node (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key_id      text NOT NULL UNIQUE,
  region_code text NOT NULL REFERENCES region (code),
  name        text NOT NULL,
  alg         text NOT NULL DEFAULT 'hmac-sha256' CHECK (alg IN ('hmac-sha256', 'hmac-sm3')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  last_received_at timestamptz
);
COMMENT ON TABLE exchange_node IS '下级节点: a child installation (city sub-centre, or the province at the national node) that sends records up. It signs every exchange request with its key (xn_…); it may send only departments and records of its region.';
CREATE UNIQUE INDEX exchange_node_region_idx ON exchange_node (region_code) WHERE revoked_at IS NULL;

CREATE TABLE exchange_node_secret (
  node_id       bigint NOT NULL REFERENCES exchange_node (id),
  secret_no     integer NOT NULL CHECK (secret_no > 0),
  secret_cipher text NOT NULL,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz,
  retired_at    timestamptz,
  PRIMARY KEY (node_id, secret_no)
);
COMMENT ON TABLE exchange_node_secret IS 'HMAC secrets of a child node, sealed by field encryption; as for API clients at most two are active, so a rotation needs no downtime.';

CREATE TABLE exchange_node_nonce (
  node_id    bigint NOT NULL REFERENCES exchange_node (id),
  nonce      text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (node_id, nonce)
);

CREATE TABLE exchange_upstream (
  id              smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  url             text NOT NULL,
  signing_key_id  text NOT NULL,
  secret_cipher   text NOT NULL,
  alg             text NOT NULL DEFAULT 'hmac-sha256' CHECK (alg IN ('hmac-sha256', 'hmac-sm3')),
  set_at          timestamptz NOT NULL DEFAULT now(),
  last_success_at timestamptz,
  last_error      text,
  last_error_at   timestamptz,
  failures        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  relay_owner     text,
  relay_until     timestamptz
);
COMMENT ON TABLE exchange_upstream IS 'This node''s parent (one row): where the relay sends the outbox, the credential it signs with (secret sealed by field encryption), the back-off state and the relay lease (one relaying process at a time).';

CREATE TABLE exchange_outbox (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_id    bigint NOT NULL REFERENCES record (id),
  category     text NOT NULL,
  department_id bigint NOT NULL,
  source_ref   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'rejected', 'resolved')),
  attempts     integer NOT NULL DEFAULT 0,
  delivered_at timestamptz,
  errors       jsonb,
  resolution   text CHECK (resolution IN ('corrected', 'dismissed')),
  note         text
);
COMMENT ON TABLE exchange_outbox IS '发件箱: one row per record version created here, written by a trigger in the same transaction as the version (only while an upstream is set). The relay delivers pending rows in id order and marks them after the parent''s answer.';
CREATE INDEX exchange_outbox_pending_idx ON exchange_outbox (id) WHERE state = 'pending';
CREATE INDEX exchange_outbox_rejected_idx ON exchange_outbox (id) WHERE state = 'rejected';

CREATE FUNCTION exchange_outbox_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM exchange_upstream) THEN
    INSERT INTO exchange_outbox (record_id, category, department_id, source_ref)
    SELECT id, category, department_id, source_ref FROM exchange_new_versions ORDER BY id;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION exchange_outbox_capture() IS 'decisions/0015: every record version enters the outbox in its own transaction, while an upstream is set.';

-- The first `upstream set`: every version already on file, oldest first (the same columns as the trigger).
CREATE FUNCTION exchange_outbox_backfill() RETURNS integer LANGUAGE sql AS $$
  WITH ins AS (
    INSERT INTO exchange_outbox (record_id, category, department_id, source_ref)
    SELECT id, category, department_id, source_ref FROM record r
     WHERE NOT EXISTS (SELECT 1 FROM exchange_outbox o WHERE o.record_id = r.id) ORDER BY id
    RETURNING 1)
  SELECT count(*)::int FROM ins
$$;
CREATE TRIGGER record_exchange_outbox AFTER INSERT ON record
  REFERENCING NEW TABLE AS exchange_new_versions
  FOR EACH STATEMENT EXECUTE FUNCTION exchange_outbox_capture();

CREATE TABLE exchange_received (
  node_id           bigint NOT NULL REFERENCES exchange_node (id),
  origin_version_id bigint NOT NULL,
  record_id         bigint REFERENCES record (id),
  category          text NOT NULL,
  source_ref        text NOT NULL,
  department_uscc   text NOT NULL,
  origin_region     text NOT NULL,
  origin_created_at timestamptz NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  outcome           text NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
  errors            jsonb,
  resolution        text CHECK (resolution IN ('corrected', 'dismissed')),
  resolved_at       timestamptz,
  note              text,
  PRIMARY KEY (node_id, origin_version_id)
);
COMMENT ON TABLE exchange_received IS 'Every entry a child node sent, once: (node, the child''s version id) is the idempotence key (a duplicate is answered as such and changes nothing). record_id is the version filed here; origin_* keep where and when it was first created (the county or city of origin survives relaying further up).';
CREATE INDEX exchange_received_record_idx ON exchange_received (record_id) WHERE record_id IS NOT NULL;
CREATE INDEX exchange_received_rejected_idx ON exchange_received (node_id) WHERE outcome = 'rejected' AND resolution IS NULL;
