//! Per-client submission limits, kept in memory under a keyed hash of the address.
//!
//! No address is ever written anywhere: the map holds 64-bit SipHash values under a key chosen
//! at random when the process starts, and each entry lives for one minute.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// Counts submissions per client in a minute that starts with the client's first one, so a
/// burst cannot straddle two clock minutes to get twice the limit.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    hasher: RandomState,
    windows: Mutex<Windows>,
}

#[derive(Debug, Default)]
struct Windows {
    /// Per client: submissions counted, and the second its minute started.
    counts: HashMap<u64, (u32, u64)>,
    /// When entries older than a minute were last cleared out.
    swept: u64,
}

impl RateLimiter {
    /// A limit of `per_minute` submissions per client; 0 turns it off.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            hasher: RandomState::new(),
            windows: Mutex::new(Windows::default()),
        }
    }

    /// Counts one submission; `Err(seconds)` says how long to wait when over the limit.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let key = self.hasher.hash_one(crate::net::network(client));
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if now.saturating_sub(windows.swept) >= 60 {
            windows
                .counts
                .retain(|_, (_, start)| now.saturating_sub(*start) < 60);
            windows.swept = now;
        }
        let (count, start) = windows.counts.entry(key).or_insert((0, now));
        if now.saturating_sub(*start) >= 60 {
            (*count, *start) = (0, now);
        }
        if *count >= self.per_minute {
            return Err(60u64.saturating_sub(now.saturating_sub(*start)).max(1));
        }
        *count = count.saturating_add(1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_applies_per_client() {
        let limiter = RateLimiter::new(2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert!(limiter.check(a).is_ok());
        assert!(limiter.check(a).is_ok());
        let wait = limiter.check(a).unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(limiter.check(b).is_ok());
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let limiter = RateLimiter::new(0);
        let a: IpAddr = "2001:db8::1".parse().unwrap();
        assert!((0..100).all(|_| limiter.check(a).is_ok()));
    }
}
