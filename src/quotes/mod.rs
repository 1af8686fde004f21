//! What may be quoted in public: a comment with its personal details removed, and the quote
//! as a summary carries it. Below the workspace (which chooses and reviews quotes) and
//! publishing (which prints them), so both call down into it.

pub mod redact;

pub use redact::redact;
use serde::{Deserialize, Serialize};

/// A comment a producer chose and approved, after redaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    /// The question it answered.
    pub question: String,
}
