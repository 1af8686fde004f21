//! Email: every message is written to the `outbox` table in the same transaction as what caused
//! it, and a worker sends it over SMTP (lettre) with retries, or writes `.eml` files when no SMTP
//! server is configured. A request handler never talks SMTP, so an outage delays mail but loses
//! none.

pub mod message;
pub mod outbox;
pub mod worker;

use clap::Args;
use std::path::PathBuf;

pub use outbox::{Mail, enqueue};
pub use worker::{Transport, TransportError};

/// Mail settings of `yousaid serve`.
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// SMTP server, e.g. smtp://127.0.0.1:2525 or smtps://user:pass@smtp.example.com;
    /// unset: emails are written as .eml files to YOUSAID_OUTBOX_DIR instead.
    #[arg(long, env = "YOUSAID_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// Sender address of every email.
    #[arg(
        long,
        env = "YOUSAID_MAIL_FROM",
        default_value = "yousaid <noreply@localhost>"
    )]
    pub mail_from: String,

    /// Where emails are written as .eml files when YOUSAID_SMTP_URL is unset.
    #[arg(long, env = "YOUSAID_OUTBOX_DIR", default_value = "data/outbox")]
    pub outbox_dir: PathBuf,

    /// Seconds before the first retry of an email that could not be sent; doubles each time,
    /// up to an hour.
    #[arg(long, env = "YOUSAID_MAIL_RETRY_SECONDS", default_value_t = 30)]
    pub mail_retry_seconds: u64,
}

/// The part of an address safe to log: its domain.
pub fn domain_of(address: &str) -> &str {
    address
        .rsplit_once('@')
        .map_or("(no domain)", |(_, d)| d.trim_end_matches('>'))
}
