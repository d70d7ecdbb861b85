-- Commitments (信用承诺): 容缺受理 (tolerance), 告知承诺 (notification), 信用修复承诺 (repair, taken over
-- from repair applications) and 主动承诺 (voluntary), with fulfilment and breach. A breach is also a
-- record of category commitment-breach, filed through collection (the record table keeps it).

CREATE SEQUENCE commitment_number_seq;
COMMENT ON SEQUENCE commitment_number_seq IS 'Serial part of commitment numbers (CN…).';

CREATE TABLE commitment (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number           text NOT NULL UNIQUE,
  subject_id       bigint NOT NULL REFERENCES subject (id),
  kind             text NOT NULL CHECK (kind IN ('tolerance', 'notification', 'repair', 'voluntary')),
  content          text NOT NULL,
  matter_ref       text,
  department_id    bigint NOT NULL REFERENCES department (id),
  made_on          date NOT NULL,
  due_on           date,
  status           text NOT NULL DEFAULT 'in-force' CHECK (status IN ('in-force', 'fulfilled', 'breached', 'void')),
  origin           text NOT NULL CHECK (origin IN ('department', 'repair')),
  repair_id        uuid UNIQUE,
  check_id         uuid,
  created_at       timestamptz NOT NULL,
  created_by       text NOT NULL,
  fulfilled_on     date,
  fulfilment_note  text,
  fulfilled_by     text,
  breached_on      date,
  breach_reason    text,
  breach_evidence  jsonb NOT NULL DEFAULT '[]'::jsonb,
  breached_by      text,
  breach_automatic boolean,
  breach_record_id bigint REFERENCES record (id),
  CHECK (kind <> 'tolerance' OR due_on IS NOT NULL),
  CHECK (due_on IS NULL OR due_on >= made_on)
);
COMMENT ON TABLE commitment IS '信用承诺 a subject made to a department: what, for which matter, made on, due by (tolerance). Status in-force until fulfilled (by the department, with a note) or breached (by the department with reason and evidence, or by the sweep when a tolerance commitment is overdue); void: the repair application it came with was refused.';
COMMENT ON COLUMN commitment.origin IS 'department: recorded by the department (API, CLI, work portal); repair: the commitment of a repair application (repair_id), taken over by the commitments sweep.';
COMMENT ON COLUMN commitment.check_id IS 'The credit check whose result page it was recorded from (its eligibility allowed 容缺受理 / 告知承诺).';
COMMENT ON COLUMN commitment.breach_automatic IS 'true: breached by the sweep (tolerance overdue); false: declared by the department.';
COMMENT ON COLUMN commitment.breach_record_id IS 'The commitment-breach record version the breach created.';
COMMENT ON COLUMN commitment.breach_evidence IS 'Evidence files of a declared breach: [{sha256, filename, contentType, size}], content in the blob store.';
CREATE INDEX commitment_subject_idx ON commitment (subject_id, made_on DESC);
CREATE INDEX commitment_department_idx ON commitment (department_id, made_on DESC);
CREATE INDEX commitment_overdue_idx ON commitment (due_on) WHERE status = 'in-force' AND kind = 'tolerance';
