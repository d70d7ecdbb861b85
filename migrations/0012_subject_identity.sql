-- Real subject identity (issue 17): a subject proves who it is through something it controls —
-- an OpenID Connect identity provider (统一身份认证), its enterprise digital certificate (SM2), or a
-- one-time code to a contact already on file — never through a contact the applicant types in.

CREATE TABLE subject_contact (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id  bigint NOT NULL REFERENCES subject (id),
  kind        text NOT NULL CHECK (kind IN ('mobile', 'email')),
  value_enc   text NOT NULL,
  value_mac   text NOT NULL,
  masked      text NOT NULL,
  source      text NOT NULL CHECK (source IN ('department', 'oidc')),
  source_ref  text NOT NULL,
  added_at    timestamptz NOT NULL,
  removed_at  timestamptz
);
COMMENT ON TABLE subject_contact IS 'Contacts on file for a subject (联系方式): the only places a one-time code is sent. Registered by a department from its records or taken from a verified claim of the identity provider; never typed in by an applicant.';
COMMENT ON COLUMN subject_contact.value_enc IS 'The mobile number or e-mail address, field-encrypted; shown only masked.';
COMMENT ON COLUMN subject_contact.value_mac IS 'Keyed hash of the normalized contact: one row per subject and contact, and the per-contact limit on codes.';
COMMENT ON COLUMN subject_contact.source_ref IS 'department:<id> or subject-session:<id> (the verified session whose provider asserted it).';
CREATE UNIQUE INDEX subject_contact_live_idx ON subject_contact (subject_id, value_mac) WHERE removed_at IS NULL;

ALTER TABLE identity_challenge ADD COLUMN contact_id bigint REFERENCES subject_contact (id);
ALTER TABLE identity_challenge ADD COLUMN requester_key text;
COMMENT ON COLUMN identity_challenge.contact_id IS 'The contact on file the code went to; NULL when code and name match no subject with a contact, or a limit held the code back (the answer is the same, and such a challenge can never verify).';
COMMENT ON COLUMN identity_challenge.requester_key IS 'Keyed hash of the requester''s address: the per-requester limits, which refuse only that requester.';
COMMENT ON COLUMN identity_challenge.destination_masked IS 'The masked contact on file the code went to (or "-"); never in the answer to the challenge, which would tell who is on file.';
CREATE INDEX identity_challenge_requester_idx ON identity_challenge (requester_key, created_at DESC);
CREATE INDEX identity_challenge_contact_idx ON identity_challenge (contact_id, created_at DESC) WHERE contact_id IS NOT NULL;
CREATE INDEX identity_challenge_subject_idx ON identity_challenge (subject_id, created_at DESC) WHERE contact_id IS NOT NULL;

-- OpenID Connect sign-ins under way: state, nonce and PKCE verifier, bound to the browser that began them
CREATE TABLE identity_oidc_flow (
  state_hash        text PRIMARY KEY,
  binding_hash      text NOT NULL,
  verifier_enc      text NOT NULL,
  nonce             text NOT NULL,
  purpose           text NOT NULL,
  redirect_uri      text NOT NULL,
  created_at        timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  used_at           timestamptz
);
COMMENT ON TABLE identity_oidc_flow IS 'OpenID Connect authorization-code flows (统一身份认证) begun on the portal. The state and the browser binding are stored as SHA-256; the PKCE verifier field-encrypted. Single use.';

CREATE TABLE identity_certificate_challenge (
  id          uuid PRIMARY KEY,
  nonce       text NOT NULL,
  purpose     text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  ip          text
);
COMMENT ON TABLE identity_certificate_challenge IS 'Texts an organization signs with its enterprise digital certificate (SM2) to prove it is the USCC the certificate names. Single use, short-lived.';

ALTER TABLE subject_session ALTER COLUMN challenge_id DROP NOT NULL;
ALTER TABLE subject_session ADD COLUMN method text NOT NULL DEFAULT 'otp' CHECK (method IN ('otp', 'oidc', 'certificate'));
ALTER TABLE subject_session ADD COLUMN identity_ref text;
COMMENT ON COLUMN subject_session.method IS 'How the subject proved who it is: otp (code to a contact on file), oidc (identity provider), certificate (enterprise certificate).';
COMMENT ON COLUMN subject_session.identity_ref IS 'oidc: issuer and keyed hash of the provider''s sub; certificate: issuer and serial number.';

-- 窗口代办: staff who saw the applicant's identity document in person
ALTER TABLE objection ADD COLUMN in_person_document text;
ALTER TABLE objection ADD COLUMN in_person_checked_by text;
COMMENT ON COLUMN objection.in_person_document IS 'Filed at a service window (服务窗口): the kind of identity document the staff member saw (e.g. id_card, business_license, authorization_letter).';
COMMENT ON COLUMN objection.in_person_checked_by IS 'The staff member (actor id) who checked the document in person.';
ALTER TABLE repair_application ADD COLUMN in_person_document text;
ALTER TABLE repair_application ADD COLUMN in_person_checked_by text;
COMMENT ON COLUMN repair_application.in_person_document IS 'Filed at a service window: the kind of identity document the staff member saw.';
COMMENT ON COLUMN repair_application.in_person_checked_by IS 'The staff member (actor id) who checked the document in person.';

-- sessions opened by the old check (a code to a typed-in contact) proved nothing: end them
UPDATE subject_session SET revoked_at = now() WHERE revoked_at IS NULL;
