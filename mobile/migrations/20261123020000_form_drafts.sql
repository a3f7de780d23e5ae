-- Forms being typed, kept as they change so an app killed mid-entry loses nothing.
-- Local only: nothing here is sent until the user saves the record itself.
CREATE TABLE form_drafts (
    key         TEXT PRIMARY KEY,
    body        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
