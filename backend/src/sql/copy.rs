//! Moving a deployment's records from its SQLite file into PostgreSQL
//! (`tracemark migrate-store --from sqlite://… --to postgres://…`).
//!
//! Invariant: the target ends with every row of every table of the source, as it was,
//! or the copy says what it stopped at. Tables are copied whole, parents before the
//! tables that point at them, each in transactions of [`BATCH`] rows; a table is marked
//! done in `tracemark_copy` with its row count in the transaction of its last rows, so
//! an interrupted copy, run again, starts the table it stopped in afresh and skips
//! those done. The table goes when everything is copied. The source is only read: stop
//! the service before the copy, or rows written meanwhile are not carried.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, bail};
use rusqlite::types::ValueRef;

use super::deferred::{multi_row, rows_per_statement};
use super::{Arg, Conn, ConnExt, Owned, Params, PgSession, SqlError};
use crate::args;

/// Rows written per transaction.
pub const BATCH: usize = 1000;

/// What one copy did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Copied {
    /// Tables copied by this run, with their rows.
    pub tables: Vec<(String, u64)>,
    /// Tables an earlier, interrupted run had copied already.
    pub already: Vec<String>,
    /// Rows copied by this run.
    pub rows: u64,
}

/// The tables of the source, every table after the tables its foreign keys name.
fn tables_in_order(from: &rusqlite::Connection) -> anyhow::Result<Vec<String>> {
    let names: Vec<String> = from
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in &names {
        let refs: Vec<String> = from
            .prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)")?
            .query_map([t], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        parents.insert(
            t.clone(),
            refs.into_iter()
                .filter(|p| p != t && names.contains(p))
                .collect(),
        );
    }
    let mut ordered = Vec::with_capacity(names.len());
    while ordered.len() < names.len() {
        let ready: Vec<String> = names
            .iter()
            .filter(|t| !ordered.contains(*t))
            .filter(|t| {
                parents
                    .get(*t)
                    .is_none_or(|ps| ps.iter().all(|p| ordered.contains(p)))
            })
            .cloned()
            .collect();
        if ready.is_empty() {
            bail!("the source's foreign keys form a cycle; it is not a Tracemark database");
        }
        ordered.extend(ready);
    }
    Ok(ordered)
}

/// The target's columns of `table`, in order; those the source must have.
fn target_columns(to: &impl Conn, table: &str) -> Result<Vec<String>, SqlError> {
    to.query(
        "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position",
        args![table],
        |r| r.get(0),
    )
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Copies every table of the SQLite database `from` into the PostgreSQL database of
/// `to` (migrated to the same schema version), reporting `progress(table, rows done,
/// rows in the table)`.
pub fn sqlite_to_postgres(
    from: &rusqlite::Connection,
    to: &PgSession,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> anyhow::Result<Copied> {
    let source_version: i64 = from.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let target_version = super::postgres_schema_version();
    if usize::try_from(source_version).ok() != Some(target_version) {
        bail!(
            "the SQLite database has schema version {source_version} and PostgreSQL's is \
             {target_version}: open the SQLite database with this Tracemark first (it \
             migrates it), then copy"
        );
    }
    let c = to.conn();
    c.batch(
        "CREATE TABLE IF NOT EXISTS tracemark_copy (
             table_name TEXT PRIMARY KEY, copied_rows BIGINT NOT NULL)",
    )?;
    let done: BTreeMap<String, i64> = c
        .query(
            "SELECT table_name, copied_rows FROM tracemark_copy",
            args![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .into_iter()
        .collect();
    let tables = tables_in_order(from)?;
    if done.is_empty() {
        for t in &tables {
            let held: i64 = c.query_one(
                &format!("SELECT count(*) FROM {}", quoted(t)),
                args![],
                |r| r.get(0),
            )?;
            if held > 0 {
                bail!(
                    "the PostgreSQL database already holds records ({held} rows in {t}); copy into an empty database"
                );
            }
        }
    }
    let mut out = Copied::default();
    for table in &tables {
        if done.contains_key(table) {
            out.already.push(table.clone());
            continue;
        }
        let rows = copy_table(from, to, table, progress)
            .with_context(|| format!("copying the table {table}"))?;
        out.rows += rows;
        out.tables.push((table.clone(), rows));
    }
    // Identity columns go on from the largest value copied, so the next row the
    // service writes gets a number of its own.
    for (table, column) in c.query(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT)
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND is_identity = 'YES'",
        args![],
        |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)),
    )? {
        c.query_one(
            &format!(
                "SELECT setval(pg_get_serial_sequence(?1, ?2), coalesce(max({col}), 0) + 1, false)
                 FROM {tbl}",
                col = quoted(&column),
                tbl = quoted(&table)
            ),
            args![table, column],
            |r| r.get::<i64>(0),
        )?;
    }
    c.batch("DROP TABLE tracemark_copy")?;
    Ok(out)
}

/// Copies one table afresh; its rows.
fn copy_table(
    from: &rusqlite::Connection,
    to: &PgSession,
    table: &str,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> anyhow::Result<u64> {
    let columns = target_columns(&to.conn(), table)?;
    if columns.is_empty() {
        bail!("PostgreSQL's schema has no table {table}");
    }
    let list = columns
        .iter()
        .map(|c| quoted(c))
        .collect::<Vec<_>>()
        .join(", ");
    // Many rows per statement: a statement per row would spend the copy in round trips.
    let head = format!("INSERT INTO {} ({list}) VALUES", quoted(table));
    let tuple = format!(
        "({})",
        (1..=columns.len())
            .map(|c| format!("?{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let per_statement = rows_per_statement(columns.len());
    let insert = |rows: usize| multi_row(&head, &tuple, columns.len(), rows);
    let full = insert(per_statement);
    let total: i64 = from.query_row(
        &format!("SELECT count(*) FROM {}", quoted(table)),
        [],
        |r| r.get(0),
    )?;
    let total = u64::try_from(total).unwrap_or(0);
    // A table an interrupted run started is copied again from its first row.
    to.conn()
        .batch(&format!("DELETE FROM {}", quoted(table)))
        .or_else(|e| {
            // The audit log refuses deletes: an interrupted copy of it is emptied by
            // dropping its guard for the moment, in one transaction.
            if table == "audit_log" {
                to.transaction(|tx| {
                    tx.batch("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_delete")?;
                    tx.batch("DELETE FROM audit_log")?;
                    tx.batch("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_delete")
                })
            } else {
                Err(e)
            }
        })?;
    let mut stmt = from.prepare(&format!("SELECT {list} FROM {}", quoted(table)))?;
    let mut rows = stmt.query([])?;
    let mut batch: Vec<Vec<Owned>> = Vec::with_capacity(BATCH);
    let mut copied = 0u64;
    let mut flush = |batch: &mut Vec<Vec<Owned>>, last: bool, copied: &mut u64| {
        to.transaction(|tx| {
            for rows in batch.chunks(per_statement) {
                let args: Vec<&dyn Arg> = rows
                    .iter()
                    .flat_map(|row| row.iter().map(|c| c as &dyn Arg))
                    .collect();
                let sql = if rows.len() == per_statement {
                    std::borrow::Cow::Borrowed(full.as_str())
                } else {
                    std::borrow::Cow::Owned(insert(rows.len()))
                };
                tx.execute(&sql, Params::Positional(&args))?;
            }
            *copied += batch.len() as u64;
            if last {
                tx.execute(
                    "INSERT INTO tracemark_copy (table_name, copied_rows) VALUES (?1, ?2)",
                    args![table, i64::try_from(*copied).unwrap_or(i64::MAX)],
                )?;
            }
            Ok::<_, SqlError>(())
        })?;
        batch.clear();
        progress(table, *copied, total);
        Ok::<_, anyhow::Error>(())
    };
    while let Some(r) = rows.next()? {
        let mut row = Vec::with_capacity(columns.len());
        for i in 0..columns.len() {
            row.push(match r.get_ref(i)? {
                ValueRef::Null => Owned::Null,
                ValueRef::Integer(n) => Owned::Int(n),
                ValueRef::Real(f) => Owned::Real(f),
                ValueRef::Text(t) => Owned::Text(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Owned::Blob(b.to_vec()),
            });
        }
        batch.push(row);
        if batch.len() == BATCH {
            flush(&mut batch, false, &mut copied)?;
        }
    }
    flush(&mut batch, true, &mut copied)?;
    Ok(copied)
}
