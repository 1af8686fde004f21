//! `GET /metrics`: the Prometheus text format, for an operator's scraper, behind a bearer
//! token (`YOUSAID_METRICS_TOKEN`); without one set there is no such page.

use crate::metrics::Gauges;
use crate::web::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

/// `GET /metrics`
pub async fn metrics(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let Some(token) = &state.metrics_token else {
        return HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("There is no /metrics here: set YOUSAID_METRICS_TOKEN to turn it on.\n");
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Both tokens' MACs under the service key, compared in constant time.
    let expected = state.key.sign("metrics", token);
    if !state.key.verify("metrics", given, &expected) {
        return HttpResponse::Unauthorized()
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .content_type("text/plain; charset=utf-8")
            .body("Send the metrics token: Authorization: Bearer TOKEN\n");
    }
    let (open, idle, max) = state.db.pool();
    let mut gauges = Gauges {
        pool_open: Some(open),
        pool_idle: Some(idle),
        pool_max: Some(max),
        ..Gauges::default()
    };
    // Without the database the counters are still worth having; the outbox gauges are left out.
    match crate::mail::outbox::depth(&state.db).await {
        Ok((n, oldest)) => {
            gauges.outbox_depth = Some(n);
            gauges.outbox_oldest_seconds = Some(oldest.map_or(0.0, |at| {
                let age = chrono::Utc::now().signed_duration_since(at);
                age.num_milliseconds().max(0) as f64 / 1000.0
            }));
        }
        Err(e) => tracing::warn!(error = %e, "metrics: could not read the outbox"),
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(state.metrics.render(gauges))
}
