//! Reading what is public: published revisions of a period, of every period, and (for the
//! workspace) every revision in any state. Nothing here writes.

use super::state::{Revision, State};
use super::summary::Summary;
use crate::definitions::{Language, LoadedSurvey, Status};
use crate::period::Period;
use crate::storage::Db;
use crate::storage::entities::publication;
use crate::workspace::WorkspaceError;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// One published revision, as every format renders it.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub revision: i32,
    pub summary: Summary,
    pub published_at: DateTime<Utc>,
    /// What a correction changed.
    pub change_note: Option<String>,
    /// Every published revision of the period, newest first: (revision, when, note).
    pub revisions: Vec<(i32, DateTime<Utc>, Option<String>)>,
}

/// A survey's title and owner, as its published pages and feeds name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub title: String,
    pub owner: String,
}

/// The names of survey `id`, whose published periods are `list`: from its definition, or from
/// what was published if the definition has since been removed (publications stay readable).
/// None while nothing of it is public.
pub fn names(definition: Option<&LoadedSurvey>, id: &str, list: &[Published]) -> Option<Names> {
    match definition {
        // A survey still in draft is not public until something of it has been published.
        Some(l) if l.survey.status == Status::Draft && list.is_empty() => None,
        Some(l) => Some(Names {
            title: l.survey.title.get(Language::En).to_owned(),
            owner: l.survey.owner.clone(),
        }),
        None => list.first().map(|p| Names {
            title: p.summary.title.clone(),
            owner: id.to_owned(),
        }),
    }
}

/// The newest revision of `period`, in any state.
pub async fn latest(
    conn: &impl sea_orm::ConnectionTrait,
    survey: &str,
    period: Period,
) -> Result<Option<publication::Model>, sea_orm::DbErr> {
    publication::Entity::find()
        .filter(publication::Column::SurveyId.eq(survey))
        .filter(publication::Column::Period.eq(period.to_string()))
        .order_by_desc(publication::Column::Revision)
        .one(conn)
        .await
}

pub(super) fn parse(row: &publication::Model) -> Option<Summary> {
    serde_json::from_str(&row.summary).ok()
}

/// The latest period of `survey` that has a published revision, if any has.
pub async fn latest_period(db: &Db, survey: &str) -> Result<Option<Period>, WorkspaceError> {
    let periods: Vec<String> = publication::Entity::find()
        .select_only()
        .column(publication::Column::Period)
        .filter(publication::Column::SurveyId.eq(survey))
        .filter(publication::Column::State.eq(State::Published.as_str()))
        .distinct()
        .into_tuple()
        .all(db.conn())
        .await?;
    Ok(periods.iter().filter_map(|p| p.parse().ok()).max())
}

/// The newest published revision of `period`, or revision `revision` of it.
pub async fn published(
    db: &Db,
    survey: &str,
    period: Period,
    revision: Option<i32>,
) -> Result<Option<Published>, WorkspaceError> {
    let rows = publication::Entity::find()
        .filter(publication::Column::SurveyId.eq(survey))
        .filter(publication::Column::Period.eq(period.to_string()))
        .filter(publication::Column::State.eq(State::Published.as_str()))
        .order_by_desc(publication::Column::Revision)
        .all(db.conn())
        .await?;
    let revisions = rows
        .iter()
        .map(|r| {
            (
                r.revision,
                r.published_at.unwrap_or(r.drafted_at),
                r.change_note.clone(),
            )
        })
        .collect::<Vec<_>>();
    let chosen = match revision {
        Some(n) => rows.iter().find(|r| r.revision == n),
        None => rows.first(),
    };
    Ok(chosen.and_then(|row| {
        Some(Published {
            revision: row.revision,
            summary: parse(row)?,
            published_at: row.published_at.unwrap_or(row.drafted_at),
            change_note: row.change_note.clone(),
            revisions: revisions.clone(),
        })
    }))
}

/// The newest published revision of every period, newest period first; of one survey, or of all.
pub async fn all_published(
    db: &Db,
    survey: Option<&str>,
) -> Result<Vec<Published>, WorkspaceError> {
    let mut query = publication::Entity::find()
        .filter(publication::Column::State.eq(State::Published.as_str()))
        .order_by_asc(publication::Column::SurveyId)
        .order_by_asc(publication::Column::Period)
        .order_by_desc(publication::Column::Revision);
    if let Some(survey) = survey {
        query = query.filter(publication::Column::SurveyId.eq(survey));
    }
    let rows = query.all(db.conn()).await?;
    let mut out: Vec<Published> = Vec::new();
    for row in &rows {
        let Some(summary) = parse(row) else { continue };
        let when = row.published_at.unwrap_or(row.drafted_at);
        match out.last_mut() {
            Some(last)
                if last.summary.survey == summary.survey
                    && last.summary.period == summary.period =>
            {
                last.revisions
                    .push((row.revision, when, row.change_note.clone()));
            }
            _ => out.push(Published {
                revision: row.revision,
                published_at: when,
                change_note: row.change_note.clone(),
                revisions: vec![(row.revision, when, row.change_note.clone())],
                summary,
            }),
        }
    }
    out.sort_by_key(|p| std::cmp::Reverse(p.published_at));
    Ok(out)
}

/// Every revision of a survey's summaries, drafts included, for the workspace; newest first.
pub async fn history(db: &Db, survey: &str) -> Result<Vec<Revision>, WorkspaceError> {
    let rows = publication::Entity::find()
        .filter(publication::Column::SurveyId.eq(survey))
        .order_by_desc(publication::Column::Period)
        .order_by_desc(publication::Column::Revision)
        .all(db.conn())
        .await?;
    Ok(rows.iter().filter_map(Revision::of).collect())
}

/// The latest revision of `period` in any state, for the publisher's preview.
pub async fn current(
    db: &Db,
    survey: &str,
    period: Period,
) -> Result<Option<(Revision, Summary)>, WorkspaceError> {
    Ok(latest(db.conn(), survey, period)
        .await?
        .and_then(|row| Some((Revision::of(&row)?, parse(&row)?))))
}
