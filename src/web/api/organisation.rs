//! `GET /api/v1/admin/organisation/themes`: every team's themes with their counts, gap marks,
//! same-need links and the actions that answer them, for any producer with a token.

use crate::web::admin::guard::Bearer;
use crate::web::error::ApiError;
use crate::web::state::AppState;
use crate::workspace::organisation::{self, SharedTheme};
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// Longest search accepted, in characters: a few words, not a document.
const MAX_QUERY: usize = 200;

/// Words to search for.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ThemesQuery {
    /// Only themes whose name or public actions hold every one of these words.
    #[param(max_length = 200)]
    q: Option<String>,
}

/// The organisation's themes, and the periods their counts are for.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrganisationThemes {
    /// The periods of each theme's `counts`, newest first.
    pub periods: Vec<String>,
    pub themes: Vec<SharedTheme>,
}

/// Every team's themes, by team, survey and name: comment counts for this quarter and the
/// three before, whether each is a gap in the data, the themes of other teams linked to it as
/// the same user need, and its actions (status always; title and description only when
/// public). Never a response, a comment or a contact detail.
#[utoipa::path(get, path = "/api/v1/admin/organisation/themes", operation_id = "list_organisation_themes", tag = "admin", params(ThemesQuery),
    responses((status = 200, description = "OK", body = OrganisationThemes), (status = 422, description = "The search is too long", body = crate::web::error::ApiErrorBody)), security(("bearer" = [])))]
pub async fn list_themes(
    state: web::Data<AppState>,
    _bearer: Bearer,
    query: web::Query<ThemesQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.q.as_deref();
    if q.is_some_and(|q| q.chars().count() > MAX_QUERY) {
        return Err(ApiError::Unprocessable(format!(
            "q: a search is at most {MAX_QUERY} characters"
        )));
    }
    let catalog = state.catalog.current();
    let periods = crate::web::admin::recent_quarters();
    let themes = organisation::themes(&state.db, &catalog, &periods, q).await?;
    Ok(HttpResponse::Ok().json(OrganisationThemes {
        periods: periods.iter().map(ToString::to_string).collect(),
        themes,
    }))
}
