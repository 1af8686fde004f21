//! Sessions kept in the database, so every replica knows them and logout really ends them.

use super::AuthError;
use super::roles::Principal;
use super::secret::{new_secret, stored_form};
use super::users::teams_of;
use crate::storage::Db;
use crate::storage::entities::{session, user};
use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Ends after this long without a request.
    pub idle: Duration,
    /// Ends this long after sign-in, however busy.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        }
    }
}

/// Starts a session; returns the cookie value and the session's CSRF token.
pub async fn start_session(db: &Db, user_id: Uuid) -> Result<(String, String), AuthError> {
    let token = new_secret("s_").map_err(|_| AuthError::Hashing)?;
    let csrf = new_secret("c_").map_err(|_| AuthError::Hashing)?;
    let now = Utc::now();
    session::Entity::insert(session::ActiveModel {
        id_hash: Set(stored_form(&token)),
        user_id: Set(user_id),
        csrf: Set(csrf.clone()),
        created_at: Set(now),
        last_seen_at: Set(now),
    })
    .exec_without_returning(db.conn())
    .await?;
    Ok((token, csrf))
}

/// The principal and CSRF token of a live session; expired sessions are deleted.
pub async fn find_session(
    db: &Db,
    token: &str,
    policy: SessionPolicy,
) -> Result<Option<(Principal, String)>, AuthError> {
    let hash = stored_form(token);
    let Some(found) = session::Entity::find_by_id(hash.clone())
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    let idle = now.signed_duration_since(found.last_seen_at);
    if idle > policy.idle || now.signed_duration_since(found.created_at) > policy.absolute {
        session::Entity::delete_by_id(hash).exec(db.conn()).await?;
        return Ok(None);
    }
    // Touch at most once a minute: a write per page view would be wasteful.
    if idle > Duration::minutes(1) {
        session::Entity::update(session::ActiveModel {
            id_hash: Set(hash),
            last_seen_at: Set(now),
            ..Default::default()
        })
        .exec(db.conn())
        .await?;
    }
    let Some(owner) = user::Entity::find()
        .filter(user::Column::Id.eq(found.user_id))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    let teams = teams_of(db, owner.id).await?;
    Ok(Some((
        Principal {
            actor: owner.email,
            admin: owner.is_admin,
            teams,
        },
        found.csrf,
    )))
}

/// Ends a session for good.
pub async fn end_session(db: &Db, token: &str) -> Result<(), AuthError> {
    session::Entity::delete_by_id(stored_form(token))
        .exec(db.conn())
        .await?;
    Ok(())
}

/// Deletes every session that has idled or lived past `policy`; returns how many.
pub async fn purge_sessions(db: &Db, policy: SessionPolicy) -> Result<u64, AuthError> {
    let now = Utc::now();
    // A cutoff before the earliest time chrono can write: nothing is that old.
    let before = |age| {
        now.checked_sub_signed(age)
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    };
    let removed = session::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(session::Column::LastSeenAt.lt(before(policy.idle)))
                .add(session::Column::CreatedAt.lt(before(policy.absolute))),
        )
        .exec(db.conn())
        .await?;
    Ok(removed.rows_affected)
}
