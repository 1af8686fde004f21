//! Shared database plumbing: connecting (SQLite file or PostgreSQL URL), migrating, and the
//! sea-orm entities. No business rules live here.

pub mod entities;
mod readiness;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;

/// The storage could not do what was asked; callers answer 503, never a false success.
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

/// Whether an error means the database cannot take work just now (down, busy, locked, timed
/// out), as opposed to something wrong with the work itself.
pub fn is_unavailable(err: &DbErr) -> bool {
    if matches!(err, DbErr::ConnectionAcquire(_) | DbErr::Conn(_)) {
        return true;
    }
    let text = err.to_string().to_lowercase();
    [
        "database is locked",
        "busy",
        "timed out",
        "timeout",
        "lock_timeout",
        "canceling statement",
        "connection",
        "55p03",
        "57014",
    ]
    .iter()
    .any(|needle| text.contains(needle))
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
