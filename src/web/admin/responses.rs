//! Reviewing responses: the filtered list, one response, spam, theme tags, exports.

use super::guard::Producer;
use super::{AdminError, Form, see_other, survey_for};
use crate::auth::Role;
use crate::definitions::{Kind, Language};
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::export::{self, Format};
use crate::workspace::responses::{self, Filter, ResponsePage, STATUSES, ShownResponse};
use crate::workspace::themes;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use futures_util::StreamExt;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "admin/responses.html")]
struct ListPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    survey_id: &'a str,
    survey_title: &'a str,
    tab: &'a str,
    filter: Filter,
    query: String,
    user_types: Vec<(String, String)>,
    themes: Vec<(String, String)>,
    questions: Vec<(String, String)>,
    statuses: &'a [&'a str],
    page: ResponsePage,
    can_export_contacts: bool,
}

/// The filter as a query string, without the page number.
fn query_of(filter: &Filter) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("period", &filter.period),
        ("user_type", &filter.user_type),
        ("theme", &filter.theme),
        ("question", &filter.question),
        ("q", &filter.q),
        ("status", &filter.status),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            out.append_pair(k, v);
        }
    }
    out.finish()
}

/// `(id, name)` of every theme of the survey.
pub(super) async fn theme_options(
    state: &AppState,
    loaded: &crate::definitions::LoadedSurvey,
) -> Result<Vec<(String, String)>, AdminError> {
    Ok(themes::list(&state.db, loaded, &[])
        .await?
        .into_iter()
        .map(|t| (t.id.to_string(), t.name))
        .collect())
}

/// `GET /admin/surveys/{id}/responses`
pub async fn list(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
    filter: web::Query<Filter>,
) -> Result<HttpResponse, AdminError> {
    let (loaded, role) = survey_for(&state, &producer, &id, Role::Viewer)?;
    let survey = &loaded.survey;
    let filter = filter.into_inner();
    let page = responses::list(&state.db, &loaded, &filter).await?;
    let user_types = survey
        .user_types
        .as_deref()
        .and_then(|q| survey.question(q))
        .map(|q| match &q.kind {
            Kind::SingleChoice { options, .. } => options
                .iter()
                .map(|o| (o.value.clone(), o.label.get(Language::En).to_owned()))
                .collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let page = ListPage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        survey_id: &survey.id,
        survey_title: survey.title.get(Language::En),
        tab: "responses",
        query: query_of(&filter),
        filter,
        user_types,
        themes: theme_options(&state, &loaded).await?,
        questions: survey
            .questions
            .iter()
            .map(|q| (q.id.clone(), q.label.get(Language::En).to_owned()))
            .collect(),
        statuses: &STATUSES,
        page,
        can_export_contacts: role >= Role::Editor,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "admin/response.html")]
struct OnePage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    survey_id: &'a str,
    survey_title: &'a str,
    tab: &'a str,
    r: ShownResponse,
    yaml: String,
    themes: Vec<(String, String)>,
    can_edit: bool,
}

fn response_id(raw: &str) -> Result<Uuid, AdminError> {
    Uuid::parse_str(raw).map_err(|_| AdminError::NotFound)
}

/// `GET /admin/surveys/{id}/responses/{rid}`
pub async fn one(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AdminError> {
    let (id, rid) = path.into_inner();
    let (loaded, role) = survey_for(&state, &producer, &id, Role::Viewer)?;
    let (r, yaml) = responses::one(&state.db, &loaded, response_id(&rid)?).await?;
    let page = OnePage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        survey_id: &loaded.survey.id,
        survey_title: loaded.survey.title.get(Language::En),
        tab: "responses",
        r,
        yaml,
        themes: theme_options(&state, &loaded).await?,
        can_edit: role >= Role::Editor,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `POST /admin/surveys/{id}/responses/{rid}/spam`
pub async fn spam(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let (id, rid) = path.into_inner();
    let form = Form::read(&req, &producer, body, 4_096).await?;
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Editor)?;
    let rid = response_id(&rid)?;
    let spam = form.get("spam") == Some("1");
    responses::set_spam(&state.db, &loaded, rid, spam).await?;
    crate::audit::record(
        state.db.conn(),
        &producer.principal.actor,
        if spam {
            "response.spam"
        } else {
            "response.restore"
        },
        serde_json::json!({"survey": id, "response": rid}),
    )
    .await?;
    Ok(see_other(format!("/admin/surveys/{id}/responses/{rid}")))
}

/// `POST /admin/surveys/{id}/responses/{rid}/tags`: add, or with `remove=1` remove, a tag.
pub async fn tags(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let (id, rid) = path.into_inner();
    let form = Form::read(&req, &producer, body, 4_096).await?;
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Editor)?;
    let rid = response_id(&rid)?;
    let question = form.get("question").unwrap_or_default();
    let theme = form.uuid("theme")?;
    if form.get("remove") == Some("1") {
        themes::untag(&state.db, &loaded, rid, question, theme).await?;
    } else {
        themes::tag(&state.db, &loaded, rid, question, theme).await?;
    }
    Ok(see_other(format!("/admin/surveys/{id}/responses/{rid}")))
}

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
    E: From<crate::auth::Denied> + From<crate::workspace::WorkspaceError> + From<sea_orm::DbErr>,
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
    .await?;
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
