-- Joint reward and punishment (联合奖惩): list entries as records (term, exit), links from
-- organizations to their legal representatives, measures as versioned data, credit checks
-- with their snapshots and feedback, and the dispute hook objections fill.

ALTER TABLE record ADD COLUMN valid_until date;
ALTER TABLE record ADD COLUMN status_on date;
ALTER TABLE record ADD COLUMN status_reason text;
COMMENT ON COLUMN record.status IS 'active; exited (list entry taken off its list by its owner). Other modules add revoked, repaired. Only active versions trigger measures.';
COMMENT ON COLUMN record.valid_until IS 'Last day (inclusive) the record is in force: 有效期至 of a license or list entry (or the list''s default term). NULL = no end. A list entry past it is off the list from the next day, at query time.';
COMMENT ON COLUMN record.status_on IS 'The day the status took effect (exit date for exited).';
COMMENT ON COLUMN record.status_reason IS 'Why the status changed (exit reason), as given by the department.';

-- list pages and exit notices: entries of one list by decision date, and exits by date
CREATE INDEX record_list_exit_idx ON record (category, status_on DESC) WHERE superseded_at IS NULL AND status <> 'active';
CREATE INDEX record_valid_until_idx ON record (category, valid_until) WHERE superseded_at IS NULL AND valid_until IS NOT NULL;

CREATE TABLE subject_link (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_subject_id    bigint NOT NULL REFERENCES subject (id),
  person_subject_id bigint NOT NULL REFERENCES subject (id),
  role              text NOT NULL CHECK (role IN ('legal_representative', 'responsible_person')),
  category          text NOT NULL,
  department_id     bigint NOT NULL REFERENCES department (id),
  source_ref        text NOT NULL,
  record_id         bigint NOT NULL REFERENCES record (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  superseded_at     timestamptz
);
COMMENT ON TABLE subject_link IS 'An organization''s record names a person (法定代表人, 负责人) by document number: serious records and blacklist entries of the organization also belong in that person''s credit file [冀政办字〔2017〕91号 四(一)]. Keyed by the record key (category, department, source_ref) so every later version keeps the link; a version naming someone else supersedes it.';
COMMENT ON COLUMN subject_link.record_id IS 'The record version that first named the person.';
CREATE UNIQUE INDEX subject_link_current_key ON subject_link (category, department_id, source_ref, person_subject_id, role) WHERE superseded_at IS NULL;
CREATE INDEX subject_link_person_idx ON subject_link (person_subject_id) WHERE superseded_at IS NULL;
CREATE INDEX subject_link_org_idx ON subject_link (org_subject_id) WHERE superseded_at IS NULL;

CREATE TABLE record_dispute (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category      text NOT NULL,
  department_id bigint NOT NULL REFERENCES department (id),
  source_ref    text NOT NULL,
  record_id     bigint NOT NULL REFERENCES record (id),
  source        text NOT NULL DEFAULT 'objection',
  source_id     text,
  opened_at     timestamptz NOT NULL DEFAULT now(),
  closed_at     timestamptz
);
COMMENT ON TABLE record_dispute IS 'While a row is open (closed_at NULL) the record is disputed: marked wherever it appears, and every measure it triggers comes back suspended in credit checks [2017 五(三), 2018 四(九)]. The objection workflow opens a row when an objection is filed and closes it with the outcome; keyed by record key so a corrected version stays disputed until closed.';
COMMENT ON COLUMN record_dispute.source_id IS 'Id of what opened it (the objection), for the link back.';
CREATE INDEX record_dispute_open_idx ON record_dispute (category, department_id, source_ref) WHERE closed_at IS NULL;

CREATE TABLE measure_version (
  measure_id   text NOT NULL,
  revision     integer NOT NULL,
  definition   jsonb NOT NULL,
  hash         text NOT NULL,
  source       text NOT NULL CHECK (source IN ('file', 'operator')),
  file_version integer,
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text NOT NULL,
  PRIMARY KEY (measure_id, revision)
);
COMMENT ON TABLE measure_version IS '奖惩措施: every revision of every measure. The highest revision is current; inactive = withdrawn. Built-in measures come from measures/*.json (source file, with the file''s version); operators add and change them through the API (source operator). Credit checks name the revision they applied.';

CREATE TABLE credit_check (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_id    bigint REFERENCES subject (id),
  subject_code  text NOT NULL,
  department_id bigint NOT NULL REFERENCES department (id),
  scenario      text NOT NULL,
  matter_ref    text,
  actor         text NOT NULL,
  checked_at    timestamptz NOT NULL,
  checked_on    date NOT NULL,
  snapshot      jsonb NOT NULL,
  feedback_due  date,
  feedback_at   timestamptz,
  matter_outcome text,
  outcome_note  text
);
COMMENT ON TABLE credit_check IS '信用核查: a snapshot of what applied to a subject for one department and scenario at one moment. Shown to the subject in their access log.';
COMMENT ON COLUMN credit_check.subject_id IS 'NULL when the code named no subject on the platform (the "no record" answer).';
COMMENT ON COLUMN credit_check.subject_code IS 'The code as checked; document numbers of persons only masked.';
COMMENT ON COLUMN credit_check.snapshot IS 'The answer exactly as given to the department (measures with triggers, basis, suspension, eligibility).';
COMMENT ON COLUMN credit_check.feedback_due IS 'Last day for feedback (configurable working days after the check); NULL when no measure applied, so none is owed.';
CREATE INDEX credit_check_subject_idx ON credit_check (subject_id, checked_at DESC) WHERE subject_id IS NOT NULL;
CREATE INDEX credit_check_department_idx ON credit_check (department_id, checked_at DESC);
CREATE INDEX credit_check_pending_idx ON credit_check (department_id, feedback_due) WHERE feedback_due IS NOT NULL AND feedback_at IS NULL;

CREATE TABLE credit_check_measure (
  check_id          uuid NOT NULL REFERENCES credit_check (id),
  measure_id        text NOT NULL,
  revision          integer NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('reward', 'punishment')),
  suspended         boolean NOT NULL,
  trigger_record_ids bigint[] NOT NULL,
  until             date,
  outcome           text CHECK (outcome IN ('applied', 'not_applied', 'not_applicable')),
  reason            text,
  feedback_at       timestamptz,
  feedback_by       text,
  PRIMARY KEY (check_id, measure_id)
);
COMMENT ON TABLE credit_check_measure IS 'One row per measure a check returned, with the department''s feedback (反馈): applied, not applied (with reason) or not applicable. Suspended measures owe no feedback.';
CREATE INDEX credit_check_measure_measure_idx ON credit_check_measure (measure_id);
COMMENT ON COLUMN credit_check_measure.trigger_record_ids IS 'Record versions (list entries, records) that triggered the measure; empty for condition triggers (clean record). Lets a revoked or corrected record find the checks it affected.';
CREATE INDEX credit_check_measure_trigger_idx ON credit_check_measure USING gin (trigger_record_ids);
