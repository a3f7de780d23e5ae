//! One SQL text, two engines: the storage code of each aggregate writes its queries
//! once, against [`Conn`], and runs them on SQLite (the embedded default, a depot, a
//! laptop) or PostgreSQL (a national deployment with several server instances).
//!
//! The queries are written in the SQL both engines speak: numbered parameters `?1`
//! (rewritten to `$1` for PostgreSQL), `ON CONFLICT … DO NOTHING`, `RETURNING`,
//! `IS DISTINCT FROM`, `CAST`. Where the engines differ, the code asks
//! [`Conn::engine`] and says why beside the query.
//!
//! Invariant: a value read back is the value written, on either engine. Integers are
//! `BIGINT` in the PostgreSQL schema and flags are 0/1 integers as in SQLite, so
//! every [`Arg`] binds and every [`Column`] reads the same way on both; a column of a
//! type the reader does not expect is an error naming the column, never a default.

pub mod copy;
mod deferred;
mod pg;
mod sqlite;

pub use deferred::Deferred;
pub use pg::{Pg, PgSession, redacted, schema_version as postgres_schema_version};

/// Which engine runs the SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// SQLite through rusqlite.
    Sqlite,
    /// PostgreSQL through rust-postgres.
    Postgres,
}

/// Why a query failed.
#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    /// SQLite failed.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed (or the connection to it).
    #[error("{}", pg::message(.0))]
    Postgres(#[from] postgres::Error),
    /// A column held something its reader does not take.
    #[error("column {column}: {reason}")]
    Decode {
        /// The column's position in the row.
        column: usize,
        /// What was wrong with it.
        reason: String,
    },
    /// A query that must answer one row answered none.
    #[error("the query returned no row")]
    NoRow,
    /// The reader of the rows stopped with an error of its own ([`ConnExt::for_each`]).
    #[error("the rows' reader stopped")]
    Stopped,
}

impl SqlError {
    /// A unique, check or foreign-key constraint refused the write.
    pub fn is_constraint(&self) -> bool {
        match self {
            SqlError::Sqlite(e) => {
                e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
            }
            // SQLSTATE class 23: integrity constraint violation.
            SqlError::Postgres(e) => e.code().is_some_and(|c| c.code().starts_with("23")),
            _ => false,
        }
    }

    /// The database is busy, gone or refusing work for now (a lock, a deadlock, a lost
    /// connection, a server shutting down or starting): worth trying again later, and
    /// answered as "unavailable", not as a fault.
    pub fn is_busy(&self) -> bool {
        match self {
            SqlError::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ),
            SqlError::Postgres(e) => {
                // 08 connection exception, 57 operator intervention (shutdown, crash
                // recovery, cannot connect now), 40001 serialization failure, 40P01
                // deadlock, 55P03 lock not available; or the connection broke.
                let code = e.code().map(|c| c.code());
                e.is_closed()
                    || code.is_some_and(|c| {
                        c.starts_with("08")
                            || c.starts_with("57")
                            || matches!(c, "40001" | "40P01" | "55P03")
                    })
                    || std::error::Error::source(e)
                        .is_some_and(|s| s.downcast_ref::<std::io::Error>().is_some())
            }
            _ => false,
        }
    }

    pub(crate) fn decode(column: usize, reason: impl std::fmt::Display) -> Self {
        SqlError::Decode {
            column,
            reason: reason.to_string(),
        }
    }
}

/// A value bound to a query parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// SQL NULL.
    Null,
    /// An integer (flags are 0 and 1).
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// UTF-8 text.
    Text(&'a str),
    /// Bytes.
    Blob(&'a [u8]),
}

/// What can be bound to a parameter.
pub trait Arg {
    /// The value to bind.
    fn value(&self) -> Value<'_>;
}

impl Arg for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Arg for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Arg for [u8] {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl Arg for Vec<u8> {
    fn value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
/// Integer types that widen to `i64` without loss (and flags, as 0 and 1).
macro_rules! int_arg {
    ($($t:ty),+) => {$(
        impl Arg for $t {
            fn value(&self) -> Value<'_> {
                Value::Int(i64::from(*self))
            }
        }
    )+};
}
int_arg!(i64, i32, u32, u16, bool);
impl Arg for f64 {
    fn value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}
impl<T: Arg + ?Sized> Arg for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}
impl<T: Arg> Arg for Option<T> {
    fn value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, Arg::value)
    }
}

/// A value kept to be bound later (criteria built before their query, rows written
/// together).
#[derive(Debug, Clone, PartialEq)]
pub enum Owned {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

impl Arg for Owned {
    fn value(&self) -> Value<'_> {
        match self {
            Owned::Null => Value::Null,
            Owned::Int(i) => Value::Int(*i),
            Owned::Real(f) => Value::Real(*f),
            Owned::Text(s) => Value::Text(s),
            Owned::Blob(b) => Value::Blob(b),
        }
    }
}

impl From<Value<'_>> for Owned {
    fn from(v: Value<'_>) -> Self {
        match v {
            Value::Null => Owned::Null,
            Value::Int(i) => Owned::Int(i),
            Value::Real(f) => Owned::Real(f),
            Value::Text(s) => Owned::Text(s.to_string()),
            Value::Blob(b) => Owned::Blob(b.to_vec()),
        }
    }
}

/// The parameters of one statement.
#[derive(Clone, Copy)]
pub enum Params<'a> {
    /// Bound in order to `?1`, `?2`… (or bare `?`).
    Positional(&'a [&'a dyn Arg]),
    /// Bound by name to `:name`, wherever it appears; every name given must appear.
    Named(&'a [(&'a str, &'a dyn Arg)]),
}

/// The parameters of a query, in order: `args![a, b, c]`.
#[macro_export]
macro_rules! args {
    () => { $crate::sql::Params::Positional(&[]) };
    ($($a:expr),+ $(,)?) => {
        $crate::sql::Params::Positional(&[$(&$a as &dyn $crate::sql::Arg),+])
    };
}

/// The parameters of a query, by name: `named! { ":agency": a, ":country": c }`.
#[macro_export]
macro_rules! named {
    ($($n:literal : $a:expr),+ $(,)?) => {
        $crate::sql::Params::Named(&[$(($n, &$a as &dyn $crate::sql::Arg)),+])
    };
}

/// One row of an answer.
pub enum Row<'a> {
    /// A SQLite row.
    Sqlite(&'a rusqlite::Row<'a>),
    /// A PostgreSQL row.
    Postgres(&'a postgres::Row),
}

impl Row<'_> {
    /// Column `idx` (from 0) as `T`.
    pub fn get<T: Column>(&self, idx: usize) -> Result<T, SqlError> {
        match self {
            Row::Sqlite(r) => T::from_sqlite(r, idx),
            Row::Postgres(r) => T::from_pg(r, idx),
        }
    }

    /// Column `idx` as text borrowed from the row (no copy).
    pub fn str(&self, idx: usize) -> Result<&str, SqlError> {
        match self {
            Row::Sqlite(r) => Ok(r.get_ref(idx)?.as_str().map_err(rusqlite::Error::from)?),
            Row::Postgres(r) => Ok(r.try_get(idx)?),
        }
    }

    /// Column `idx` as text borrowed from the row, or `None` for NULL.
    pub fn str_opt(&self, idx: usize) -> Result<Option<&str>, SqlError> {
        match self {
            Row::Sqlite(r) => Ok(r
                .get_ref(idx)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?),
            Row::Postgres(r) => Ok(r.try_get(idx)?),
        }
    }

    /// A column holding a wire name (a role, a kind, a status…) as its enum; a name
    /// this version does not know is an error, never a silent default.
    pub fn wire<T>(&self, idx: usize) -> Result<T, SqlError>
    where
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        let text: String = self.get(idx)?;
        text.parse().map_err(|e| SqlError::decode(idx, e))
    }
}

/// A type a column can be read as, on both engines.
pub trait Column: Sized {
    /// From a SQLite row.
    fn from_sqlite(row: &rusqlite::Row<'_>, idx: usize) -> Result<Self, SqlError>;
    /// From a PostgreSQL row.
    fn from_pg(row: &postgres::Row, idx: usize) -> Result<Self, SqlError>;
}

/// The connection (or transaction) storage code runs its SQL on.
///
/// The three required methods are all an engine provides; the readers built on them
/// ([`ConnExt`]) are the same for both.
pub trait Conn {
    /// Which engine this is.
    fn engine(&self) -> Engine;
    /// Runs one statement; the number of rows it changed.
    fn execute(&self, sql: &str, args: Params<'_>) -> Result<u64, SqlError>;
    /// Runs one query, handing each row to `f` in order.
    fn each_row(
        &self,
        sql: &str,
        args: Params<'_>,
        f: &mut dyn FnMut(&Row<'_>) -> Result<(), SqlError>,
    ) -> Result<(), SqlError>;
    /// Runs statements without parameters as they are (`BEGIN`, DDL).
    fn batch(&self, sql: &str) -> Result<(), SqlError>;
    /// Whether no transaction is open: each statement commits on its own.
    fn autocommit(&self) -> bool;
}

/// Implements [`Conn`] for a type by handing every call to the connection
/// `|self| expr` gives (a reference, a wrapper's field…).
#[macro_export]
macro_rules! delegate_conn {
    (impl[$($g:tt)*] $ty:ty, |$s:ident| $inner:expr) => {
        impl<$($g)*> $crate::sql::Conn for $ty {
            fn engine(&self) -> $crate::sql::Engine {
                let $s = self;
                $crate::sql::Conn::engine(&$inner)
            }

            fn execute(
                &self,
                sql: &str,
                args: $crate::sql::Params<'_>,
            ) -> Result<u64, $crate::sql::SqlError> {
                let $s = self;
                $crate::sql::Conn::execute(&$inner, sql, args)
            }

            fn each_row(
                &self,
                sql: &str,
                args: $crate::sql::Params<'_>,
                f: &mut dyn FnMut(&$crate::sql::Row<'_>) -> Result<(), $crate::sql::SqlError>,
            ) -> Result<(), $crate::sql::SqlError> {
                let $s = self;
                $crate::sql::Conn::each_row(&$inner, sql, args, f)
            }

            fn batch(&self, sql: &str) -> Result<(), $crate::sql::SqlError> {
                let $s = self;
                $crate::sql::Conn::batch(&$inner, sql)
            }

            fn autocommit(&self) -> bool {
                let $s = self;
                $crate::sql::Conn::autocommit(&$inner)
            }
        }
    };
}

delegate_conn!(impl[C: Conn + ?Sized] &C, |s| **s);

/// The advisory lock every PostgreSQL write transaction takes first: writes queue one
/// at a time across every instance, as SQLite's one writer makes them, so an append
/// to the audit chain or a sync operation's idempotency check never races another.
pub const WRITE_LOCK: i64 = 0x7472_6163_656d_6b02;

/// Opens a write transaction that holds the write lock from its first statement.
pub fn begin_write(c: &impl Conn) -> Result<(), SqlError> {
    match c.engine() {
        Engine::Sqlite => c.batch("BEGIN IMMEDIATE"),
        Engine::Postgres => {
            c.batch("BEGIN")?;
            match c.execute("SELECT pg_advisory_xact_lock(?1)", args![WRITE_LOCK]) {
                Ok(_) => Ok(()),
                Err(e) => {
                    // No transaction is left open on a lock that was not taken.
                    let _ = c.batch("ROLLBACK");
                    Err(e)
                }
            }
        }
    }
}

/// Runs `f` in a write transaction of its own when `c` is in none (committed when it
/// succeeds, rolled back when it fails or panics), or in the caller's transaction
/// when there is one.
pub fn in_write<C: Conn, T, E: From<SqlError>>(
    c: &C,
    f: impl FnOnce(&C) -> Result<T, E>,
) -> Result<T, E> {
    if !c.autocommit() {
        return f(c);
    }
    begin_write(c)?;
    let open = Open(c);
    let value = f(c)?;
    std::mem::forget(open);
    c.batch("COMMIT")?;
    Ok(value)
}

/// A transaction [`in_write`] opened, rolled back if dropped: when its work failed, or
/// panicked and is unwinding (the connection goes on serving other calls).
struct Open<'c, C: Conn>(&'c C);

impl<C: Conn> Drop for Open<'_, C> {
    fn drop(&mut self) {
        let _ = self.0.batch("ROLLBACK");
    }
}

/// The connection a database call is handed, whichever engine the service runs on.
#[derive(Clone, Copy)]
pub enum Any<'a> {
    /// A SQLite connection (or transaction).
    Sqlite(&'a rusqlite::Connection),
    /// A PostgreSQL session (in a transaction when the call writes).
    Postgres(Pg<'a>),
}

impl Conn for Any<'_> {
    fn engine(&self) -> Engine {
        match self {
            Any::Sqlite(_) => Engine::Sqlite,
            Any::Postgres(_) => Engine::Postgres,
        }
    }

    fn execute(&self, sql: &str, args: Params<'_>) -> Result<u64, SqlError> {
        match self {
            Any::Sqlite(c) => Conn::execute(*c, sql, args),
            Any::Postgres(c) => c.execute(sql, args),
        }
    }

    fn each_row(
        &self,
        sql: &str,
        args: Params<'_>,
        f: &mut dyn FnMut(&Row<'_>) -> Result<(), SqlError>,
    ) -> Result<(), SqlError> {
        match self {
            Any::Sqlite(c) => c.each_row(sql, args, f),
            Any::Postgres(c) => c.each_row(sql, args, f),
        }
    }

    fn batch(&self, sql: &str) -> Result<(), SqlError> {
        match self {
            Any::Sqlite(c) => Conn::batch(*c, sql),
            Any::Postgres(c) => c.batch(sql),
        }
    }

    fn autocommit(&self) -> bool {
        match self {
            Any::Sqlite(c) => c.is_autocommit(),
            Any::Postgres(c) => c.autocommit(),
        }
    }
}

/// Readers over [`Conn`].
pub trait ConnExt: Conn {
    /// Every row, each read by `f`.
    fn query<T>(
        &self,
        sql: &str,
        args: Params<'_>,
        mut f: impl FnMut(&Row<'_>) -> Result<T, SqlError>,
    ) -> Result<Vec<T>, SqlError> {
        let mut out = Vec::new();
        self.each_row(sql, args, &mut |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Hands every row to `f`, stopping at its first error, which is returned as it is.
    fn for_each<E: From<SqlError>>(
        &self,
        sql: &str,
        args: Params<'_>,
        mut f: impl FnMut(&Row<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut failed = None;
        let walked = self.each_row(sql, args, &mut |row| {
            f(row).map_err(|e| {
                failed = Some(e);
                SqlError::Stopped
            })
        });
        match failed {
            Some(e) => Err(e),
            None => walked.map_err(E::from),
        }
    }

    /// The first row, if any, read by `f`.
    fn query_opt<T>(
        &self,
        sql: &str,
        args: Params<'_>,
        f: impl FnOnce(&Row<'_>) -> Result<T, SqlError>,
    ) -> Result<Option<T>, SqlError> {
        let mut f = Some(f);
        let mut out = None;
        self.each_row(sql, args, &mut |r| {
            if let Some(f) = f.take() {
                out = Some(f(r)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row, read by `f`; [`SqlError::NoRow`] when there is none.
    fn query_one<T>(
        &self,
        sql: &str,
        args: Params<'_>,
        f: impl FnOnce(&Row<'_>) -> Result<T, SqlError>,
    ) -> Result<T, SqlError> {
        self.query_opt(sql, args, f)?.ok_or(SqlError::NoRow)
    }
}

impl<C: Conn + ?Sized> ConnExt for C {}

#[cfg(test)]
mod tests;

impl Column for String {
    fn from_sqlite(row: &rusqlite::Row<'_>, idx: usize) -> Result<Self, SqlError> {
        Ok(row.get(idx)?)
    }
    fn from_pg(row: &postgres::Row, idx: usize) -> Result<Self, SqlError> {
        Ok(row.try_get(idx)?)
    }
}

impl Column for i64 {
    fn from_sqlite(row: &rusqlite::Row<'_>, idx: usize) -> Result<Self, SqlError> {
        Ok(row.get(idx)?)
    }
    fn from_pg(row: &postgres::Row, idx: usize) -> Result<Self, SqlError> {
        pg::int(row, idx)
    }
}

impl Column for u64 {
    fn from_sqlite(row: &rusqlite::Row<'_>, idx: usize) -> Result<Self, SqlError> {
        let v: i64 = row.get(idx)?;
        u64::try_from(v).map_err(|e| SqlError::decode(idx, e))
    }
    fn from_pg(row: &postgres::Row, idx: usize) -> Result<Self, SqlError> {
        u64::try_from(pg::int(row, idx)?).map_err(|e| SqlError::decode(idx, e))
    }
}

impl Column for bool {
    fn from_sqlite(row: &rusqlite::Row<'_>, idx: usize) -> Result<Self, SqlError> {
        Ok(row.get(idx)?)
    }
    fn from_pg(row: &postgres::Row, idx: usize) -> Result<Self, SqlError> {
        Ok(pg::int(row, idx)? != 0)
    }
}

impl Column for f64 {
    fn from_sqlite(row: &rusqlite::Row<'_>, idx: usize) -> Result<Self, SqlError> {
        Ok(row.get(idx)?)
    }
    fn from_pg(row: &postgres::Row, idx: usize) -> Result<Self, SqlError> {
        Ok(row.try_get(idx)?)
    }
}

impl Column for Vec<u8> {
    fn from_sqlite(row: &rusqlite::Row<'_>, idx: usize) -> Result<Self, SqlError> {
        Ok(row.get(idx)?)
    }
    fn from_pg(row: &postgres::Row, idx: usize) -> Result<Self, SqlError> {
        Ok(row.try_get(idx)?)
    }
}

impl<T: Column> Column for Option<T> {
    fn from_sqlite(row: &rusqlite::Row<'_>, idx: usize) -> Result<Self, SqlError> {
        match row.get_ref(idx)? {
            rusqlite::types::ValueRef::Null => Ok(None),
            _ => T::from_sqlite(row, idx).map(Some),
        }
    }
    fn from_pg(row: &postgres::Row, idx: usize) -> Result<Self, SqlError> {
        if pg::is_null(row, idx)? {
            Ok(None)
        } else {
            T::from_pg(row, idx).map(Some)
        }
    }
}
