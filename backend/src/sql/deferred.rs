//! Writes gathered and sent together: a [`Conn`] that holds back plain `INSERT …
//! VALUES (…)` statements and sends them as multi-row statements, one per table and at
//! most [`ROWS_PER_STATEMENT`] rows each, when anything else runs or [`Deferred::flush`]
//! is called. On PostgreSQL every statement is a round trip, so a push of 500 count
//! lines sends a handful of statements instead of 2,000.
//!
//! Invariant: a query never misses a write made before it (everything held back is sent
//! first), and tables receive their rows in the order the statements were made, tables
//! in the order each was first written, so a row's parents (written first) are always
//! there before it. Statements that answer something (`RETURNING`), resolve conflicts
//! (`ON CONFLICT`) or are not `INSERT … VALUES` run at once, as written.

use std::cell::RefCell;

use super::{Arg, Conn, Engine, Owned, Params, Row, SqlError};

/// Rows sent per statement, at most.
pub const ROWS_PER_STATEMENT: usize = 200;
/// Parameters one statement takes, at most (PostgreSQL's limit; SQLite's is higher).
const MAX_PARAMETERS: usize = 65_535;

/// A connection that holds back plain inserts (see the module).
pub struct Deferred<'c, C: Conn> {
    conn: &'c C,
    /// Statements held back: the statement's head (`INSERT INTO t (…) VALUES`), its
    /// values tuple, and each row's values.
    held: RefCell<Vec<Held>>,
    /// Whether inserts are held back at all (see [`Deferred::new`]).
    hold: bool,
}

struct Held {
    head: String,
    tuple: String,
    params: usize,
    rows: Vec<Vec<Owned>>,
}

/// The head and the values tuple of a plain `INSERT … VALUES (…)` with positional
/// parameters `?1`…`?N` each used once in the tuple, and N; `None` for anything else.
fn plain_insert(sql: &str) -> Option<(&str, &str, usize)> {
    let trimmed = sql.trim();
    let upper = trimmed.to_ascii_uppercase();
    if !upper.starts_with("INSERT INTO")
        || upper.contains("RETURNING")
        || upper.contains("ON CONFLICT")
        || upper.contains("SELECT")
    {
        return None;
    }
    let at = upper.rfind("VALUES")? + "VALUES".len();
    let (head, tuple) = (trimmed.get(..at)?, trimmed.get(at..)?.trim());
    if !tuple.starts_with('(') || !tuple.ends_with(')') || tuple.contains(':') {
        return None;
    }
    // Renumbering for each row needs ?1…?N, each once, in order.
    let numbers: Vec<usize> = tuple
        .split('?')
        .skip(1)
        .map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().unwrap_or(0)
        })
        .collect();
    if numbers.iter().enumerate().any(|(i, n)| *n != i + 1) {
        return None;
    }
    Some((head, tuple, numbers.len()))
}

/// `tuple` (whose parameters are `?1`…`?n`) for row `row`: `?k` becomes
/// `?{row * n + k}`.
fn numbered_for(tuple: &str, n: usize, row: usize) -> String {
    let mut out = String::with_capacity(tuple.len() + 8);
    let mut chars = tuple.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' {
            let mut digits = String::new();
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                digits.push(d);
            }
            let k: usize = digits.parse().unwrap_or(0);
            out.push('?');
            out.push_str(&(row * n + k).to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// The multi-row statement for `rows` rows of `head` and `tuple`.
pub(crate) fn multi_row(head: &str, tuple: &str, params: usize, rows: usize) -> String {
    let values: Vec<String> = (0..rows).map(|r| numbered_for(tuple, params, r)).collect();
    format!("{head} {}", values.join(", "))
}

/// Rows per statement for a tuple of `params` parameters.
pub(crate) fn rows_per_statement(params: usize) -> usize {
    (MAX_PARAMETERS / params.max(1)).clamp(1, ROWS_PER_STATEMENT)
}

impl<'c, C: Conn> Deferred<'c, C> {
    /// Holds back the plain inserts made through it on `conn` where a statement is a
    /// round trip (PostgreSQL). On SQLite, where a statement costs a call and its
    /// prepared form is kept, they run at once: building multi-row statements there
    /// cost more than it saved (an eighth of a push's time went to holding rows and
    /// writing their SQL).
    pub fn new(conn: &'c C) -> Self {
        Self::holding(conn, conn.engine() == Engine::Postgres)
    }

    fn holding(conn: &'c C, hold: bool) -> Self {
        Self {
            conn,
            held: RefCell::default(),
            hold,
        }
    }

    /// Sends every insert held back.
    pub fn flush(&self) -> Result<(), SqlError> {
        let held = std::mem::take(&mut *self.held.borrow_mut());
        for h in held {
            let per = rows_per_statement(h.params);
            let full = multi_row(&h.head, &h.tuple, h.params, per);
            for rows in h.rows.chunks(per) {
                let args: Vec<&dyn Arg> = rows
                    .iter()
                    .flat_map(|r| r.iter().map(|v| v as &dyn Arg))
                    .collect();
                let sql = if rows.len() == per {
                    std::borrow::Cow::Borrowed(full.as_str())
                } else {
                    std::borrow::Cow::Owned(multi_row(&h.head, &h.tuple, h.params, rows.len()))
                };
                self.conn.execute(&sql, Params::Positional(&args))?;
            }
        }
        Ok(())
    }
}

impl<C: Conn> Conn for Deferred<'_, C> {
    fn engine(&self) -> Engine {
        self.conn.engine()
    }

    fn execute(&self, sql: &str, args: Params<'_>) -> Result<u64, SqlError> {
        if !self.hold {
            return self.conn.execute(sql, args);
        }
        if let (Some((head, tuple, params)), Params::Positional(values)) = (plain_insert(sql), args)
            && params == values.len()
        {
            let row: Vec<Owned> = values.iter().map(|a| Owned::from(a.value())).collect();
            let mut held = self.held.borrow_mut();
            match held.iter_mut().find(|h| h.head == head && h.tuple == tuple) {
                Some(h) => h.rows.push(row),
                None => held.push(Held {
                    head: head.to_string(),
                    tuple: tuple.to_string(),
                    params,
                    rows: vec![row],
                }),
            }
            return Ok(1);
        }
        self.flush()?;
        self.conn.execute(sql, args)
    }

    fn each_row(
        &self,
        sql: &str,
        args: Params<'_>,
        f: &mut dyn FnMut(&Row<'_>) -> Result<(), SqlError>,
    ) -> Result<(), SqlError> {
        self.flush()?;
        self.conn.each_row(sql, args, f)
    }

    fn batch(&self, sql: &str) -> Result<(), SqlError> {
        self.flush()?;
        self.conn.batch(sql)
    }

    fn autocommit(&self) -> bool {
        self.conn.autocommit()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::args;
    use crate::sql::ConnExt;

    #[test]
    fn only_plain_inserts_are_held() {
        assert!(plain_insert("INSERT INTO t (a, b) VALUES (?1, ?2)").is_some());
        assert_eq!(
            plain_insert("INSERT INTO t (a, b, n) VALUES (?1, ?2, 1)").map(|p| p.2),
            Some(2)
        );
        for sql in [
            "INSERT INTO t (a) VALUES (?1) RETURNING id",
            "INSERT INTO t (a) VALUES (?1) ON CONFLICT DO NOTHING",
            "INSERT INTO t (a) SELECT id FROM u WHERE x = ?1",
            "UPDATE t SET a = ?1",
            "INSERT INTO t (a) VALUES (:a)",
            "INSERT INTO t (a, b) VALUES (?1, ?1)",
            "INSERT INTO t (a, b) VALUES (?2, ?1)",
        ] {
            assert!(plain_insert(sql).is_none(), "{sql}");
        }
        assert_eq!(
            multi_row("INSERT INTO t (a, n, b) VALUES", "(?1, 1, ?2)", 2, 3),
            "INSERT INTO t (a, n, b) VALUES (?1, 1, ?2), (?3, 1, ?4), (?5, 1, ?6)"
        );
    }

    #[test]
    fn reads_see_every_write_and_parents_come_first() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        c.execute_batch(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE p (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
             CREATE TABLE k (id INTEGER PRIMARY KEY, p INTEGER NOT NULL REFERENCES p(id));",
        )
        .unwrap();
        // Held back, as on PostgreSQL.
        let d = Deferred::holding(&c, true);
        for i in 0..450_i64 {
            d.execute("INSERT INTO p (id, n) VALUES (?1, ?2)", args![i, i * 2])
                .unwrap();
            d.execute("INSERT INTO k (id, p) VALUES (?1, ?2)", args![i, i])
                .unwrap();
        }
        let direct: i64 =
            ConnExt::query_one(&c, "SELECT count(*) FROM p", args![], |r| r.get(0)).unwrap();
        assert_eq!(direct, 0, "held back");
        let through: i64 = d
            .query_one("SELECT sum(n) FROM p", args![], |r| r.get(0))
            .unwrap();
        assert_eq!(through, (0..450).map(|i| i * 2).sum::<i64>());
        let children: i64 =
            ConnExt::query_one(&c, "SELECT count(*) FROM k", args![], |r| r.get(0)).unwrap();
        assert_eq!(children, 450);
        // A constraint broken by a held row fails the flush.
        d.execute(
            "INSERT INTO k (id, p) VALUES (?1, ?2)",
            args![1000_i64, 9999_i64],
        )
        .unwrap();
        assert!(d.flush().unwrap_err().is_constraint());
    }

    #[test]
    fn on_sqlite_inserts_run_at_once() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE p (id INTEGER PRIMARY KEY)")
            .unwrap();
        let d = Deferred::new(&c);
        d.execute("INSERT INTO p (id) VALUES (?1)", args![1_i64])
            .unwrap();
        let direct: i64 =
            ConnExt::query_one(&c, "SELECT count(*) FROM p", args![], |r| r.get(0)).unwrap();
        assert_eq!(direct, 1);
    }
}
