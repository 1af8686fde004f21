//! Producer logins and permissions: who may see and change what, per team.
//!
//! Passwords are argon2id hashes; session and API tokens are random and stored only as SHA-256
//! hashes, so a copy of the database lets nobody sign in.

mod login;
mod password;
mod roles;
mod secret;
mod service_key;
mod session;
mod throttle;
mod tokens;
mod users;

pub use login::{ACCOUNT_FAILURES, LoginError, MAX_FAILED_LOGINS, sign_in};
pub use password::PasswordChecks;
pub use roles::{Denied, Principal, Role};
pub use secret::new_secret;
pub use secret::same as same_secret;
pub use secret::stored_form as hashed_secret;
pub use service_key::ServiceKey;
pub use session::{SessionPolicy, end_session, find_session, purge_sessions, start_session};
pub use throttle::Failures;
pub use tokens::{create_token, find_token, revoke_token};
pub use users::{UserError, UserSummary, add_user, list_users, remove_user, set_role};

use crate::storage::StorageError;

/// Why an authentication step failed for reasons other than bad credentials.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("password hashing failed")]
    Hashing,
}

impl From<sea_orm::DbErr> for AuthError {
    fn from(e: sea_orm::DbErr) -> Self {
        AuthError::Storage(StorageError(e))
    }
}
