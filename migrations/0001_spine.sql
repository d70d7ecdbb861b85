-- The data spine: regions, departments, API clients, catalog, subjects, batches, records.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE region (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('province', 'city', 'county')),
  parent_code text REFERENCES region (code),
  virtual     boolean NOT NULL DEFAULT false,
  members     text[] NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE region IS 'GB/T 2260 administrative divisions of Hebei, synced from src/kernel/codes/region.ts at start. Virtual regions (雄安新区) group member counties.';

CREATE TABLE department (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uscc        text NOT NULL UNIQUE,
  name        text NOT NULL,
  region_code text NOT NULL REFERENCES region (code),
  level       text NOT NULL CHECK (level IN ('province', 'city', 'county')),
  kinds       text[] NOT NULL DEFAULT '{}',
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN department.kinds IS 'What the department is (market-regulation, finance, court, …); measures name their implementers by kind.';

CREATE TABLE api_client (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key_id        text NOT NULL UNIQUE,
  department_id bigint NOT NULL REFERENCES department (id),
  name          text NOT NULL,
  secret_hash   text NOT NULL,
  scopes        text[] NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);
COMMENT ON COLUMN api_client.secret_hash IS 'SHA-256 of the 256-bit random secret; the secret itself is shown once at creation.';

CREATE TABLE catalog_category (
  code       text NOT NULL,
  version    integer NOT NULL,
  hash       text NOT NULL,
  name       text NOT NULL,
  definition jsonb NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (code, version)
);
COMMENT ON TABLE catalog_category IS 'Every version of every category definition ever loaded from catalog/*.json; records point at the version they were validated against.';

CREATE TABLE subject (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id   uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  subject_key text NOT NULL UNIQUE,
  kind        text NOT NULL CHECK (kind IN ('organization', 'individual_business', 'person')),
  name        text NOT NULL,
  uscc        text,
  org_code    text,
  reg_no      text,
  id_type     text,
  id_blind    text,
  id_cipher   text,
  id_masked   text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE subject IS '信用主体: one row per code (一码索引). subject_key is USCC:<uscc>, REGNO:<工商注册号> (个体工商户 with the placeholder USCC) or ID:<idType>:<blind index>.';
COMMENT ON COLUMN subject.id_blind IS 'HMAC-SHA256 of the normalized document number under a key derived from the master key: look-up without storing the number in clear.';
COMMENT ON COLUMN subject.id_cipher IS 'The document number, AES-256-GCM encrypted (format v1:<iv>:<tag>:<ciphertext>, base64).';
CREATE INDEX subject_uscc_idx ON subject (uscc) WHERE uscc IS NOT NULL;
CREATE INDEX subject_org_code_idx ON subject (org_code) WHERE org_code IS NOT NULL;
CREATE INDEX subject_reg_no_idx ON subject (reg_no) WHERE reg_no IS NOT NULL;
CREATE INDEX subject_name_trgm_idx ON subject USING gin (name gin_trgm_ops);
CREATE INDEX subject_name_prefix_idx ON subject ((name COLLATE "C"));

CREATE TABLE batch (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  department_id   bigint NOT NULL REFERENCES department (id),
  category        text NOT NULL,
  category_version integer NOT NULL,
  source          text NOT NULL CHECK (source IN ('api', 'file')),
  submitted_by    text NOT NULL,
  filename        text,
  file_sha256     text,
  file_size       bigint,
  status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
  rows_processed  integer NOT NULL DEFAULT 0,
  last_row_number integer NOT NULL DEFAULT 1,
  created         integer NOT NULL DEFAULT 0,
  updated         integer NOT NULL DEFAULT 0,
  unchanged       integer NOT NULL DEFAULT 0,
  rejected        integer NOT NULL DEFAULT 0,
  failure         jsonb,
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
COMMENT ON TABLE batch IS '批次: one submission (API call or file). Counters and last_row_number advance in the same transaction as the rows they count, so an interrupted file import resumes exactly where it stopped.';
CREATE INDEX batch_department_idx ON batch (department_id, started_at DESC);
CREATE INDEX batch_resume_idx ON batch (department_id, category, file_sha256) WHERE status = 'running';

CREATE TABLE batch_error (
  batch_id   uuid NOT NULL REFERENCES batch (id),
  row_number integer NOT NULL,
  seq        smallint NOT NULL,
  field      text,
  code       text NOT NULL,
  zh         text NOT NULL,
  en         text NOT NULL,
  value      text,
  PRIMARY KEY (batch_id, row_number, seq)
);

CREATE TABLE record (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category         text NOT NULL,
  category_version integer NOT NULL,
  department_id    bigint NOT NULL REFERENCES department (id),
  source_ref       text NOT NULL,
  version          integer NOT NULL,
  subject_id       bigint NOT NULL REFERENCES subject (id),
  content_hash     text NOT NULL,
  fields           jsonb NOT NULL,
  sealed           text,
  decision_date    date NOT NULL,
  severity         text CHECK (severity IN ('light', 'general', 'serious')),
  status           text NOT NULL DEFAULT 'active',
  pub_from         date,
  pub_until        date,
  late             boolean NOT NULL,
  batch_id         uuid REFERENCES batch (id),
  received_at      timestamptz NOT NULL DEFAULT now(),
  superseded_at    timestamptz
);
COMMENT ON TABLE record IS '信用记录, append-only: each row is one version. A correction inserts version n+1 and stamps superseded_at on version n; nothing is deleted. record_current_key (one current version per key) is what keeps concurrent writers from forking a record.';
COMMENT ON COLUMN record.fields IS 'Catalog fields as submitted after normalization; personal fields (visibility masked) hold their masked form here.';
COMMENT ON COLUMN record.sealed IS 'Personal fields in clear, as AES-256-GCM encrypted JSON; read only by authorized, audited paths.';
COMMENT ON COLUMN record.content_hash IS 'HMAC of the normalized content: a resubmission with the same hash is unchanged.';
COMMENT ON COLUMN record.pub_from IS 'First day the record is public; NULL = never public (轻微, persons, non-public categories).';
COMMENT ON COLUMN record.pub_until IS 'Last day (inclusive) the record is public; NULL with pub_from set = open-ended.';
COMMENT ON COLUMN record.late IS 'Received more than the configured number of working days (7) after the decision date.';
CREATE UNIQUE INDEX record_current_key ON record (category, department_id, source_ref) WHERE superseded_at IS NULL;
CREATE INDEX record_subject_idx ON record (subject_id) WHERE superseded_at IS NULL;
CREATE INDEX record_publication_idx ON record (category, decision_date DESC, id DESC) WHERE superseded_at IS NULL AND pub_from IS NOT NULL;

CREATE TABLE calendar_override (
  date        date PRIMARY KEY,
  working_day boolean NOT NULL,
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE calendar_override IS 'Operator corrections to the official holiday/调休 calendar; they win over the packaged calendar.';

CREATE TABLE calendar_official_year (
  year      integer PRIMARY KEY,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  source    text NOT NULL
);
COMMENT ON TABLE calendar_official_year IS 'Years whose State Council holiday notice was loaded as overrides (beyond what the package covers).';

CREATE TABLE audit_event (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,
  actor_kind text NOT NULL,
  action     text NOT NULL,
  target     text,
  detail     jsonb NOT NULL DEFAULT '{}',
  ip         text
);
COMMENT ON TABLE audit_event IS 'Who did what, when, from where. Every state change writes one in the same transaction.';
