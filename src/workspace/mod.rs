//! The producer workspace: reviewing responses, coding comments into themes, recording actions,
//! exporting, and keeping personal data no longer than promised.
//!
//! Every function here takes an already-authorised survey; permission checks happen once, in
//! `auth::Principal::require`, before any of this is called.

pub mod actions;
pub mod export;
pub mod quotes;
pub mod responses;
pub mod retention;
pub mod suggest;
pub mod themes;

use crate::storage::StorageError;

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
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sea_orm::DbErr> for WorkspaceError {
    fn from(e: sea_orm::DbErr) -> Self {
        WorkspaceError::Storage(StorageError(e))
    }
}
