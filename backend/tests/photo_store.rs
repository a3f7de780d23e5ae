//! One contract, two photo stores: every scenario runs against files on this machine
//! and against a real S3-compatible server process on loopback (see
//! `tracemark_tests::s3`), through the same `BlobStore` calls the service makes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use sha2::{Digest, Sha256};
use tracemark_backend::photos::blob::{FinishError, upload_key};
use tracemark_backend::photos::{
    BlobStore, FsStore, PhotoStore, S3Credentials, S3Settings, S3Store,
};
use tracemark_shared::domain::MediaType;
use tracemark_tests::s3::{ACCESS_KEY_ID, S3Server, SECRET_ACCESS_KEY};

/// A store to run a scenario on, with whatever keeps it alive.
struct Under {
    store: PhotoStore,
    _dir: Option<tempfile::TempDir>,
    s3: Option<S3Server>,
}

fn on_files() -> Under {
    let dir = tempfile::tempdir().unwrap();
    Under {
        store: PhotoStore::Files(FsStore::new(dir.path())),
        _dir: Some(dir),
        s3: None,
    }
}

fn on_s3() -> Under {
    let server = S3Server::start();
    let settings = S3Settings {
        bucket: server.bucket.clone(),
        prefix: "national".into(),
        endpoint: Some(server.endpoint.clone()),
        region: "us-east-1".into(),
        path_style: true,
    };
    let credentials = S3Credentials {
        access_key_id: ACCESS_KEY_ID.into(),
        secret_access_key: SECRET_ACCESS_KEY.into(),
        session_token: None,
    };
    Under {
        store: PhotoStore::S3(S3Store::new(&settings, credentials).unwrap()),
        _dir: None,
        s3: Some(server),
    }
}

/// Runs a scenario on a store made outside the runtime (the S3 server is started with
/// blocking calls).
fn run<F: Future<Output = ()>>(under: Under, scenario: impl FnOnce(Under) -> F) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(scenario(under));
}

/// Runs each scenario on both stores, as its own test.
macro_rules! contract {
    ($($scenario:ident),* $(,)?) => {
        mod files {
            $(#[test]
            fn $scenario() { super::run(super::on_files(), super::$scenario) })*
        }
        mod s3 {
            $(#[test]
            fn $scenario() { super::run(super::on_s3(), super::$scenario) })*
        }
    };
}

contract!(
    resumed_upload_is_verified_then_stored_once,
    streamed_pieces_past_a_part_make_one_photo,
    wrong_bytes_and_formats_are_refused_and_nothing_is_stored,
    derived_files_are_whole_and_replaced,
    discarded_upload_starts_again_from_zero,
    hashed_on_the_way_in_is_stored_without_a_second_read,
    the_listing_names_stored_photos_only,
    a_photo_streams_back_whole_in_pieces,
);

const PNG_HEAD: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

fn photo(len: usize) -> Vec<u8> {
    let mut v = PNG_HEAD.to_vec();
    v.extend((0..len.saturating_sub(v.len())).map(|i| (i * 7 % 251) as u8));
    v
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn stream(store: &PhotoStore, upload: &str, bytes: &[u8]) -> u64 {
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    let rest = bytes.to_vec();
    let sender = tokio::spawn(async move {
        for piece in rest.chunks(64 * 1024) {
            tx.send(bytes::Bytes::copy_from_slice(piece)).await.unwrap();
        }
    });
    let appended = store.append_stream(upload, rx).await.unwrap();
    sender.await.unwrap();
    appended
}

async fn resumed_upload_is_verified_then_stored_once(u: Under) {
    let store = &u.store;
    let bytes = photo(300_000);
    let h = sha(&bytes);
    let mine = upload_key("agency-a", &h);
    let theirs = upload_key("agency-b", &h);
    assert_eq!(store.partial_len(&mine).await.unwrap(), 0);
    // Three requests: a short one, a streamed one, the rest.
    store.append(&mine, &bytes[..10]).await.unwrap();
    assert_eq!(stream(store, &mine, &bytes[10..200_000]).await, 199_990);
    assert_eq!(store.partial_len(&mine).await.unwrap(), 200_000);
    assert_eq!(store.partial_len(&theirs).await.unwrap(), 0, "kept apart");
    assert_eq!(store.stored_size(&h).await.unwrap(), None, "no half photo");
    store.append(&mine, &bytes[200_000..]).await.unwrap();
    let done = store.finish(&mine, &h).await.unwrap();
    assert_eq!(done, (bytes.len() as u64, MediaType::Png));
    assert_eq!(store.read(&h).await.unwrap(), bytes);
    assert_eq!(
        store.stored_size(&h).await.unwrap(),
        Some(bytes.len() as u64)
    );
    assert_eq!(store.partial_len(&mine).await.unwrap(), 0, "upload dropped");
    // Another agency proves it holds the same bytes: one copy stays.
    store.append(&theirs, &bytes).await.unwrap();
    assert_eq!(
        store.finish(&theirs, &h).await.unwrap().0,
        bytes.len() as u64
    );
    assert_eq!(store.read(&h).await.unwrap(), bytes);
    if let Some(s3) = &u.s3 {
        let keys = tokio::task::block_in_place(|| s3.keys());
        let blobs: Vec<_> = keys.iter().filter(|k| k.contains("/blobs/")).collect();
        assert_eq!(blobs.len(), 1, "{keys:?}");
        assert!(
            keys.iter().all(|k| k.starts_with("national/blobs/")),
            "only the photo is left, under the prefix: {keys:?}"
        );
    }
}

async fn streamed_pieces_past_a_part_make_one_photo(u: Under) {
    let store = &u.store;
    // Larger than S3's 5 MiB part: the piece is sent as a multipart upload.
    let bytes = photo(11 * 1024 * 1024 + 12_345);
    let h = sha(&bytes);
    let key = upload_key("agency-a", &h);
    assert_eq!(stream(store, &key, &bytes).await, bytes.len() as u64);
    assert_eq!(store.partial_len(&key).await.unwrap(), bytes.len() as u64);
    let (size, media) = store.finish(&key, &h).await.unwrap();
    assert_eq!((size, media), (bytes.len() as u64, MediaType::Png));
    assert_eq!(sha(&store.read(&h).await.unwrap()), h);
}

async fn wrong_bytes_and_formats_are_refused_and_nothing_is_stored(u: Under) {
    let store = &u.store;
    let bytes = photo(1000);
    let claimed = sha(b"other bytes");
    let key = upload_key("agency-a", &claimed);
    store.append(&key, &bytes[..500]).await.unwrap();
    store.append(&key, &bytes[500..]).await.unwrap();
    match store.finish(&key, &claimed).await {
        Err(FinishError::HashMismatch { actual }) => assert_eq!(actual, sha(&bytes)),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.stored_size(&claimed).await.unwrap(), None);
    let gif = b"GIF89a, a format Tracemark does not keep".to_vec();
    let h = sha(&gif);
    let key = upload_key("agency-a", &h);
    store.append(&key, &gif).await.unwrap();
    assert!(matches!(
        store.finish(&key, &h).await,
        Err(FinishError::Unsupported)
    ));
    assert_eq!(store.stored_size(&h).await.unwrap(), None);
    assert!(store.read(&h).await.is_err(), "nothing to read");
}

async fn derived_files_are_whole_and_replaced(u: Under) {
    let store = &u.store;
    let h = "ab".repeat(32);
    assert_eq!(store.read_derived(&h, "thumb.jpg").await.unwrap(), None);
    store
        .write_derived(&h, "thumb.jpg", b"first".to_vec())
        .await
        .unwrap();
    store
        .write_derived(&h, "thumb.jpg", b"second".to_vec())
        .await
        .unwrap();
    assert_eq!(
        store.read_derived(&h, "thumb.jpg").await.unwrap(),
        Some(b"second".to_vec())
    );
    assert_eq!(store.read_derived(&h, "other.jpg").await.unwrap(), None);
}

async fn discarded_upload_starts_again_from_zero(u: Under) {
    let store = &u.store;
    let bytes = photo(50_000);
    let h = sha(&bytes);
    let key = upload_key("agency-a", &h);
    store.append(&key, &bytes[..20_000]).await.unwrap();
    store.discard(&key).await.unwrap();
    store.discard(&key).await.unwrap(); // twice is harmless
    assert_eq!(store.partial_len(&key).await.unwrap(), 0);
    store.append(&key, &bytes).await.unwrap();
    assert_eq!(store.finish(&key, &h).await.unwrap().0, 50_000);
}

async fn hashed_on_the_way_in_is_stored_without_a_second_read(u: Under) {
    let store = &u.store;
    let bytes = photo(120_000);
    let h = sha(&bytes);
    // Sent whole in one request (the service hashed it as it arrived)…
    let key = upload_key("agency-a", &h);
    stream(store, &key, &bytes).await;
    let done = store.finish_hashed(&key, &h, &bytes[..16]).await.unwrap();
    assert_eq!(done, (120_000, MediaType::Png));
    assert_eq!(store.read(&h).await.unwrap(), bytes);
    // …or resumed and then sent whole again by another agency.
    let key = upload_key("agency-b", &h);
    store.append(&key, &bytes[..1]).await.unwrap();
    store.append(&key, &bytes[1..]).await.unwrap();
    let done = store.finish_hashed(&key, &h, &bytes[..16]).await.unwrap();
    assert_eq!(done.0, 120_000);
    assert_eq!(store.partial_len(&key).await.unwrap(), 0);
    let gif = b"GIF89a".to_vec();
    assert!(matches!(
        store.finish_hashed(&key, &sha(&gif), &gif).await,
        Err(FinishError::Unsupported)
    ));
}

#[test]
fn the_bucket_secret_is_never_printed() {
    let under = on_s3();
    let credentials = S3Credentials {
        access_key_id: ACCESS_KEY_ID.into(),
        secret_access_key: SECRET_ACCESS_KEY.into(),
        session_token: Some("session-token-value".into()),
    };
    for printed in [
        format!("{:?}", under.store),
        format!("{credentials:?}"),
        format!("{:#?}", under.store),
    ] {
        assert!(!printed.contains(SECRET_ACCESS_KEY), "{printed}");
        assert!(!printed.contains("session-token-value"), "{printed}");
    }
}

async fn the_listing_names_stored_photos_only(u: Under) {
    let store = &u.store;
    assert_eq!(store.stored_photos().await.unwrap(), Vec::<String>::new());
    let (a, b) = (photo(1000), photo(2000));
    for bytes in [&a, &b] {
        let key = upload_key("agency-a", &sha(bytes));
        store.append(&key, bytes).await.unwrap();
        store.finish(&key, &sha(bytes)).await.unwrap();
        store
            .write_derived(&sha(bytes), "thumb.jpg", b"jpeg".to_vec())
            .await
            .unwrap();
    }
    // An unfinished upload is not a stored photo.
    let c = photo(3000);
    store
        .append(&upload_key("agency-a", &sha(&c)), &c[..100])
        .await
        .unwrap();
    let mut want = vec![sha(&a), sha(&b)];
    want.sort();
    assert_eq!(store.stored_photos().await.unwrap(), want);
}

async fn a_photo_streams_back_whole_in_pieces(u: Under) {
    use futures_util::StreamExt;
    let store = &u.store;
    // Larger than one piece of either store.
    let bytes = photo(6 * 1024 * 1024 + 777);
    let h = sha(&bytes);
    let key = upload_key("agency-a", &h);
    stream(store, &key, &bytes).await;
    store.finish(&key, &h).await.unwrap();
    let (size, mut pieces) = store.read_stream(&h).await.unwrap();
    assert_eq!(size, bytes.len() as u64);
    let (mut got, mut count) = (Vec::new(), 0);
    while let Some(piece) = pieces.next().await {
        got.extend_from_slice(&piece.unwrap());
        count += 1;
    }
    assert_eq!(got, bytes);
    assert!(count > 1, "sent in pieces, not whole");
    let missing = store.read_stream(&"0".repeat(64)).await.err().unwrap();
    assert_eq!(missing.kind(), std::io::ErrorKind::NotFound);
}
