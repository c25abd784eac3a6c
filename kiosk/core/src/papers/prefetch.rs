//! Fetching every missing paper of the current meeting in the background.
//!
//! **Order: agenda order** (the manifest's order, which follows the
//! agenda). The meeting walks its agenda in that order, so the papers of
//! the first items are the ones a delegate opens first; if the network
//! drops halfway, what is on disk is what the next hour needs. One paper
//! at a time: a room of 2,000 seats shares one controller, and serial
//! downloads per seat keep that load even.
//!
//! A paper whose download is cut off is asked for again at once while each
//! try brings new bytes. A round over the pending papers that brings
//! nothing (the controller is down, 5xx, timeouts) is followed by a wait
//! that doubles up to [`FetchConfig::max_backoff`](super::FetchConfig). A
//! refused paper (403, 404) or a bad copy is marked failed and left alone:
//! the prefetch ends when every paper is ready or failed. It also ends when
//! another meeting is set, and it stops cleanly when its future is dropped
//! or its task aborted (a download in flight keeps its `.part` file).

use std::time::Duration;

use protocol::ids::MeetingId;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::fetch::Fetcher;
use super::types::{PrefetchOutcome, SyncProgress};

impl Fetcher {
    /// Fetches the current meeting's missing papers until each is ready or
    /// failed, or another meeting is set.
    pub async fn prefetch(&self) -> PrefetchOutcome {
        let Some(meeting) = self.cache.current_meeting() else {
            return PrefetchOutcome::NoMeeting;
        };
        let mut watch = self.cache.meeting_watch();
        tokio::select! {
            biased;
            () = meeting_left(&mut watch, &meeting) => PrefetchOutcome::MeetingChanged,
            progress = self.fetch_all() => PrefetchOutcome::Settled(progress),
        }
    }

    /// [`Self::prefetch`] on a tokio task; abort the handle to stop it.
    pub fn spawn_prefetch(&self) -> JoinHandle<PrefetchOutcome> {
        let fetcher = self.clone();
        tokio::spawn(async move { fetcher.prefetch().await })
    }

    async fn fetch_all(&self) -> SyncProgress {
        let mut backoff = Backoff::new(self.config.first_backoff, self.config.max_backoff);
        loop {
            let pending = self.cache.pending();
            if pending.is_empty() {
                return self.cache.progress();
            }
            let mut moved = false;
            for paper in &pending {
                loop {
                    let before = self.cache.have(&paper.sha);
                    match self.fetch_paper(paper).await {
                        Ok(()) => {
                            moved = true;
                            break;
                        }
                        Err(e) if e.is_retryable() => {
                            let gained = self.cache.have(&paper.sha) > before;
                            tracing::debug!(cause = %e, gained, "prefetch: a try failed");
                            if !gained {
                                break;
                            }
                            moved = true;
                        }
                        Err(e) => {
                            tracing::warn!(cause = %e, "prefetch: giving up on a paper");
                            break;
                        }
                    }
                }
            }
            if moved {
                backoff.reset();
            } else {
                backoff.wait().await;
            }
        }
    }
}

/// Completes when the current meeting is no longer `meeting`.
async fn meeting_left(watch: &mut watch::Receiver<Option<MeetingId>>, meeting: &MeetingId) {
    // An error means the cache is gone, which is leaving too.
    let _ = watch.wait_for(|m| m.as_ref() != Some(meeting)).await;
}

/// Capped exponential backoff between rounds that got nowhere.
#[derive(Debug)]
struct Backoff {
    first: Duration,
    max: Duration,
    next: Duration,
}

impl Backoff {
    fn new(first: Duration, max: Duration) -> Self {
        Self {
            first,
            max,
            next: first,
        }
    }

    fn reset(&mut self) {
        self.next = self.first;
    }

    async fn wait(&mut self) {
        tracing::debug!(
            wait_ms = self.next.as_millis(),
            "prefetch: nothing moved; waiting"
        );
        tokio::time::sleep(self.next).await;
        self.next = self.next.saturating_mul(2).min(self.max);
    }
}
