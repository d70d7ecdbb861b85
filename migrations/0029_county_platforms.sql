-- County virtual platforms (县级虚拟平台, issue 11, decisions/0029, docs/exchange.md "Counties"):
-- a county is not an installation but a section of its city's node. Enabling one gives it a
-- public portal entry (/county/CODE) and a dashboard scope; its departments, staff and records
-- already live on the city node with the county's region code.
CREATE TABLE county_platform (
  region_code  text PRIMARY KEY,
  name         text NOT NULL,
  city_code    text NOT NULL,
  enabled_at   timestamptz NOT NULL,
  enabled_by   text NOT NULL,
  disabled_at  timestamptz,
  disabled_by  text
);
COMMENT ON TABLE county_platform IS '县级虚拟平台: counties enabled on this node (GB/T 2260 county codes within the node''s region). disabled_at set = disabled; enabling again clears it. Every change is in the audit trail (county.enable / county.disable).';
COMMENT ON COLUMN county_platform.city_code IS 'the city-level region the county belongs to (雄安''s member counties: their prefecture city), for grouping in lists';
