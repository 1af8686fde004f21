//! Writing one batch of submissions inside a transaction, step by step: the survey versions
//! they answered, a response id for each new token, the stored response for each token seen
//! before, the answer and contact rows, and the rolled-up days a back-dated response reopens.

use super::answers::Answer;
use super::store::{Submission, Submitted};
use crate::counts as rollup;
use crate::definitions::Length;
use crate::storage::StorageError;
use crate::storage::entities::{answer, contact, response, survey_version};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    TryInsertResult,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// Most rows per insert: well under SQLite's limit of 32,766 bound values per statement.
const ROWS_PER_INSERT: usize = 2_000;

/// Writes a batch inside `txn`; a token seen before, in this transaction or earlier, maps to
/// its first response.
pub(super) async fn write(
    txn: &DatabaseTransaction,
    submissions: &[Submission],
) -> Result<Vec<Submitted>, StorageError> {
    record_versions(txn, submissions).await?;
    let mut claims = Claims::new(submissions);
    let inserted = claims.insert(txn, submissions).await?;
    let earlier = claims.resolve_replays(txn, submissions, &inserted).await?;
    let batch = Batch {
        submissions,
        claims: &claims,
        inserted: &inserted,
    };
    batch.write_answers(txn).await?;
    batch.reopen_backdated_days(txn).await?;
    Ok(batch.outcomes(&earlier))
}

/// Stores the definition each submission answered, once per version.
async fn record_versions(
    txn: &DatabaseTransaction,
    submissions: &[Submission],
) -> Result<(), StorageError> {
    let mut versions: HashMap<&str, &Submission> = HashMap::new();
    for s in submissions {
        versions.entry(s.version.as_str()).or_insert(s);
    }
    let rows = versions.values().map(|s| survey_version::ActiveModel {
        version: Set(s.version.as_str().to_owned()),
        survey_id: Set(s.survey_id.clone()),
        yaml: Set(s.yaml.to_string()),
        first_seen_at: Set(s.submitted_at),
    });
    survey_version::Entity::insert_many(rows)
        .on_conflict_do_nothing_on([survey_version::Column::Version])
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// The response id each submission stands for.
struct Claims<'a> {
    /// By submission: a new id, or the id of the response its token already has.
    ids: Vec<Uuid>,
    /// The first submission of each (survey, token) in the batch, which claims its id.
    first: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> Claims<'a> {
    fn new(submissions: &'a [Submission]) -> Self {
        let mut ids: Vec<Uuid> = Vec::with_capacity(submissions.len());
        let mut first = HashMap::new();
        for (i, s) in submissions.iter().enumerate() {
            let key = (s.survey_id.as_str(), s.token.as_str());
            match first.get(&key) {
                Some(&j) => ids.push(ids[j]),
                None => {
                    first.insert(key, i);
                    ids.push(Uuid::now_v7());
                }
            }
        }
        Self { ids, first }
    }

    /// Inserts a response row for each first submission of a token; returns the ids that
    /// were new to the database.
    async fn insert(
        &self,
        txn: &DatabaseTransaction,
        submissions: &[Submission],
    ) -> Result<HashSet<Uuid>, StorageError> {
        let mut firsts: Vec<usize> = self.first.values().copied().collect();
        firsts.sort_unstable();
        let rows = firsts.into_iter().map(|i| {
            let s = &submissions[i];
            response::ActiveModel {
                id: Set(self.ids[i]),
                survey_id: Set(s.survey_id.clone()),
                version: Set(s.version.as_str().to_owned()),
                submitted_at: Set(s.submitted_at),
                token: Set(s.token.clone()),
                page: Set(s.page.clone()),
                status: Set(s.status.as_str().to_owned()),
                fingerprint: Set(s.fingerprint.clone()),
                referred: Set(s.referred),
            }
        });
        let result = response::Entity::insert_many(rows)
            .on_conflict_do_nothing_on([response::Column::SurveyId, response::Column::Token])
            .exec_with_returning_keys(txn)
            .await?;
        Ok(match result {
            TryInsertResult::Inserted(keys) => keys.into_iter().collect(),
            TryInsertResult::Empty | TryInsertResult::Conflicted => HashSet::new(),
        })
    }

    /// Points each token stored by an earlier request at the response it made; returns the
    /// fingerprints those requests were stored with.
    async fn resolve_replays(
        &mut self,
        txn: &DatabaseTransaction,
        submissions: &[Submission],
        inserted: &HashSet<Uuid>,
    ) -> Result<HashMap<Uuid, Option<String>>, StorageError> {
        let mut fingerprints = HashMap::new();
        let replayed: Vec<usize> = self
            .first
            .values()
            .copied()
            .filter(|&i| !inserted.contains(&self.ids[i]))
            .collect();
        if replayed.is_empty() {
            return Ok(fingerprints);
        }
        let tokens: Vec<&str> = replayed
            .iter()
            .map(|&i| submissions[i].token.as_str())
            .collect();
        let existing = response::Entity::find()
            .filter(response::Column::Token.is_in(tokens))
            .all(txn)
            .await?;
        let mut resolved = self.ids.clone();
        for &i in &replayed {
            let s = &submissions[i];
            let found = existing
                .iter()
                .find(|r| r.survey_id == s.survey_id && r.token == s.token)
                .ok_or_else(|| StorageError(DbErr::RecordNotFound("replayed token".to_owned())))?;
            for (k, id) in self.ids.iter().enumerate() {
                if *id == self.ids[i] {
                    resolved[k] = found.id;
                }
            }
            fingerprints.insert(found.id, found.fingerprint.clone());
        }
        self.ids = resolved;
        Ok(fingerprints)
    }
}

/// A batch once every submission knows its response.
struct Batch<'a> {
    submissions: &'a [Submission],
    claims: &'a Claims<'a>,
    inserted: &'a HashSet<Uuid>,
}

impl Batch<'_> {
    /// Whether submission `i` made a new response (rather than repeating a stored token).
    fn is_new(&self, i: usize) -> bool {
        let s = &self.submissions[i];
        self.inserted.contains(&self.claims.ids[i])
            && self
                .claims
                .first
                .get(&(s.survey_id.as_str(), s.token.as_str()))
                == Some(&i)
    }

    /// The new submissions with their response ids.
    fn new_ones(&self) -> impl Iterator<Item = (Uuid, &Submission)> {
        self.submissions
            .iter()
            .enumerate()
            .filter(|(i, _)| self.is_new(*i))
            .map(|(i, s)| (self.claims.ids[i], s))
    }

    /// Inserts the answers of every new response; email addresses go to `contact`, apart.
    async fn write_answers(&self, txn: &DatabaseTransaction) -> Result<(), StorageError> {
        let mut answer_rows = Vec::new();
        let mut contact_rows = Vec::new();
        for (id, s) in self.new_ones() {
            for (question, answer) in s.answers.iter() {
                if let Answer::Email(email) = answer {
                    contact_rows.push(contact_row(id, s, question, email));
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
        for chunk in chunks(answer_rows, ROWS_PER_INSERT) {
            answer::Entity::insert_many(chunk)
                .exec_without_returning(txn)
                .await?;
        }
        for chunk in chunks(contact_rows, ROWS_PER_INSERT) {
            contact::Entity::insert_many(chunk)
                .exec_without_returning(txn)
                .await?;
        }
        Ok(())
    }

    /// A back-dated response (an import) may land on a day already rolled up for summaries:
    /// that day is counted afresh.
    async fn reopen_backdated_days(&self, txn: &DatabaseTransaction) -> Result<(), StorageError> {
        let now = Utc::now();
        let days: BTreeSet<(&str, NaiveDate)> = self
            .new_ones()
            .filter(|(_, s)| rollup::is_backdated(s.submitted_at, now))
            .map(|(_, s)| (s.survey_id.as_str(), rollup::day_of(s.submitted_at)))
            .collect();
        for (survey, day) in days {
            rollup::forget(txn, survey, day).await?;
        }
        Ok(())
    }

    /// What each submission came to; `earlier` holds the fingerprints of tokens stored before.
    fn outcomes(&self, earlier: &HashMap<Uuid, Option<String>>) -> Vec<Submitted> {
        let ids = &self.claims.ids;
        self.submissions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let replayed = !self.is_new(i);
                // Within one batch, the first submission of a token stands for the stored one.
                let first_fingerprint = self
                    .claims
                    .first
                    .get(&(s.survey_id.as_str(), s.token.as_str()))
                    .and_then(|&j| self.submissions.get(j))
                    .map(|f| f.fingerprint.clone());
                let stored = earlier
                    .get(&ids[i])
                    .cloned()
                    .or(first_fingerprint)
                    .flatten();
                Submitted {
                    id: ids[i],
                    replayed,
                    mismatched: replayed
                        && matches!((&stored, &s.fingerprint), (Some(a), Some(b)) if a != b),
                }
            })
            .collect()
    }
}

/// The contact row for an email given to `question` of response `id`.
fn contact_row(id: Uuid, s: &Submission, question: &str, email: &str) -> contact::ActiveModel {
    let consent = s
        .consents
        .iter()
        .find(|(q, _)| q == question)
        .map(|(_, c)| c.clone())
        .unwrap_or_default();
    contact::ActiveModel {
        id: Set(Uuid::now_v7()),
        response_id: Set(id),
        survey_id: Set(s.survey_id.clone()),
        question: Set(question.to_owned()),
        email: Set(email.to_owned()),
        consent: Set(consent),
        delete_after: Set(delete_after(s.submitted_at, s.contact_retention)),
    }
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
    period.after(from)
}
