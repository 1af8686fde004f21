//! Durable storage of responses: one writer task commits concurrent submissions together.
//!
//! A submission is answered only after the transaction holding it has committed, so a success
//! answer survives a crash. Grouping many submissions into one commit is what makes that fast.

use super::answers::Answers;
use crate::definitions::{Length, Version};
use crate::storage::{Db, StorageError};
use chrono::{DateTime, Utc};
use sea_orm::{DbBackend, DbErr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

pub use crate::storage::entities::response::ResponseStatus;

/// Everything needed to store one response.
#[derive(Debug, Clone)]
pub struct Submission {
    pub survey_id: String,
    pub version: Version,
    pub yaml: Arc<str>,
    pub token: String,
    pub page: Option<String>,
    pub status: ResponseStatus,
    pub answers: Answers,
    /// Consent text shown with each email question, by question id.
    pub consents: Vec<(String, String)>,
    pub contact_retention: Length,
    pub submitted_at: DateTime<Utc>,
    /// A hash of what an API client sent, so a replayed `Idempotency-Key` with another body
    /// is told apart from a retry; none for forms and imports.
    pub fingerprint: Option<String>,
    /// Arrived through a survey link another user shared.
    pub referred: bool,
}

/// A stored response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Submitted {
    pub id: Uuid,
    /// True when this token had already been stored: nothing new was written.
    pub replayed: bool,
    /// True when the token was stored by a request with another fingerprint.
    pub mismatched: bool,
}

type Reply = oneshot::Sender<Result<Submitted, StorageError>>;

/// Hands submissions to the writer task.
#[derive(Clone, Debug)]
pub struct Writer {
    queue: mpsc::Sender<(Submission, Reply)>,
}

/// Most submissions committed together.
const MAX_BATCH: usize = 512;

impl Writer {
    /// Starts the writer tasks; they end once every `Writer` clone is dropped and the queue
    /// is drained. SQLite takes one writer at a time; PostgreSQL overlaps a few transactions so
    /// network round trips do not serialise every commit.
    /// A batch that takes longer than 10 seconds is answered "unavailable".
    pub fn start(db: Db) -> (Self, tokio::task::JoinHandle<()>) {
        Self::start_with_timeout(db, Duration::from_secs(10))
    }

    /// Like `start`; a batch that takes longer than `timeout` is answered "unavailable".
    pub fn start_with_timeout(db: Db, timeout: Duration) -> (Self, tokio::task::JoinHandle<()>) {
        let (queue, rx) = mpsc::channel::<(Submission, Reply)>(4 * MAX_BATCH);
        let writers = match db.backend() {
            DbBackend::Sqlite => 1,
            _ => 4,
        };
        let rx = Arc::new(tokio::sync::Mutex::new(rx));
        let task = tokio::spawn(async move {
            let mut tasks = Vec::new();
            for _ in 0..writers {
                let (db, rx) = (db.clone(), rx.clone());
                tasks.push(tokio::spawn(async move {
                    let mut batch = Vec::with_capacity(MAX_BATCH);
                    loop {
                        let received = rx.lock().await.recv_many(&mut batch, MAX_BATCH).await;
                        if received == 0 {
                            break;
                        }
                        write_batch(&db, std::mem::take(&mut batch), timeout).await;
                    }
                }));
            }
            for task in tasks {
                let _ = task.await;
            }
        });
        (Self { queue }, task)
    }

    /// Stores one submission, returning once it is committed.
    pub async fn submit(&self, submission: Submission) -> Result<Submitted, StorageError> {
        let (reply, answer) = oneshot::channel();
        let closed = || StorageError(DbErr::Custom("the writer has stopped".to_owned()));
        self.queue
            .send((submission, reply))
            .await
            .map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

async fn write_batch(db: &Db, batch: Vec<(Submission, Reply)>, timeout: Duration) {
    let (submissions, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
    let started = std::time::Instant::now();
    let result = tokio::time::timeout(timeout, store(db, &submissions)).await;
    tracing::debug!(
        size = submissions.len(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "batch written"
    );
    match result {
        Ok(Ok(stored)) => {
            for (reply, outcome) in replies.into_iter().zip(stored) {
                let _ = reply.send(Ok(outcome));
            }
        }
        // A database that cannot take work fails every submission alike: retrying one by
        // one would only make each wait in turn.
        Ok(Err(err)) if submissions.len() > 1 && !crate::storage::is_unavailable(&err.0) => {
            // One bad submission must not sink the others: retry each on its own.
            tracing::warn!(error = %err.0, size = submissions.len(), "batch commit failed; retrying one by one");
            for (submission, reply) in submissions.into_iter().zip(replies) {
                let one = std::slice::from_ref(&submission);
                let outcome = match tokio::time::timeout(timeout, store(db, one)).await {
                    Ok(Ok(mut stored)) => stored.pop().ok_or_else(|| {
                        StorageError(DbErr::Custom("nothing was stored".to_owned()))
                    }),
                    Ok(Err(err)) => Err(err),
                    Err(_) => Err(timed_out()),
                };
                let _ = reply.send(outcome);
            }
        }
        Ok(Err(err)) => {
            tracing::error!(error = %err.0, "could not store a response");
            for reply in replies {
                let _ = reply.send(Err(StorageError(DbErr::Custom(err.0.to_string()))));
            }
        }
        Err(_) => {
            tracing::error!(size = submissions.len(), "storing responses timed out");
            for reply in replies {
                let _ = reply.send(Err(timed_out()));
            }
        }
    }
}

fn timed_out() -> StorageError {
    StorageError(DbErr::Custom(
        "the database did not answer in time".to_owned(),
    ))
}

/// Writes a batch in one transaction; a token seen before maps to its first response.
async fn store(db: &Db, submissions: &[Submission]) -> Result<Vec<Submitted>, StorageError> {
    let txn = db.begin_write().await?;
    let stored = super::batch::write(&txn, submissions).await?;
    txn.commit().await?;
    Ok(stored)
}

/// Rows an import writes per statement batch inside its one transaction.
const IMPORT_CHUNK: usize = 500;

/// Stores every submission in one transaction, so either all are stored or, after any error
/// or a killed process, none; `progress` hears how many are written so far (not committed).
pub async fn store_all(
    db: &Db,
    submissions: &[Submission],
    mut progress: impl FnMut(usize),
) -> Result<Vec<Submitted>, StorageError> {
    let txn = db.begin_write().await?;
    let mut stored = Vec::with_capacity(submissions.len());
    for chunk in submissions.chunks(IMPORT_CHUNK) {
        stored.extend(super::batch::write(&txn, chunk).await?);
        progress(stored.len());
    }
    txn.commit().await?;
    Ok(stored)
}
