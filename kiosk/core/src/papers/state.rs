//! The cache's memory of what is on disk, kept in step with the files,
//! and the small operations the public methods and the fetcher share.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use protocol::ids::{MeetingId, Sha256};
use protocol::meeting::Document;
use tokio::sync::watch;

use super::PaperCache;
use super::error::PaperError;
use super::files::Blobs;
use super::index::{Index, PaperRow};
use super::seal::MeetingKey;
use super::types::{PaperName, SyncProgress};

/// What is on disk and in memory, kept in step with the files.
#[derive(Default)]
pub(super) struct State {
    pub(super) current: Option<Current>,
    /// Verified plain blobs.
    pub(super) plain: HashSet<Sha256>,
    /// Verified sealed blobs, with the key that sealed them.
    pub(super) sealed: HashMap<Sha256, SealedBlob>,
    /// Meeting keys, in memory only.
    pub(super) keys: HashMap<MeetingId, Arc<MeetingKey>>,
    /// Downloads that hold some bytes.
    pub(super) partial: HashMap<Sha256, Partial>,
    /// Papers that failed for good, with the reason.
    pub(super) failed: HashMap<Sha256, String>,
}

pub(super) struct Current {
    pub(super) meeting: MeetingId,
    pub(super) papers: Vec<PaperRow>,
}

pub(super) struct SealedBlob {
    pub(super) meeting: MeetingId,
    pub(super) key: Arc<MeetingKey>,
    pub(super) size: u64,
}

#[derive(Clone, Copy)]
pub(super) struct Partial {
    pub(super) have: u64,
    pub(super) size: u64,
    pub(super) sealed: bool,
}

/// How a paper rests on disk.
#[derive(Debug, Clone)]
pub(super) enum Storage {
    Plain,
    /// Sealed under this meeting's key.
    Sealed(MeetingId, Arc<MeetingKey>),
}

impl Storage {
    pub(super) fn key(&self) -> Option<Arc<MeetingKey>> {
        match self {
            Self::Plain => None,
            Self::Sealed(_, key) => Some(Arc::clone(key)),
        }
    }
}

impl State {
    pub(super) fn is_ready(&self, sha: &Sha256) -> bool {
        self.plain.contains(sha) || self.sealed.contains_key(sha)
    }

    pub(super) fn progress(&self) -> SyncProgress {
        let mut p = SyncProgress::default();
        for paper in self.current.iter().flat_map(|c| &c.papers) {
            p.total += 1;
            p.bytes_total += paper.size;
            if self.is_ready(&paper.sha) {
                p.ready += 1;
                p.bytes_ready += paper.size;
            } else if self.failed.contains_key(&paper.sha) {
                p.failed += 1;
            } else if let Some(part) = self.partial.get(&paper.sha) {
                p.bytes_ready += part.have.min(paper.size);
            }
        }
        p
    }

    pub(super) fn name_of(&self, sha: &Sha256) -> PaperName {
        self.current
            .iter()
            .flat_map(|c| &c.papers)
            .find(|p| p.sha == *sha)
            .map_or_else(
                || PaperName::hash_only(sha),
                |p| PaperName::new(&p.title, sha),
            )
    }
}

impl PaperCache {
    pub(super) fn index(&self) -> MutexGuard<'_, Index> {
        lock(&self.inner.index)
    }

    pub(super) fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.inner.state)
    }

    pub(super) fn blobs(&self) -> &Blobs {
        &self.inner.blobs
    }

    /// Sends the current progress to subscribers if it changed. Computed
    /// inside the channel's lock, so concurrent publishers cannot send an
    /// older value last.
    pub(super) fn publish(&self) {
        self.inner.progress.send_if_modified(|p| {
            let now = self.state().progress();
            let changed = *p != now;
            *p = now;
            changed
        });
    }

    pub(super) fn is_ready(&self, sha: &Sha256) -> bool {
        self.state().is_ready(sha)
    }

    /// Bytes a download of `sha` holds.
    pub(super) fn have(&self, sha: &Sha256) -> u64 {
        self.state().partial.get(sha).map_or(0, |p| p.have)
    }

    /// The current meeting's papers that are neither ready nor failed, in
    /// agenda order.
    pub(super) fn pending(&self) -> Vec<PaperRow> {
        let state = self.state();
        state
            .current
            .iter()
            .flat_map(|c| &c.papers)
            .filter(|p| !state.is_ready(&p.sha) && !state.failed.contains_key(&p.sha))
            .cloned()
            .collect()
    }

    pub(super) fn meeting_watch(&self) -> watch::Receiver<Option<MeetingId>> {
        self.inner.meeting.subscribe()
    }

    /// The lock that gives one download of `sha` at a time.
    pub(super) fn claim(&self, sha: &Sha256) -> Arc<tokio::sync::Mutex<()>> {
        let mut claims = lock(&self.inner.claims);
        Arc::clone(claims.entry(*sha).or_default())
    }

    pub(super) fn note_partial(&self, sha: &Sha256, have: u64, size: u64, sealed: bool) {
        {
            let mut state = self.state();
            if have == 0 {
                state.partial.remove(sha);
            } else {
                state.partial.insert(*sha, Partial { have, size, sealed });
            }
        }
        self.publish();
    }

    pub(super) fn mark_failed(&self, sha: &Sha256, reason: String) {
        self.state().failed.insert(*sha, reason);
        self.publish();
    }

    pub(super) fn clear_failed(&self, sha: &Sha256) {
        let was = self.state().failed.remove(sha).is_some();
        if was {
            self.publish();
        }
    }

    /// How `paper` is to be stored: plain, unless it or any meeting that
    /// lists it is classified; then sealed under the key of a meeting that
    /// lists it (the current one first), or of the current meeting.
    pub(super) fn storage(&self, paper: &PaperRow) -> Result<Storage, PaperError> {
        let (meetings, classified_somewhere) = self.index().meetings_of(&paper.sha)?;
        if !paper.classified && !classified_somewhere {
            return Ok(Storage::Plain);
        }
        let state = self.state();
        let current = state.current.as_ref().map(|c| &c.meeting);
        let candidates = current
            .filter(|c| meetings.contains(c))
            .into_iter()
            .chain(meetings.iter())
            .chain(current);
        for m in candidates {
            if let Some(key) = state.keys.get(m) {
                return Ok(Storage::Sealed(m.clone(), Arc::clone(key)));
            }
        }
        Err(PaperError::NoKey(PaperName::new(&paper.title, &paper.sha)))
    }

    /// Renames a finished, verified file into place and records it. Returns
    /// false (and deletes the file) if it was sealed under a key that has
    /// been dropped meanwhile.
    pub(super) fn install(
        &self,
        paper: &PaperRow,
        from: &Path,
        storage: Storage,
    ) -> Result<bool, PaperError> {
        let sha = paper.sha;
        {
            let mut state = self.state();
            if let Storage::Sealed(meeting, key) = &storage
                && !state.keys.get(meeting).is_some_and(|k| Arc::ptr_eq(k, key))
            {
                drop(state);
                Blobs::remove(from)?;
                return Ok(false);
            }
            let to = self
                .inner
                .blobs
                .path(&sha, matches!(storage, Storage::Sealed(..)));
            if let Err(e) = Blobs::install(from, &to) {
                drop(state);
                Blobs::remove(from)?;
                return Err(e);
            }
            match storage {
                Storage::Sealed(meeting, key) => {
                    state.sealed.insert(
                        sha,
                        SealedBlob {
                            meeting,
                            key,
                            size: paper.size,
                        },
                    );
                }
                Storage::Plain => {
                    state.plain.insert(sha);
                }
            }
            state.partial.remove(&sha);
            state.failed.remove(&sha);
        }
        self.inner.blobs.sync_dir()?;
        self.publish();
        Ok(true)
    }

    /// Forgets a download whose file was deleted.
    pub(super) fn forget_partial(&self, sha: &Sha256) {
        self.state().partial.remove(sha);
        self.publish();
    }
}

impl PaperRow {
    pub(super) fn of(doc: &Document) -> Self {
        Self {
            sha: doc.sha256,
            size: doc.size,
            title: doc.title.clone(),
            classified: doc.classification.is_classified(),
        }
    }
}

/// Locks, carrying on after a panic elsewhere (the data stays consistent:
/// every change under these locks is a few assignments).
pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
