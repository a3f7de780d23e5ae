//! Password hashing with argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane),
//! run on a few threads of its own so a login never stalls the async runtime.
//!
//! Invariant: passwords are never stored, logged or returned; only PHC hash strings.
//! At most [`MAX_CONCURRENT`] hashes run at once, always on the same threads: the
//! allocator keeps a freed 19 MiB block for the thread that used it, so hashing on
//! whichever blocking thread was free left one such block behind on each of them.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted (hashing cost is bounded by this too).
pub const MAX_PASSWORD_CHARS: usize = 256;
/// Password checks run at once at most (each takes 19 MiB and a core for a while);
/// more wait their turn, so a flood of logins cannot exhaust memory.
pub const MAX_CONCURRENT: usize = 2;

type Job = Box<dyn FnOnce() + Send>;

/// Runs `f` on one of the hashing threads (started on first use) and waits for it.
async fn on_hashing_thread<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    static JOBS: OnceLock<Mutex<Sender<Job>>> = OnceLock::new();
    let jobs = JOBS.get_or_init(|| {
        let (send, receive) = channel::<Job>();
        let receive = Arc::new(Mutex::new(receive));
        for n in 0..MAX_CONCURRENT {
            let receive = Arc::clone(&receive);
            let started = std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || work(&receive));
            if let Err(e) = started {
                tracing::error!(error = %e, "a password hashing thread did not start");
            }
        }
        Mutex::new(send)
    });
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(f());
    });
    jobs.lock()
        .map_err(|_| anyhow::anyhow!("the password threads are gone"))?
        .send(job)
        .map_err(|_| anyhow::anyhow!("the password threads are gone"))?;
    answered
        .await
        .map_err(|_| anyhow::anyhow!("a password check failed"))
}

fn work(jobs: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while waiting for the next job.
        let next = match jobs.lock() {
            Ok(receive) => receive.recv(),
            Err(_) => return,
        };
        match next {
            // A job that panics loses its answer (the caller sees an error), not the thread.
            Ok(job) => {
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
            Err(_) => return,
        }
    }
}

fn hasher() -> Argon2<'static> {
    // OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks a new password against the length rules; the error completes "must be …".
pub fn check_new(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(format!("at least {MIN_PASSWORD_CHARS} characters long"));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(format!("at most {MAX_PASSWORD_CHARS} characters long"));
    }
    Ok(())
}

/// Hashes a password (blocking: call from a blocking thread).
pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let hash = hasher()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    Ok(hash.to_string())
}

/// Hashes a password on a hashing thread.
pub async fn hash(password: String) -> anyhow::Result<String> {
    on_hashing_thread(move || hash_blocking(&password)).await?
}

/// A hash of a random password, verified against when the account does not exist so
/// that the answer takes as long as for a real account.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("no such account, no such password").unwrap_or_default())
}

/// Verifies a password against a stored hash (or the dummy when `stored` is None),
/// on a hashing thread.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    on_hashing_thread(move || {
        let real = stored.is_some();
        let hash = stored.unwrap_or_else(|| dummy_hash().to_string());
        let ok = PasswordHash::new(&hash)
            .map(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
            .unwrap_or(false);
        ok && real
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_and_verify() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery".into(), Some(h.clone())).await);
        assert!(!verify("wrong horse battery".into(), Some(h)).await);
        assert!(!verify("no such account, no such password".into(), None).await);
        assert!(!verify("x".into(), Some("not a hash".into())).await);
    }

    #[test]
    fn length_rules() {
        assert_eq!(
            check_new("short"),
            Err(format!("at least {MIN_PASSWORD_CHARS} characters long"))
        );
        assert!(check_new("пароль-длинный").is_ok());
        assert!(check_new(&"x".repeat(300)).is_err());
    }
}
