//! A publisher's sign-off in the browser: a page that says what will go out and to how many
//! people, then publishing or sending the draft back.

use super::form_errors::FormErrors;
use super::guard::Producer;
use super::publication::period_of;
use super::{AdminError, Form, see_other, survey_for};
use crate::auth::Role;
use crate::definitions::Language;
use crate::period::Period;
use crate::publishing::disclosure::Cell;
use crate::publishing::state::State;
use crate::publishing::summary::Summary;
use crate::publishing::{drafts, subscribers};
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::WorkspaceError;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

#[derive(Template)]
#[template(path = "admin/publish_check.html")]
struct CheckPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    survey_id: &'a str,
    survey_title: &'a str,
    tab: &'a str,
    summary: Summary,
    revision: i32,
    drafted: i64,
    public_url: String,
    subscribers: u64,
    note: String,
    errors: FormErrors,
}

impl CheckPage<'_> {
    /// The number of responses as the page will state it.
    fn responses(&self) -> String {
        match self.summary.responses {
            Cell::Shown(n) => n.to_string(),
            Cell::Suppressed => format!("fewer than {}", self.summary.min_count),
        }
    }
}

/// The page that asks a publisher to confirm, with what will go out and to how many people.
async fn check_page(
    state: &AppState,
    producer: &Producer,
    id: &str,
    period: Period,
    note: &str,
    errors: FormErrors,
) -> Result<HttpResponse, AdminError> {
    let (loaded, _) = survey_for(state, producer, id, Role::Publisher)?;
    let survey = &loaded.survey.id;
    let (row, summary) = drafts::current(&state.db, survey, period)
        .await?
        .filter(|(row, _)| row.state == State::Draft)
        .ok_or(AdminError::NotFound)?;
    let page = CheckPage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        survey_id: survey,
        survey_title: loaded.survey.title.get(Language::En),
        tab: "publication",
        revision: row.revision,
        drafted: row.drafted_at.timestamp_millis(),
        public_url: state.site.period(survey, period),
        subscribers: subscribers::count_confirmed(state.db.conn(), survey).await?,
        summary,
        note: note.to_owned(),
        errors,
    };
    let status = if !page.errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(status, &page))
}

/// `GET /admin/surveys/{id}/publication/{period}/publish`: confirm before publishing.
pub async fn confirm(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AdminError> {
    let (id, period) = path.into_inner();
    let period = period_of(&period)?;
    check_page(&state, &producer, &id, period, "", FormErrors::default()).await
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
            let typed = note;
            let note = Some(note).filter(|n| !n.trim().is_empty());
            // The draft the publisher saw: if it was regenerated since, nothing is published.
            let seen = form
                .get("drafted")
                .and_then(|v| v.parse::<i64>().ok())
                .and_then(chrono::DateTime::from_timestamp_millis);
            let emailed = subscribers::count_confirmed(state.db.conn(), &loaded.survey.id).await?;
            let approved = drafts::approve(
                &state.db,
                &state.site,
                &loaded.survey.id,
                period,
                actor,
                note,
                seen,
            )
            .await;
            let revision = match approved {
                Ok(revision) => revision,
                // A correction without its note: the check page again, the message at the field.
                Err(WorkspaceError::Refused(problems)) => {
                    let errors = FormErrors::new(problems, |field| field.name().to_owned());
                    return check_page(&state, &producer, &id, period, typed, errors).await;
                }
                Err(e) => return Err(e.into()),
            };
            Ok(see_other(format!(
                "/admin/surveys/{id}/publication?published={period}&revision={revision}&emailed={emailed}#drafts"
            )))
        }
        "send-back" => {
            drafts::send_back(&state.db, &loaded.survey.id, period, actor, note).await?;
            Ok(see_other(format!("/admin/surveys/{id}/publication")))
        }
        _ => Err(AdminError::NotFound),
    }
}
