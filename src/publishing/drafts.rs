//! Drafting a period's summary as a stored snapshot, and signing it off. Nothing is public until
//! a publisher approves it (or the survey says `publish.auto`); a correction is a new revision.

use super::aggregate;
use super::summary;
use crate::audit;
use crate::definitions::LoadedSurvey;
use crate::period::Period;
use crate::storage::Db;
use crate::storage::entities::publication;
use crate::workspace::{WorkspaceError, actions};
use chrono::Utc;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use uuid::Uuid;

/// Earlier periods shown in a summary's trend.
const TREND_PERIODS: usize = 4;

/// What drafting did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drafted {
    pub revision: i32,
    /// False when an existing draft was regenerated and nothing in it changed.
    pub changed: bool,
}

async fn latest(
    db: &Db,
    survey: &str,
    period: Period,
) -> Result<Option<publication::Model>, sea_orm::DbErr> {
    publication::Entity::find()
        .filter(publication::Column::SurveyId.eq(survey))
        .filter(publication::Column::Period.eq(period.to_string()))
        .order_by_desc(publication::Column::Revision)
        .one(db.conn())
        .await
}

/// Drafts (or regenerates the draft of) `period`'s summary.
pub async fn draft(
    db: &Db,
    loaded: &LoadedSurvey,
    period: Period,
    actor: &str,
) -> Result<Drafted, WorkspaceError> {
    let facts = aggregate::gather(db, loaded, period, TREND_PERIODS).await?;
    let actions = actions::list(db, loaded).await?;
    let summary = summary::build(loaded, &facts, &actions);
    let json =
        serde_json::to_string(&summary).map_err(|e| WorkspaceError::Invalid(e.to_string()))?;
    let survey = loaded.survey.id.as_str();
    let drafted = match latest(db, survey, period).await? {
        Some(current) if current.state == "draft" => {
            let changed = current.summary != json;
            publication::Entity::update(publication::ActiveModel {
                id: Set(current.id),
                summary: Set(json),
                drafted_at: Set(Utc::now()),
                ..Default::default()
            })
            .exec(db.conn())
            .await?;
            Drafted {
                revision: current.revision,
                changed,
            }
        }
        previous => {
            let revision = previous.map_or(1, |p| p.revision + 1);
            // The unique (survey, period, revision) index makes a second drafter fail here
            // rather than publish twice.
            publication::Entity::insert(publication::ActiveModel {
                id: Set(Uuid::now_v7()),
                survey_id: Set(survey.to_owned()),
                period: Set(period.to_string()),
                revision: Set(revision),
                state: Set("draft".to_owned()),
                summary: Set(json),
                change_note: Set(None),
                drafted_at: Set(Utc::now()),
                published_at: Set(None),
                published_by: Set(None),
            })
            .exec_without_returning(db.conn())
            .await?;
            Drafted {
                revision,
                changed: true,
            }
        }
    };
    audit::record(
        db.conn(),
        actor,
        "publication.draft",
        serde_json::json!({"survey": survey, "period": period, "revision": drafted.revision}),
    )
    .await?;
    Ok(drafted)
}

/// Publishes the current draft of `period`; `note` says what a correction changed.
pub async fn approve(
    db: &Db,
    survey: &str,
    period: Period,
    actor: &str,
    note: Option<&str>,
) -> Result<i32, WorkspaceError> {
    let current = latest(db, survey, period)
        .await?
        .filter(|p| p.state == "draft")
        .ok_or_else(|| {
            WorkspaceError::Invalid(format!(
                "there is no draft of {period} to approve: draft it first"
            ))
        })?;
    if current.revision > 1 && note.is_none_or(|n| n.trim().is_empty()) {
        return Err(WorkspaceError::Invalid(
            "a correction needs a note saying what changed".to_owned(),
        ));
    }
    publication::Entity::update(publication::ActiveModel {
        id: Set(current.id),
        state: Set("published".to_owned()),
        change_note: Set(note.map(str::to_owned)),
        published_at: Set(Some(Utc::now())),
        published_by: Set(Some(actor.to_owned())),
        ..Default::default()
    })
    .exec(db.conn())
    .await?;
    audit::record(
        db.conn(),
        actor,
        "publication.approve",
        serde_json::json!({"survey": survey, "period": period, "revision": current.revision}),
    )
    .await?;
    Ok(current.revision)
}

/// The newest published revision of `period`: its number, the summary as stored (JSON), and
/// when it was published.
pub async fn published(
    db: &Db,
    survey: &str,
    period: Period,
) -> Result<Option<(i32, serde_json::Value, chrono::DateTime<Utc>)>, WorkspaceError> {
    let found = publication::Entity::find()
        .filter(publication::Column::SurveyId.eq(survey))
        .filter(publication::Column::Period.eq(period.to_string()))
        .filter(publication::Column::State.eq("published"))
        .order_by_desc(publication::Column::Revision)
        .one(db.conn())
        .await?;
    Ok(found.and_then(|p| {
        let summary: serde_json::Value = serde_json::from_str(&p.summary).ok()?;
        Some((p.revision, summary, p.published_at.unwrap_or(p.drafted_at)))
    }))
}
