-- A cheaper ingest on PostgreSQL (issue 14, decision 0037).
--
-- 1. JIT off in the ingest triggers. The per-chunk trigger statements (name grams, classification
--    marks, feed and outbox items) are planned against transition tables and a set-returning
--    function the planner cannot size (1,000 rows a call by default), so a chunk of 4,000 new
--    subjects was estimated at ~4 M gram rows: above jit_above_cost, and PostgreSQL's JIT
--    compiled each of them afresh, 0.5–0.9 s a chunk (~150–225 µs per row of the file), for
--    statements that run in tens of milliseconds without it (auto_explain, 2026-12-06). PGlite
--    has no JIT; the setting is harmless there.
ALTER FUNCTION subject_gram_insert() SET jit = off;
ALTER FUNCTION subject_gram_rename() SET jit = off;
ALTER FUNCTION subject_gram_delete() SET jit = off;
ALTER FUNCTION classification_mark_records() SET jit = off;
ALTER FUNCTION exchange_feed_capture_record() SET jit = off;
ALTER FUNCTION exchange_outbox_capture() SET jit = off;

-- 2. subject_grams is inlined into the statements that call it (a STRICT set-returning SQL
--    function never is): the grams of a chunk are computed in the statement's own plan rather
--    than by a function call per name. A NULL name still gives no grams (char_length(NULL) makes
--    an empty series), and the planner now sizes it (~20 rows a name, not 1,000).
ALTER FUNCTION subject_grams(text) CALLED ON NULL INPUT;

-- 3. The name grams compare bytewise. Every lookup of subject_gram is by equality on the gram
--    (publication.store.ts, subjects.store.ts), which a deterministic collation answers alike,
--    but each insert into its key and each sort of a chunk's grams compared text through the
--    database's locale (strcoll, and no abbreviated keys outside "C"): with "C", the sorted
--    insert of a chunk's grams and the bulk mode's rebuild of the key sort in memcmp order.
--    On a C.UTF-8 database (these servers) the order is the same code-point order as before.
--    Rewrites subject_gram once (minutes at tens of millions of rows: a maintenance window).
ALTER TABLE subject_gram ALTER COLUMN gram TYPE text COLLATE "C";

-- 4. subject_key likewise: an internal key ('USCC:…', 'REGNO:…', 'ID:<type>:<blind index>', all
--    ASCII), only ever compared for equality (the upsert's arbiter, the record insert's probe per
--    row, look-ups by code), three times per row of a file through its unique index.
ALTER TABLE subject ALTER COLUMN subject_key TYPE text COLLATE "C";
