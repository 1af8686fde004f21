//! Actions in the browser: list with history, record, change.

use super::guard::Producer;
use super::{AdminError, Form, see_other, survey_for};
use crate::auth::Role;
use crate::definitions::Language;
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::actions::{self, ActionInput, ActionView, Status};
use crate::workspace::themes;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

/// One action as the form shows it.
struct ActionForm {
    id: String,
    title: String,
    description: String,
    status: &'static str,
    status_label: &'static str,
    reason: String,
    public: bool,
    themes: Vec<String>,
    questions: Vec<String>,
    target_date: String,
    completed_date: String,
    history: String,
}

impl From<ActionView> for ActionForm {
    fn from(a: ActionView) -> Self {
        Self {
            id: a.id.to_string(),
            history: a
                .history
                .iter()
                .map(|h| format!("{} by {} on {}", h.status, h.by, h.at.format("%Y-%m-%d")))
                .collect::<Vec<_>>()
                .join("; "),
            title: a.title,
            description: a.description,
            status: a.status.as_str(),
            status_label: a.status.label(),
            reason: a.reason.unwrap_or_default(),
            public: a.public,
            themes: a.themes.iter().map(Uuid::to_string).collect(),
            questions: a.questions,
            target_date: a.target_date.map(|d| d.to_string()).unwrap_or_default(),
            completed_date: a.completed_date.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/actions.html")]
struct ActionsPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    survey_id: &'a str,
    survey_title: &'a str,
    tab: &'a str,
    actions: Vec<ActionForm>,
    blank: ActionForm,
    statuses: [Status; 4],
    theme_options: Vec<(String, String)>,
    question_options: Vec<(String, String)>,
    can_edit: bool,
}

/// `GET /admin/surveys/{id}/actions`
pub async fn list(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let (loaded, role) = survey_for(&state, &producer, &id, Role::Viewer)?;
    let page = ActionsPage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        survey_id: &loaded.survey.id,
        survey_title: loaded.survey.title.get(Language::En),
        tab: "actions",
        actions: actions::list(&state.db, &loaded)
            .await?
            .into_iter()
            .map(ActionForm::from)
            .collect(),
        blank: ActionForm {
            id: "new".to_owned(),
            title: String::new(),
            description: String::new(),
            status: "planned",
            status_label: "Planned",
            reason: String::new(),
            public: true,
            themes: Vec::new(),
            questions: Vec::new(),
            target_date: String::new(),
            completed_date: String::new(),
            history: String::new(),
        },
        question_options: loaded
            .survey
            .questions
            .iter()
            .map(|q| (q.id.clone(), q.label.get(Language::En).to_owned()))
            .collect(),
        statuses: Status::ALL,
        theme_options: themes::list(&state.db, &loaded, &[])
            .await?
            .into_iter()
            .map(|t| (t.id.to_string(), t.name))
            .collect(),
        can_edit: role >= Role::Editor,
    };
    Ok(render(StatusCode::OK, &page))
}

fn date(form: &Form, name: &str) -> Result<Option<chrono::NaiveDate>, AdminError> {
    match form.get(name).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                AdminError::Invalid(format!(
                    "“{v}” is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31."
                ))
            }),
    }
}

fn input(form: &Form) -> Result<ActionInput, AdminError> {
    let mut themes = Vec::new();
    for t in form.all("themes") {
        themes.push(
            Uuid::parse_str(t)
                .map_err(|_| AdminError::Invalid("Choose themes from the list.".to_owned()))?,
        );
    }
    Ok(ActionInput {
        title: form.get("title").unwrap_or_default().to_owned(),
        description: form.get("description").unwrap_or_default().to_owned(),
        status: form.get("status").unwrap_or_default().to_owned(),
        reason: form.get("reason").map(str::to_owned),
        public: form.get("public") == Some("1"),
        themes,
        questions: form
            .all("questions")
            .into_iter()
            .map(str::to_owned)
            .collect(),
        target_date: date(form, "target_date")?,
        completed_date: date(form, "completed_date")?,
    })
}

/// `POST /admin/surveys/{id}/actions`
pub async fn create(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let form = Form::read(&req, &producer, body, 32_768).await?;
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Editor)?;
    actions::create(
        &state.db,
        &loaded,
        &input(&form)?,
        &producer.principal.actor,
    )
    .await?;
    Ok(see_other(format!("/admin/surveys/{id}/actions")))
}

/// `POST /admin/surveys/{id}/actions/{aid}`
pub async fn update(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let (id, aid) = path.into_inner();
    let form = Form::read(&req, &producer, body, 32_768).await?;
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Editor)?;
    let aid = Uuid::parse_str(&aid).map_err(|_| AdminError::NotFound)?;
    actions::update(
        &state.db,
        &loaded,
        aid,
        &input(&form)?,
        &producer.principal.actor,
    )
    .await?;
    Ok(see_other(format!("/admin/surveys/{id}/actions")))
}
