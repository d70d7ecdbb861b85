-- Subject authorizations (信息主体授权): a subject's consent, recorded on the platform, that a
-- named requester (a department of an agency or bank kind) may read their non-public data for a
-- stated purpose within a validity window. Revocable; never deleted.

CREATE TABLE subject_authorization (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_id              bigint NOT NULL REFERENCES subject (id),
  requester_department_id bigint NOT NULL REFERENCES department (id),
  scope                   text NOT NULL CHECK (scope IN ('full-report', 'credit-file')),
  purpose                 text NOT NULL CHECK (length(purpose) > 0),
  valid_from              date NOT NULL,
  valid_until             date NOT NULL,
  granted_at              timestamptz NOT NULL,
  granted_session         bigint REFERENCES subject_session (id),
  revoked_at              timestamptz,
  CHECK (valid_until >= valid_from)
);
COMMENT ON TABLE subject_authorization IS 'Authorizations (授权) a subject grants, after the public-portal identity check, to a requester department (bank, credit agency…) to read their non-public data. A query by such a requester needs one that is valid on the day, unrevoked and of the scope read.';
COMMENT ON COLUMN subject_authorization.requester_department_id IS 'The department (as registered on the platform) whose systems and staff may use the authorization.';
COMMENT ON COLUMN subject_authorization.scope IS 'What may be read: full-report = full-edition credit report; credit-file = the credit file.';
COMMENT ON COLUMN subject_authorization.valid_from IS 'First day (Asia/Shanghai) the authorization may be used.';
COMMENT ON COLUMN subject_authorization.valid_until IS 'Last day (inclusive) the authorization may be used.';
COMMENT ON COLUMN subject_authorization.granted_session IS 'The subject session (identity check) in which the subject granted it.';
COMMENT ON COLUMN subject_authorization.revoked_at IS 'When the subject revoked it; from then on it authorizes nothing.';
CREATE INDEX subject_authorization_lookup_idx ON subject_authorization (subject_id, requester_department_id, scope);
