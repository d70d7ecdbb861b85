-- 信用警示 (issue 13, the 失信被执行人 lifecycle): a stage before entry on a list, where the list's rules
-- allow it (rules/list-lifecycle.json). Recorded by a department of the list's owner kind for a
-- subject on file; visible to staff only, never published, triggers no measure. It ends by its
-- last day, by being lifted (with a reason), or when the department enters the subject on the list
-- (read at query time: an active entry of the same department and category for the subject,
-- entered on or after the warning's first day).

CREATE TABLE list_credit_warning (
  id              bigserial PRIMARY KEY,
  category        text NOT NULL,
  department_id   bigint NOT NULL REFERENCES department (id),
  subject_id      bigint NOT NULL REFERENCES subject (id),
  ref             text NOT NULL CHECK (length(ref) BETWEEN 1 AND 128),
  reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  first_day       date NOT NULL,
  last_day        date NOT NULL CHECK (last_day >= first_day),
  lifted_on       date,
  lift_reason     text CHECK (lift_reason IS NULL OR length(lift_reason) <= 2000),
  created_at      timestamptz NOT NULL,
  created_by      text NOT NULL,
  UNIQUE (category, department_id, ref)
);
COMMENT ON TABLE list_credit_warning IS '信用警示: a stage before entry on a list (staff only, never public, no measures); ref is the case (案号) it concerns.';
CREATE INDEX list_credit_warning_subject_idx ON list_credit_warning (subject_id);
CREATE INDEX list_credit_warning_department_idx ON list_credit_warning (department_id, first_day DESC);

