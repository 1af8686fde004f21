//! The one way in. The HTML form, the JSON API and `yousaid import` are doors: each says who
//! is submitting and how (a `Door`), and this entry does the rest the same way for all three —
//! finds the survey and checks it is taking answers, chooses the language, validates, and builds
//! what is stored.

use super::IntakeError;
use super::answers::{Answers, validate};
use super::problem::Problems;
use super::raw::RawAnswers;
use super::store::{ResponseStatus, Submission, Submitted, Writer};
use crate::definitions::{Catalog, Kind, Language, LoadedSurvey, Status};
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

/// Which door a submission comes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// The survey page or its embed.
    Form,
    /// `POST /api/v1/surveys/{id}/responses`.
    Api,
    /// A row of a form tool's spreadsheet, brought over by `yousaid import`.
    Import,
}

/// Who is submitting through which door.
#[derive(Debug, Clone)]
pub struct Door {
    way: Way,
    /// What makes retries one response: the form's token, the API's `Idempotency-Key`, or
    /// an imported row's identity.
    token: String,
    /// The page an embedded survey was answered on.
    page: Option<String>,
    status: ResponseStatus,
    /// A hash of what an API client sent, to tell a replayed key with another body apart.
    fingerprint: Option<String>,
    /// The language the respondent asked for, by code; the survey may not offer it.
    asked: Option<String>,
    /// When it was answered, if not now.
    at: Option<DateTime<Utc>>,
    /// Whether the respondent followed a link another user shared.
    referred: bool,
}

impl Door {
    /// The survey form; `status` is the bot guard's verdict on it.
    pub fn form(
        token: String,
        status: ResponseStatus,
        page: Option<String>,
        asked: Option<&str>,
    ) -> Self {
        Self {
            way: Way::Form,
            token,
            page,
            status,
            fingerprint: None,
            asked: asked.map(str::to_owned),
            at: None,
            referred: false,
        }
    }

    /// The JSON API, with the request's idempotency key and fingerprint.
    pub fn api(
        key: String,
        fingerprint: String,
        page: Option<String>,
        asked: Option<&str>,
    ) -> Self {
        Self {
            way: Way::Api,
            token: key,
            page,
            status: ResponseStatus::Ok,
            fingerprint: Some(fingerprint),
            asked: asked.map(str::to_owned),
            at: None,
            referred: false,
        }
    }

    /// An imported row, recognised again by `token`, answered at `at`.
    pub fn import(token: String, at: DateTime<Utc>) -> Self {
        Self {
            way: Way::Import,
            token,
            page: None,
            status: ResponseStatus::Ok,
            fingerprint: None,
            asked: None,
            at: Some(at),
            referred: false,
        }
    }

    /// The same door, for a respondent who followed a link another user shared.
    pub fn referred(self, referred: bool) -> Self {
        Self { referred, ..self }
    }
}

/// Why a survey takes nothing through a door.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// No such survey, or one still in draft, which the public must not learn of.
    NotFound,
    /// The survey exists but is no longer taking answers.
    Closed(Arc<LoadedSurvey>),
}

/// The survey `id`, if it takes submissions through `way` on `today`. The public doors take
/// answers only while a survey is open; an import brings over history, so it takes any survey.
pub fn admit(
    catalog: &Catalog,
    id: &str,
    way: Way,
    today: NaiveDate,
) -> Result<Arc<LoadedSurvey>, Refusal> {
    let loaded = catalog.get(id).ok_or(Refusal::NotFound)?;
    if way == Way::Import {
        return Ok(loaded);
    }
    if loaded.survey.status == Status::Draft {
        return Err(Refusal::NotFound);
    }
    if !loaded.survey.is_open_on(today) {
        return Err(Refusal::Closed(loaded));
    }
    Ok(loaded)
}

/// Checks `raw` and builds what is stored; problems come back with the language they are to be
/// worded in.
pub fn prepare(
    loaded: &LoadedSurvey,
    raw: RawAnswers,
    door: Door,
) -> Result<Submission, (Problems, Language)> {
    let lang = loaded.survey.language(door.asked.as_deref());
    let answers = validate(&loaded.survey, raw).map_err(|problems| (problems, lang))?;
    Ok(build(loaded, answers, door))
}

/// What is stored for `answers`, already checked against `loaded`, coming through `door`.
pub fn build(loaded: &LoadedSurvey, answers: Answers, door: Door) -> Submission {
    let survey = &loaded.survey;
    let lang = survey.language(door.asked.as_deref());
    // The consent a respondent gave is the text they read, in the language they read it in.
    let consents = survey
        .questions
        .iter()
        .filter_map(|q| match &q.kind {
            Kind::Email { consent } => Some((q.id.clone(), consent.get(lang).to_owned())),
            _ => None,
        })
        .collect();
    Submission {
        survey_id: survey.id.clone(),
        version: loaded.version.clone(),
        yaml: loaded.source.clone(),
        token: door.token,
        page: door.page,
        status: door.status,
        answers,
        consents,
        contact_retention: survey.retention.contact,
        submitted_at: door.at.unwrap_or_else(Utc::now),
        fingerprint: door.fingerprint,
        referred: door.referred,
    }
}

/// Validates and stores one submission through `door`; returns once it is committed.
pub async fn submit(
    writer: &Writer,
    loaded: &LoadedSurvey,
    raw: RawAnswers,
    door: Door,
) -> Result<Submitted, IntakeError> {
    let way = door.way;
    let survey = &loaded.survey.id;
    let submission = prepare(loaded, raw, door)
        .map_err(|(problems, lang)| IntakeError::Invalid(problems, lang))?;
    let submitted = writer.submit(submission).await.inspect_err(|e| {
        tracing::error!(%survey, ?way, error = %e.0, "could not store a response");
    })?;
    if submitted.mismatched {
        return Err(IntakeError::IdempotencyMismatch);
    }
    tracing::info!(%survey, ?way, response = %submitted.id, replayed = submitted.replayed, "response stored");
    Ok(submitted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(today: NaiveDate) -> Catalog {
        let dir = tempfile::tempdir().unwrap();
        let survey = |id: &str, extra: &str| {
            format!(
                "id: {id}\ntitle: {{ en: T, cy: T }}\nowner: team\nlanguages: [cy, en]\n{extra}\
                 questions:\n  - {{ id: q, type: text, label: {{ en: Q, cy: Q }} }}\n"
            )
        };
        for (id, extra) in [
            ("open", "status: open\n"),
            ("draft", "status: draft\n"),
            ("ended", "status: open\ncloses_on: 2000-01-01\n"),
        ] {
            std::fs::write(dir.path().join(format!("{id}.yaml")), survey(id, extra)).unwrap();
        }
        let (catalog, _) = Catalog::default().reload(dir.path(), today).unwrap();
        catalog
    }

    #[test]
    fn the_public_doors_take_only_open_surveys_and_an_import_takes_any() {
        let today = Utc::now().date_naive();
        let catalog = catalog(today);
        for way in [Way::Form, Way::Api] {
            assert!(admit(&catalog, "open", way, today).is_ok());
            assert!(matches!(
                admit(&catalog, "draft", way, today),
                Err(Refusal::NotFound)
            ));
            assert!(matches!(
                admit(&catalog, "ended", way, today),
                Err(Refusal::Closed(_))
            ));
            assert!(matches!(
                admit(&catalog, "nope", way, today),
                Err(Refusal::NotFound)
            ));
        }
        for id in ["open", "draft", "ended"] {
            assert!(admit(&catalog, id, Way::Import, today).is_ok(), "{id}");
        }
    }

    #[test]
    fn every_door_answers_in_a_language_the_survey_offers() {
        let today = Utc::now().date_naive();
        let loaded = catalog(today).get("open").unwrap();
        let raw = || RawAnswers::from_form(vec![("nope".to_owned(), "x".to_owned())]);
        let api = Door::api("k".into(), "f".into(), None, Some("fr"));
        let (_, lang) = prepare(&loaded, raw(), api).unwrap_err();
        assert_eq!(
            lang,
            Language::Cy,
            "the survey's first language, not English"
        );
        let form = Door::form("t".into(), ResponseStatus::Ok, None, Some("en"));
        let (problems, lang) = prepare(&loaded, raw(), form).unwrap_err();
        assert_eq!(lang, Language::En);
        let worded = problems.in_language(lang);
        assert_eq!(worded.0[0].question, "nope");
    }

    #[test]
    fn an_import_keeps_the_time_its_row_was_answered() {
        let today = Utc::now().date_naive();
        let loaded = catalog(today).get("ended").unwrap();
        let at = DateTime::parse_from_rfc3339("2020-05-01T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let raw = RawAnswers::from_form(vec![("q".to_owned(), "hello".to_owned())]);
        let submission = prepare(&loaded, raw, Door::import("row".into(), at)).unwrap();
        assert_eq!(submission.submitted_at, at);
        assert_eq!(submission.token, "row");
        assert_eq!(submission.fingerprint, None);
    }
}
