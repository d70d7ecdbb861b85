-- Subject rights: identity check of subjects on the public portal, objections (异议), credit
-- repair (信用修复), evidence files, notices to departments and operators (outbox), and credit
-- reports (信用报告) with their verification data.

CREATE TABLE identity_challenge (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_id         bigint REFERENCES subject (id),
  identity_key       text NOT NULL,
  purpose            text NOT NULL,
  channel            text NOT NULL,
  destination_masked text NOT NULL,
  otp_mac            text NOT NULL,
  created_at         timestamptz NOT NULL,
  expires_at         timestamptz NOT NULL,
  attempts           integer NOT NULL DEFAULT 0,
  max_attempts       integer NOT NULL,
  verified_at        timestamptz,
  ip                 text
);
COMMENT ON TABLE identity_challenge IS 'One-time codes (一次性验证码) sent to a subject who names themselves by code and name on the public portal. The answer is the same whether or not the code and name match a subject, so nobody learns who is on the platform.';
COMMENT ON COLUMN identity_challenge.subject_id IS 'The subject the code and name match; NULL when they match none (a verified session then sees an empty file).';
COMMENT ON COLUMN identity_challenge.identity_key IS 'Keyed hash of the normalized code and name: limits challenges per identity without storing them in clear.';
COMMENT ON COLUMN identity_challenge.otp_mac IS 'Keyed hash (field-crypto content MAC) of the challenge id and the code; the code itself is never stored.';
COMMENT ON COLUMN identity_challenge.attempts IS 'Wrong codes entered; at max_attempts the challenge is dead.';
CREATE INDEX identity_challenge_key_idx ON identity_challenge (identity_key, created_at DESC);

CREATE TABLE subject_session (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash   text NOT NULL UNIQUE,
  challenge_id uuid NOT NULL REFERENCES identity_challenge (id),
  subject_id   bigint REFERENCES subject (id),
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
COMMENT ON TABLE subject_session IS 'A subject whose identity was checked by a one-time code: the token (header X-Xy-Subject-Token) lets them read their own file and file objections and repair applications. Only the SHA-256 of the token is stored.';

CREATE SEQUENCE rights_number_seq;
COMMENT ON SEQUENCE rights_number_seq IS 'Serial part of objection (YY…) and repair (XF…) numbers.';

CREATE TABLE objection (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number              text NOT NULL UNIQUE,
  subject_id          bigint NOT NULL REFERENCES subject (id),
  subject_kind        text NOT NULL CHECK (subject_kind IN ('organization', 'individual_business', 'person')),
  filed_via           text NOT NULL CHECK (filed_via IN ('portal', 'staff')),
  filed_by            text NOT NULL,
  session_id          bigint REFERENCES subject_session (id),
  applicant_name      text,
  applicant_contact   text,
  contact_masked      text,
  reason              text NOT NULL,
  filed_at            timestamptz NOT NULL,
  filed_on            date NOT NULL,
  working_days        integer NOT NULL,
  due_date            date NOT NULL,
  due_provisional     boolean NOT NULL,
  rule_source         text NOT NULL,
  status              text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided')),
  decided_at          timestamptz,
  escalated_at        timestamptz
);
COMMENT ON TABLE objection IS '异议: a subject contests one or more records. The providing departments verify within working_days of filed_on (20 for a person, 15 for a market entity: 冀政办字〔2017〕91号 五(三), 冀社信发〔2018〕2号 四(九), rules/rights.json); meanwhile the records are disputed (record_dispute) and their measures suspended.';
COMMENT ON COLUMN objection.applicant_contact IS 'Contact of the applicant (phone or e-mail), sealed by field encryption; contact_masked is what staff see.';
COMMENT ON COLUMN objection.due_date IS 'Last day for the departments'' answers: working_days working days after filed_on (the filing day not counted).';
COMMENT ON COLUMN objection.due_provisional IS 'The due date depends on a year whose State Council holiday notice is not loaded (statutory holidays assumed); recomputed when the notice is loaded.';
COMMENT ON COLUMN objection.escalated_at IS 'Set once by the deadline sweep when the objection is still open after its due date: escalated to the operator.';
CREATE INDEX objection_subject_idx ON objection (subject_id, filed_at DESC);
CREATE INDEX objection_open_due_idx ON objection (due_date) WHERE status = 'open';

CREATE TABLE objection_item (
  objection_id     uuid NOT NULL REFERENCES objection (id),
  seq              smallint NOT NULL,
  category         text NOT NULL,
  department_id    bigint NOT NULL REFERENCES department (id),
  source_ref       text NOT NULL,
  record_id        bigint NOT NULL REFERENCES record (id),
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'corrected', 'revoked', 'upheld')),
  note             text,
  decided_at       timestamptz,
  decided_on       date,
  decided_by       text,
  result_record_id bigint REFERENCES record (id),
  PRIMARY KEY (objection_id, seq)
);
COMMENT ON TABLE objection_item IS 'One contested record of an objection, answered by the record''s department: corrected (a new version), revoked (a new version with status revoked) or upheld, with the explanation in note.';
COMMENT ON COLUMN objection_item.record_id IS 'The record version the subject contested.';
COMMENT ON COLUMN objection_item.result_record_id IS 'The version the outcome produced (correction or revocation); NULL for upheld.';
CREATE UNIQUE INDEX objection_item_open_key ON objection_item (category, department_id, source_ref) WHERE status = 'open';
CREATE INDEX objection_item_department_idx ON objection_item (department_id, status);
CREATE INDEX objection_item_record_key_idx ON objection_item (category, department_id, source_ref);

CREATE TABLE repair_application (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number              text NOT NULL UNIQUE,
  subject_id          bigint NOT NULL REFERENCES subject (id),
  category            text NOT NULL,
  department_id       bigint NOT NULL REFERENCES department (id),
  source_ref          text NOT NULL,
  record_id           bigint NOT NULL REFERENCES record (id),
  filed_via           text NOT NULL CHECK (filed_via IN ('portal', 'staff')),
  filed_by            text NOT NULL,
  session_id          bigint REFERENCES subject_session (id),
  applicant_name      text,
  applicant_contact   text,
  contact_masked      text,
  obligations         text NOT NULL,
  commitment          text NOT NULL,
  filed_at            timestamptz NOT NULL,
  filed_on            date NOT NULL,
  earliest_date       date,
  working_days        integer NOT NULL,
  due_date            date NOT NULL,
  due_provisional     boolean NOT NULL,
  rule_source         text NOT NULL,
  status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  decision_reason     text,
  decided_at          timestamptz,
  decided_on          date,
  decided_by          text,
  result_record_id    bigint REFERENCES record (id),
  escalated_at        timestamptz
);
COMMENT ON TABLE repair_application IS '信用修复申请 for one record, reviewed by the record''s department within working_days (rules/rights.json). Approval makes a new version with status repaired: the record leaves publication and triggers no measure; the result and the applicant''s commitment are published.';
COMMENT ON COLUMN repair_application.obligations IS 'How the applicant fulfilled the obligations of the decision (履行义务); the evidence files are in rights_evidence.';
COMMENT ON COLUMN repair_application.commitment IS '信用承诺: the public commitment the applicant made, published with an approval.';
COMMENT ON COLUMN repair_application.earliest_date IS 'First day repair was allowed for the record (its minimum publication period or list term passed) at filing.';
CREATE UNIQUE INDEX repair_pending_key ON repair_application (category, department_id, source_ref) WHERE status = 'pending';
CREATE INDEX repair_subject_idx ON repair_application (subject_id, filed_at DESC);
CREATE INDEX repair_department_idx ON repair_application (department_id, status);
CREATE INDEX repair_approved_idx ON repair_application (decided_on DESC) WHERE status = 'approved';

CREATE TABLE rights_evidence (
  owner_kind   text NOT NULL CHECK (owner_kind IN ('objection', 'repair')),
  owner_id     uuid NOT NULL,
  seq          smallint NOT NULL,
  purpose      text NOT NULL CHECK (purpose IN ('evidence', 'obligations')),
  sha256       text NOT NULL,
  filename     text NOT NULL,
  content_type text NOT NULL,
  size         integer NOT NULL,
  uploaded_at  timestamptz NOT NULL,
  uploaded_by  text NOT NULL,
  PRIMARY KEY (owner_kind, owner_id, seq)
);
COMMENT ON TABLE rights_evidence IS 'Evidence files of objections and repair applications; the content is in the content-addressed blob store under sha256, never overwritten.';

CREATE TABLE rights_notice (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  audience        text NOT NULL CHECK (audience IN ('department', 'operator')),
  department_id   bigint REFERENCES department (id),
  kind            text NOT NULL,
  ref             text NOT NULL,
  payload         jsonb NOT NULL,
  created_at      timestamptz NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  delivered_at    timestamptz,
  last_error      text,
  UNIQUE NULLS NOT DISTINCT (kind, ref, audience, department_id)
);
COMMENT ON TABLE rights_notice IS 'Outbox of notices (objection filed, overdue, decided; repair filed, overdue; credit checks affected by a revocation or correction) for the pluggable outbound notifier. Written in the transaction of the event; delivered after commit and retried by the sweep. The unique key makes every notice idempotent.';
CREATE INDEX rights_notice_pending_idx ON rights_notice (next_attempt_at) WHERE delivered_at IS NULL;
CREATE INDEX rights_notice_department_idx ON rights_notice (department_id, created_at DESC);

CREATE SEQUENCE credit_report_seq;

CREATE TABLE credit_report (
  number       text PRIMARY KEY,
  subject_id   bigint NOT NULL REFERENCES subject (id),
  edition      text NOT NULL CHECK (edition IN ('public', 'full')),
  issued_at    timestamptz NOT NULL,
  as_of        date NOT NULL,
  requested_by text NOT NULL,
  purpose      text,
  code_mac     text NOT NULL,
  content      jsonb NOT NULL,
  hash_alg     text NOT NULL CHECK (hash_alg IN ('sha256', 'sm3')),
  content_hash text NOT NULL,
  data_hash    text NOT NULL,
  pdf_sha256   text NOT NULL,
  pdf_size     integer NOT NULL,
  sig_alg      text NOT NULL CHECK (sig_alg IN ('ed25519', 'sm2')),
  key_id       text NOT NULL,
  signature    text NOT NULL
);
COMMENT ON TABLE credit_report IS '信用报告 as issued: the report content (JSON), its hash, the hash of the subject''s data alone (to tell later whether it changed), the PDF''s SHA-256 (the PDF is in the blob store) and the platform''s signature over all of them (audit signing key).';
COMMENT ON COLUMN credit_report.code_mac IS 'Keyed hash of the verification code printed on the report; the code is not stored.';
COMMENT ON COLUMN credit_report.data_hash IS 'Hash of the subject and records part of the content: a report made today with a different data hash means the subject''s information changed since issue.';
COMMENT ON COLUMN credit_report.signature IS 'Signature (audit signing key, Ed25519 base64 or SM2 DER hex) over "xinyong-report/v1\nnumber\nissuedAt\nedition\nhashAlg:contentHash\npdfSha256"; see docs/reports.md.';
CREATE INDEX credit_report_subject_idx ON credit_report (subject_id, issued_at DESC);
CREATE INDEX credit_report_pdf_idx ON credit_report (pdf_sha256);
