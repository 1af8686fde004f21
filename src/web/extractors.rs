//! Clear answers when a query string or form cannot be read, instead of actix's plain text.

use super::error::ApiError;
use actix_web::error::{Error, InternalError};
use actix_web::http::StatusCode;
use actix_web::web::{FormConfig, QueryConfig};
use actix_web::{HttpRequest, HttpResponse, ResponseError};

fn refuse(problem: String, req: &HttpRequest) -> Error {
    let response = if req.path().starts_with("/api/") {
        ApiError::Unprocessable(problem.clone()).error_response()
    } else {
        HttpResponse::build(StatusCode::BAD_REQUEST)
            .content_type("text/plain; charset=utf-8")
            .body(format!(
                "This address or form could not be read: {problem}. Go back and try again."
            ))
    };
    InternalError::from_response(problem, response).into()
}

/// For `web::Query<T>`: names the parameter that could not be read.
pub fn query_config() -> QueryConfig {
    QueryConfig::default().error_handler(|err, req| refuse(format!("{err}"), req))
}

/// For `web::Form<T>`.
pub fn form_config() -> FormConfig {
    FormConfig::default()
        .limit(16_384)
        .error_handler(|err, req| refuse(format!("{err}"), req))
}
