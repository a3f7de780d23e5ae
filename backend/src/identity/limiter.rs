//! Failed-login rate limiting per account and per client address.
//!
//! Invariant: after `limit` failures inside one window a key is refused until the
//! window ends, whether or not the account exists, so the limiter reveals nothing.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per account in one window.
pub const ACCOUNT_LIMIT: u32 = 5;
/// Failures allowed per client address in one window.
pub const ADDRESS_LIMIT: u32 = 20;
/// Length of a window.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Keys tracked at most (older windows are dropped first when full).
const MAX_KEYS: usize = 100_000;

#[derive(Default)]
struct Counters {
    entries: HashMap<String, (u32, Instant)>,
}

impl Counters {
    fn blocked_for(&mut self, key: &str, limit: u32, now: Instant) -> Option<Duration> {
        let (count, start) = *self.entries.get(key)?;
        let end = start + WINDOW;
        if now >= end {
            self.entries.remove(key);
            return None;
        }
        (count >= limit).then(|| end - now)
    }

    fn fail(&mut self, key: String, now: Instant) {
        if self.entries.len() >= MAX_KEYS {
            self.entries.retain(|_, (_, start)| now < *start + WINDOW);
        }
        let e = self.entries.entry(key).or_insert((0, now));
        if now >= e.1 + WINDOW {
            *e = (0, now);
        }
        e.0 = e.0.saturating_add(1);
    }
}

/// The limiter shared by all requests.
#[derive(Default)]
pub struct LoginLimiter {
    inner: Mutex<Counters>,
}

fn account_key(username: &str) -> String {
    format!("u:{}", username.trim().to_lowercase())
}

fn address_key(addr: IpAddr) -> String {
    format!("a:{addr}")
}

impl LoginLimiter {
    /// `Err(seconds)` when this account or address must wait.
    pub fn check(&self, username: &str, addr: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut c = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let wait = [
            c.blocked_for(&account_key(username), ACCOUNT_LIMIT, now),
            c.blocked_for(&address_key(addr), ADDRESS_LIMIT, now),
        ]
        .into_iter()
        .flatten()
        .max();
        match wait {
            Some(d) => Err(d.as_secs().max(1)),
            None => Ok(()),
        }
    }

    /// Records a failed attempt.
    pub fn failed(&self, username: &str, addr: IpAddr) {
        let now = Instant::now();
        let mut c = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        c.fail(account_key(username), now);
        c.fail(address_key(addr), now);
    }

    /// Forgets an account's failures after a successful login.
    pub fn succeeded(&self, username: &str) {
        let mut c = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        c.entries.remove(&account_key(username));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_limit_per_account_and_address() {
        let l = LoginLimiter::default();
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        for _ in 0..ACCOUNT_LIMIT {
            assert!(l.check("Alice", a).is_ok());
            l.failed("alice", a);
        }
        assert!(
            l.check("ALICE", b).is_err(),
            "account blocked from any address"
        );
        assert!(l.check("bob", b).is_ok());
        for i in 0..ADDRESS_LIMIT {
            l.failed(&format!("user{i}"), b);
        }
        assert!(
            l.check("carol", b).is_err(),
            "address blocked for any account"
        );
        l.succeeded("alice");
        assert!(l.check("alice", a).is_ok());
    }
}
