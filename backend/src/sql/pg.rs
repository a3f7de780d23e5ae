//! [`Conn`] on PostgreSQL: one session (a connection and its prepared statements),
//! the SQL's `?N` parameters rewritten to `$N`, and the schema's migrations.
//!
//! Invariant: a statement is prepared once per session and reused; a session is in at
//! most one transaction, opened and closed by [`PgSession::transaction`].

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::error::Error as StdError;

use anyhow::{Context, bail};
use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

use super::{Conn, ConnExt, Engine, Params, Row, SqlError, Value};

/// The PostgreSQL schema's migrations, each with the schema version it brings the
/// database to. The first is the whole schema at SQLite's version 12 (PostgreSQL
/// stores start there); after it, each change lands in both engines' migrations with
/// the same version. Never edit one once merged: add a new one.
const MIGRATIONS: &[(usize, &str)] = &[
    (
        12,
        include_str!("../../migrations/postgres/20261130080000_schema.sql"),
    ),
    (
        13,
        include_str!("../../migrations/postgres/20261201000000_line_safety.sql"),
    ),
    (
        14,
        include_str!("../../migrations/postgres/20261201010000_party_index.sql"),
    ),
    (
        15,
        include_str!("../../migrations/postgres/20261201020000_recovered_caches.sql"),
    ),
    (
        16,
        include_str!("../../migrations/postgres/20261201030000_access_by_party.sql"),
    ),
    (
        17,
        include_str!("../../migrations/postgres/20261201040000_operation_ids_first.sql"),
    ),
];

/// Rust run right after a migration's SQL, in its transaction: schema version 14
/// indexes the parties of the records already stored.
type Hook = fn(&Pg<'_>) -> Result<(), SqlError>;
const HOOKS: &[(usize, Hook)] = &[(14, |c| crate::tracing::parties::index_all(c))];

/// The advisory lock key under which migrations run, so that instances starting at
/// once apply them one at a time.
const MIGRATION_LOCK: i64 = 0x7472_6163_656d_6b01;

/// The schema version this binary brings a PostgreSQL database to.
pub fn schema_version() -> usize {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// A connection to PostgreSQL with the statements it has prepared.
pub struct PgSession {
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    /// Whether a transaction is open (`BEGIN` sent, no `COMMIT` or `ROLLBACK` since).
    in_transaction: Cell<bool>,
}

impl PgSession {
    /// Connects to `url` (`postgres://USER:PASSWORD@HOST:PORT/DB`, or with
    /// `?host=/run/postgresql` for a local socket).
    pub fn connect(url: &str) -> anyhow::Result<Self> {
        let config: postgres::Config = url
            .parse()
            .with_context(|| "reading the PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE)")?;
        let client = config
            .connect(postgres::NoTls)
            .with_context(|| format!("connecting to PostgreSQL at {}", redacted(url)))?;
        Ok(Self {
            client: RefCell::new(client),
            statements: RefCell::default(),
            in_transaction: Cell::new(false),
        })
    }

    /// Whether the connection has ended (the server went away): such a session is
    /// dropped rather than reused.
    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    /// This session as a [`Conn`], each statement committed on its own.
    pub fn conn(&self) -> Pg<'_> {
        Pg { session: self }
    }

    /// Runs `sql` (one or more statements, no parameters) as it is.
    pub fn batch(&self, sql: &str) -> Result<(), SqlError> {
        let first = sql.trim_start().get(..8).unwrap_or("").to_ascii_uppercase();
        let result = self.client.borrow_mut().batch_execute(sql);
        if first.starts_with("BEGIN") || first.starts_with("START") {
            self.in_transaction.set(result.is_ok());
        } else if first.starts_with("COMMIT")
            || first.starts_with("ROLLBACK")
            || first.starts_with("END")
        {
            self.in_transaction.set(false);
        }
        Ok(result?)
    }

    /// Runs `f` in one transaction, committed when it succeeds and rolled back
    /// otherwise.
    pub fn transaction<T, E>(&self, f: impl FnOnce(&Pg<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<SqlError>,
    {
        self.transaction_from("BEGIN", f)
    }

    /// [`transaction`](Self::transaction), opened with `begin` (`BEGIN READ ONLY`…)
    /// and anything to run first in it.
    pub fn transaction_from<T, E>(
        &self,
        begin: &str,
        f: impl FnOnce(&Pg<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<SqlError>,
    {
        self.batch(begin)?;
        match f(&self.conn()) {
            Ok(v) => {
                self.batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                // The work's error is the one to report; a failed rollback ends the
                // connection, which rolls back as well.
                let _ = self.batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Applies the migrations this database lacks, one instance at a time, and
    /// refuses a database whose schema is newer than this binary.
    pub fn migrate(&self) -> anyhow::Result<()> {
        self.migrate_to(schema_version())
    }

    /// Applies the migrations up to schema version `latest` (tests start a database
    /// at an older version to check what a migration does to stored records).
    pub(crate) fn migrate_to(&self, latest: usize) -> anyhow::Result<()> {
        self.transaction(|c| -> anyhow::Result<()> {
            c.execute(
                "SELECT pg_advisory_xact_lock(?1)",
                crate::args![MIGRATION_LOCK],
            )?;
            c.batch("CREATE TABLE IF NOT EXISTS tracemark_schema (version BIGINT NOT NULL);")?;
            let found: Option<i64> = c.query_opt(
                "SELECT version FROM tracemark_schema",
                crate::args![],
                |r| r.get(0),
            )?;
            let found = usize::try_from(found.unwrap_or(0)).unwrap_or(usize::MAX);
            if found > latest {
                bail!(
                    "the database has schema version {found}, newer than this Tracemark \
                     (version {latest}); use a newer Tracemark or restore a matching backup"
                );
            }
            for (version, sql) in MIGRATIONS.iter().filter(|m| m.0 > found && m.0 <= latest) {
                c.batch(sql)
                    .with_context(|| format!("applying schema version {version}"))?;
                // What SQL alone cannot do (keys computed by the same Rust as every
                // later write), in the same transaction.
                for (_, hook) in HOOKS.iter().filter(|h| h.0 == *version) {
                    hook(c).with_context(|| format!("completing schema version {version}"))?;
                }
            }
            let version = i64::try_from(latest)?;
            if c.execute(
                "UPDATE tracemark_schema SET version = ?1",
                crate::args![version],
            )? == 0
            {
                c.execute(
                    "INSERT INTO tracemark_schema (version) VALUES (?1)",
                    crate::args![version],
                )?;
            }
            Ok(())
        })
    }

    /// The statement prepared for `sql` with `params`' names (if named), and the
    /// values to bind to it in order.
    fn statement<'p>(
        &self,
        sql: &str,
        params: Params<'p>,
    ) -> Result<(postgres::Statement, Vec<Value<'p>>), SqlError> {
        let (key, values) = match params {
            Params::Positional(args) => (
                std::borrow::Cow::Borrowed(sql),
                args.iter().map(|a| a.value()).collect(),
            ),
            Params::Named(args) => {
                let mut key = String::new();
                for (name, _) in args {
                    key.push_str(name);
                    key.push('\u{0}');
                }
                key.push_str(sql);
                (
                    std::borrow::Cow::Owned(key),
                    args.iter().map(|(_, a)| a.value()).collect(),
                )
            }
        };
        if let Some(s) = self.statements.borrow().get(key.as_ref()) {
            return Ok((s.clone(), values));
        }
        let names: Option<Vec<&str>> = match params {
            Params::Positional(_) => None,
            Params::Named(args) => Some(args.iter().map(|(n, _)| *n).collect()),
        };
        let text = numbered(sql, names.as_deref())?;
        let prepared = self.client.borrow_mut().prepare(&text)?;
        self.statements
            .borrow_mut()
            .insert(key.into_owned(), prepared.clone());
        Ok((prepared, values))
    }
}

/// A [`PgSession`] lent to storage code.
#[derive(Clone, Copy)]
pub struct Pg<'a> {
    session: &'a PgSession,
}

fn bound<'a>(values: &'a [Value<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl Conn for Pg<'_> {
    fn engine(&self) -> Engine {
        Engine::Postgres
    }

    fn execute(&self, sql: &str, args: Params<'_>) -> Result<u64, SqlError> {
        let (stmt, values) = self.session.statement(sql, args)?;
        Ok(self
            .session
            .client
            .borrow_mut()
            .execute(&stmt, &bound(&values))?)
    }

    fn each_row(
        &self,
        sql: &str,
        args: Params<'_>,
        f: &mut dyn FnMut(&Row<'_>) -> Result<(), SqlError>,
    ) -> Result<(), SqlError> {
        let rows = {
            let (stmt, values) = self.session.statement(sql, args)?;
            self.session
                .client
                .borrow_mut()
                .query(&stmt, &bound(&values))?
        };
        for r in &rows {
            f(&Row::Postgres(r))?;
        }
        Ok(())
    }

    fn batch(&self, sql: &str) -> Result<(), SqlError> {
        self.session.batch(sql)
    }

    fn autocommit(&self) -> bool {
        !self.session.in_transaction.get()
    }
}

/// `url` with its password replaced, for messages and logs.
pub fn redacted(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((user, host)) => match user.split_once(':') {
                Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
                None => url.to_string(),
            },
            None => url.to_string(),
        },
        None => "(a key=value connection string)".to_string(),
    }
}

/// SQLite's clock in the text form the schema stores grant expiries in, and its
/// PostgreSQL equivalent: the one expression the two engines spell differently that
/// the shared SQL uses.
const SQLITE_NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";
const POSTGRES_NOW: &str = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

/// The SQL as PostgreSQL takes it: SQLite's `?N` (and bare `?`) parameters written
/// as `$N`, and with `names`, each `:name` as `$K` for the K-th name; SQLite's clock
/// expression as PostgreSQL's. Quoted text, quoted names and comments are left as
/// they are.
pub(crate) fn numbered(sql: &str, names: Option<&[&str]>) -> Result<String, SqlError> {
    let sql = sql.replace(SQLITE_NOW, POSTGRES_NOW);
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut bare = 0;
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        let was = prev;
        prev = c;
        match c {
            '\'' | '"' => {
                out.push(c);
                for q in chars.by_ref() {
                    out.push(q);
                    if q == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for q in chars.by_ref() {
                    out.push(q);
                    if q == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                out.push(c);
                let mut prev = ' ';
                for q in chars.by_ref() {
                    out.push(q);
                    if prev == '*' && q == '/' {
                        break;
                    }
                    prev = q;
                }
            }
            '?' => {
                out.push('$');
                if chars.peek().is_some_and(char::is_ascii_digit) {
                    while let Some(d) = chars.next_if(char::is_ascii_digit) {
                        out.push(d);
                    }
                } else {
                    bare += 1;
                    out.push_str(&bare.to_string());
                }
            }
            ':' if was != ':'
                && chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_alphabetic() || *n == '_') =>
            {
                let Some(names) = names else {
                    out.push(c);
                    continue;
                };
                let mut name = String::from(":");
                while let Some(n) = chars.next_if(|n| n.is_ascii_alphanumeric() || *n == '_') {
                    name.push(n);
                }
                let Some(k) = names.iter().position(|n| *n == name) else {
                    return Err(SqlError::decode(
                        0,
                        format!("the parameter {name} is not bound"),
                    ));
                };
                out.push('$');
                out.push_str(&(k + 1).to_string());
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    )
}

type BoxError = Box<dyn StdError + Sync + Send>;

impl ToSql for Value<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                _ if is_text(ty) => i.to_string().as_str().to_sql(ty, out),
                _ => Err(format!("an integer cannot be bound to a {ty} parameter").into()),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                _ => Err(format!("a number cannot be bound to a {ty} parameter").into()),
            },
            Value::Text(s) if is_text(ty) => s.to_sql(ty, out),
            // As SQLite compares a number written as text with an integer column: the
            // text must be an integer, or the statement fails.
            Value::Text(s) if matches!(*ty, Type::INT8 | Type::INT4 | Type::INT2) => {
                match s.trim().parse::<i64>() {
                    Ok(i) => Value::Int(i).to_sql(ty, out),
                    Err(_) => Err(format!("{s:?} is not an integer ({ty} parameter)").into()),
                }
            }
            Value::Text(_) => Err(format!("text cannot be bound to a {ty} parameter").into()),
            Value::Blob(b) if *ty == Type::BYTEA => b.to_sql(ty, out),
            Value::Blob(_) => Err(format!("bytes cannot be bound to a {ty} parameter").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// An integer column of any width.
struct AnyInt(i64);

impl<'a> FromSql<'a> for AnyInt {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(AnyInt(match *ty {
            Type::INT2 => i64::from(i16::from_sql(ty, raw)?),
            Type::INT4 => i64::from(i32::from_sql(ty, raw)?),
            Type::BOOL => i64::from(bool::from_sql(ty, raw)?),
            _ => i64::from_sql(ty, raw)?,
        }))
    }

    fn accepts(ty: &Type) -> bool {
        matches!(*ty, Type::INT2 | Type::INT4 | Type::INT8 | Type::BOOL)
    }
}

/// Whether a column of any type is NULL.
struct Nullness(bool);

impl<'a> FromSql<'a> for Nullness {
    fn from_sql(_: &Type, _: &'a [u8]) -> Result<Self, BoxError> {
        Ok(Nullness(false))
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(Nullness(true))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// What PostgreSQL said: the server's own message and detail (rust-postgres shows
/// only "db error"), or the client's error with its cause.
pub(super) fn message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("PostgreSQL: {} ({detail})", db.message()),
            None => format!("PostgreSQL: {}", db.message()),
        },
        None => match StdError::source(e) {
            Some(cause) => format!("PostgreSQL: {e}: {cause}"),
            None => format!("PostgreSQL: {e}"),
        },
    }
}

pub(super) fn int(row: &postgres::Row, idx: usize) -> Result<i64, SqlError> {
    Ok(row.try_get::<_, AnyInt>(idx)?.0)
}

pub(super) fn is_null(row: &postgres::Row, idx: usize) -> Result<bool, SqlError> {
    Ok(row.try_get::<_, Nullness>(idx)?.0)
}
