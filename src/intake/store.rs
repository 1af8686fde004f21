//! Durable storage of responses: one writer task commits concurrent submissions together.
//!
//! A submission is answered only after the transaction holding it has committed, so a success
//! answer survives a crash. Grouping many submissions into one commit is what makes that fast.

use super::answers::{Answer, Answers};
use crate::counts as rollup;
use crate::definitions::{Length, PeriodUnit, Version};
use crate::storage::entities::{answer, contact, response, survey_version};
use crate::storage::{Db, StorageError};
use chrono::{DateTime, Duration as ChronoDuration, Months, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait, QueryFilter,
    TransactionTrait, TryInsertResult,
};
use std::collections::{HashMap, HashSet};
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
    let txn = db.conn().begin().await?;
    let stored = store_in(&txn, submissions).await?;
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
        stored.extend(store_in(&txn, chunk).await?);
        progress(stored.len());
    }
    txn.commit().await?;
    Ok(stored)
}

/// Writes a batch inside `txn`; a token seen before, in this transaction or earlier, maps to
/// its first response.
async fn store_in(
    txn: &DatabaseTransaction,
    submissions: &[Submission],
) -> Result<Vec<Submitted>, StorageError> {
    let mut versions: HashMap<&str, &Submission> = HashMap::new();
    for s in submissions {
        versions.entry(s.version.as_str()).or_insert(s);
    }
    let version_rows = versions.values().map(|s| survey_version::ActiveModel {
        version: Set(s.version.as_str().to_owned()),
        survey_id: Set(s.survey_id.clone()),
        yaml: Set(s.yaml.to_string()),
        first_seen_at: Set(s.submitted_at),
    });
    survey_version::Entity::insert_many(version_rows)
        .on_conflict_do_nothing_on([survey_version::Column::Version])
        .exec_without_returning(txn)
        .await?;

    // The first submission of each (survey, token) in this batch claims a new id.
    let mut ids: Vec<Uuid> = Vec::with_capacity(submissions.len());
    let mut first: HashMap<(&str, &str), usize> = HashMap::new();
    let mut new_rows = Vec::new();
    for (i, s) in submissions.iter().enumerate() {
        match first.get(&(s.survey_id.as_str(), s.token.as_str())) {
            Some(&j) => ids.push(ids[j]),
            None => {
                first.insert((s.survey_id.as_str(), s.token.as_str()), i);
                let id = Uuid::now_v7();
                ids.push(id);
                new_rows.push(response::ActiveModel {
                    id: Set(id),
                    survey_id: Set(s.survey_id.clone()),
                    version: Set(s.version.as_str().to_owned()),
                    submitted_at: Set(s.submitted_at),
                    token: Set(s.token.clone()),
                    page: Set(s.page.clone()),
                    status: Set(s.status.as_str().to_owned()),
                    fingerprint: Set(s.fingerprint.clone()),
                });
            }
        }
    }
    let inserted: HashSet<Uuid> = match response::Entity::insert_many(new_rows)
        .on_conflict_do_nothing_on([response::Column::SurveyId, response::Column::Token])
        .exec_with_returning_keys(txn)
        .await?
    {
        TryInsertResult::Inserted(keys) => keys.into_iter().collect(),
        TryInsertResult::Empty | TryInsertResult::Conflicted => HashSet::new(),
    };

    // Tokens stored by an earlier request: answer with the response they made.
    let mut stored_fingerprints: HashMap<Uuid, Option<String>> = HashMap::new();
    let replayed: Vec<usize> = first
        .values()
        .copied()
        .filter(|&i| !inserted.contains(&ids[i]))
        .collect();
    if !replayed.is_empty() {
        let tokens: Vec<&str> = replayed
            .iter()
            .map(|&i| submissions[i].token.as_str())
            .collect();
        let existing = response::Entity::find()
            .filter(response::Column::Token.is_in(tokens))
            .all(txn)
            .await?;
        let mut fresh = ids.clone();
        for &i in &replayed {
            let s = &submissions[i];
            let found = existing
                .iter()
                .find(|r| r.survey_id == s.survey_id && r.token == s.token)
                .ok_or_else(|| StorageError(DbErr::RecordNotFound("replayed token".to_owned())))?;
            for (k, id) in ids.iter().enumerate() {
                if *id == ids[i] {
                    fresh[k] = found.id;
                }
            }
            stored_fingerprints.insert(found.id, found.fingerprint.clone());
        }
        ids = fresh;
    }

    let mut answer_rows = Vec::new();
    let mut contact_rows = Vec::new();
    let is_new = |i: usize, s: &Submission| {
        inserted.contains(&ids[i])
            && first.get(&(s.survey_id.as_str(), s.token.as_str())) == Some(&i)
    };
    for (i, s) in submissions.iter().enumerate() {
        if !is_new(i, s) {
            continue;
        }
        let id = ids[i];
        for (question, answer) in s.answers.iter() {
            if let Answer::Email(email) = answer {
                let consent = s
                    .consents
                    .iter()
                    .find(|(q, _)| q == question)
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default();
                contact_rows.push(contact::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    response_id: Set(id),
                    survey_id: Set(s.survey_id.clone()),
                    question: Set(question.to_owned()),
                    email: Set(email.clone()),
                    consent: Set(consent),
                    delete_after: Set(delete_after(s.submitted_at, s.contact_retention)),
                });
                continue;
            }
            for row in answer.rows() {
                answer_rows.push(answer::ActiveModel {
                    response_id: Set(id),
                    survey_id: Set(s.survey_id.clone()),
                    question: Set(question.to_owned()),
                    value: Set(row.value),
                    number: Set(row.number),
                    text: Set(row.text),
                });
            }
        }
    }
    // Well under SQLite's limit of 32,766 bound values per statement.
    for chunk in chunks(answer_rows, 2_000) {
        answer::Entity::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    for chunk in chunks(contact_rows, 2_000) {
        contact::Entity::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    // A back-dated response (an import) may land on a day already rolled up for summaries.
    let now = Utc::now();
    let mut backdated: std::collections::BTreeSet<(&str, chrono::NaiveDate)> =
        std::collections::BTreeSet::new();
    for (i, s) in submissions.iter().enumerate() {
        if is_new(i, s) && rollup::is_backdated(s.submitted_at, now) {
            backdated.insert((s.survey_id.as_str(), rollup::day_of(s.submitted_at)));
        }
    }
    for (survey, day) in backdated {
        rollup::forget(txn, survey, day).await?;
    }

    Ok(submissions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let replayed = !is_new(i, s);
            // Within one batch, the first submission of a token stands for the stored one.
            let first_fingerprint = first
                .get(&(s.survey_id.as_str(), s.token.as_str()))
                .and_then(|&j| submissions.get(j))
                .map(|f| f.fingerprint.clone());
            let earlier = stored_fingerprints
                .get(&ids[i])
                .cloned()
                .or(first_fingerprint)
                .flatten();
            Submitted {
                id: ids[i],
                replayed,
                mismatched: replayed
                    && matches!((&earlier, &s.fingerprint), (Some(a), Some(b)) if a != b),
            }
        })
        .collect())
}

fn chunks<T>(mut rows: Vec<T>, size: usize) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    while rows.len() > size {
        let rest = rows.split_off(size);
        out.push(std::mem::replace(&mut rows, rest));
    }
    if !rows.is_empty() {
        out.push(rows);
    }
    out
}

/// When contact details given at `from` must be deleted: never later than promised.
fn delete_after(from: DateTime<Utc>, period: Length) -> DateTime<Utc> {
    let n = period.amount;
    let later = match period.unit {
        PeriodUnit::Days => from.checked_add_signed(ChronoDuration::days(i64::from(n))),
        PeriodUnit::Weeks => from.checked_add_signed(ChronoDuration::weeks(i64::from(n))),
        PeriodUnit::Months => from.checked_add_months(Months::new(n)),
        PeriodUnit::Years => from.checked_add_months(Months::new(n.saturating_mul(12))),
    };
    later.unwrap_or(from)
}
