//! Reviewing responses: the filtered list, one response, spam, theme tags, exports.

use super::form_errors::{FieldError, FormErrors};
use super::guard::Producer;
use super::{AdminError, Form, see_other, survey_for};
use crate::auth::Role;
use crate::definitions::{Kind, Language, LoadedSurvey};
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::WorkspaceError;
use crate::workspace::problems::{Field, Problems};
use crate::workspace::responses::{
    self, Filter, ResponsePage, ResponseStatus, STATUSES, ShownResponse,
};
use crate::workspace::{tagging, themes};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

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
        ("on_page", &filter.on_page),
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
    loaded: &LoadedSurvey,
) -> Result<Vec<(String, String)>, AdminError> {
    Ok(themes::list(&state.db, loaded, &[])
        .await?
        .into_iter()
        .map(|t| (t.id.to_string(), t.name))
        .collect())
}

#[derive(Template)]
#[template(path = "admin/responses.html")]
struct ListPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    words: Words<'a>,
    survey_id: &'a str,
    survey_title: &'a str,
    tab: &'a str,
    /// The survey is a page widget, so its answers are also counted per page.
    has_widget: bool,
    filter: Filter,
    query: String,
    /// The filter and page, for coming back to this list after tagging.
    back: String,
    user_types: Vec<(String, String)>,
    themes: Vec<(String, String)>,
    questions: Vec<(String, String)>,
    statuses: &'a [&'a str],
    page: ResponsePage,
    can_export_contacts: bool,
    can_tag: bool,
    picker: Picker,
    bulk_errors: FormErrors,
    filter_errors: FormErrors,
    notice: Option<String>,
}

impl ListPage<'_> {
    /// The problems of the filter or the tagging form, for the summary at the top.
    fn summary(&self) -> &FormErrors {
        if self.filter_errors.is_empty() {
            &self.bulk_errors
        } else {
            &self.filter_errors
        }
    }

    /// Whether the comment on `question` of response `id` is selected.
    fn picked(&self, id: &Uuid, question: &str) -> bool {
        self.picker.selected.contains(&format!("{id}/{question}"))
    }
}

/// How the response pages name what is stored as a code.
struct Words<'a>(&'a LoadedSurvey);

impl Words<'_> {
    /// A response status in words.
    fn status<'s>(&self, stored: &'s str) -> &'s str {
        ResponseStatus::label_of(stored)
    }

    /// The question's label, or its id if the definition no longer has it.
    fn question(&self, id: &str) -> String {
        self.0
            .survey
            .question(id)
            .map_or_else(|| id.to_owned(), |q| q.label.get(Language::En).to_owned())
    }
}

/// What the bulk-tagging form holds: nothing yet, or what a refused one held.
#[derive(Default)]
pub(super) struct Picker {
    /// `{response}/{question}` of each selected comment.
    pub selected: Vec<String>,
    /// The theme chosen, if any.
    pub theme: String,
    pub problems: Problems,
}

/// The filter a list page was shown with, as its bulk-tagging form sends it back.
pub(super) fn filter_from(back: &str) -> Filter {
    web::Query::<Filter>::from_query(back)
        .map(web::Query::into_inner)
        .unwrap_or_default()
}

/// The filter with its page number, as a query string.
fn back_of(filter: &Filter) -> String {
    let mut out = form_urlencoded::Serializer::for_suffix(query_of(filter), 0);
    if let Some(page) = filter.page {
        out.append_pair("page", &page.to_string());
    }
    out.finish()
}

/// Where the list with `filter` is, saying how many comments were just tagged.
pub(super) fn list_location(survey: &str, filter: &Filter, tagged: usize) -> String {
    let mut query = form_urlencoded::Serializer::for_suffix(back_of(filter), 0);
    query.append_pair("tagged", &tagged.to_string());
    format!("/admin/surveys/{survey}/responses?{}", query.finish())
}

/// What the list says after bulk tagging brought the producer back to it.
#[derive(serde::Deserialize)]
pub struct Notice {
    tagged: Option<u32>,
}

impl Notice {
    fn text(&self) -> Option<String> {
        self.tagged.map(|n| match n {
            1 => "Tagged 1 comment.".to_owned(),
            n => format!("Tagged {n} comments."),
        })
    }
}

/// The list of responses matching `filter`, with the bulk-tagging form as `picker` holds it.
pub(super) async fn list_page(
    state: &AppState,
    producer: &Producer,
    loaded: &LoadedSurvey,
    role: Role,
    filter: Filter,
    picker: Picker,
    notice: Option<String>,
) -> Result<HttpResponse, AdminError> {
    let survey = &loaded.survey;
    // A filter that cannot be used is shown again like any refused form, with no responses.
    let (page, refused_filter) = match responses::list(&state.db, loaded, &filter).await {
        Ok(page) => (page, Problems::default()),
        Err(WorkspaceError::Refused(problems)) => {
            let none = ResponsePage {
                total: 0,
                page: 1,
                pages: 1,
                responses: Vec::new(),
            };
            (none, problems)
        }
        Err(e) => return Err(e.into()),
    };
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
    let first_comment = page
        .responses
        .iter()
        .flat_map(|r| {
            r.answers
                .iter()
                .filter(|a| a.codable)
                .map(move |a| (r.id, &a.question))
        })
        .next()
        .map(|(r, q)| format!("pick-{r}-{q}"))
        .unwrap_or_default();
    let status = if picker.problems.is_empty() && refused_filter.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let filter_errors = FormErrors::new(refused_filter, |field| field.name().to_owned());
    let bulk_errors = FormErrors::new(picker.problems, |field| match field {
        Field::Comments => first_comment.clone(),
        _ => "bulk-theme".to_owned(),
    });
    let page = ListPage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        words: Words(loaded),
        survey_id: &survey.id,
        survey_title: survey.title.get(Language::En),
        has_widget: survey.widget.is_some(),
        tab: "responses",
        query: query_of(&filter),
        back: back_of(&filter),
        filter,
        user_types,
        themes: theme_options(state, loaded).await?,
        questions: survey
            .questions
            .iter()
            .map(|q| (q.id.clone(), q.label.get(Language::En).to_owned()))
            .collect(),
        statuses: &STATUSES,
        page,
        can_export_contacts: role >= Role::Editor,
        can_tag: role >= Role::Editor,
        picker: Picker {
            selected: picker.selected,
            theme: picker.theme,
            problems: Problems::default(),
        },
        bulk_errors,
        filter_errors,
        notice,
    };
    Ok(render(status, &page))
}

/// `GET /admin/surveys/{id}/responses`
pub async fn list(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
    filter: web::Query<Filter>,
    notice: web::Query<Notice>,
) -> Result<HttpResponse, AdminError> {
    let (loaded, role) = survey_for(&state, &producer, &id, Role::Viewer)?;
    let filter = filter.into_inner();
    let notice = notice.text();
    list_page(
        &state,
        &producer,
        &loaded,
        role,
        filter,
        Picker::default(),
        notice,
    )
    .await
    .map_err(|e| e.signed(&producer))
}

#[derive(Template)]
#[template(path = "admin/response.html")]
struct OnePage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    words: Words<'a>,
    survey_id: &'a str,
    survey_title: &'a str,
    tab: &'a str,
    r: ShownResponse,
    yaml: String,
    themes: Vec<(String, String)>,
    can_edit: bool,
    next_untagged: Option<Uuid>,
    errors: FormErrors,
    /// The question whose tagging form was refused.
    refused: String,
}

impl OnePage<'_> {
    /// The problem with the tagging form of `question`, if it was refused.
    fn tag_error(&self, question: &str) -> Option<&FieldError> {
        (self.refused == question)
            .then(|| self.errors.iter().next())
            .flatten()
    }
}

pub(super) fn response_id(raw: &str) -> Result<Uuid, AdminError> {
    Uuid::parse_str(raw).map_err(|_| AdminError::NotFound)
}

/// One response, with the tagging form of `question` refused for `problems` if there are any.
pub(super) async fn one_page(
    state: &AppState,
    producer: &Producer,
    loaded: &LoadedSurvey,
    role: Role,
    rid: Uuid,
    question: &str,
    problems: Problems,
) -> Result<HttpResponse, AdminError> {
    let (r, yaml) = responses::one(&state.db, loaded, rid).await?;
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = OnePage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        words: Words(loaded),
        survey_id: &loaded.survey.id,
        survey_title: loaded.survey.title.get(Language::En),
        tab: "responses",
        r,
        yaml,
        themes: theme_options(state, loaded).await?,
        can_edit: role >= Role::Editor,
        next_untagged: tagging::next_untagged(&state.db, loaded, rid).await?,
        errors: FormErrors::new(problems, |_| format!("theme-{question}")),
        refused: question.to_owned(),
    };
    Ok(render(status, &page))
}

/// `GET /admin/surveys/{id}/responses/{rid}`
pub async fn one(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AdminError> {
    let (id, rid) = path.into_inner();
    let (loaded, role) = survey_for(&state, &producer, &id, Role::Viewer)?;
    let rid = response_id(&rid).map_err(|e| e.signed(&producer))?;
    one_page(
        &state,
        &producer,
        &loaded,
        role,
        rid,
        "",
        Problems::default(),
    )
    .await
    .map_err(|e| e.signed(&producer))
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
    responses::set_spam(&state.db, &loaded, rid, spam, &producer.principal.actor).await?;
    Ok(see_other(format!("/admin/surveys/{id}/responses/{rid}")))
}
