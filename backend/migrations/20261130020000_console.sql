-- The console's audit log page lists one agency's entries, newest first.
CREATE INDEX audit_log_agency ON audit_log(actor_agency_id, seq);
