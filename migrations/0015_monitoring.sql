-- Monitoring and evaluation (issue 10): the resource directory (信用信息资源目录) with its history,
-- 零报送 declarations, stored evaluation runs per period, and early warnings (预警).

CREATE TABLE directory_entry (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_key       text NOT NULL,
  revision        integer NOT NULL,
  department_id   bigint REFERENCES department (id),
  department_kind text,
  category        text NOT NULL,
  frequency       text NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly', 'quarterly')),
  effective_from  date NOT NULL,
  zero_counts     boolean NOT NULL DEFAULT true,
  active          boolean NOT NULL DEFAULT true,
  source          text NOT NULL CHECK (source IN ('file', 'operator')),
  file_hash       text,
  note            text,
  created_at      timestamptz NOT NULL,
  created_by      text NOT NULL,
  CHECK ((department_id IS NULL) <> (department_kind IS NULL)),
  UNIQUE (entry_key, revision)
);
COMMENT ON TABLE directory_entry IS '资源目录: every revision of every directory entry (who supplies which category, how often, from when). The highest revision of an entry_key is current; inactive = withdrawn. Entries from directory/*.json have source file; operators add revisions (source operator). An entry names one department or a department kind (every department of that kind); a department''s own entry wins over its kind''s.';
COMMENT ON COLUMN directory_entry.entry_key IS 'department:<USCC>|<category>|<effective_from> or kind:<kind>|<category>|<effective_from>.';
COMMENT ON COLUMN directory_entry.zero_counts IS 'Whether a 零报送 declaration covers a slot of this entry.';

CREATE TABLE zero_declaration (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  department_id bigint NOT NULL REFERENCES department (id),
  category      text NOT NULL,
  period        text NOT NULL,
  period_start  date NOT NULL,
  period_end    date NOT NULL,
  declared_at   timestamptz NOT NULL,
  declared_by   text NOT NULL,
  UNIQUE (department_id, category, period)
);
COMMENT ON TABLE zero_declaration IS '零报送: a department declares it had nothing of a category to report in a period; covers the directory slots that lie inside [period_start, period_end].';

CREATE TABLE evaluation_run (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  period      text NOT NULL,
  run_no      integer NOT NULL,
  ran_at      timestamptz NOT NULL,
  as_of       date NOT NULL,
  trigger     text NOT NULL CHECK (trigger IN ('job', 'demand')),
  ran_by      text NOT NULL,
  result_hash text NOT NULL,
  result      jsonb NOT NULL,
  UNIQUE (period, run_no)
);
COMMENT ON TABLE evaluation_run IS '考核: one stored result per period and run. A run whose figures equal the latest stored run of the period stores nothing new; a run after late data adds run n+1 and keeps the earlier ones.';

CREATE TABLE warning (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL,
  target_kind text NOT NULL CHECK (target_kind IN ('department', 'region', 'subject')),
  target      text NOT NULL,
  target_name text NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  reason      jsonb NOT NULL,
  first_seen  date NOT NULL,
  last_seen   date NOT NULL,
  state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'closed')),
  note        text,
  acked_by    text,
  acked_at    timestamptz,
  closed_by   text,
  closed_at   timestamptz
);
COMMENT ON TABLE warning IS '预警: raised by background work (monitoring, later federation and the court list clock). At most one warning per kind and target is not closed: raising again refreshes last_seen and the reason.';
COMMENT ON COLUMN warning.region_code IS 'The region the warning concerns, for scoping city staff.';
COMMENT ON COLUMN warning.reason IS '{ zh, en, figures }: why, with the numbers.';
CREATE UNIQUE INDEX warning_live_key ON warning (kind, target) WHERE state <> 'closed';
CREATE INDEX warning_state_idx ON warning (state, first_seen DESC);

-- the evaluation reads a period's records by the day they arrived (a range over all departments);
-- the drill-down narrows the same range to one department
CREATE INDEX record_received_idx ON record (received_at, department_id);
