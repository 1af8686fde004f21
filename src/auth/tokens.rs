//! API tokens for pipelines: shown once, stored hashed, scoped to one team and role.

use super::AuthError;
use super::roles::{Principal, Role};
use super::secret::{new_secret, stored_form};
use crate::storage::Db;
use crate::storage::entities::api_token;
use chrono::Utc;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Creates a token and returns it; only its hash is kept.
pub async fn create_token(
    db: &Db,
    team: &str,
    role: Role,
    name: &str,
) -> Result<String, AuthError> {
    let token = new_secret("ys_").map_err(|_| AuthError::Hashing)?;
    api_token::Entity::insert(api_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        hash: Set(stored_form(&token)),
        name: Set(name.to_owned()),
        team: Set(team.to_owned()),
        role: Set(role.as_str().to_owned()),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
    })
    .exec_without_returning(db.conn())
    .await?;
    Ok(token)
}

/// Revokes every live token of `team` called `name`; returns how many.
pub async fn revoke_token(db: &Db, team: &str, name: &str) -> Result<u64, AuthError> {
    let result = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(api_token::Column::Team.eq(team))
        .filter(api_token::Column::Name.eq(name))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db.conn())
        .await?;
    Ok(result.rows_affected)
}

/// The principal a bearer token stands for, if it is live.
pub async fn find_token(db: &Db, token: &str) -> Result<Option<Principal>, AuthError> {
    let found = api_token::Entity::find()
        .filter(api_token::Column::Hash.eq(stored_form(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db.conn())
        .await?;
    Ok(found.and_then(|t| {
        let role: Role = t.role.parse().ok()?;
        Some(Principal {
            actor: format!("token:{}", t.name),
            admin: false,
            teams: vec![(t.team, role)],
        })
    }))
}
