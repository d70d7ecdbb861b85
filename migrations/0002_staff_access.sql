-- Staff of the work portal (政务门户): accounts, sign-in throttling and sessions.

CREATE TABLE staff_user (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username             text NOT NULL UNIQUE CHECK (username = lower(username)),
  display_name         text NOT NULL,
  password_hash        text NOT NULL,
  role                 text NOT NULL CHECK (role IN ('platform_admin', 'operator', 'department_admin', 'department_clerk', 'auditor')),
  region_code          text NOT NULL REFERENCES region (code),
  department_id        bigint REFERENCES department (id),
  totp_secret          text,
  totp_enabled         boolean NOT NULL DEFAULT false,
  totp_last_step       bigint,
  must_change_password boolean NOT NULL DEFAULT false,
  password_changed_at  timestamptz NOT NULL,
  last_sign_in_at      timestamptz,
  created_at           timestamptz NOT NULL,
  disabled_at          timestamptz,
  CHECK ((role IN ('department_admin', 'department_clerk')) = (department_id IS NOT NULL)),
  CHECK (NOT totp_enabled OR totp_secret IS NOT NULL)
);
COMMENT ON TABLE staff_user IS 'Staff accounts of the work portal. Every account is scoped to a region (province, city, county or 雄安); department roles also to their department, whose region they take.';
COMMENT ON COLUMN staff_user.username IS 'Sign-in name, lower case; unique.';
COMMENT ON COLUMN staff_user.password_hash IS 'argon2id (PHC string: algorithm, parameters, salt and hash).';
COMMENT ON COLUMN staff_user.totp_secret IS 'RFC 6238 TOTP secret (base32), sealed with the field-encryption key (v1:<iv>:<tag>:<ciphertext>).';
COMMENT ON COLUMN staff_user.totp_last_step IS 'The 30-second time step of the last accepted TOTP code: a code is accepted once (no replay).';
COMMENT ON COLUMN staff_user.must_change_password IS 'Set when the password was generated or chosen by an administrator: the user must choose their own before doing anything else.';
COMMENT ON COLUMN staff_user.disabled_at IS 'Disabled accounts cannot sign in and their sessions end; accounts are never deleted (audit refers to them).';

CREATE TABLE sign_in_throttle (
  username_key      text PRIMARY KEY,
  failures          integer NOT NULL DEFAULT 0,
  window_started_at timestamptz,
  next_attempt_at   timestamptz,
  locked_until      timestamptz,
  updated_at        timestamptz NOT NULL
);
COMMENT ON TABLE sign_in_throttle IS 'Failed sign-in counter, growing delay and lockout per attempted user name, whether or not the account exists, so responses never reveal which user names exist. A successful sign-in deletes the row; stale rows are pruned.';
COMMENT ON COLUMN sign_in_throttle.next_attempt_at IS 'Growing delay: no attempt for this user name is checked before this instant.';
COMMENT ON COLUMN sign_in_throttle.locked_until IS 'Lockout after too many failures within the window (rules/access.json).';
CREATE INDEX sign_in_throttle_updated_idx ON sign_in_throttle (updated_at);

CREATE TABLE staff_session (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash   text NOT NULL UNIQUE,
  user_id      bigint NOT NULL REFERENCES staff_user (id),
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ip           text,
  user_agent   text,
  revoked_at   timestamptz
);
COMMENT ON TABLE staff_session IS 'Signed-in sessions of staff. The cookie holds a random 256-bit token; only its SHA-256 is stored. A session ends at its idle or absolute limit (rules/access.json), at sign-out, or when revoked.';
CREATE INDEX staff_session_user_idx ON staff_session (user_id) WHERE revoked_at IS NULL;
