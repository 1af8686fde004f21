//! Subscriptions to a survey's summaries: double opt-in with a confirmation link that expires,
//! and a one-click unsubscribe link in every email. Addresses are never logged.

use super::site::Site;
use crate::auth::hashed_secret;
use crate::mail::{self, Mail};
use crate::storage::Db;
use crate::storage::entities::{outbox, subscriber, subscriber_token};
use crate::workspace::WorkspaceError;
use chrono::{Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;
use validator::ValidateEmail;

/// How long a confirmation link works.
pub const CONFIRM_HOURS: i64 = 48;
/// At most one confirmation email per survey and address in this time.
const RESEND_AFTER: Duration = Duration::hours(1);
/// At most this many confirmation emails to one address a day, across every survey.
pub const CONFIRMATIONS_PER_DAY: i32 = 5;

/// A subscription request that cannot be taken.
#[derive(Debug, thiserror::Error)]
pub enum SubscribeError {
    #[error("Enter an email address in the correct format, like name@example.com")]
    Email,
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

impl From<sea_orm::DbErr> for SubscribeError {
    fn from(e: sea_orm::DbErr) -> Self {
        SubscribeError::Workspace(e.into())
    }
}

/// An email address that passed the check, lower-cased.
fn address(raw: &str) -> Result<String, SubscribeError> {
    let email = raw.trim().to_lowercase();
    if email.len() > 254 || !crate::storable::is_storable(&email) || !email.validate_email() {
        return Err(SubscribeError::Email);
    }
    Ok(email)
}

fn token() -> Result<String, WorkspaceError> {
    crate::auth::new_secret("")
        .map_err(|e| WorkspaceError::Corrupt(format!("no randomness available: {e}")))
}

/// Whether `token` has the shape of the link secrets this service issues (64 hex digits), so
/// anything else is turned away before it reaches the database.
pub fn is_token(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A new secret for the links in one email to `subscriber`; only its hash is stored.
pub async fn issue_token(
    conn: &impl sea_orm::ConnectionTrait,
    subscriber: Uuid,
) -> Result<String, WorkspaceError> {
    let secret = token()?;
    subscriber_token::Entity::insert(subscriber_token::ActiveModel {
        token_hash: Set(hashed_secret(&secret)),
        subscriber_id: Set(subscriber),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(secret)
}

/// The subscription a link secret belongs to: the confirmation secret on the row itself, or
/// one issued for a later email.
async fn find_by_token(
    conn: &impl sea_orm::ConnectionTrait,
    token: &str,
) -> Result<Option<subscriber::Model>, sea_orm::DbErr> {
    if !is_token(token) {
        return Ok(None);
    }
    let hash = hashed_secret(token);
    if let Some(found) = subscriber::Entity::find()
        .filter(subscriber::Column::Token.eq(&hash))
        .one(conn)
        .await?
    {
        return Ok(Some(found));
    }
    let Some(link) = subscriber_token::Entity::find_by_id(hash).one(conn).await? else {
        return Ok(None);
    };
    subscriber::Entity::find_by_id(link.subscriber_id)
        .one(conn)
        .await
}

/// Whether another confirmation email may go to this address now: one per survey an hour,
/// and a few a day across surveys, so the form cannot be used to flood someone's inbox.
async fn may_send_confirmation(
    conn: &impl sea_orm::ConnectionTrait,
    email: &str,
    pending: Option<&subscriber::Model>,
    now: chrono::DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    if pending
        .and_then(|p| p.last_confirmation_at)
        .is_some_and(|at| now.signed_duration_since(at) < RESEND_AFTER)
    {
        return Ok(false);
    }
    let today: i32 = subscriber::Entity::find()
        .filter(subscriber::Column::Email.eq(email))
        .filter(subscriber::Column::ConfirmationsSince.gt(day_before(now)))
        .all(conn)
        .await?
        .iter()
        .map(|s| s.confirmations)
        .fold(0, i32::saturating_add);
    Ok(today < CONFIRMATIONS_PER_DAY)
}

/// A day before `now`; the earliest time chrono can write if that is earlier still.
fn day_before(now: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    now.checked_sub_signed(Duration::days(1))
        .unwrap_or(chrono::DateTime::<Utc>::MIN_UTC)
}

/// The day-long count of confirmations on a row, with one more sent now.
fn counted(
    row: Option<&subscriber::Model>,
    now: chrono::DateTime<Utc>,
) -> (chrono::DateTime<Utc>, i32) {
    match row.and_then(|r| r.confirmations_since.map(|since| (since, r.confirmations))) {
        Some((since, n)) if now.signed_duration_since(since) < Duration::days(1) => {
            (since, n.saturating_add(1))
        }
        _ => (now, 1),
    }
}

/// Asks `email` to confirm a subscription to `survey`. The answer is the same whether or not
/// the address is already subscribed, so the form reveals nothing about who subscribes.
pub async fn subscribe(
    db: &Db,
    site: &Site,
    survey: &str,
    title: &str,
    raw_email: &str,
) -> Result<(), SubscribeError> {
    let email = address(raw_email)?;
    let now = Utc::now();
    let confirm_by = now
        .checked_add_signed(Duration::hours(CONFIRM_HOURS))
        .ok_or_else(|| {
            sea_orm::DbErr::Custom(format!("no time {CONFIRM_HOURS} hours after {now}"))
        })?;
    let txn = db.begin_write().await?;
    let existing = subscriber::Entity::find()
        .filter(subscriber::Column::SurveyId.eq(survey))
        .filter(subscriber::Column::Email.eq(&email))
        .one(&txn)
        .await?;
    if existing.as_ref().is_some_and(|s| s.state == "confirmed") {
        return Ok(());
    }
    if !may_send_confirmation(&txn, &email, existing.as_ref(), now).await? {
        // The link already sent keeps working; the visitor sees the same page either way.
        return Ok(());
    }
    let (since, confirmations) = counted(existing.as_ref(), now);
    let (id, secret) = match existing {
        Some(pending) => {
            // A new email for a pending subscription carries a new secret; the earlier one
            // stays valid until the subscription is confirmed or expires.
            let secret = issue_token(&txn, pending.id).await?;
            subscriber::Entity::update(subscriber::ActiveModel {
                id: Set(pending.id),
                confirm_by: Set(confirm_by),
                last_confirmation_at: Set(Some(now)),
                confirmations_since: Set(Some(since)),
                confirmations: Set(confirmations),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            (pending.id, secret)
        }
        None => {
            let id = Uuid::now_v7();
            let secret = token()?;
            let inserted = subscriber::Entity::insert(subscriber::ActiveModel {
                id: Set(id),
                survey_id: Set(survey.to_owned()),
                email: Set(email.clone()),
                state: Set("pending".to_owned()),
                token: Set(hashed_secret(&secret)),
                created_at: Set(now),
                confirm_by: Set(confirm_by),
                confirmed_at: Set(None),
                last_confirmation_at: Set(Some(now)),
                confirmations_since: Set(Some(since)),
                confirmations: Set(confirmations),
            })
            .on_conflict(
                OnConflict::columns([subscriber::Column::SurveyId, subscriber::Column::Email])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
            if inserted == 0 {
                // The same address, asked for twice at once: the other request sends the link.
                return Ok(());
            }
            (id, secret)
        }
    };
    let confirm = site.confirm(&secret);
    let bodies = super::render::email::confirmation(title, &confirm, CONFIRM_HOURS)
        .map_err(|e| WorkspaceError::Corrupt(format!("the confirmation email: {e}")))?;
    mail::enqueue(
        &txn,
        Mail {
            // Ends with the subscriber's id, as all of a subscriber's mail does, so that
            // unsubscribing can find what is still waiting to be sent.
            key: format!("confirm:{}:{id}", now.timestamp_micros()),
            to: email,
            subject: format!("Confirm your subscription: {title}"),
            html: Some(bodies.html),
            text: bodies.text,
            unsubscribe_url: Some(site.unsubscribe(&secret)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What following a confirmation link did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// Subscribed to this survey.
    Confirmed(String),
    /// The link is older than `CONFIRM_HOURS`.
    Expired(String),
    /// No such link (or it was unsubscribed).
    Unknown,
}

/// Confirms the subscription with `token`, if it has not expired.
pub async fn confirm(db: &Db, token: &str) -> Result<Confirmation, WorkspaceError> {
    let Some(found) = find_by_token(db.conn(), token).await? else {
        return Ok(Confirmation::Unknown);
    };
    if found.state == "confirmed" {
        return Ok(Confirmation::Confirmed(found.survey_id));
    }
    if found.confirm_by < Utc::now() {
        return Ok(Confirmation::Expired(found.survey_id));
    }
    subscriber::Entity::update(subscriber::ActiveModel {
        id: Set(found.id),
        state: Set("confirmed".to_owned()),
        confirmed_at: Set(Some(Utc::now())),
        ..Default::default()
    })
    .exec(db.conn())
    .await?;
    Ok(Confirmation::Confirmed(found.survey_id))
}

/// Ends the subscription with `token`: the address is deleted, with any mail about this
/// survey still waiting to be sent to it. Returns its survey, if any.
pub async fn unsubscribe(db: &Db, token: &str) -> Result<Option<String>, WorkspaceError> {
    let txn = db.begin_write().await?;
    let Some(found) = find_by_token(&txn, token).await? else {
        return Ok(None);
    };
    delete_subscriptions(&txn, &[found.id]).await?;
    // Every mail to a subscriber has a key ending in its id (a UUID: LIKE-safe).
    outbox::Entity::delete_many()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::DedupeKey.like(format!("%:{}", found.id)))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Some(found.survey_id))
}

/// Deletes every subscription of `email` (lower-cased), within the caller's transaction.
pub async fn forget(
    conn: &impl sea_orm::ConnectionTrait,
    email: &str,
) -> Result<u64, sea_orm::DbErr> {
    let ids: Vec<Uuid> = subscriber::Entity::find()
        .filter(subscriber::Column::Email.eq(email))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    delete_subscriptions(conn, &ids).await
}

/// Deletes subscriptions with their link secrets; returns how many subscriptions went.
async fn delete_subscriptions(
    conn: &impl sea_orm::ConnectionTrait,
    ids: &[Uuid],
) -> Result<u64, sea_orm::DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    subscriber_token::Entity::delete_many()
        .filter(subscriber_token::Column::SubscriberId.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    Ok(subscriber::Entity::delete_many()
        .filter(subscriber::Column::Id.is_in(ids.iter().copied()))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Confirmed subscribers of `survey`.
pub async fn confirmed(
    conn: &impl sea_orm::ConnectionTrait,
    survey: &str,
) -> Result<Vec<subscriber::Model>, sea_orm::DbErr> {
    confirmed_of(survey).all(conn).await
}

/// How many confirmed subscribers `survey` has: who a publication will email.
pub async fn count_confirmed(
    conn: &impl sea_orm::ConnectionTrait,
    survey: &str,
) -> Result<u64, WorkspaceError> {
    Ok(confirmed_of(survey).count(conn).await?)
}

/// The query for `survey`'s confirmed subscribers, listed or counted.
fn confirmed_of(survey: &str) -> sea_orm::Select<subscriber::Entity> {
    subscriber::Entity::find()
        .filter(subscriber::Column::SurveyId.eq(survey))
        .filter(subscriber::Column::State.eq("confirmed"))
}

/// Deletes pending subscriptions whose link expired, so unconfirmed addresses are not kept.
pub async fn purge_unconfirmed(db: &Db) -> Result<u64, sea_orm::DbErr> {
    let ids: Vec<Uuid> = subscriber::Entity::find()
        .filter(subscriber::Column::State.eq("pending"))
        .filter(subscriber::Column::ConfirmBy.lt(Utc::now()))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    delete_subscriptions(db.conn(), &ids).await
}
