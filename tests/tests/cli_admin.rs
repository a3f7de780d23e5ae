//! `tracemark admin` against a real data directory: the command line refuses exactly
//! what the HTTP API refuses (one set of rules for both), and writes what it accepts
//! with an audit entry.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::json;
use tracemark_tests::{Held, Server};

#[test]
fn the_command_line_and_http_refuse_the_same_agencies_and_users() {
    let s = Server::demo();
    let admin = s.login("admin.customs");
    let bad_agencies = [
        ("", "KE"),
        ("Port\u{7}Authority", "KE"),
        ("Port Authority", "Kenya"),
    ];
    let bad_users = [
        ("officer two", "Officer Two"),
        ("officer.two", ""),
        ("officer.two", "Officer\u{1b}Two"),
    ];
    // Over HTTP: 422 for each.
    for (name, country) in bad_agencies {
        let (status, body) = s.post(
            "/api/v1/admin/agencies",
            Some(&admin),
            &json!({ "name": name, "country": country }),
        );
        assert_eq!(status, 422, "{name:?} {country:?}: {body}");
    }
    for (username, display) in bad_users {
        let (status, body) = s.post(
            "/api/v1/admin/users",
            Some(&admin),
            &json!({ "username": username, "display_name": display, "role": "customs_officer",
                     "password": "a-long-password-1" }),
        );
        assert_eq!(status, 422, "{username:?} {display:?}: {body}");
    }
    let dir = s.kill();
    let held = Held::of(dir.path());
    let data_dir = Server::demo_data_dir(dir.path());
    let data = data_dir.to_str().unwrap().to_string();
    let data = data.as_str();
    // On the command line: refused too, with the field named, and nothing written.
    for (name, country) in bad_agencies {
        let out = held.tracemark(
            &[
                "admin",
                "create-agency",
                "--name",
                name,
                "--country",
                country,
                "--data-dir",
                data,
            ],
            None,
        );
        assert!(!out.status.success(), "{name:?} {country:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("name") || err.contains("country"), "{err}");
    }
    for (username, display) in bad_users {
        let out = held.tracemark(
            &[
                "admin",
                "create-user",
                "--agency",
                "Customs Directorate (demo)",
                "--username",
                username,
                "--display-name",
                display,
                "--role",
                "customs_officer",
                "--data-dir",
                data,
            ],
            Some("a-long-password-1\n"),
        );
        assert!(!out.status.success(), "{username:?} {display:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("username") || err.contains("display_name"),
            "{err}"
        );
    }
    // What both accept is written, with its audit entry.
    let out = held.tracemark(
        &[
            "admin",
            "create-agency",
            "--name",
            "Port Authority",
            "--country",
            "KE",
            "--data-dir",
            data,
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = held.tracemark(
        &[
            "admin",
            "create-user",
            "--agency",
            "Port Authority",
            "--username",
            "officer.port",
            "--display-name",
            "Port Officer",
            "--role",
            "customs_officer",
            "--data-dir",
            data,
        ],
        Some("a-long-password-1\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entries: i64 = held.sql_rows(
        "SELECT count(*) FROM audit_log WHERE action IN ('create_agency', 'create_user')
         AND detail LIKE '%\"via\":\"cli\"%'",
    )[0][0]
        .parse()
        .unwrap();
    assert_eq!(entries, 2);
    let s = Server::serve(dir, &data_dir);
    let (status, _) = s.post(
        "/api/v1/auth/login",
        None,
        &json!({ "username": "officer.port", "password": "a-long-password-1" }),
    );
    assert_eq!(status, 200);
}

#[test]
fn the_command_line_disables_and_enables_a_user_like_the_console() {
    let s = Server::demo();
    let dir = s.kill();
    let held = Held::of(dir.path());
    let data_dir = Server::demo_data_dir(dir.path());
    let data = data_dir.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["admin", "disable-user", "--username", "officer.customs"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--data-dir", data]);
        held.tracemark(&args, None)
    };
    let out = run(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let one = |sql: &str| held.sql_rows(sql)[0][0].clone();
    let disabled = || one("SELECT disabled FROM users WHERE username = 'officer.customs'") == "1";
    assert!(disabled());
    let live = one(
        "SELECT count(*) FROM tokens t JOIN users u ON u.id = t.user_id
         WHERE u.username = 'officer.customs' AND t.revoked_at IS NULL",
    );
    assert_eq!(live, "0", "every sign-in ended");
    let out = run(&["--enable"]);
    assert!(out.status.success());
    assert!(!disabled());
    let entries: i64 = one(
        "SELECT count(*) FROM audit_log WHERE action IN ('disable_user', 'enable_user')
         AND detail LIKE '%\"via\":\"cli\"%'",
    )
    .parse()
    .unwrap();
    assert_eq!(entries, 2);
    let out = held.tracemark(
        &[
            "admin",
            "disable-user",
            "--username",
            "nobody",
            "--data-dir",
            data,
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no user is called"));
}
