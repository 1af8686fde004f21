//! Actions in the browser: list with history, record, change. A refused form is shown again
//! with every value as typed and each problem beside its field.

use super::form_errors::FormErrors;
use super::guard::Producer;
use super::{AdminError, Form, see_other, survey_for};
use crate::auth::Role;
use crate::definitions::{Language, LoadedSurvey};
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::WorkspaceError;
use crate::workspace::actions::{self, ActionInput, ActionView, Status};
use crate::workspace::problems::{Field, Problems};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

/// What an action's form fields hold: as stored, or as last typed.
struct Values {
    title: String,
    description: String,
    status: String,
    reason: String,
    public: bool,
    themes: Vec<String>,
    questions: Vec<String>,
    target_date: String,
    completed_date: String,
}

impl Values {
    fn typed(form: &Form) -> Self {
        let text = |name| form.get(name).unwrap_or_default().to_owned();
        let all = |name| form.all(name).into_iter().map(str::to_owned).collect();
        Values {
            title: text("title"),
            description: text("description"),
            status: text("status"),
            reason: text("reason"),
            public: form.get("public") == Some("1"),
            themes: all("themes"),
            questions: all("questions"),
            target_date: text("target_date"),
            completed_date: text("completed_date"),
        }
    }
}

/// One action as the page shows it, with its form.
struct ActionForm {
    id: String,
    title: String,
    description: String,
    status_label: &'static str,
    reason: String,
    public: bool,
    history: String,
    values: Values,
    errors: FormErrors,
}

impl From<ActionView> for ActionForm {
    fn from(a: ActionView) -> Self {
        let values = Values {
            title: a.title.clone(),
            description: a.description.clone(),
            status: a.status.as_str().to_owned(),
            reason: a.reason.clone().unwrap_or_default(),
            public: a.public,
            themes: a.themes.iter().map(Uuid::to_string).collect(),
            questions: a.questions.clone(),
            target_date: a.target_date.map(|d| d.to_string()).unwrap_or_default(),
            completed_date: a.completed_date.map(|d| d.to_string()).unwrap_or_default(),
        };
        Self {
            id: a.id.to_string(),
            history: a
                .history
                .iter()
                .map(|h| {
                    format!(
                        "{} by {} on {}",
                        h.status.label(),
                        h.by,
                        h.at.format("%Y-%m-%d")
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            title: a.title,
            description: a.description,
            status_label: a.status.label(),
            reason: a.reason.unwrap_or_default(),
            public: a.public,
            values,
            errors: FormErrors::default(),
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

impl ActionsPage<'_> {
    /// The refused form's problems, for the summary at the top of the page.
    fn summary(&self) -> &FormErrors {
        std::iter::once(&self.blank)
            .chain(&self.actions)
            .map(|f| &f.errors)
            .find(|e| !e.is_empty())
            .unwrap_or(&self.blank.errors)
    }
}

/// A form that was refused: which one, what was typed, and what is wrong.
struct Refusal {
    form: String,
    values: Values,
    problems: Problems,
}

/// The id of the input a problem with `field` of form `form` links to.
fn href(
    form: &str,
    field: Field,
    themes: &[(String, String)],
    questions: &[(String, String)],
) -> String {
    let first =
        |options: &[(String, String)]| options.first().map(|(v, _)| v.clone()).unwrap_or_default();
    match field {
        Field::Status => format!("{form}-status-{}", Status::Planned.as_str()),
        Field::Themes => format!("{form}-theme-{}", first(themes)),
        Field::Questions => format!("{form}-question-{}", first(questions)),
        other => format!("{form}-{}", other.name()),
    }
}

async fn page(
    state: &AppState,
    producer: &Producer,
    loaded: &LoadedSurvey,
    role: Role,
    refusal: Option<Refusal>,
) -> Result<HttpResponse, AdminError> {
    let theme_options = super::responses::theme_options(state, loaded).await?;
    let question_options: Vec<(String, String)> = loaded
        .survey
        .questions
        .iter()
        .map(|q| (q.id.clone(), q.label.get(Language::En).to_owned()))
        .collect();
    let mut actions: Vec<ActionForm> = actions::list(&state.db, loaded)
        .await?
        .into_iter()
        .map(ActionForm::from)
        .collect();
    let mut blank = ActionForm {
        id: "new".to_owned(),
        title: String::new(),
        description: String::new(),
        status_label: Status::Planned.label(),
        reason: String::new(),
        public: true,
        history: String::new(),
        values: Values {
            title: String::new(),
            description: String::new(),
            status: Status::Planned.as_str().to_owned(),
            reason: String::new(),
            public: true,
            themes: Vec::new(),
            questions: Vec::new(),
            target_date: String::new(),
            completed_date: String::new(),
        },
        errors: FormErrors::default(),
    };
    let status = match refusal {
        None => StatusCode::OK,
        Some(r) => {
            let errors = FormErrors::new(r.problems, |field| {
                href(&r.form, field, &theme_options, &question_options)
            });
            let refused = std::iter::once(&mut blank)
                .chain(actions.iter_mut())
                .find(|f| f.id == r.form)
                .ok_or(AdminError::NotFound)?;
            refused.values = r.values;
            refused.errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    let page = ActionsPage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        survey_id: &loaded.survey.id,
        survey_title: loaded.survey.title.get(Language::En),
        tab: "actions",
        actions,
        blank,
        question_options,
        statuses: Status::ALL,
        theme_options,
        can_edit: role >= Role::Editor,
    };
    Ok(render(status, &page))
}

/// `GET /admin/surveys/{id}/actions`
pub async fn list(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
) -> Result<HttpResponse, AdminError> {
    let (loaded, role) = survey_for(&state, &producer, &id, Role::Viewer)?;
    page(&state, &producer, &loaded, role, None)
        .await
        .map_err(|e| e.signed(&producer))
}

fn date(
    form: &Form,
    field: Field,
    what: &str,
    problems: &mut Problems,
) -> Option<chrono::NaiveDate> {
    let v = form
        .get(field.name())
        .map(str::trim)
        .filter(|v| !v.is_empty())?;
    let parsed = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
    if parsed.is_none() {
        problems.push(
            field,
            format!("Enter the {what} as YYYY-MM-DD, e.g. 2027-03-31: “{v}” is not a date."),
        );
    }
    parsed
}

/// The input a form describes, and what stops it being read.
fn input(form: &Form) -> (ActionInput, Problems) {
    let mut problems = Problems::default();
    let mut themes = Vec::new();
    for t in form.all("themes") {
        match Uuid::parse_str(t) {
            Ok(id) => themes.push(id),
            Err(_) => {
                problems.push(Field::Themes, "Choose themes from the list.");
                break;
            }
        }
    }
    let target_date = date(form, Field::TargetDate, "target date", &mut problems);
    let completed_date = date(form, Field::CompletedDate, "completion date", &mut problems);
    let input = ActionInput {
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
        target_date,
        completed_date,
    };
    (input, problems)
}

/// Records (`aid` None) or changes an action, or shows its form again with what is wrong.
async fn save(
    state: &AppState,
    producer: &Producer,
    id: &str,
    aid: Option<Uuid>,
    form: Form,
) -> Result<HttpResponse, AdminError> {
    let (loaded, role) = survey_for(state, producer, id, Role::Editor)?;
    let (input, unread) = input(&form);
    let actor = &producer.principal.actor;
    let saved = if unread.is_empty() {
        match aid {
            None => actions::create(&state.db, &loaded, &input, actor)
                .await
                .map(|_| ()),
            Some(aid) => actions::update(&state.db, &loaded, aid, &input, actor).await,
        }
    } else {
        // Everything else wrong is shown at once, not one problem per attempt.
        let rest: Vec<_> = actions::problems(&input, &loaded)
            .0
            .into_iter()
            .filter(|p| unread.0.iter().all(|u| u.field != p.field))
            .collect();
        let mut all = unread;
        all.0.extend(rest);
        Err(WorkspaceError::Refused(all))
    };
    match saved {
        Ok(()) => Ok(see_other(format!("/admin/surveys/{id}/actions"))),
        Err(WorkspaceError::Refused(problems)) => {
            let refusal = Refusal {
                form: aid.map_or_else(|| "new".to_owned(), |a| a.to_string()),
                values: Values::typed(&form),
                problems,
            };
            page(state, producer, &loaded, role, Some(refusal)).await
        }
        Err(e) => Err(e.into()),
    }
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
    save(&state, &producer, &id, None, form)
        .await
        .map_err(|e| e.signed(&producer))
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
    let aid = Uuid::parse_str(&aid).map_err(|_| AdminError::NotFound)?;
    save(&state, &producer, &id, Some(aid), form)
        .await
        .map_err(|e| e.signed(&producer))
}
