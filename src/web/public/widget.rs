//! "Is this page useful?": a survey with a `widget:` section, shown small in an iframe at the
//! foot of a statistics page, in the shape of the GOV.UK feedback pattern. "Yes" and "No" are
//! stored at once; "No" then asks "What were you trying to do?", whose answer is stored as a
//! response of its own, as is "Report a problem". Plain forms throughout: no JavaScript needed.

use super::form_view::{self, QuestionView};
use super::survey::{
    Sent, Stored, ThanksQuery, answered_survey, open_survey, read_form, see_other, store,
};
use crate::definitions::{Language, LoadedSurvey, Widget};
use crate::i18n::{Msg, t};
use crate::intake::{Code, FieldErrors, RawAnswers, guard};
use crate::web::client;
use crate::web::error::PageError;
use crate::web::headers::allow_framing;
use crate::web::page::{Page, render};
use crate::web::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

/// The form field that says the person has been asked what they were trying to do.
pub const STEP: &str = "_step";
/// Its value.
pub const ASKED: &str = "asked";

/// The widget, at either step, or its thanks.
#[derive(Template)]
#[template(path = "widget.html")]
struct WidgetPage {
    page: Page,
    action: String,
    token: String,
    embedding_page: Option<String>,
    notice: Option<&'static str>,
    thanks: Option<String>,
    useful_id: String,
    useful_label: String,
    yes: &'static str,
    no: &'static str,
    yes_hidden: &'static str,
    no_hidden: &'static str,
    /// The yes or no already given, carried into the second step.
    useful_given: Option<String>,
    /// The "What were you trying to do?" question, at the second step.
    comment: Option<QuestionView>,
    help_heading: &'static str,
    send: &'static str,
    report_problem: &'static str,
    report_href: String,
    leave_blank: &'static str,
}

/// Query parameters the widget understands.
#[derive(Deserialize)]
pub struct WidgetQuery {
    lang: Option<String>,
    page: Option<String>,
    /// Set by "Report a problem with this page": go straight to the question.
    ask: Option<String>,
}

/// Which step to draw, and with what.
struct Step {
    token: String,
    page: Option<String>,
    notice: Option<&'static str>,
    thanks: Option<String>,
    /// `Some` at the second step: what was given so far, and its problems.
    asking: Option<(RawAnswers, FieldErrors)>,
}

fn path(survey: &str) -> String {
    format!("/s/{survey}/widget")
}

fn widget_of(loaded: &LoadedSurvey) -> Result<&Widget, PageError> {
    loaded.survey.widget.as_ref().ok_or(PageError::NotFound)
}

fn draw(loaded: &LoadedSurvey, widget: &Widget, lang: Language, step: Step) -> WidgetPage {
    let survey = &loaded.survey;
    let useful_label = survey
        .question(&widget.useful)
        .map_or("", |q| q.label.get(lang))
        .to_owned();
    let mut report = form_urlencoded::Serializer::new(String::new());
    report.append_pair("lang", lang.code());
    if let Some(p) = &step.page {
        report.append_pair("page", p);
    }
    report.append_pair("ask", "1");
    let mut page = Page::new(lang, survey.title.get(lang), true);
    let (useful_given, comment) = match &step.asking {
        Some((given, errors)) => {
            page.has_errors = !errors.is_empty();
            let comment = survey
                .question(&widget.comment)
                .map(|q| form_view::question(q, lang, given, errors));
            (given.first_text(&widget.useful).map(str::to_owned), comment)
        }
        None => (None, None),
    };
    WidgetPage {
        page,
        action: path(&survey.id),
        token: step.token,
        embedding_page: step.page,
        notice: step.notice,
        thanks: step.thanks,
        useful_id: widget.useful.clone(),
        useful_label,
        yes: t(lang, Msg::Yes),
        no: t(lang, Msg::No),
        yes_hidden: t(lang, Msg::PageIsUseful),
        no_hidden: t(lang, Msg::PageIsNotUseful),
        useful_given,
        comment,
        help_heading: t(lang, Msg::HelpUsImprove),
        send: t(lang, Msg::Send),
        report_problem: t(lang, Msg::ReportProblem),
        report_href: format!("{}?{}", path(&survey.id), report.finish()),
        leave_blank: t(lang, Msg::LeaveBlank),
    }
}

/// A page the host site may frame, when the survey lists it.
fn framed(state: &AppState, id: &str, mut response: HttpResponse) -> HttpResponse {
    allow_framing(&mut response, state, id);
    response
}

/// `GET /s/{id}/widget`
pub async fn show_widget(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<WidgetQuery>,
) -> Result<HttpResponse, PageError> {
    let loaded = open_survey(&state, &id, query.lang.as_deref())?;
    let widget = widget_of(&loaded)?;
    let lang = loaded.survey.language(query.lang.as_deref());
    let step = Step {
        token: guard::new_token(&state.key),
        page: query.page.as_deref().and_then(client::embedding_page),
        notice: None,
        thanks: None,
        asking: query
            .ask
            .is_some()
            .then(|| (RawAnswers::default(), FieldErrors::default())),
    };
    let page = draw(&loaded, widget, lang, step);
    Ok(framed(&state, &id, render(StatusCode::OK, &page)))
}

/// `POST /s/{id}/widget`
pub async fn submit_widget(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, PageError> {
    let loaded = open_survey(&state, &id, None)?;
    let widget = widget_of(&loaded)?;
    let (mut given, sent) = read_form(&state, &loaded, body).await?;
    let asked = given.first_text(STEP) == Some(ASKED);
    given.retain(|name| name == widget.useful || name == widget.comment);
    let lang = loaded.survey.language(sent.asked.as_deref());
    let useful = given.first_text(&widget.useful).map(str::to_owned);
    let commented = given.first_text(&widget.comment).is_some();
    let step = |sent: &Sent, asking, notice| Step {
        token: sent
            .token
            .clone()
            .unwrap_or_else(|| guard::new_token(&state.key)),
        page: sent.page.clone(),
        notice,
        thanks: None,
        asking,
    };
    // "No" is stored at once, so a reader who leaves without saying more still counts; then
    // the question, whose answer is a response of its own, on a fresh token.
    if !asked && useful.as_deref() == Some("no") && !commented {
        let response = match store(&state, &req, &loaded, given, sent.clone()).await {
            Stored::Yes => {
                let mut next = step(&sent, Some(Default::default()), None);
                next.token = guard::new_token(&state.key);
                render(StatusCode::OK, &draw(&loaded, widget, lang, next))
            }
            Stored::Refused(r) => {
                let mut drawn = step(&sent, None, r.notice);
                drawn.token = r.token.clone();
                r.respond(&draw(&loaded, widget, lang, drawn))
            }
        };
        return Ok(framed(&state, &id, response));
    }
    if useful.is_none() && !commented {
        let mut errors = FieldErrors::default();
        errors.push(
            &widget.comment,
            Code::Required,
            t(lang, Msg::EnterWhatYouWereDoing),
        );
        let page = draw(
            &loaded,
            widget,
            lang,
            step(&sent, Some((given, errors)), None),
        );
        return Ok(framed(
            &state,
            &id,
            render(StatusCode::UNPROCESSABLE_ENTITY, &page),
        ));
    }
    let response = match store(&state, &req, &loaded, given.clone(), sent.clone()).await {
        Stored::Yes => see_other(&format!("{}/thanks?lang={}", path(&id), lang.code())),
        Stored::Refused(mut r) => {
            let asking = (asked || commented).then(|| (given, std::mem::take(&mut r.errors)));
            let mut drawn = step(&sent, asking, r.notice);
            drawn.token = r.token.clone();
            r.respond(&draw(&loaded, widget, lang, drawn))
        }
    };
    Ok(framed(&state, &id, response))
}

/// `GET /s/{id}/widget/thanks`
pub async fn show_widget_thanks(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<ThanksQuery>,
) -> Result<HttpResponse, PageError> {
    let loaded = answered_survey(&state, &id)?;
    let widget = widget_of(&loaded)?;
    let lang = loaded.survey.language(query.lang.as_deref());
    let thanks = loaded.survey.thank_you.as_ref().map_or_else(
        || t(lang, Msg::FeedbackThanks).to_owned(),
        |t| t.get(lang).to_owned(),
    );
    let step = Step {
        token: String::new(),
        page: None,
        notice: None,
        thanks: Some(thanks),
        asking: None,
    };
    let page = draw(&loaded, widget, lang, step);
    Ok(framed(&state, &id, render(StatusCode::OK, &page)))
}
