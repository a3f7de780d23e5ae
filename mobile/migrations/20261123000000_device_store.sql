-- The field app's local store. Never edit once merged: add a new migration.

-- Records made or changed on this device, as the app shows them.
CREATE TABLE records (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('count_line', 'seizure_case')),
    -- The record as JSON, exactly as it is pushed.
    body            TEXT NOT NULL,
    -- The stock check of a count line (NULL for other kinds).
    parent_id       TEXT,
    -- Last revision the server acknowledged; NULL until the first acknowledgement.
    server_revision INTEGER,
    local_status    TEXT NOT NULL
                    CHECK (local_status IN ('pending', 'synced', 'rejected', 'conflict')),
    -- Something the user should know from the last acknowledgement.
    notice          TEXT,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX records_parent ON records (parent_id);

-- Changes waiting for the server, in the order they were made.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id           TEXT NOT NULL UNIQUE,
    record_id       TEXT NOT NULL,
    -- The sync::Operation as JSON.
    payload         TEXT NOT NULL,
    -- Pushes that carried this entry; > 0 means the server may have applied it.
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'rejected', 'conflict')),
    -- On a conflict: the server's current revision and record.
    server_revision INTEGER,
    server_record   TEXT,
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_record ON outbox (record_id, state);

-- Photos taken on this device, kept as files named by hash until the server holds them.
CREATE TABLE photos (
    sha256      TEXT PRIMARY KEY,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL CHECK (size > 0),
    state       TEXT NOT NULL DEFAULT 'local' CHECK (state IN ('local', 'uploaded', 'refused')),
    last_error  TEXT,
    added_at    TEXT NOT NULL
) STRICT;

-- One row: where sync stands, and the signed-in session.
CREATE TABLE sync_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    cursor        TEXT,
    last_sync_at  TEXT,
    last_error    TEXT,
    server_url    TEXT,
    token         TEXT,
    device_id     TEXT,
    user_json     TEXT
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- What pull brings.
CREATE TABLE assignments (
    id            TEXT PRIMARY KEY,
    body          TEXT NOT NULL,
    submitted_at  TEXT,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE vocabularies (
    name        TEXT PRIMARY KEY,
    body        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE reviews (
    record_id    TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    record_kind  TEXT NOT NULL,
    decision     TEXT NOT NULL,
    comment      TEXT,
    at           TEXT NOT NULL,
    PRIMARY KEY (record_id, revision)
) STRICT;
