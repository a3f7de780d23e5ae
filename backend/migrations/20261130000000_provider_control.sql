-- Provider control (schema version 5). Never edit a migration once merged: add a new
-- file.

-- Who holds a photo: an agency holds it once one of its users has sent the bytes
-- (proof of possession). The blob is stored once; reading it takes holding it, or a
-- visible record of a holding agency citing it (see photos::store).
CREATE TABLE photo_holders (
    sha256       TEXT NOT NULL REFERENCES photos(sha256),
    agency_id    TEXT NOT NULL REFERENCES agencies(id),
    uploaded_by  TEXT NOT NULL REFERENCES users(id),
    stored_at    TEXT NOT NULL,
    PRIMARY KEY (sha256, agency_id)
) STRICT, WITHOUT ROWID;
INSERT INTO photo_holders (sha256, agency_id, uploaded_by, stored_at)
    SELECT sha256, agency_id, uploaded_by, stored_at FROM photos;
CREATE INDEX photo_holders_agency ON photo_holders(agency_id);

-- Unfinished uploads: each belongs to the agency that started it (its bytes are kept
-- apart from every other agency's), expires when left untouched, and counts against
-- that agency's quota.
CREATE TABLE upload_sessions (
    agency_id   TEXT NOT NULL REFERENCES agencies(id),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    user_id     TEXT NOT NULL REFERENCES users(id),
    total       INTEGER NOT NULL CHECK (total > 0),
    started_at  TEXT NOT NULL,
    touched_at  TEXT NOT NULL,
    PRIMARY KEY (agency_id, sha256)
) STRICT, WITHOUT ROWID;
CREATE INDEX upload_sessions_touched ON upload_sessions(touched_at);

-- Login attempts per account and per client address, reserved before a password is
-- checked; shared by every server instance on this database.
CREATE TABLE login_attempts (
    key           TEXT PRIMARY KEY,
    window_start  INTEGER NOT NULL,   -- unix seconds
    attempts      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Signed checkpoints of the audit chain: (seq, hash) signed with a key kept outside
-- the database, so a rewritten chain no longer matches them.
CREATE TABLE audit_checkpoints (
    seq         INTEGER PRIMARY KEY,
    hash        TEXT NOT NULL,
    at          TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    signature   TEXT NOT NULL
) STRICT;

-- Every trace query (trace and lot-split): who asked, when, with which criteria. It
-- bounds each user's queries per hour, and tells the holding agencies who traced their
-- records (DIEF rule 16: operational use is discussed with the provider).
CREATE TABLE trace_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    at_secs    INTEGER NOT NULL,     -- unix seconds, for the per-user window
    user_id    TEXT NOT NULL REFERENCES users(id),
    agency_id  TEXT NOT NULL REFERENCES agencies(id),
    criteria   TEXT NOT NULL         -- the normalised criteria, as JSON
) STRICT;
CREATE INDEX trace_log_user ON trace_log(user_id, at_secs);
CREATE INDEX trace_log_agency ON trace_log(agency_id, at_secs);

-- Which agencies' records a trace query matched (visible to the asker or not).
CREATE TABLE trace_notices (
    holder_agency_id  TEXT NOT NULL REFERENCES agencies(id),
    trace_id          INTEGER NOT NULL REFERENCES trace_log(id),
    PRIMARY KEY (holder_agency_id, trace_id)
) STRICT, WITHOUT ROWID;

-- Cases their providers keep out of every trend report (DIEF rule 22).
CREATE TABLE report_withheld (
    record_id  TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    by_user    TEXT NOT NULL REFERENCES users(id),
    at         TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Quarterly releases of the trend tables, each frozen once (see reports::release).
CREATE TABLE report_releases (
    period        TEXT PRIMARY KEY,      -- 2026-Q3
    frozen_at     TEXT NOT NULL,
    min_records   INTEGER NOT NULL,
    min_agencies  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- The cases of each release: a case is in one release at most, for ever.
CREATE TABLE report_release_cases (
    record_id  TEXT PRIMARY KEY REFERENCES records(id),
    period     TEXT NOT NULL REFERENCES report_releases(period)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_release_cases_period ON report_release_cases(period);

-- A release's published table per grouping, as JSON [{value, count|null}].
CREATE TABLE report_release_tables (
    period    TEXT NOT NULL REFERENCES report_releases(period),
    grouping  TEXT NOT NULL,
    body      TEXT NOT NULL,
    PRIMARY KEY (period, grouping)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER report_release_tables_frozen BEFORE UPDATE ON report_release_tables
BEGIN SELECT RAISE(ABORT, 'a published release never changes'); END;
CREATE TRIGGER report_release_cases_frozen BEFORE UPDATE ON report_release_cases
BEGIN SELECT RAISE(ABORT, 'a published release never changes'); END;

-- Operation ids belong to the user who pushed them: another user's push with the same
-- id is simply a new operation of its own, so no answer says that an id was used.
CREATE TABLE sync_ops_by_user (
    user_id     TEXT NOT NULL REFERENCES users(id),
    op_id       TEXT NOT NULL,
    device_id   TEXT REFERENCES devices(id),
    result      TEXT NOT NULL,
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, op_id)
) STRICT, WITHOUT ROWID;
INSERT INTO sync_ops_by_user (user_id, op_id, device_id, result, applied_at)
    SELECT user_id, op_id, device_id, result, applied_at FROM sync_ops;
DROP TABLE sync_ops;
ALTER TABLE sync_ops_by_user RENAME TO sync_ops;
