//! After signing up: the "check your email" page, and cancelling from the emailed link (a
//! button, because mail scanners follow links), in the language the person signed up in.

use crate::definitions::Language;
use crate::i18n::{Msg, fill, t};
use crate::involvement;
use crate::web::error::PageError;
use crate::web::page::{LangQuery, MessagePage, Page, lang_query, language, path_segment, render};
use crate::web::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

/// `GET /get-involved/{team}/{id}/registered`
pub async fn registered(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, PageError> {
    let (team_id, id) = path.into_inner();
    let catalog = state.catalog.current();
    let team = catalog.team(&team_id).ok_or(PageError::NotFound)?;
    let o = team
        .opportunities
        .iter()
        .find(|o| o.id == id)
        .ok_or(PageError::NotFound)?;
    let lang = language(query.lang.as_deref(), &team.profile.languages());
    let page = MessagePage {
        page: Page::new(lang, t(lang, Msg::CheckYourEmail), false),
        success: true,
        paragraphs: vec![
            fill(lang, Msg::RegisteredBody, &[("title", o.title.get(lang))]),
            t(lang, Msg::NoEmailArrived).to_owned(),
        ],
        links: vec![(
            format!(
                "/get-involved/{}{}",
                path_segment(&team_id),
                lang_query(lang)
            ),
            t(lang, Msg::MoreWays).to_owned(),
        )],
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "involvement/cancel.html")]
struct CancelPage {
    page: Page,
    body: &'static str,
    button: &'static str,
    action: String,
}

/// The language of a cancel link: the one it was sent in.
fn asked(query: &LangQuery) -> Language {
    language(query.lang.as_deref(), &Language::ALL)
}

/// `GET /get-involved/registrations/{token}/cancel`: a button, so a mail scanner that follows
/// the link cancels nothing.
pub async fn show_cancel(token: web::Path<String>, query: web::Query<LangQuery>) -> HttpResponse {
    let lang = asked(&query);
    let page = CancelPage {
        page: Page::new(lang, t(lang, Msg::CancelTitle), false),
        body: t(lang, Msg::CancelBody),
        button: t(lang, Msg::CancelButton),
        action: format!(
            "/get-involved/registrations/{}/cancel{}",
            path_segment(&token),
            lang_query(lang)
        ),
    };
    render(StatusCode::OK, &page)
}

/// `POST /get-involved/registrations/{token}/cancel`
pub async fn cancel(
    state: web::Data<AppState>,
    token: web::Path<String>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, PageError> {
    let lang = asked(&query);
    let catalog = state.catalog.current();
    let base = state.site.base().to_owned();
    let done = if crate::publishing::subscribers::is_token(&token) {
        // The promoted person's link is in their own language, whatever this page's is.
        involvement::cancel(&state.db, &catalog, &token, |secret, their: Language| {
            format!(
                "{base}/get-involved/registrations/{secret}/cancel{}",
                lang_query(their)
            )
        })
        .await?
    } else {
        None
    };
    let body = match done {
        Some(_) => Msg::CancelledBody,
        None => Msg::LinkUsed,
    };
    let page = MessagePage {
        page: Page::new(lang, t(lang, Msg::CancelledTitle), false),
        success: true,
        paragraphs: vec![t(lang, body).to_owned()],
        links: vec![(
            format!("/get-involved/{}", lang_query(lang)),
            t(lang, Msg::WaysToGetInvolved).to_owned(),
        )],
    };
    Ok(render(StatusCode::OK, &page))
}
