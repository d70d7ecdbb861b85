-- Tips (举报): the public reports serious dishonesty; the reporter's identity is sealed with a key of
-- its own (the tip key, not the ID-number key) and read only by the tip handlers of the department
-- the tip is routed to, every read audited with its purpose (冀政办字〔2017〕91号 四(二)).

-- a new staff role: handles the tips routed to its department (a department role)
ALTER TABLE staff_user DROP CONSTRAINT staff_user_role_check;
ALTER TABLE staff_user ADD CONSTRAINT staff_user_role_check
  CHECK (role IN ('platform_admin', 'operator', 'department_admin', 'department_clerk', 'auditor', 'tip_handler'));
ALTER TABLE staff_user DROP CONSTRAINT staff_user_check;
ALTER TABLE staff_user ADD CONSTRAINT staff_user_check
  CHECK ((role IN ('department_admin', 'department_clerk', 'tip_handler')) = (department_id IS NOT NULL));

CREATE TABLE tip (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  receipt_number   text NOT NULL UNIQUE,
  query_code_hash  text NOT NULL,
  subject_name     text NOT NULL,
  subject_code     text,
  subject_region   text NOT NULL REFERENCES region (code),
  matter           text NOT NULL,
  matter_kind      text NOT NULL,
  reporter_sealed  text,
  department_id    bigint REFERENCES department (id),
  status           text NOT NULL DEFAULT 'received'
                   CHECK (status IN ('received', 'in-progress', 'substantiated', 'unsubstantiated', 'not-competent')),
  received_on      date NOT NULL,
  due_date         date NOT NULL,
  escalation_level integer NOT NULL DEFAULT 0,
  escalated_on     date,
  outcome_on       date,
  outcome_note     text,
  public_reply     text,
  forwarded_to     text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((status IN ('substantiated', 'unsubstantiated', 'not-competent')) = (outcome_on IS NOT NULL)),
  CHECK (status <> 'not-competent' OR forwarded_to IS NOT NULL)
);
COMMENT ON TABLE tip IS 'Tips (举报) from the public. No column holds the reporter in clear: reporter_sealed is sealed with the tip key (XINYONG_TIP_KEYS, apart from the ID-number key); anonymous tips have none.';
COMMENT ON COLUMN tip.query_code_hash IS 'SHA-256 of the query code given once to the reporter (high-entropy, random): with the receipt number it shows the status, never the notes.';
COMMENT ON COLUMN tip.subject_region IS 'The region the tip is routed in: from the subject code (USCC registration authority, ID number address code), else the subject on file, else the province.';
COMMENT ON COLUMN tip.matter_kind IS 'The department kind the matter belongs to (rules/tips.json routing keywords; default credit-office).';
COMMENT ON COLUMN tip.department_id IS 'The department handling the tip; NULL while no department of the kind exists up the region chain (operators route it).';
COMMENT ON COLUMN tip.outcome_note IS 'Internal: never shown to the reporter.';
COMMENT ON COLUMN tip.public_reply IS 'What the reporter sees with the outcome (short, written for the public).';
CREATE INDEX tip_department ON tip (department_id, status);
CREATE INDEX tip_open_due ON tip (due_date) WHERE status IN ('received', 'in-progress');

CREATE TABLE tip_evidence (
  tip_id       bigint NOT NULL REFERENCES tip (id),
  seq          integer NOT NULL,
  sha256       text NOT NULL,
  content_type text NOT NULL,
  size         bigint NOT NULL,
  uploaded_at  timestamptz NOT NULL,
  PRIMARY KEY (tip_id, seq)
);
COMMENT ON TABLE tip_evidence IS 'Evidence files of a tip, in the blob store, typed by their content. No file name is kept (a name may identify the reporter).';

CREATE TABLE tip_note (
  tip_id  bigint NOT NULL REFERENCES tip (id),
  seq     integer NOT NULL,
  at      timestamptz NOT NULL,
  actor   text NOT NULL,
  kind    text NOT NULL CHECK (kind IN ('note', 'route', 'escalation', 'outcome', 'record-link')),
  text    text NOT NULL,
  PRIMARY KEY (tip_id, seq)
);
COMMENT ON TABLE tip_note IS 'Internal handling history of a tip (notes, routing, escalation, outcome): staff only, never shown to the reporter.';

CREATE TABLE tip_record_link (
  tip_id    bigint NOT NULL REFERENCES tip (id),
  record_id bigint NOT NULL REFERENCES record (id),
  linked_at timestamptz NOT NULL,
  PRIMARY KEY (tip_id, record_id)
);
COMMENT ON TABLE tip_record_link IS 'A substantiated tip and the record its department later submitted through normal collection.';

CREATE TABLE tip_rate (
  address_key  text NOT NULL,
  window_start timestamptz NOT NULL,
  action       text NOT NULL CHECK (action IN ('file', 'evidence', 'status')),
  count        integer NOT NULL,
  PRIMARY KEY (address_key, action, window_start)
);
COMMENT ON TABLE tip_rate IS 'Per-address counters of the public tip routes. address_key is a keyed hash of the address and the window (no address in clear); rows are deleted once their window ends. Nothing else about a reporter is kept here.';
