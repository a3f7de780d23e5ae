-- Ammunition type and hazard classification on the line rows (schema version 13).
-- Never edit a migration once merged: add a new file.
--
-- A reconciliation and its exports read a stock check's lines as rows, never the
-- bodies. They now name each lot's ammunition type (as stated; the marks tell the rest)
-- and its UN hazard classification (`1.1D`), from which a reconciliation lists the
-- locations that hold compatibility groups the storage mixing chart keeps apart
-- (docs/SAFETY.md). tracing::index writes both with every revision; the lines already
-- stored get them from their bodies here.

ALTER TABLE expected_line_rows ADD COLUMN ammunition_type TEXT;
ALTER TABLE expected_line_rows ADD COLUMN hazard TEXT;
ALTER TABLE count_line_rows ADD COLUMN ammunition_type TEXT;
ALTER TABLE count_line_rows ADD COLUMN hazard TEXT;

UPDATE expected_line_rows SET
    ammunition_type = (SELECT json_extract(r.body,
        '$.expected[' || expected_line_rows.line || '].lot.ammunition_type')
        FROM records r WHERE r.id = expected_line_rows.check_id),
    hazard = (SELECT json_extract(r.body,
        '$.expected[' || expected_line_rows.line || '].lot.hazard')
        FROM records r WHERE r.id = expected_line_rows.check_id);

UPDATE count_line_rows SET
    ammunition_type = (SELECT json_extract(r.body, '$.lot.ammunition_type')
        FROM records r WHERE r.id = count_line_rows.record_id),
    hazard = (SELECT json_extract(r.body, '$.lot.hazard')
        FROM records r WHERE r.id = count_line_rows.record_id);
