//! The survey page, its embeddable twin, submitting it, and the thank-you page.

use super::form_view::{self, QuestionView, SummaryItem};
use crate::definitions::{Language, LoadedSurvey};
use crate::i18n::{Msg, fill, t};
use crate::intake::{self, Door, FieldErrors, IntakeError, RawAnswers, Refusal, Way, guard};
use crate::metrics;
use crate::web::client;
use crate::web::error::{PageError, intake_status};
use crate::web::page::{Page, render};
use crate::web::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use std::sync::Arc;

/// The survey form.
#[derive(Template)]
#[template(path = "survey.html")]
struct SurveyPage {
    page: Page,
    survey_id: String,
    intro: Option<String>,
    action: String,
    token: String,
    embedding_page: Option<String>,
    referred: bool,
    /// Asks for an email address: an embedded form links the privacy notice itself.
    asks_email: bool,
    notice: Option<&'static str>,
    errors: Vec<SummaryItem>,
    problem_title: &'static str,
    questions: Vec<QuestionView>,
    optional: &'static str,
    submit: &'static str,
    leave_blank: &'static str,
}

/// The form field that says how a respondent came; a shared link says it as `?via=`.
pub const VIA: &str = "_via";
/// Its value for a link another user shared from the thank-you page.
pub const SHARED: &str = "share";

/// Query parameters a survey page understands.
#[derive(Deserialize)]
pub struct PageQuery {
    lang: Option<String>,
    page: Option<String>,
    via: Option<String>,
}

/// Everything needed to draw the form once more.
struct Form<'a> {
    loaded: &'a LoadedSurvey,
    lang: Language,
    embed: bool,
    token: String,
    page: Option<String>,
    referred: bool,
    given: RawAnswers,
    errors: FieldErrors,
    notice: Option<&'static str>,
}

fn form_page(form: Form<'_>) -> SurveyPage {
    let survey = &form.loaded.survey;
    let lang = form.lang;
    let path = if form.embed {
        format!("/s/{}/embed", survey.id)
    } else {
        format!("/s/{}", survey.id)
    };
    let mut page =
        Page::new(lang, survey.title.get(lang), form.embed).with_languages(survey, lang, &path);
    page.has_errors = !form.errors.is_empty();
    SurveyPage {
        survey_id: survey.id.clone(),
        intro: survey.intro.as_ref().map(|i| i.get(lang).to_owned()),
        action: path,
        token: form.token,
        embedding_page: form.page,
        referred: form.referred,
        asks_email: survey
            .questions
            .iter()
            .any(|q| matches!(q.kind, crate::definitions::Kind::Email { .. })),
        notice: form.notice,
        errors: form_view::summary(survey, lang, &form.errors),
        problem_title: t(lang, Msg::ThereIsAProblem),
        questions: form_view::questions(survey, lang, &form.given, &form.errors),
        optional: t(lang, Msg::Optional),
        submit: t(lang, Msg::Submit),
        leave_blank: t(lang, Msg::LeaveBlank),
        page,
    }
}

/// The survey if it is taking answers through the form; otherwise the page that says why not.
pub(super) fn open_survey(
    state: &AppState,
    id: &str,
    lang: Option<&str>,
) -> Result<Arc<LoadedSurvey>, PageError> {
    let today = chrono::Utc::now().date_naive();
    intake::admit(&state.catalog.current(), id, Way::Form, today).map_err(|refusal| match refusal {
        Refusal::NotFound => PageError::NotFound,
        Refusal::Closed(loaded) => {
            let lang = loaded.survey.language(lang);
            PageError::Closed {
                lang,
                title: loaded.survey.title.get(lang).to_owned(),
            }
        }
    })
}

async fn show(
    state: &AppState,
    id: &str,
    query: &PageQuery,
    embed: bool,
) -> Result<HttpResponse, PageError> {
    let loaded = open_survey(state, id, query.lang.as_deref())?;
    let lang = loaded.survey.language(query.lang.as_deref());
    let form = Form {
        loaded: &loaded,
        lang,
        embed,
        token: guard::new_token(&state.key),
        page: query.page.as_deref().and_then(client::embedding_page),
        referred: query.via.as_deref() == Some(SHARED),
        given: RawAnswers::default(),
        errors: FieldErrors::default(),
        notice: None,
    };
    Ok(render(StatusCode::OK, &form_page(form)))
}

/// `GET /s/{id}`
pub async fn show_survey(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, PageError> {
    show(&state, &id, &query, false).await
}

/// `GET /s/{id}/embed`
pub async fn show_embed(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, PageError> {
    let mut response = show(&state, &id, &query, true).await?;
    super::super::headers::allow_framing(&mut response, &state, &id);
    Ok(response)
}

/// `POST /s/{id}`
pub async fn submit_survey(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, PageError> {
    submit(&state, &id, &req, body, false).await
}

/// `POST /s/{id}/embed`
pub async fn submit_embed(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, PageError> {
    let mut response = submit(&state, &id, &req, body, true).await?;
    super::super::headers::allow_framing(&mut response, &state, &id);
    Ok(response)
}

async fn submit(
    state: &AppState,
    id: &str,
    req: &HttpRequest,
    body: web::Payload,
    embed: bool,
) -> Result<HttpResponse, PageError> {
    let loaded = open_survey(state, id, None)?;
    let (mut given, sent) = read_form(state, &loaded, body).await?;
    let lang = loaded.survey.language(sent.asked.as_deref());
    let (page, referred) = (sent.page.clone(), sent.referred);
    let survey = &loaded.survey;
    given.retain(|name| {
        let question = name.strip_suffix(intake::OTHER_SUFFIX).unwrap_or(name);
        survey.question(name).is_some() || survey.question(question).is_some()
    });
    let thanks = format!(
        "/s/{}/thanks?lang={}{}",
        loaded.survey.id,
        lang.code(),
        if embed { "&embed=1" } else { "" }
    );

    let redisplay = |given: RawAnswers, errors: FieldErrors, notice, token: String| {
        form_page(Form {
            loaded: &loaded,
            lang,
            embed,
            token,
            page: page.clone(),
            referred,
            given,
            errors,
            notice,
        })
    };
    Ok(
        match store(state, req, &loaded, given.clone(), sent).await {
            Stored::Yes => see_other(&thanks),
            Stored::Refused(mut r) => {
                let page = redisplay(
                    given,
                    std::mem::take(&mut r.errors),
                    r.notice,
                    r.token.clone(),
                );
                r.respond(&page)
            }
        },
    )
}

/// What a public form sent beside its answers.
#[derive(Clone)]
pub(super) struct Sent {
    pub token: Option<String>,
    pub honeypot: Option<String>,
    pub page: Option<String>,
    pub asked: Option<String>,
    pub referred: bool,
}

impl Sent {
    /// Takes the form's own fields out of `given`, leaving the answers.
    fn take_from(given: &mut RawAnswers) -> Self {
        let mut text = |field: &str| text_of(&given.take(field)).map(str::to_owned);
        let asked = text("_lang");
        let token = text(guard::TOKEN);
        let page = text("_page");
        let honeypot = text(guard::HONEYPOT);
        let via = text(VIA);
        Self {
            token,
            honeypot,
            page: page.as_deref().and_then(client::embedding_page),
            asked,
            referred: via.as_deref() == Some(SHARED),
        }
    }
}

/// Reads a public form's body: its answers, and what the form sent beside them.
pub(super) async fn read_form(
    state: &AppState,
    loaded: &LoadedSurvey,
    body: web::Payload,
) -> Result<(RawAnswers, Sent), PageError> {
    let body = client::read_body(body, state.max_body).await.map_err(|_| {
        state
            .metrics
            .refused(metrics::Door::Form, metrics::Refusal::TooLarge);
        PageError::TooLarge {
            lang: loaded.survey.language(None),
        }
    })?;
    let mut given = RawAnswers::from_form(form_urlencoded::parse(&body).into_owned());
    let sent = Sent::take_from(&mut given);
    Ok((given, sent))
}

/// What became of a public form's submission.
pub(super) enum Stored {
    /// Stored, or answered as if stored (a bot's honeypot, a retried token).
    Yes,
    /// Not stored.
    Refused(Refused),
}

/// A submission not stored: the form is shown again with `status`, and these problems or this
/// notice.
pub(super) struct Refused {
    pub status: StatusCode,
    pub errors: FieldErrors,
    pub notice: Option<&'static str>,
    /// The token the form is shown again with, so its retries stay one response.
    pub token: String,
    /// Seconds to wait before trying again, when waiting helps.
    pub retry_after: Option<u64>,
}

impl Refused {
    /// The form drawn again as `page`, with `Retry-After` when waiting helps.
    pub(super) fn respond(&self, page: &impl Template) -> HttpResponse {
        let mut response = render(self.status, page);
        if let Some(wait) = self.retry_after {
            insert_retry_after(&mut response, wait);
        }
        response
    }
}

/// Stores a public form's answers through the form door: the rate limit, the bot guard, then
/// intake, the same for the survey page, its embed and the page widget.
pub(super) async fn store(
    state: &AppState,
    req: &HttpRequest,
    loaded: &LoadedSurvey,
    given: RawAnswers,
    sent: Sent,
) -> Stored {
    let lang = loaded.survey.language(sent.asked.as_deref());
    // A form shown again keeps the token the browser sent, so its retries stay one response.
    let resend = sent
        .token
        .clone()
        .unwrap_or_else(|| guard::new_token(&state.key));
    let refused = |why, status, errors, notice: Option<Msg>, retry_after| {
        state.metrics.refused(metrics::Door::Form, why);
        Stored::Refused(Refused {
            status,
            errors,
            notice: notice.map(|m| t(lang, m)),
            token: resend.clone(),
            retry_after,
        })
    };
    if let Some(ip) = client::address(req, state.client_ip_header.as_deref())
        && let Err(wait) = state.limiter.check(ip)
    {
        return refused(
            metrics::Refusal::RateLimited,
            StatusCode::TOO_MANY_REQUESTS,
            FieldErrors::default(),
            Some(Msg::TooManyRequests),
            Some(wait),
        );
    }
    let verdict = guard::judge_form(
        &state.key,
        sent.honeypot.as_deref(),
        sent.token.as_deref(),
        state.min_fill,
    );
    let (token, status) = match verdict {
        guard::Verdict::Drop => {
            tracing::info!(survey = %loaded.survey.id, "honeypot filled: answered as stored, nothing stored");
            state
                .metrics
                .refused(metrics::Door::Form, metrics::Refusal::Honeypot);
            return Stored::Yes;
        }
        guard::Verdict::Store { token, status } => (token, status),
    };
    let door = Door::form(token, status, sent.page, sent.asked.as_deref()).referred(sent.referred);
    match intake::submit(&state.writer, loaded, given, door).await {
        // Forms carry no fingerprint, so a mismatch cannot happen; if it did, the first
        // answer stands.
        Ok(submitted) => {
            // A retried form is the response already stored, not another.
            if !submitted.replayed {
                state.metrics.accepted(metrics::Door::Form);
            }
            Stored::Yes
        }
        Err(IntakeError::IdempotencyMismatch) => Stored::Yes,
        Err(IntakeError::Invalid(problems, lang)) => {
            let errors = problems.in_language(lang);
            let status = intake_status(&IntakeError::Invalid(problems, lang));
            refused(metrics::Refusal::Invalid, status, errors, None, None)
        }
        Err(err @ IntakeError::Storage(_)) => refused(
            metrics::Refusal::Unavailable,
            intake_status(&err),
            FieldErrors::default(),
            Some(Msg::Unavailable),
            Some(30),
        ),
    }
}

fn text_of(values: &[intake::RawValue]) -> Option<&str> {
    values.iter().find_map(|v| match v {
        intake::RawValue::Text(s) => Some(s.as_str()),
        _ => None,
    })
}

pub(super) fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// Adds `Retry-After: seconds`.
pub fn insert_retry_after(response: &mut HttpResponse, seconds: u64) {
    if let Ok(value) = header::HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
}

/// The thank-you page, with a way to pass the survey on.
#[derive(Template)]
#[template(path = "thanks.html")]
struct ThanksPage {
    page: Page,
    paragraphs: Vec<String>,
    links: Vec<(String, String)>,
    share: Share,
}

/// What a `mailto:` field must percent-encode: all but RFC 3986's unreserved characters.
const MAILTO_ENCODED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// "Know someone else who uses these statistics?": the link to pass on, and an email to send it.
struct Share {
    heading: &'static str,
    body: &'static str,
    link: String,
    mailto: String,
    by_email: &'static str,
    untracked: &'static str,
}

impl Share {
    fn new(lang: Language, title: &str, link: String) -> Self {
        let encode =
            |text: &str| percent_encoding::utf8_percent_encode(text, MAILTO_ENCODED).to_string();
        // RFC 6068: no recipient, so the person chooses who to send it to.
        let mailto = format!(
            "mailto:?subject={}&body={}",
            encode(&fill(lang, Msg::ShareEmailSubject, &[("title", title)])),
            encode(&fill(lang, Msg::ShareEmailBody, &[("link", &link)])),
        );
        Self {
            heading: t(lang, Msg::KnowSomeone),
            body: t(lang, Msg::ShareLink),
            link,
            mailto,
            by_email: t(lang, Msg::ShareByEmail),
            untracked: t(lang, Msg::ShareUntracked),
        }
    }
}

/// Query of the thank-you pages.
#[derive(Deserialize)]
pub struct ThanksQuery {
    pub(super) lang: Option<String>,
    embed: Option<String>,
}

/// The survey `id` for a page shown after answering: any but a draft, which the public must not
/// learn of.
pub(super) fn answered_survey(state: &AppState, id: &str) -> Result<Arc<LoadedSurvey>, PageError> {
    state
        .survey(id)
        .filter(|loaded| loaded.survey.status != crate::definitions::Status::Draft)
        .ok_or(PageError::NotFound)
}

/// `GET /s/{id}/thanks`
pub async fn show_thanks(
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<ThanksQuery>,
) -> Result<HttpResponse, PageError> {
    let loaded = answered_survey(&state, &id)?;
    let survey = &loaded.survey;
    let lang = survey.language(query.lang.as_deref());
    let embed = query.embed.is_some();
    let mut paragraphs = vec![t(lang, Msg::ThankYouBody).to_owned()];
    if let Some(text) = &survey.thank_you {
        paragraphs.push(text.get(lang).to_owned());
    }
    // The page a respondent lands on must not fail for want of a link: without the database,
    // it has none.
    let latest = crate::publishing::published::latest_period(&state.db, &survey.id)
        .await
        .ok()
        .flatten();
    let links = latest.map_or_else(Vec::new, |period| {
        vec![
            (
                format!("/published/{}/{period}", survey.id),
                t(lang, Msg::ReadLatestPublication).to_owned(),
            ),
            (
                format!("/published/{}/subscribe", survey.id),
                t(lang, Msg::SubscribeToPublications).to_owned(),
            ),
        ]
    });
    let mut link = state.site.shared_survey(&survey.id);
    if lang != survey.language(None) {
        link.push_str("&lang=");
        link.push_str(lang.code());
    }
    let page = ThanksPage {
        page: Page::new(lang, t(lang, Msg::ThankYouTitle), embed),
        paragraphs,
        links,
        share: Share::new(lang, survey.title.get(lang), link),
    };
    let mut response = render(StatusCode::OK, &page);
    if embed {
        super::super::headers::allow_framing(&mut response, &state, &id);
    }
    Ok(response)
}
