//! The producer workspace in the browser: sign-in, surveys, responses, themes, actions,
//! exports and the audit log. Every state-changing form carries the session's CSRF token.

mod actions;
mod effectiveness;
mod exports;
mod form_errors;
pub(crate) mod guard;
mod involvement;
mod organisation;
mod page_feedback;
mod pages;
mod publication;
mod responses;
mod sign_off;
mod tagging;
mod themes;

use crate::auth::{Denied, Role};
use crate::definitions::LoadedSurvey;
use crate::web::state::AppState;
use crate::workspace::WorkspaceError;
use actix_web::http::StatusCode;
use actix_web::web::{self, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;
pub use exports::export_stream;
use guard::Producer;
use std::sync::Arc;
pub use themes::recent_quarters;

/// Every admin route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        web::scope("/admin")
            .route("", web::get().to(pages::overview))
            .route("/login", web::get().to(pages::show_login))
            .route("/login", web::post().to(pages::sign_in))
            .route("/logout", web::post().to(pages::sign_out))
            .route("/audit", web::get().to(pages::audit_log))
            .route("/effectiveness", web::get().to(effectiveness::show))
            .route("/organisation", web::get().to(organisation::show))
            .route("/get-involved", web::get().to(involvement::list))
            .route(
                "/get-involved/{team}/{id}",
                web::get().to(involvement::registrations),
            )
            .route(
                "/get-involved/{team}/{id}/registrations.csv",
                web::get().to(involvement::export),
            )
            .route("/effectiveness.csv", web::get().to(effectiveness::csv))
            .service(
                web::scope("/surveys/{id}")
                    .route("/responses", web::get().to(responses::list))
                    .route("/pages", web::get().to(page_feedback::show))
                    .route("/responses/{rid}", web::get().to(responses::one))
                    .route("/responses/{rid}/spam", web::post().to(responses::spam))
                    .route("/responses/{rid}/tags", web::post().to(tagging::one))
                    .route("/tags", web::post().to(tagging::many))
                    .route("/export.csv", web::get().to(exports::export_csv))
                    .route("/export.json", web::get().to(exports::export_json))
                    .route("/themes", web::get().to(themes::list))
                    .route("/themes", web::post().to(themes::create))
                    .route(
                        "/themes/{tid}/same-need",
                        web::post().to(organisation::same_need),
                    )
                    .route("/themes/{tid}/{change}", web::post().to(themes::change))
                    .route("/actions", web::get().to(actions::list))
                    .route("/actions", web::post().to(actions::create))
                    .route("/actions/{aid}", web::post().to(actions::update))
                    .route("/publication", web::get().to(publication::show))
                    .route("/publication/draft", web::post().to(publication::draft))
                    .route(
                        "/publication/{period}/preview",
                        web::get().to(publication::preview),
                    )
                    .route(
                        "/publication/{period}/publish",
                        web::get().to(sign_off::confirm),
                    )
                    .route(
                        "/publication/{period}/{decision}",
                        web::post().to(sign_off::decide),
                    )
                    .route("/quotes", web::post().to(publication::choose_quote))
                    .route("/quotes/{qid}", web::post().to(publication::review_quote)),
            ),
    );
}

/// A failure on an admin page, shown as a page with a way back.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("This page does not exist, or your teams cannot see it.")]
    NotFound,
    #[error("Your role in this survey's team does not allow this.")]
    Forbidden,
    #[error(
        "This form has expired or did not come from this site. Go back, reload the page and try again."
    )]
    Csrf,
    #[error("{0}")]
    Invalid(String),
    #[error("The service cannot reach its database just now. Try again in a minute.")]
    Unavailable,
    /// Any other domain error, with the status the one table gives it.
    #[error("{message}")]
    Domain { status: StatusCode, message: String },
    /// Any of the above for a signed-in producer, whose page keeps its header and sign-out.
    #[error("{error}")]
    Signed {
        error: Box<AdminError>,
        who: String,
        csrf: String,
    },
}

impl AdminError {
    /// This failure, shown to `producer` with their name and the sign-out button.
    pub(crate) fn signed(self, producer: &Producer) -> Self {
        match self {
            AdminError::Signed { .. } => self,
            error => AdminError::Signed {
                error: Box::new(error),
                who: producer.principal.actor.clone(),
                csrf: producer.csrf.clone(),
            },
        }
    }
}

#[derive(Template)]
#[template(path = "admin/message.html")]
struct MessagePage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    title: &'a str,
    message: String,
    back: &'a str,
}

impl ResponseError for AdminError {
    fn status_code(&self) -> StatusCode {
        match self {
            AdminError::NotFound => StatusCode::NOT_FOUND,
            AdminError::Forbidden | AdminError::Csrf => StatusCode::FORBIDDEN,
            AdminError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AdminError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AdminError::Domain { status, .. } => *status,
            AdminError::Signed { error, .. } => error.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (error, who, csrf) = match self {
            AdminError::Signed { error, who, csrf } => {
                (&**error, Some(who.as_str()), csrf.as_str())
            }
            other => (other, None, ""),
        };
        let title = match error {
            AdminError::NotFound => "Page not found",
            AdminError::Forbidden | AdminError::Csrf => "Not allowed",
            AdminError::Invalid(_) | AdminError::Domain { .. } | AdminError::Signed { .. } => {
                "There is a problem"
            }
            AdminError::Unavailable => "Sorry, there is a problem with the service",
        };
        crate::web::page::render(
            self.status_code(),
            &MessagePage {
                who,
                csrf,
                title,
                message: error.to_string(),
                back: "/admin",
            },
        )
    }
}

impl From<Denied> for AdminError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotFound => AdminError::NotFound,
            Denied::Forbidden => AdminError::Forbidden,
        }
    }
}

impl From<WorkspaceError> for AdminError {
    fn from(e: WorkspaceError) -> Self {
        crate::web::error::log_domain(&e);
        match crate::web::error::status_of(&e) {
            StatusCode::NOT_FOUND => AdminError::NotFound,
            StatusCode::SERVICE_UNAVAILABLE => AdminError::Unavailable,
            status => AdminError::Domain {
                status,
                message: e.to_string(),
            },
        }
    }
}

/// The survey `id`, if the producer holds at least `needed` in its team.
fn survey_for(
    state: &AppState,
    producer: &Producer,
    id: &str,
    needed: Role,
) -> Result<(Arc<LoadedSurvey>, Role), AdminError> {
    let loaded = state
        .survey(id)
        .ok_or_else(|| AdminError::NotFound.signed(producer))?;
    let role = producer
        .principal
        .require(&loaded.survey, needed)
        .map_err(|d| AdminError::from(d).signed(producer))?;
    Ok((loaded, role))
}

/// A posted admin form: its fields, once the CSRF token has been checked.
struct Form(Vec<(String, String)>);

impl Form {
    async fn read(
        req: &HttpRequest,
        producer: &Producer,
        body: web::Payload,
        limit: usize,
    ) -> Result<Form, AdminError> {
        Self::read_unsigned(req, producer, body, limit)
            .await
            .map_err(|e| e.signed(producer))
    }

    async fn read_unsigned(
        req: &HttpRequest,
        producer: &Producer,
        body: web::Payload,
        limit: usize,
    ) -> Result<Form, AdminError> {
        let bytes = crate::web::client::read_body(body, limit)
            .await
            .map_err(|_| AdminError::Invalid("The form is too large to send: shorten the text or select fewer comments, then try again.".to_owned()))?;
        let pairs: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
        let form = Form(pairs);
        if !guard::form_is_ours(req, producer, form.get("_csrf")) {
            return Err(AdminError::Csrf);
        }
        crate::storable::check(form.0.iter().map(|(k, v)| (k, v.as_str())))
            .map_err(|e| AdminError::Invalid(e.to_string()))?;
        Ok(form)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn uuid(&self, name: &str) -> Result<uuid::Uuid, AdminError> {
        self.get(name)
            .and_then(|v| uuid::Uuid::parse_str(v).ok())
            .ok_or_else(|| AdminError::Invalid(format!("Choose a {name}.")))
    }
}

/// Redirects after a successful POST, so reloading the page does not repeat it.
fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", location))
        .finish()
}
