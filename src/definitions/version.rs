//! A definition's version: the hash of its normalised form.

use super::survey::Survey;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt;

/// SHA-256 of the survey's canonical JSON, hex-encoded.
///
/// Whitespace, comments, key order and spelled-out defaults do not change it, because it hashes
/// the checked model rather than the file; any change a respondent or a summary could notice does.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Version(String);

impl Version {
    /// The version of `survey`.
    pub fn of(survey: &Survey) -> Self {
        // Serialising plain structs and Vecs cannot fail; an empty hash input would still
        // be a stable (if useless) version, so no panic path is needed.
        let canonical = serde_json::to_vec(survey).unwrap_or_default();
        let digest = Sha256::digest(&canonical);
        Self(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The full hex digest.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first 12 hex digits, enough to tell versions apart on screen.
    pub fn short(&self) -> &str {
        &self.0[..12]
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
