//! Shared database plumbing: connecting (SQLite file or PostgreSQL URL), migrating, and the
//! sea-orm entities. No business rules live here.

pub mod entities;
mod readiness;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;

/// The storage could not do what was asked; callers answer 503, never a false success, unless
/// [`StorageError::failure`] says the work itself clashed with what is stored.
#[derive(Debug, thiserror::Error)]
#[error("the database is unavailable")]
pub struct StorageError(#[from] pub DbErr);

/// A connection pool to SQLite or PostgreSQL.
#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    url: String,
}

/// How long a statement waits for a lock another connection holds before it fails, unless
/// configured otherwise (`YOUSAID_DB_WAIT_SECONDS`).
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);

/// What kind of failure a database error is, read from the driver's error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The database cannot take work just now (down, busy, locked, timed out): try again.
    Unavailable,
    /// The work clashes with a row stored meanwhile (a unique or foreign key), e.g. two
    /// editors creating the same theme at once: retrying the same work cannot succeed.
    Conflict,
    /// Anything else: a bug or corrupt data, logged and answered as unavailable.
    Other,
}

impl StorageError {
    /// What kind of failure this is.
    pub fn failure(&self) -> Failure {
        failure(&self.0)
    }
}

/// What kind of failure `err` is.
pub fn failure(err: &DbErr) -> Failure {
    use sea_orm::{RuntimeErr, SqlErr};
    if err.sql_err().is_some_and(|e| {
        matches!(
            e,
            SqlErr::UniqueConstraintViolation(_) | SqlErr::ForeignKeyConstraintViolation(_)
        )
    }) {
        return Failure::Conflict;
    }
    let sqlx = match err {
        DbErr::ConnectionAcquire(_) => return Failure::Unavailable,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        DbErr::Conn(_) => return Failure::Unavailable,
        _ => return Failure::Other,
    };
    use sea_orm::sqlx::Error;
    match sqlx.as_ref() {
        Error::PoolTimedOut
        | Error::PoolClosed
        | Error::Io(_)
        | Error::Tls(_)
        | Error::WorkerCrashed
        | Error::Protocol(_) => Failure::Unavailable,
        Error::Database(db) => match db.code() {
            Some(code) if code_is_unavailable(&code) => Failure::Unavailable,
            _ => Failure::Other,
        },
        _ => Failure::Other,
    }
}

/// SQLite's busy and locked codes (the primary code is the low byte of the extended one), and
/// PostgreSQL's classes for lock and statement timeouts, shutdown, lost connections and
/// exhausted resources, transaction rollbacks (serialisation failures, deadlocks).
fn code_is_unavailable(code: &str) -> bool {
    // A SQLSTATE is always five characters; SQLite's extended codes have at most four digits.
    let sqlstate = code.len() == 5;
    if !sqlstate && let Ok(extended) = code.parse::<u32>() {
        const SQLITE_BUSY: u32 = 5;
        const SQLITE_LOCKED: u32 = 6;
        return matches!(extended & 0xff, SQLITE_BUSY | SQLITE_LOCKED);
    }
    sqlstate
        && (matches!(code, "55P03" | "57014")
            || ["08", "40", "53", "57P"]
                .iter()
                .any(|class| code.starts_with(class)))
}

/// Whether an error means the database cannot take work just now (down, busy, locked, timed
/// out), as opposed to something wrong with the work itself.
pub fn is_unavailable(err: &DbErr) -> bool {
    failure(err) == Failure::Unavailable
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("url", &redacted(&self.url))
            .finish()
    }
}

/// Why the database could not be opened at start-up.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot create the directory for the SQLite file {path}")]
    CreateDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("unsupported DATABASE_URL: use sqlite://FILE or postgres://…")]
    Scheme,
    #[error("cannot connect to the database")]
    Connect(#[source] DbErr),
    #[error("cannot apply the database migrations")]
    Migrate(#[source] DbErr),
}

/// Holds a PostgreSQL advisory lock named `key` until the caller's transaction ends, so work on
/// one thing takes turns across connections and replicas. SQLite's single writer already does
/// this, so there it does nothing.
pub async fn lock_until_commit(conn: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.execute_raw(sea_orm::Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            [key.into()],
        ))
        .await?;
    }
    Ok(())
}
/// Stand-in for a URL in logs: the scheme and host, never the password.
pub fn redacted(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            format!("{scheme}://{host}")
        }
        None => "(unparsable URL)".to_owned(),
    }
}

impl Db {
    /// Opens the database, creating a SQLite file (and its directory) when needed.
    pub async fn connect(url: &str) -> Result<Self, ConnectError> {
        Self::connect_waiting(url, DEFAULT_WAIT).await
    }

    /// Connects; statements wait at most `wait` for locks held elsewhere, then fail, so a
    /// locked table or file answers a prompt 503 instead of holding every request.
    pub async fn connect_waiting(url: &str, wait: Duration) -> Result<Self, ConnectError> {
        let url = if let Some(path) = url.strip_prefix("sqlite://") {
            let file = path.split('?').next().unwrap_or(path);
            if let Some(dir) = std::path::Path::new(file).parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(|source| ConnectError::CreateDir {
                    path: file.to_owned(),
                    source,
                })?;
            }
            if path.contains("mode=") {
                url.to_owned()
            } else {
                let sep = if path.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            url.to_owned()
        } else {
            return Err(ConnectError::Scheme);
        };
        let mut options = ConnectOptions::new(url.clone());
        options
            .max_connections(8)
            .min_connections(1)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(wait.max(Duration::from_secs(1)))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(move |o| {
                // WAL lets readers work while the writer commits; FULL makes every commit
                // reach the disk before a respondent is told their answers are saved.
                o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
                    .busy_timeout(wait)
                    // 16 MiB of page cache per connection (SQLite's default is 2 MiB): exports
                    // and summaries read far more than that.
                    .pragma("cache_size", "-16384")
                    .foreign_keys(true)
            })
            .map_sqlx_postgres_opts(move |o| {
                o.options([("lock_timeout", format!("{}ms", wait.as_millis().max(1)))])
            });
        let conn = Database::connect(options)
            .await
            .map_err(ConnectError::Connect)?;
        Ok(Self { conn, url })
    }

    /// The pool's connections: open, idle, and the most it may open.
    pub fn pool(&self) -> (u32, u32, u32) {
        fn of<D: sea_orm::sqlx::Database>(p: &sea_orm::sqlx::Pool<D>) -> (u32, u32, u32) {
            let idle = u32::try_from(p.num_idle()).unwrap_or(u32::MAX);
            (p.size(), idle, p.options().get_max_connections())
        }
        match self.conn.get_database_backend() {
            DbBackend::Postgres => of(self.conn.get_postgres_connection_pool()),
            _ => of(self.conn.get_sqlite_connection_pool()),
        }
    }

    /// Applies every pending migration; on PostgreSQL one replica at a time.
    pub async fn migrate(&self) -> Result<(), ConnectError> {
        if self.backend() != DbBackend::Postgres {
            return Migrator::up(&self.conn, None)
                .await
                .map_err(ConnectError::Migrate);
        }
        // Replicas starting together would race to create the same tables. An advisory lock
        // belongs to one session, so lock, migrate and unlock on a pool of exactly one.
        let mut options = ConnectOptions::new(self.url.clone());
        options
            .max_connections(1)
            .min_connections(1)
            .sqlx_logging(false);
        let single = Database::connect(options)
            .await
            .map_err(ConnectError::Connect)?;
        single
            .execute_unprepared("SELECT pg_advisory_lock(7275011)")
            .await
            .map_err(ConnectError::Migrate)?;
        let result = Migrator::up(&single, None).await;
        let _ = single
            .execute_unprepared("SELECT pg_advisory_unlock(7275011)")
            .await;
        let _ = single.close().await;
        result.map_err(ConnectError::Migrate)
    }

    /// The sea-orm connection.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// A transaction that reads and then writes. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a read transaction upgraded later fails with "database is locked"
    /// when another writer committed meanwhile, which waiting cannot cure.
    pub async fn begin_write(&self) -> Result<sea_orm::DatabaseTransaction, DbErr> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
        self.conn
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
    }

    /// A read-only transaction whose reads all see one snapshot (REPEATABLE READ on
    /// PostgreSQL; any SQLite read transaction already does).
    pub async fn begin_snapshot(&self) -> Result<sea_orm::DatabaseTransaction, DbErr> {
        use sea_orm::{AccessMode, IsolationLevel, TransactionTrait};
        match self.backend() {
            DbBackend::Postgres => {
                self.conn
                    .begin_with_config(
                        Some(IsolationLevel::RepeatableRead),
                        Some(AccessMode::ReadOnly),
                    )
                    .await
            }
            _ => self.conn.begin().await,
        }
    }

    /// Which database this is.
    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }
}

#[cfg(test)]
mod tests {
    use super::code_is_unavailable;

    #[test]
    fn busy_locked_and_timeout_codes_mean_try_again_and_constraint_codes_do_not() {
        // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_BUSY_SNAPSHOT (517); PostgreSQL lock_not_available,
        // query_canceled, admin_shutdown, connection_failure, deadlock, too_many_connections.
        for code in [
            "5", "6", "517", "55P03", "57014", "57P01", "08006", "40P01", "53300",
        ] {
            assert!(code_is_unavailable(code), "{code}");
        }
        // SQLITE_CONSTRAINT_UNIQUE (2067), SQLITE_CORRUPT (11); unique_violation, syntax_error.
        for code in ["2067", "11", "23505", "42601"] {
            assert!(!code_is_unavailable(code), "{code}");
        }
    }
}
