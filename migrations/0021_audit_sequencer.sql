-- The audit chain off the commit path (issue 14, docs/decisions/0019-audit-chain-sequencer.md).
-- A business transaction inserts its audit events unchained (seq, prev_hash, hash NULL), with no
-- lock beyond its own rows; the sequencer (src/kernel/audit.ts chainAuditEvents, one at a time by
-- an advisory lock and the chain-head row lock) links committed events into the hash chain soon
-- after. Events already chained keep their seq and hashes: existing chains verify unchanged.

ALTER TABLE audit_event ALTER COLUMN seq DROP NOT NULL;
ALTER TABLE audit_event ADD COLUMN chained_at timestamptz;

-- unchained: all three NULL; chained: all three set (events from before 0004 keep seq without hash
-- until sealed, as before)
ALTER TABLE audit_event ADD CONSTRAINT audit_event_chained_check CHECK (seq IS NOT NULL OR hash IS NULL);

-- what the sequencer looks for: small (only events waiting), in the order they are linked
CREATE INDEX audit_event_unchained_idx ON audit_event (id) WHERE seq IS NULL;

COMMENT ON COLUMN audit_event.seq IS 'Position in the hash chain: 1, 2, 3 … without gaps, assigned by the audit sequencer after the writing transaction committed (NULL until then, normally under a second); id is insertion order and may have gaps.';
COMMENT ON COLUMN audit_event.chained_at IS 'When the sequencer linked the event (database clock); not hashed. chained_at - at bounds the delay from commit to chain. NULL for events chained before migration 0021 and for unchained ones.';
COMMENT ON TABLE audit_chain_head IS 'One row: the last seq and hash of the audit chain. Only the audit sequencer advances it (under an advisory lock and SELECT … FOR UPDATE of this row), so the chain stays linear across processes; writers of events do not touch it.';
COMMENT ON COLUMN audit_chain_head.sealed_through IS 'Events up to this seq are hashed; older events (before migration 0004) above it are sealed by the sequencer first.';
