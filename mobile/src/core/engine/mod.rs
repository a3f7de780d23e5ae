//! The sync engine: brings the outbox and photos to the server and what the user
//! should have back, in rounds of push → photo uploads → pull.
//!
//! Invariants:
//! - nothing leaves the store unless the server acknowledged it: an outbox entry on an
//!   answer for its operation id, a photo when the server says it holds all of it, a
//!   pull page only together with its cursor;
//! - one round runs at a time; all network I/O is async and all store work runs on
//!   blocking threads, so a UI thread never waits on either;
//! - failures that may pass are retried with bounded exponential backoff and jitter;
//!   the last error is kept in words the user understands.

mod client;
mod error;
mod photos;
mod retry;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, Notify, watch};
use tracemark_shared::domain::Platform;
use tracemark_shared::sync::{
    MAX_OPS_PER_PUSH, MAX_PULL_PAGE, MAX_PUSH_BYTES, PROTOCOL_VERSION, PushRequest,
};

pub use client::LoginAnswer;
pub use error::SyncError;
pub use retry::RetryPolicy;

use crate::core::store::{LocalStore, Session, StoreError, SyncStatus};
use crate::core::supervisor::{SupervisorClient, SupervisorError};
use client::Api;

/// Operations per push by default (the protocol allows up to [`MAX_OPS_PER_PUSH`]).
pub const DEFAULT_BATCH_OPS: usize = 100;
/// Room left in a push body for the envelope around the operations.
const PUSH_ENVELOPE_BYTES: usize = 64 * 1024;
/// Bytes of a photo sent per request, so an interrupted upload loses little.
pub const DEFAULT_PHOTO_CHUNK_BYTES: usize = 256 * 1024;
/// Most pull pages in one round: a server that always says `more` cannot keep the
/// engine busy forever.
const MAX_PULL_PAGES_PER_ROUND: usize = 10_000;

/// How the engine syncs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncConfig {
    /// Operations per push (at most [`MAX_OPS_PER_PUSH`]).
    pub batch_ops: usize,
    /// Photo bytes per upload request.
    pub photo_chunk_bytes: usize,
    /// Time to open a connection.
    pub connect_timeout: Duration,
    /// Time for a whole request.
    pub request_timeout: Duration,
    /// Retries of one step within a round.
    pub retry: RetryPolicy,
    /// Time between rounds in [`SyncEngine::run_forever`] after a good round.
    pub interval: Duration,
    /// Longest wait between rounds after failed ones (the wait doubles up to this).
    pub max_interval: Duration,
}

impl Default for SyncConfig {
    fn default() -> Self {
        Self {
            batch_ops: DEFAULT_BATCH_OPS,
            photo_chunk_bytes: DEFAULT_PHOTO_CHUNK_BYTES,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            interval: Duration::from_secs(5 * 60),
            max_interval: Duration::from_secs(30 * 60),
        }
    }
}

/// What a round is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Phase {
    /// Not syncing.
    #[default]
    Idle,
    /// Sending changes.
    Pushing,
    /// Uploading photos.
    UploadingPhotos,
    /// Fetching assignments, vocabularies and decisions.
    Pulling,
}

/// Progress for the app's status line, published on a watch channel.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncProgress {
    /// What the engine is doing.
    pub phase: Phase,
    /// Where the store stands (records and photo bytes left, last sync, last error).
    pub status: SyncStatus,
}

/// The sync engine. Cheap to clone; clones share one engine.
#[derive(Clone)]
pub struct SyncEngine {
    inner: Arc<Inner>,
}

struct Inner {
    store: LocalStore,
    config: SyncConfig,
    http: reqwest::Client,
    round: Mutex<()>,
    trigger: Notify,
    stop: watch::Sender<bool>,
    progress: watch::Sender<SyncProgress>,
}

impl SyncEngine {
    /// An engine over `store`.
    pub fn new(store: LocalStore, config: SyncConfig) -> Result<Self, SyncError> {
        let http = client::http_client(config.connect_timeout, config.request_timeout)?;
        let (progress, _) = watch::channel(SyncProgress::default());
        let (stop, _) = watch::channel(false);
        Ok(Self {
            inner: Arc::new(Inner {
                store,
                config,
                http,
                round: Mutex::new(()),
                trigger: Notify::new(),
                stop,
                progress,
            }),
        })
    }

    /// The store the engine syncs.
    pub fn store(&self) -> &LocalStore {
        &self.inner.store
    }

    /// The supervisor API of the signed-in session's server, over this engine's HTTP
    /// client (the same TLS, timeouts and bearer token as sync).
    pub fn supervisor(&self) -> Result<SupervisorClient, SupervisorError> {
        let session = self
            .inner
            .store
            .session()
            .map_err(|e| SupervisorError::Store(e.to_string()))?
            .ok_or(SupervisorError::NotSignedIn)?;
        SupervisorClient::new(self.inner.http.clone(), &session)
    }

    /// Progress updates; the current value is always the latest.
    pub fn progress(&self) -> watch::Receiver<SyncProgress> {
        self.inner.progress.subscribe()
    }

    /// Signs in and enrols this device; the session is kept in the store.
    pub async fn sign_in(
        &self,
        server_url: &str,
        username: &str,
        password: &str,
        device_name: &str,
        platform: Platform,
    ) -> Result<Session, SyncError> {
        let api = Api::new(self.inner.http.clone(), server_url, None)?;
        let answer = api.login(username, password, device_name, platform).await?;
        let session = Session {
            server_url: server_url.to_string(),
            token: answer.token,
            device_id: answer.device_id.map(|d| match d {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            }),
            user: answer.user,
        };
        let s = session.clone();
        self.blocking(move |store| store.save_session(&s)).await?;
        self.publish(Phase::Idle).await;
        Ok(session)
    }

    /// Signs out when nothing waits to be sent: the device's copy of the user's work
    /// is forgotten ([`LocalStore::sign_out`]) and, when the server can be reached, the
    /// token is ended there too (offline it simply expires).
    pub async fn sign_out(&self) -> Result<(), SyncError> {
        let _round = self.inner.round.lock().await;
        let session = self.blocking(|s| s.session()).await?;
        self.blocking(|s| s.sign_out()).await?;
        let api = session.and_then(|session| {
            Api::new(
                self.inner.http.clone(),
                &session.server_url,
                Some(session.token),
            )
            .ok()
        });
        if let Some(api) = api {
            let _ = api.logout().await;
        }
        self.publish(Phase::Idle).await;
        Ok(())
    }

    /// Runs one round now: push, photos, pull. Waits for a round already running to
    /// end first. The error is also kept in the store for the status line.
    pub async fn sync_once(&self) -> Result<(), SyncError> {
        let _round = self.inner.round.lock().await;
        let result = self.round().await;
        let noted = match &result {
            Ok(()) => self.blocking(|s| s.record_sync_success()).await,
            Err(e) => {
                let message = e.to_string();
                self.blocking(move |s| s.record_sync_error(&message)).await
            }
        };
        self.publish(Phase::Idle).await;
        result.and(noted)
    }

    /// Asks [`SyncEngine::run_forever`] for a round now (the "sync now" button, or the
    /// platform saying that a network appeared).
    pub fn sync_now(&self) {
        self.inner.trigger.notify_one();
    }

    /// Ends [`SyncEngine::run_forever`] after its current round.
    pub fn stop(&self) {
        self.inner.stop.send_replace(true);
        self.inner.trigger.notify_one();
    }

    /// Syncs in rounds until [`SyncEngine::stop`]: at once, then every
    /// `config.interval`, sooner on [`SyncEngine::sync_now`]; after a failed round the
    /// wait doubles (with jitter) up to `config.max_interval`.
    pub async fn run_forever(&self) {
        let mut stop = self.inner.stop.subscribe();
        let mut failures = 0u32;
        let backoff = RetryPolicy {
            max_retries: 0,
            base_delay: self
                .inner
                .config
                .retry
                .base_delay
                .max(Duration::from_secs(1)),
            max_delay: self.inner.config.max_interval,
        };
        while !*stop.borrow() {
            let wait = match self.sync_once().await {
                Ok(()) => {
                    failures = 0;
                    self.inner.config.interval
                }
                Err(e) if e.is_transient() => {
                    failures = failures.saturating_add(1);
                    backoff.delay(failures).max(backoff.base_delay)
                }
                // Signing in or updating needs the user; try again at the usual pace.
                Err(_) => self.inner.config.interval,
            };
            tokio::select! {
                () = self.inner.trigger.notified() => {}
                () = tokio::time::sleep(wait) => {}
                _ = stop.changed() => {}
            }
        }
    }

    async fn round(&self) -> Result<(), SyncError> {
        let session = self
            .blocking(|s| s.session())
            .await?
            .ok_or(SyncError::NotSignedIn)?;
        let api = Api::new(
            self.inner.http.clone(),
            &session.server_url,
            Some(session.token),
        )?;
        self.push_all(&api).await?;
        self.upload_photos(&api).await?;
        self.pull_all(&api).await
    }

    /// Pushes the outbox in batches until nothing is pending.
    async fn push_all(&self, api: &Api) -> Result<(), SyncError> {
        let max_ops = self.inner.config.batch_ops.clamp(1, MAX_OPS_PER_PUSH);
        let max_bytes = MAX_PUSH_BYTES.saturating_sub(PUSH_ENVELOPE_BYTES);
        loop {
            self.publish(Phase::Pushing).await;
            let batch = self
                .blocking(move |s| s.take_batch(max_ops, max_bytes))
                .await?;
            if batch.operations.is_empty() {
                return Ok(());
            }
            let req = PushRequest {
                version: PROTOCOL_VERSION,
                operations: batch.operations.clone(),
            };
            let answer = match self.inner.config.retry.run(|| api.push(&req)).await {
                Ok(a) => a,
                Err(e) => {
                    let message = e.to_string();
                    self.blocking(move |s| s.note_push_failure(&batch, &message))
                        .await?;
                    return Err(e);
                }
            };
            let answered = answer
                .results
                .iter()
                .filter(|r| req.operations.iter().any(|o| o.op_id == r.op_id))
                .count();
            self.blocking(move |s| s.apply_push_results(&answer.results))
                .await?;
            // An answer about none of the operations would make the loop spin.
            if answered == 0 {
                return Err(SyncError::BadAnswer(
                    "the push answer named none of the operations sent".into(),
                ));
            }
        }
    }

    /// Pulls pages until the server has no more, storing each with its cursor.
    async fn pull_all(&self, api: &Api) -> Result<(), SyncError> {
        self.publish(Phase::Pulling).await;
        for _ in 0..MAX_PULL_PAGES_PER_ROUND {
            let cursor = self.blocking(|s| s.cursor()).await?;
            let page = self
                .inner
                .config
                .retry
                .run(|| api.pull(cursor.as_deref()))
                .await?;
            if page.items.len() > MAX_PULL_PAGE {
                return Err(SyncError::BadAnswer(format!(
                    "a pull page of {} items (at most {MAX_PULL_PAGE})",
                    page.items.len()
                )));
            }
            let more = page.more;
            self.blocking(move |s| s.apply_pull_page(&page)).await?;
            if !more {
                return Ok(());
            }
        }
        Ok(())
    }

    /// Runs store work on a blocking thread.
    async fn blocking<T, F>(&self, f: F) -> Result<T, SyncError>
    where
        F: FnOnce(&LocalStore) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let store = self.inner.store.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|e| SyncError::Client(format!("store task failed: {e}")))?
            .map_err(SyncError::from)
    }

    /// Publishes the phase with the store's current counts.
    async fn publish(&self, phase: Phase) {
        let status = self.blocking(|s| s.sync_status()).await.unwrap_or_default();
        self.inner
            .progress
            .send_replace(SyncProgress { phase, status });
    }
}
