//! Telling people from bots without tracking anyone: a honeypot field and a minimum fill time.
//!
//! What happens to a caught bot (see the README): a filled honeypot gets the normal thank-you
//! answer and nothing is stored; a form sent faster than a person could fill it in is stored
//! but marked `suspected_bot`, so a person who is simply quick loses nothing and a producer can
//! restore it, while summaries leave it out.

use super::store::ResponseStatus;
use crate::auth::ServiceKey;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// Name of the hidden field people never fill in.
pub const HONEYPOT: &str = "website";
/// Name of the hidden field carrying the submission token.
pub const TOKEN: &str = "_token";

/// What form tokens are signed for, so no other signature of the key can pass as one.
const PURPOSE: &str = "form-token";

/// A fresh submission token for a form: a UUID v7, whose timestamp dates the form, signed so
/// that nobody can back-date one.
pub fn new_token(key: &ServiceKey) -> String {
    let id = Uuid::now_v7().to_string();
    let signature = key.sign(PURPOSE, &id);
    format!("{id}.{signature}")
}

/// A token the API or a hand-made form uses where no signed one was given.
pub fn unsigned_token() -> String {
    Uuid::now_v7().to_string()
}

/// When a token this service signed was issued; none for anything else.
fn issued_at(key: &ServiceKey, token: &str) -> Option<SystemTime> {
    let (id, signature) = token.split_once('.')?;
    if !key.verify(PURPOSE, id, signature) {
        return None;
    }
    let (secs, nanos) = Uuid::parse_str(id)
        .ok()
        .filter(|u| u.get_version_num() == 7)?
        .get_timestamp()?
        .to_unix();
    UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
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
pub fn judge_form(
    key: &ServiceKey,
    honeypot: Option<&str>,
    token: Option<&str>,
    min_fill: Duration,
) -> Verdict {
    if honeypot.is_some_and(|h| !h.trim().is_empty()) {
        return Verdict::Drop;
    }
    let issued = token.and_then(|t| issued_at(key, t.trim()));
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
        // Our forms always carry a signed token; a post without one (or with a forged one) did
        // not come from a person using the page, but may still be real (a hand-made form), so
        // keep it, marked. A forged token still makes its retries idempotent.
        _ => Verdict::Store {
            token: token
                .map(str::trim)
                .filter(|t| !t.is_empty() && t.len() <= 200 && crate::storable::is_storable(t))
                .map_or_else(unsigned_token, |t| format!("unsigned:{t}")),
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
        None => Ok(unsigned_token()),
        Some(k) if !k.is_empty() && k.len() <= 200 && k.bytes().all(|b| b.is_ascii_graphic()) => {
            Ok(k.to_owned())
        }
        Some(_) => Err("Idempotency-Key must be 1 to 200 visible ASCII characters"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ServiceKey {
        ServiceKey::from_secret("test key")
    }

    #[test]
    fn a_filled_honeypot_is_dropped() {
        assert_eq!(
            judge_form(
                &key(),
                Some("http://spam"),
                Some(&new_token(&key())),
                Duration::ZERO
            ),
            Verdict::Drop
        );
    }

    #[test]
    fn a_form_sent_too_fast_is_kept_but_marked() {
        let token = new_token(&key());
        let verdict = judge_form(&key(), Some(""), Some(&token), Duration::from_secs(60));
        assert_eq!(
            verdict,
            Verdict::Store {
                token,
                status: ResponseStatus::SuspectedBot
            }
        );
    }

    fn old_id() -> String {
        Uuid::new_v7(uuid::Timestamp::from_unix(
            uuid::NoContext,
            1_700_000_000,
            0,
        ))
        .to_string()
    }

    #[test]
    fn an_old_enough_form_is_a_person() {
        let id = old_id();
        let token = format!("{id}.{}", key().sign(PURPOSE, &id));
        let verdict = judge_form(&key(), None, Some(&token), Duration::from_secs(3));
        assert!(matches!(
            verdict,
            Verdict::Store {
                status: ResponseStatus::Ok,
                ..
            }
        ));
    }

    #[test]
    fn a_back_dated_token_without_our_signature_is_a_suspected_bot() {
        for forged in [
            old_id(),
            format!("{}.00112233445566778899aabbccddeeff", old_id()),
            format!(
                "{}.{}",
                old_id(),
                ServiceKey::from_secret("another").sign(PURPOSE, &old_id())
            ),
        ] {
            let verdict = judge_form(&key(), None, Some(&forged), Duration::from_secs(3));
            assert!(
                matches!(
                    verdict,
                    Verdict::Store {
                        status: ResponseStatus::SuspectedBot,
                        ..
                    }
                ),
                "{forged}"
            );
        }
    }
}
