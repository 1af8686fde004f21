//! What makes two imported rows the same response: the survey, the moment and the answers as
//! mapped, never how the file spells them (header text, column order, case, extra columns).

use crate::intake::{Answer, Answers};
use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The idempotency token of an imported row: `import-` and a SHA-256 over the survey id, the
/// UTC instant and the answers serialised with sorted keys and sorted values.
pub fn row_token(survey: &str, submitted_at: DateTime<Utc>, answers: &Answers) -> String {
    let mut meaning: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for (question, answer) in answers.iter() {
        let mut values: Vec<(String, String)> = match answer {
            Answer::Email(email) => vec![("email".to_owned(), email.clone())],
            _ => answer
                .rows()
                .into_iter()
                .map(|row| (row.value, row.text.unwrap_or_default()))
                .collect(),
        };
        // Choices ticked in another order are the same answer.
        values.sort();
        meaning.insert(question, values);
    }
    let canonical = serde_json::json!({
        "survey": survey,
        "submitted_at": submitted_at.to_rfc3339_opts(SecondsFormat::Nanos, true),
        "answers": meaning,
    });
    let digest = Sha256::digest(canonical.to_string().as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("import-{hex}")
}
