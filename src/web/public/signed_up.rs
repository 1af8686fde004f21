//! After signing up: the "check your email" page, and cancelling from the emailed link (a
//! button, because mail scanners follow links).

use crate::definitions::Language;
use crate::involvement;
use crate::web::error::PageError;
use crate::web::page::{MessagePage, Page, path_segment, render};
use crate::web::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

/// `GET /get-involved/{team}/{id}/registered`
pub async fn registered(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (team_id, id) = path.into_inner();
    let catalog = state.catalog.current();
    let team = catalog.team(&team_id).ok_or(PageError::NotFound)?;
    let o = team
        .opportunities
        .iter()
        .find(|o| o.id == id)
        .ok_or(PageError::NotFound)?;
    let page = MessagePage {
        page: Page::new(Language::En, "Check your email", false),
        success: true,
        paragraphs: vec![
            format!(
                "Thank you. We have emailed you to say whether you have a place for “{}” or are \
                 on the waiting list, with a link to cancel if you cannot take part.",
                o.title.get(Language::En)
            ),
            "If no email arrives within an hour, check your spam folder.".to_owned(),
        ],
        links: vec![(
            format!("/get-involved/{}", path_segment(&team_id)),
            "More ways to get involved".to_owned(),
        )],
    };
    Ok(render(StatusCode::OK, &page))
}

fn cancel_form(token: &str) -> HttpResponse {
    let page = CancelPage {
        page: Page::new(Language::En, "Cancel your registration", false),
        action: format!("/get-involved/registrations/{}/cancel", path_segment(token)),
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "involvement/cancel.html")]
struct CancelPage {
    page: Page,
    action: String,
}

/// `GET /get-involved/registrations/{token}/cancel`: a button, so a mail scanner that follows
/// the link cancels nothing.
pub async fn show_cancel(token: web::Path<String>) -> HttpResponse {
    cancel_form(&token)
}

/// `POST /get-involved/registrations/{token}/cancel`
pub async fn cancel(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let catalog = state.catalog.current();
    let site = state.site.clone();
    let done = if crate::publishing::subscribers::is_token(&token) {
        involvement::cancel(&state.db, &catalog, &token, |secret| {
            format!("{}/get-involved/registrations/{secret}/cancel", site.base())
        })
        .await?
    } else {
        None
    };
    let paragraphs = match done {
        Some(_) => vec![
            "Your registration is cancelled and your email address deleted. If you had a \
             place, it goes to the first person on the waiting list."
                .to_owned(),
        ],
        None => vec![
            "This link has already been used, or it is not one we sent. Nothing has changed."
                .to_owned(),
        ],
    };
    let page = MessagePage {
        page: Page::new(Language::En, "Registration cancelled", false),
        success: true,
        paragraphs,
        links: vec![(
            "/get-involved/".to_owned(),
            "Ways to get involved".to_owned(),
        )],
    };
    Ok(render(StatusCode::OK, &page))
}
