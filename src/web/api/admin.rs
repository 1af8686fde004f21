//! The producer workspace as a JSON API, for teams working from their own pipelines.
//! Every call needs `Authorization: Bearer <token>`; a token is scoped to one team and role.

use crate::auth::Role;
use crate::definitions::{Language, LoadedSurvey};
use crate::web::admin::guard::Bearer;
use crate::web::client;
use crate::web::error::ApiError;
use crate::web::state::AppState;
use crate::workspace::actions::{self, ActionInput, ActionView};
use crate::workspace::export::Format;
use crate::workspace::responses::{self, Filter, ResponsePage, ShownResponse};
use crate::workspace::suggest::Suggestion;
use crate::workspace::tagging::{self, Comment};
use crate::workspace::themes::{self, ThemeCounts};
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::sync::Arc;
use uuid::Uuid;

fn survey(
    state: &AppState,
    bearer: &Bearer,
    id: &str,
    needed: Role,
) -> Result<Arc<LoadedSurvey>, ApiError> {
    let loaded = state.survey(id).ok_or(ApiError::NotFound)?;
    bearer.0.require(&loaded.survey, needed)?;
    Ok(loaded)
}

async fn json_body<T: DeserializeOwned>(
    payload: web::Payload,
    limit: usize,
) -> Result<T, ApiError> {
    let bytes = client::read_body(payload, limit)
        .await
        .map_err(|_| ApiError::TooLarge(limit))?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::from_json(&e))?;
    crate::storable::check_json(&value).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    serde_json::from_value(value).map_err(|e| ApiError::from_json(&e))
}

fn uuid(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::NotFound)
}

/// A survey a token can see.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SurveySummary {
    id: String,
    title: String,
    team: String,
    role: Role,
}

/// Surveys the token's team owns.
#[utoipa::path(get, path = "/api/v1/admin/surveys", tag = "admin",
    responses((status = 200, description = "OK", body = Vec<SurveySummary>), (status = 401, description = "No valid bearer token", body = crate::web::error::ApiErrorBody)),
    security(("bearer" = [])))]
pub async fn list_surveys(state: web::Data<AppState>, bearer: Bearer) -> HttpResponse {
    let catalog = state.catalog.current();
    let surveys: Vec<SurveySummary> = catalog
        .surveys()
        .filter_map(|l| {
            let role = bearer.0.role_in(&l.survey.owner)?;
            Some(SurveySummary {
                id: l.survey.id.clone(),
                title: l.survey.title.get(Language::En).to_owned(),
                team: l.survey.owner.clone(),
                role,
            })
        })
        .collect();
    HttpResponse::Ok().json(surveys)
}

/// A page of responses, newest first.
#[utoipa::path(get, path = "/api/v1/admin/surveys/{id}/responses", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook"), Filter),
    responses((status = 200, description = "OK", body = ResponsePage), (status = 401, description = "No valid bearer token", body = crate::web::error::ApiErrorBody), (status = 404, description = "No such survey for your team", body = crate::web::error::ApiErrorBody)),
    security(("bearer" = [])))]
pub async fn list_responses(
    state: web::Data<AppState>,
    bearer: Bearer,
    id: web::Path<String>,
    filter: web::Query<Filter>,
) -> Result<HttpResponse, ApiError> {
    let loaded = survey(&state, &bearer, &id, Role::Viewer)?;
    Ok(HttpResponse::Ok().json(responses::list(&state.db, &loaded, &filter).await?))
}

/// Whether an export includes contact details.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactsQuery {
    /// `1` to include contact details (editor role or above; audited); anything else leaves
    /// them out.
    contacts: Option<String>,
}

/// Every matching response as CSV: one row per response, one column per question (one per
/// option for multiple choice). Streamed.
#[utoipa::path(get, path = "/api/v1/admin/surveys/{id}/responses.csv", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook"), Filter, ContactsQuery),
    responses((status = 200, description = "OK", content_type = "text/csv", body = String), (status = 403, description = "Contact details need the editor role", body = crate::web::error::ApiErrorBody)),
    security(("bearer" = [])))]
pub async fn export_csv(
    state: web::Data<AppState>,
    bearer: Bearer,
    id: web::Path<String>,
    filter: web::Query<Filter>,
    contacts: web::Query<ContactsQuery>,
) -> Result<HttpResponse, ApiError> {
    crate::web::admin::export_stream(
        &state,
        &bearer.0,
        &id,
        &filter,
        contacts.contacts.as_deref() == Some("1"),
        Format::Csv,
    )
    .await
}

/// Every matching response as a JSON array. Streamed.
#[utoipa::path(get, path = "/api/v1/admin/surveys/{id}/responses.json", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook"), Filter, ContactsQuery),
    responses((status = 200, description = "OK", body = Vec<crate::workspace::export::ExportedResponse>), (status = 403, description = "Contact details need the editor role", body = crate::web::error::ApiErrorBody)),
    security(("bearer" = [])))]
pub async fn export_json(
    state: web::Data<AppState>,
    bearer: Bearer,
    id: web::Path<String>,
    filter: web::Query<Filter>,
    contacts: web::Query<ContactsQuery>,
) -> Result<HttpResponse, ApiError> {
    crate::web::admin::export_stream(
        &state,
        &bearer.0,
        &id,
        &filter,
        contacts.contacts.as_deref() == Some("1"),
        Format::Json,
    )
    .await
}

/// One response with the YAML of the version it answered.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ResponseDetail {
    response: ShownResponse,
    definition_yaml: String,
}

/// One response in full.
#[utoipa::path(get, path = "/api/v1/admin/surveys/{id}/responses/{rid}", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook"), ("rid" = Uuid, Path)),
    responses((status = 200, description = "OK", body = ResponseDetail), (status = 404, description = "No such survey for your team", body = crate::web::error::ApiErrorBody)), security(("bearer" = [])))]
pub async fn get_response(
    state: web::Data<AppState>,
    bearer: Bearer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, rid) = path.into_inner();
    let loaded = survey(&state, &bearer, &id, Role::Viewer)?;
    let (response, definition_yaml) = responses::one(&state.db, &loaded, uuid(&rid)?).await?;
    Ok(HttpResponse::Ok().json(ResponseDetail {
        response,
        definition_yaml,
    }))
}

/// `{"spam": true}` marks spam; `false` restores.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpamBody {
    spam: bool,
}

/// Marks a response as spam (left out of counts) or restores it.
#[utoipa::path(post, path = "/api/v1/admin/surveys/{id}/responses/{rid}/spam", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook"), ("rid" = Uuid, Path)), request_body = SpamBody,
    responses((status = 204, description = "Done"), (status = 403, description = "Your role does not allow this", body = crate::web::error::ApiErrorBody)), security(("bearer" = [])))]
pub async fn set_spam(
    state: web::Data<AppState>,
    bearer: Bearer,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let (id, rid) = path.into_inner();
    let loaded = survey(&state, &bearer, &id, Role::Editor)?;
    let body: SpamBody = json_body(payload, state.max_body).await?;
    let rid = uuid(&rid)?;
    responses::set_spam(&state.db, &loaded, rid, body.spam, &bearer.0.actor).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A tag to add or remove.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagBody {
    question: String,
    theme: Uuid,
    #[serde(default)]
    remove: bool,
}

/// Tags a response's free-text answer with a theme, or removes the tag.
#[utoipa::path(post, path = "/api/v1/admin/surveys/{id}/responses/{rid}/tags", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook"), ("rid" = Uuid, Path)), request_body = TagBody,
    responses((status = 204, description = "Done"), (status = 403, description = "Your role does not allow this", body = crate::web::error::ApiErrorBody), (status = 422, description = "Something in the request needs correcting", body = crate::web::error::ApiErrorBody)), security(("bearer" = [])))]
pub async fn tag(
    state: web::Data<AppState>,
    bearer: Bearer,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let (id, rid) = path.into_inner();
    let loaded = survey(&state, &bearer, &id, Role::Editor)?;
    let body: TagBody = json_body(payload, state.max_body).await?;
    let rid = uuid(&rid)?;
    let comment = Comment {
        response: rid,
        question: body.question,
    };
    let actor = &bearer.0.actor;
    if body.remove {
        tagging::untag(&state.db, &loaded, &comment, body.theme, actor).await?;
    } else {
        tagging::tag(&state.db, &loaded, &comment, body.theme, actor).await?;
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Themes with tagged-comment counts for this quarter and the three before.
#[utoipa::path(get, path = "/api/v1/admin/surveys/{id}/themes", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook")),
    responses((status = 200, description = "OK", body = Vec<ThemeCounts>)), security(("bearer" = [])))]
pub async fn list_themes(
    state: web::Data<AppState>,
    bearer: Bearer,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let loaded = survey(&state, &bearer, &id, Role::Viewer)?;
    let periods = crate::web::admin::recent_quarters();
    Ok(HttpResponse::Ok().json(themes::list(&state.db, &loaded, &periods).await?))
}

/// Frequent words and phrases in comments no theme has yet.
#[utoipa::path(get, path = "/api/v1/admin/surveys/{id}/themes/suggestions", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook")),
    responses((status = 200, description = "OK", body = Vec<Suggestion>)), security(("bearer" = [])))]
pub async fn suggestions(
    state: web::Data<AppState>,
    bearer: Bearer,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let loaded = survey(&state, &bearer, &id, Role::Viewer)?;
    Ok(HttpResponse::Ok().json(themes::suggestions(&state.db, &loaded, 50).await?.items))
}

/// The id of what was created.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NewId {
    id: Uuid,
}

/// How many tags moved to the other theme.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Merged {
    moved: u64,
}

/// A theme's name.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeBody {
    /// Spaces around it are dropped, and control characters; something must be left.
    #[schema(min_length = 1, max_length = 80, pattern = r"[^\s\x00-\x1f\x7f-\x9f]")]
    name: String,
}

/// Creates a theme.
#[utoipa::path(post, path = "/api/v1/admin/surveys/{id}/themes", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook")), request_body = ThemeBody,
    responses((status = 201, description = "Created", body = NewId), (status = 409, description = "A theme of this survey already has this name", body = crate::web::error::ApiErrorBody)), security(("bearer" = [])))]
pub async fn create_theme(
    state: web::Data<AppState>,
    bearer: Bearer,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let loaded = survey(&state, &bearer, &id, Role::Editor)?;
    let body: ThemeBody = json_body(payload, state.max_body).await?;
    let tid = themes::create(&state.db, &loaded, &body.name).await?;
    Ok(HttpResponse::Created().json(NewId { id: tid }))
}

/// Renames a theme.
#[utoipa::path(put, path = "/api/v1/admin/surveys/{id}/themes/{tid}", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook"), ("tid" = Uuid, Path)), request_body = ThemeBody,
    responses((status = 204, description = "Done"), (status = 409, description = "Another theme of this survey has this name", body = crate::web::error::ApiErrorBody)), security(("bearer" = [])))]
pub async fn rename_theme(
    state: web::Data<AppState>,
    bearer: Bearer,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let (id, tid) = path.into_inner();
    let loaded = survey(&state, &bearer, &id, Role::Editor)?;
    let body: ThemeBody = json_body(payload, state.max_body).await?;
    themes::rename(&state.db, &loaded, uuid(&tid)?, &body.name).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Deletes a theme and its tags (audited).
#[utoipa::path(delete, path = "/api/v1/admin/surveys/{id}/themes/{tid}", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook"), ("tid" = Uuid, Path)),
    responses((status = 204, description = "Done"), (status = 404, description = "No such survey for your team", body = crate::web::error::ApiErrorBody)), security(("bearer" = [])))]
pub async fn delete_theme(
    state: web::Data<AppState>,
    bearer: Bearer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, tid) = path.into_inner();
    let loaded = survey(&state, &bearer, &id, Role::Editor)?;
    themes::delete(&state.db, &loaded, uuid(&tid)?, &bearer.0.actor).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The theme to merge into.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    into: Uuid,
}

/// Moves every tag of a theme to another and deletes it (audited).
#[utoipa::path(post, path = "/api/v1/admin/surveys/{id}/themes/{tid}/merge", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook"), ("tid" = Uuid, Path)), request_body = MergeBody,
    responses((status = 200, description = "OK", body = Merged)), security(("bearer" = [])))]
pub async fn merge_theme(
    state: web::Data<AppState>,
    bearer: Bearer,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let (id, tid) = path.into_inner();
    let loaded = survey(&state, &bearer, &id, Role::Editor)?;
    let body: MergeBody = json_body(payload, state.max_body).await?;
    let moved = themes::merge(&state.db, &loaded, uuid(&tid)?, body.into, &bearer.0.actor).await?;
    Ok(HttpResponse::Ok().json(Merged { moved }))
}

/// Every action with its history.
#[utoipa::path(get, path = "/api/v1/admin/surveys/{id}/actions", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook")),
    responses((status = 200, description = "OK", body = Vec<ActionView>)), security(("bearer" = [])))]
pub async fn list_actions(
    state: web::Data<AppState>,
    bearer: Bearer,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let loaded = survey(&state, &bearer, &id, Role::Viewer)?;
    Ok(HttpResponse::Ok().json(actions::list(&state.db, &loaded).await?))
}

/// Records an action; `cannot_do` needs a `reason`.
#[utoipa::path(post, path = "/api/v1/admin/surveys/{id}/actions", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook")), request_body = ActionInput,
    responses((status = 201, description = "Created", body = NewId)), security(("bearer" = [])))]
pub async fn create_action(
    state: web::Data<AppState>,
    bearer: Bearer,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let loaded = survey(&state, &bearer, &id, Role::Editor)?;
    let body: ActionInput = json_body(payload, state.max_body).await?;
    let aid = actions::create(&state.db, &loaded, &body, &bearer.0.actor).await?;
    Ok(HttpResponse::Created().json(NewId { id: aid }))
}

/// Changes an action; a status change is added to its history.
#[utoipa::path(put, path = "/api/v1/admin/surveys/{id}/actions/{aid}", tag = "admin", params(("id" = String, Path, description = "Survey id", example = "food-statistics-pocketbook"), ("aid" = Uuid, Path)), request_body = ActionInput,
    responses((status = 204, description = "Done"), (status = 422, description = "Something in the request needs correcting", body = crate::web::error::ApiErrorBody)), security(("bearer" = [])))]
pub async fn update_action(
    state: web::Data<AppState>,
    bearer: Bearer,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let (id, aid) = path.into_inner();
    let loaded = survey(&state, &bearer, &id, Role::Editor)?;
    let body: ActionInput = json_body(payload, state.max_body).await?;
    actions::update(&state.db, &loaded, uuid(&aid)?, &body, &bearer.0.actor).await?;
    Ok(HttpResponse::NoContent().finish())
}
