//! Where an action stands and whether a response counts: stored as codes, shown in words, with
//! one mapping each so no page prints `in_progress` or `suspected_bot`.

use crate::definitions::Language;
use crate::i18n::{Msg, t};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    InProgress,
    Done,
    /// Always published with its reason.
    CannotDo,
}

impl Status {
    /// Every status, in the order a producer meets them.
    pub const ALL: [Status; 4] = [
        Status::Planned,
        Status::InProgress,
        Status::Done,
        Status::CannotDo,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::CannotDo => "cannot_do",
        }
    }

    /// How a page names it.
    pub fn label(self) -> &'static str {
        self.label_in(Language::En)
    }

    /// How a page in `lang` names it.
    pub fn label_in(self, lang: Language) -> &'static str {
        t(
            lang,
            match self {
                Status::Planned => Msg::StatusPlanned,
                Status::InProgress => Msg::StatusInProgress,
                Status::Done => Msg::StatusDone,
                Status::CannotDo => Msg::StatusCannotDo,
            },
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Status::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| {
                format!("`{s}` is not a status: use planned, in_progress, done or cannot_do")
            })
    }
}

pub use crate::storage::entities::response::ResponseStatus;
