-- Ammunition type and hazard classification on the line rows (schema version 13; the
-- same change as migrations/20261201000000_line_safety.sql for SQLite, which says
-- why). Never edit a migration once merged: add a new file.

ALTER TABLE expected_line_rows ADD COLUMN ammunition_type TEXT COLLATE "C";
ALTER TABLE expected_line_rows ADD COLUMN hazard TEXT COLLATE "C";
ALTER TABLE count_line_rows ADD COLUMN ammunition_type TEXT COLLATE "C";
ALTER TABLE count_line_rows ADD COLUMN hazard TEXT COLLATE "C";

UPDATE expected_line_rows e SET
    ammunition_type = CAST(r.body AS jsonb)
        #>> ARRAY['expected', CAST(e.line AS TEXT), 'lot', 'ammunition_type'],
    hazard = CAST(r.body AS jsonb)
        #>> ARRAY['expected', CAST(e.line AS TEXT), 'lot', 'hazard']
FROM records r WHERE r.id = e.check_id;

UPDATE count_line_rows l SET
    ammunition_type = CAST(r.body AS jsonb) #>> '{lot,ammunition_type}',
    hazard = CAST(r.body AS jsonb) #>> '{lot,hazard}'
FROM records r WHERE r.id = l.record_id;
