-- Stock-check places (schema version 6). Never edit a migration once merged: add a new
-- file.

-- Each location of each stock check, with the check's depot: indexing a count line
-- for tracing reads one row here instead of its whole stock check (whose body grows
-- with every expected line). Rebuilt with the check in lots::index::reindex.
CREATE TABLE stock_check_locations (
    check_id     TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    location_id  TEXT NOT NULL,
    code         TEXT NOT NULL,
    depot        TEXT,
    PRIMARY KEY (check_id, location_id)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO stock_check_locations (check_id, location_id, code, depot)
    SELECT r.id, json_extract(l.value, '$.id'), coalesce(json_extract(l.value, '$.code'), ''),
           CASE WHEN json_type(r.body, '$.depot') = 'object'
                THEN trim(coalesce(json_extract(r.body, '$.depot.code'), '') || ' ' ||
                          coalesce(json_extract(r.body, '$.depot.name'), ''))
           END
    FROM records r, json_each(r.body, '$.locations') l
    WHERE r.kind = 'stock_check' AND json_extract(l.value, '$.id') IS NOT NULL;

-- Who each stock check is assigned to: a push checks a count line's author here
-- instead of reading the check's whole body.
CREATE TABLE stock_check_assignees (
    check_id  TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL,
    PRIMARY KEY (check_id, user_id)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO stock_check_assignees (check_id, user_id)
    SELECT r.id, a.value FROM records r, json_each(r.body, '$.stock_check.assigned_to') a
    WHERE r.kind = 'stock_check' AND a.type = 'text';
