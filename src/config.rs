//! Settings: every one is a flag and an environment variable, with a default that works.

use clap::Args;
use std::path::PathBuf;

/// Where data lives; shared by every command that touches storage.
#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// Where responses are stored: a SQLite file (created on first run) or a postgres:// URL.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/yousaid.db")]
    pub database_url: String,
}

/// Where the survey definitions are; shared by every command that reads them.
#[derive(Debug, Clone, Args)]
pub struct DefinitionsArgs {
    /// Directory of survey definitions (YAML).
    #[arg(
        long,
        env = "YOUSAID_DEFINITIONS",
        default_value = "survey-definitions"
    )]
    pub definitions: PathBuf,
}

/// Where the service is reached; shared by `serve` and the commands that write its links.
#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// Address and port to listen on.
    #[arg(long, env = "YOUSAID_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,

    /// Public URL of the service (default: http://ADDR); https makes session cookies Secure.
    #[arg(long, env = "YOUSAID_BASE_URL")]
    pub base_url: Option<String>,
}

impl SiteArgs {
    /// The public URL links are written with, before `serve` knows its port.
    pub fn public_base(&self) -> String {
        public_base(self.base_url.as_deref(), &self.addr, None)
    }
}

/// Settings of `yousaid serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub storage: StorageArgs,

    #[command(flatten)]
    pub site: SiteArgs,

    #[command(flatten)]
    pub defs: DefinitionsArgs,

    /// Submissions per client per minute; 0 turns the limit off.
    #[arg(long, env = "YOUSAID_SUBMIT_RATE", default_value_t = 20)]
    pub submit_rate: u32,

    /// Sign-in attempts per client per minute, counted before any password is checked; 0
    /// turns the limit off.
    #[arg(long, env = "YOUSAID_LOGIN_RATE", default_value_t = 10)]
    pub login_rate: u32,

    /// Secret for the signatures on form tokens (any long random text; the same on every
    /// replica). Unset, one is generated and kept in the database.
    #[arg(long, env = "YOUSAID_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,

    /// Bearer token that `GET /metrics` requires; unset, there is no `/metrics`.
    #[arg(long, env = "YOUSAID_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Seconds a request waits at most for a database lock held elsewhere before it is
    /// answered 503 with Retry-After.
    #[arg(long, env = "YOUSAID_DB_WAIT_SECONDS", default_value_t = 5)]
    pub db_wait_seconds: u64,

    /// Seconds a person needs at least to fill in a form; faster ones are marked as suspected bots.
    #[arg(long, env = "YOUSAID_MIN_FILL_SECONDS", default_value_t = 2)]
    pub min_fill_seconds: u64,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "YOUSAID_MAX_BODY_BYTES", default_value_t = 65_536)]
    pub max_body_bytes: usize,

    /// Seconds between checks of the definitions directory for edits.
    #[arg(long, env = "YOUSAID_RELOAD_SECONDS", default_value_t = 2)]
    pub reload_seconds: u64,

    /// Header a trusted reverse proxy sets to the client's address (e.g. X-Forwarded-For);
    /// used only for the rate limit. Leave unset unless a proxy you run sets it.
    #[arg(long, env = "YOUSAID_CLIENT_IP_HEADER")]
    pub client_ip_header: Option<String>,

    /// Minutes without a request after which a producer's session ends.
    #[arg(long, env = "YOUSAID_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u64,

    /// Hours after sign-in at which a producer's session ends, however busy.
    #[arg(long, env = "YOUSAID_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: u64,

    /// HTTP worker threads (default: one per CPU core).
    #[arg(long, env = "YOUSAID_WORKERS")]
    pub workers: Option<usize>,

    /// Seconds between checks for ended periods to draft (safe on several replicas); 0 turns
    /// scheduled drafting off in this process.
    #[arg(long, env = "YOUSAID_SCHEDULE_SECONDS", default_value_t = 300)]
    pub schedule_seconds: u64,

    #[command(flatten)]
    pub mail: crate::mail::MailArgs,
}

impl ServeArgs {
    /// The public base URL: as configured, or this machine at the bound port.
    pub fn public_base(&self, port: u16) -> String {
        public_base(self.site.base_url.as_deref(), &self.site.addr, Some(port))
    }
}

/// `YOUSAID_BASE_URL` without a trailing slash, or `http://` and the listening address (with
/// `port` in place of a port 0, and localhost for an address that listens everywhere).
pub fn public_base(base_url: Option<&str>, addr: &str, port: Option<u16>) -> String {
    match base_url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => {
            let (host, given) = addr.rsplit_once(':').unwrap_or(("127.0.0.1", "8080"));
            let host = if host == "0.0.0.0" || host == "[::]" {
                "localhost"
            } else {
                host
            };
            let port = port.map_or_else(|| given.to_owned(), |p| p.to_string());
            format!("http://{host}:{port}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::public_base;

    #[test]
    fn the_public_base_is_the_configured_url_or_the_listening_address() {
        assert_eq!(
            public_base(Some("https://feedback.example/"), "0.0.0.0:80", None),
            "https://feedback.example"
        );
        assert_eq!(
            public_base(None, "0.0.0.0:8080", None),
            "http://localhost:8080"
        );
        assert_eq!(
            public_base(Some(" "), "127.0.0.1:0", Some(4321)),
            "http://127.0.0.1:4321"
        );
    }
}
