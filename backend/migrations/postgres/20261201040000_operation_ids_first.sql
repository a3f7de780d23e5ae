-- Operation ids lead their key (schema version 17; the same change as
-- migrations/20261201040000_operation_ids_first.sql for SQLite, which says why). Never
-- edit a migration once merged: add a new file.
ALTER TABLE sync_ops DROP CONSTRAINT sync_ops_pkey;
ALTER TABLE sync_ops ADD CONSTRAINT sync_ops_pkey PRIMARY KEY (op_id, user_id);
