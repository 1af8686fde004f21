//! Subscriptions to a survey's summaries: double opt-in with a confirmation link that expires,
//! and a one-click unsubscribe link in every email. Addresses are never logged.

use super::site::Site;
use crate::mail::{self, Mail};
use crate::storage::Db;
use crate::storage::entities::{outbox, subscriber};
use crate::workspace::WorkspaceError;
use chrono::{Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;
use validator::ValidateEmail;

/// How long a confirmation link works.
pub const CONFIRM_HOURS: i64 = 48;

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
    if email.len() > 254 || !email.validate_email() {
        return Err(SubscribeError::Email);
    }
    Ok(email)
}

fn token() -> Result<String, WorkspaceError> {
    crate::auth::new_secret("")
        .map_err(|e| WorkspaceError::Invalid(format!("no randomness available: {e}")))
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
    let secret = token()?;
    let txn = db.begin_write().await?;
    let existing = subscriber::Entity::find()
        .filter(subscriber::Column::SurveyId.eq(survey))
        .filter(subscriber::Column::Email.eq(&email))
        .one(&txn)
        .await?;
    if existing.as_ref().is_some_and(|s| s.state == "confirmed") {
        return Ok(());
    }
    let id = match existing {
        Some(pending) => {
            subscriber::Entity::update(subscriber::ActiveModel {
                id: Set(pending.id),
                token: Set(secret.clone()),
                confirm_by: Set(now + Duration::hours(CONFIRM_HOURS)),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            pending.id
        }
        None => {
            let id = Uuid::now_v7();
            let inserted = subscriber::Entity::insert(subscriber::ActiveModel {
                id: Set(id),
                survey_id: Set(survey.to_owned()),
                email: Set(email.clone()),
                state: Set("pending".to_owned()),
                token: Set(secret.clone()),
                created_at: Set(now),
                confirm_by: Set(now + Duration::hours(CONFIRM_HOURS)),
                confirmed_at: Set(None),
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
            id
        }
    };
    let confirm = site.confirm(&secret);
    let text = format!(
        "Someone, hopefully you, asked to be emailed when \"{title}\" publishes what users said \
         and what the team did about it.\n\nTo confirm, open this link within {CONFIRM_HOURS} \
         hours:\n{confirm}\n\nIf it was not you, ignore this email: nothing will be sent.\n"
    );
    mail::enqueue(
        &txn,
        Mail {
            key: format!("confirm:{id}:{secret}"),
            to: email,
            subject: format!("Confirm your subscription: {title}"),
            html: Some(super::render::email::confirmation_html(title, &confirm)),
            text,
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
    let Some(found) = subscriber::Entity::find()
        .filter(subscriber::Column::Token.eq(token))
        .one(db.conn())
        .await?
    else {
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
    let Some(found) = subscriber::Entity::find()
        .filter(subscriber::Column::Token.eq(token))
        .one(&txn)
        .await?
    else {
        return Ok(None);
    };
    subscriber::Entity::delete_by_id(found.id)
        .exec(&txn)
        .await?;
    // This subscription's mail carries its token in the unsubscribe link (hex: LIKE-safe).
    outbox::Entity::delete_many()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::UnsubscribeUrl.like(format!("%/{token}/unsubscribe")))
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
    Ok(subscriber::Entity::delete_many()
        .filter(subscriber::Column::Email.eq(email))
        .exec(conn)
        .await?
        .rows_affected)
}

/// Confirmed subscribers of `survey`.
pub async fn confirmed(
    conn: &impl sea_orm::ConnectionTrait,
    survey: &str,
) -> Result<Vec<subscriber::Model>, sea_orm::DbErr> {
    subscriber::Entity::find()
        .filter(subscriber::Column::SurveyId.eq(survey))
        .filter(subscriber::Column::State.eq("confirmed"))
        .all(conn)
        .await
}

/// Deletes pending subscriptions whose link expired, so unconfirmed addresses are not kept.
pub async fn purge_unconfirmed(db: &Db) -> Result<u64, sea_orm::DbErr> {
    Ok(subscriber::Entity::delete_many()
        .filter(subscriber::Column::State.eq("pending"))
        .filter(subscriber::Column::ConfirmBy.lt(Utc::now()))
        .exec(db.conn())
        .await?
        .rows_affected)
}
