-- Tracemark schema, version 1. Never edit a migration once merged: add a new file.

CREATE TABLE agencies (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    country     TEXT NOT NULL CHECK (length(country) = 2),
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    agency_id      TEXT NOT NULL REFERENCES agencies(id),
    username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('inspector', 'customs_officer', 'supervisor', 'administrator')),
    password_hash  TEXT NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX users_agency ON users(agency_id);

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL,
    platform     TEXT NOT NULL CHECK (platform IN ('android', 'ios', 'desktop')),
    enrolled_at  TEXT NOT NULL,
    revoked_at   TEXT
) STRICT;
CREATE INDEX devices_user ON devices(user_id);

-- Bearer tokens, stored only as the SHA-256 of the token.
CREATE TABLE tokens (
    hash        TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    device_id   TEXT REFERENCES devices(id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT
) STRICT;
CREATE INDEX tokens_user ON tokens(user_id);

-- Append-only, hash-chained audit log.
CREATE TABLE audit_log (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    at               TEXT NOT NULL,
    actor_user_id    TEXT,
    actor_agency_id  TEXT,
    action           TEXT NOT NULL,
    subject          TEXT NOT NULL,
    detail           TEXT NOT NULL,
    prev_hash        TEXT NOT NULL,
    hash             TEXT NOT NULL UNIQUE
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Records of every kind (stock checks, count lines, seizure cases, transfers), each
-- owned by an agency and shared by the scope its provider chose.
CREATE TABLE records (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('stock_check', 'count_line', 'seizure_case', 'transfer')),
    agency_id       TEXT NOT NULL REFERENCES agencies(id),
    scope           TEXT NOT NULL CHECK (scope IN ('own_agency', 'national', 'partners')),
    status          TEXT NOT NULL,
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    body            TEXT NOT NULL,
    author_user_id  TEXT NOT NULL REFERENCES users(id),
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX records_agency_kind ON records(agency_id, kind);
CREATE INDEX records_kind_scope ON records(kind, scope);

CREATE TABLE record_partners (
    record_id  TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    agency_id  TEXT NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (record_id, agency_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX record_partners_agency ON record_partners(agency_id);

-- Every revision of every record, kept forever.
CREATE TABLE record_revisions (
    record_id       TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    revision        INTEGER NOT NULL,
    body            TEXT NOT NULL,
    author_user_id  TEXT NOT NULL REFERENCES users(id),
    device_id       TEXT REFERENCES devices(id),
    at              TEXT NOT NULL,
    PRIMARY KEY (record_id, revision)
) STRICT, WITHOUT ROWID;

-- Photos known to the server (blobs live in the photo store, by SHA-256).
CREATE TABLE photos (
    sha256        TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    media_type    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    agency_id     TEXT NOT NULL REFERENCES agencies(id),  -- first uploader's agency
    uploaded_by   TEXT NOT NULL REFERENCES users(id),
    stored_at     TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Which records reference which photos (a photo may arrive after its record).
CREATE TABLE record_photos (
    record_id  TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    sha256     TEXT NOT NULL,
    PRIMARY KEY (record_id, sha256)
) STRICT, WITHOUT ROWID;
CREATE INDEX record_photos_sha ON record_photos(sha256);
