//! Where a revision of a period stands. Stored as a word in `publications.state`; read into
//! this enum once, at the storage edge, and compared as a type everywhere else.

use crate::storage::entities::publication;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A revision's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Drafted, waiting for a publisher.
    Draft,
    /// Sent back by a publisher, with a note.
    Returned,
    /// Public; never changes again.
    Published,
}

impl State {
    /// The word stored for it.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Returned => "returned",
            State::Published => "published",
        }
    }

    /// The state a stored word names.
    pub fn parse(word: &str) -> Option<State> {
        [State::Draft, State::Returned, State::Published]
            .into_iter()
            .find(|s| s.as_str() == word)
    }

    /// How the workspace writes it.
    pub fn label(self) -> &'static str {
        match self {
            State::Draft => "Draft",
            State::Returned => "Sent back",
            State::Published => "Published",
        }
    }
}

/// One revision of a period, as the workspace lists it (its summary left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub period: String,
    pub revision: i32,
    pub state: State,
    pub drafted_at: DateTime<Utc>,
    pub published_by: Option<String>,
    pub review_note: Option<String>,
    pub change_note: Option<String>,
}

impl Revision {
    /// The revision a stored row holds; none when its state is not one this version knows.
    pub fn of(row: &publication::Model) -> Option<Revision> {
        Some(Revision {
            period: row.period.clone(),
            revision: row.revision,
            state: State::parse(&row.state)?,
            drafted_at: row.drafted_at,
            published_by: row.published_by.clone(),
            review_note: row.review_note.clone(),
            change_note: row.change_note.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_reads_back_from_its_stored_word() {
        for s in [State::Draft, State::Returned, State::Published] {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        assert_eq!(State::parse("Published"), None);
    }
}
