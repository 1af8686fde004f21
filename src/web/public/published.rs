//! Published summaries: the index of periods, each period as HTML, Markdown, JSON and CSV, its
//! earlier revisions, and the Atom feeds. Only published revisions are ever served here.

use crate::period::Period;
use crate::publishing::drafts::{self, Published};
use crate::publishing::published::{self, Names};
use crate::publishing::render::atom;
use crate::publishing::render::formats::Format;
use crate::publishing::render::html::{IndexPage, Mode, PeriodPage};
use crate::web::error::PageError;
use crate::web::page::{path_segment, render};
use crate::web::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

const CACHE: (&str, &str) = ("Cache-Control", "public, max-age=300");

fn text(content_type: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(CACHE)
        .body(body)
}

fn html(page: &impl Template) -> HttpResponse {
    let mut response = render(StatusCode::OK, page);
    response.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("public, max-age=300"),
    );
    response
}

/// The survey's names, from its definition or what was published; none while it is not public.
fn names(state: &AppState, id: &str, list: &[Published]) -> Option<Names> {
    published::names(state.survey(id).as_deref(), id, list)
}

/// `GET /published/{id}`: to the index, with its trailing slash.
pub async fn to_index(path: web::Path<String>) -> Result<HttpResponse, PageError> {
    if !crate::definitions::is_slug(&path) {
        return Err(PageError::NotFound);
    }
    Ok(HttpResponse::MovedPermanently()
        .insert_header((
            "Location",
            format!("/published/{}/", path_segment(&path.into_inner())),
        ))
        .finish())
}

/// `GET /published/{id}/`: every published period, newest first.
pub async fn index(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let id = path.into_inner();
    let list = drafts::all_published(&state.db, Some(&id)).await?;
    let names = names(&state, &id, &list).ok_or(PageError::NotFound)?;
    Ok(html(&IndexPage::new(
        &state.site,
        &id,
        &names.title,
        &list,
        Mode::Live,
    )))
}

/// `GET /published/feed.atom`: every survey's publications.
pub async fn instance_feed(state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let list = drafts::all_published(&state.db, None).await?;
    feed_response(&atom::feed(&state.site, None, &list))
}

fn feed_response(feed: &atom::Feed) -> Result<HttpResponse, PageError> {
    let body = feed.render().map_err(|e| {
        tracing::error!(error = %e, "feed failed to render");
        PageError::Unavailable
    })?;
    Ok(text("application/atom+xml; charset=utf-8", body))
}

/// `GET /published/{id}/{file}`: `feed.atom`, or a period as `2026-Q3` (HTML), `.html`, `.md`,
/// `.json` or `.csv`.
pub async fn file(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, file) = path.into_inner();
    if file == "feed.atom" {
        let list = drafts::all_published(&state.db, Some(&id)).await?;
        let names = names(&state, &id, &list).ok_or(PageError::NotFound)?;
        let survey = Some((id.as_str(), names.title.as_str(), names.owner.as_str()));
        return feed_response(&atom::feed(&state.site, survey, &list));
    }
    let (stem, format) = match file.rsplit_once('.') {
        Some((stem, "html")) => (stem, None),
        Some((stem, ext)) if Format::from_ext(ext).is_some() => (stem, Format::from_ext(ext)),
        _ => (file.as_str(), None),
    };
    let period: Period = stem.parse().map_err(|_| PageError::NotFound)?;
    let p = drafts::published(&state.db, &id, period, None)
        .await?
        .ok_or(PageError::NotFound)?;
    Ok(match format {
        Some(format) => {
            let body = format
                .render(&p, &state.site.period(&id, period))
                .map_err(|e| {
                    tracing::error!(error = %e, "a published format failed to render");
                    PageError::Unavailable
                })?;
            let mut response = HttpResponse::Ok();
            response
                .content_type(format.content_type())
                .insert_header(CACHE);
            if format == Format::Csv {
                response.insert_header((
                    "Content-Disposition",
                    format!("inline; filename=\"{id}-{period}.csv\""),
                ));
            }
            response.body(body)
        }
        None => html(&PeriodPage::new(
            &state.site,
            &p.summary,
            Some(&p),
            false,
            Mode::Live,
        )),
    })
}

/// `GET /published/{id}/{period}/revisions/{n}`: an earlier revision, as it was published.
pub async fn revision(
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, period, n) = path.into_inner();
    let period: Period = period.parse().map_err(|_| PageError::NotFound)?;
    let n: i32 = n
        .trim_end_matches(".html")
        .parse()
        .map_err(|_| PageError::NotFound)?;
    let p = drafts::published(&state.db, &id, period, Some(n))
        .await?
        .ok_or(PageError::NotFound)?;
    if p.revisions
        .first()
        .is_some_and(|(newest, _, _)| *newest == n)
    {
        // The newest revision lives at the period's own address.
        return Ok(HttpResponse::SeeOther()
            .insert_header((
                "Location",
                format!("/published/{}/{period}", path_segment(&id)),
            ))
            .finish());
    }
    Ok(html(&PeriodPage::new(
        &state.site,
        &p.summary,
        Some(&p),
        true,
        Mode::Live,
    )))
}
