//! The browser console over HTTP: sign-in and sessions, CSRF, security headers, the
//! records list and page, photos, and review — against the real service.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use serde_json::json;
use tracemark_shared::sync::{PullItem, ReviewDecision};
use tracemark_tests::Server;
use tracemark_tests::console::Browser;
use tracemark_tests::sync::{device_login, pull_all};

/// The id of the oldest case in the review queue of `supervisor`, through the API.
fn oldest_submitted(s: &Server, supervisor: &str) -> (String, Vec<String>) {
    let t = s.login(supervisor);
    let (status, queue) = s.get("/api/v1/review/queue?kind=seizure_case", Some(&t));
    assert_eq!(status, 200, "{queue}");
    let first = &queue["entries"][0];
    let photos = first["photos"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["stored"] == true)
        .map(|p| p["sha256"].as_str().unwrap().to_string())
        .collect();
    (first["id"].as_str().unwrap().to_string(), photos)
}

#[test]
fn the_printed_url_opens_the_sign_in_page_and_every_answer_carries_the_headers() {
    let s = Server::demo();
    let mut b = Browser::new(&s);
    let root = b.get("/");
    assert_eq!((root.status, root.location()), (303, "/signin"));
    for path in ["/records", "/review", "/records/x", "/photos/ab/thumbnail"] {
        let p = b.get(path);
        assert_eq!(p.status, 303, "{path}");
        assert!(p.location().starts_with("/signin"), "{path}");
    }
    let form = b.get("/signin");
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Sign in to Tracemark"));
    let csp = form.header("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(!csp.contains("unsafe"), "{csp}");
    assert!(!form.body.contains("<script"), "the console runs no script");
    assert_eq!(form.header("cache-control"), "no-store");
    assert_eq!(form.header("x-frame-options"), "DENY");
    assert_eq!(form.header("x-content-type-options"), "nosniff");
    // Signed in, pages with case data are not cached either.
    b.sign_in("supervisor.customs");
    let records = b.get("/records");
    assert_eq!(records.status, 200);
    assert_eq!(records.header("cache-control"), "no-store");
    assert!(!records.header("content-security-policy").contains("unsafe"));
}

#[test]
fn signing_in_needs_the_forms_token_and_the_right_password_and_counts_against_the_limits() {
    let s = Server::demo();
    let mut b = Browser::new(&s);
    // No form token (a cross-site post): refused before the password is looked at.
    let forged = b.post(
        "/signin",
        &[
            ("csrf", "tmk_0"),
            ("username", "supervisor.customs"),
            ("password", tracemark_tests::DEMO_PASSWORD),
        ],
    );
    assert_eq!(forged.status, 403);
    assert!(!b.cookies.contains_key("tm_session"));
    // A wrong password: the form again, saying so, without saying whether the user exists.
    let csrf = b.get("/signin").csrf();
    let wrong = b.post(
        "/signin",
        &[
            ("csrf", &csrf),
            ("username", "supervisor.customs"),
            ("password", "nope"),
        ],
    );
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("Wrong username or password"));
    assert!(wrong.body.contains("value=\"supervisor.customs\""));
    assert_eq!(s.audit_count("login_failed", "%"), 1);
    // The account's limit from one address is the API's: 5 tries, then wait.
    for _ in 0..4 {
        let csrf = b.get("/signin").csrf();
        b.post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("username", "supervisor.customs"),
                ("password", "nope"),
            ],
        );
    }
    let csrf = b.get("/signin").csrf();
    let limited = b.post(
        "/signin",
        &[
            ("csrf", &csrf),
            ("username", "supervisor.customs"),
            ("password", tracemark_tests::DEMO_PASSWORD),
        ],
    );
    assert_eq!(limited.status, 429, "{}", limited.body);
    assert!(limited.body.contains("Try again in"));

    // Another user signs in: a session cookie only the server can read.
    let mut b = Browser::new(&s);
    let csrf = b.get("/signin").csrf();
    let ok = b.post(
        "/signin",
        &[
            ("csrf", &csrf),
            ("username", "officer.customs"),
            ("password", tracemark_tests::DEMO_PASSWORD),
        ],
    );
    assert_eq!((ok.status, ok.location()), (303, "/"));
    let cookie = ok
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("tm_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP on loopback: {cookie}"
    );
    assert_eq!(b.get("/").location(), "/records");
}

#[test]
fn a_supervisor_returns_the_oldest_case_with_a_comment_and_the_officers_device_pulls_it() {
    let s = Server::demo();
    let device = device_login(&s, "officer.customs");
    let (_, cursor) = pull_all(&s, &device, None);
    let (case, photos) = oldest_submitted(&s, "supervisor.customs");
    assert!(!photos.is_empty(), "the demo's cases have photos");

    let mut b = Browser::new(&s);
    b.sign_in("supervisor.customs");
    assert_eq!(b.get("/").location(), "/review");
    let queue = b.get("/review");
    assert_eq!(queue.status, 200);
    let first = queue.body.find("<article").unwrap();
    assert!(queue.body[first..].starts_with(&format!(
        "<article class=\"entry\"><h2><a href=\"/records/{case}\""
    )));
    for sha in &photos {
        assert!(queue.body.contains(&format!("/photos/{sha}/thumbnail")));
    }
    // The record's page: fields, photos, history; the photo's thumbnail and original.
    let reads = s.audit_count("read_record", &case);
    let page = b.get(&format!("/records/{case}"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("History") && page.body.contains("Revision 1"));
    // Its facts by name in the reader's words, the same as the app's review detail,
    // and what the shared view does not name is still shown.
    for words in [
        "Reference number",
        "Mode of shipping",
        "Who may see this case",
        "<th>Calibre</th>",
    ] {
        assert!(
            page.body.contains(words),
            "{words} missing in {}",
            page.body
        );
    }
    assert!(
        !page.body.contains("mode of shipping</dt>"),
        "raw field names are gone"
    );
    assert_eq!(
        s.audit_count("read_record", &case),
        reads + 1,
        "the read is audited"
    );
    let thumb = b.get(&format!("/photos/{}/thumbnail", photos[0]));
    assert_eq!(thumb.status, 200);
    assert_eq!(thumb.header("content-type"), "image/jpeg");
    assert_eq!(
        thumb.header("cache-control"),
        "no-store",
        "case data is not kept"
    );
    let original = b.get(&format!("/photos/{}", photos[0]));
    assert_eq!(original.status, 200);
    assert!(original.header("content-type").starts_with("image/"));
    assert_eq!(original.header("cache-control"), "no-store");

    // A decision without the session's form token is refused and changes nothing.
    let path = format!("/review/{case}");
    let forged = b.post(
        &path,
        &[("csrf", "0"), ("decision", "approve"), ("comment", "")],
    );
    assert_eq!(forged.status, 403);
    // Returning needs a comment: the record's page says so above its form, in the
    // reader's language, and nothing is decided.
    let csrf = queue.csrf();
    let bare = b.post(
        &path,
        &[("csrf", &csrf), ("decision", "return"), ("comment", " ")],
    );
    assert_eq!(
        (bare.status, bare.location()),
        (
            303,
            format!("/records/{case}?problem=comment-required").as_str()
        )
    );
    let told = b.get(bare.location());
    assert!(
        told.body
            .contains("role=\"alert\">Write what the author should correct"),
        "{}",
        told.body
    );
    assert!(
        b.get("/review")
            .body
            .contains(&format!("/records/{case}\"")),
        "still queued"
    );
    let done = b.post(
        &path,
        &[
            ("csrf", &csrf),
            ("decision", "return"),
            ("comment", "Photograph the crate stencil too"),
        ],
    );
    assert_eq!(
        (done.status, done.location()),
        (303, "/review?decided=returned")
    );
    assert!(
        b.get("/review?decided=returned")
            .body
            .contains("Decision saved: returned")
    );
    // Decided once: a second decision conflicts.
    let again = b.post(
        &path,
        &[("csrf", &csrf), ("decision", "approve"), ("comment", "")],
    );
    assert_eq!(again.status, 409);

    // The loop closes: the officer's device pulls the comment.
    let (items, _) = pull_all(&s, &device, Some(&cursor));
    let review = items.iter().find_map(|i| match i {
        PullItem::Review {
            record_id,
            decision,
            comment,
            ..
        } if record_id.to_string() == case => Some((*decision, comment.clone())),
        _ => None,
    });
    assert_eq!(
        review,
        Some((
            ReviewDecision::Return,
            Some("Photograph the crate stencil too".into())
        ))
    );
    let page = b.get(&format!("/records/{case}"));
    assert!(
        page.body.contains("Returned") && page.body.contains("Photograph the crate stencil too")
    );
}

#[test]
fn another_agencys_record_and_photos_answer_like_missing_ones() {
    let s = Server::demo();
    let (case, photos) = oldest_submitted(&s, "supervisor.customs");
    let mut b = Browser::new(&s);
    b.sign_in("supervisor.border");
    let theirs = b.get(&format!("/records/{case}"));
    let missing = b.get(&format!("/records/{}", uuid::Uuid::new_v4()));
    assert_eq!((theirs.status, missing.status), (404, 404));
    assert_eq!(theirs.body, missing.body);
    // Said in the reader's words, the same the app uses for a 404.
    assert!(
        missing
            .body
            .contains("Not found, or not shared with your agency."),
        "{}",
        missing.body
    );
    assert!(!b.get("/records").body.contains(&case));
    // Photos answer exactly as the API answers the same user (the demo's agencies share
    // some photo bytes, and holding the bytes is what makes a photo readable); one
    // nobody holds is missing.
    let api = s.login("supervisor.border");
    for sha in &photos {
        let via_api = s
            .get(&format!("/api/v1/photos/{sha}/thumbnail"), Some(&api))
            .0;
        assert_eq!(b.get(&format!("/photos/{sha}/thumbnail")).status, via_api);
        let via_api = s.get(&format!("/api/v1/photos/{sha}"), Some(&api)).0;
        assert_eq!(b.get(&format!("/photos/{sha}")).status, via_api);
    }
    let nobodys = "cd".repeat(32);
    assert_eq!(b.get(&format!("/photos/{nobodys}")).status, 404);
    assert_eq!(b.get(&format!("/photos/{nobodys}/thumbnail")).status, 404);
    // Nor can they decide it, even with their own valid form token.
    let csrf = b.get("/review").csrf();
    let decided = b.post(
        &format!("/review/{case}"),
        &[("csrf", &csrf), ("decision", "approve"), ("comment", "")],
    );
    assert_eq!(decided.status, 404);
    // A form token of one session does not work in another.
    let mut other = Browser::new(&s);
    other.sign_in("supervisor.customs");
    let crossed = other.post(
        &format!("/review/{case}"),
        &[("csrf", &csrf), ("decision", "approve"), ("comment", "")],
    );
    assert_eq!(crossed.status, 403);
}

#[test]
fn field_users_see_their_submissions_and_cannot_review() {
    let s = Server::demo();
    let mut b = Browser::new(&s);
    b.sign_in("officer.customs");
    let mine = b.get("/records?mine=1&kind=seizure_case");
    assert_eq!(mine.status, 200);
    assert!(mine.body.contains("happen in the Tracemark field app"));
    assert!(mine.body.contains("Seizure case"));
    assert!(
        !mine.body.contains("href=\"/review\""),
        "no review menu for officers"
    );
    assert_eq!(b.get("/review").status, 403);
    // Bad filters are explained, not ignored.
    let bad = b.get("/records?from=yesterday");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("YYYY-MM-DD"));
    assert_eq!(b.get("/records?kind=weapons").status, 400);
}

#[test]
fn signing_out_ends_the_session_at_once() {
    let s = Server::demo();
    let mut b = Browser::new(&s);
    b.sign_in("supervisor.customs");
    let session = b.cookies["tm_session"].clone();
    let page = b.get("/records");
    assert_eq!(page.status, 200);
    // Signing out needs the form token too (no cross-site sign-out).
    assert_eq!(b.post("/signout", &[("csrf", "x")]).status, 403);
    let out = b.post("/signout", &[("csrf", &page.csrf())]);
    assert_eq!(
        (out.status, out.location()),
        (303, "/signin?reason=signed_out")
    );
    assert!(!b.cookies.contains_key("tm_session"));
    // The old cookie, replayed, no longer works — nor as an API token.
    b.cookies.insert("tm_session".into(), session.clone());
    assert_eq!(b.get("/records").status, 303);
    assert_eq!(s.get("/api/v1/me", Some(&session)).0, 401);
}

#[test]
fn administrators_manage_their_agencys_users_and_devices_and_nothing_else() {
    let s = Server::demo();
    let device = device_login(&s, "officer.customs");
    let (_, me) = s.get("/api/v1/me", Some(&device));
    let device_id = me["device_id"].as_str().unwrap().to_string();

    let mut b = Browser::new(&s);
    b.sign_in("admin.customs");
    assert_eq!(b.get("/").location(), "/admin/users");
    let users = b.get("/admin/users");
    assert_eq!(users.status, 200);
    assert!(users.body.contains("officer.customs") && !users.body.contains("inspector.depot"));
    let csrf = users.csrf();
    // A new user: checked by the API's rules, then able to sign in.
    let short = b.post(
        "/admin/users",
        &[
            ("csrf", &csrf),
            ("username", "analyst.customs"),
            ("display_name", "Amina"),
            ("role", "supervisor"),
            ("password", "short"),
        ],
    );
    assert_eq!(short.status, 422, "{}", short.body);
    let created = b.post(
        "/admin/users",
        &[
            ("csrf", &csrf),
            ("username", "analyst.customs"),
            ("display_name", "Amina"),
            ("role", "supervisor"),
            ("password", "a long enough passphrase"),
        ],
    );
    assert_eq!(
        (created.status, created.location()),
        (303, "/admin/users?done=created")
    );
    let (status, _) = s.post(
        "/api/v1/auth/login",
        None,
        &serde_json::json!({ "username": "analyst.customs", "password": "a long enough passphrase" }),
    );
    assert_eq!(status, 200);

    // Another agency's user and device answer like missing ones.
    let depot_admin = s.login("admin.depot");
    let (_, depot_users) = s.get("/api/v1/admin/users", Some(&depot_admin));
    let depot_user = depot_users[0]["id"].as_str().unwrap();
    let foreign = b.post(
        &format!("/admin/users/{depot_user}/password"),
        &[("csrf", &csrf), ("password", "a long enough passphrase")],
    );
    assert_eq!(foreign.status, 404);
    let mut depot = Browser::new(&s);
    depot.sign_in("admin.depot");
    let theirs = depot.get("/admin/devices");
    assert!(!theirs.body.contains(&device_id));
    let crossed = depot.post(
        &format!("/admin/devices/{device_id}/revoke"),
        &[("csrf", &theirs.csrf())],
    );
    assert_eq!(crossed.status, 404);
    assert_eq!(s.get("/api/v1/me", Some(&device)).0, 200);

    // The agency's own administrator revokes it: the device's token stops at once.
    let devices = b.get("/admin/devices");
    assert!(
        devices
            .body
            .contains(&format!("/admin/devices/{device_id}/revoke"))
    );
    let revoked = b.post(
        &format!("/admin/devices/{device_id}/revoke"),
        &[("csrf", &csrf)],
    );
    assert_eq!(
        (revoked.status, revoked.location()),
        (303, "/admin/devices?done=revoked")
    );
    assert_eq!(s.get("/api/v1/me", Some(&device)).0, 401);
    assert_eq!(s.audit_count("revoke_device", &device_id), 1);

    // Others may not administer.
    let mut sup = Browser::new(&s);
    sup.sign_in("supervisor.customs");
    assert_eq!(sup.get("/admin/users").status, 403);
    assert_eq!(sup.get("/admin/audit").status, 403);
    let sup_csrf = sup.get("/records").csrf();
    assert_eq!(
        sup.post(
            &format!("/admin/devices/{device_id}/revoke"),
            &[("csrf", &sup_csrf)]
        )
        .status,
        403
    );
}

#[test]
fn the_audit_log_shows_the_agencys_own_entries_and_the_chain_checks_whole() {
    let s = Server::demo();
    // A read by another agency's user, and one by this agency's.
    let depot = s.login("supervisor.depot");
    s.get("/api/v1/records", Some(&depot));
    let customs = s.login("supervisor.customs");
    s.get("/api/v1/records", Some(&customs));

    let mut b = Browser::new(&s);
    b.sign_in("admin.customs");
    let log = b.get("/admin/audit?action=read_records");
    assert_eq!(log.status, 200);
    assert!(log.body.contains("supervisor.customs"));
    assert!(
        !log.body.contains("supervisor.depot"),
        "another agency's entries stay out"
    );
    assert_eq!(
        s.audit_count("read_audit_log", "%"),
        1,
        "reading the log is audited"
    );
    let by_user = b.get("/admin/audit?user=admin.customs");
    assert!(by_user.body.contains("read_audit_log"));
    assert!(!by_user.body.contains(">supervisor.customs<"));
    assert_eq!(b.get("/admin/audit?from=soon").status, 400);

    let checked = b.post("/admin/audit/verify", &[("csrf", &log.csrf())]);
    assert_eq!(checked.status, 200, "{}", checked.body);
    assert!(
        checked.body.contains("The chain is whole"),
        "{}",
        checked.body
    );
}

/// Message ids of the console, from its English catalogue.
fn console_message_ids() -> Vec<String> {
    let en = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../backend/locales/en.ftl"),
    )
    .unwrap();
    tracemark_shared::i18n::message_ids(&en)
}

#[test]
fn every_page_speaks_the_chosen_language_arabic_right_to_left_and_shows_no_raw_ids() {
    let s = Server::demo();
    let ids = console_message_ids();
    // The browser's preference decides until the user picks.
    let mut b = Browser::new(&s);
    let page = b.get("/signin");
    assert!(page.body.contains("<html lang=\"en\" dir=\"ltr\">"));
    let fr = Browser::new(&s).get_with(
        "/signin",
        &[("accept-language", "fr-CH, fr;q=0.9, en;q=0.8")],
    );
    assert!(fr.body.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(fr.body.contains("Connexion à Tracemark"));

    let mut admin = Browser::new(&s);
    admin.sign_in("admin.customs");
    let mut sup = Browser::new(&s);
    sup.sign_in("supervisor.customs");
    let (case, _) = oldest_submitted(&s, "supervisor.customs");
    for (tag, dir, words) in [
        ("fr", "ltr", "Vérification"),
        ("es", "ltr", "Revisión"),
        ("ru", "ltr", "Проверка"),
        ("zh", "ltr", "审核"),
        ("ar", "rtl", "المراجعة"),
        ("en", "ltr", "Review"),
    ] {
        for browser in [&mut sup, &mut admin] {
            let picked = browser.get(&format!("/language/{tag}"));
            assert_eq!(picked.status, 303);
        }
        let mut pages = vec![
            sup.get("/review"),
            sup.get("/records"),
            sup.get(&format!("/records/{case}")),
            sup.get("/trace?lot=17-85-0412&manufacturer=17&calibre=7.62x39"),
            sup.get("/trace?calibre=7.62x39"),
            sup.get("/access"),
            sup.get("/trace/notices"),
            sup.get("/trace/lot-split?lot=17-85-0412&manufacturer=17"),
            sup.get("/reports?by=route_country"),
            sup.get("/imports"),
        ];
        for path in [
            "/admin/users",
            "/admin/devices",
            "/admin/audit",
            "/admin/agencies",
        ] {
            pages.push(admin.get(path));
        }
        for page in &pages {
            assert_eq!(page.status, 200, "{tag}");
            assert!(
                page.body
                    .contains(&format!("<html lang=\"{tag}\" dir=\"{dir}\">")),
                "{tag}"
            );
            for id in &ids {
                assert!(
                    !page.body.contains(&format!(">{id}<")),
                    "{tag} shows the raw id {id}"
                );
            }
        }
        assert!(pages[0].body.contains(words), "{tag}");
    }
    // An unknown language is ignored, not an error.
    assert_eq!(b.get("/language/xx").status, 303);
}

#[test]
fn a_supervisor_reconciles_a_stock_check_downloads_it_and_prints_its_labels() {
    let s = Server::demo();
    let t = s.login("supervisor.depot");
    let (_, page) = s.get("/api/v1/records?kind=stock_check", Some(&t));
    let check = page["records"][0]["id"].as_str().unwrap().to_string();

    let mut b = Browser::new(&s);
    b.sign_in("supervisor.depot");
    let record = b.get(&format!("/records/{check}"));
    assert!(
        record
            .body
            .contains(&format!("/records/{check}/reconciliation"))
    );
    let recon = b.get(&format!("/records/{check}/reconciliation"));
    assert_eq!(recon.status, 200, "{}", recon.body);
    assert!(recon.body.contains("All locations") && recon.body.contains("Expected"));
    // Quantities carry the reader's digit grouping (the demo's check expects thousands).
    let grouped = has_grouped_number(&recon.body);
    assert!(grouped, "no grouped quantity in {}", recon.body);
    assert_eq!(s.audit_count("read_reconciliation", &check), 1);

    let csv = b.get(&format!("/records/{check}/reconciliation.csv"));
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(csv.header("content-disposition").contains("attachment"));
    assert!(
        csv.body.starts_with("location,"),
        "{}",
        &csv.body[..40.min(csv.body.len())]
    );
    assert_eq!(s.audit_count("export_reconciliation", &check), 1);

    let pdf = b.get(&format!("/records/{check}/labels.pdf"));
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf.body.starts_with("%PDF"));

    // Another agency's supervisor: like a missing check. An inspector: not theirs to read.
    let mut other = Browser::new(&s);
    other.sign_in("supervisor.customs");
    for path in ["reconciliation", "reconciliation.csv", "labels.pdf"] {
        assert_eq!(
            other.get(&format!("/records/{check}/{path}")).status,
            404,
            "{path}"
        );
    }
    let mut inspector = Browser::new(&s);
    inspector.sign_in("inspector.depot");
    assert_eq!(
        inspector
            .get(&format!("/records/{check}/reconciliation"))
            .status,
        403
    );
    assert!(
        !inspector
            .get(&format!("/records/{check}"))
            .body
            .contains("/reconciliation")
    );
}

#[test]
fn a_supervisor_traces_a_lot_asks_a_holder_and_the_holder_grants_in_the_console() {
    let s = Server::demo();
    let mut border = Browser::new(&s);
    border.sign_in("supervisor.border");
    // Broad criteria: only what the border police may see, and why.
    let broad = border.get("/trace?calibre=7.62x39");
    assert_eq!(broad.status, 200, "{}", broad.body);
    assert!(
        broad
            .body
            .contains("searched only when the criteria name one lot")
    );
    // One lot: the visible lines in detail, the holders by name only.
    let traced = border.get("/trace?lot=17-85-0412&manufacturer=17&calibre=7.62x39");
    assert_eq!(traced.status, 200, "{}", traced.body);
    assert!(
        traced.body.contains("KE-CUS-2026-0121") && traced.body.contains("Namanga border post")
    );
    assert!(traced.body.contains("Defence Logistics Command (demo)"));
    assert_eq!(s.audit_count("trace_query", "%17-85-0412%"), 1);
    let depot_agency = {
        let marker = "name=\"agency_id\" value=\"";
        let forms: Vec<&str> = traced
            .body
            .split("<form class=\"request\"")
            .skip(1)
            .collect();
        let form = forms
            .iter()
            .find(|f| f.contains("Defence Logistics Command (demo)"))
            .expect("a request form for the depot");
        let start = form.find(marker).unwrap() + marker.len();
        form[start..start + 36].to_string()
    };
    // Asking needs the form token and a reason.
    let csrf = traced.csrf();
    let ask = |b: &mut Browser, csrf: &str, reason: &str| {
        b.post(
            "/access",
            &[
                ("csrf", csrf),
                ("agency_id", &depot_agency),
                ("lot", "17-85-0412"),
                ("manufacturer", "17"),
                ("calibre", "7.62x39"),
                ("reason", reason),
            ],
        )
    };
    assert_eq!(ask(&mut border, "forged", "Investigation 7").status, 403);
    assert_eq!(ask(&mut border, &csrf, " ").status, 422);
    let sent = ask(&mut border, &csrf, "Investigation 7: seized at Namanga");
    assert_eq!(
        (sent.status, sent.location()),
        (303, "/access?box=outgoing&done=sent")
    );
    let outgoing = border.get("/access?box=outgoing");
    assert!(
        outgoing.body.contains("Defence Logistics Command (demo)")
            && outgoing.body.contains("pending")
    );

    // The holder sees it, with its matching records, and grants.
    let mut depot = Browser::new(&s);
    depot.sign_in("supervisor.depot");
    let inbox = depot.get("/access");
    let id_start = inbox
        .body
        .find("href=\"/access/")
        .expect("the request in the inbox")
        + 14;
    let request = inbox.body[id_start..id_start + 36].to_string();
    let page = depot.get(&format!("/access/{request}"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Investigation 7") && page.body.contains("Your records that match"));
    // The requester cannot decide its own request; a stranger cannot even see it.
    let mut customs = Browser::new(&s);
    customs.sign_in("supervisor.customs");
    assert_eq!(customs.get(&format!("/access/{request}")).status, 404);
    let own = border.post(
        &format!("/access/{request}"),
        &[
            ("csrf", &csrf),
            ("decision", "grant"),
            ("days", "30"),
            ("comment", ""),
        ],
    );
    assert_eq!(own.status, 403);
    // Granting only some records needs one ticked; the page says so and nothing is
    // decided. Days out of range are refused the same way.
    let grant = |b: &mut Browser, extra: &[(&str, &str)]| {
        let csrf = page.csrf();
        let mut form = vec![
            ("csrf", csrf.as_str()),
            ("decision", "grant"),
            ("comment", "For the investigation only"),
        ];
        form.extend_from_slice(extra);
        b.post(&format!("/access/{request}"), &form)
    };
    let none = grant(&mut depot, &[("which", "some"), ("days", "7")]);
    assert_eq!(
        none.location(),
        format!("/access/{request}?problem=access-choose-records")
    );
    assert!(
        depot
            .get(none.location())
            .body
            .contains("Tick at least one record")
    );
    let long = grant(&mut depot, &[("days", "400")]);
    assert_eq!(
        long.location(),
        format!("/access/{request}?problem=access-bad-days")
    );
    // Each matching line has a box for its record; the holder grants one record only.
    let boxes: Vec<&str> = page
        .body
        .split("name=\"record\" value=\"")
        .skip(1)
        .map(|rest| &rest[..36])
        .collect();
    assert!(!boxes.is_empty(), "{}", page.body);
    let granted = grant(
        &mut depot,
        &[("which", "some"), ("record", boxes[0]), ("days", "7")],
    );
    assert_eq!(
        (granted.status, granted.location()),
        (303, "/access?done=decided")
    );
    let token = s.login("supervisor.border");
    let (_, answer) = s.get(&format!("/api/v1/access-requests/{request}"), Some(&token));
    assert_eq!(
        answer["granted_records"],
        serde_json::json!([boxes[0]]),
        "{answer}"
    );
    // The requester now sees the depot's lines in detail.
    let after = border.get("/trace?lot=17-85-0412&manufacturer=17&calibre=7.62x39");
    assert!(after.body.contains("/records/"), "{}", after.body);
    let decided = border.get(&format!("/access/{request}"));
    assert!(
        decided.body.contains("granted") && decided.body.contains("For the investigation only")
    );
    // The depot was told its records were traced.
    let notices = depot.get("/trace/notices");
    assert!(notices.body.contains("Border Police (demo)"));
    // Field users do not trace.
    let mut officer = Browser::new(&s);
    officer.sign_in("officer.customs");
    assert_eq!(officer.get("/trace?lot=17-85-0412").status, 403);
    assert_eq!(officer.get("/access").status, 403);
}

#[test]
fn the_trace_form_says_what_to_correct_and_its_request_form_is_accepted() {
    let s = Server::demo();
    let mut border = Browser::new(&s);
    border.sign_in("supervisor.border");
    // What to correct is said above the form, with what was typed kept; nothing is
    // asked of the index.
    let bad = border.get("/trace?lot=17-85-0412&year=85");
    assert_eq!(bad.status, 200, "{}", bad.body);
    assert!(
        bad.body
            .contains("Write the year with four digits, between 1850 and 2100."),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("value=\"17-85-0412\"") && bad.body.contains("value=\"85\""));
    let kind_only = border.get("/trace?kind=transfer");
    assert!(
        kind_only
            .body
            .contains("Fill in at least one of lot, sub-lot")
    );
    assert_eq!(s.audit_count("trace_query", "%"), 0, "nothing was searched");
    // A sub-lot is a criterion of its own, read back in the answer's words.
    let by_sub_lot = border.get("/trace?sub_lot=B");
    assert_eq!(by_sub_lot.status, 200);
    assert!(by_sub_lot.body.contains("name=\"sub_lot\" value=\"B\""));
    // The request form under a holder carries the criteria the answer was read as;
    // sent as it is, the holder receives the request.
    let traced = border.get("/trace?lot=17-85-0412&manufacturer=17&calibre=7.62x39");
    let form = traced
        .body
        .split("<form class=\"request\"")
        .nth(1)
        .and_then(|f| f.split("</form>").next())
        .expect("a request form")
        .to_string();
    let mut fields: Vec<(String, String)> = form
        .split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|f| {
            let (name, rest) = f.split_once('"').unwrap();
            let value = rest.split("value=\"").nth(1).unwrap();
            (
                name.to_string(),
                value[..value.find('"').unwrap()].to_string(),
            )
        })
        .collect();
    assert!(
        fields.iter().any(|(n, v)| n == "lot" && v == "17-85-0412"),
        "{fields:?}"
    );
    fields.push(("reason".into(), "Investigation 9".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let sent = border.post("/access", &pairs);
    assert_eq!(
        (sent.status, sent.location()),
        (303, "/access?box=outgoing&done=sent")
    );
}

#[test]
fn trend_reports_show_only_published_releases_with_withheld_cells_explained() {
    let s = Server::demo();
    let mut b = Browser::new(&s);
    b.sign_in("supervisor.customs");
    let page = b.get("/reports?by=calibre");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Published releases never change"));
    assert!(
        page.body.contains("withheld") || page.body.contains("No quarter has been published yet")
    );
    assert_eq!(s.audit_count("trend_report", "%calibre%"), 1);
    assert_eq!(b.get("/reports?by=agency").status, 400);
    let csv = b.get("/reports.csv?by=year");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").starts_with("text/csv"));
    let mut officer = Browser::new(&s);
    officer.sign_in("officer.customs");
    assert_eq!(officer.get("/reports").status, 403);
}

#[test]
fn the_lot_split_shows_where_a_lot_went() {
    let s = Server::demo();
    let mut b = Browser::new(&s);
    b.sign_in("supervisor.border");
    let page = b.get("/trace/lot-split?lot=17-85-0412&manufacturer=17");
    assert_eq!(page.status, 200, "{}", page.body);
    // The sections in the app's order and words, each with its count.
    let at = |text: &str| {
        page.body
            .find(text)
            .unwrap_or_else(|| panic!("{text} in {}", page.body))
    };
    assert!(at("<h2>1 transfer to an end user</h2>") < at("Inventories holding it (0)"));
    assert!(at("Inventories holding it (0)") < at("1 seizure of it"));
    // Agencies holding more of the lot can be asked from here, as from the trace page.
    assert!(
        at("Defence Logistics Command (demo)") > at("1 seizure of it")
            && page
                .body
                .contains("<form class=\"request\" method=\"post\" action=\"/access\">"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("KE-CUS-2026-0121"),
        "the visible seizure"
    );
    assert_eq!(s.audit_count("lot_split_query", "%17-85-0412%"), 1);
    // A lot is required; a form without one just shows the form.
    assert_eq!(b.get("/trace/lot-split?manufacturer=17").status, 200);
}

#[test]
fn an_administrator_disables_and_enables_a_user_and_the_sign_ins_follow_at_once() {
    let s = Server::demo();
    let officer = s.login("officer.customs");
    let (_, me) = s.get("/api/v1/me", Some(&officer));
    let officer_id = me["user_id"].as_str().unwrap().to_string();
    let mut admin = Browser::new(&s);
    admin.sign_in("admin.customs");
    let users = admin.get("/admin/users");
    let csrf = users.csrf();
    let path = format!("/admin/users/{officer_id}/disabled");
    assert!(users.body.contains(&path));
    assert_eq!(s.get("/api/v1/me", Some(&officer)).0, 200);
    let done = admin.post(&path, &[("csrf", &csrf), ("disabled", "true")]);
    assert_eq!(
        (done.status, done.location()),
        (303, "/admin/users?done=disabled")
    );
    assert_eq!(s.get("/api/v1/me", Some(&officer)).0, 401, "ended at once");
    let (status, _) = s.post(
        "/api/v1/auth/login",
        None,
        &json!({ "username": "officer.customs", "password": tracemark_tests::DEMO_PASSWORD }),
    );
    assert_eq!(status, 401);
    assert_eq!(s.audit_count("disable_user", &officer_id), 1);
    // Another agency's administrator cannot, over HTTP either; nobody disables themselves.
    let depot_admin = s.login("admin.depot");
    let (status, _) = s
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/admin/users/{officer_id}/disabled"),
            Some(&depot_admin),
        )
        .json(&json!({ "disabled": false }))
        .send()
        .map(|r| (r.status().as_u16(), ()))
        .unwrap();
    assert_eq!(status, 404);
    let (_, me) = s.get("/api/v1/me", Some(&s.login("admin.customs")));
    let own = format!("/admin/users/{}/disabled", me["user_id"].as_str().unwrap());
    assert_eq!(
        admin
            .post(&own, &[("csrf", &csrf), ("disabled", "true")])
            .status,
        409
    );
    // Enabled again: the officer signs in.
    let again = admin.post(&path, &[("csrf", &csrf), ("disabled", "false")]);
    assert_eq!(again.location(), "/admin/users?done=enabled");
    s.login("officer.customs");
}

#[test]
fn a_supervisor_checks_an_inventory_file_then_imports_it_and_errors_are_listed_by_row() {
    let s = Server::demo();
    let t = s.login("supervisor.depot");
    let checks = |s: &Server| {
        s.get("/api/v1/records?kind=stock_check", Some(&t)).1["records"]
            .as_array()
            .unwrap()
            .len()
    };
    let before = checks(&s);
    let mut b = Browser::new(&s);
    b.sign_in("supervisor.depot");
    let form = b.get("/imports");
    assert_eq!(form.status, 200);
    let csrf = form.csrf();
    let fields = |csrf: &str| {
        vec![
            ("csrf", csrf.to_string()),
            ("kind", "inventory".to_string()),
            ("title", "Annual count, bunker 2".to_string()),
            ("assign", "inspector.depot".to_string()),
            ("scope", "own_agency".to_string()),
        ]
    };
    let send = |b: &mut Browser, csrf: &str, name: &str, body: &str| {
        let f = fields(csrf);
        let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        b.post_file("/imports", &refs, name, body.as_bytes().to_vec())
    };
    // A forged form is refused; a file that is not CSV/XLSX too.
    assert_eq!(send(&mut b, "x", "inv.csv", "depot\n").status, 403);
    assert_eq!(send(&mut b, &csrf, "inv.pdf", "%PDF").status, 415);
    // Row errors are listed with their line and column; nothing is offered to import.
    let bad = "depot,location,manufacturer,calibre,lot,quantity\nCAD-1,B1,17,,L1,5\nCAD-1,B2,17,x,L2,-3\n";
    let checked = send(&mut b, &csrf, "inventory.csv", bad);
    assert_eq!(checked.status, 200, "{}", checked.body);
    assert!(
        checked.body.contains("Nothing was written"),
        "{}",
        checked.body
    );
    assert!(
        checked.body.contains("<td>2</td><td>calibre</td>"),
        "{}",
        checked.body
    );
    assert!(!checked.body.contains("action=\"/imports/"));
    assert_eq!(checks(&s), before);
    // An inventory nobody is assigned to count: the form says so and keeps what was
    // typed, before the file is read.
    let f = fields(&csrf);
    let mut refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    refs.retain(|(k, _)| *k != "assign");
    let unassigned = b.post_file("/imports", &refs, "inventory.csv", bad.as_bytes().to_vec());
    assert_eq!(unassigned.status, 200);
    assert!(
        unassigned.body.contains("Name at least one inspector")
            && unassigned.body.contains("Annual count, bunker 2"),
        "{}",
        unassigned.body
    );
    // A clean file: checked, then imported on confirmation, once.
    let good = "depot,location,manufacturer,calibre,lot,quantity\nCAD-1,B1,17,7.62x39,L1,5\nCAD-1,B2,17,7.62x39,L2,12\n";
    let checked = send(&mut b, &csrf, "inventory.csv", good);
    assert!(
        checked.body.contains("No problem found"),
        "{}",
        checked.body
    );
    assert_eq!(checks(&s), before, "a check writes nothing");
    let marker = "action=\"/imports/";
    let start = checked.body.find(marker).unwrap() + marker.len();
    let draft = checked.body[start..start + 36].to_string();
    // Only its own user can finish it.
    let mut other = Browser::new(&s);
    other.sign_in("supervisor.customs");
    let other_csrf = other.get("/records").csrf();
    assert_eq!(
        other
            .post(&format!("/imports/{draft}"), &[("csrf", &other_csrf)])
            .status,
        404
    );
    let done = b.post(&format!("/imports/{draft}"), &[("csrf", &csrf)]);
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body.contains("Imported: 1 record written"),
        "{}",
        done.body
    );
    assert_eq!(checks(&s), before + 1);
    assert_eq!(
        b.post(&format!("/imports/{draft}"), &[("csrf", &csrf)])
            .status,
        404,
        "once"
    );
    // Field users do not import.
    let mut inspector = Browser::new(&s);
    inspector.sign_in("inspector.depot");
    assert_eq!(inspector.get("/imports").status, 403);
}

#[test]
fn administrators_see_and_add_the_agencies_of_their_own_country() {
    let s = Server::demo();
    let mut b = Browser::new(&s);
    b.sign_in("admin.customs");
    let page = b.get("/admin/agencies");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Defence Logistics Command (demo)"));
    assert!(
        !page.body.contains("Border Police (demo)"),
        "another country's agency"
    );
    let csrf = page.csrf();
    assert_eq!(
        b.post("/admin/agencies", &[("csrf", &csrf), ("name", " ")])
            .status,
        422
    );
    let done = b.post(
        "/admin/agencies",
        &[("csrf", &csrf), ("name", "Kenya Police Service")],
    );
    assert_eq!(
        (done.status, done.location()),
        (303, "/admin/agencies?done=agency")
    );
    assert!(
        b.get("/admin/agencies")
            .body
            .contains("Kenya Police Service")
    );
    assert_eq!(s.audit_count("create_agency", "%console%"), 1);
    let mut sup = Browser::new(&s);
    sup.sign_in("supervisor.customs");
    assert_eq!(sup.get("/admin/agencies").status, 403);
}

/// Whether a page shows a table number of four or more digits grouped as English
/// writes it (`<td class="num">12,000</td>`).
fn has_grouped_number(body: &str) -> bool {
    body.split("<td class=\"num\">").skip(1).any(|rest| {
        let cell = rest.split('<').next().unwrap_or_default();
        let digits = cell.trim_start_matches(['+', '-']);
        digits.contains(',') && digits.chars().all(|c| c.is_ascii_digit() || c == ',')
    })
}
