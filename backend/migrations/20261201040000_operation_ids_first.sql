-- Operation ids lead their key (schema version 17). Never edit a migration once
-- merged: add a new file.
--
-- A push looks up the answers its operation ids already have, for the whole batch at
-- once (sync::apply::answers_sql: `user_id = ? AND op_id IN (…)`). With the key led by
-- the user, PostgreSQL planned that look-up as a scan of every answer the user ever had
-- whenever its statistics lagged behind the table, which a push of count lines grows
-- fast: a push slowed as the table grew. Led by the operation id, the ids are the
-- key's first condition in every plan. The operation ids of one app are UUIDv7
-- (time first), so new answers are appended at the end of the key.
--
-- SQLite cannot change a primary key in place: the table is rebuilt with the same
-- columns and rows. Runs with foreign keys off (db::migrate), which checks them after.
CREATE TABLE sync_ops_rekeyed (
    user_id     TEXT NOT NULL REFERENCES users(id),
    op_id       TEXT NOT NULL,
    device_id   TEXT REFERENCES devices(id),
    result      TEXT NOT NULL,
    applied_at  TEXT NOT NULL,
    PRIMARY KEY (op_id, user_id)
) STRICT, WITHOUT ROWID;
INSERT INTO sync_ops_rekeyed (user_id, op_id, device_id, result, applied_at)
    SELECT user_id, op_id, device_id, result, applied_at FROM sync_ops;
DROP TABLE sync_ops;
ALTER TABLE sync_ops_rekeyed RENAME TO sync_ops;
