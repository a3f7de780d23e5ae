//! [`Conn`] on SQLite: rusqlite's cached statements, the SQL as written.

use rusqlite::types::{ToSqlOutput, ValueRef};

use super::{Arg, Conn, Engine, Row, SqlError, Value};

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(i),
            Value::Real(f) => ValueRef::Real(f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn values<'a>(args: &'a [&'a dyn Arg]) -> impl Iterator<Item = Value<'a>> {
    args.iter().map(|a| a.value())
}

impl Conn for rusqlite::Connection {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    fn execute(&self, sql: &str, args: &[&dyn Arg]) -> Result<u64, SqlError> {
        let n = self
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(values(args)))?;
        Ok(n as u64)
    }

    fn each_row(
        &self,
        sql: &str,
        args: &[&dyn Arg],
        f: &mut dyn FnMut(&Row<'_>) -> Result<(), SqlError>,
    ) -> Result<(), SqlError> {
        let mut stmt = self.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values(args)))?;
        while let Some(r) = rows.next()? {
            f(&Row::Sqlite(r))?;
        }
        Ok(())
    }

    fn batch(&self, sql: &str) -> Result<(), SqlError> {
        Ok(self.execute_batch(sql)?)
    }

    fn autocommit(&self) -> bool {
        self.is_autocommit()
    }
}

impl Conn for rusqlite::Transaction<'_> {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    fn execute(&self, sql: &str, args: &[&dyn Arg]) -> Result<u64, SqlError> {
        Conn::execute(&**self, sql, args)
    }

    fn each_row(
        &self,
        sql: &str,
        args: &[&dyn Arg],
        f: &mut dyn FnMut(&Row<'_>) -> Result<(), SqlError>,
    ) -> Result<(), SqlError> {
        (**self).each_row(sql, args, f)
    }

    fn batch(&self, sql: &str) -> Result<(), SqlError> {
        Ok(self.execute_batch(sql)?)
    }

    fn autocommit(&self) -> bool {
        self.is_autocommit()
    }
}
