//! `responses`: one row per accepted submission.

use sea_orm::entity::prelude::*;

/// One response to one survey version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "responses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub survey_id: String,
    pub version: String,
    pub submitted_at: DateTimeUtc,
    pub token: String,
    pub page: Option<String>,
    pub status: String,
    /// For API submissions: a hash of the request, so a key replayed with another body is refused.
    pub fingerprint: Option<String>,
    /// Arrived through a survey link another user shared (a flag, never who shared it).
    pub referred: bool,
}

/// How a stored response counts; `status` holds one of these words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseStatus {
    /// Counted in summaries.
    Ok,
    /// Marked as spam by a producer; kept, but left out of counts.
    Spam,
    /// Filled in faster than a person could; kept, but left out of counts until a producer
    /// restores it.
    SuspectedBot,
}

impl ResponseStatus {
    /// Every status, in the order the workspace lists them.
    pub const ALL: [ResponseStatus; 3] = [Self::Ok, Self::Spam, Self::SuspectedBot];

    /// The stored word.
    pub const fn as_str(self) -> &'static str {
        match self {
            ResponseStatus::Ok => "ok",
            ResponseStatus::Spam => "spam",
            ResponseStatus::SuspectedBot => "suspected_bot",
        }
    }

    /// How a page names it.
    pub fn label(self) -> &'static str {
        match self {
            ResponseStatus::Ok => "Counted",
            ResponseStatus::Spam => "Spam",
            ResponseStatus::SuspectedBot => "Suspected bot",
        }
    }

    /// The status stored as `stored`, if it is one.
    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == stored)
    }

    /// How a page names the status stored as `stored`; one it does not know, as stored.
    pub fn label_of(stored: &str) -> &str {
        match Self::parse(stored) {
            Some(s) => s.label(),
            None => stored,
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
