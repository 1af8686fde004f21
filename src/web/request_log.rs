//! One log line per request: id, method, route pattern, status, time; and the same request
//! counted in `/metrics`. Never the client's address, the query string or the body.

use crate::web::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use std::time::Instant;
use tracing::Instrument;

/// Logs and counts the request, and returns its id in `X-Request-Id` (when info logging is on).
pub async fn log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = uuid::Uuid::now_v7();
    let method = req.method().to_string();
    let started = Instant::now();
    let span = tracing::info_span!("request", request_id = %id);
    let mut res = next.call(req).instrument(span.clone()).await?;
    let status = res.status().as_u16();
    // Routing happens inside `next`, so the pattern is known only now. A pattern, never the
    // path: the metrics' labels stay a small fixed set.
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "(no route)".to_owned());
    if let Some(state) = res.request().app_data::<actix_web::web::Data<AppState>>() {
        state
            .metrics
            .request(&route, status, started.elapsed().as_secs_f64());
    }
    if !tracing::enabled!(tracing::Level::INFO) {
        return Ok(res);
    }
    span.in_scope(|| {
        tracing::info!(
            method,
            route,
            status,
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "request"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&id.to_string()) {
        res.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}
