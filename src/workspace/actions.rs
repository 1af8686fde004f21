//! Actions: what the team did about what users said, with a kept history of every status.

use super::WorkspaceError;
use super::problems::{Field, Problems};
use crate::audit;
use crate::definitions::LoadedSurvey;
use crate::storage::Db;
use crate::storage::entities::{action, action_change, action_link, theme};
use chrono::{NaiveDate, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use super::statuses::Status;

/// How many of `survey`'s actions are still open (planned or in progress).
pub async fn open_count(db: &Db, survey: &str) -> Result<u64, WorkspaceError> {
    let open = [Status::Planned.as_str(), Status::InProgress.as_str()];
    Ok(action::Entity::find()
        .filter(action::Column::SurveyId.eq(survey))
        .filter(action::Column::Status.is_in(open))
        .count(db.conn())
        .await?)
}

/// What a producer writes about an action.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// Spaces around it are dropped, and control characters; something must be left.
    #[schema(min_length = 1, max_length = 200, pattern = r"[^\s\x00-\x1f\x7f-\x9f]")]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub description: String,
    #[schema(value_type = Status)]
    pub status: String,
    /// Required for `cannot_do`: shown to the public.
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub themes: Vec<Uuid>,
    #[serde(default)]
    pub questions: Vec<String>,
    #[serde(default)]
    pub target_date: Option<NaiveDate>,
    /// Only for `done`, and not after today in the UK.
    #[serde(default)]
    pub completed_date: Option<NaiveDate>,
}

/// Longest action title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest action description, in characters.
pub const MAX_DESCRIPTION: usize = 5_000;

/// A checked action input.
struct Checked {
    title: String,
    description: String,
    status: Status,
    reason: Option<String>,
}

/// Every problem with `input`, each in the producer's words and tied to its field.
pub fn problems(input: &ActionInput, loaded: &LoadedSurvey) -> Problems {
    check(input, loaded).err().unwrap_or_default()
}

fn check(input: &ActionInput, loaded: &LoadedSurvey) -> Result<Checked, Problems> {
    let mut problems = Problems::default();
    // Lengths as sent count, so what the API document calls too long is never accepted.
    let title = crate::text::clean(&input.title, false);
    if title.is_empty() || input.title.chars().count() > MAX_TITLE {
        problems.push(
            Field::Title,
            format!("Enter a title of 1 to {MAX_TITLE} characters."),
        );
    }
    let description = crate::text::clean(&input.description, true);
    if input.description.chars().count() > MAX_DESCRIPTION {
        problems.push(
            Field::Description,
            format!("Shorten the description to {MAX_DESCRIPTION} characters or fewer."),
        );
    }
    let status: Option<Status> = match input.status.trim().parse() {
        Ok(s) => Some(s),
        Err(_) => {
            problems.push(
                Field::Status,
                "Choose a status: Planned, In progress, Done or Cannot do \
                 (`planned`, `in_progress`, `done`, `cannot_do`).",
            );
            None
        }
    };
    let reason = input
        .reason
        .as_deref()
        .map(|r| crate::text::clean(r, true))
        .filter(|r| !r.is_empty());
    if status == Some(Status::CannotDo) && reason.is_none() {
        problems.push(
            Field::Reason,
            "Say why it cannot be done: the reason is published with the action.",
        );
    }
    if let Some(done) = input.completed_date {
        if status.is_some_and(|s| s != Status::Done) {
            problems.push(
                Field::CompletedDate,
                "Clear the completion date, or choose “Done”: only a done action has one.",
            );
        } else if done > uk_today() {
            problems.push(
                Field::CompletedDate,
                "Enter a completion date that is today or earlier.",
            );
        }
    }
    if let Some(q) = input
        .questions
        .iter()
        .find(|q| loaded.survey.question(q).is_none())
    {
        problems.push(
            Field::Questions,
            format!("Choose questions from the list: there is no question `{q}`."),
        );
    }
    let status = status.unwrap_or(Status::Planned);
    problems.or(Checked {
        title,
        description,
        status,
        reason,
    })
}

/// Today's date in the UK, where the team works.
fn uk_today() -> NaiveDate {
    crate::uk_time::clock(Utc::now()).date_naive()
}

/// An action as pages and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActionView {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub status: Status,
    pub reason: Option<String>,
    pub public: bool,
    pub themes: Vec<Uuid>,
    pub questions: Vec<String>,
    pub target_date: Option<NaiveDate>,
    pub completed_date: Option<NaiveDate>,
    pub history: Vec<Change>,
}

/// One entry of an action's history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Change {
    pub status: Status,
    pub reason: Option<String>,
    pub by: String,
    pub at: chrono::DateTime<Utc>,
}

async fn check_themes(
    db: &Db,
    loaded: &LoadedSurvey,
    themes: &[Uuid],
) -> Result<(), WorkspaceError> {
    for id in themes {
        let found = theme::Entity::find_by_id(*id)
            .filter(theme::Column::SurveyId.eq(&loaded.survey.id))
            .one(db.conn())
            .await?;
        if found.is_none() {
            let message = format!("Choose themes from the list: there is no theme {id}.");
            return Err(Problems::from(super::problems::Problem {
                field: Field::Themes,
                message,
            })
            .into());
        }
    }
    Ok(())
}

async fn write_links(
    conn: &impl ConnectionTrait,
    id: Uuid,
    input: &ActionInput,
) -> Result<(), sea_orm::DbErr> {
    action_link::Entity::delete_many()
        .filter(action_link::Column::ActionId.eq(id))
        .exec(conn)
        .await?;
    let mut links: Vec<action_link::ActiveModel> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for t in &input.themes {
        if seen.insert(("theme", t.to_string())) {
            links.push(action_link::ActiveModel {
                action_id: Set(id),
                kind: Set("theme".to_owned()),
                target: Set(t.to_string()),
            });
        }
    }
    for q in &input.questions {
        if seen.insert(("question", q.clone())) {
            links.push(action_link::ActiveModel {
                action_id: Set(id),
                kind: Set("question".to_owned()),
                target: Set(q.clone()),
            });
        }
    }
    if !links.is_empty() {
        action_link::Entity::insert_many(links)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

async fn record_change(
    conn: &impl ConnectionTrait,
    id: Uuid,
    c: &Checked,
    actor: &str,
) -> Result<(), sea_orm::DbErr> {
    action_change::Entity::insert(action_change::ActiveModel {
        id: Set(Uuid::now_v7()),
        action_id: Set(id),
        status: Set(c.status.as_str().to_owned()),
        reason: Set(c.reason.clone()),
        changed_by: Set(actor.to_owned()),
        changed_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Records a new action.
pub async fn create(
    db: &Db,
    loaded: &LoadedSurvey,
    input: &ActionInput,
    actor: &str,
) -> Result<Uuid, WorkspaceError> {
    let c = check(input, loaded)?;
    check_themes(db, loaded, &input.themes).await?;
    let id = Uuid::now_v7();
    let now = Utc::now();
    let txn = db.begin_write().await?;
    action::Entity::insert(action::ActiveModel {
        id: Set(id),
        survey_id: Set(loaded.survey.id.clone()),
        title: Set(c.title.clone()),
        description: Set(c.description.clone()),
        status: Set(c.status.as_str().to_owned()),
        reason: Set(c.reason.clone()),
        is_public: Set(input.public),
        target_date: Set(input.target_date),
        completed_date: Set(input.completed_date),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    write_links(&txn, id, input).await?;
    record_change(&txn, id, &c, actor).await?;
    audit::record(
        &txn,
        actor,
        "action.create",
        serde_json::json!({"survey": loaded.survey.id, "action": id, "status": c.status}),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Changes an action; a new status (or reason) is added to its history and audited.
pub async fn update(
    db: &Db,
    loaded: &LoadedSurvey,
    id: Uuid,
    input: &ActionInput,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let c = check(input, loaded)?;
    check_themes(db, loaded, &input.themes).await?;
    let current = action::Entity::find_by_id(id)
        .filter(action::Column::SurveyId.eq(&loaded.survey.id))
        .one(db.conn())
        .await?
        .ok_or(WorkspaceError::NotFound)?;
    let txn = db.begin_write().await?;
    action::Entity::update(action::ActiveModel {
        id: Set(id),
        title: Set(c.title.clone()),
        description: Set(c.description.clone()),
        status: Set(c.status.as_str().to_owned()),
        reason: Set(c.reason.clone()),
        is_public: Set(input.public),
        target_date: Set(input.target_date),
        completed_date: Set(input.completed_date),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    write_links(&txn, id, input).await?;
    if current.status != c.status.as_str() || current.reason != c.reason {
        record_change(&txn, id, &c, actor).await?;
        audit::record(
            &txn,
            actor,
            "action.status",
            serde_json::json!({"survey": loaded.survey.id, "action": id, "from": current.status, "to": c.status}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Every action of the survey, newest first, with links and history.
pub async fn list(db: &Db, loaded: &LoadedSurvey) -> Result<Vec<ActionView>, WorkspaceError> {
    let actions = action::Entity::find()
        .filter(action::Column::SurveyId.eq(&loaded.survey.id))
        .order_by_desc(action::Column::CreatedAt)
        .all(db.conn())
        .await?;
    let ids: Vec<Uuid> = actions.iter().map(|a| a.id).collect();
    let links = action_link::Entity::find()
        .filter(action_link::Column::ActionId.is_in(ids.clone()))
        .all(db.conn())
        .await?;
    let history = action_change::Entity::find()
        .filter(action_change::Column::ActionId.is_in(ids))
        .order_by_asc(action_change::Column::ChangedAt)
        .all(db.conn())
        .await?;
    Ok(actions
        .into_iter()
        .map(|a| ActionView {
            themes: links
                .iter()
                .filter(|l| l.action_id == a.id && l.kind == "theme")
                .filter_map(|l| Uuid::parse_str(&l.target).ok())
                .collect(),
            questions: links
                .iter()
                .filter(|l| l.action_id == a.id && l.kind == "question")
                .map(|l| l.target.clone())
                .collect(),
            history: history
                .iter()
                .filter(|h| h.action_id == a.id)
                .map(|h| Change {
                    status: h.status.parse().unwrap_or(Status::Planned),
                    reason: h.reason.clone(),
                    by: h.changed_by.clone(),
                    at: h.changed_at,
                })
                .collect(),
            status: a.status.parse().unwrap_or(Status::Planned),
            id: a.id,
            title: a.title,
            description: a.description,
            reason: a.reason,
            public: a.is_public,
            target_date: a.target_date,
            completed_date: a.completed_date,
        })
        .collect())
}

/// Points an action's links at the theme another was merged into.
pub(super) async fn relink_theme(
    conn: &impl ConnectionTrait,
    from: Uuid,
    into: Uuid,
) -> Result<(), sea_orm::DbErr> {
    let moved = action_link::Entity::find()
        .filter(action_link::Column::Kind.eq("theme"))
        .filter(action_link::Column::Target.eq(from.to_string()))
        .all(conn)
        .await?;
    for link in moved {
        action_link::Entity::insert(action_link::ActiveModel {
            action_id: Set(link.action_id),
            kind: Set("theme".to_owned()),
            target: Set(into.to_string()),
        })
        .on_conflict_do_nothing_on([
            action_link::Column::ActionId,
            action_link::Column::Kind,
            action_link::Column::Target,
        ])
        .exec_without_returning(conn)
        .await?;
    }
    action_link::Entity::delete_many()
        .filter(action_link::Column::Kind.eq("theme"))
        .filter(action_link::Column::Target.eq(from.to_string()))
        .exec(conn)
        .await?;
    Ok(())
}
