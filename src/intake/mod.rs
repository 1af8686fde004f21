//! Taking answers: one entry (`door`) for the HTML form, the JSON API and the importer, one
//! validation path returning typed problems, bot and rate guards, and durable storage.

mod answers;
mod batch;
mod door;
mod field_errors;
pub mod guard;
mod problem;
mod rate_limit;
mod raw;
mod store;

pub use answers::{Answer, Answers, MAX_OTHER_LENGTH, is_shown, validate};
pub use door::{Door, Refusal, Way, admit, build, prepare, submit};
pub use field_errors::{Code, FieldError, FieldErrors};
pub use problem::{Problem, Problems};
pub use rate_limit::RateLimiter;
pub use raw::{OTHER_SUFFIX, RawAnswers, RawValue};
pub use store::{ResponseStatus, Submission, Submitted, Writer, store_all};

use crate::definitions::Language;
use crate::storage::StorageError;

/// Why a submission was not stored.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// What is wrong, and the language the respondent is answering in.
    #[error("some answers need correcting")]
    Invalid(Problems, Language),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("this Idempotency-Key was used before with a different request")]
    IdempotencyMismatch,
}
