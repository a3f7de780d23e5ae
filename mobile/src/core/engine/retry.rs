//! Retries with exponential backoff and full jitter, for failures that may pass
//! (no network, timeouts, server errors).
//!
//! Invariant: a retried step is idempotent (pushes carry their operation ids, uploads
//! resume from what the server holds), and the number of tries is bounded.

use std::future::Future;
use std::time::Duration;

use super::SyncError;

/// How hard to try before giving up on a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries after the first one.
    pub max_retries: u32,
    /// Upper bound of the first wait; it doubles with each try.
    pub base_delay: Duration,
    /// Longest wait between two tries.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait before try number `attempt + 1`: a random time up to
    /// `min(max_delay, base_delay × 2^attempt)` ("full jitter"), so many devices coming
    /// back online at once do not retry in step.
    pub fn delay(&self, attempt: u32) -> Duration {
        let ceiling = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.min(31)))
            .min(self.max_delay);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        if millis == 0 {
            return Duration::ZERO;
        }
        // A failed random source only loses the jitter, never the wait.
        let random = getrandom::u64().unwrap_or(millis);
        Duration::from_millis(random % millis.saturating_add(1))
    }

    /// Runs `step` until it succeeds, fails for good, or the tries run out.
    pub async fn run<T, F, Fut>(&self, mut step: F) -> Result<T, SyncError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, SyncError>>,
    {
        let mut attempt = 0;
        loop {
            match step().await {
                Err(e) if e.is_transient() && attempt < self.max_retries => {
                    tokio::time::sleep(self.delay(attempt)).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_stay_bounded() {
        let p = RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
        };
        for attempt in 0..40 {
            let ceiling = (100u64 << attempt.min(20)).min(1000);
            assert!(p.delay(attempt) <= Duration::from_millis(ceiling));
        }
    }

    #[tokio::test]
    async fn transient_errors_are_retried_a_bounded_number_of_times() {
        let p = RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(2),
        };
        let mut calls = 0;
        let r: Result<(), SyncError> = p
            .run(|| {
                calls += 1;
                async { Err(SyncError::Offline("down".into())) }
            })
            .await;
        assert!(matches!(r, Err(SyncError::Offline(_))));
        assert_eq!(calls, 3);
        let mut calls = 0;
        let r: Result<(), SyncError> = p
            .run(|| {
                calls += 1;
                async { Err(SyncError::SignInAgain) }
            })
            .await;
        assert!(matches!(r, Err(SyncError::SignInAgain)));
        assert_eq!(calls, 1);
    }
}
