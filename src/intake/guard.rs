//! Telling people from bots without tracking anyone: a honeypot field and a minimum fill time.
//!
//! What happens to a caught bot (see the README): a filled honeypot gets the normal thank-you
//! answer and nothing is stored; a form sent faster than a person could fill it in is stored
//! but marked `suspected_bot`, so a person who is simply quick loses nothing and a producer can
//! restore it, while summaries leave it out.

use super::store::ResponseStatus;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// Name of the hidden field people never fill in.
pub const HONEYPOT: &str = "website";
/// Name of the hidden field carrying the submission token.
pub const TOKEN: &str = "_token";

/// A fresh submission token for a form: a UUID v7, whose timestamp dates the form.
pub fn new_token() -> String {
    Uuid::now_v7().to_string()
}

/// What a form's hidden fields say about who sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Store with this token and status.
    Store {
        token: String,
        status: ResponseStatus,
    },
    /// Answer as if stored, store nothing.
    Drop,
}

/// Judges a form submission from its honeypot and token.
pub fn judge_form(honeypot: Option<&str>, token: Option<&str>, min_fill: Duration) -> Verdict {
    if honeypot.is_some_and(|h| !h.trim().is_empty()) {
        return Verdict::Drop;
    }
    let issued = token
        .and_then(|t| Uuid::parse_str(t.trim()).ok())
        .filter(|u| u.get_version_num() == 7)
        .and_then(|u| u.get_timestamp())
        .map(|ts| {
            let (secs, nanos) = ts.to_unix();
            UNIX_EPOCH + Duration::new(secs, nanos)
        });
    match (issued, token) {
        (Some(issued), Some(token)) => {
            let elapsed = SystemTime::now()
                .duration_since(issued)
                .unwrap_or(Duration::ZERO);
            let status = if elapsed < min_fill {
                ResponseStatus::SuspectedBot
            } else {
                ResponseStatus::Ok
            };
            Verdict::Store {
                token: token.trim().to_owned(),
                status,
            }
        }
        // Our forms always carry a token; a post without one did not come from a person
        // using the page, but may still be real (a hand-made form), so keep it, marked.
        _ => Verdict::Store {
            token: new_token(),
            status: if min_fill.is_zero() {
                ResponseStatus::Ok
            } else {
                ResponseStatus::SuspectedBot
            },
        },
    }
}

/// An `Idempotency-Key` as the API accepts it: 1 to 200 visible ASCII characters.
pub fn idempotency_key(header: Option<&str>) -> Result<String, &'static str> {
    match header {
        None => Ok(new_token()),
        Some(k) if !k.is_empty() && k.len() <= 200 && k.bytes().all(|b| b.is_ascii_graphic()) => {
            Ok(k.to_owned())
        }
        Some(_) => Err("Idempotency-Key must be 1 to 200 visible ASCII characters"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_honeypot_is_dropped() {
        assert_eq!(
            judge_form(Some("http://spam"), Some(&new_token()), Duration::ZERO),
            Verdict::Drop
        );
    }

    #[test]
    fn a_form_sent_too_fast_is_kept_but_marked() {
        let token = new_token();
        let verdict = judge_form(Some(""), Some(&token), Duration::from_secs(60));
        assert_eq!(
            verdict,
            Verdict::Store {
                token,
                status: ResponseStatus::SuspectedBot
            }
        );
    }

    #[test]
    fn an_old_enough_form_is_a_person() {
        let token = Uuid::new_v7(uuid::Timestamp::from_unix(
            uuid::NoContext,
            1_700_000_000,
            0,
        ));
        let verdict = judge_form(None, Some(&token.to_string()), Duration::from_secs(3));
        assert!(matches!(
            verdict,
            Verdict::Store {
                status: ResponseStatus::Ok,
                ..
            }
        ));
    }
}
