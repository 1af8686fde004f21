//! What every handler can reach.

use crate::definitions::{LoadedSurvey, SharedCatalog};
use crate::intake::{RateLimiter, Writer};
use crate::storage::Db;
use std::sync::Arc;
use std::time::Duration;

/// Shared state, one per process.
pub struct AppState {
    pub db: Db,
    pub catalog: SharedCatalog,
    pub writer: Writer,
    pub limiter: RateLimiter,
    /// Sign-in attempts per client, checked before any password hashing.
    pub login_limiter: RateLimiter,
    /// Bounds the password checks running at once.
    pub password_checks: crate::auth::PasswordChecks,
    /// Failed sign-ins per client and account.
    pub login_failures: crate::auth::Failures,
    /// Signs and checks form tokens.
    pub key: crate::auth::ServiceKey,
    pub min_fill: Duration,
    pub max_body: usize,
    pub client_ip_header: Option<String>,
    /// Whether cookies must be `Secure` (the public URL is https).
    pub secure_cookies: bool,
    pub sessions: crate::auth::SessionPolicy,
    /// Public addresses, for links in feeds and emails.
    pub site: crate::publishing::site::Site,
    /// This process's counters, for `/metrics`.
    pub metrics: std::sync::Arc<crate::metrics::Metrics>,
    /// What `/metrics` asks for; none turns it off.
    pub metrics_token: Option<String>,
}

impl AppState {
    /// The survey with this id, as currently loaded.
    pub fn survey(&self, id: &str) -> Option<Arc<LoadedSurvey>> {
        self.catalog.survey(id)
    }
}
