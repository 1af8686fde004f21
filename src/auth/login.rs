//! Signing in with email and password, slowed and then locked after repeated failures.

use super::roles::Principal;
use super::users::teams_of;
use super::{AuthError, password};
use crate::storage::Db;
use crate::storage::entities::user;
use chrono::{Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Failures in a row before an account is locked.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// How long a locked account stays locked.
const LOCK_FOR: Duration = Duration::minutes(15);

/// Why signing in failed; the page says the same thing for both, so nobody learns whether an
/// account exists or is locked.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("the email or password is not right, or the account is locked for a while")]
    Refused,
    #[error(transparent)]
    Auth(#[from] AuthError),
}

/// Checks the credentials; on success returns the user's id and principal.
pub async fn sign_in(
    db: &Db,
    email: &str,
    password: &str,
) -> Result<(Uuid, Principal), LoginError> {
    let email = email.trim().to_lowercase();
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db.conn())
        .await
        .map_err(AuthError::from)?;
    let now = Utc::now();
    let matches = password::verify(
        password.to_owned(),
        found.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    let Some(found) = found else {
        slow_down().await;
        return Err(LoginError::Refused);
    };
    if found.locked_until.is_some_and(|t| t > now) {
        slow_down().await;
        return Err(LoginError::Refused);
    }
    if !matches {
        let failures = found.failed_logins + 1;
        let locked_until = (failures >= MAX_FAILED_LOGINS).then(|| now + LOCK_FOR);
        user::Entity::update(user::ActiveModel {
            id: Set(found.id),
            failed_logins: Set(if locked_until.is_some() { 0 } else { failures }),
            locked_until: Set(locked_until),
            ..Default::default()
        })
        .exec(db.conn())
        .await
        .map_err(AuthError::from)?;
        slow_down().await;
        return Err(LoginError::Refused);
    }
    if found.failed_logins != 0 || found.locked_until.is_some() {
        user::Entity::update(user::ActiveModel {
            id: Set(found.id),
            failed_logins: Set(0),
            locked_until: Set(None),
            ..Default::default()
        })
        .exec(db.conn())
        .await
        .map_err(AuthError::from)?;
    }
    let teams = teams_of(db, found.id).await?;
    Ok((
        found.id,
        Principal {
            actor: found.email,
            admin: found.is_admin,
            teams,
        },
    ))
}

/// Every failure costs the caller a second, which makes guessing slow without locking anyone.
async fn slow_down() {
    tokio::time::sleep(std::time::Duration::from_millis(if cfg!(test) {
        0
    } else {
        1_000
    }))
    .await;
}
