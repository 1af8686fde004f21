//! Signing in with email and password: throttled per client, counted before the password is
//! checked, and locked after repeated failures.
//!
//! Three limits, cheapest first: sign-in attempts per client per minute (the web layer, before
//! anything here); failures per client at one account (`Failures`, in memory); and failures
//! in a row at one account from anywhere (the `users` row, counted atomically before the
//! hash is checked, so parallel guesses cannot slip past it).

use super::password::PasswordChecks;
use super::roles::Principal;
use super::throttle::Failures;
use super::users::teams_of;
use super::{AuthError, password};
use crate::storage::Db;
use crate::storage::entities::user;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement, Value,
};
use std::net::IpAddr;
use uuid::Uuid;

/// Failures in a row after which the account is marked locked, and after which one client may
/// not try that account again for 15 minutes.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// Failures in a row, from any clients, after which nobody may sign in to the account for 15
/// minutes. Higher than `MAX_FAILED_LOGINS`, so that one client cannot lock the owner out.
pub const ACCOUNT_FAILURES: i32 = 20;
/// How long a locked account stays locked.
const LOCK_FOR: Duration = Duration::minutes(15);

/// Why signing in failed; the page says the same thing for a wrong password, an unknown
/// account and a locked one, so nobody learns which.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("the email or password is not right, or the account is locked for a while")]
    Refused,
    #[error("too many sign-ins are being checked at once")]
    Busy,
    #[error(transparent)]
    Auth(#[from] AuthError),
}

impl From<password::Busy> for LoginError {
    fn from(_: password::Busy) -> Self {
        LoginError::Busy
    }
}

/// Checks the credentials; on success returns the user's id and principal.
pub async fn sign_in(
    db: &Db,
    checks: &PasswordChecks,
    failures: &Failures,
    client: Option<IpAddr>,
    email: &str,
    password: &str,
) -> Result<(Uuid, Principal), LoginError> {
    let email = email.trim().to_lowercase();
    if let Some(client) = client
        && !failures.attempt(client, &email)
    {
        slow_down().await;
        return Err(LoginError::Refused);
    }
    // No account can have an address the database cannot store: answer as for an unknown one.
    let found = if crate::storable::is_storable(&email) {
        user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .one(db.conn())
            .await
            .map_err(AuthError::from)?
    } else {
        None
    };
    let Some(found) = found else {
        password::verify(checks, password.to_owned(), None).await?;
        slow_down().await;
        return Err(LoginError::Refused);
    };
    let now = Utc::now();
    let (attempt, locked_until) = count_attempt(db, found.id, now).await?;
    let hard_locked = locked_until.is_some_and(|t| t > now) && attempt > ACCOUNT_FAILURES;
    // A hard-locked account still costs the same time, so the answer reveals nothing.
    let matches = password::verify(
        checks,
        password.to_owned(),
        (!hard_locked).then(|| found.password_hash.clone()),
    )
    .await?;
    if !matches {
        let newly_locked = (attempt >= MAX_FAILED_LOGINS && locked_until.is_none_or(|t| t <= now))
            || attempt == ACCOUNT_FAILURES;
        let audit = if newly_locked {
            lock(db, found.id, now).await?;
            "account.locked"
        } else {
            "sign_in.failed"
        };
        crate::audit::record(
            db.conn(),
            &found.email,
            audit,
            serde_json::json!({ "failures_in_a_row": attempt }),
        )
        .await
        .map_err(AuthError::from)?;
        slow_down().await;
        return Err(LoginError::Refused);
    }
    user::Entity::update(user::ActiveModel {
        id: Set(found.id),
        failed_logins: Set(0),
        locked_until: Set(None),
        ..Default::default()
    })
    .exec(db.conn())
    .await
    .map_err(AuthError::from)?;
    if let Some(client) = client {
        failures.succeeded(client, &email);
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

/// Counts one attempt at the account before its password is checked, atomically, and returns
/// the failures in a row this attempt makes if it fails, with the account's lock. A lock that
/// has run out starts the count again, once, however many attempts arrive together.
async fn count_attempt(
    db: &Db,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(i32, Option<DateTime<Utc>>), AuthError> {
    let backend = db.backend();
    let increment = match backend {
        DbBackend::Postgres => {
            "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins, locked_until"
        }
        _ => {
            "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins, locked_until"
        }
    };
    loop {
        let row = db
            .conn()
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                increment,
                [Value::from(id)],
            ))
            .await?
            .ok_or_else(|| AuthError::from(sea_orm::DbErr::RecordNotFound("user".to_owned())))?;
        let attempt: i32 = row.try_get("", "failed_logins")?;
        let locked_until: Option<DateTime<Utc>> = row.try_get("", "locked_until")?;
        let Some(until) = locked_until.filter(|t| *t <= now) else {
            return Ok((attempt, locked_until));
        };
        // Only the attempt that clears this very lock starts the count again; the others
        // count on top of it.
        let cleared = user::Entity::update_many()
            .col_expr(user::Column::FailedLogins, 1.into())
            .col_expr(
                user::Column::LockedUntil,
                sea_orm::sea_query::Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(user::Column::Id.eq(id))
            .filter(user::Column::LockedUntil.eq(until))
            .exec(db.conn())
            .await?;
        if cleared.rows_affected == 1 {
            return Ok((1, None));
        }
    }
}

async fn lock(db: &Db, id: Uuid, now: DateTime<Utc>) -> Result<(), AuthError> {
    user::Entity::update(user::ActiveModel {
        id: Set(id),
        // At the end of chrono's range, locked for good.
        locked_until: Set(Some(
            now.checked_add_signed(LOCK_FOR)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        )),
        ..Default::default()
    })
    .exec(db.conn())
    .await?;
    Ok(())
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
