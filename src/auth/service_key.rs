//! The service's own signing key, for tokens it hands out and must recognise later (form
//! tokens, for now). Set by `YOUSAID_SECRET_KEY`, or generated once and kept in the database,
//! so every replica signs and checks alike.

use super::secret::{hex, new_secret};
use crate::storage::entities::service_key;
use crate::storage::{Db, StorageError};
use hmac::{KeyInit, Mac};
use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;
use sea_orm::sea_query::OnConflict;
use sha2::{Digest, Sha256};

type HmacSha256 = hmac::Hmac<Sha256>;

/// The name of the generated key in `service_keys`.
const NAME: &str = "signing";
/// Bytes of MAC kept in a token: 128 bits is far beyond guessing.
const MAC_BYTES: usize = 16;

/// A secret key for HMAC-SHA256 signatures.
#[derive(Clone)]
pub struct ServiceKey([u8; 32]);

impl std::fmt::Debug for ServiceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServiceKey(…)")
    }
}

impl ServiceKey {
    /// A key derived from a configured secret (any length; hashed to 32 bytes).
    pub fn from_secret(secret: &str) -> Self {
        Self(Sha256::digest(secret.as_bytes()).into())
    }

    /// The configured key, or the one generated for this database (created on first use; the
    /// first replica to insert it wins, and the others read it back).
    pub async fn load(db: &Db, configured: Option<&str>) -> Result<Self, StorageError> {
        if let Some(secret) = configured.map(str::trim).filter(|s| !s.is_empty()) {
            return Ok(Self::from_secret(secret));
        }
        let fresh = new_secret("")
            .map_err(|e| StorageError(sea_orm::DbErr::Custom(format!("no randomness: {e}"))))?;
        service_key::Entity::insert(service_key::ActiveModel {
            name: Set(NAME.to_owned()),
            secret: Set(fresh),
            created_at: Set(chrono::Utc::now()),
        })
        .on_conflict(
            OnConflict::column(service_key::Column::Name)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db.conn())
        .await?;
        let stored = service_key::Entity::find_by_id(NAME.to_owned())
            .one(db.conn())
            .await?
            .ok_or_else(|| StorageError(sea_orm::DbErr::RecordNotFound(NAME.to_owned())))?;
        Ok(Self::from_secret(&stored.secret))
    }

    fn mac(&self, purpose: &str, message: &str) -> HmacSha256 {
        // A 32-byte key is always a valid HMAC key; the fallback is unreachable.
        let mut mac = HmacSha256::new_from_slice(&self.0)
            .unwrap_or_else(|_| HmacSha256::new(&Default::default()));
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(message.as_bytes());
        mac
    }

    /// The signature of `message` for `purpose`, as hex.
    pub fn sign(&self, purpose: &str, message: &str) -> String {
        let tag = self.mac(purpose, message).finalize().into_bytes();
        hex(tag.get(..MAC_BYTES).unwrap_or(&tag))
    }

    /// Whether `signature` is this key's signature of `message` for `purpose`, compared in
    /// constant time.
    pub fn verify(&self, purpose: &str, message: &str, signature: &str) -> bool {
        let Some(bytes) = unhex(signature) else {
            return false;
        };
        bytes.len() == MAC_BYTES
            && self
                .mac(purpose, message)
                .verify_truncated_left(&bytes)
                .is_ok()
    }
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_key_purpose_and_message() {
        let key = ServiceKey::from_secret("one");
        let signature = key.sign("form", "hello");
        assert!(key.verify("form", "hello", &signature));
        assert!(!key.verify("form", "hello!", &signature));
        assert!(!key.verify("other", "hello", &signature));
        assert!(!ServiceKey::from_secret("two").verify("form", "hello", &signature));
        assert!(!key.verify("form", "hello", "zz"));
        assert!(!key.verify("form", "hello", ""));
    }
}
