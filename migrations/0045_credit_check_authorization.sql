-- The subject's authorization a credit check's shown records rested on (issue 17, decision 0053's
-- leftover). A bank's or agency's check of a person shows the person's non-public records only on
-- the person's valid authorization (授权) to the bank; the check's audit event named it, but the
-- stored check row did not, so the person's access log (built from the stored checks) showed the
-- check without the authorization that opened the file. Kept now with the check, as the full
-- report's read names it: the id and the purpose the subject granted it for (an authorization is
-- never edited, only revoked, so the purpose is the one in force at the check). NULL: the check
-- rested on no authorization (no non-public record shown, or a requester of another kind).
-- No foreign key: the sanctions module does not reach into the authorizations module's table, and
-- authorizations are never deleted.
ALTER TABLE credit_check ADD COLUMN authorization_id uuid, ADD COLUMN authorization_purpose text;
COMMENT ON COLUMN credit_check.authorization_id IS 'The subject''s authorization (subject_authorization.id) the check''s shown non-public records rested on; NULL if none.';
COMMENT ON COLUMN credit_check.authorization_purpose IS 'The purpose of that authorization as the subject granted it, shown in the subject''s access log.';
