//! `GET /api/v1/admin/effectiveness`: the effectiveness report as JSON, for a team or the
//! organisation.

use crate::engagement::ask::scope_and_period;
use crate::engagement::{Report, report};
use crate::web::admin::guard::Bearer;
use crate::web::error::ApiError;
use crate::web::state::AppState;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// Whose measures, for which period.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EffectivenessQuery {
    /// A team id; the whole organisation when left out.
    team: Option<String>,
    /// `2026-Q3`, `2026-09` or `2026`; the last quarter that has ended when left out. A period
    /// not begun yet is measured as nothing.
    #[param(pattern = r"^(2[01][0-9]{2}|2200)(-[Qq][1-4]|-(0[1-9]|1[0-2]))?$")]
    period: Option<String>,
}

/// How well a team, or the organisation, closes the loop: each measure for the period and the
/// three before it, and each survey's figures for the period. Any signed-in producer may read
/// the organisation's; a team's is for its members.
#[utoipa::path(get, path = "/api/v1/admin/effectiveness", tag = "admin", params(EffectivenessQuery),
    responses((status = 200, description = "OK", body = Report), (status = 404, description = "No such team, or not yours", body = crate::web::error::ApiErrorBody), (status = 422, description = "The period cannot be read", body = crate::web::error::ApiErrorBody)), security(("bearer" = [])))]
pub async fn get_effectiveness(
    state: web::Data<AppState>,
    bearer: Bearer,
    query: web::Query<EffectivenessQuery>,
) -> Result<HttpResponse, ApiError> {
    let catalog = state.catalog.current();
    let now = chrono::Utc::now();
    let (scope, period) = scope_and_period(
        &bearer.0,
        &catalog,
        query.team.as_deref(),
        query.period.as_deref(),
        now,
    )?;
    let report = report(&state.db, &catalog, scope, period, now).await?;
    Ok(HttpResponse::Ok().json(report))
}
