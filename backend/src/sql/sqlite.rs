//! [`Conn`] on SQLite: rusqlite's cached statements, the SQL as written.

use rusqlite::types::{ToSqlOutput, ValueRef};

use super::{Conn, Engine, Params, Row, SqlError, Value};

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

/// Binds `params` to a prepared statement.
fn bind(stmt: &mut rusqlite::CachedStatement<'_>, params: Params<'_>) -> Result<(), SqlError> {
    // Every parameter is bound, or the statement is refused: an unbound one would be
    // NULL without a word.
    let given = match params {
        Params::Positional(args) => args.len(),
        Params::Named(args) => args.len(),
    };
    let wanted = stmt.parameter_count();
    if given != wanted {
        return Err(rusqlite::Error::InvalidParameterCount(given, wanted).into());
    }
    match params {
        Params::Positional(args) => {
            for (i, a) in args.iter().enumerate() {
                stmt.raw_bind_parameter(i + 1, a.value())?;
            }
        }
        Params::Named(args) => {
            for (name, a) in args {
                let Some(i) = stmt.parameter_index(name)? else {
                    return Err(rusqlite::Error::InvalidParameterName((*name).to_string()).into());
                };
                stmt.raw_bind_parameter(i, a.value())?;
            }
        }
    }
    Ok(())
}

impl Conn for rusqlite::Connection {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    fn execute(&self, sql: &str, args: Params<'_>) -> Result<u64, SqlError> {
        let mut stmt = self.prepare_cached(sql)?;
        stmt.clear_bindings();
        bind(&mut stmt, args)?;
        Ok(stmt.raw_execute()? as u64)
    }

    fn each_row(
        &self,
        sql: &str,
        args: Params<'_>,
        f: &mut dyn FnMut(&Row<'_>) -> Result<(), SqlError>,
    ) -> Result<(), SqlError> {
        let mut stmt = self.prepare_cached(sql)?;
        stmt.clear_bindings();
        bind(&mut stmt, args)?;
        let mut rows = stmt.raw_query();
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

crate::delegate_conn!(impl['t] rusqlite::Transaction<'t>, |s| **s);
