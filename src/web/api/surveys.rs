//! The public JSON API: a survey's definition, and submitting answers.

use crate::definitions::{LoadedSurvey, Status};
use crate::intake::{self, Door, RawAnswers, Refusal, Way, guard};
use crate::web::client;
use crate::web::error::ApiError;
use crate::web::state::AppState;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use std::sync::Arc;

fn open(state: &AppState, id: &str) -> Result<Arc<LoadedSurvey>, ApiError> {
    let loaded = state.survey(id).ok_or(ApiError::NotFound)?;
    if loaded.survey.status == Status::Draft {
        return Err(ApiError::NotFound);
    }
    Ok(loaded)
}

/// A stored response.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Created {
    id: uuid::Uuid,
    survey: String,
    version: String,
}

/// CORS headers when the caller's origin may embed this survey.
fn cors(req: &HttpRequest, loaded: &LoadedSurvey, response: &mut HttpResponse) {
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
    else {
        return;
    };
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if loaded.survey.allowed_origins.iter().any(|o| o == origin)
        && let Ok(value) = HeaderValue::from_str(origin)
    {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
}

/// A survey as the API shows it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SurveyDocument<'a> {
    /// The definition's version: responses record it.
    version: String,
    /// Whether it takes answers today.
    open: bool,
    /// The checked definition, in the form of `docs/survey-definitions.md`.
    #[schema(value_type = Object)]
    survey: &'a crate::definitions::Survey,
}

/// The checked definition of an open or closed survey, and its version.
#[utoipa::path(get, path = "/api/v1/surveys/{id}", tag = "public", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook")),
    responses((status = 200, description = "OK", body = SurveyDocument), (status = 404, description = "No open or closed survey has this id", body = crate::web::error::ApiErrorBody)))]
pub async fn get_survey(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let loaded = open(&state, &id)?;
    let mut response = HttpResponse::Ok().json(SurveyDocument {
        version: loaded.version.to_string(),
        open: loaded.survey.is_open_on(chrono::Utc::now().date_naive()),
        survey: &loaded.survey,
    });
    cors(&req, &loaded, &mut response);
    Ok(response)
}

/// CORS preflight: lets a page on one of the survey's `embed.allowed_origins` post answers.
#[utoipa::path(options, path = "/api/v1/surveys/{id}/responses", tag = "public", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook")),
    responses((status = 204, description = "The methods and headers a page may use"), (status = 404, description = "No open or closed survey has this id", body = crate::web::error::ApiErrorBody)))]
pub async fn preflight(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let loaded = open(&state, &id)?;
    let mut response = HttpResponse::NoContent()
        .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "POST"))
        .insert_header((
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            "Content-Type, Idempotency-Key",
        ))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, "86400"))
        .finish();
    cors(&req, &loaded, &mut response);
    Ok(response)
}

/// The body of a submission.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseBody {
    answers: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

/// Submits answers: 201 with the new response's id, 200 with the same id when an
/// `Idempotency-Key` is repeated, or 422 with one `{question, code, message}` per problem.
#[utoipa::path(post, path = "/api/v1/surveys/{id}/responses", tag = "public",
    params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1 to 200 visible ASCII characters", pattern = "^[!-~]{1,200}$")),
    request_body(content = ResponseBody, description = "`answers` by question id; a value is a string, a number, a list of strings, or `{\"other\": \"...\"}`"),
    responses((status = 201, description = "Created", body = Created), (status = 200, description = "OK", body = Created), (status = 400, description = "The request is malformed", body = crate::web::error::ApiErrorBody), (status = 403, description = "A browser page whose origin the survey does not list sent this", body = crate::web::error::ApiErrorBody), (status = 404, description = "No such survey for your team", body = crate::web::error::ApiErrorBody),
        (status = 410, description = "The survey has closed", body = crate::web::error::ApiErrorBody), (status = 413, description = "The body is too large", body = crate::web::error::ApiErrorBody), (status = 415, description = "The body is not declared as application/json", body = crate::web::error::ApiErrorBody), (status = 422, description = "Something in the request needs correcting, or the Idempotency-Key was used for other answers", body = crate::web::error::ApiErrorBody),
        (status = 429, description = "Too many submissions; see Retry-After", body = crate::web::error::ApiErrorBody), (status = 503, description = "The database is unavailable; see Retry-After", body = crate::web::error::ApiErrorBody)))]
pub async fn post_response(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    use crate::metrics::{Door, Refusal};
    let result = post(&state, &id, &req, payload).await;
    let refusal = match &result {
        Ok(response) if response.status() == actix_web::http::StatusCode::CREATED => {
            state.metrics.accepted(Door::Api);
            None
        }
        // A replayed key answers with the response already stored.
        Ok(_) => None,
        Err(ApiError::TooLarge(_)) => Some(Refusal::TooLarge),
        Err(ApiError::TooManyRequests(_)) => Some(Refusal::RateLimited),
        Err(ApiError::Unavailable) => Some(Refusal::Unavailable),
        Err(ApiError::IdempotencyMismatch) => Some(Refusal::IdempotencyMismatch),
        // No survey, a closed one, or a request the API cannot read: nothing was submitted.
        Err(ApiError::NotFound | ApiError::Closed) => None,
        Err(_) => Some(Refusal::Invalid),
    };
    if let Some(why) = refusal {
        state.metrics.refused(Door::Api, why);
    }
    result
}

async fn post(
    state: &AppState,
    id: &str,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let today = chrono::Utc::now().date_naive();
    let loaded =
        intake::admit(&state.catalog.current(), id, Way::Api, today).map_err(|refusal| {
            match refusal {
                Refusal::NotFound => ApiError::NotFound,
                Refusal::Closed(_) => ApiError::Closed,
            }
        })?;
    // A form-encoded or text/plain POST needs no CORS preflight, so any web page could make
    // its visitors' browsers submit answers; JSON and a known origin are required instead.
    if !is_json(req) {
        return Err(ApiError::UnsupportedMediaType);
    }
    check_origin(state, &loaded, req)?;
    let bytes = client::read_body(payload, state.max_body)
        .await
        .map_err(|_| ApiError::TooLarge(state.max_body))?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::BadJson(e.to_string()))?;
    let fingerprint = fingerprint(&value);
    let body: ResponseBody = serde_json::from_value(value).map_err(|e| ApiError::from_json(&e))?;
    let key = req
        .headers()
        .get("Idempotency-Key")
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    let token = guard::idempotency_key(key).map_err(ApiError::BadRequest)?;
    if let Some(ip) = client::address(req, state.client_ip_header.as_deref()) {
        state.limiter.check(ip).map_err(ApiError::TooManyRequests)?;
    }
    let page = body.page.as_deref().and_then(client::embedding_page);
    let door = Door::api(token, fingerprint, page, body.lang.as_deref());
    let raw = RawAnswers::from_json(body.answers);
    let submitted = intake::submit(&state.writer, &loaded, raw, door).await?;
    let mut builder = if submitted.replayed {
        HttpResponse::Ok()
    } else {
        HttpResponse::Created()
    };
    if submitted.replayed {
        builder.insert_header(("Idempotent-Replayed", "true"));
    }
    let mut response = builder.json(Created {
        id: submitted.id,
        survey: loaded.survey.id.clone(),
        version: loaded.version.to_string(),
    });
    cors(req, &loaded, &mut response);
    Ok(response)
}

/// Whether the body is declared as JSON (`application/json` or a `+json` type).
fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .is_some_and(|v| {
            v == "application/json" || (v.starts_with("application/") && v.ends_with("+json"))
        })
}

/// Refuses a browser request from a page that is neither the service nor one of the survey's
/// embedding origins; pipelines send no `Origin` and are not affected.
fn check_origin(
    state: &AppState,
    loaded: &LoadedSurvey,
    req: &HttpRequest,
) -> Result<(), ApiError> {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().unwrap_or("an unreadable origin");
    let allowed = origin.eq_ignore_ascii_case(state.site.origin())
        || loaded.survey.allowed_origins.iter().any(|o| o == origin);
    if allowed {
        Ok(())
    } else {
        Err(ApiError::ForeignOrigin(origin.chars().take(200).collect()))
    }
}

/// A hash of the request's meaning: the same JSON with keys in any order hashes the same.
fn fingerprint(value: &serde_json::Value) -> String {
    fn canonical(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for key in keys {
                    out.push_str(&serde_json::Value::String(key.clone()).to_string());
                    out.push(':');
                    if let Some(v) = map.get(key) {
                        canonical(v, out);
                    }
                    out.push(',');
                }
                out.push('}');
            }
            serde_json::Value::Array(items) => {
                out.push('[');
                for item in items {
                    canonical(item, out);
                    out.push(',');
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut text = String::new();
    canonical(value, &mut text);
    crate::auth::hashed_secret(&text)
}
