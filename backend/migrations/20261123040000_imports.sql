-- Imports and reconciliation (schema version 3). Never edit a migration once merged:
-- add a new file.

-- A reconciliation reads every count line of one stock check; count lines name their
-- check inside the body, so the lookup is indexed on that expression.
CREATE INDEX records_count_line_check
    ON records (json_extract(body, '$.stock_check_id'))
    WHERE kind = 'count_line';
