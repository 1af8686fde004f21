//! Drafting a period's summary as a stored snapshot, and signing it off. Nothing is public until
//! a publisher approves it (or the survey says `publish.auto`); a correction is a new revision.
//! Each step writes its emails to the outbox in the same transaction.

pub use super::periods::{Undraftable, Unended, check_draftable, offered_periods};
pub use super::published::{Published, all_published, current, history, published};
use super::published::{latest, parse};
use super::site::Site;
use super::state::State;
use super::summary::{self, Material, Summary};
use super::{aggregate, notices, revisions};
use crate::audit;
use crate::definitions::LoadedSurvey;
use crate::period::{Period, Progress};
use crate::storage::Db;
use crate::storage::entities::publication;
use crate::workspace::problems::{Field, Problem, Problems};
use crate::workspace::{WorkspaceError, actions, quotes, themes};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
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
    /// What regenerating changed, one line per part of the summary (`responses: 6 → 8`).
    pub changes: Vec<String>,
}

/// The parts of the summary that differ between two stored drafts.
fn differences(before: &str, after: &str) -> Vec<String> {
    let (Ok(serde_json::Value::Object(old)), Ok(serde_json::Value::Object(new))) = (
        serde_json::from_str::<serde_json::Value>(before),
        serde_json::from_str::<serde_json::Value>(after),
    ) else {
        return vec!["the summary".to_owned()];
    };
    new.iter()
        .filter(|(k, v)| old.get(*k) != Some(v))
        .map(|(k, v)| match (old.get(k), v) {
            (Some(o), n) if !o.is_object() && !o.is_array() && !n.is_object() && !n.is_array() => {
                format!("{k}: {o} → {n}")
            }
            _ => format!("{k} changed"),
        })
        .collect()
}

/// Counts the period and gathers what else the summary shows; reads only.
pub async fn compose(
    db: &Db,
    loaded: &LoadedSurvey,
    period: Period,
) -> Result<Summary, WorkspaceError> {
    let now = Utc::now();
    let facts = aggregate::gather(db, loaded, period, TREND_PERIODS).await?;
    let theme_names = themes::names(db, loaded).await?;
    let material = Material {
        actions: actions::list(db, loaded).await?,
        theme_names,
        gaps: crate::workspace::needs::gaps(db).await?,
        quotes: quotes::for_period(db, loaded, period).await?,
        previous: published(db, &loaded.survey.id, period.previous(), None)
            .await?
            .map(|p| p.summary),
    };
    let mut summary = summary::build(loaded, &facts, &material);
    if period.progress(now) == Progress::Running {
        summary.partial = Some(crate::uk_time::clock(now).date_naive());
    }
    Ok(summary)
}

/// The published revisions of `period`, newest first.
async fn public_summaries(
    conn: &impl sea_orm::ConnectionTrait,
    survey: &str,
    period: Period,
) -> Result<Vec<Summary>, WorkspaceError> {
    let rows = publication::Entity::find()
        .filter(publication::Column::SurveyId.eq(survey))
        .filter(publication::Column::Period.eq(period.to_string()))
        .filter(publication::Column::State.eq(State::Published.as_str()))
        .order_by_desc(publication::Column::Revision)
        .all(conn)
        .await?;
    // An unreadable revision cannot be compared with, so a correction is refused rather than
    // published blind.
    rows.iter()
        .map(|row| {
            parse(row).ok_or_else(|| {
                WorkspaceError::Corrupt(format!(
                    "revision {} of {period} is unreadable, so a correction cannot be checked against it",
                    row.revision
                ))
            })
        })
        .collect()
}

fn to_json(summary: &Summary) -> Result<String, WorkspaceError> {
    serde_json::to_string(summary).map_err(|e| WorkspaceError::Corrupt(e.to_string()))
}

/// Drafts (or regenerates the draft of) `period`'s summary, and tells the team's publishers.
pub async fn draft(
    db: &Db,
    site: &Site,
    loaded: &LoadedSurvey,
    period: Period,
    actor: &str,
    unended: Unended,
) -> Result<Drafted, WorkspaceError> {
    check_draftable(period, Utc::now(), unended)?;
    let mut summary = compose(db, loaded, period).await?;
    let survey = loaded.survey.id.as_str();
    let now = Utc::now();
    let txn = db.begin_write().await?;
    let current = latest(&txn, survey, period).await?;
    // Read after `latest`, in the transaction: a revision published since is compared with too.
    let earlier = public_summaries(&txn, survey, period).await?;
    revisions::hold_back(&mut summary, &earlier);
    let json = to_json(&summary)?;
    let (drafted, id) = match current {
        Some(current) if State::parse(&current.state) != Some(State::Published) => {
            let changes = differences(&current.summary, &json);
            let changed =
                !changes.is_empty() || State::parse(&current.state) == Some(State::Returned);
            // Not if a publisher published it meanwhile: a published revision never changes.
            let updated = publication::Entity::update_many()
                .set(publication::ActiveModel {
                    summary: Set(json),
                    state: Set(State::Draft.as_str().to_owned()),
                    drafted_at: Set(now),
                    review_note: Set(None),
                    ..Default::default()
                })
                .filter(publication::Column::Id.eq(current.id))
                .filter(publication::Column::State.ne(State::Published.as_str()))
                .exec(&txn)
                .await?;
            if updated.rows_affected == 0 {
                txn.rollback().await?;
                return Err(WorkspaceError::Conflict(format!(
                    "{period} was published meanwhile: draft again to start a correction"
                )));
            }
            let drafted = Drafted {
                revision: current.revision,
                changed,
                changes,
            };
            (drafted, current.id)
        }
        previous => {
            let revision = previous
                .map_or(Some(1), |p| p.revision.checked_add(1))
                .ok_or_else(|| {
                    WorkspaceError::Invalid(format!("{period} has no revision numbers left"))
                })?;
            let id = Uuid::now_v7();
            publication::Entity::insert(new_row(id, survey, period, revision, json, now))
                .exec_without_returning(&txn)
                .await?;
            let drafted = Drafted {
                revision,
                changed: true,
                changes: Vec::new(),
            };
            (drafted, id)
        }
    };
    if drafted.changed {
        notices::draft_ready(&txn, site, loaded, period, id, now).await?;
    }
    audit::record(
        &txn,
        actor,
        "publication.draft",
        serde_json::json!({"survey": survey, "period": period, "revision": drafted.revision}),
    )
    .await?;
    txn.commit().await?;
    Ok(drafted)
}

fn new_row(
    id: Uuid,
    survey: &str,
    period: Period,
    revision: i32,
    json: String,
    now: DateTime<Utc>,
) -> publication::ActiveModel {
    publication::ActiveModel {
        id: Set(id),
        survey_id: Set(survey.to_owned()),
        period: Set(period.to_string()),
        revision: Set(revision),
        state: Set(State::Draft.as_str().to_owned()),
        summary: Set(json),
        change_note: Set(None),
        drafted_at: Set(now),
        published_at: Set(None),
        published_by: Set(None),
        review_note: Set(None),
    }
}

/// The scheduler's draft: only if `period` has never been drafted. When several replicas race,
/// the unique (survey, period, revision) index lets exactly one insert; the others get `None`.
pub async fn draft_if_new(
    db: &Db,
    site: &Site,
    loaded: &LoadedSurvey,
    period: Period,
) -> Result<Option<i32>, WorkspaceError> {
    let survey = loaded.survey.id.as_str();
    if latest(db.conn(), survey, period).await?.is_some() {
        return Ok(None);
    }
    let summary = compose(db, loaded, period).await?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    let txn = db.begin_write().await?;
    let inserted =
        publication::Entity::insert(new_row(id, survey, period, 1, to_json(&summary)?, now))
            .on_conflict(
                OnConflict::columns([
                    publication::Column::SurveyId,
                    publication::Column::Period,
                    publication::Column::Revision,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    if inserted == 0 {
        txn.rollback().await?;
        return Ok(None);
    }
    audit::record(
        &txn,
        "scheduler",
        "publication.draft",
        serde_json::json!({"survey": survey, "period": period, "revision": 1}),
    )
    .await?;
    if !loaded.survey.publish.auto {
        notices::draft_ready(&txn, site, loaded, period, id, now).await?;
    }
    txn.commit().await?;
    Ok(Some(1))
}

/// Publishes the current draft of `period` and emails the survey's subscribers; `note` says
/// what a correction changed. `seen` is when the draft the publisher previewed was drafted:
/// if it has been regenerated since, nothing is published.
pub async fn approve(
    db: &Db,
    site: &Site,
    survey: &str,
    period: Period,
    actor: &str,
    note: Option<&str>,
    seen: Option<DateTime<Utc>>,
) -> Result<i32, WorkspaceError> {
    let current = latest(db.conn(), survey, period)
        .await?
        .filter(|p| State::parse(&p.state) == Some(State::Draft))
        .ok_or_else(|| {
            WorkspaceError::Invalid(format!(
                "there is no draft of {period} to approve: draft it first"
            ))
        })?;
    if seen.is_some_and(|at| at.timestamp_millis() != current.drafted_at.timestamp_millis()) {
        return Err(WorkspaceError::Invalid(format!(
            "the draft of {period} was regenerated after you opened this page: preview it again"
        )));
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if current.revision > 1 && note.is_none() {
        return Err(WorkspaceError::Refused(Problems::from(Problem {
            field: Field::Note,
            message: "Say what this correction changes: readers see the note beside it, and a \
                      correction cannot be published without one."
                .to_owned(),
        })));
    }
    let summary: Summary = serde_json::from_str(&current.summary)
        .map_err(|e| WorkspaceError::Corrupt(format!("the stored draft is unreadable: {e}")))?;
    let txn = db.begin_write().await?;
    // Conditional on still being a draft: two publishers pressing at once publish once.
    let result = publication::Entity::update_many()
        .set(publication::ActiveModel {
            state: Set(State::Published.as_str().to_owned()),
            change_note: Set(note.map(str::to_owned)),
            published_at: Set(Some(Utc::now())),
            published_by: Set(Some(actor.to_owned())),
            ..Default::default()
        })
        .filter(publication::Column::Id.eq(current.id))
        .filter(publication::Column::State.eq(State::Draft.as_str()))
        .filter(publication::Column::DraftedAt.eq(current.drafted_at))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        txn.rollback().await?;
        return Err(WorkspaceError::Conflict(format!(
            "{period} was published, sent back or regenerated meanwhile: preview it again"
        )));
    }
    notices::published(&txn, site, &summary, current.id, current.revision, note).await?;
    audit::record(
        &txn,
        actor,
        "publication.approve",
        serde_json::json!({"survey": survey, "period": period, "revision": current.revision}),
    )
    .await?;
    txn.commit().await?;
    Ok(current.revision)
}

/// Sends the draft of `period` back to the team with `note`; nothing is published.
pub async fn send_back(
    db: &Db,
    survey: &str,
    period: Period,
    actor: &str,
    note: &str,
) -> Result<i32, WorkspaceError> {
    let note = note.trim();
    if note.is_empty() {
        return Err(WorkspaceError::Invalid(
            "say what needs to change before sending the draft back".to_owned(),
        ));
    }
    let current = latest(db.conn(), survey, period)
        .await?
        .filter(|p| State::parse(&p.state) == Some(State::Draft))
        .ok_or_else(|| WorkspaceError::Invalid(format!("there is no draft of {period}")))?;
    let result = publication::Entity::update_many()
        .set(publication::ActiveModel {
            state: Set(State::Returned.as_str().to_owned()),
            review_note: Set(Some(note.to_owned())),
            ..Default::default()
        })
        .filter(publication::Column::Id.eq(current.id))
        .filter(publication::Column::State.eq(State::Draft.as_str()))
        .exec(db.conn())
        .await?;
    if result.rows_affected == 0 {
        return Err(WorkspaceError::Conflict(format!(
            "{period} was published meanwhile"
        )));
    }
    audit::record(
        db.conn(),
        actor,
        "publication.send_back",
        serde_json::json!({"survey": survey, "period": period, "revision": current.revision}),
    )
    .await?;
    Ok(current.revision)
}
