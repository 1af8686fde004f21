//! Finding responses: pages of a filter, one response in full, and marking spam.

use super::WorkspaceError;
use crate::definitions::{Kind, Language, LoadedSurvey, OTHER};
use crate::period::Period;
use crate::storage::Db;
use crate::storage::entities::{answer, answer_theme, response, survey_version};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

pub use super::filter::{Filter, MAX_PAGE, PAGE_SIZE, STATUSES};
pub use super::statuses::ResponseStatus;

/// One answer, ready to show.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShownAnswer {
    pub question: String,
    pub label: String,
    /// The answer as stored, for pipelines: the option value (a list of them for multiple
    /// choice), `"yes"` or `"no"`, the number, or the text.
    #[schema(schema_with = value_schema)]
    pub value: serde_json::Value,
    /// The answer as a person reads it: option labels, "Other: …" with its text.
    pub text: String,
    /// Whether producers may code this answer into themes (free text, "Other" text).
    pub codable: bool,
}

/// A string, a number, or a list of strings.
fn value_schema() -> utoipa::openapi::Schema {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};
    let of = |kind| ObjectBuilder::new().schema_type(kind);
    Schema::OneOf(
        OneOfBuilder::new()
            .item(of(Type::String))
            .item(of(Type::Number))
            .item(ArrayBuilder::new().items(of(Type::String)))
            .build(),
    )
}

/// A theme tag on one answer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Tag {
    pub question: String,
    pub theme_id: Uuid,
    pub theme: String,
}

/// A response with its answers in question order.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShownResponse {
    pub id: Uuid,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    pub version: String,
    pub status: String,
    pub page: Option<String>,
    /// Arrived through a survey link another user shared.
    pub referred: bool,
    pub answers: Vec<ShownAnswer>,
    pub tags: Vec<Tag>,
}

/// A page of responses.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResponsePage {
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub responses: Vec<ShownResponse>,
}

/// Newest first, one page.
pub async fn list(
    db: &Db,
    loaded: &LoadedSurvey,
    filter: &Filter,
) -> Result<ResponsePage, WorkspaceError> {
    let select = filter.select(loaded, db.backend())?;
    let total = filter.total(db, loaded, select.clone()).await?;
    let pages = Ord::max(total.div_ceil(PAGE_SIZE), 1);
    let page = filter.page.unwrap_or(1).clamp(1, pages);
    let rows = select
        .order_by_desc(response::Column::SubmittedAt)
        .order_by_desc(response::Column::Id)
        .offset(page.saturating_sub(1).saturating_mul(PAGE_SIZE))
        .limit(PAGE_SIZE)
        .all(db.conn())
        .await?;
    let responses = show(db, loaded, rows).await?;
    Ok(ResponsePage {
        total,
        page,
        pages,
        responses,
    })
}

/// One response in full, with the YAML of the version it answered.
pub async fn one(
    db: &Db,
    loaded: &LoadedSurvey,
    id: Uuid,
) -> Result<(ShownResponse, String), WorkspaceError> {
    let row = response::Entity::find_by_id(id)
        .filter(response::Column::SurveyId.eq(&loaded.survey.id))
        .one(db.conn())
        .await?
        .ok_or(WorkspaceError::NotFound)?;
    let yaml = survey_version::Entity::find_by_id(row.version.clone())
        .one(db.conn())
        .await?
        .map(|v| v.yaml)
        .unwrap_or_default();
    let mut shown = show(db, loaded, vec![row]).await?;
    let response = shown.pop().ok_or(WorkspaceError::NotFound)?;
    Ok((response, yaml))
}

/// Loads answers and tags for `rows` in two queries and puts them in question order.
pub async fn show(
    db: &Db,
    loaded: &LoadedSurvey,
    rows: Vec<response::Model>,
) -> Result<Vec<ShownResponse>, WorkspaceError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let answers = answer::Entity::find()
        .filter(answer::Column::ResponseId.is_in(ids.clone()))
        .all(db.conn())
        .await?;
    let tags = answer_theme::Entity::find()
        .filter(answer_theme::Column::ResponseId.is_in(ids))
        .all(db.conn())
        .await?;
    let names: HashMap<Uuid, String> = super::themes::names(db, loaded).await?;
    let mut by_response: HashMap<Uuid, Vec<answer::Model>> = HashMap::new();
    for a in answers {
        by_response.entry(a.response_id).or_default().push(a);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let answers = by_response.remove(&r.id).unwrap_or_default();
            ShownResponse {
                answers: shown_answers(loaded, &answers),
                tags: tags
                    .iter()
                    .filter(|t| t.response_id == r.id)
                    .map(|t| Tag {
                        question: t.question.clone(),
                        theme_id: t.theme_id,
                        theme: names.get(&t.theme_id).cloned().unwrap_or_default(),
                    })
                    .collect(),
                id: r.id,
                submitted_at: r.submitted_at,
                version: r.version,
                status: r.status,
                referred: r.referred,
                page: r.page,
            }
        })
        .collect())
}

/// Answers in the order of the current definition; values it no longer knows are shown raw.
fn shown_answers(loaded: &LoadedSurvey, rows: &[answer::Model]) -> Vec<ShownAnswer> {
    let survey = &loaded.survey;
    let mut out = Vec::new();
    let mut order: Vec<&str> = survey.questions.iter().map(|q| q.id.as_str()).collect();
    for r in rows {
        if !order.contains(&r.question.as_str()) {
            order.push(&r.question);
        }
    }
    for qid in order {
        let mut values: Vec<&answer::Model> = rows.iter().filter(|r| r.question == qid).collect();
        if values.is_empty() {
            continue;
        }
        let question = survey.question(qid);
        let label = question.map_or(qid.to_owned(), |q| q.label.get(Language::En).to_owned());
        let options = question.and_then(|q| match &q.kind {
            Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options, .. } => {
                Some(options)
            }
            _ => None,
        });
        // Choices in the survey's option order, "Other" and values it no longer knows last.
        if let Some(os) = options {
            let place = |v: &answer::Model| os.iter().position(|o| o.value == v.value);
            values.sort_by_key(|v| (place(v).is_none(), place(v)));
        }
        let multiple = question.is_some_and(|q| matches!(q.kind, Kind::MultipleChoice { .. }));
        let stored: Vec<serde_json::Value> = values.iter().map(|v| stored_value(v)).collect();
        let value = match (multiple || stored.len() > 1, stored.first()) {
            (false, Some(one)) => one.clone(),
            _ => serde_json::Value::Array(stored),
        };
        let mut parts = Vec::new();
        let mut codable = false;
        for v in values {
            let text = if v.value == OTHER && options.is_some() {
                codable = true;
                format!("Other: {}", v.text.clone().unwrap_or_default())
            } else if let Some(text) = &v.text {
                codable = true;
                text.clone()
            } else {
                options
                    .and_then(|os| os.iter().find(|o| o.value == v.value))
                    .map_or(v.value.clone(), |o| o.label.get(Language::En).to_owned())
            };
            parts.push(text);
        }
        out.push(ShownAnswer {
            question: qid.to_owned(),
            label,
            value,
            text: parts.join("; "),
            codable,
        });
    }
    out
}

/// One stored row's value as JSON: a number as a number, free text as its text, otherwise the
/// stored value (an option value, `yes`/`no`).
fn stored_value(row: &answer::Model) -> serde_json::Value {
    if let Some(n) = row.number {
        // Ratings and whole numbers read as integers, as they were sent.
        if n.fract() == 0.0 && n.abs() < 9.0e15 {
            return serde_json::Value::from(n as i64);
        }
        return serde_json::Value::from(n);
    }
    match (&row.text, row.value.is_empty()) {
        (Some(text), true) => serde_json::Value::from(text.as_str()),
        _ => serde_json::Value::from(row.value.as_str()),
    }
}

/// Marks a response as spam (left out of counts) or restores it.
pub async fn set_spam(
    db: &Db,
    loaded: &LoadedSurvey,
    id: Uuid,
    spam: bool,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let txn = db.begin_write().await?;
    let found = response::Entity::find_by_id(id)
        .filter(response::Column::SurveyId.eq(&loaded.survey.id))
        .one(&txn)
        .await?
        .ok_or(WorkspaceError::NotFound)?;
    response::Entity::update_many()
        .col_expr(
            response::Column::Status,
            Expr::value(
                if spam {
                    ResponseStatus::Spam
                } else {
                    ResponseStatus::Ok
                }
                .as_str(),
            ),
        )
        .filter(response::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    // Its day's counts changed: summaries must count that day again.
    crate::counts::forget(
        &txn,
        &loaded.survey.id,
        crate::counts::day_of(found.submitted_at),
    )
    .await?;
    // In the same transaction: a change is never made without its audit entry, nor the reverse.
    crate::audit::record(
        &txn,
        actor,
        if spam {
            "response.spam"
        } else {
            "response.restore"
        },
        serde_json::json!({"survey": loaded.survey.id, "response": id}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// This quarter's responses so far beside last quarter's up to the same point, so a trend
/// compares like with like rather than part of a quarter with all of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoFar {
    pub quarter: Period,
    pub this: u64,
    pub last: u64,
    /// Where last quarter's count stops: as far into it as `now` is into this one.
    pub last_until: DateTime<Utc>,
}

/// Counts `survey`'s responses this quarter so far and last quarter to the same point.
pub async fn so_far(db: &Db, survey: &str, now: DateTime<Utc>) -> Result<SoFar, WorkspaceError> {
    let quarter = Period::quarter_of(now);
    let (start, _) = quarter.bounds();
    let (last_start, last_end) = quarter.previous().bounds();
    let last_until = last_start
        .checked_add_signed(now.signed_duration_since(start))
        .map_or(last_end, |t| t.min(last_end));
    Ok(SoFar {
        quarter,
        this: count_between(db, survey, start, now).await?,
        last: count_between(db, survey, last_start, last_until).await?,
        last_until,
    })
}

/// Responses from `start` until before `end` that count (not spam, not suspected bots).
pub async fn count_between(
    db: &Db,
    survey: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<u64, WorkspaceError> {
    Ok(response::Entity::find()
        .filter(response::Column::SurveyId.eq(survey))
        .filter(response::Column::Status.eq(ResponseStatus::Ok.as_str()))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .count(db.conn())
        .await?)
}
