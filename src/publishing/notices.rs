//! The emails publishing sends, written to the outbox inside the caller's transaction: "a
//! draft is ready" to the team's publishers, and the new summary to confirmed subscribers.

use super::render::email;
use super::site::Site;
use super::subscribers;
use super::summary::Summary;
use crate::definitions::{Language, LoadedSurvey};
use crate::mail::{self, Mail};
use crate::period::Period;
use crate::storage::entities::{membership, user};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Tells every publisher of the survey's team that a draft of `period` waits for review.
pub async fn draft_ready(
    conn: &impl ConnectionTrait,
    site: &Site,
    loaded: &LoadedSurvey,
    period: Period,
    publication: Uuid,
    drafted_at: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let survey = &loaded.survey;
    let publishers: Vec<Uuid> = membership::Entity::find()
        .filter(membership::Column::Team.eq(&survey.owner))
        .filter(membership::Column::Role.eq(crate::auth::Role::Publisher.as_str()))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    if publishers.is_empty() {
        return Ok(());
    }
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(publishers))
        .all(conn)
        .await?;
    let title = survey.title.get(Language::En);
    let review = site.review(&survey.id);
    for u in users {
        mail::enqueue(
            conn,
            Mail {
                key: format!(
                    "draft-ready:{publication}:{}:{}",
                    drafted_at.timestamp_millis(),
                    u.id
                ),
                to: u.email,
                subject: format!("Draft ready to review: {title}, {period}"),
                text: format!(
                    "The \"you said, we did\" summary of {title} for {period} has been drafted.\n\n\
                     Nothing is public yet. Review it, then publish it or send it back:\n{review}\n"
                ),
                html: None,
                unsubscribe_url: None,
            },
        )
        .await?;
    }
    Ok(())
}

/// Emails the new publication to every confirmed subscriber of its survey.
pub async fn published(
    conn: &impl ConnectionTrait,
    site: &Site,
    summary: &Summary,
    publication: Uuid,
    revision: i32,
    note: Option<&str>,
) -> Result<(), sea_orm::DbErr> {
    let link = site.period(&summary.survey, summary.period);
    let so_far = if summary.partial.is_some() {
        " so far (partial)"
    } else {
        ""
    };
    let subject = if revision > 1 {
        format!("Corrected: {} – {}{so_far}", summary.title, summary.period)
    } else {
        format!(
            "You said, we did: {} – {}{so_far}",
            summary.title, summary.period
        )
    };
    for s in subscribers::confirmed(conn, &summary.survey).await? {
        let secret = subscribers::issue_token(conn, s.id)
            .await
            .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
        let unsubscribe = site.unsubscribe(&secret);
        let bodies = email::publication(summary, &link, &unsubscribe, note)
            .map_err(|e| sea_orm::DbErr::Custom(format!("the publication email: {e}")))?;
        mail::enqueue(
            conn,
            Mail {
                key: format!("publication:{publication}:{}", s.id),
                to: s.email,
                subject: subject.clone(),
                text: bodies.text,
                html: Some(bodies.html),
                unsubscribe_url: Some(unsubscribe),
            },
        )
        .await?;
    }
    Ok(())
}
