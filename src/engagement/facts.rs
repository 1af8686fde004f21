//! What one survey's data says about one period, read once and kept as plain facts: counts
//! from the same daily rollups the publications use, and the few rows of themes, actions and
//! publications the measures need.

use crate::counts;
use crate::definitions::LoadedSurvey;
use crate::period::Period;
use crate::publishing::state::State;
use crate::storage::Db;
use crate::storage::entities::response::ResponseStatus;
use crate::storage::entities::{
    action, action_change, action_link, answer_theme, publication, theme,
};
use crate::workspace::WorkspaceError;
use crate::workspace::actions::Status;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// One theme, as the period saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeFact {
    pub id: Uuid,
    /// The user need it stands for: itself, or the theme it was linked to as the same need.
    pub need: Uuid,
    /// Comments tagged with it from responses of the period.
    pub in_period: u64,
    /// When the earliest response with a comment tagged with it was submitted.
    pub first_comment: Option<DateTime<Utc>>,
    /// When the first action linked to it was created, by the end of the period.
    pub first_action: Option<DateTime<Utc>>,
}

/// One action created by the end of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionFact {
    pub created_at: DateTime<Utc>,
    /// Its status at the end of the period, from its history.
    pub status_at_end: Option<Status>,
    /// The day it was done: the completion date its editor gave, else the day it was first
    /// marked done; none if it has not been done by the end of the period.
    pub done_on: Option<NaiveDate>,
    /// Whether `done_on` falls in the period.
    pub done_in_period: bool,
}

/// The facts of one survey in one period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub responses: u64,
    /// Of those, the ones that arrived through a link another user shared.
    pub referred: u64,
    /// Free-text answers of the period's counted responses.
    pub comments: u64,
    /// Of those, the ones tagged with at least one theme.
    pub coded: u64,
    pub themes: Vec<ThemeFact>,
    pub actions: Vec<ActionFact>,
    /// Days from the period's last day to the first publication of its summary.
    pub days_to_publication: Option<i64>,
    /// Counted responses by their answer to the survey's `user_types` question.
    pub by_user_type: BTreeMap<String, u64>,
    /// Counted answers of every closed question, by (question, value).
    pub answers: BTreeMap<(String, String), u64>,
}

/// Reads the facts of `loaded` for `period`, as of `now` (a running period ends now).
pub async fn read(
    db: &Db,
    loaded: &LoadedSurvey,
    period: Period,
    now: DateTime<Utc>,
) -> Result<Facts, WorkspaceError> {
    let survey = loaded.survey.id.as_str();
    let (start, end) = period.bounds();
    let end = Ord::min(end, now);
    let counted = counts::counts(db, survey, period, now).await?;
    let responses = counted
        .statuses
        .get(ResponseStatus::Ok.as_str())
        .map_or(0, |n| u64::try_from(*n).unwrap_or(0));
    let referred = counted
        .referred
        .get(ResponseStatus::Ok.as_str())
        .map_or(0, |n| u64::try_from(*n).unwrap_or(0));
    let answers = counted
        .tallies
        .iter()
        .map(|(key, t)| (key.clone(), u64::try_from(t.answers).unwrap_or(0)))
        .collect();
    let by_user_type = match &loaded.survey.user_types {
        Some(question) => counted
            .tallies
            .iter()
            .filter(|((q, _), _)| q == question)
            .map(|((_, value), t)| (value.clone(), u64::try_from(t.answers).unwrap_or(0)))
            .collect(),
        None => BTreeMap::new(),
    };
    let comments = u64::try_from(counted.comments()).unwrap_or(0);
    // Each coded comment once, however many themes it has: from the tags' own copy of their
    // response's time and status, one index range per theme.
    let coded = answer_theme::Entity::find()
        .select_only()
        .column(answer_theme::Column::ResponseId)
        .column(answer_theme::Column::Question)
        .filter(answer_theme::Column::ThemeId.in_subquery(themes_of(survey)))
        .filter(answer_theme::Column::Status.eq(ResponseStatus::Ok.as_str()))
        .filter(answer_theme::Column::SubmittedAt.gte(start))
        .filter(answer_theme::Column::SubmittedAt.lt(end))
        .group_by(answer_theme::Column::ResponseId)
        .group_by(answer_theme::Column::Question)
        .count(db.conn())
        .await?;
    let actions = actions(db, survey, period, end).await?;
    let mut themes = themes(db, survey, start, end, &actions).await?;
    // A theme linked to others as the same user need stands for that need, counted once.
    let needs = crate::workspace::needs::needs(&crate::workspace::needs::links(db).await?);
    for t in &mut themes {
        t.need = needs.get(&t.id).copied().unwrap_or(t.id);
    }
    Ok(Facts {
        responses,
        referred,
        comments,
        coded,
        themes,
        actions: actions.into_iter().map(|(_, fact, _)| fact).collect(),
        days_to_publication: days_to_publication(db, survey, period).await?,
        by_user_type,
        answers,
    })
}

/// The ids of `survey`'s themes.
fn themes_of(survey: &str) -> SelectStatement {
    Query::select()
        .column(theme::Column::Id)
        .from(theme::Entity)
        .and_where(theme::Column::SurveyId.eq(survey))
        .to_owned()
}

/// Each action created before `end`, with its fact and the themes it is linked to.
async fn actions(
    db: &Db,
    survey: &str,
    period: Period,
    end: DateTime<Utc>,
) -> Result<Vec<(Uuid, ActionFact, Vec<Uuid>)>, WorkspaceError> {
    let rows = action::Entity::find()
        .filter(action::Column::SurveyId.eq(survey))
        .filter(action::Column::CreatedAt.lt(end))
        .all(db.conn())
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|a| a.id).collect();
    let mut links: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for link in action_link::Entity::find()
        .filter(action_link::Column::ActionId.is_in(ids.clone()))
        .filter(action_link::Column::Kind.eq("theme"))
        .all(db.conn())
        .await?
    {
        if let Ok(theme) = link.target.parse::<Uuid>() {
            links.entry(link.action_id).or_default().push(theme);
        }
    }
    let mut history: HashMap<Uuid, Vec<action_change::Model>> = HashMap::new();
    for change in action_change::Entity::find()
        .filter(action_change::Column::ActionId.is_in(ids))
        .filter(action_change::Column::ChangedAt.lt(end))
        .order_by_asc(action_change::Column::ChangedAt)
        .all(db.conn())
        .await?
    {
        history.entry(change.action_id).or_default().push(change);
    }
    let last_day = Ord::min(crate::counts::day_of(end), period.last_day());
    Ok(rows
        .into_iter()
        .map(|a| {
            let changes = history.remove(&a.id).unwrap_or_default();
            let status_at_end = changes.last().and_then(|c| c.status.parse::<Status>().ok());
            let marked_done = changes
                .iter()
                .find(|c| c.status == Status::Done.as_str())
                .map(|c| crate::counts::day_of(c.changed_at));
            let done_on = (status_at_end == Some(Status::Done))
                .then(|| a.completed_date.or(marked_done))
                .flatten();
            let done_in_period = done_on.is_some_and(|d| d >= period.first_day() && d <= last_day);
            let fact = ActionFact {
                created_at: a.created_at,
                status_at_end,
                done_on,
                done_in_period,
            };
            (a.id, fact, links.remove(&a.id).unwrap_or_default())
        })
        .collect())
}

/// Every theme of `survey`, with its comments in `[start, end)`, its first comment and its
/// first linked action among `actions`.
async fn themes(
    db: &Db,
    survey: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    actions: &[(Uuid, ActionFact, Vec<Uuid>)],
) -> Result<Vec<ThemeFact>, WorkspaceError> {
    let ids: Vec<Uuid> = theme::Entity::find()
        .select_only()
        .column(theme::Column::Id)
        .filter(theme::Column::SurveyId.eq(survey))
        .order_by_asc(theme::Column::CreatedAt)
        .into_tuple()
        .all(db.conn())
        .await?;
    let counted = || {
        answer_theme::Entity::find()
            .filter(answer_theme::Column::Status.eq(ResponseStatus::Ok.as_str()))
    };
    // The earliest is found by walking one theme's index from its start, theme by theme: a
    // grouped minimum would read every tag of the survey.
    let mut first: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    for &id in &ids {
        let earliest: Option<Option<DateTime<Utc>>> = counted()
            .select_only()
            .column(answer_theme::Column::SubmittedAt)
            .filter(answer_theme::Column::ThemeId.eq(id))
            .order_by_asc(answer_theme::Column::SubmittedAt)
            .into_tuple()
            .one(db.conn())
            .await?;
        if let Some(Some(at)) = earliest {
            first.insert(id, at);
        }
    }
    let counts: HashMap<Uuid, i64> = counted()
        .select_only()
        .column(answer_theme::Column::ThemeId)
        .column_as(
            Expr::col((answer_theme::Entity, answer_theme::Column::ResponseId)).count(),
            "n",
        )
        .filter(answer_theme::Column::ThemeId.is_in(ids.clone()))
        .filter(answer_theme::Column::SubmittedAt.gte(start))
        .filter(answer_theme::Column::SubmittedAt.lt(end))
        .group_by(answer_theme::Column::ThemeId)
        .into_tuple::<(Uuid, i64)>()
        .all(db.conn())
        .await?
        .into_iter()
        .collect();
    Ok(ids
        .into_iter()
        .map(|id| ThemeFact {
            id,
            need: id,
            in_period: counts
                .get(&id)
                .map_or(0, |n| u64::try_from(*n).unwrap_or(0)),
            first_comment: first.get(&id).copied(),
            first_action: actions
                .iter()
                .filter(|(_, _, themes)| themes.contains(&id))
                .map(|(_, a, _)| a.created_at)
                .min(),
        })
        .collect())
}

/// Days from the last day of `period` to the day its summary was first published, in UK days.
async fn days_to_publication(
    db: &Db,
    survey: &str,
    period: Period,
) -> Result<Option<i64>, WorkspaceError> {
    let first = publication::Entity::find()
        .filter(publication::Column::SurveyId.eq(survey))
        .filter(publication::Column::Period.eq(period.to_string()))
        .filter(publication::Column::State.eq(State::Published.as_str()))
        .order_by_asc(publication::Column::PublishedAt)
        .one(db.conn())
        .await?;
    Ok(first
        .and_then(|p| p.published_at)
        .map(|at| super::measures::day_count(period.last_day(), crate::counts::day_of(at))))
}
