-- Province-wide settings (measures, the working-day calendar, publication periods, privileged
-- department kinds) are changed only by province-level staff; city and county staff propose a
-- change, which province staff approve (the change is then applied through the owning module's
-- own service, as the approver) or reject, each with a note (issue 17).
CREATE TABLE setting_proposal (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind                  text NOT NULL,
  target                text NOT NULL,
  change                jsonb NOT NULL,
  reason                text NOT NULL CHECK (length(reason) BETWEEN 4 AND 2000),
  proposed_by           text NOT NULL,
  proposer_user_id      bigint NOT NULL REFERENCES staff_user (id),
  proposer_name         text NOT NULL,
  region_code           text NOT NULL REFERENCES region (code),
  status                text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applying', 'approved', 'rejected')),
  created_at            timestamptz NOT NULL,
  decided_by            text,
  decided_at            timestamptz,
  decision_note         text,
  result                jsonb
);
CREATE INDEX setting_proposal_status ON setting_proposal (status, id);
CREATE INDEX setting_proposal_proposer ON setting_proposal (proposer_user_id, id);
COMMENT ON TABLE setting_proposal IS 'A proposed change to a province-wide setting by city or county staff, approved or rejected by province-level staff (src/modules/proposals).';
COMMENT ON COLUMN setting_proposal.kind IS 'The setting kind (measure.change, calendar.load-year, …): registered by the module that owns the setting, which validates and applies the change.';
COMMENT ON COLUMN setting_proposal.change IS 'The proposed change as data: the body the owning module''s own route would take.';
COMMENT ON COLUMN setting_proposal.status IS 'pending → applying (claimed by one approver while the owning module applies it) → approved; or pending → rejected. A failed application returns it to pending.';
COMMENT ON COLUMN setting_proposal.result IS 'What the owning module answered when it applied the change (a summary), for the proposer and the record.';

-- Publication periods changed by province staff: effective-dated entries in the shape of
-- rules/publication.json, in force from their day by the record's decision date, merged with the
-- file's entries when the platform opens and after each change.
CREATE TABLE publication_rule_version (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  effective_from  date NOT NULL UNIQUE,
  rule            jsonb NOT NULL,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL
);
COMMENT ON TABLE publication_rule_version IS 'Publication periods set by province-level staff (POST /api/v1/publication/rules), effective-dated like rules/publication.json entries; an entry here replaces a file entry of the same day.';
