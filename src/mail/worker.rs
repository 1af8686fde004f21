//! The mail worker: sends due outbox rows, one at a time, with retries and backoff. Safe on
//! several replicas: each row is claimed before it is sent.

use super::{MailArgs, domain_of, message, outbox};
use crate::storage::Db;
use chrono::Utc;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// "Retry" a permanently rejected message only after this long: in effect, never.
const NEVER: u64 = 100 * 365 * 86_400;

/// How often the worker looks for due mail.
const POLL: Duration = Duration::from_millis(500);

/// Where mail goes.
#[derive(Clone)]
pub enum Transport {
    /// A real SMTP server.
    Smtp(Box<AsyncSmtpTransport<Tokio1Executor>>),
    /// `.eml` files in a directory, named after the outbox row.
    Files(PathBuf),
}

/// Mail settings that cannot work.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("YOUSAID_SMTP_URL is not a usable SMTP URL: {0}")]
    SmtpUrl(String),
    #[error("YOUSAID_MAIL_FROM is not an email address: {0}")]
    From(String),
}

impl Transport {
    /// SMTP when a URL is given, files otherwise.
    pub fn from_args(args: &MailArgs) -> Result<(Self, Mailbox), TransportError> {
        let from: Mailbox = args
            .mail_from
            .parse()
            .map_err(|e: lettre::address::AddressError| TransportError::From(e.to_string()))?;
        let transport = match &args.smtp_url {
            Some(url) if !url.trim().is_empty() => Transport::Smtp(Box::new(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| TransportError::SmtpUrl(e.to_string()))?
                    .timeout(Some(Duration::from_secs(30)))
                    .build(),
            )),
            _ => Transport::Files(args.outbox_dir.clone()),
        };
        Ok((transport, from))
    }

    /// Says at start-up where mail will go.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "emails are sent over SMTP (YOUSAID_SMTP_URL)".to_owned(),
            Transport::Files(dir) => format!(
                "no SMTP server configured (YOUSAID_SMTP_URL): emails are written as .eml files to {}",
                dir.display()
            ),
        }
    }

    /// Sends one message; `Err(permanent, detail)` when it failed.
    async fn send(
        &self,
        row: &crate::storage::entities::outbox::Model,
        from: &Mailbox,
    ) -> Result<(), (bool, String)> {
        let message = message::build(row, from).map_err(|e| (true, e.to_string()))?;
        match self {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| (rejects_recipient(&e), smtp_error(&e))),
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| (false, e.to_string()))?;
                let path = dir.join(format!("{}.eml", row.id));
                tokio::fs::write(path, message.formatted())
                    .await
                    .map_err(|e| (false, e.to_string()))
            }
        }
    }
}

/// Whether the server refused this recipient for good (550, 551, 553). Other permanent
/// replies (a wrong password, TLS required, relaying denied) are the sender's setup: they are
/// retried with backoff so that fixing the setup delivers everything waiting.
fn rejects_recipient(e: &lettre::transport::smtp::Error) -> bool {
    e.is_permanent()
        && e.status()
            .is_some_and(|code| matches!(code.to_string().as_str(), "550" | "551" | "553"))
}

/// An SMTP failure in words fit for the log: a server's reply can quote the recipient's
/// address, so only its code is kept; connection failures name no one.
fn smtp_error(e: &lettre::transport::smtp::Error) -> String {
    match e.status() {
        Some(code) => format!("the SMTP server replied {code}"),
        None => e.to_string(),
    }
}

/// Sends everything due now; returns how many were sent.
pub async fn send_due(
    db: &Db,
    transport: &Transport,
    from: &Mailbox,
    retry_seconds: u64,
) -> Result<usize, sea_orm::DbErr> {
    let mut sent = 0_usize;
    for row in outbox::due(db, Utc::now(), 50).await? {
        // Claimed from now, not from when the batch was read: a slow server must not let
        // another replica take (and send) the later rows while this one still holds them.
        if !outbox::claim(db, row.id, Utc::now()).await? {
            continue;
        }
        match transport.send(&row, from).await {
            Ok(()) => {
                outbox::sent(db, &row).await?;
                sent = sent.saturating_add(1);
                tracing::info!(mail = %row.id, domain = domain_of(&row.recipient), "email sent");
            }
            Err((permanent, detail)) => {
                let wait = if permanent {
                    // Retrying a rejected address cannot help; keep the row to show why.
                    NEVER
                } else {
                    outbox::backoff(retry_seconds, row.attempts.saturating_add(1))
                };
                outbox::failed(db, &row, &detail, wait).await?;
                tracing::warn!(
                    mail = %row.id,
                    domain = domain_of(&row.recipient),
                    attempt = row.attempts.saturating_add(1),
                    permanent,
                    retry_in_seconds = if permanent { None } else { Some(wait) },
                    error = %detail,
                    "email not sent"
                );
            }
        }
    }
    Ok(sent)
}

/// Runs until the task is aborted.
pub async fn run(db: Db, transport: Transport, from: Mailbox, retry_seconds: u64) {
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = send_due(&db, &transport, &from, retry_seconds).await {
            tracing::warn!(error = %e, "could not read the mail outbox; will retry");
        }
    }
}
