//! Subscribing to a survey's summaries: the form, the confirmation link (a button, because
//! mail scanners follow links), and unsubscribing in one click (RFC 8058) or with a button.

use crate::definitions::Language;
use crate::publishing::render::html::SubscribePage;
use crate::publishing::subscribers::{self, CONFIRM_HOURS, Confirmation, SubscribeError};
use crate::web::client;
use crate::web::error::PageError;
use crate::web::page::{path_segment, render};
use crate::web::public::insert_retry_after;
use crate::web::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

/// The subscription form's fields.
#[derive(Debug, Deserialize)]
pub struct SubscribeForm {
    #[serde(default)]
    email: String,
    /// Honeypot: people leave it empty.
    #[serde(default)]
    website: String,
}

fn page(heading: &str, paragraphs: Vec<String>) -> SubscribePage {
    SubscribePage {
        root: "/".to_owned(),
        heading: heading.to_owned(),
        paragraphs,
        form_action: None,
        button: None,
        error: None,
        email: String::new(),
        back: None,
    }
}

/// The title of a survey people may subscribe to (not one still in `draft`).
fn title_of(state: &AppState, id: &str) -> Result<String, PageError> {
    state
        .survey(id)
        .filter(|l| l.survey.status != crate::definitions::Status::Draft)
        .map(|l| l.survey.title.get(Language::En).to_owned())
        .ok_or(PageError::NotFound)
}

fn form(id: &str, title: &str) -> SubscribePage {
    SubscribePage {
        form_action: Some(format!("/published/{}/subscribe", path_segment(id))),
        back: Some((
            format!("/published/{}/", path_segment(id)),
            "Published summaries".to_owned(),
        )),
        ..page(
            &format!("Get emails about {title}"),
            vec![
                "We will email you when a new “you said, we did” summary is published. First we \
                 send one email to check the address is yours."
                    .to_owned(),
            ],
        )
    }
}

/// `GET /published/{id}/subscribe`
pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let id = path.into_inner();
    let title = title_of(&state, &id)?;
    Ok(render(StatusCode::OK, &form(&id, &title)))
}

/// `POST /published/{id}/subscribe`
pub async fn subscribe(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Form<SubscribeForm>,
) -> Result<HttpResponse, PageError> {
    let id = path.into_inner();
    let title = title_of(&state, &id)?;
    if let Some(ip) = client::address(&req, state.client_ip_header.as_deref())
        && let Err(wait) = state.limiter.check(ip)
    {
        let mut response = render(
            StatusCode::TOO_MANY_REQUESTS,
            &SubscribePage {
                email: body.email.clone(),
                error: Some(
                    "Too many attempts from your connection: wait a minute and try again"
                        .to_owned(),
                ),
                ..form(&id, &title)
            },
        );
        insert_retry_after(&mut response, wait);
        return Ok(response);
    }
    let check = page(
        "Check your email",
        vec![
            format!(
                "If the address is right, we have sent it a link to confirm your subscription to {title}."
            ),
            format!(
                "The link works for {CONFIRM_HOURS} hours. Until you follow it, we send nothing else."
            ),
        ],
    );
    if !body.website.is_empty() {
        return Ok(render(StatusCode::OK, &check));
    }
    match subscribers::subscribe(&state.db, &state.site, &id, &title, &body.email).await {
        Ok(()) => Ok(render(StatusCode::OK, &check)),
        Err(SubscribeError::Email) => Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SubscribePage {
                email: body.email.clone(),
                error: Some(SubscribeError::Email.to_string()),
                ..form(&id, &title)
            },
        )),
        Err(SubscribeError::Workspace(e)) => Err(e.into()),
    }
}

/// The token of a subscription link, if it has the shape this service issues.
fn link_token(path: web::Path<String>) -> Result<String, PageError> {
    let token = path.into_inner();
    if subscribers::is_token(&token) {
        Ok(token)
    } else {
        Err(PageError::NotFound)
    }
}

/// `GET /subscriptions/{token}/confirm`: a button, so that link checkers do not subscribe anyone.
pub async fn show_confirm(path: web::Path<String>) -> Result<HttpResponse, PageError> {
    let token = link_token(path)?;
    Ok(render(
        StatusCode::OK,
        &SubscribePage {
            button: Some((
                format!("/subscriptions/{token}/confirm"),
                "Confirm subscription".to_owned(),
            )),
            ..page("Confirm your subscription", Vec::new())
        },
    ))
}

/// `POST /subscriptions/{token}/confirm`
pub async fn confirm(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let token = link_token(path)?;
    Ok(match subscribers::confirm(&state.db, &token).await? {
        Confirmation::Confirmed(survey) => render(
            StatusCode::OK,
            &SubscribePage {
                back: Some((format!("/published/{}/", path_segment(&survey)), "Published summaries".to_owned())),
                ..page(
                    "You are subscribed",
                    vec![
                        "We will email you when the next summary is published. Every email has a link to unsubscribe.".to_owned(),
                    ],
                )
            },
        ),
        Confirmation::Expired(survey) => render(
            StatusCode::GONE,
            &SubscribePage {
                back: Some((format!("/published/{}/subscribe", path_segment(&survey)), "Subscribe again".to_owned())),
                ..page(
                    "This link has expired",
                    vec![format!("Confirmation links work for {CONFIRM_HOURS} hours. Subscribe again to get a new one.")],
                )
            },
        ),
        Confirmation::Unknown => render(
            StatusCode::NOT_FOUND,
            &page(
                "This link does not work",
                vec![format!(
                    "It may be more than {CONFIRM_HOURS} hours old, or the subscription was ended. Subscribe again from the survey's published summaries."
                )],
            ),
        ),
    })
}

/// `GET /subscriptions/{token}/unsubscribe`
pub async fn show_unsubscribe(path: web::Path<String>) -> Result<HttpResponse, PageError> {
    let token = link_token(path)?;
    Ok(render(
        StatusCode::OK,
        &SubscribePage {
            button: Some((
                format!("/subscriptions/{token}/unsubscribe"),
                "Unsubscribe".to_owned(),
            )),
            ..page(
                "Unsubscribe",
                vec!["You will get no more emails about this survey.".to_owned()],
            )
        },
    ))
}

/// `POST /subscriptions/{token}/unsubscribe`: the button, and mail clients' one-click
/// unsubscribe (body `List-Unsubscribe=One-Click`). Unsubscribing twice is not an error.
pub async fn unsubscribe(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let token = link_token(path)?;
    subscribers::unsubscribe(&state.db, &token).await?;
    Ok(render(
        StatusCode::OK,
        &page(
            "You have unsubscribed",
            vec!["We have deleted your email address. You will get no more emails about this survey.".to_owned()],
        ),
    ))
}
