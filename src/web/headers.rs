//! Security headers on every response, and the per-survey exception that lets embeds be framed.

use super::state::AppState;
use actix_web::HttpResponse;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Adds the headers every page needs, unless a handler set its own.
pub async fn secure(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    let defaults: [(HeaderName, &str); 5] = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        // Forms carry a one-off submission token: a cached copy would merge two people.
        (header::CACHE_CONTROL, "no-store"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ),
    ];
    for (name, value) in defaults {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    Ok(res)
}

/// Lets the survey's allowed origins (and the service itself) frame this response.
pub fn allow_framing(response: &mut HttpResponse, state: &AppState, survey_id: &str) {
    let origins = state
        .survey(survey_id)
        .map(|s| s.survey.allowed_origins.join(" "))
        .unwrap_or_default();
    let csp = CSP.replace(
        "frame-ancestors 'none'",
        &format!("frame-ancestors 'self' {origins}"),
    );
    if let Ok(value) = HeaderValue::from_str(csp.trim_end()) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
}
