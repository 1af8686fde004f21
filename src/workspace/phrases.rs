//! The word and phrase counts behind theme suggestions, kept up to date as comments arrive and
//! are tagged, so the themes page reads the most common few instead of every comment.
//!
//! The database queues each response whose comments or tags change (triggers, in the same
//! transaction as the change: see the `count_phrases` migration). Catching up takes a batch of
//! queued responses, compares what each should contribute now (its scrubbed comments if no
//! theme is tagged, else nothing) with what it contributed when last counted, and applies the
//! difference. Recounting a response is idempotent, so a response queued again while it was
//! being counted is simply counted once more.

use super::WorkspaceError;
use super::suggest::{self, Changes, Suggestion};
use crate::storage::entities::{answer, answer_theme, phrase_count, phrase_counted, phrase_queue};
use crate::storage::{Db, StorageError};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Queued changes recounted per transaction: small, so that on SQLite, where this holds the
/// only write lock, a submission never waits long behind it.
const BATCH: u64 = 200;
/// Rows per multi-row statement, well under SQLite's limit of bound values.
const CHUNK: usize = 1_000;

/// Recounts the responses of one batch of queued changes; returns how many changes it took
/// (0 when none were waiting).
pub async fn catch_up_batch(db: &Db) -> Result<u64, StorageError> {
    Ok(batch(db, BATCH).await?)
}

/// Recounts queued changes until none are left or `budget` has passed; returns whether none
/// are left.
pub async fn catch_up(db: &Db, budget: Duration) -> Result<bool, StorageError> {
    let started = Instant::now();
    loop {
        if catch_up_batch(db).await? == 0 {
            return Ok(true);
        }
        if started.elapsed() >= budget {
            return Ok(false);
        }
    }
}

/// How many changes wait to be counted.
pub async fn backlog(db: &Db) -> Result<u64, StorageError> {
    Ok(phrase_queue::Entity::find().count(db.conn()).await?)
}

/// Keeps the counts current while serving: catches up while changes wait, leaving the
/// database to other writers at least half of the time, and looks again every second when
/// idle. Safe on every replica at once: batches take turns.
pub async fn keep_counting(db: Db) {
    loop {
        let started = Instant::now();
        let pause = match catch_up_batch(&db).await {
            Ok(0) => Duration::from_secs(1),
            Ok(_) => started.elapsed(),
            Err(e) => {
                tracing::warn!(error = %e.0, "could not count comment phrases; will retry");
                Duration::from_secs(5)
            }
        };
        tokio::time::sleep(pause).await;
    }
}

/// The `limit` most common words and phrases in `survey`'s untagged comments, as counted so
/// far, in [`suggest::suggest`]'s order and without items a longer phrase explains.
pub async fn top(db: &Db, survey: &str, limit: usize) -> Result<Vec<Suggestion>, WorkspaceError> {
    // Explained items are dropped after reading, so read more than asked for, and more again
    // in the rare case that too many of those were explained.
    let mut wanted = limit.saturating_mul(2).saturating_add(20);
    loop {
        let rows: Vec<(String, i64)> = phrase_count::Entity::find()
            .select_only()
            .column(phrase_count::Column::Phrase)
            .column(phrase_count::Column::Comments)
            .filter(phrase_count::Column::SurveyId.eq(survey))
            .filter(phrase_count::Column::Comments.gte(i64::from(suggest::MIN_COMMENTS)))
            .order_by_desc(phrase_count::Column::Comments)
            .order_by_desc(phrase_count::Column::Words)
            .order_by_asc(phrase_count::Column::Phrase)
            .limit(u64::try_from(wanted).unwrap_or(u64::MAX))
            .into_tuple()
            .all(db.conn())
            .await?;
        let complete = rows.len() < wanted;
        let mut ranked: Vec<Suggestion> = rows
            .into_iter()
            .map(|(phrase, comments)| Suggestion {
                phrase,
                comments: u32::try_from(comments).unwrap_or(u32::MAX),
            })
            .collect();
        // The database's order already, unless its collation differs from byte order.
        ranked.sort_by(suggest::rank);
        let kept = suggest::without_explained(&ranked, limit);
        if kept.len() >= limit || complete {
            return Ok(kept);
        }
        wanted = wanted.saturating_mul(4);
    }
}

async fn batch(db: &Db, size: u64) -> Result<u64, sea_orm::DbErr> {
    let txn = db.begin_write().await?;
    // Batches take turns, across replicas too: two at once would both subtract what one
    // response contributed before.
    crate::storage::lock_until_commit(&txn, "yousaid-phrase-counts").await?;
    let queued: Vec<Uuid> = phrase_queue::Entity::find()
        .select_only()
        .column(phrase_queue::Column::ResponseId)
        .order_by_asc(phrase_queue::Column::Id)
        .limit(size)
        .into_tuple()
        .all(&txn)
        .await?;
    if queued.is_empty() {
        txn.rollback().await?;
        return Ok(0);
    }
    let responses: Vec<Uuid> = queued
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // Every change queued for these responses so far is seen by the reads below.
    let taken = phrase_queue::Entity::delete_many()
        .filter(phrase_queue::Column::ResponseId.is_in(responses.clone()))
        .exec(&txn)
        .await?
        .rows_affected;

    let tagged: HashSet<Uuid> = answer_theme::Entity::find()
        .select_only()
        .column(answer_theme::Column::ResponseId)
        .distinct()
        .filter(answer_theme::Column::ResponseId.is_in(responses.clone()))
        .into_tuple::<Uuid>()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let stored: Vec<(Uuid, String, String, String, Option<String>)> = answer::Entity::find()
        .select_only()
        .columns([
            answer::Column::ResponseId,
            answer::Column::Question,
            answer::Column::Value,
            answer::Column::SurveyId,
            answer::Column::Text,
        ])
        .filter(answer::Column::ResponseId.is_in(responses.clone()))
        .filter(answer::Column::Text.is_not_null())
        .into_tuple()
        .all(&txn)
        .await?;
    // Personal details are never offered as a theme, so they are never counted.
    let wanted: HashMap<_, _> = stored
        .into_iter()
        .filter(|(response, ..)| !tagged.contains(response))
        .filter_map(|(response, question, value, survey, text)| {
            Some((
                (response, question, value),
                (survey, suggest::scrub(&text?)),
            ))
        })
        .collect();
    let mut before: HashMap<_, _> = phrase_counted::Entity::find()
        .filter(phrase_counted::Column::ResponseId.is_in(responses.clone()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|row| {
            (
                (row.response_id, row.question, row.value),
                (row.survey_id, row.text),
            )
        })
        .collect();

    let mut changes: HashMap<String, Changes> = HashMap::new();
    let mut count = |(survey, text): &(String, String), by: i64| {
        changes.entry(survey.clone()).or_default().count(text, by);
    };
    for (key, now) in &wanted {
        match before.remove(key) {
            Some(then) if then == *now => {}
            Some(then) => {
                count(&then, -1);
                count(now, 1);
            }
            None => count(now, 1),
        }
    }
    for then in before.values() {
        count(then, -1);
    }

    phrase_counted::Entity::delete_many()
        .filter(phrase_counted::Column::ResponseId.is_in(responses))
        .exec(&txn)
        .await?;
    let rows: Vec<phrase_counted::ActiveModel> = wanted
        .into_iter()
        .map(
            |((response, question, value), (survey, text))| phrase_counted::ActiveModel {
                response_id: Set(response),
                question: Set(question),
                value: Set(value),
                survey_id: Set(survey),
                text: Set(text),
            },
        )
        .collect();
    for chunk in rows.chunks(CHUNK) {
        phrase_counted::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for (survey, survey_changes) in changes {
        apply(&txn, &survey, survey_changes).await?;
    }
    txn.commit().await?;
    Ok(taken)
}

/// Adds `changes` to `survey`'s counts, removing phrases no comment contains any more.
async fn apply(
    txn: &impl ConnectionTrait,
    survey: &str,
    changes: Changes,
) -> Result<(), sea_orm::DbErr> {
    let changes = changes.into_changes();
    let gone: Vec<String> = changes
        .iter()
        .filter(|(_, _, by)| *by < 0)
        .map(|(phrase, ..)| phrase.clone())
        .collect();
    let rows: Vec<phrase_count::ActiveModel> = changes
        .into_iter()
        .map(|(phrase, words, by)| phrase_count::ActiveModel {
            survey_id: Set(survey.to_owned()),
            phrase: Set(phrase),
            words: Set(i32::try_from(words).unwrap_or(i32::MAX)),
            comments: Set(by),
        })
        .collect();
    let comments = phrase_count::Column::Comments;
    let add = Expr::col((phrase_count::Entity, comments))
        .add(Expr::col((Alias::new("excluded"), comments)));
    for chunk in rows.chunks(CHUNK) {
        phrase_count::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([phrase_count::Column::SurveyId, phrase_count::Column::Phrase])
                    .value(comments, add.clone())
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    for chunk in gone.chunks(CHUNK) {
        phrase_count::Entity::delete_many()
            .filter(phrase_count::Column::SurveyId.eq(survey))
            .filter(phrase_count::Column::Phrase.is_in(chunk.to_vec()))
            .filter(comments.lte(0))
            .exec(txn)
            .await?;
    }
    Ok(())
}
