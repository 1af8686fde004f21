//! argon2id password hashes, computed off the async threads, a few at a time.
//!
//! Each hash takes 19 MiB for a moment; without a bound, a flood of sign-in attempts would
//! take that much memory per attempt at once. At most one hash per core runs, each on one of
//! a fixed set of threads (so the allocator keeps at most one such buffer per thread, instead
//! of one per thread of the blocking pool); the rest wait briefly and are turned away as busy.

use argon2::password_hash::PasswordHasher;
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use std::cell::RefCell;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::{Semaphore, oneshot};

/// How long a password check waits for a free slot before the caller is told to retry.
const WAIT: Duration = Duration::from_secs(3);

/// Too many password checks are running; try again shortly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many sign-ins are being checked at once")]
pub struct Busy;

type Job = Box<dyn FnOnce() + Send>;

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// How many password checks may run at once in one service: one per core.
#[derive(Debug)]
pub struct PasswordChecks(Semaphore);

impl Default for PasswordChecks {
    fn default() -> Self {
        Self(Semaphore::new(cores()))
    }
}

/// The hashing threads, one per core, started on first use and kept for the process's life.
fn hashers() -> &'static Mutex<Sender<Job>> {
    static HASHERS: OnceLock<Mutex<Sender<Job>>> = OnceLock::new();
    HASHERS.get_or_init(|| {
        let (jobs, queue) = channel::<Job>();
        let queue: Arc<Mutex<Receiver<Job>>> = Arc::new(Mutex::new(queue));
        for n in 0..cores() {
            let queue = queue.clone();
            let started = std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || {
                    loop {
                        let job = queue.lock().unwrap_or_else(|p| p.into_inner()).recv();
                        match job {
                            Ok(job) => job(),
                            Err(_) => break,
                        }
                    }
                });
            if let Err(e) = started {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        Mutex::new(jobs)
    })
}

/// Runs `work` on a hashing thread once one of `slots` is free; none if it could not run.
async fn bounded<T: Send + 'static>(
    slots: &PasswordChecks,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<Option<T>, Busy> {
    let permit = tokio::time::timeout(WAIT, slots.0.acquire())
        .await
        .map_err(|_| Busy)?
        .map_err(|_| Busy)?;
    let result = on_hasher(work).await;
    drop(permit);
    Ok(result)
}

/// Runs `work` on a hashing thread.
async fn on_hasher<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (reply, answer) = oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = reply.send(work());
    });
    let sent = hashers()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .send(job)
        .is_ok();
    if sent { answer.await.ok() } else { None }
}

/// A hash of a password nobody knows, so unknown users cost as much time as known ones.
fn dummy() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        Argon2::default()
            .hash_password(b"no user has this password")
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// Hashes a new password (for operators only, so not bounded); none if hashing failed.
pub async fn hash(password: String) -> Option<String> {
    on_hasher(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .ok()
            .map(|h| h.to_string())
    })
    .await
    .flatten()
}

/// Whether `password` matches `stored`; with no stored hash, spends the same time and says no.
pub async fn verify(
    slots: &PasswordChecks,
    password: String,
    stored: Option<String>,
) -> Result<bool, Busy> {
    Ok(bounded(slots, move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| dummy().to_owned());
        let matches = matches_stored(password.as_bytes(), &hash);
        known && matches
    })
    .await?
    .unwrap_or(false))
}

/// Most memory a stored hash may ask to be checked with (the default is 19 MiB); a hash that
/// asks for more is treated as not matching rather than allocated.
const MAX_BLOCKS: usize = 64 * 1024;

thread_local! {
    /// Each hashing thread's working memory, allocated once and reused: allocating 19 MiB per
    /// check made the allocator keep a new 19 MiB for nearly every check (about 20 MiB more
    /// resident memory per sign-in, hundreds of MiB under a flood).
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Whether `password` hashes to the PHC string `stored`, computed in this thread's memory.
fn matches_stored(password: &[u8], stored: &str) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else {
        return false;
    };
    let (Ok(params), Ok(algorithm)) = (
        Params::try_from(&hash),
        Algorithm::try_from(hash.algorithm.as_str()),
    ) else {
        return false;
    };
    let version = match hash.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    let needed = params.block_count();
    if needed > MAX_BLOCKS {
        return false;
    }
    let expected = expected.as_bytes();
    let mut computed = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    let hashed = BLOCKS.with_borrow_mut(|blocks| {
        if blocks.len() < needed {
            blocks.resize(needed, Block::default());
        }
        let memory = blocks.get_mut(..needed).unwrap_or_default();
        argon2
            .hash_password_into_with_memory(password, salt.as_ref(), &mut computed, memory)
            .is_ok()
    });
    hashed && crate::auth::secret::same_bytes(&computed, expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_matches_its_own_hash_only() {
        let stored = Argon2::default()
            .hash_password(b"correct horse battery")
            .map(|h| h.to_string())
            .unwrap();
        assert!(matches_stored(b"correct horse battery", &stored));
        assert!(!matches_stored(b"correct horse batterY", &stored));
        assert!(!matches_stored(b"correct horse battery", "not a hash"));
        // The second check reuses the thread's memory and still agrees.
        assert!(matches_stored(b"correct horse battery", &stored));
    }
}
