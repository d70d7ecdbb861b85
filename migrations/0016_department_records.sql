-- A department browses and exports its own current records (issue 10, "own department's records"):
-- newest decision first, filtered by category, decision date, lateness and status. Without this
-- index every page scans the whole record table (no index leads with department_id). Partial on
-- current versions, like the others on record; one more index on the ingest path (docs/operations.md).
CREATE INDEX record_department_idx ON record (department_id, decision_date DESC, id DESC) WHERE superseded_at IS NULL;
