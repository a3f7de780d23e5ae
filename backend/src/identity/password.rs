//! Password hashing with argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane),
//! run on blocking threads so a login never stalls the async runtime.
//!
//! Invariant: passwords are never stored, logged or returned; only PHC hash strings.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted (hashing cost is bounded by this too).
pub const MAX_PASSWORD_CHARS: usize = 256;
/// Password checks run at once at most (each takes 19 MiB and a core for a while);
/// more wait their turn, so a flood of logins cannot exhaust memory.
pub const MAX_CONCURRENT: usize = 4;

fn hasher() -> Argon2<'static> {
    // OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Checks a new password against the length rules.
pub fn check_new(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(format!(
            "a password needs at least {MIN_PASSWORD_CHARS} characters"
        ));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(format!(
            "a password has at most {MAX_PASSWORD_CHARS} characters"
        ));
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

/// Hashes a password on a blocking thread.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
}

/// A hash of a random password, verified against when the account does not exist so
/// that the answer takes as long as for a real account.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("no such account, no such password").unwrap_or_default())
}

/// Verifies a password against a stored hash (or the dummy when `stored` is None),
/// on a blocking thread.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
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
        assert!(check_new("short").is_err());
        assert!(check_new("пароль-длинный").is_ok());
        assert!(check_new(&"x".repeat(300)).is_err());
    }
}
