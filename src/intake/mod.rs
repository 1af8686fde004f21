//! Taking answers from the public: one validation path for the HTML form and the JSON API,
//! bot and rate guards, and durable storage.

mod answers;
mod field_errors;
pub mod guard;
mod rate_limit;
mod raw;
mod store;

pub use answers::{Answer, Answers, MAX_OTHER_LENGTH, is_shown, validate};
pub use field_errors::{Code, FieldError, FieldErrors};
pub use rate_limit::RateLimiter;
pub use raw::{OTHER_SUFFIX, RawAnswers, RawValue};
pub use store::{ResponseStatus, Submission, Submitted, Writer, store_all};

use crate::definitions::{Kind, Language, LoadedSurvey};
use crate::storage::StorageError;

/// Why a submission was not stored.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("some answers need correcting")]
    Invalid(FieldErrors),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("this Idempotency-Key was used before with a different request")]
    IdempotencyMismatch,
}

/// Where and how a submission arrived.
#[derive(Debug, Clone)]
pub struct Meta {
    pub token: String,
    pub page: Option<String>,
    pub status: ResponseStatus,
    /// A hash of the API request, for `Idempotency-Key` replays; none for forms.
    pub fingerprint: Option<String>,
}

/// Validates and stores one submission; returns once it is committed.
pub async fn submit(
    writer: &Writer,
    loaded: &LoadedSurvey,
    raw: RawAnswers,
    meta: Meta,
    lang: Language,
) -> Result<Submitted, IntakeError> {
    let survey = &loaded.survey;
    let answers = validate(survey, raw, lang).map_err(IntakeError::Invalid)?;
    let consents = survey
        .questions
        .iter()
        .filter_map(|q| match &q.kind {
            Kind::Email { consent } => Some((q.id.clone(), consent.get(lang).to_owned())),
            _ => None,
        })
        .collect();
    let submission = Submission {
        survey_id: survey.id.clone(),
        version: loaded.version.clone(),
        yaml: loaded.source.clone(),
        token: meta.token,
        page: meta.page,
        status: meta.status,
        answers,
        consents,
        contact_retention: survey.retention.contact,
        submitted_at: chrono::Utc::now(),
        fingerprint: meta.fingerprint,
    };
    let submitted = writer.submit(submission).await?;
    if submitted.mismatched {
        return Err(IntakeError::IdempotencyMismatch);
    }
    Ok(submitted)
}
