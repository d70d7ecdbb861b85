-- Signed requests of department clients (HMAC-SHA256, rotation with two active secrets,
-- nonces against replay) and the recorded blind-index scheme of field encryption.

-- Secrets are needed in clear to verify an HMAC, so they are kept encrypted (field encryption,
-- re-encrypted by `xinyong keys reencrypt`), no longer hashed. Clients created before this
-- migration keep their hash, cannot sign, and get a signing secret with `xinyong clients rotate`.
ALTER TABLE api_client ALTER COLUMN secret_hash DROP NOT NULL;
COMMENT ON COLUMN api_client.secret_hash IS 'Obsolete: SHA-256 of a bearer secret issued before signed requests (0003). Such a client signs only after `xinyong clients rotate`.';

CREATE TABLE api_client_secret (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  client_id     bigint NOT NULL REFERENCES api_client (id),
  secret_no     integer NOT NULL CHECK (secret_no > 0),
  secret_cipher text NOT NULL,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz,
  retired_at    timestamptz,
  last_used_at  timestamptz,
  UNIQUE (client_id, secret_no)
);
COMMENT ON TABLE api_client_secret IS 'HMAC secrets of an API client; the signing key id names one as <key_id>.s<secret_no>. At most two are active (not retired, not expired) so that a rotation needs no downtime.';
COMMENT ON COLUMN api_client_secret.secret_cipher IS 'The secret, sealed by field encryption (prefix names algorithm and key version, e.g. a1:…).';
COMMENT ON COLUMN api_client_secret.expires_at IS 'Set on the older secret by a rotation (default 30 days later): after it, the secret is refused without anyone retiring it.';
COMMENT ON COLUMN api_client_secret.last_used_at IS 'Last accepted request signed with this secret (to the minute): shows when an old secret may be retired.';

CREATE TABLE api_client_nonce (
  client_id  bigint NOT NULL REFERENCES api_client (id),
  nonce      text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (client_id, nonce)
);
COMMENT ON TABLE api_client_nonce IS 'Nonces of accepted signed requests, kept until their timestamp leaves the ±5-minute window: the primary key refuses a replay, also across several server processes.';
-- each accepted request purges its client's expired nonces: a range scan over just those
CREATE INDEX api_client_nonce_expiry_idx ON api_client_nonce (client_id, expires_at);

CREATE TABLE field_crypto_scheme (
  id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  suite       text NOT NULL CHECK (suite IN ('aes', 'sm')),
  key_version integer NOT NULL CHECK (key_version > 0),
  set_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE field_crypto_scheme IS 'The blind-index and content-MAC scheme of this installation (one row), fixed at the first start: subject.id_blind, subject.subject_key of persons and record.content_hash depend on it, so changing algorithm (aes: HMAC-SHA256, sm: HMAC-SM3) or key version would break look-ups.';
