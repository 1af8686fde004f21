//! Keeping contact details no longer than promised, and forgetting a person on request:
//! contacts, subscriptions, registrations and unsent mail everywhere. Above the modules that
//! hold them.

use crate::audit;
use crate::storage::Db;
use crate::storage::entities::contact;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::BTreeMap;

/// Deletes every contact whose deletion date has passed, and clears registrations' contact
/// details past their retention; returns how many.
pub async fn purge_expired(db: &Db) -> Result<u64, sea_orm::DbErr> {
    let now = chrono::Utc::now();
    let result = contact::Entity::delete_many()
        .filter(contact::Column::DeleteAfter.lte(now))
        .exec(db.conn())
        .await?;
    let registrations = crate::involvement::purge_expired(db, now).await?;
    Ok(result.rows_affected.saturating_add(registrations))
}

/// Deletes a person's contact details everywhere, their subscriptions and any mail waiting for
/// them; returns how many contact details per survey. Audited, with the counts but not the
/// address.
pub async fn forget(
    db: &Db,
    email: &str,
    actor: &str,
) -> Result<BTreeMap<String, u64>, sea_orm::DbErr> {
    let email = email.trim().to_lowercase();
    let txn = db.begin_write().await?;
    let matching = || Expr::expr(Func::lower(Expr::col(contact::Column::Email))).eq(email.clone());
    let found = contact::Entity::find().filter(matching()).all(&txn).await?;
    let mut per_survey: BTreeMap<String, u64> = BTreeMap::new();
    for c in &found {
        let n = per_survey.entry(c.survey_id.clone()).or_default();
        *n = n.saturating_add(1);
    }
    contact::Entity::delete_many()
        .filter(matching())
        .exec(&txn)
        .await?;
    // Subscriptions to summaries, and mail not yet sent to the address.
    let subscriptions = crate::publishing::subscribers::forget(&txn, &email).await?;
    let unsent = crate::mail::outbox::drop_unsent_to(&txn, &email).await?;
    let registrations = crate::involvement::forget(&txn, &email).await?;
    audit::record(
        &txn,
        actor,
        "contact.forget",
        serde_json::json!({"deleted": per_survey, "subscriptions": subscriptions, "unsent_emails": unsent, "registrations": registrations}),
    )
    .await?;
    txn.commit().await?;
    Ok(per_survey)
}
