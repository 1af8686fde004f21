//! The audit log: who did what, when. Entries name producers, never respondents.

use crate::storage::Db;
use crate::storage::entities::audit_event;
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

/// Records one event; `detail` is a small JSON object of ids and counts.
pub async fn record(
    conn: &impl ConnectionTrait,
    actor: &str,
    event: &str,
    detail: serde_json::Value,
) -> Result<(), sea_orm::DbErr> {
    audit_event::Entity::insert(audit_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(chrono::Utc::now()),
        actor: Set(actor.to_owned()),
        event: Set(event.to_owned()),
        detail: Set(detail.to_string()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// One entry as the admin page and API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Entry {
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor: String,
    pub event: String,
    pub detail: serde_json::Value,
}

/// The newest `limit` entries.
pub async fn recent(db: &Db, limit: u64) -> Result<Vec<Entry>, sea_orm::DbErr> {
    Ok(audit_event::Entity::find()
        .order_by_desc(audit_event::Column::At)
        .limit(limit)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|e| Entry {
            at: e.at,
            actor: e.actor,
            event: e.event,
            detail: serde_json::from_str(&e.detail).unwrap_or(serde_json::Value::Null),
        })
        .collect())
}
