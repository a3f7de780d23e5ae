-- The console's audit log page lists one agency's entries, newest first.
CREATE INDEX audit_log_agency ON audit_log(actor_agency_id, seq);

-- A file a supervisor checked in the console (dry run), kept until they confirm the
-- import or an hour has passed: the browser cannot send it again without script.
CREATE TABLE import_drafts (
    id          TEXT PRIMARY KEY,
    agency_id   TEXT NOT NULL REFERENCES agencies(id),
    user_id     TEXT NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL CHECK (kind IN ('inventory', 'transfers')),
    format      TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    options     TEXT NOT NULL,
    file        BLOB NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX import_drafts_created ON import_drafts(created_at);
