//! Turning an outbox row into a MIME message: plain text always, HTML when there is one, and the
//! one-click unsubscribe headers (RFC 2369, RFC 8058) on subscriber mail.

use crate::storage::entities::outbox;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};

/// Why a row cannot become a message: a bad address never gets better by retrying.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    #[error("invalid address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("cannot build the message: {0}")]
    Build(#[from] lettre::error::Error),
}

/// Builds the message for `row`, sent from `from`.
pub fn build(row: &outbox::Model, from: &Mailbox) -> Result<Message, MessageError> {
    let to: Mailbox = row.recipient.parse()?;
    let domain = from.email.domain().to_owned();
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(row.subject.clone())
        // Stable per outbox row, so a resend after a crash is recognisable as the same message.
        .message_id(Some(format!("<{}@{domain}>", row.id)));
    let mut message = match &row.html_body {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            row.text_body.clone(),
            html.clone(),
        ))?,
        None => builder.singlepart(SinglePart::plain(row.text_body.clone()))?,
    };
    if let Some(url) = &row.unsubscribe_url {
        let headers = message.headers_mut();
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{url}>"),
        ));
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_owned(),
        ));
    }
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn row(html: Option<&str>, unsubscribe: Option<&str>) -> outbox::Model {
        outbox::Model {
            id: uuid::Uuid::now_v7(),
            dedupe_key: "k".into(),
            recipient: "reader@example.org".into(),
            subject: "You said, we did: 2026-Q3".into(),
            text_body: "Plain words".into(),
            html_body: html.map(str::to_owned),
            unsubscribe_url: unsubscribe.map(str::to_owned),
            created_at: Utc::now(),
            attempts: 0,
            next_attempt_at: Utc::now(),
            claimed_until: None,
            sent_at: None,
            last_error: None,
        }
    }

    #[test]
    fn subscriber_mail_has_both_parts_and_one_click_unsubscribe() {
        let from: Mailbox = "yousaid <noreply@stats.example>".parse().unwrap();
        let message = build(
            &row(
                Some("<p>Rich words</p>"),
                Some("https://stats.example/u/abc"),
            ),
            &from,
        )
        .unwrap();
        let text = String::from_utf8(message.formatted()).unwrap();
        assert!(text.contains("List-Unsubscribe: <https://stats.example/u/abc>"));
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(text.contains("multipart/alternative"));
        assert!(text.contains("text/plain"));
        assert!(text.contains("Plain words"));
        assert!(text.contains("@stats.example>"));
    }

    #[test]
    fn a_bad_recipient_is_an_error_not_a_panic() {
        let from: Mailbox = "noreply@stats.example".parse().unwrap();
        let mut bad = row(None, None);
        bad.recipient = "not an address".into();
        assert!(build(&bad, &from).is_err());
    }
}
