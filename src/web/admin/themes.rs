//! Themes in the browser: counts, create, rename, merge, delete, and word suggestions.

use super::form_errors::{FieldError, FormErrors};
use super::guard::Producer;
use super::{AdminError, Form, see_other, survey_for};
use crate::auth::Role;
use crate::definitions::{Language, LoadedSurvey};
use crate::period::Period;
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::WorkspaceError;
use crate::workspace::problems::{Field, Problem, Problems};
use crate::workspace::suggest::Suggestion;
use crate::workspace::themes::{self, ThemeCounts};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "admin/themes.html")]
struct ThemesPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    survey_id: &'a str,
    survey_title: &'a str,
    tab: &'a str,
    themes: Vec<ThemeCounts>,
    periods: Vec<String>,
    suggestions: Vec<Suggestion>,
    /// Changes not yet counted in the suggestions.
    pending: u64,
    can_edit: bool,
    errors: FormErrors,
    /// The refused form: `None` for a new theme, or the theme whose change was refused.
    refused: Option<Option<Uuid>>,
    /// The name as typed in the refused form.
    typed_name: String,
    /// Themes marked as gaps in the data.
    gaps: std::collections::HashSet<Uuid>,
}

impl ThemesPage<'_> {
    /// Whether theme `id` is marked as a gap in the data.
    fn is_gap(&self, id: &Uuid) -> bool {
        self.gaps.contains(id)
    }

    /// The problem with `field` of the new-theme form.
    fn new_error(&self, field: &str) -> Option<&FieldError> {
        self.error_in(None, field)
    }

    /// The problem with `field` of theme `id`'s forms.
    fn row_error(&self, id: &Uuid, field: &str) -> Option<&FieldError> {
        self.error_in(Some(*id), field)
    }

    fn error_in(&self, form: Option<Uuid>, field: &str) -> Option<&FieldError> {
        (self.refused == Some(form))
            .then(|| self.errors.get(field))
            .flatten()
    }

    /// Whether theme `id`'s change was refused, so its forms stay open.
    fn is_refused(&self, id: &Uuid) -> bool {
        self.refused == Some(Some(*id))
    }
}

/// A refused theme form: which one, the name typed, and what is wrong.
struct Refusal {
    theme: Option<Uuid>,
    name: String,
    problems: Problems,
    status: StatusCode,
}

/// The current quarter and the three before it.
pub fn recent_quarters() -> Vec<Period> {
    let mut p = Period::quarter_of(chrono::Utc::now());
    let mut out = Vec::new();
    for _ in 0..4 {
        out.push(p);
        p = p.previous();
    }
    out
}

async fn page(
    state: &AppState,
    producer: &Producer,
    loaded: &LoadedSurvey,
    role: Role,
    refusal: Option<Refusal>,
) -> Result<HttpResponse, AdminError> {
    let periods = recent_quarters();
    let (status, refused, typed_name, errors) = match refusal {
        None => (StatusCode::OK, None, String::new(), FormErrors::default()),
        Some(r) => {
            let form = r.theme.map_or_else(|| "new".to_owned(), |t| t.to_string());
            let errors = FormErrors::new(r.problems, |field| match (r.theme, field) {
                (None, _) => "new-name".to_owned(),
                (Some(_), Field::Into) => format!("merge-{form}"),
                (Some(_), _) => format!("rename-{form}"),
            });
            (r.status, Some(r.theme), r.name, errors)
        }
    };
    let suggested = themes::suggestions(&state.db, loaded, 30).await?;
    let page = ThemesPage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        survey_id: &loaded.survey.id,
        survey_title: loaded.survey.title.get(Language::En),
        tab: "themes",
        themes: themes::list(&state.db, loaded, &periods).await?,
        periods: periods.iter().map(ToString::to_string).collect(),
        suggestions: suggested.items,
        pending: suggested.pending,
        can_edit: role >= Role::Editor,
        errors,
        refused,
        typed_name,
        gaps: crate::workspace::needs::gaps(&state.db).await?,
    };
    Ok(render(status, &page))
}

/// `GET /admin/surveys/{id}/themes`
pub async fn list(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let (loaded, role) = survey_for(&state, &producer, &id, Role::Viewer)?;
    page(&state, &producer, &loaded, role, None)
        .await
        .map_err(|e| e.signed(&producer))
}

/// The page again when `result` is a problem the producer can correct in the form of `theme`
/// (`None`: the new-theme form); a name already taken is a conflict, 409.
async fn shown_again(
    state: &AppState,
    producer: &Producer,
    id: &str,
    theme: Option<Uuid>,
    name: &str,
    result: Result<(), WorkspaceError>,
) -> Result<HttpResponse, AdminError> {
    let (problems, status) = match result {
        Ok(()) => return Ok(see_other(format!("/admin/surveys/{id}/themes"))),
        Err(WorkspaceError::Refused(p)) => (p, StatusCode::UNPROCESSABLE_ENTITY),
        Err(WorkspaceError::Conflict(m)) => (
            Problems::from(Problem {
                field: Field::Name,
                message: m,
            }),
            StatusCode::CONFLICT,
        ),
        Err(e) => return Err(e.into()),
    };
    let (loaded, role) = survey_for(state, producer, id, Role::Editor)?;
    let refusal = Refusal {
        theme,
        name: name.to_owned(),
        problems,
        status,
    };
    page(state, producer, &loaded, role, Some(refusal)).await
}

/// `POST /admin/surveys/{id}/themes`
pub async fn create(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let form = Form::read(&req, &producer, body, 4_096).await?;
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Editor)?;
    let name = form.get("name").unwrap_or_default();
    let created = themes::create(&state.db, &loaded, name).await.map(|_| ());
    shown_again(&state, &producer, &id, None, name, created)
        .await
        .map_err(|e| e.signed(&producer))
}

/// `POST /admin/surveys/{id}/themes/{tid}/{rename|merge|delete}`
pub async fn change(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String, String)>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let (id, tid, change) = path.into_inner();
    let form = Form::read(&req, &producer, body, 4_096).await?;
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Editor)?;
    let tid = Uuid::parse_str(&tid).map_err(|_| AdminError::NotFound)?;
    let actor = &producer.principal.actor;
    let name = form.get("name").unwrap_or_default();
    let changed = match change.as_str() {
        "rename" => themes::rename(&state.db, &loaded, tid, name).await,
        "merge" => match form.get("into").and_then(|v| Uuid::parse_str(v).ok()) {
            Some(into) => themes::merge(&state.db, &loaded, tid, into, actor)
                .await
                .map(|_| ()),
            None => Err(Problems::from(Problem {
                field: Field::Into,
                message: "Choose a theme to merge into.".to_owned(),
            })
            .into()),
        },
        "delete" => themes::delete(&state.db, &loaded, tid, actor).await,
        "gap" => {
            let gap = form.get("gap") == Some("1");
            crate::workspace::needs::set_gap(&state.db, &loaded, tid, gap, actor).await
        }
        _ => return Err(AdminError::NotFound),
    };
    shown_again(&state, &producer, &id, Some(tid), name, changed)
        .await
        .map_err(|e| e.signed(&producer))
}
