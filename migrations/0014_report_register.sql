-- Report numbers are a register: a number goes only to a report that was produced. A sequence
-- hands out numbers outside the transaction, so a report whose PDF failed left a gap (the first
-- report printed on a machine without a CJK font was number 5). The register row is taken inside
-- the issuing transaction: a failed attempt rolls back and its number is issued again.
CREATE TABLE credit_report_register (
  only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  last_serial bigint NOT NULL
);
COMMENT ON TABLE credit_report_register IS 'The last serial given to an issued credit report; advanced in the same transaction as the report row, so serials have no gaps.';
-- continue after the last serial the old sequence handed out
INSERT INTO credit_report_register (last_serial)
SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM credit_report_seq;
