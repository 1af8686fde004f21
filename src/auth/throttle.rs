//! Failed sign-ins per client and account, kept in memory under a keyed hash: after a few
//! failures one client may not guess at one account for a while, without locking the account
//! for its owner. No address or email is kept, only 64-bit SipHash values under a key chosen
//! at random when the process starts.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a client's failures against one account are remembered.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Entries kept at most; past that, expired ones go, and if none has, the oldest do.
const CAPACITY: usize = 100_000;

/// Counts sign-in attempts per (client, account).
#[derive(Debug)]
pub struct Failures {
    per_client: u32,
    hasher: RandomState,
    counts: Mutex<HashMap<u64, (u32, Instant)>>,
}

impl Failures {
    /// Allows `per_client` failed attempts per client and account in each window.
    pub fn new(per_client: u32) -> Self {
        Self {
            per_client,
            hasher: RandomState::new(),
            counts: Mutex::new(HashMap::new()),
        }
    }

    fn key(&self, client: IpAddr, email: &str) -> u64 {
        self.hasher.hash_one((crate::net::network(client), email))
    }

    /// Counts an attempt before its password is checked; false when this client has used up
    /// its attempts at this account, and the password must not be checked at all.
    pub fn attempt(&self, client: IpAddr, email: &str) -> bool {
        let key = self.key(client, email);
        let now = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        if counts.len() >= CAPACITY && !counts.contains_key(&key) {
            counts.retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
            if counts.len() >= CAPACITY {
                counts.clear();
            }
        }
        let entry = counts.entry(key).or_insert((0, now));
        if now.duration_since(entry.1) >= WINDOW {
            *entry = (0, now);
        }
        if entry.0 >= self.per_client {
            return false;
        }
        entry.0 = entry.0.saturating_add(1);
        true
    }

    /// Forgets the client's failures at this account after it signed in.
    pub fn succeeded(&self, client: IpAddr, email: &str) {
        let key = self.key(client, email);
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        counts.remove(&key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_runs_out_of_attempts_at_one_account_only() {
        let failures = Failures::new(2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert!(failures.attempt(a, "x@example.org"));
        assert!(failures.attempt(a, "x@example.org"));
        assert!(!failures.attempt(a, "x@example.org"));
        assert!(failures.attempt(a, "y@example.org"));
        assert!(failures.attempt(b, "x@example.org"));
        failures.succeeded(a, "x@example.org");
        assert!(failures.attempt(a, "x@example.org"));
    }
}
