//! Login attempts limited per account and per client address, reserved in the
//! database before any password is checked, and the client address as seen through
//! trusted reverse proxies.
//!
//! Three keys are counted: the account from one address (5 attempts a window), the
//! account from anywhere (50), and the address for any account (20). So one person
//! guessing from one place is stopped at 5, while locking a colleague out takes many
//! addresses; a whole office behind a trusted proxy is told apart by its real
//! addresses (IPv6 clients by their /64).
//!
//! Invariant: at most `limit` password checks per key start inside one window, however
//! many requests arrive at once and on however many server instances (the reservation
//! is one write transaction); a refusal reveals nothing about whether the account
//! exists; `X-Forwarded-For` is believed only from a configured proxy.

use std::net::IpAddr;

use crate::args;
use crate::sql::{Conn, ConnExt, SqlError};
use axum::http::HeaderMap;

/// Attempts allowed per account from one address in one window.
pub const ACCOUNT_ADDRESS_LIMIT: i64 = 5;
/// Attempts allowed per account from all addresses together in one window.
pub const ACCOUNT_LIMIT: i64 = 50;
/// Attempts allowed per client address in one window.
pub const ADDRESS_LIMIT: i64 = 20;
/// Length of a window, in seconds.
pub const WINDOW_SECS: i64 = 15 * 60;

fn account_key(username: &str) -> String {
    format!("u:{}", username.trim().to_lowercase())
}

/// An address as counted: IPv4 (also when mapped into IPv6) as is, IPv6 by its /64,
/// which one client usually holds whole.
fn address_text(addr: IpAddr) -> String {
    match addr.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let mut s = v6.segments();
            s[4..].fill(0);
            format!("{}/64", std::net::Ipv6Addr::from(s))
        }
    }
}

fn address_key(addr: IpAddr) -> String {
    format!("a:{}", address_text(addr))
}

fn account_address_key(username: &str, addr: IpAddr) -> String {
    format!(
        "ua:{}|{}",
        username.trim().to_lowercase(),
        address_text(addr)
    )
}

/// Unix seconds now.
pub fn now_secs() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A reserved attempt: hand it back with [`succeeded`] when the password was right,
/// or with [`release`] when it was never checked.
#[derive(Debug)]
pub struct Reservation {
    account_address: String,
    account: String,
    address: String,
}

/// Reserves one attempt for each key, or answers how many seconds to wait. Runs its
/// own write transaction when called outside one.
pub fn reserve(
    c: &impl Conn,
    username: &str,
    addr: IpAddr,
    now: i64,
) -> Result<Result<Reservation, u64>, SqlError> {
    crate::sql::in_write(c, |tx| reserve_in(tx, username, addr, now))
}

fn reserve_in(
    tx: &impl Conn,
    username: &str,
    addr: IpAddr,
    now: i64,
) -> Result<Result<Reservation, u64>, SqlError> {
    tx.execute(
        "DELETE FROM login_attempts WHERE window_start <= ?1",
        args![now - WINDOW_SECS],
    )?;
    let keys = [
        (account_address_key(username, addr), ACCOUNT_ADDRESS_LIMIT),
        (account_key(username), ACCOUNT_LIMIT),
        (address_key(addr), ADDRESS_LIMIT),
    ];
    let mut wait = None;
    for (key, limit) in &keys {
        let row: Option<(i64, i64)> = tx.query_opt(
            "SELECT window_start, attempts FROM login_attempts WHERE key = ?1",
            args![key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
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
             ON CONFLICT (key) DO UPDATE SET attempts = login_attempts.attempts + 1",
            args![key, now],
        )?;
    }
    let [(account_address, _), (account, _), (address, _)] = keys;
    Ok(Ok(Reservation {
        account_address,
        account,
        address,
    }))
}

fn hand_back(c: &impl Conn, key: &str) -> Result<(), SqlError> {
    c.execute(
        "UPDATE login_attempts SET attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
         WHERE key = ?1",
        args![key],
    )?;
    Ok(())
}

/// The password was right: this account's failures from this address are forgotten,
/// and the attempt no longer counts against the account or the address.
pub fn succeeded(c: &impl Conn, r: &Reservation) -> Result<(), SqlError> {
    c.execute(
        "DELETE FROM login_attempts WHERE key = ?1",
        args![&r.account_address],
    )?;
    hand_back(c, &r.account)?;
    hand_back(c, &r.address)
}

/// The password was never checked (the service was too busy): the attempt is handed
/// back on every key.
pub fn release(c: &impl Conn, r: &Reservation) -> Result<(), SqlError> {
    hand_back(c, &r.account_address)?;
    hand_back(c, &r.account)?;
    hand_back(c, &r.address)
}

/// The client's address: the peer, or — when the peer is a trusted proxy — the
/// right-most address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let peer = peer.to_canonical();
    let trusted: Vec<IpAddr> = trusted.iter().map(IpAddr::to_canonical).collect();
    let trusted = trusted.as_slice();
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<Option<IpAddr>> = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("?").split(','))
        .map(|hop| {
            hop.trim()
                .parse::<IpAddr>()
                .ok()
                .map(|ip| ip.to_canonical())
        })
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
    use rusqlite::Connection;

    fn db() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let c = crate::db::open_sync(&dir.path().join("a.db")).unwrap();
        (dir, c)
    }

    #[test]
    fn attempts_are_reserved_up_to_the_limit_per_account_and_address() {
        let (_d, c) = db();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..ACCOUNT_ADDRESS_LIMIT {
            assert!(reserve(&c, "Alice", a, 1000).unwrap().is_ok());
        }
        let wait = reserve(&c, "ALICE ", a, 1000).unwrap().unwrap_err();
        assert_eq!(wait, WINDOW_SECS as u64, "blocked from that address");
        // The guesser does not lock Alice out from elsewhere…
        assert!(reserve(&c, "alice", b, 1000).unwrap().is_ok());
        // …until the account has had ACCOUNT_LIMIT attempts from anywhere.
        for i in 0..ACCOUNT_LIMIT {
            let from: IpAddr = format!("198.51.100.{}", i % 200).parse().unwrap();
            let _ = reserve(&c, "alice", from, 1000).unwrap();
        }
        assert!(
            reserve(&c, "alice", "203.0.113.1".parse().unwrap(), 1000)
                .unwrap()
                .is_err()
        );
        // The window ends.
        assert!(reserve(&c, "alice", a, 1000 + WINDOW_SECS).unwrap().is_ok());
        for i in 0..ADDRESS_LIMIT {
            let _ = reserve(&c, &format!("user{i}"), b, 5000).unwrap();
        }
        assert!(reserve(&c, "carol", b, 5000).unwrap().is_err());
    }

    #[test]
    fn success_forgets_the_account_and_frees_the_address() {
        let (_d, c) = db();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..ACCOUNT_ADDRESS_LIMIT - 1 {
            reserve(&c, "alice", a, 10).unwrap().unwrap();
        }
        let r = reserve(&c, "alice", a, 10).unwrap().unwrap();
        succeeded(&c, &r).unwrap();
        assert!(reserve(&c, "alice", a, 10).unwrap().is_ok());
        let n: i64 = c
            .query_row(
                "SELECT attempts FROM login_attempts WHERE key = 'a:192.0.2.1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            n, ACCOUNT_ADDRESS_LIMIT,
            "the successful attempt was handed back"
        );
        // An attempt never checked is handed back on every key.
        let r = reserve(&c, "bob", a, 10).unwrap().unwrap();
        release(&c, &r).unwrap();
        let n: i64 = c
            .query_row(
                "SELECT attempts FROM login_attempts WHERE key = 'ua:bob|192.0.2.1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn addresses_are_counted_canonically_and_ipv6_by_64() {
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_key(mapped), "a:192.0.2.7");
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let two: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(address_key(one), address_key(two));
        assert_eq!(address_key(one), "a:2001:db8:1:2::/64");
        // A proxy configured as IPv4 is recognised when the peer arrives mapped.
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "198.51.100.7".parse().unwrap());
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let peer: IpAddr = "::ffff:10.0.0.5".parse().unwrap();
        assert_eq!(
            client_ip(peer, &h, &[proxy]),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
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
