//! `/engagement/`: the organisation's user-engagement statement, and each team's at
//! `/engagement/{team}`, each also as `.json` (and a team's as `.md`); in Welsh under
//! `/engagement/cy/` where the files are written in Welsh.

use crate::definitions::Language;
use crate::engagement::links::Links;
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

/// A language of the pages under `/engagement/{code}/`: any but English, whose pages are at
/// `/engagement/` itself.
fn other_language(code: &str) -> Result<Language, PageError> {
    Language::from_code(code)
        .filter(|l| *l != Language::En)
        .ok_or(PageError::NotFound)
}

/// The organisation's page (or with `json` its JSON) in `lang`.
async fn organisation(
    state: web::Data<AppState>,
    lang: Language,
    json: bool,
) -> Result<HttpResponse, PageError> {
    let catalog = state.catalog.current();
    let now = chrono::Utc::now();
    let page = pages::organisation(&state.db, &catalog, now, Links::web(lang), lang)
        .await?
        .ok_or(PageError::NotFound)?;
    if json {
        return Ok(cached(HttpResponse::Ok().json(&page)));
    }
    Ok(cached(render(StatusCode::OK, &page)))
}

/// `GET /engagement/`
pub async fn index(state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    organisation(state, Language::En, false).await
}

/// `GET /engagement/{lang}/`
pub async fn index_in(
    state: web::Data<AppState>,
    lang: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let lang = other_language(&lang)?;
    organisation(state, lang, false).await
}

/// `GET /engagement/{team}`, `/engagement/{team}.json`, `/engagement/{team}.md`; and the
/// organisation's `index.json`. `/engagement/cy` goes to `/engagement/cy/`.
pub async fn team(
    state: web::Data<AppState>,
    file: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let file = file.into_inner();
    if other_language(&file).is_ok() {
        return Ok(HttpResponse::PermanentRedirect()
            .insert_header(("Location", format!("/engagement/{file}/")))
            .finish());
    }
    team_page(state, Language::En, &file).await
}

/// `GET /engagement/{lang}/{team}` and its `.json` and `.md`, and `{lang}/index.json`.
pub async fn team_in(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (lang, file) = path.into_inner();
    let lang = other_language(&lang)?;
    team_page(state, lang, &file).await
}

async fn team_page(
    state: web::Data<AppState>,
    lang: Language,
    file: &str,
) -> Result<HttpResponse, PageError> {
    let (id, ext) = match file.rsplit_once('.') {
        Some((id, ext @ ("json" | "md"))) => (id.to_owned(), Some(ext)),
        _ => (file.to_owned(), None),
    };
    if id == "index" && ext == Some("json") {
        return organisation(state, lang, true).await;
    }
    let catalog = state.catalog.current();
    let now = chrono::Utc::now();
    let s = statement::team(&state.db, &catalog, &state.site, &id, now, lang)
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
            &TeamPage::new(&s, Links::web(lang), &catalog),
        )),
    })
}
