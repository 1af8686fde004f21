//! Finding responses: filters, pages, one response in full, and marking spam.

use super::WorkspaceError;
use super::problems::{Field, Problem, Problems};
use crate::definitions::{Kind, Language, LoadedSurvey, OTHER};
use crate::period::Period;
use crate::storage::Db;
use crate::storage::entities::{answer, answer_theme, response, survey_version};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// Responses per page.
pub const PAGE_SIZE: u64 = 50;

/// The highest page number a listing takes; far beyond any survey's responses.
pub const MAX_PAGE: u64 = 100_000;

/// Filters as they arrive in a query string.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    /// `2026-Q3`, `2026-09` or `2026`.
    #[param(schema_with = period_schema)]
    pub period: Option<String>,
    /// A value of the survey's `user_types` question.
    #[param(pattern = r"^[^\x00]*$")]
    pub user_type: Option<String>,
    /// A theme id.
    #[param(schema_with = theme_schema)]
    pub theme: Option<String>,
    /// Only responses that answered this question.
    #[param(pattern = r"^[^\x00]*$")]
    pub question: Option<String>,
    /// Words to find in free-text answers (a NUL is refused with 422).
    #[param(pattern = r"^[^\x00]*$")]
    pub q: Option<String>,
    /// `ok`, `spam` or `suspected_bot`.
    #[param(schema_with = status_schema)]
    pub status: Option<String>,
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 100_000)]
    pub page: Option<u64>,
}

// An empty value is documented because the workspace's filter form sends empty fields, and it
// means "any".
fn period_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::Type::String)
        .pattern(Some(format!("({})|^$", crate::period::PATTERN)))
        .build()
}

fn theme_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::Type::String)
        .pattern(Some(UUID_PATTERN))
        .build()
}

fn status_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::Type::String)
        .enum_values(Some(std::iter::once("").chain(STATUSES)))
        .build()
}

/// A hyphenated UUID, or nothing.
const UUID_PATTERN: &str =
    "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})?$";

/// Response statuses a producer can filter on.
pub const STATUSES: [&str; 3] = ["ok", "spam", "suspected_bot"];

/// Whether a response counts, as stored in `responses.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseStatus {
    Ok,
    Spam,
    SuspectedBot,
}

impl ResponseStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseStatus::Ok => "ok",
            ResponseStatus::Spam => "spam",
            ResponseStatus::SuspectedBot => "suspected_bot",
        }
    }

    /// How a page names it.
    pub fn label(self) -> &'static str {
        match self {
            ResponseStatus::Ok => "Counted",
            ResponseStatus::Spam => "Spam",
            ResponseStatus::SuspectedBot => "Suspected bot",
        }
    }

    /// The status stored as `stored`, if it is one.
    pub fn parse(stored: &str) -> Option<Self> {
        [Self::Ok, Self::Spam, Self::SuspectedBot]
            .into_iter()
            .find(|s| s.as_str() == stored)
    }

    /// How a page names the status stored as `stored`; one it does not know, as stored.
    pub fn label_of(stored: &str) -> &str {
        match Self::parse(stored) {
            Some(s) => s.label(),
            None => stored,
        }
    }
}

fn refused(field: Field, message: String) -> WorkspaceError {
    Problems::from(Problem { field, message }).into()
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A value that must match its documented form exactly: empty is "any", but spaces are kept
/// so that ` ok` is refused like any other undocumented value.
fn exact(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

fn answers_where(survey: &str) -> SelectStatement {
    Query::select()
        .column(answer::Column::ResponseId)
        .from(answer::Entity)
        .and_where(answer::Column::SurveyId.eq(survey))
        .to_owned()
}

impl Filter {
    /// Refuses a filter the database could not compare with, naming its parameter.
    pub fn check(&self) -> Result<(), WorkspaceError> {
        let fields = [
            (Field::Period, &self.period),
            (Field::UserType, &self.user_type),
            (Field::Theme, &self.theme),
            (Field::Question, &self.question),
            (Field::Words, &self.q),
            (Field::Status, &self.status),
        ];
        for (field, value) in fields {
            if let Err(e) =
                crate::storable::check([(field.name(), value.as_deref().unwrap_or_default())])
            {
                return Err(refused(field, e.to_string()));
            }
        }
        Ok(())
    }

    /// The period asked for, if any.
    pub fn period(&self) -> Result<Option<Period>, WorkspaceError> {
        exact(&self.period)
            .map(|p| {
                p.parse().map_err(|_| {
                    refused(
                        Field::Period,
                        format!("Enter a period like 2026-Q3, 2026-09 or 2026: `{p}` is not one."),
                    )
                })
            })
            .transpose()
    }

    /// The query these filters describe, for `survey`.
    pub fn select(
        &self,
        loaded: &LoadedSurvey,
    ) -> Result<Select<response::Entity>, WorkspaceError> {
        self.check()?;
        let survey = &loaded.survey;
        if let Some(page) = self.page
            && !(1..=MAX_PAGE).contains(&page)
        {
            return Err(refused(
                Field::Page,
                format!("Choose a page from 1 to {MAX_PAGE}: `page` is {page}."),
            ));
        }
        let mut cond = Condition::all().add(response::Column::SurveyId.eq(&survey.id));

        if let Some(period) = self.period()? {
            let (start, end) = period.bounds();
            cond = cond
                .add(response::Column::SubmittedAt.gte(start))
                .add(response::Column::SubmittedAt.lt(end));
        }
        if let Some(value) = blank(&self.user_type) {
            // A survey that does not say who respondents are has none of any type.
            let question = survey.user_types.clone().unwrap_or_default();
            let sub = answers_where(&survey.id)
                .and_where(answer::Column::Question.eq(question))
                .and_where(answer::Column::Value.eq(value))
                .to_owned();
            cond = cond.add(response::Column::Id.in_subquery(sub));
        }
        if let Some(theme) = exact(&self.theme) {
            let id = Some(theme)
                .filter(|t| t.len() == 36)
                .and_then(|t| Uuid::parse_str(t).ok())
                .ok_or_else(|| {
                    refused(
                        Field::Theme,
                        format!("Choose a theme from the list: `{theme}` is not a theme id."),
                    )
                })?;
            let sub = Query::select()
                .column(answer_theme::Column::ResponseId)
                .from(answer_theme::Entity)
                .and_where(answer_theme::Column::ThemeId.eq(id))
                .to_owned();
            cond = cond.add(response::Column::Id.in_subquery(sub));
        }
        // An unknown question was answered by nobody: no error, no responses.
        if let Some(question) = blank(&self.question) {
            let sub = answers_where(&survey.id)
                .and_where(answer::Column::Question.eq(question))
                .to_owned();
            cond = cond.add(response::Column::Id.in_subquery(sub));
        }
        if let Some(words) = blank(&self.q) {
            // LIKE is case-sensitive on PostgreSQL and not on SQLite: lower both sides.
            let escaped = words
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let sub = answers_where(&survey.id)
                .and_where(
                    Expr::expr(Func::lower(Expr::col(answer::Column::Text))).like(
                        sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\'),
                    ),
                )
                .to_owned();
            cond = cond.add(response::Column::Id.in_subquery(sub));
        }
        if let Some(status) = exact(&self.status) {
            if !STATUSES.contains(&status) {
                return Err(refused(
                    Field::Status,
                    format!("Choose a status from the list: `{status}` is not a response status."),
                ));
            }
            cond = cond.add(response::Column::Status.eq(status));
        }
        // Stored answers never hold a NUL (intake drops control characters), and PostgreSQL
        // refuses one in a query: a filter with one matches nothing, on either database.
        let words = [&self.user_type, &self.question, &self.q];
        if words
            .iter()
            .any(|w| w.as_deref().is_some_and(|w| w.contains('\0')))
        {
            let nothing = Condition::all()
                .add(response::Column::SurveyId.eq(&survey.id))
                .add(Expr::val(1).eq(0));
            return Ok(response::Entity::find().filter(nothing));
        }
        Ok(response::Entity::find().filter(cond))
    }
}

/// One answer, ready to show.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShownAnswer {
    pub question: String,
    pub label: String,
    pub text: String,
    /// Whether producers may code this answer into themes (free text, "Other" text).
    pub codable: bool,
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
    let select = filter.select(loaded)?;
    let total = select.clone().count(db.conn()).await?;
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
            text: parts.join("; "),
            codable,
        });
    }
    out
}

/// Marks a response as spam (left out of counts) or restores it.
pub async fn set_spam(
    db: &Db,
    loaded: &LoadedSurvey,
    id: Uuid,
    spam: bool,
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
            Expr::value(if spam { "spam" } else { "ok" }),
        )
        .filter(response::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    // Its day's counts changed: summaries must count that day again.
    crate::publishing::rollup::forget(
        &txn,
        &loaded.survey.id,
        crate::publishing::rollup::day_of(found.submitted_at),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Responses in a period that count (not spam, not suspected bots).
pub async fn count_in(db: &Db, survey: &str, period: Period) -> Result<u64, WorkspaceError> {
    let (start, end) = period.bounds();
    Ok(response::Entity::find()
        .filter(response::Column::SurveyId.eq(survey))
        .filter(response::Column::Status.eq("ok"))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .count(db.conn())
        .await?)
}
