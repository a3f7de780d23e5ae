-- Sync (schema version 2). Never edit a migration once merged: add a new file.

-- Operations applied from devices; the first answer is kept, which makes a push
-- idempotent: the same op id pushed again gets the same answer.
CREATE TABLE sync_ops (
    op_id       TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    device_id   TEXT REFERENCES devices(id),
    result      TEXT NOT NULL,
    applied_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- What devices should pull, in order; a pull cursor is a position in this feed.
-- A row is for one user, for every user of one agency, or (both null) for everyone.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('assignment', 'factory_codes', 'review')),
    ref_id     TEXT NOT NULL,
    user_id    TEXT REFERENCES users(id),
    agency_id  TEXT REFERENCES agencies(id),
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX changes_user ON changes(user_id, seq);
CREATE INDEX changes_agency ON changes(agency_id, seq);

-- Supervisors' decisions on submitted records.
CREATE TABLE reviews (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id         TEXT NOT NULL REFERENCES records(id),
    revision          INTEGER NOT NULL,
    decision          TEXT NOT NULL CHECK (decision IN ('approve', 'return')),
    comment           TEXT,
    reviewer_user_id  TEXT NOT NULL REFERENCES users(id),
    at                TEXT NOT NULL
) STRICT;
CREATE INDEX reviews_record ON reviews(record_id);

-- Vocabularies devices sync (factory codes…), one current version each.
CREATE TABLE vocabularies (
    name        TEXT PRIMARY KEY,
    version     INTEGER NOT NULL,
    body        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
