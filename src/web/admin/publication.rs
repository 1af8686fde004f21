//! Publication in the browser: choosing and reviewing quotes, drafting a period, and previewing
//! the draft exactly as it will appear. The sign-off itself is in `sign_off.rs`.

use super::form_errors::FormErrors;
use super::guard::Producer;
use super::{AdminError, Form, see_other, survey_for};
use crate::auth::Role;
use crate::definitions::Language;
use crate::period::{Period, Progress};
use crate::publishing::drafts;
use crate::publishing::render::html::{Mode, PeriodPage};
use crate::publishing::state::{Revision, State};
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::problems::{Field, Problem, Problems};
use crate::workspace::quotes::{self, QuoteView};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

/// A period offered in the draft form.
struct Offered {
    period: Period,
    running: bool,
    selected: bool,
}

/// The query a redirect after drafting or publishing carries.
#[derive(serde::Deserialize)]
struct OutcomeQuery {
    drafted: Option<Period>,
    published: Option<Period>,
    revision: Option<i32>,
    changed: Option<String>,
    emailed: Option<u64>,
}

/// What the last action on the page did, told at the top of the page.
enum Outcome {
    Drafted {
        period: Period,
        revision: i32,
        changed: bool,
    },
    Published {
        period: Period,
        revision: i32,
        emailed: u64,
    },
}

impl Outcome {
    /// Reads the outcome from the query a redirect carried; anything else is no outcome.
    fn from_query(query: &str) -> Option<Self> {
        let q = web::Query::<OutcomeQuery>::from_query(query)
            .ok()?
            .into_inner();
        let revision = q.revision?;
        if let Some(period) = q.published {
            return Some(Outcome::Published {
                period,
                revision,
                emailed: q.emailed?,
            });
        }
        Some(Outcome::Drafted {
            period: q.drafted?,
            revision,
            changed: q.changed? == "yes",
        })
    }

    /// The sentence the page shows.
    fn message(&self) -> String {
        match self {
            Outcome::Drafted {
                period,
                revision,
                changed: true,
            } => format!(
                "Revision {revision} of {period} is drafted. Preview it below before it is published."
            ),
            Outcome::Drafted {
                period,
                revision,
                changed: false,
            } => format!(
                "No changes: revision {revision} of {period} is drafted again and says exactly what it said before."
            ),
            Outcome::Published {
                period,
                revision,
                emailed,
            } => format!(
                "Revision {revision} of {period} is published.{}",
                match emailed {
                    0 => " Nobody has subscribed yet, so no email is sent.".to_owned(),
                    1 => " Its one subscriber is emailed within a few minutes.".to_owned(),
                    n => format!(" Its {n} subscribers are emailed within a few minutes."),
                }
            ),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/publication.html")]
struct PublicationPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    survey_id: &'a str,
    survey_title: &'a str,
    tab: &'a str,
    quotes: Vec<QuoteView>,
    revisions: Vec<Revision>,
    periods: Vec<Offered>,
    can_edit: bool,
    can_publish: bool,
    auto: bool,
    /// What the last action did.
    done: Option<String>,
    /// Why the draft form was refused, shown at its period.
    errors: FormErrors,
    partial_ticked: bool,
}

pub(super) fn period_of(raw: &str) -> Result<Period, AdminError> {
    raw.parse()
        .map_err(|e: String| AdminError::Invalid(format!("{e}.")))
}

/// The publication page, with what the last action did or why the draft form was refused.
async fn publication_page(
    state: &AppState,
    producer: &Producer,
    id: &str,
    done: Option<String>,
    refused: Option<(Period, bool, String)>,
) -> Result<HttpResponse, AdminError> {
    let (loaded, role) = survey_for(state, producer, id, Role::Viewer)?;
    let chosen = refused.as_ref().map(|(p, _, _)| *p);
    let offered = drafts::offered_periods(&loaded, chrono::Utc::now());
    // Without a choice, the newest ended period is the one a team usually means.
    let default = chosen.or_else(|| offered.get(1).map(|(p, _)| *p));
    let periods = offered
        .into_iter()
        .map(|(period, progress)| Offered {
            period,
            running: progress == Progress::Running,
            selected: Some(period) == default,
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
        done,
        partial_ticked: refused.as_ref().is_some_and(|(_, ticked, _)| *ticked),
        errors: refused.map_or_else(FormErrors::default, |(_, _, why)| {
            FormErrors::new(
                Problems::from(Problem {
                    field: Field::Period,
                    message: why,
                }),
                |field| field.name().to_owned(),
            )
        }),
    };
    let status = if !page.errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(status, &page))
}

/// `GET /admin/surveys/{id}/publication`
pub async fn show(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, AdminError> {
    let done = Outcome::from_query(req.query_string()).map(|o| o.message());
    publication_page(&state, &producer, &id, done, None).await
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
    let partial = form.get("partial") == Some("yes");
    let unended = if partial {
        drafts::Unended::DraftPartial
    } else {
        drafts::Unended::Refuse
    };
    if let Err(e) = drafts::check_draftable(period, chrono::Utc::now(), unended) {
        let why = match e {
            drafts::Undraftable::Running { .. } => format!(
                "{e}. Choose a period that has ended, or tick “Draft a partial summary” to draft \
                 it so far."
            ),
            drafts::Undraftable::NotBegun(_) => format!("{e}. Choose a period that has ended."),
        };
        return publication_page(&state, &producer, &id, None, Some((period, partial, why))).await;
    }
    let drafted = drafts::draft(
        &state.db,
        &state.site,
        &loaded,
        period,
        &producer.principal.actor,
        unended,
    )
    .await?;
    if drafted.changed {
        state.metrics.drafted(1);
    }
    let changed = if drafted.changed { "yes" } else { "no" };
    Ok(see_other(format!(
        "/admin/surveys/{id}/publication?drafted={period}&revision={}&changed={changed}#drafts",
        drafted.revision
    )))
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
