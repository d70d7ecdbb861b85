-- Subscriptions for responding departments (联合奖惩 响应, issue 13): a department subscribes to list
-- entries and exits of given categories, or to any change to subjects it checked in the last N days.
-- Events are found by a sweep over new record versions (a cursor), one per subscription and record
-- version, delivered as signed webhooks by the job runner; the feed serves the same events to catch up.

CREATE TABLE subscription (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key_id          text NOT NULL UNIQUE,
  department_id   bigint NOT NULL REFERENCES department (id),
  kind            text NOT NULL CHECK (kind IN ('list-changes', 'checked-subjects')),
  categories      jsonb NOT NULL DEFAULT '[]'::jsonb,
  checked_days    integer CHECK (checked_days IS NULL OR checked_days BETWEEN 1 AND 3650),
  url             text,
  secret_sealed   text NOT NULL,
  from_record_id  bigint NOT NULL,
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL,
  created_by      text NOT NULL,
  ended_at        timestamptz,
  CHECK (kind <> 'checked-subjects' OR checked_days IS NOT NULL)
);
COMMENT ON TABLE subscription IS '订阅 of a responding department: list-changes (entries and exits of categories) or checked-subjects (any change to subjects it checked in the last checked_days days). url NULL: feed only.';
COMMENT ON COLUMN subscription.secret_sealed IS 'The webhook signing secret, encrypted with the field key; shown once at creation.';
COMMENT ON COLUMN subscription.from_record_id IS 'Record versions after this id are events for it (nothing from before the subscription).';
CREATE INDEX subscription_department_idx ON subscription (department_id);

CREATE TABLE subscription_cursor (
  id              integer PRIMARY KEY CHECK (id = 1),
  last_record_id  bigint NOT NULL
);
COMMENT ON TABLE subscription_cursor IS 'The last record version the subscriptions sweep has looked at.';
INSERT INTO subscription_cursor (id, last_record_id) SELECT 1, coalesce(max(id), 0) FROM record;

CREATE TABLE subscription_event (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq              bigint GENERATED ALWAYS AS IDENTITY,
  subscription_id  uuid NOT NULL REFERENCES subscription (id),
  record_id        bigint NOT NULL REFERENCES record (id),
  kind             text NOT NULL CHECK (kind IN ('entry', 'exit', 'change')),
  payload          jsonb NOT NULL,
  created_at       timestamptz NOT NULL,
  delivered_at     timestamptz,
  attempts         integer NOT NULL DEFAULT 0,
  UNIQUE (subscription_id, record_id)
);
COMMENT ON TABLE subscription_event IS 'One change for one subscription; id is the event id receivers deduplicate by; seq orders the feed.';
CREATE INDEX subscription_event_feed_idx ON subscription_event (subscription_id, seq);

CREATE TABLE subscription_delivery (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id         uuid NOT NULL REFERENCES subscription_event (id),
  attempt          integer NOT NULL,
  at               timestamptz NOT NULL,
  ok               boolean NOT NULL,
  status_code      integer,
  error            text
);
COMMENT ON TABLE subscription_delivery IS 'Delivery log: every webhook attempt with its outcome.';
CREATE INDEX subscription_delivery_event_idx ON subscription_delivery (event_id, attempt);

CREATE TABLE subscription_feedback (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id         uuid NOT NULL REFERENCES subscription_event (id),
  department_id    bigint NOT NULL REFERENCES department (id),
  action           text NOT NULL CHECK (action IN ('applied', 'not-applied', 'not-applicable', 'noted')),
  note             text NOT NULL,
  created_at       timestamptz NOT NULL,
  created_by       text NOT NULL
);
COMMENT ON TABLE subscription_feedback IS '反馈 of the subscribing department in reply to an event.';

-- 诚信典型 (exemplars, issue 13): nominated by a department, reviewed by an operator (no bad record
-- in the green-channel years, checked by the platform), publicized (公示) on 信用河北 where objections
-- may be filed, approved into an integrity-exemplar list entry; withdrawn when a bad record arrives.
CREATE SEQUENCE exemplar_number_seq;
CREATE TABLE exemplar (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number           text NOT NULL UNIQUE,
  subject_id       bigint NOT NULL REFERENCES subject (id),
  department_id    bigint NOT NULL REFERENCES department (id),
  year             integer NOT NULL,
  title            text NOT NULL,
  domain           text NOT NULL,
  deeds            text NOT NULL,
  status           text NOT NULL DEFAULT 'nominated' CHECK (status IN ('nominated', 'publicity', 'approved', 'rejected', 'withdrawn')),
  nominated_at     timestamptz NOT NULL,
  nominated_by     text NOT NULL,
  reviewed_at      timestamptz,
  reviewed_by      text,
  review_note      text,
  publicity_from   date,
  publicity_until  date,
  decided_at       timestamptz,
  decided_by       text,
  decision_note    text,
  record_id        bigint REFERENCES record (id),
  withdrawn_on     date,
  withdraw_reason  text,
  UNIQUE (subject_id, year, domain)
);
COMMENT ON TABLE exemplar IS '诚信典型 nomination: nominated → publicity (公示, after a review that found no bad record) → approved (record_id: the integrity-exemplar entry) or rejected; withdrawn when a bad record arrives during the publicity or the term.';
CREATE INDEX exemplar_status_idx ON exemplar (status);

CREATE TABLE exemplar_objection (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  exemplar_id      uuid NOT NULL REFERENCES exemplar (id),
  content          text NOT NULL,
  filed_at         timestamptz NOT NULL
);
COMMENT ON TABLE exemplar_objection IS 'Objections filed by the public during an exemplar''s 公示; anonymous (no identity is asked or kept).';

-- 主动申报 (self-declared information, issue 13): a subject signed in through the identity flow
-- declares qualifications, honours, certifications, social-responsibility reports or voluntary
-- commitments; kept apart from department records; a department may flag one false, which files a
-- false-declaration record.
CREATE SEQUENCE declaration_number_seq;
CREATE TABLE declaration (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number           text NOT NULL UNIQUE,
  subject_id       bigint NOT NULL REFERENCES subject (id),
  kind             text NOT NULL CHECK (kind IN ('qualification', 'honour', 'certification', 'social-responsibility', 'commitment')),
  title            text NOT NULL,
  content          text NOT NULL,
  issuer           text,
  valid_until      date,
  declared_on      date NOT NULL,
  declared_at      timestamptz NOT NULL,
  session_id       bigint,
  status           text NOT NULL DEFAULT 'declared' CHECK (status IN ('declared', 'withdrawn', 'false')),
  flagged_on       date,
  flagged_by       text,
  flag_department_id bigint REFERENCES department (id),
  flag_reason      text,
  flag_record_id   bigint REFERENCES record (id)
);
COMMENT ON TABLE declaration IS '主动申报 by the subject itself (never a department record): shown marked 自主申报 with the declaration date; false: flagged by a department (flag_record_id: the false-declaration record).';
CREATE INDEX declaration_subject_idx ON declaration (subject_id, declared_on DESC);
