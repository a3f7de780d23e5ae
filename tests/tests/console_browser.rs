//! The console in a real browser: Debian's Chromium, driven over WebDriver by
//! `chromedriver` (both installed by `scripts/install-deps`), against the real service.
//! A supervisor signs in, opens the oldest submitted case, sees its photos and returns
//! it with a comment; the field app's own sync engine then brings that comment to the
//! officer's device; an administrator revokes the device and its sign-in stops working.
//! Screenshots of the main pages at a desktop and a phone size are kept in
//! `target/tmp/console-screenshots/` for review.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tokio::runtime::Runtime;
use tracemark_mobile::core::engine::{SyncConfig, SyncEngine, SyncError};
use tracemark_mobile::core::store::LocalStore;
use tracemark_shared::domain::Platform;
use tracemark_shared::sync::ReviewDecision;
use tracemark_tests::{DEMO_PASSWORD, Server};

/// `chromedriver` on a free loopback port, stopped on drop.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (Debian's chromium-driver; scripts/install-deps installs it)");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while reqwest::blocking::get(format!("{url}/status")).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver) -> Client {
    let caps = json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=en"],
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

fn shots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("console-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Screenshots of the current page at a desktop and a phone size, once its images
/// have loaded.
async fn screenshot(c: &Client, name: &str) {
    for (w, h) in [(1280, 800), (390, 844)] {
        c.set_window_size(w, h).await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while c
            .execute(
                "return Array.from(document.images).every(i => i.complete)",
                vec![],
            )
            .await
            .unwrap()
            != json!(true)
            && Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let png = c.screenshot().await.unwrap();
        std::fs::write(shots().join(format!("{name}-{w}x{h}.png")), png).unwrap();
    }
    c.set_window_size(1280, 800).await.unwrap();
}

async fn sign_in(c: &Client, url: &str, user: &str) {
    c.goto(url).await.unwrap();
    c.wait()
        .for_element(Locator::Css("input[name=username]"))
        .await
        .unwrap()
        .send_keys(user)
        .await
        .unwrap();
    c.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(DEMO_PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("section.signin button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("form.signout"))
        .await
        .unwrap();
}

async fn sign_out(c: &Client) {
    c.find(Locator::Css("form.signout button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("input[name=username]"))
        .await
        .unwrap();
}

#[test]
fn a_supervisor_returns_a_case_in_chromium_the_device_pulls_the_comment_and_a_revoked_device_stops()
{
    let s = Server::demo();
    let rt = Runtime::new().unwrap();
    // The officer's field app: enrolled, and up to date.
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(dir.path()).unwrap();
    let engine = SyncEngine::new(store.clone(), SyncConfig::default()).unwrap();
    rt.block_on(engine.sign_in(
        &s.url,
        "officer.customs",
        DEMO_PASSWORD,
        "Field tablet 4",
        Platform::Android,
    ))
    .unwrap();
    rt.block_on(engine.sync_once()).unwrap();
    assert!(store.list_review_decisions().unwrap().is_empty());

    let driver = Driver::start();
    let c = rt.block_on(browser(&driver));
    let case = rt.block_on(async {
        // The printed URL opens the sign-in page.
        c.goto(&s.url).await.unwrap();
        assert!(c.current_url().await.unwrap().path().ends_with("/signin"));
        screenshot(&c, "signin").await;
        sign_in(&c, &s.url, "supervisor.customs").await;
        assert_eq!(c.current_url().await.unwrap().path(), "/review");
        screenshot(&c, "review").await;

        // The oldest submitted case, its photos shown.
        let link = c.find(Locator::Css("article.entry h2 a")).await.unwrap();
        let href = link.attr("href").await.unwrap().unwrap();
        let case = href.trim_start_matches("/records/").to_string();
        link.click().await.unwrap();
        c.wait()
            .for_element(Locator::Css("dl.summary"))
            .await
            .unwrap();
        let images = c.find_all(Locator::Css("ul.photos img")).await.unwrap();
        assert!(!images.is_empty(), "the case's photos are on its page");
        for img in &images {
            // Loaded and decoded: the thumbnail came through the session, under the CSP.
            // (fantoccini reads properties as text; a number comes back as "not W3C".)
            // A thumbnail may still be on its way when the page is drawn: wait for it,
            // up to 10 s, as a person would.
            let mut width = 0;
            for _ in 0..100 {
                width = match img.prop("naturalWidth").await {
                    Ok(Some(text)) => text.parse::<u64>().unwrap(),
                    Err(fantoccini::error::CmdError::NotW3C(serde_json::Value::Number(n))) => {
                        n.as_u64().unwrap()
                    }
                    other => panic!("naturalWidth: {other:?}"),
                };
                if width > 0 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            assert!(width > 0, "a thumbnail never loaded");
        }
        screenshot(&c, "record").await;

        // Back in the queue: return it with a comment.
        c.goto(&format!("{}/review", s.url)).await.unwrap();
        let form = c
            .wait()
            .for_element(Locator::Css(&format!("form[action='/review/{case}']")))
            .await
            .unwrap();
        form.find(Locator::Css("textarea"))
            .await
            .unwrap()
            .send_keys("Photograph the crate stencil as well")
            .await
            .unwrap();
        form.find(Locator::Css("button[value=return]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let notice = c
            .wait()
            .for_element(Locator::Css("p.notice"))
            .await
            .unwrap();
        assert!(notice.text().await.unwrap().contains("returned"));
        c.goto(&format!("{}/records", s.url)).await.unwrap();
        c.wait()
            .for_element(Locator::Css("table.records"))
            .await
            .unwrap();
        screenshot(&c, "records").await;
        sign_out(&c).await;
        case
    });

    // The loop closes: the field app's sync brings the comment to the officer.
    rt.block_on(engine.sync_once()).unwrap();
    let decisions = store.list_review_decisions().unwrap();
    let returned = decisions
        .iter()
        .find(|d| d.record_id.to_string() == case)
        .expect("the decision reached the device");
    assert_eq!(returned.decision, ReviewDecision::Return);
    assert_eq!(
        returned.comment.as_deref(),
        Some("Photograph the crate stencil as well")
    );

    // An administrator revokes the tablet; its next sync is told to sign in again.
    rt.block_on(async {
        sign_in(&c, &s.url, "admin.customs").await;
        c.goto(&format!("{}/admin/devices", s.url)).await.unwrap();
        let button = c
            .wait()
            .for_element(Locator::XPath(
                "//button[contains(., 'Revoke Field tablet 4')]",
            ))
            .await
            .unwrap();
        screenshot(&c, "devices").await;
        button.click().await.unwrap();
        let notice = c
            .wait()
            .for_element(Locator::Css("p.notice"))
            .await
            .unwrap();
        assert!(notice.text().await.unwrap().contains("revoked"));
        c.goto(&format!("{}/admin/audit", s.url)).await.unwrap();
        c.wait()
            .for_element(Locator::Css("table.audit"))
            .await
            .unwrap();
        screenshot(&c, "audit").await;
        // Arabic, right to left.
        c.goto(&format!("{}/language/ar", s.url)).await.unwrap();
        c.goto(&format!("{}/admin/users", s.url)).await.unwrap();
        let html = c.find(Locator::Css("html")).await.unwrap();
        assert_eq!(html.attr("dir").await.unwrap().as_deref(), Some("rtl"));
        screenshot(&c, "users-ar").await;
        c.close().await.unwrap();
    });
    let err = rt.block_on(engine.sync_once()).unwrap_err();
    assert!(matches!(err, SyncError::SignInAgain), "{err:?}");
}
