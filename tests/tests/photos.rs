//! The photo store through the real service: whole and resumed uploads, hash and type
//! checks, size limits, idempotence, and who may read a photo. Each test runs twice:
//! photos in files (the default) and in a real S3-compatible server process.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use reqwest::Method;
use tracemark_tests::s3::S3Server;
use tracemark_tests::{Server, sha256_hex};

/// Runs each test against a demo service keeping photos in files, and against one
/// keeping them in an S3-compatible bucket.
macro_rules! on_both_stores {
    ($($test:ident),* $(,)?) => {
        mod files {
            $(#[test]
            fn $test() { super::$test(&super::Server::demo(), None) })*
        }
        mod s3 {
            $(#[test]
            fn $test() {
                let bucket = super::S3Server::start();
                super::$test(&super::Server::demo_on_s3(&bucket), Some(&bucket))
            })*
        }
    };
}

on_both_stores!(
    whole_upload_is_stored_once_and_read_back_by_its_agency_only,
    interrupted_upload_resumes_from_what_the_server_holds,
    wrong_hash_type_size_and_address_are_refused,
    dropped_connection_keeps_what_arrived,
    thumbnails_are_made_once_and_kept_beside_the_photo,
);

/// A PNG signature followed by deterministic filler: enough for the store's sniffing.
fn png(len: usize) -> Vec<u8> {
    let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut x: u32 = 0x1234_5678;
    while v.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v.push(x as u8);
    }
    v
}

fn whole_upload_is_stored_once_and_read_back_by_its_agency_only(
    s: &Server,
    _bucket: Option<&S3Server>,
) {
    let t = s.login("officer.customs");
    let photo = png(200_000);
    let h = sha256_hex(&photo);
    let (status, body) = s.put_photo(&t, &h, photo.clone(), None);
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["media_type"], "image/png");
    assert_eq!(body["size"], 200_000);
    // Idempotent: the same photo again is accepted without a second copy.
    assert_eq!(s.put_photo(&t, &h, photo.clone(), None).0, 200);
    let resp = s
        .request(Method::GET, &format!("/api/v1/photos/{h}"), Some(&t))
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["content-type"], "image/png");
    assert_eq!(resp.headers()["content-length"], "200000");
    assert_eq!(resp.bytes().unwrap().as_ref(), photo.as_slice());
    // An agency with no record referencing it cannot read it.
    let other = s.login("officer.border");
    assert_eq!(s.get(&format!("/api/v1/photos/{h}"), Some(&other)).0, 404);
    assert_eq!(s.get(&format!("/api/v1/photos/{h}"), None).0, 401);
}

fn interrupted_upload_resumes_from_what_the_server_holds(s: &Server, _bucket: Option<&S3Server>) {
    let t = s.login("officer.customs");
    let photo = png(1_000_000);
    let h = sha256_hex(&photo);
    let total = photo.len();
    let (status, body) = s.put_photo(
        &t,
        &h,
        photo[..300_000].to_vec(),
        Some(format!("bytes 0-299999/{total}")),
    );
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["received"], 300_000);
    let (_, st) = s.get(&format!("/api/v1/photos/{h}/upload"), Some(&t));
    assert_eq!(
        (st["complete"].as_bool(), st["received"].as_u64()),
        (Some(false), Some(300_000))
    );
    // Sending from the wrong offset is refused with the offset to use.
    let (status, body) = s.put_photo(
        &t,
        &h,
        photo[500_000..].to_vec(),
        Some(format!("bytes 500000-{}/{total}", total - 1)),
    );
    assert_eq!(status, 409);
    assert_eq!(body["received"], 300_000);
    let (status, body) = s.put_photo(
        &t,
        &h,
        photo[300_000..].to_vec(),
        Some(format!("bytes 300000-{}/{total}", total - 1)),
    );
    assert_eq!(status, 201, "{body}");
    let (_, st) = s.get(&format!("/api/v1/photos/{h}/upload"), Some(&t));
    assert_eq!(st["complete"], true);
    let got = s
        .request(Method::GET, &format!("/api/v1/photos/{h}"), Some(&t))
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    assert_eq!(sha256_hex(&got), h, "hash verified end to end");
}

fn wrong_hash_type_size_and_address_are_refused(s: &Server, _bucket: Option<&S3Server>) {
    let t = s.login("officer.customs");
    let photo = png(10_000);
    let wrong = sha256_hex(b"something else");
    let (status, body) = s.put_photo(&t, &wrong, photo.clone(), None);
    assert_eq!(status, 400, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("hash"));
    // Nothing half-stored remains: the right upload still works from zero.
    let (_, st) = s.get(&format!("/api/v1/photos/{wrong}/upload"), Some(&t));
    assert_eq!(st["received"], 0);
    let gif = b"GIF89a not a photo format Tracemark stores".to_vec();
    assert_eq!(s.put_photo(&t, &sha256_hex(&gif), gif, None).0, 415);
    let big = format!("bytes 0-9/{}", 41 * 1024 * 1024);
    assert_eq!(
        s.put_photo(&t, &sha256_hex(&photo), photo[..10].to_vec(), Some(big))
            .0,
        413
    );
    assert_eq!(
        s.put_photo(&t, "../../etc/passwd", photo.clone(), None).0,
        404
    );
    assert_eq!(s.put_photo(&t, "not-a-hash", photo.clone(), None).0, 400);
    assert_eq!(s.put_photo(&t, &sha256_hex(&photo), vec![], None).0, 400);
    let (status, _) = s.put_photo(
        &t,
        &sha256_hex(&photo),
        photo.clone(),
        Some("bytes 5-1/10".into()),
    );
    assert_eq!(status, 400);
}

fn dropped_connection_keeps_what_arrived(s: &Server, _bucket: Option<&S3Server>) {
    use std::io::Write;
    let t = s.login("officer.customs");
    let photo = png(400_000);
    let h = sha256_hex(&photo);
    let addr = s.url.trim_start_matches("http://").to_string();
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        conn,
        "PUT /api/v1/photos/{h} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {t}\r\nContent-Length: {}\r\n\r\n",
        photo.len()
    )
    .unwrap();
    conn.write_all(&photo[..150_000]).unwrap();
    conn.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    drop(conn);
    // The server notices the drop, keeps the bytes it got, and says so.
    let mut received = 0;
    for _ in 0..50 {
        let (_, st) = s.get(&format!("/api/v1/photos/{h}/upload"), Some(&t));
        received = st["received"].as_u64().unwrap();
        if received == 150_000 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(received, 150_000);
    let total = photo.len();
    let (status, _) = s.put_photo(
        &t,
        &h,
        photo[150_000..].to_vec(),
        Some(format!("bytes 150000-{}/{total}", total - 1)),
    );
    assert_eq!(status, 201);
}

fn thumbnails_are_made_once_and_kept_beside_the_photo(s: &Server, bucket: Option<&S3Server>) {
    let t = s.login("officer.customs");
    let label = include_bytes!("../../assets/demo/box-label.jpg").to_vec();
    let h = sha256_hex(&label);
    // The demo already keeps this photo: sending it again proves the agency holds it.
    let (status, body) = s.put_photo(&t, &h, label, None);
    assert!(status == 200 || status == 201, "{status} {body}");
    let thumb = |etag: Option<&str>| {
        let mut rb = s.request(
            Method::GET,
            &format!("/api/v1/photos/{h}/thumbnail"),
            Some(&t),
        );
        if let Some(etag) = etag {
            rb = rb.header("If-None-Match", etag);
        }
        rb.send().unwrap()
    };
    let first = thumb(None);
    assert_eq!(first.status().as_u16(), 200);
    assert_eq!(first.headers()["content-type"], "image/jpeg");
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    let first = first.bytes().unwrap();
    assert_eq!(&first[..3], &[0xFF, 0xD8, 0xFF], "a JPEG");
    assert_eq!(thumb(None).bytes().unwrap(), first, "the kept thumbnail");
    assert_eq!(thumb(Some(&etag)).status().as_u16(), 304);
    if let Some(bucket) = bucket {
        let keys = bucket.keys();
        let kept = |part: &str| {
            keys.iter()
                .any(|k| k.starts_with("photos/") && k.contains(part))
        };
        assert!(
            kept(&format!("blobs/{}/{}/{h}", &h[..2], &h[2..4])),
            "{keys:?}"
        );
        assert!(
            kept(&format!("derived/{}/{}/{h}.", &h[..2], &h[2..4])),
            "{keys:?}"
        );
        assert!(
            !keys
                .iter()
                .any(|k| k.contains("/partial/") || k.contains("/incoming/")),
            "no unfinished upload is left: {keys:?}"
        );
    }
}

#[test]
fn readiness_says_when_the_photo_bucket_is_gone() {
    let bucket = S3Server::start();
    let s = Server::demo_on_s3(&bucket);
    assert_eq!(
        s.get("/readyz", None),
        (200, serde_json::json!({ "ready": true }))
    );
    drop(bucket);
    let (status, body) = s.get("/readyz", None);
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["reason"], "the photo store is not reachable");
    // A photo cannot be read: after a few retries the answer says so.
    let t = s.login("officer.customs");
    let label = include_bytes!("../../assets/demo/box-label.jpg");
    let (status, body) = s.get(&format!("/api/v1/photos/{}", sha256_hex(label)), Some(&t));
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "photo_store_unavailable", "{body}");
}

#[test]
fn photos_move_from_files_into_a_bucket_and_are_served_from_it() {
    let demo = Server::demo();
    let dir = demo.kill();
    let data = Server::demo_data_dir(dir.path());
    let bucket = S3Server::start();
    let migrate = |to: &str| {
        let out = std::process::Command::new(tracemark_tests::binary())
            .args(["migrate-store", "--from"])
            .arg(format!("file://{}", data.join("photos").display()))
            .args(["--to", to, "--s3-endpoint", &bucket.endpoint])
            .envs(S3Server::env())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let to = format!("s3://{}/photos", bucket.bucket);
    let (code, stdout, stderr) = migrate(&to);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("3 photos copied"), "{stdout}");
    assert!(stdout.contains("0 already there, 3 in all"), "{stdout}");
    // Run again (as after an interruption): nothing is copied twice.
    let (code, stdout, _) = migrate(&to);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with("0 photos copied"), "{stdout}");
    assert!(stdout.contains("3 already there"), "{stdout}");
    let blobs = bucket
        .keys()
        .iter()
        .filter(|k| k.contains("/blobs/"))
        .count();
    assert_eq!(blobs, 3);
    // A wrong target is one clear line, and nothing happens.
    let (code, _, stderr) = migrate("ftp://elsewhere");
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr.trim(),
        "error: --to: a photo store URL starts with s3:// or file://"
    );
    // The service now runs on the bucket (the folder gone), and the records' photos
    // read as before.
    std::fs::remove_dir_all(data.join("photos")).unwrap();
    let s = Server::serve_with(dir, &data, &bucket.flags(), &S3Server::env());
    let t = s.login("officer.customs");
    let label = include_bytes!("../../assets/demo/box-label.jpg");
    let got = s
        .request(
            Method::GET,
            &format!("/api/v1/photos/{}", sha256_hex(label)),
            Some(&t),
        )
        .send()
        .unwrap();
    assert_eq!(got.status().as_u16(), 200);
    assert_eq!(got.bytes().unwrap().as_ref(), label.as_slice());
}
