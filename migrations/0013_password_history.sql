-- Earlier password hashes of staff users: a new password may not be one of the last five
-- (rules/access.json password.history), 等保2.0 身份鉴别.
CREATE TABLE staff_password_history (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  replaced_at   timestamptz NOT NULL
);
COMMENT ON TABLE staff_password_history IS 'argon2id hashes of passwords a staff user had before the current one, newest kept: a password change is refused when the new password matches the current one or one of these (rules/access.json password.history counts the current one).';
CREATE INDEX staff_password_history_user_idx ON staff_password_history (user_id, replaced_at DESC);
