//! Daily rollups: each survey's responses per UK day and status (and how many of them came
//! through a link another user shared), and the answers of counted
//! responses per day, question and value (free text under an empty value, with how many
//! answers carried text). A period's facts are then a sum over its days, plus a
//! live count of the hours not yet rolled up, so drafting a quarter of a million responses reads
//! a few thousand rows, not every answer.
//!
//! A day is rolled up once it ended more than an hour ago (no live submission is still in
//! flight for it). Whatever changes a rolled-up day's counts forgets its rollup in the same
//! transaction: marking a response spam or not, and storing a back-dated response (imports).
//! The next draft, or the scheduler's next tick, rolls the day up again.
//!
//! Intake, the workspace and publishing all call down into this module; it knows only storage.

mod tally;

pub use tally::{Counts, Tally};
use tally::{StatusRow, TallyRow};

use crate::period::Period;
use crate::storage::Db;
use crate::storage::entities::{answer, response, rollup_answer, rollup_day, rollup_response};
use crate::uk_time;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait,
};
use std::collections::HashSet;

/// How long after a day ends before it is rolled up.
const SETTLE: Duration = Duration::hours(1);

/// The UK day `at` falls on.
pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
    uk_time::clock(at).date_naive()
}

/// The day after `day`. Periods' days (2000 to 2200) are far from the end of chrono's range.
fn day_after(day: NaiveDate) -> Result<NaiveDate, sea_orm::DbErr> {
    day.succ_opt()
        .ok_or_else(|| sea_orm::DbErr::Custom(format!("no day after {day}")))
}

fn key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Counts `[start, end)` from the responses and answers themselves.
async fn live(
    conn: &impl ConnectionTrait,
    survey: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Counts, sea_orm::DbErr> {
    let statuses: Vec<StatusRow> = response::Entity::find()
        .select_only()
        .column(response::Column::Status)
        .column_as(Expr::col(response::Column::Id).count(), "n")
        .column_as(
            Expr::cust("CAST(SUM(CASE WHEN referred THEN 1 ELSE 0 END) AS BIGINT)"),
            "referred",
        )
        .filter(response::Column::SurveyId.eq(survey))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .group_by(response::Column::Status)
        .into_model()
        .all(conn)
        .await?;
    // From the day's responses (their index on survey and time) to their answers (primary key).
    let tallies: Vec<TallyRow> = response::Entity::find()
        .select_only()
        .column(answer::Column::Question)
        .column(answer::Column::Value)
        .column_as(
            Expr::col((answer::Entity, answer::Column::ResponseId)).count(),
            "n",
        )
        .column_as(
            Expr::col((answer::Entity, answer::Column::Number)).sum(),
            "number_sum",
        )
        .column_as(
            Expr::col((answer::Entity, answer::Column::Number)).count(),
            "number_count",
        )
        .column_as(
            Expr::col((answer::Entity, answer::Column::Text)).count(),
            "texts",
        )
        .join_rev(JoinType::InnerJoin, answer::Relation::Response.def())
        .filter(response::Column::SurveyId.eq(survey))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .filter(response::Column::Status.eq(response::ResponseStatus::Ok.as_str()))
        .group_by(answer::Column::Question)
        .group_by(answer::Column::Value)
        .into_model()
        .all(conn)
        .await?;
    Ok(Counts::from_rows(statuses, tallies))
}

/// Serialises rolling up and forgetting one day, until the transaction ends. PostgreSQL needs
/// it: otherwise a response committed while a day is being counted could be left out of the
/// rollup *and* find no rollup to forget. (SQLite's single writer serialises them already.)
async fn lock_day(
    conn: &impl ConnectionTrait,
    survey: &str,
    day: NaiveDate,
) -> Result<(), sea_orm::DbErr> {
    crate::storage::lock_until_commit(conn, &format!("yousaid-rollup:{survey}:{}", key(day))).await
}

/// Rolls up one day; another process doing the same at once makes this a no-op.
async fn roll_day(db: &Db, survey: &str, day: NaiveDate) -> Result<(), sea_orm::DbErr> {
    let start = uk_time::midnight(day);
    let end = uk_time::midnight(day_after(day)?);
    let txn = db.begin_write().await?;
    lock_day(&txn, survey, day).await?;
    let mut counts = live(&txn, survey, start, end).await?;
    let marked = rollup_day::Entity::insert(rollup_day::ActiveModel {
        survey_id: Set(survey.to_owned()),
        day: Set(key(day)),
        rolled_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([rollup_day::Column::SurveyId, rollup_day::Column::Day])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if marked == 0 {
        return txn.rollback().await;
    }
    let referred = std::mem::take(&mut counts.referred);
    let rows: Vec<_> = std::mem::take(&mut counts.statuses)
        .into_iter()
        .map(|(status, n)| rollup_response::ActiveModel {
            survey_id: Set(survey.to_owned()),
            day: Set(key(day)),
            referred: Set(referred.get(&status).copied().unwrap_or(0)),
            status: Set(status),
            responses: Set(n),
        })
        .collect();
    if !rows.is_empty() {
        rollup_response::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    let rows: Vec<_> = counts
        .rows()
        .map(|((question, value), t)| rollup_answer::ActiveModel {
            survey_id: Set(survey.to_owned()),
            day: Set(key(day)),
            question: Set(question),
            value: Set(value),
            answers: Set(t.answers),
            number_sum: Set((t.number_count > 0).then_some(t.number_sum)),
            number_count: Set(t.number_count),
            texts: Set(t.texts),
        })
        .collect();
    // Well under SQLite's limit of bound values per statement.
    for chunk in rows.chunks(1_000) {
        rollup_answer::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await
}

/// Forgets the rollup of `survey`'s `day`, within the caller's transaction (which should
/// forget several days in date order, as locks are taken in that order).
pub async fn forget(
    conn: &impl ConnectionTrait,
    survey: &str,
    day: NaiveDate,
) -> Result<(), sea_orm::DbErr> {
    lock_day(conn, survey, day).await?;
    let day = key(day);
    rollup_day::Entity::delete_many()
        .filter(rollup_day::Column::SurveyId.eq(survey))
        .filter(rollup_day::Column::Day.eq(&day))
        .exec(conn)
        .await?;
    rollup_response::Entity::delete_many()
        .filter(rollup_response::Column::SurveyId.eq(survey))
        .filter(rollup_response::Column::Day.eq(&day))
        .exec(conn)
        .await?;
    rollup_answer::Entity::delete_many()
        .filter(rollup_answer::Column::SurveyId.eq(survey))
        .filter(rollup_answer::Column::Day.eq(&day))
        .exec(conn)
        .await?;
    Ok(())
}

/// Whether a response stored now with this time could land on a day already rolled up.
pub fn is_backdated(submitted_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    submitted_at
        .checked_add_signed(SETTLE)
        .is_some_and(|settled| settled <= now)
}

/// The last day of `period` that can be rolled up at `now`, if any.
fn last_rollable(period: Period, now: DateTime<Utc>) -> Option<NaiveDate> {
    let first = period.first_day();
    let mut last = period.next().first_day().pred_opt()?;
    // A day whose end cannot be written (the end of chrono's range) has not ended.
    let settled = |day: NaiveDate| {
        day.succ_opt()
            .and_then(|next| uk_time::midnight(next).checked_add_signed(SETTLE))
            .is_some_and(|at| at <= now)
    };
    while !settled(last) {
        if last <= first {
            return None;
        }
        last = last.pred_opt()?;
    }
    Some(last)
}

/// Whether any response (of any status) was stored for `survey` in `[start, end)`.
pub async fn any_responses(
    db: &Db,
    survey: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    Ok(response::Entity::find()
        .filter(response::Column::SurveyId.eq(survey))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .one(db.conn())
        .await?
        .is_some())
}

/// Rolls up every day of `period` that has ended and is not rolled up yet.
pub async fn catch_up(
    db: &Db,
    survey: &str,
    period: Period,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let Some(last) = last_rollable(period, now) else {
        return Ok(());
    };
    let first = period.first_day();
    // Nothing stored in the period (earlier periods of a new survey): nothing to roll up.
    let end = uk_time::midnight(day_after(last)?);
    if !any_responses(db, survey, uk_time::midnight(first), end).await? {
        return Ok(());
    }
    let done: HashSet<String> = rollup_day::Entity::find()
        .filter(rollup_day::Column::SurveyId.eq(survey))
        .filter(rollup_day::Column::Day.gte(key(first)))
        .filter(rollup_day::Column::Day.lte(key(last)))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|d| d.day)
        .collect();
    for day in first.iter_days().take_while(|&day| day <= last) {
        if !done.contains(&key(day)) {
            roll_day(db, survey, day).await?;
        }
    }
    Ok(())
}

/// Everything `period` counted for `survey`, as of `now`.
pub async fn counts(
    db: &Db,
    survey: &str,
    period: Period,
    now: DateTime<Utc>,
) -> Result<Counts, sea_orm::DbErr> {
    let (start, end) = period.bounds();
    let Some(last) = last_rollable(period, now) else {
        return live(db.conn(), survey, start, end).await;
    };
    catch_up(db, survey, period, now).await?;
    // One snapshot: a day forgotten meanwhile is then either rolled up here or counted live.
    let txn = db.begin_snapshot().await?;
    let (from, to) = (key(period.first_day()), key(last));
    let rolled: HashSet<String> = rollup_day::Entity::find()
        .filter(rollup_day::Column::SurveyId.eq(survey))
        .filter(rollup_day::Column::Day.gte(&from))
        .filter(rollup_day::Column::Day.lte(&to))
        .all(&txn)
        .await?
        .into_iter()
        .map(|d| d.day)
        .collect();
    // PostgreSQL sums BIGINT as NUMERIC; the casts keep both databases' answers in i64.
    let statuses: Vec<StatusRow> = rollup_response::Entity::find()
        .select_only()
        .column(rollup_response::Column::Status)
        .column_as(Expr::cust("CAST(SUM(responses) AS BIGINT)"), "n")
        .column_as(Expr::cust("CAST(SUM(referred) AS BIGINT)"), "referred")
        .filter(rollup_response::Column::SurveyId.eq(survey))
        .filter(rollup_response::Column::Day.gte(&from))
        .filter(rollup_response::Column::Day.lte(&to))
        .group_by(rollup_response::Column::Status)
        .into_model()
        .all(&txn)
        .await?;
    let tallies: Vec<TallyRow> = rollup_answer::Entity::find()
        .select_only()
        .column(rollup_answer::Column::Question)
        .column(rollup_answer::Column::Value)
        .column_as(Expr::cust("CAST(SUM(answers) AS BIGINT)"), "n")
        .column_as(rollup_answer::Column::NumberSum.sum(), "number_sum")
        .column_as(
            Expr::cust("CAST(SUM(number_count) AS BIGINT)"),
            "number_count",
        )
        .column_as(Expr::cust("CAST(SUM(texts) AS BIGINT)"), "texts")
        .filter(rollup_answer::Column::SurveyId.eq(survey))
        .filter(rollup_answer::Column::Day.gte(&from))
        .filter(rollup_answer::Column::Day.lte(&to))
        .group_by(rollup_answer::Column::Question)
        .group_by(rollup_answer::Column::Value)
        .into_model()
        .all(&txn)
        .await?;
    let mut total = Counts::from_rows(statuses, tallies);
    // Days without a rollup (forgotten since, or empty periods skipped), in runs, then the
    // hours after the last day that can be rolled up.
    let mut day = period.first_day();
    while day <= last {
        if rolled.contains(&key(day)) {
            day = day_after(day)?;
            continue;
        }
        let run_start = day;
        while day <= last && !rolled.contains(&key(day)) {
            day = day_after(day)?;
        }
        total.add(
            live(
                &txn,
                survey,
                uk_time::midnight(run_start),
                uk_time::midnight(day),
            )
            .await?,
        );
    }
    let rest = uk_time::midnight(day_after(last)?);
    if rest < end {
        total.add(live(&txn, survey, rest, end).await?);
    }
    txn.commit().await?;
    Ok(total)
}

#[cfg(test)]
mod tests;
