-- Seizure cases flagged for priority investigation (schema version 12). Never edit a
-- migration once merged: add a new file.

-- The ammunition type that flags a seizure case (Global Framework objective 12 (a)(iv):
-- MANPADS and ATGW), written with each revision by records::insert and
-- records::write_revision from the case's items; NULL for every other record. The
-- review queue shows flagged cases first. The cases already stored get theirs from a
-- Rust hook after this file (db::migrations), with the same rule.
ALTER TABLE records ADD COLUMN priority TEXT
    CHECK (priority IS NULL OR priority = 'manpads' OR priority = 'atgw');
