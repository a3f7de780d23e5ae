//! Recently resolved tokens, so that a device's burst of requests costs one database
//! look-up per second instead of one per request.
//!
//! Invariant: an entry is trusted for at most [`TTL`] and never past its token's
//! expiry; every revocation made through this process (logout, device revoked,
//! password set or reset) empties the cache before it answers, so here it takes effect
//! at once. A revocation made elsewhere (another instance, the command line) takes
//! effect within [`TTL`].

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use super::Caller;

/// How long a resolved token is trusted without asking the database again.
pub const TTL: Duration = Duration::from_secs(1);

/// Entries kept at most; the cache is emptied when full (a burst of distinct tokens
/// only costs look-ups, never memory).
const CAPACITY: usize = 10_000;

struct Entry {
    caller: Caller,
    until: Instant,
}

/// Token hash → caller, for at most [`TTL`].
#[derive(Default)]
pub struct TokenCache {
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Entry>,
    /// Bumped by every [`TokenCache::clear`]: a look-up that started before a
    /// revocation must not store what it read.
    generation: u64,
}

impl TokenCache {
    /// The caller behind `hash` if it was resolved less than [`TTL`] ago.
    pub fn get(&self, hash: &str) -> Option<Caller> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .map
            .get(hash)
            .filter(|e| e.until > Instant::now())
            .map(|e| e.caller.clone())
    }

    /// The generation to pass to [`TokenCache::put`], taken before the look-up.
    pub fn generation(&self) -> u64 {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .generation
    }

    /// Remembers a resolved caller until `TTL` from now or the token's expiry,
    /// whichever comes first, unless the cache was cleared since `generation` was
    /// taken (the look-up may have read the token before its revocation).
    pub fn put(&self, caller: &Caller, expires_at: OffsetDateTime, generation: u64) {
        let left = expires_at - OffsetDateTime::now_utc();
        let Ok(left) = Duration::try_from(left) else {
            return; // already expired
        };
        let until = Instant::now() + left.min(TTL);
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.generation != generation {
            return;
        }
        if entries.map.len() >= CAPACITY {
            entries.map.clear();
        }
        entries.map.insert(
            caller.token_hash.clone(),
            Entry {
                caller: caller.clone(),
                until,
            },
        );
    }

    /// Forgets every entry: called by each revocation before it answers.
    pub fn clear(&self) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.map.clear();
        entries.generation += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracemark_shared::domain::Role;

    fn caller(hash: &str) -> Caller {
        Caller {
            user_id: "u".into(),
            agency_id: "a".into(),
            country: "KE".into(),
            role: Role::Inspector,
            device_id: None,
            token_hash: hash.into(),
        }
    }

    #[test]
    fn entries_live_until_the_ttl_or_the_token_expiry_and_clear_forgets_them() {
        let cache = TokenCache::default();
        let later = OffsetDateTime::now_utc() + time::Duration::hours(1);
        let g = cache.generation();
        cache.put(&caller("h1"), later, g);
        assert_eq!(cache.get("h1").map(|c| c.token_hash), Some("h1".into()));
        assert!(cache.get("h2").is_none());
        // A token expiring in the past is never remembered.
        cache.put(
            &caller("old"),
            OffsetDateTime::now_utc() - time::Duration::seconds(1),
            g,
        );
        assert!(cache.get("old").is_none());
        // One that expires sooner than the TTL is trusted only until it expires.
        cache.put(
            &caller("soon"),
            OffsetDateTime::now_utc() + time::Duration::milliseconds(30),
            g,
        );
        std::thread::sleep(Duration::from_millis(60));
        assert!(cache.get("soon").is_none());
        cache.clear();
        assert!(cache.get("h1").is_none());
        // A look-up that began before the clear stores nothing.
        cache.put(&caller("h1"), later, g);
        assert!(cache.get("h1").is_none());
        cache.put(&caller("h1"), later, cache.generation());
        assert!(cache.get("h1").is_some());
    }
}
