//! Published summaries. So far the open-data JSON; the page, Markdown, CSV and feeds follow.

use crate::period::Period;
use crate::publishing::drafts;
use crate::web::error::ApiError;
use crate::web::state::AppState;
use actix_web::{HttpResponse, web};

/// `GET /published/{id}/{period}.json`: the newest published revision, never a draft.
pub async fn summary_json(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, file) = path.into_inner();
    let period: Period = file
        .strip_suffix(".json")
        .ok_or(ApiError::NotFound)?
        .parse()
        .map_err(|_| ApiError::NotFound)?;
    let loaded = state.survey(&id).ok_or(ApiError::NotFound)?;
    let (revision, summary, published_at) = drafts::published(&state.db, &loaded.survey.id, period)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .json(serde_json::json!({
            "schema": "yousaid-summary/1",
            "revision": revision,
            "published_at": published_at,
            "summary": summary,
        })))
}
