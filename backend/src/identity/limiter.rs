//! Login attempts limited per account and per client address, reserved in the
//! database before any password is checked, and the client address as seen through
//! trusted reverse proxies.
//!
//! Invariant: at most `limit` password checks per key start inside one window, however
//! many requests arrive at once and on however many server instances (the reservation
//! is one write transaction); a refusal reveals nothing about whether the account
//! exists; `X-Forwarded-For` is believed only from a configured proxy.

use std::net::IpAddr;

use axum::http::HeaderMap;
use rusqlite::{Connection, OptionalExtension, params};

/// Attempts allowed per account in one window.
pub const ACCOUNT_LIMIT: i64 = 5;
/// Attempts allowed per client address in one window.
pub const ADDRESS_LIMIT: i64 = 20;
/// Length of a window, in seconds.
pub const WINDOW_SECS: i64 = 15 * 60;

fn account_key(username: &str) -> String {
    format!("u:{}", username.trim().to_lowercase())
}

fn address_key(addr: IpAddr) -> String {
    format!("a:{addr}")
}

/// Unix seconds now.
pub fn now_secs() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A reserved attempt: hand it back with [`succeeded`] when the password was right.
#[derive(Debug)]
pub struct Reservation {
    account: String,
    address: String,
}

/// Reserves one attempt for the account and one for the address, or answers how many
/// seconds to wait. Runs its own write transaction (call outside one).
pub fn reserve(
    c: &mut Connection,
    username: &str,
    addr: IpAddr,
    now: i64,
) -> rusqlite::Result<Result<Reservation, u64>> {
    let tx = crate::db::write_tx(c)?;
    tx.execute(
        "DELETE FROM login_attempts WHERE window_start <= ?1",
        [now - WINDOW_SECS],
    )?;
    let keys = [
        (account_key(username), ACCOUNT_LIMIT),
        (address_key(addr), ADDRESS_LIMIT),
    ];
    let mut wait = None;
    for (key, limit) in &keys {
        let row: Option<(i64, i64)> = tx
            .query_row(
                "SELECT window_start, attempts FROM login_attempts WHERE key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((start, _)) = row.filter(|(_, n)| n >= limit) {
            let left = u64::try_from(start + WINDOW_SECS - now).unwrap_or(1).max(1);
            wait = Some(wait.map_or(left, |w: u64| w.max(left)));
        }
    }
    if let Some(w) = wait {
        return Ok(Err(w));
    }
    for (key, _) in &keys {
        tx.execute(
            "INSERT INTO login_attempts (key, window_start, attempts) VALUES (?1, ?2, 1)
             ON CONFLICT (key) DO UPDATE SET attempts = attempts + 1",
            params![key, now],
        )?;
    }
    tx.commit()?;
    let [(account, _), (address, _)] = keys;
    Ok(Ok(Reservation { account, address }))
}

/// The password was right: the account's failures are forgotten and the attempt no
/// longer counts against the address.
pub fn succeeded(c: &Connection, r: &Reservation) -> rusqlite::Result<()> {
    c.execute("DELETE FROM login_attempts WHERE key = ?1", [&r.account])?;
    c.execute(
        "UPDATE login_attempts SET attempts = max(attempts - 1, 0) WHERE key = ?1",
        [&r.address],
    )?;
    Ok(())
}

/// The client's address: the peer, or — when the peer is a trusted proxy — the
/// right-most address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<Option<IpAddr>> = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("?").split(','))
        .map(|hop| hop.trim().parse::<IpAddr>().ok())
        .collect();
    // Walk back from the hop our own proxy added; anything unreadable ends the walk,
    // since what lies left of it was written by someone we cannot vouch for.
    for hop in hops.into_iter().rev() {
        match hop {
            Some(ip) if trusted.contains(&ip) => continue,
            Some(ip) => return ip,
            None => break,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let c = crate::db::open_sync(&dir.path().join("a.db")).unwrap();
        (dir, c)
    }

    #[test]
    fn attempts_are_reserved_up_to_the_limit_per_account_and_address() {
        let (_d, mut c) = db();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..ACCOUNT_LIMIT {
            assert!(reserve(&mut c, "Alice", a, 1000).unwrap().is_ok());
        }
        let wait = reserve(&mut c, "ALICE ", b, 1000).unwrap().unwrap_err();
        assert_eq!(wait, WINDOW_SECS as u64, "account blocked from any address");
        assert!(reserve(&mut c, "bob", b, 1000).unwrap().is_ok());
        // The window ends.
        assert!(
            reserve(&mut c, "alice", a, 1000 + WINDOW_SECS)
                .unwrap()
                .is_ok()
        );
        for i in 0..ADDRESS_LIMIT {
            let _ = reserve(&mut c, &format!("user{i}"), b, 5000).unwrap();
        }
        assert!(reserve(&mut c, "carol", b, 5000).unwrap().is_err());
    }

    #[test]
    fn success_forgets_the_account_and_frees_the_address() {
        let (_d, mut c) = db();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..ACCOUNT_LIMIT - 1 {
            reserve(&mut c, "alice", a, 10).unwrap().unwrap();
        }
        let r = reserve(&mut c, "alice", a, 10).unwrap().unwrap();
        succeeded(&c, &r).unwrap();
        assert!(reserve(&mut c, "alice", a, 10).unwrap().is_ok());
        let n: i64 = c
            .query_row(
                "SELECT attempts FROM login_attempts WHERE key = 'a:192.0.2.1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, ACCOUNT_LIMIT, "the successful attempt was handed back");
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let client: IpAddr = "198.51.100.7".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "1.2.3.4, 198.51.100.7, 10.0.0.5".parse().unwrap(),
        );
        // From the proxy: the right-most hop that is not a proxy (1.2.3.4 is what the
        // client claimed, and could be anything).
        assert_eq!(client_ip(proxy, &h, &[proxy]), client);
        // From anyone else: the header is ignored.
        assert_eq!(client_ip(client, &h, &[proxy]), client);
        assert_eq!(client_ip(proxy, &h, &[]), proxy);
        // Garbage stops the walk; what lies left of it is not believed.
        h.insert(
            "x-forwarded-for",
            "1.2.3.4, not-an-address, 10.0.0.5".parse().unwrap(),
        );
        assert_eq!(client_ip(proxy, &h, &[proxy]), proxy);
    }
}
