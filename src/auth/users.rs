//! Producer accounts and their team roles, as the CLI manages them.

use super::roles::Role;
use super::{AuthError, password};
use crate::storage::Db;
use crate::storage::entities::{membership, session, user};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::OnConflict};
use uuid::Uuid;
use validator::ValidateEmail;

/// What went wrong managing users.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("`{0}` is not an email address")]
    BadEmail(String),
    #[error("the password must be at least {MIN_PASSWORD} characters")]
    WeakPassword,
    #[error("no user with email {0}")]
    NoSuchUser(String),
    #[error("`{0}` is not a team id (lowercase letters, digits and hyphens)")]
    BadTeam(String),
    #[error(transparent)]
    Auth(#[from] AuthError),
}

impl From<sea_orm::DbErr> for UserError {
    fn from(e: sea_orm::DbErr) -> Self {
        UserError::Auth(e.into())
    }
}

/// Shortest password accepted (NCSC advice favours length over composition rules).
pub const MIN_PASSWORD: usize = 12;

/// A user as `yousaid user list` shows them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UserSummary {
    pub email: String,
    pub admin: bool,
    pub teams: Vec<(String, Role)>,
    pub locked: bool,
}

fn normalise(email: &str) -> Result<String, UserError> {
    let email = email.trim().to_lowercase();
    if email.validate_email() {
        Ok(email)
    } else {
        Err(UserError::BadEmail(email))
    }
}

fn check_team(team: &str) -> Result<(), UserError> {
    let ok = team.starts_with(|c: char| c.is_ascii_lowercase())
        && team
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(UserError::BadTeam(team.to_owned()))
    }
}

/// Gives `user_id` exactly `role` in `team`.
async fn put_membership(
    conn: &impl sea_orm::ConnectionTrait,
    user_id: Uuid,
    team: &str,
    role: Role,
) -> Result<(), sea_orm::DbErr> {
    membership::Entity::insert(membership::ActiveModel {
        user_id: Set(user_id),
        team: Set(team.to_owned()),
        role: Set(role.as_str().to_owned()),
    })
    .on_conflict(
        OnConflict::columns([membership::Column::UserId, membership::Column::Team])
            .update_column(membership::Column::Role)
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Creates the user if new (or resets their password) and gives them `role` in `team`.
pub async fn add_user(
    db: &Db,
    email: &str,
    team: Option<&str>,
    role: Role,
    admin: bool,
    password: String,
) -> Result<(), UserError> {
    let email = normalise(email)?;
    if password.chars().count() < MIN_PASSWORD {
        return Err(UserError::WeakPassword);
    }
    if let Some(team) = team {
        check_team(team)?;
    }
    let hash = password::hash(password).await.ok_or(AuthError::Hashing)?;
    let txn = db.begin_write().await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(&txn)
        .await?;
    let id = match existing {
        Some(u) => {
            user::Entity::update(user::ActiveModel {
                id: Set(u.id),
                password_hash: Set(hash),
                is_admin: Set(u.is_admin || admin),
                failed_logins: Set(0),
                locked_until: Set(None),
                ..Default::default()
            })
            .exec(&txn)
            .await?;
            // A new password ends every session begun with the old one.
            session::Entity::delete_many()
                .filter(session::Column::UserId.eq(u.id))
                .exec(&txn)
                .await?;
            u.id
        }
        None => {
            let id = Uuid::now_v7();
            user::Entity::insert(user::ActiveModel {
                id: Set(id),
                email: Set(email.clone()),
                password_hash: Set(hash),
                is_admin: Set(admin),
                created_at: Set(chrono::Utc::now()),
                failed_logins: Set(0),
                locked_until: Set(None),
            })
            .exec_without_returning(&txn)
            .await?;
            id
        }
    };
    if let Some(team) = team {
        put_membership(&txn, id, team, role).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Changes a user's role in a team (adding them to it if needed).
pub async fn set_role(db: &Db, email: &str, team: &str, role: Role) -> Result<(), UserError> {
    check_team(team)?;
    let email = normalise(email)?;
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db.conn())
        .await?
        .ok_or(UserError::NoSuchUser(email))?;
    put_membership(db.conn(), found.id, team, role).await?;
    Ok(())
}

/// Deletes a user, their memberships and sessions.
pub async fn remove_user(db: &Db, email: &str) -> Result<(), UserError> {
    let email = normalise(email)?;
    let result = user::Entity::delete_many()
        .filter(user::Column::Email.eq(&email))
        .exec(db.conn())
        .await?;
    if result.rows_affected == 0 {
        return Err(UserError::NoSuchUser(email));
    }
    Ok(())
}

/// Every user with their teams.
pub async fn list_users(db: &Db) -> Result<Vec<UserSummary>, UserError> {
    let users = user::Entity::find()
        .order_by_asc(user::Column::Email)
        .all(db.conn())
        .await?;
    let memberships = membership::Entity::find()
        .order_by_asc(membership::Column::Team)
        .all(db.conn())
        .await?;
    let now = chrono::Utc::now();
    Ok(users
        .into_iter()
        .map(|u| UserSummary {
            teams: memberships
                .iter()
                .filter(|m| m.user_id == u.id)
                .filter_map(|m| m.role.parse().ok().map(|r| (m.team.clone(), r)))
                .collect(),
            locked: u.locked_until.is_some_and(|t| t > now),
            admin: u.is_admin,
            email: u.email,
        })
        .collect())
}

/// The teams and roles of a user, for building their principal.
pub(super) async fn teams_of(db: &Db, user_id: Uuid) -> Result<Vec<(String, Role)>, AuthError> {
    Ok(membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .all(db.conn())
        .await?
        .into_iter()
        .filter_map(|m| m.role.parse().ok().map(|r| (m.team, r)))
        .collect())
}
