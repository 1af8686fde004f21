//! Publication in the browser: choosing and reviewing quotes, drafting a period, previewing the
//! draft exactly as it will appear, and a publisher's sign-off or sending it back.

use super::guard::Producer;
use super::{AdminError, Form, see_other, survey_for};
use crate::auth::Role;
use crate::definitions::Language;
use crate::period::Period;
use crate::publishing::drafts;
use crate::publishing::render::html::{Mode, PeriodPage};
use crate::publishing::scheduler::last_ended;
use crate::storage::entities::publication;
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::quotes::{self, QuoteView};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "admin/publication.html")]
struct PublicationPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    survey_id: &'a str,
    survey_title: &'a str,
    tab: &'a str,
    quotes: Vec<QuoteView>,
    revisions: Vec<publication::Model>,
    periods: Vec<Period>,
    can_edit: bool,
    can_publish: bool,
    auto: bool,
}

fn period_of(raw: &str) -> Result<Period, AdminError> {
    raw.parse()
        .map_err(|e: String| AdminError::Invalid(format!("{e}.")))
}

/// `GET /admin/surveys/{id}/publication`
pub async fn show(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let (loaded, role) = survey_for(&state, &producer, &id, Role::Viewer)?;
    let mut period = last_ended(&loaded, chrono::Utc::now()).next();
    let periods = (0..5)
        .map(|_| {
            period = period.previous();
            period
        })
        .collect();
    let page = PublicationPage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        survey_id: &loaded.survey.id,
        survey_title: loaded.survey.title.get(Language::En),
        tab: "publication",
        quotes: quotes::list(&state.db, &loaded).await?,
        revisions: drafts::history(&state.db, &loaded.survey.id).await?,
        periods,
        can_edit: role >= Role::Editor,
        can_publish: role >= Role::Publisher,
        auto: loaded.survey.publish.auto,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `GET /admin/surveys/{id}/publication/{period}/preview`: the draft, exactly as it will appear.
pub async fn preview(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AdminError> {
    let (id, period) = path.into_inner();
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Viewer)?;
    let period = period_of(&period)?;
    let (_, summary) = drafts::current(&state.db, &loaded.survey.id, period)
        .await?
        .ok_or(AdminError::NotFound)?;
    Ok(render(
        StatusCode::OK,
        &PeriodPage::new(&state.site, &summary, None, false, Mode::Preview),
    ))
}

/// `POST /admin/surveys/{id}/publication/draft`: draft (or regenerate) a period.
pub async fn draft(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let form = Form::read(&req, &producer, body, 4_096).await?;
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Editor)?;
    let period = period_of(form.get("period").unwrap_or_default())?;
    drafts::draft(
        &state.db,
        &state.site,
        &loaded,
        period,
        &producer.principal.actor,
    )
    .await?;
    Ok(see_other(format!("/admin/surveys/{id}/publication")))
}

/// `POST /admin/surveys/{id}/publication/{period}/{decision}`: `approve` or `send-back`.
pub async fn decide(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String, String)>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let (id, period, decision) = path.into_inner();
    let form = Form::read(&req, &producer, body, 8_192).await?;
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Publisher)?;
    let period = period_of(&period)?;
    let note = form.get("note").unwrap_or_default();
    let actor = &producer.principal.actor;
    match decision.as_str() {
        "approve" => {
            let note = Some(note).filter(|n| !n.trim().is_empty());
            // The draft the publisher saw: if it was regenerated since, nothing is published.
            let seen = form
                .get("drafted")
                .and_then(|v| v.parse::<i64>().ok())
                .and_then(chrono::DateTime::from_timestamp_millis);
            drafts::approve(
                &state.db,
                &state.site,
                &loaded.survey.id,
                period,
                actor,
                note,
                seen,
            )
            .await?;
        }
        "send-back" => {
            drafts::send_back(&state.db, &loaded.survey.id, period, actor, note).await?;
        }
        _ => return Err(AdminError::NotFound),
    }
    Ok(see_other(format!("/admin/surveys/{id}/publication")))
}

/// `POST /admin/surveys/{id}/quotes`: choose an answer as a quote.
pub async fn choose_quote(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let form = Form::read(&req, &producer, body, 4_096).await?;
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Editor)?;
    let response = form.uuid("response")?;
    let question = form.get("question").unwrap_or_default();
    quotes::select(
        &state.db,
        &loaded,
        response,
        question,
        &producer.principal.actor,
    )
    .await?;
    Ok(see_other(format!("/admin/surveys/{id}/publication#quotes")))
}

/// `POST /admin/surveys/{id}/quotes/{qid}`: save, approve or remove a quote.
pub async fn review_quote(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let (id, qid) = path.into_inner();
    let form = Form::read(&req, &producer, body, 16_384).await?;
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Editor)?;
    let qid = Uuid::parse_str(&qid).map_err(|_| AdminError::NotFound)?;
    let survey = &loaded.survey.id;
    let actor = &producer.principal.actor;
    let text = form.get("text").unwrap_or_default();
    match form.get("do") {
        Some("remove") => quotes::remove(&state.db, survey, qid).await?,
        Some("approve") => quotes::review(&state.db, survey, qid, text, true, actor).await?,
        _ => quotes::review(&state.db, survey, qid, text, false, actor).await?,
    }
    Ok(see_other(format!("/admin/surveys/{id}/publication#quotes")))
}
