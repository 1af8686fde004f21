//! What is wrong with a submission, per question, in the respondent's words.

use serde::Serialize;

/// A machine-readable reason, stable for API clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    Required,
    UnknownQuestion,
    UnknownOption,
    WrongType,
    TooLong,
    TooMany,
    TooFew,
    OneOnly,
    OtherMissing,
    NotANumber,
    NotAnInteger,
    OutOfRange,
    InvalidEmail,
    /// The text holds a character that cannot be stored (NUL).
    InvalidText,
}

/// One problem with one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub question: String,
    pub code: Code,
    pub message: String,
}

/// Every problem with a submission, in question order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Records a problem.
    pub fn push(&mut self, question: &str, code: Code, message: impl Into<String>) {
        self.0.push(FieldError {
            question: question.to_owned(),
            code,
            message: message.into(),
        });
    }

    /// The problem with `question`, if any.
    pub fn get(&self, question: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.question == question)
    }

    /// Whether there are no problems.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
