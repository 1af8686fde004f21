//! Every failure a web request can meet, mapped to an HTTP status once.
//!
//! What users read is in `Display` and the templates; the detail for operators goes to the log,
//! and never contains answers, emails or addresses.

use super::page::{MessagePage, Page, render};
use crate::definitions::Language;
use crate::i18n::{Msg, t};
use crate::intake::{FieldError, IntakeError};
use crate::workspace::WorkspaceError;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

/// The status an intake failure answers with, for pages and the API alike.
pub fn intake_status(err: &IntakeError) -> StatusCode {
    match err {
        IntakeError::Invalid(..) | IntakeError::IdempotencyMismatch => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        IntakeError::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// The one table from domain errors to HTTP statuses: public pages, the JSON API and the
/// workspace all answer a domain error with the status this gives.
pub fn status_of(err: &WorkspaceError) -> StatusCode {
    match err {
        WorkspaceError::Invalid(_) | WorkspaceError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
        WorkspaceError::NotFound => StatusCode::NOT_FOUND,
        WorkspaceError::Conflict(_) => StatusCode::CONFLICT,
        WorkspaceError::Corrupt(_) => StatusCode::INTERNAL_SERVER_ERROR,
        WorkspaceError::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// Logs what operators need of a domain error, once, wherever it is answered; the detail of
/// a fault never reaches the user.
pub fn log_domain(err: &WorkspaceError) {
    match err {
        WorkspaceError::Storage(e) => tracing::error!(error = %e.0, "storage failed"),
        WorkspaceError::Corrupt(detail) => {
            tracing::error!(%detail, "stored data could not be used")
        }
        _ => {}
    }
}

/// A failure shown as an HTML page.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("no such survey")]
    NotFound,
    #[error("the survey has closed")]
    Closed { lang: Language, title: String },
    #[error("the answers are too large")]
    TooLarge { lang: Language },
    #[error("the service cannot reach its database")]
    Unavailable,
    /// Any other domain error, with the status the one table gives it.
    #[error("{message}")]
    Domain { status: StatusCode, message: String },
}

impl From<WorkspaceError> for PageError {
    fn from(e: WorkspaceError) -> Self {
        log_domain(&e);
        match status_of(&e) {
            StatusCode::NOT_FOUND => PageError::NotFound,
            StatusCode::SERVICE_UNAVAILABLE => PageError::Unavailable,
            status => PageError::Domain {
                status,
                message: e.to_string(),
            },
        }
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Closed { .. } => StatusCode::GONE,
            PageError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            PageError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            PageError::Domain { status, .. } => *status,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (lang, title, body) = match self {
            PageError::NotFound => (
                Language::En,
                t(Language::En, Msg::NotFoundTitle).to_owned(),
                vec![t(Language::En, Msg::NotFoundBody).to_owned()],
            ),
            PageError::Closed { lang, title } => (
                *lang,
                t(*lang, Msg::ClosedTitle).to_owned(),
                vec![title.clone(), t(*lang, Msg::ClosedBody).to_owned()],
            ),
            PageError::TooLarge { lang } => (*lang, t(*lang, Msg::TooLarge).to_owned(), Vec::new()),
            PageError::Unavailable => (
                Language::En,
                t(Language::En, Msg::Unavailable).to_owned(),
                vec!["Please try again in a few minutes.".to_owned()],
            ),
            PageError::Domain { message, .. } => (
                Language::En,
                t(Language::En, Msg::ThereIsAProblem).to_owned(),
                vec![message.clone()],
            ),
        };
        let page = MessagePage {
            page: Page::new(lang, title, false),
            success: false,
            paragraphs: body,
            links: Vec::new(),
        };
        render(self.status_code(), &page)
    }
}

/// A JSON error body: `{"error": code, "message": …, "errors": [{question, code, message}]}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    pub error: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// A failure of the JSON API.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("there is no open survey with this id")]
    NotFound,
    #[error("there is nothing at this address; see /api/v1/openapi.json")]
    NoSuchAddress,
    #[error("this survey has closed and takes no more answers")]
    Closed,
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("the request body is not valid JSON: {0}")]
    BadJson(String),
    #[error("{0}")]
    BadRequest(&'static str),
    #[error("some answers need correcting")]
    Invalid(Vec<FieldError>),
    #[error("too many submissions from this client; try again in {0} seconds")]
    TooManyRequests(u64),
    #[error("the response could not be saved just now; try again shortly")]
    Unavailable,
    #[error("your role does not allow this")]
    Forbidden,
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    Conflict(String),
    #[error(
        "something stored for this cannot be read; the service's operators can see why in its log"
    )]
    Fault,
    #[error("this address does not take {method}; it takes {allow}")]
    MethodNotAllowed { method: String, allow: &'static str },
    #[error(
        "this Idempotency-Key was already used for a different request; use a new key for new answers"
    )]
    IdempotencyMismatch,
    #[error("send the answers as JSON, with Content-Type: application/json")]
    UnsupportedMediaType,
    #[error(
        "pages on {0} may not submit answers to this survey; list the origin in the survey's embed.allowed_origins"
    )]
    ForeignOrigin(String),
}

impl ApiError {
    /// A body that is not JSON at all is 400; JSON of the wrong shape (a missing field, a
    /// string for a number) is 422, like any other answer that needs correcting.
    pub fn from_json(e: &serde_json::Error) -> Self {
        match e.classify() {
            serde_json::error::Category::Data => {
                ApiError::Unprocessable(format!("the request body does not fit its schema: {e}"))
            }
            _ => ApiError::BadJson(e.to_string()),
        }
    }
}

impl From<crate::auth::Denied> for ApiError {
    fn from(d: crate::auth::Denied) -> Self {
        match d {
            crate::auth::Denied::NotFound => ApiError::NotFound,
            crate::auth::Denied::Forbidden => ApiError::Forbidden,
        }
    }
}

impl From<WorkspaceError> for ApiError {
    fn from(e: WorkspaceError) -> Self {
        log_domain(&e);
        match status_of(&e) {
            StatusCode::NOT_FOUND => ApiError::NotFound,
            StatusCode::SERVICE_UNAVAILABLE => ApiError::Unavailable,
            StatusCode::CONFLICT => ApiError::Conflict(e.to_string()),
            StatusCode::UNPROCESSABLE_ENTITY => ApiError::Unprocessable(e.to_string()),
            _ => ApiError::Fault,
        }
    }
}

impl From<IntakeError> for ApiError {
    fn from(err: IntakeError) -> Self {
        match err {
            IntakeError::Invalid(problems, lang) => ApiError::Invalid(problems.in_language(lang).0),
            IntakeError::Storage(_) => ApiError::Unavailable,
            IntakeError::IdempotencyMismatch => ApiError::IdempotencyMismatch,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::NotFound | ApiError::NoSuchAddress => StatusCode::NOT_FOUND,
            ApiError::Closed => StatusCode::GONE,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BadJson(_) | ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::Unprocessable(_) | ApiError::IdempotencyMismatch => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::ForeignOrigin(_) => StatusCode::FORBIDDEN,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Fault => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let code = match self {
            ApiError::NotFound | ApiError::NoSuchAddress => "not_found",
            ApiError::Closed => "closed",
            ApiError::TooLarge(_) => "too_large",
            ApiError::BadJson(_) => "invalid_json",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Invalid(_) => "invalid_answers",
            ApiError::TooManyRequests(_) => "rate_limited",
            ApiError::Unavailable => "unavailable",
            ApiError::Forbidden => "forbidden",
            ApiError::Unprocessable(_) => "invalid",
            ApiError::IdempotencyMismatch => "idempotency_mismatch",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::ForeignOrigin(_) => "foreign_origin",
            ApiError::Conflict(_) => "conflict",
            ApiError::Fault => "fault",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
        };
        let errors = match self {
            ApiError::Invalid(errors) => errors.clone(),
            _ => Vec::new(),
        };
        let mut response = HttpResponse::build(self.status_code()).json(ApiErrorBody {
            error: code,
            message: self.to_string(),
            errors,
        });
        let retry = match self {
            ApiError::TooManyRequests(s) => Some(*s),
            ApiError::Unavailable => Some(30),
            _ => None,
        };
        if let Some(seconds) = retry {
            super::public::insert_retry_after(&mut response, seconds);
        }
        if let ApiError::MethodNotAllowed { allow, .. } = self {
            response.headers_mut().insert(
                actix_web::http::header::ALLOW,
                actix_web::http::header::HeaderValue::from_static(allow),
            );
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::WorkspaceError;

    #[test]
    fn one_table_gives_every_domain_error_its_status_on_pages_the_api_and_the_workspace() {
        let cases: [(fn() -> WorkspaceError, u16); 4] = [
            (|| WorkspaceError::Invalid("x".into()), 422),
            (|| WorkspaceError::NotFound, 404),
            (|| WorkspaceError::Conflict("x".into()), 409),
            (|| WorkspaceError::Corrupt("detail".into()), 500),
        ];
        for (make, want) in cases {
            let err = make();
            assert_eq!(status_of(&err).as_u16(), want, "{err:?}");
            let page = PageError::from(make());
            let api = ApiError::from(make());
            let admin = crate::web::admin::AdminError::from(make());
            assert_eq!(page.status_code().as_u16(), want, "page {err:?}");
            assert_eq!(api.status_code().as_u16(), want, "api {err:?}");
            assert_eq!(admin.status_code().as_u16(), want, "admin {err:?}");
            assert!(
                !admin.to_string().contains("detail"),
                "a fault's detail stays in the log"
            );
        }
    }
}
