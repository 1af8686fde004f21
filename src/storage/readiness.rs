//! Whether the database can take a response now, asked without ever leaving a connection
//! inside a transaction.
//!
//! On SQLite the question is whether the write lock can be had: a probe connection of its own,
//! opened for the question with a short busy wait, tries `BEGIN IMMEDIATE` and closes. Closing a
//! connection releases whatever it held, so even a probe abandoned half-way (a timed-out
//! request) cannot keep the lock, unlike a pooled connection would.

use super::Db;
use sea_orm::DbBackend;
use sea_orm::sqlx::{ConnectOptions as _, Connection as _, Executor as _};
use std::str::FromStr;
use std::time::Duration;

/// Longest a probe may take before the answer is "not ready".
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long the probe waits for the write lock: longer than the service's own commits take,
/// so they do not make it say "not ready", and shorter than `PROBE_TIMEOUT`.
const PROBE_WAIT: Duration = Duration::from_millis(1_000);

impl Db {
    /// Whether a response could be stored now: PostgreSQL answers, or SQLite's write lock is
    /// free at this moment.
    pub async fn is_ready(&self) -> bool {
        let probe = async {
            match self.backend() {
                DbBackend::Sqlite => self.sqlite_write_lock_is_free().await,
                _ => self.conn.ping().await.is_ok(),
            }
        };
        tokio::time::timeout(PROBE_TIMEOUT, probe)
            .await
            .unwrap_or(false)
    }

    async fn sqlite_write_lock_is_free(&self) -> bool {
        use sea_orm::sqlx::sqlite::SqliteConnectOptions;
        let Ok(options) = SqliteConnectOptions::from_str(&self.url) else {
            return false;
        };
        let Ok(mut conn) = options.busy_timeout(PROBE_WAIT).connect().await else {
            return false;
        };
        let free = conn.execute("BEGIN IMMEDIATE").await.is_ok();
        if free {
            let _ = conn.execute("ROLLBACK").await;
        }
        let _ = conn.close().await;
        free
    }
}
