//! `/engagement/`: the organisation's user-engagement statement, and each team's at
//! `/engagement/{team}`, each also as `.json` (and a team's as `.md`).

use crate::engagement::pages::{self, TeamMarkdown, TeamPage};
use crate::engagement::statement;
use crate::web::error::PageError;
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::WorkspaceError;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::{HttpResponse, web};
use askama::Template;

fn cached(mut response: HttpResponse) -> HttpResponse {
    response.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

fn body(content_type: &str, text: String) -> HttpResponse {
    cached(HttpResponse::Ok().content_type(content_type).body(text))
}

fn rendered(t: &impl Template) -> Result<String, PageError> {
    t.render()
        .map_err(|e| PageError::from(WorkspaceError::Corrupt(e.to_string())))
}

/// `GET /engagement/` and `GET /engagement/index.json`.
pub async fn organisation(
    state: web::Data<AppState>,
    json: bool,
) -> Result<HttpResponse, PageError> {
    let catalog = state.catalog.current();
    let page = pages::organisation(&state.db, &catalog, chrono::Utc::now(), "/", "").await?;
    if json {
        return Ok(cached(HttpResponse::Ok().json(&page)));
    }
    Ok(cached(render(StatusCode::OK, &page)))
}

/// `GET /engagement/`
pub async fn index(state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    organisation(state, false).await
}

/// `GET /engagement/{team}`, `/engagement/{team}.json`, `/engagement/{team}.md`; and the
/// organisation's `index.json`.
pub async fn team(
    state: web::Data<AppState>,
    file: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let file = file.into_inner();
    let (id, ext) = match file.rsplit_once('.') {
        Some((id, ext @ ("json" | "md"))) => (id.to_owned(), Some(ext)),
        _ => (file.clone(), None),
    };
    if id == "index" && ext == Some("json") {
        return organisation(state, true).await;
    }
    let catalog = state.catalog.current();
    let s = statement::team(&state.db, &catalog, &state.site, &id, chrono::Utc::now())
        .await?
        .ok_or(PageError::NotFound)?;
    Ok(match ext {
        Some("json") => cached(HttpResponse::Ok().json(&s)),
        Some(_) => body(
            "text/markdown; charset=utf-8",
            rendered(&TeamMarkdown { s: &s })?,
        ),
        None => cached(render(
            StatusCode::OK,
            &TeamPage {
                s: &s,
                root: "/",
                ext: "",
            },
        )),
    })
}
