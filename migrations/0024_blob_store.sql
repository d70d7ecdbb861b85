-- Original files (blobs) in the database, so that every server of a cluster reads them (issue 14,
-- "Several servers, one platform"; docs/decisions/0022). Used when DATABASE_URL is set; the
-- embedded default keeps its directory (src/kernel/blob-store.ts). Content-addressed: a blob is
-- its SHA-256, written once and never changed. Its content is in chunks of at most 1 MiB, streamed
-- in and out one chunk at a time. While a blob is being written its chunks belong to a temporary
-- owner ('tmp:<random>'); the last step renames them to the hash in one transaction, so a reader
-- never sees half a blob, and a writer that dies leaves only temporary chunks (swept after a day).
CREATE TABLE blob (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size >= 0),
  chunks integer NOT NULL CHECK (chunks >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE blob_chunk (
  owner text NOT NULL, -- the blob's sha256, or 'tmp:<random>' while it is being written
  seq integer NOT NULL CHECK (seq >= 0),
  data bytea NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, seq)
);
