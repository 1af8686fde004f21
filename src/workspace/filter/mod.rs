//! Which responses a producer asks for: the filters of the list, the exports and the API,
//! checked and turned into one query.

use super::WorkspaceError;
use super::problems::{Field, Problem, Problems};
use super::search::Search;
use crate::definitions::LoadedSurvey;
use crate::period::Period;
use crate::storage::entities::response::ResponseStatus;
use crate::storage::entities::{answer, answer_theme, response};
use sea_orm::sea_query::{DynIden, Expr, ExprTrait, IntoIden, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, DbBackend, EntityTrait, QueryFilter, Select};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

mod total;

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
    /// Only responses given on this page (origin and path, as recorded).
    #[param(pattern = r"^[^\x00]*$")]
    pub on_page: Option<String>,
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
pub const STATUSES: [&str; 3] = [
    ResponseStatus::Ok.as_str(),
    ResponseStatus::Spam.as_str(),
    ResponseStatus::SuspectedBot.as_str(),
];

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

/// A subquery over `table` for the response the outer query is on. `EXISTS` of it lets the
/// database walk responses in the list's order and stop once it has a page, instead of first
/// collecting every response that matches.
pub(super) fn of_this_response(table: DynIden, column: DynIden) -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(table.clone())
        .and_where(Expr::col((table, column)).equals((response::Entity, response::Column::Id)))
        .to_owned()
}

fn answers_of_this_response(question: &str) -> SelectStatement {
    of_this_response(
        answer::Entity.into_iden(),
        answer::Column::ResponseId.into_iden(),
    )
    .and_where(answer::Column::Question.eq(question))
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
            (Field::OnPage, &self.on_page),
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

    /// The query these filters describe, for `survey` on `backend`.
    pub fn select(
        &self,
        loaded: &LoadedSurvey,
        backend: DbBackend,
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
            let sub = answers_of_this_response(&question)
                .and_where(answer::Column::Value.eq(value))
                .to_owned();
            cond = cond.add(Expr::exists(sub));
        }
        if let Some(theme) = exact(&self.theme) {
            let id = Self::theme_id(theme)?;
            let sub = of_this_response(
                answer_theme::Entity.into_iden(),
                answer_theme::Column::ResponseId.into_iden(),
            )
            .and_where(answer_theme::Column::ThemeId.eq(id))
            .to_owned();
            cond = cond.add(Expr::exists(sub));
        }
        // An unknown question was answered by nobody: no error, no responses.
        if let Some(question) = blank(&self.question) {
            cond = cond.add(Expr::exists(answers_of_this_response(question)));
        }
        if let Some(words) = blank(&self.q) {
            let search = Search::parse(words);
            cond = cond.add(if search.is_empty() {
                // Only punctuation: no word to find, so no answer has it.
                Expr::val(1).eq(0)
            } else {
                search.condition(backend)
            });
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
        if let Some(page) = exact(&self.on_page) {
            cond = cond.add(response::Column::Page.eq(page));
        }
        if self.has_nul() {
            let nothing = Condition::all()
                .add(response::Column::SurveyId.eq(&survey.id))
                .add(Expr::val(1).eq(0));
            return Ok(response::Entity::find().filter(nothing));
        }
        Ok(response::Entity::find().filter(cond))
    }

    /// Stored answers never hold a NUL (intake drops control characters), and PostgreSQL
    /// refuses one in a query: a filter with one matches nothing, on either database.
    fn has_nul(&self) -> bool {
        [&self.user_type, &self.question, &self.q, &self.on_page]
            .iter()
            .any(|w| w.as_deref().is_some_and(|w| w.contains('\0')))
    }

    /// The theme id asked for, read as a hyphenated UUID.
    fn theme_id(theme: &str) -> Result<Uuid, WorkspaceError> {
        Some(theme)
            .filter(|t| t.len() == 36)
            .and_then(|t| Uuid::parse_str(t).ok())
            .ok_or_else(|| {
                refused(
                    Field::Theme,
                    format!("Choose a theme from the list: `{theme}` is not a theme id."),
                )
            })
    }
}
