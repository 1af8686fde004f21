//! Liveness and readiness for load balancers and orchestrators.

use super::state::AppState;
use actix_web::{HttpResponse, web};
use serde_json::json;

/// `GET /healthz`: the process is alive.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// `GET /readyz`: the database answers, so submissions can be stored.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if state.db.is_ready().await {
        HttpResponse::Ok().json(json!({"status": "ready"}))
    } else {
        HttpResponse::ServiceUnavailable()
            .insert_header(("Retry-After", "5"))
            .json(json!({"status": "not ready", "reason": "the database is unreachable"}))
    }
}
