//! The outbox table: enqueueing (idempotent by key), claiming due mail, and recording the outcome.

use crate::storage::Db;
use crate::storage::entities::outbox;
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, Func, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// How long a worker may take to send one message before another may try it.
const CLAIM_SECONDS: i64 = 120;

/// The longest wait between two attempts.
const MAX_BACKOFF_SECONDS: u64 = 3_600;

/// An email to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// What the mail is about and for whom, e.g. `publication:{id}:subscriber:{id}`: the same
    /// key is enqueued once, however often the cause is retried.
    pub key: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// Subscriber mail: the one-click unsubscribe link.
    pub unsubscribe_url: Option<String>,
}

/// Adds `mail` to the outbox within the caller's transaction; an existing key adds nothing.
pub async fn enqueue(conn: &impl ConnectionTrait, mail: Mail) -> Result<(), sea_orm::DbErr> {
    let now = Utc::now();
    outbox::Entity::insert(outbox::ActiveModel {
        id: Set(Uuid::now_v7()),
        dedupe_key: Set(mail.key),
        recipient: Set(mail.to),
        subject: Set(mail.subject),
        text_body: Set(mail.text),
        html_body: Set(mail.html),
        unsubscribe_url: Set(mail.unsubscribe_url),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        sent_at: Set(None),
        last_error: Set(None),
    })
    .on_conflict(
        OnConflict::column(outbox::Column::DedupeKey)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Unsent mail whose time has come and that no worker holds, oldest first.
pub async fn due(
    db: &Db,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox::Model>, sea_orm::DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(outbox::Column::ClaimedUntil.is_null())
                .add(outbox::Column::ClaimedUntil.lt(now)),
        )
        .order_by_asc(outbox::Column::NextAttemptAt)
        .limit(limit)
        .all(db.conn())
        .await
}

/// Takes `id` for this worker; false when another worker (another replica) got it first.
pub async fn claim(db: &Db, id: Uuid, now: DateTime<Utc>) -> Result<bool, sea_orm::DbErr> {
    let result = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(
                now.checked_add_signed(chrono::Duration::seconds(CLAIM_SECONDS))
                    .unwrap_or(DateTime::<Utc>::MAX_UTC),
            ),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::SentAt.is_null())
        .filter(
            Condition::any()
                .add(outbox::Column::ClaimedUntil.is_null())
                .add(outbox::Column::ClaimedUntil.lt(now)),
        )
        .exec(db.conn())
        .await?;
    Ok(result.rows_affected == 1)
}

/// The recipient as kept once a message is done with: its domain only.
fn domain_only(address: &str) -> String {
    format!("…@{}", super::domain_of(address))
}

/// Records that `row` was handed to the mail server, and keeps no more of it than operators
/// need: the address's domain, not the address, the body or its unsubscribe link.
pub async fn sent(db: &Db, row: &outbox::Model) -> Result<(), sea_orm::DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(Utc::now()))
        .col_expr(
            outbox::Column::Recipient,
            Expr::value(domain_only(&row.recipient)),
        )
        .col_expr(outbox::Column::TextBody, Expr::value(""))
        .col_expr(
            outbox::Column::HtmlBody,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox::Column::UnsubscribeUrl,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(outbox::Column::Id.eq(row.id))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Drops unsent mail to `address` (lower-cased), within the caller's transaction.
pub async fn drop_unsent_to(
    conn: &impl ConnectionTrait,
    address: &str,
) -> Result<u64, sea_orm::DbErr> {
    // Scoped: its `min`/`max` would shadow the integers' in `backoff`.
    use sea_orm::sea_query::ExprTrait;
    Ok(outbox::Entity::delete_many()
        .filter(outbox::Column::SentAt.is_null())
        .filter(Expr::expr(Func::lower(Expr::col(outbox::Column::Recipient))).eq(address))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Seconds to wait after the `attempts`-th failure: `first`, doubling, at most an hour.
pub fn backoff(first: u64, attempts: i32) -> u64 {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    first
        .max(1)
        .saturating_mul(1u64 << doublings)
        .min(MAX_BACKOFF_SECONDS)
}

/// Records a failed attempt and when to try again.
pub async fn failed(
    db: &Db,
    row: &outbox::Model,
    error: &str,
    retry_in_seconds: u64,
) -> Result<(), sea_orm::DbErr> {
    let wait = chrono::Duration::seconds(i64::try_from(retry_in_seconds).unwrap_or(3_600));
    // Past the end of chrono's range is never.
    let next = Utc::now()
        .checked_add_signed(wait)
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::Attempts,
            Expr::value(row.attempts.saturating_add(1)),
        )
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
        .col_expr(outbox::Column::LastError, Expr::value(error.to_owned()))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(outbox::Column::Id.eq(row.id))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Emails not sent yet, and when the oldest of them was queued.
pub async fn depth(db: &Db) -> Result<(u64, Option<DateTime<Utc>>), sea_orm::DbErr> {
    use sea_orm::PaginatorTrait;
    let unsent = || outbox::Entity::find().filter(outbox::Column::SentAt.is_null());
    let n = unsent().count(db.conn()).await?;
    let oldest: Option<DateTime<Utc>> = unsent()
        .select_only()
        .column(outbox::Column::CreatedAt)
        .order_by_asc(outbox::Column::CreatedAt)
        .into_tuple()
        .one(db.conn())
        .await?;
    Ok((n, oldest))
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn retries_back_off_doubling_up_to_an_hour() {
        assert_eq!(backoff(30, 1), 30);
        assert_eq!(backoff(30, 2), 60);
        assert_eq!(backoff(30, 5), 480);
        assert_eq!(backoff(30, 50), 3_600);
        assert_eq!(backoff(0, 1), 1);
    }
}
