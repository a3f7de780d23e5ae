//! Bearer tokens: 256 random bits shown once to the client, stored only as SHA-256.
//!
//! Invariant: the clear token exists only in the login answer and the client's hands;
//! the database, logs and audit log see its hash at most.

use sha2::{Digest, Sha256};

/// Prefix that makes a Tracemark token recognisable (e.g. by secret scanners).
pub const PREFIX: &str = "tmk_";

/// A new random token.
pub fn generate() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(format!("{PREFIX}{}", hex::encode(bytes)))
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether text has the shape of a token (checked before any database look-up).
pub fn well_formed(token: &str) -> bool {
    token
        .strip_prefix(PREFIX)
        .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_ne!(a, b);
        assert!(well_formed(&a));
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), hash(&b));
        assert!(!well_formed("tmk_xyz"));
        assert!(!well_formed("Bearer tmk_"));
    }
}
