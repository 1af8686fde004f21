//! Themes in the browser: counts, create, rename, merge, delete, and word suggestions.

use super::guard::Producer;
use super::{AdminError, Form, see_other, survey_for};
use crate::auth::Role;
use crate::definitions::Language;
use crate::period::Period;
use crate::web::page::render;
use crate::web::state::AppState;
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
    can_edit: bool,
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

/// `GET /admin/surveys/{id}/themes`
pub async fn list(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let (loaded, role) = survey_for(&state, &producer, &id, Role::Viewer)?;
    let periods = recent_quarters();
    let page = ThemesPage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        survey_id: &loaded.survey.id,
        survey_title: loaded.survey.title.get(Language::En),
        tab: "themes",
        themes: themes::list(&state.db, &loaded, &periods).await?,
        periods: periods.iter().map(ToString::to_string).collect(),
        suggestions: themes::suggestions(&state.db, &loaded, 30).await?,
        can_edit: role >= Role::Editor,
    };
    Ok(render(StatusCode::OK, &page))
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
    themes::create(&state.db, &loaded, form.get("name").unwrap_or_default()).await?;
    Ok(see_other(format!("/admin/surveys/{id}/themes")))
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
    match change.as_str() {
        "rename" => {
            themes::rename(
                &state.db,
                &loaded,
                tid,
                form.get("name").unwrap_or_default(),
            )
            .await?
        }
        "merge" => {
            themes::merge(&state.db, &loaded, tid, form.uuid("into")?, actor).await?;
        }
        "delete" => themes::delete(&state.db, &loaded, tid, actor).await?,
        _ => return Err(AdminError::NotFound),
    }
    Ok(see_other(format!("/admin/surveys/{id}/themes")))
}
