//! Themes: named groups of comments. Create, rename, merge (keeping every tag), delete, tag.

use super::WorkspaceError;
use super::problems::{Field, Problem, Problems};
use super::suggest::Suggestion;
use crate::audit;
use crate::definitions::LoadedSurvey;
use crate::period::Period;
use crate::storage::Db;
use crate::storage::entities::{answer_theme, theme};
use chrono::Utc;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

/// Longest theme name.
pub const MAX_NAME: usize = 80;

/// A theme with how many comments carry it in recent periods.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThemeCounts {
    pub id: Uuid,
    pub name: String,
    /// Tagged comments per period, newest period first.
    pub counts: Vec<PeriodCount>,
    pub total: u64,
}

/// Tagged comments in one period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PeriodCount {
    pub period: String,
    pub count: u64,
}

fn clean_name(name: &str) -> Result<String, WorkspaceError> {
    // The length as sent counts, so a name the API document calls too long is never accepted.
    let too_long = name.chars().count() > MAX_NAME;
    let name = crate::text::clean(name, false);
    if name.is_empty() || too_long {
        return Err(refused(
            Field::Name,
            format!("Enter a theme name of 1 to {MAX_NAME} characters."),
        ));
    }
    Ok(name)
}

fn refused(field: Field, message: String) -> WorkspaceError {
    Problems::from(Problem { field, message }).into()
}

/// The refusal of a name another theme of the survey has.
fn taken(name: &str) -> WorkspaceError {
    WorkspaceError::Conflict(format!(
        "There is already a theme called “{name}”: choose another name, or use that theme."
    ))
}

pub(super) async fn find(
    db: &Db,
    loaded: &LoadedSurvey,
    id: Uuid,
) -> Result<theme::Model, WorkspaceError> {
    theme::Entity::find_by_id(id)
        .filter(theme::Column::SurveyId.eq(&loaded.survey.id))
        .one(db.conn())
        .await?
        .ok_or(WorkspaceError::NotFound)
}

async fn name_taken(db: &Db, loaded: &LoadedSurvey, name: &str) -> Result<bool, WorkspaceError> {
    Ok(theme::Entity::find()
        .filter(theme::Column::SurveyId.eq(&loaded.survey.id))
        .filter(theme::Column::Name.eq(name))
        .count(db.conn())
        .await?
        > 0)
}

/// Creates a theme.
pub async fn create(db: &Db, loaded: &LoadedSurvey, name: &str) -> Result<Uuid, WorkspaceError> {
    let name = clean_name(name)?;
    if name_taken(db, loaded, &name).await? {
        return Err(taken(&name));
    }
    let id = Uuid::now_v7();
    theme::Entity::insert(theme::ActiveModel {
        id: Set(id),
        survey_id: Set(loaded.survey.id.clone()),
        name: Set(name),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(db.conn())
    .await?;
    Ok(id)
}

/// Renames a theme.
pub async fn rename(
    db: &Db,
    loaded: &LoadedSurvey,
    id: Uuid,
    name: &str,
) -> Result<(), WorkspaceError> {
    let name = clean_name(name)?;
    let current = find(db, loaded, id).await?;
    if current.name != name && name_taken(db, loaded, &name).await? {
        return Err(taken(&name));
    }
    theme::Entity::update(theme::ActiveModel {
        id: Set(id),
        name: Set(name),
        ..Default::default()
    })
    .exec(db.conn())
    .await?;
    Ok(())
}

/// Moves every tag of `from` to `into`, then deletes `from`; audited.
pub async fn merge(
    db: &Db,
    loaded: &LoadedSurvey,
    from: Uuid,
    into: Uuid,
    actor: &str,
) -> Result<u64, WorkspaceError> {
    if from == into {
        return Err(refused(
            Field::Into,
            "Choose another theme to merge into: a theme cannot be merged into itself.".to_owned(),
        ));
    }
    let (a, b) = (find(db, loaded, from).await?, find(db, loaded, into).await?);
    let txn = db.begin_write().await?;
    let tags = answer_theme::Entity::find()
        .filter(answer_theme::Column::ThemeId.eq(from))
        .all(&txn)
        .await?;
    let moved = tags.len() as u64;
    // A comment tagged with both keeps one tag: the conflict is ignored, nothing is lost.
    for chunk in tags.chunks(1_000) {
        let moved = chunk.iter().map(|t| (t.response_id, t.question.clone()));
        insert_tags(&txn, moved, into).await?;
    }
    super::actions::relink_theme(&txn, from, into).await?;
    super::needs::forget(&txn, from).await?;
    theme::Entity::delete_by_id(from).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        "theme.merge",
        serde_json::json!({"survey": loaded.survey.id, "from": a.name, "into": b.name, "tags": moved}),
    )
    .await?;
    txn.commit().await?;
    Ok(moved)
}

/// Deletes a theme and its tags; audited.
pub async fn delete(
    db: &Db,
    loaded: &LoadedSurvey,
    id: Uuid,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let found = find(db, loaded, id).await?;
    let txn = db.begin_write().await?;
    answer_theme::Entity::delete_many()
        .filter(answer_theme::Column::ThemeId.eq(id))
        .exec(&txn)
        .await?;
    super::needs::forget(&txn, id).await?;
    theme::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        "theme.delete",
        serde_json::json!({"survey": loaded.survey.id, "theme": found.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Tags each `(response, question)` comment with `theme`; tags already there are kept.
pub(super) async fn insert_tags(
    conn: &impl ConnectionTrait,
    comments: impl IntoIterator<Item = (Uuid, String)>,
    theme: Uuid,
) -> Result<(), sea_orm::DbErr> {
    answer_theme::Entity::insert_many(comments.into_iter().map(|(response, question)| {
        answer_theme::ActiveModel {
            response_id: Set(response),
            question: Set(question),
            theme_id: Set(theme),
            // Copied from the response by the database, in this statement.
            submitted_at: NotSet,
            status: NotSet,
        }
    }))
    .on_conflict_do_nothing_on([
        answer_theme::Column::ResponseId,
        answer_theme::Column::Question,
        answer_theme::Column::ThemeId,
    ])
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Every theme's name, by id.
pub async fn names(
    db: &Db,
    loaded: &LoadedSurvey,
) -> Result<std::collections::HashMap<Uuid, String>, sea_orm::DbErr> {
    Ok(theme::Entity::find()
        .filter(theme::Column::SurveyId.eq(&loaded.survey.id))
        .all(db.conn())
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect())
}

/// Every theme of the survey with tagged-comment counts for `periods` (newest first).
pub async fn list(
    db: &Db,
    loaded: &LoadedSurvey,
    periods: &[Period],
) -> Result<Vec<ThemeCounts>, WorkspaceError> {
    let themes = theme::Entity::find()
        .filter(theme::Column::SurveyId.eq(&loaded.survey.id))
        .order_by_asc(theme::Column::Name)
        .all(db.conn())
        .await?;
    let ids: Vec<Uuid> = themes.iter().map(|t| t.id).collect();
    // One grouped query for the totals and one per period, however many themes there are.
    let totals = tag_counts(db, &ids, None).await?;
    let mut per_period = Vec::with_capacity(periods.len());
    for period in periods {
        per_period.push((period, tag_counts(db, &ids, Some(period.bounds())).await?));
    }
    Ok(themes
        .into_iter()
        .map(|t| ThemeCounts {
            counts: per_period
                .iter()
                .map(|(period, counts)| PeriodCount {
                    period: period.to_string(),
                    count: counts.get(&t.id).copied().unwrap_or(0),
                })
                .collect(),
            total: totals.get(&t.id).copied().unwrap_or(0),
            id: t.id,
            name: t.name,
        })
        .collect())
}

/// Tagged comments per theme, optionally only those submitted within `[start, end)`.
async fn tag_counts(
    db: &Db,
    themes: &[Uuid],
    within: Option<(chrono::DateTime<Utc>, chrono::DateTime<Utc>)>,
) -> Result<std::collections::HashMap<Uuid, u64>, WorkspaceError> {
    let mut query = answer_theme::Entity::find()
        .select_only()
        .column(answer_theme::Column::ThemeId)
        .column_as(
            Expr::col((answer_theme::Entity, answer_theme::Column::ResponseId)).count(),
            "count",
        )
        .filter(answer_theme::Column::ThemeId.is_in(themes.to_vec()))
        .group_by(answer_theme::Column::ThemeId);
    // The tag's copy of its response's time: one index range per theme, no response read.
    if let Some((start, end)) = within {
        query = query
            .filter(answer_theme::Column::SubmittedAt.gte(start))
            .filter(answer_theme::Column::SubmittedAt.lt(end));
    }
    let rows: Vec<(Uuid, i64)> = query.into_tuple().all(db.conn()).await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// Theme suggestions and whether they are current.
#[derive(Debug)]
pub struct Suggested {
    /// Most common first.
    pub items: Vec<Suggestion>,
    /// Recent changes (comments arrived, tagged, untagged) not counted in them yet.
    pub pending: u64,
}

/// Frequent words and phrases in comments no theme has been given yet: from the counts kept
/// as comments arrive and are tagged, after counting in recent changes for at most a moment.
pub async fn suggestions(
    db: &Db,
    loaded: &LoadedSurvey,
    limit: usize,
) -> Result<Suggested, WorkspaceError> {
    let current = super::phrases::catch_up(db, CATCH_UP).await?;
    let pending = if current {
        0
    } else {
        super::phrases::backlog(db).await?
    };
    Ok(Suggested {
        items: super::phrases::top(db, &loaded.survey.id, limit).await?,
        pending,
    })
}

/// How long a view of the suggestions may spend counting in changes the background counter
/// has not reached yet; usually it finds none, or a few just made.
const CATCH_UP: std::time::Duration = std::time::Duration::from_millis(100);
