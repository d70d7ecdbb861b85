-- Tamper-evident audit trail: every audit event is linked into a hash chain (SHA-256 or SM3),
-- and signed checkpoints pin the chain head with the platform's audit signing key.

ALTER TABLE audit_event
  ADD COLUMN seq       bigint,
  ADD COLUMN why       text,
  ADD COLUMN hash_alg  text,
  ADD COLUMN prev_hash text,
  ADD COLUMN hash      text;

-- events written before this migration get their place in the chain by id; they are hashed
-- ("sealed") by the first writer or checkpoint after the upgrade
UPDATE audit_event e SET seq = n.seq
FROM (SELECT id, row_number() OVER (ORDER BY id) AS seq FROM audit_event) n
WHERE e.id = n.id;

ALTER TABLE audit_event ALTER COLUMN seq SET NOT NULL;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_seq_key UNIQUE (seq);
ALTER TABLE audit_event ADD CONSTRAINT audit_event_hash_alg_check CHECK (hash_alg IN ('sha256', 'sm3'));
ALTER TABLE audit_event ADD CONSTRAINT audit_event_sealed_check CHECK ((hash IS NULL) = (hash_alg IS NULL) AND (hash IS NULL) = (prev_hash IS NULL));

COMMENT ON COLUMN audit_event.seq IS 'Position in the hash chain: 1, 2, 3 … without gaps, assigned under the chain-head row lock (id may have gaps).';
COMMENT ON COLUMN audit_event.why IS 'Reason or purpose given by the actor; required for reads of non-public personal data.';
COMMENT ON COLUMN audit_event.hash_alg IS 'Hash of this link: sha256 or sm3 (XINYONG_AUDIT_HASH at write time).';
COMMENT ON COLUMN audit_event.prev_hash IS 'Hash of the event at seq - 1 (64 zeros for seq 1), as the writer saw it.';
COMMENT ON COLUMN audit_event.hash IS 'hex H(prev_hash || "\n" || canonical JSON of the event); see docs/security.md "Audit trail". NULL only for events written before 0004 and not yet sealed.';
COMMENT ON COLUMN audit_event.ip IS 'Where the request came from (client IP as seen by the server).';

CREATE INDEX audit_event_at_idx ON audit_event (at);
CREATE INDEX audit_event_actor_idx ON audit_event (actor, seq);
CREATE INDEX audit_event_action_idx ON audit_event (action, seq);
CREATE INDEX audit_event_target_idx ON audit_event (target, seq);

CREATE TABLE audit_chain_head (
  singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq            bigint NOT NULL,
  hash           text,
  alg            text NOT NULL DEFAULT 'sha256' CHECK (alg IN ('sha256', 'sm3')),
  sealed_through bigint NOT NULL DEFAULT 0
);
COMMENT ON TABLE audit_chain_head IS 'One row: the last seq and hash of the audit chain. Writers lock it (SELECT … FOR UPDATE) until their transaction commits, which keeps the chain linear across processes.';
COMMENT ON COLUMN audit_chain_head.alg IS 'Hash algorithm for new events, set from XINYONG_AUDIT_HASH when the platform opens.';
COMMENT ON COLUMN audit_chain_head.sealed_through IS 'Events up to this seq are hashed; older events (before migration 0004) above it are sealed by the next writer.';
INSERT INTO audit_chain_head (seq) SELECT coalesce(max(seq), 0) FROM audit_event;

CREATE TABLE audit_checkpoint (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seq        bigint NOT NULL UNIQUE,
  hash       text NOT NULL,
  at         timestamptz NOT NULL,
  prev_seq   bigint NOT NULL,
  sig_alg    text NOT NULL CHECK (sig_alg IN ('ed25519', 'sm2')),
  key_id     text NOT NULL,
  signature  text NOT NULL,
  created_by text NOT NULL
);
COMMENT ON TABLE audit_checkpoint IS 'Signed statements "the audit chain at seq N has hash H", by the platform audit signing key; a verifier with the public key detects a chain rewritten after the fact.';
COMMENT ON COLUMN audit_checkpoint.prev_seq IS 'seq of the previous checkpoint (0 for the first); signed, so a deleted checkpoint shows.';
COMMENT ON COLUMN audit_checkpoint.key_id IS 'First 16 hex digits of SHA-256 of the public key (SPKI DER for Ed25519, uncompressed point for SM2).';
COMMENT ON COLUMN audit_checkpoint.signature IS 'Ed25519 signature (base64) or SM2-with-SM3 signature (DER, hex) over the checkpoint statement; see docs/security.md.';
