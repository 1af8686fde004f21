//! Exports of responses, for pages and the API alike: CSV or JSON, contact details only for
//! editors who ask, and every export audited.

use super::AdminError;
use super::guard::Producer;
use crate::auth::Role;
use crate::web::state::AppState;
use crate::workspace::export::{self, Format};
use crate::workspace::responses::Filter;
use actix_web::{HttpResponse, web};
use futures_util::StreamExt;

/// `contacts=1` in an export's query.
#[derive(serde::Deserialize)]
pub struct ExportQuery {
    #[serde(flatten)]
    filter: Filter,
    contacts: Option<String>,
}

/// Streams an export for pages and the API alike; contact details need the editor role, an
/// explicit request, and are audited.
pub async fn export_stream<E>(
    state: &AppState,
    principal: &crate::auth::Principal,
    id: &str,
    filter: &Filter,
    contacts: bool,
    format: Format,
) -> Result<HttpResponse, E>
where
    E: From<crate::auth::Denied> + From<crate::workspace::WorkspaceError>,
{
    let loaded = state.survey(id).ok_or(crate::auth::Denied::NotFound)?;
    principal.require(
        &loaded.survey,
        if contacts { Role::Editor } else { Role::Viewer },
    )?;
    let body = export::stream(state.db.clone(), &loaded, filter, contacts, format)?;
    let (content_type, extension) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Json => ("application/json", "json"),
    };
    crate::audit::record(
        state.db.conn(),
        &principal.actor,
        "export",
        serde_json::json!({"survey": id, "format": extension, "contacts": contacts, "filter": filter}),
    )
    .await
    .map_err(crate::workspace::WorkspaceError::from)?;
    let body = body.map(|chunk| {
        chunk.map(actix_web::web::Bytes::from).map_err(|e| {
            tracing::error!(error = %e, "export failed part-way");
            actix_web::error::ErrorServiceUnavailable("export failed")
        })
    });
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{id}-responses.{extension}\""),
        ))
        .streaming(body))
}

/// `GET /admin/surveys/{id}/export.csv`
pub async fn export_csv(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, AdminError> {
    export_stream(
        &state,
        &producer.principal,
        &id,
        &query.filter,
        query.contacts.as_deref() == Some("1"),
        Format::Csv,
    )
    .await
}

/// `GET /admin/surveys/{id}/export.json`
pub async fn export_json(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, AdminError> {
    export_stream(
        &state,
        &producer.principal,
        &id,
        &query.filter,
        query.contacts.as_deref() == Some("1"),
        Format::Json,
    )
    .await
}
