//! The producer workspace: reviewing responses, coding comments into themes, recording actions,
//! exporting, and keeping personal data no longer than promised.
//!
//! Every function here takes an already-authorised survey; permission checks happen once, in
//! `auth::Principal::require`, before any of this is called.

pub mod actions;
pub mod export;
pub mod filter;
pub mod needs;
pub mod organisation;
pub mod page_feedback;
pub mod phrases;
pub mod problems;
pub mod quotes;
pub mod responses;
pub mod search;
pub mod statuses;
pub mod suggest;
pub mod tagging;
pub mod themes;

use crate::storage::{Failure, StorageError};

/// What can go wrong in the workspace, in the producer's words.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("{0}")]
    Invalid(String),
    #[error("not found")]
    NotFound,
    /// The request is valid but clashes with what is stored (a theme name already used).
    #[error("{0}")]
    Conflict(String),
    /// A form with problems the producer can correct, each tied to its field.
    #[error("{0}")]
    Refused(problems::Problems),
    /// Something stored (or built to be stored) cannot be read or written as it should: a
    /// fault of the service, not of the request. The detail is for the log only.
    #[error(
        "Something stored for this cannot be read, so this cannot go ahead. The service's log says what."
    )]
    Corrupt(String),
    #[error(transparent)]
    Storage(StorageError),
}

/// What a producer reads when their change lost a race with someone else's.
const RACED: &str = "Someone else changed this at the same moment; reload the page to see it, then try again if it is still needed";

impl From<StorageError> for WorkspaceError {
    fn from(e: StorageError) -> Self {
        match e.failure() {
            // A unique or foreign key refused the write: the check before it passed, so a
            // concurrent request stored the clashing row in between.
            Failure::Conflict => {
                tracing::info!(error = %e.0, "a workspace write lost a race");
                WorkspaceError::Conflict(RACED.to_owned())
            }
            Failure::Unavailable | Failure::Other => WorkspaceError::Storage(e),
        }
    }
}

impl From<problems::Problems> for WorkspaceError {
    fn from(p: problems::Problems) -> Self {
        WorkspaceError::Refused(p)
    }
}

impl From<sea_orm::DbErr> for WorkspaceError {
    fn from(e: sea_orm::DbErr) -> Self {
        StorageError(e).into()
    }
}
