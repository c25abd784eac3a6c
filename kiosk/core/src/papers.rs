//! The seat's paper cache: the meeting's papers on the kiosk's own disk, so
//! a delegate reads them when the network or the controller is gone
//! (design.md §5).
//!
//! - `dir/papers.db`: the index in SQLite (meetings, their papers in agenda
//!   order, the current meeting, last-used times);
//! - `dir/blobs/<sha256>`: a paper, complete and verified; a classified
//!   paper ("Mật", "Tối mật") is `dir/blobs/<sha256>.sealed` instead,
//!   encrypted under its meeting's key (see `seal`);
//! - `.part` files beside them: downloads that resume with `Range`.
//!
//! **Crypto-erase.** A meeting's key is drawn at random when the meeting is
//! set and lives in memory only. A stolen disk, or a kiosk restarted after
//! the meeting, cannot read a classified paper: [`PaperCache::open`]
//! deletes every sealed file it finds (the papers are fetched again under a
//! new key), and [`PaperCache::close_meeting`] drops the key and deletes
//! that meeting's sealed files. A paper that any known meeting classifies
//! is only ever stored sealed.
//!
//! [`Fetcher`] downloads from the controller (`GET {base}/{sha256}`),
//! resuming, checking size and hash; [`Fetcher::prefetch`] fetches every
//! missing paper of the current meeting in agenda order. Reading
//! ([`PaperCache::source`]) needs no network at all.
//!
//! One `PaperCache` per directory: opening a second one on the same
//! directory erases the first one's sealed papers.
//!
//! Methods of [`PaperCache`] do short blocking file and SQLite work (a
//! classified paper's `source` decrypts it whole); from async code, call
//! them where a few milliseconds of blocking are fine or on
//! `spawn_blocking`. [`Fetcher`] does its file work on blocking threads.

mod error;
mod fetch;
mod files;
mod index;
mod prefetch;
mod seal;
mod state;
#[cfg(test)]
mod tests;
mod types;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use protocol::ids::{MeetingId, Sha256};
use protocol::meeting::Document;
use tokio::sync::watch;

pub use error::{FetchError, FetchErrorKind, PaperError};
pub use fetch::{FetchConfig, Fetcher};
pub use types::{EvictReport, PaperName, PaperStatus, PrefetchOutcome, SyncProgress};

use crate::render::PdfSource;
use files::{BlobWriter, Blobs, Entry, FinishError};
use index::{Index, NewPaper, PaperRow};
use seal::MeetingKey;
use state::{Current, Partial, State};

/// The paper cache. Cheap to clone (an `Arc` inside); `Send + Sync`.
#[derive(Clone)]
pub struct PaperCache {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for PaperCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaperCache")
            .field("dir", &self.inner.dir)
            .finish_non_exhaustive()
    }
}

struct Inner {
    dir: PathBuf,
    blobs: Blobs,
    /// Lock order: `index` before `state`; never publish while holding `state`.
    index: Mutex<Index>,
    state: Mutex<State>,
    progress: watch::Sender<SyncProgress>,
    meeting: watch::Sender<Option<MeetingId>>,
    /// One download per paper at a time (its `.part` file has one writer).
    claims: Mutex<HashMap<Sha256, Arc<tokio::sync::Mutex<()>>>>,
}

impl PaperCache {
    /// Opens the cache in `dir` (creating it), and tidies it: sealed files
    /// (their keys died with the last process) and unknown or temporary
    /// files are deleted, downloads of papers no meeting lists too. The
    /// current meeting is restored with a fresh key.
    pub fn open(dir: &Path) -> Result<Self, PaperError> {
        fs::create_dir_all(dir).map_err(PaperError::io(dir))?;
        let blobs = Blobs::open(dir.join("blobs"))?;
        let index = Index::open(&dir.join("papers.db"))?;
        let known = index.all_papers()?;
        let mut state = State::default();

        let mut entries = Vec::new();
        let read = fs::read_dir(blobs.dir()).map_err(PaperError::io(blobs.dir()))?;
        for entry in read {
            let entry = entry.map_err(PaperError::io(blobs.dir()))?;
            let path = entry.path();
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            if !meta.is_file() {
                tracing::warn!(path = %path.display(), "paper cache: leaving a directory it did not make");
                continue;
            }
            let kind = files::classify(&entry.file_name().to_string_lossy());
            entries.push((kind, path, meta.len()));
        }
        let classified = |sha: &Sha256| known.get(sha).is_some_and(|&(_, c)| c);
        let mut removed = 0usize;
        let mut erased = 0usize;
        // Complete blobs first, so a `.part` beside one is known to be stale.
        for (kind, path, _) in &entries {
            if let Entry::Plain(sha) = kind {
                if classified(sha) {
                    Blobs::remove(path)?;
                    removed += 1;
                } else {
                    state.plain.insert(*sha);
                }
            }
        }
        for (kind, path, len) in &entries {
            match kind {
                Entry::Plain(_) => {}
                Entry::Part(sha) => match known.get(sha) {
                    Some(&(size, false))
                        if !state.plain.contains(sha) && *len > 0 && *len <= size =>
                    {
                        state.partial.insert(
                            *sha,
                            Partial {
                                have: *len,
                                size,
                                sealed: false,
                            },
                        );
                    }
                    _ => {
                        Blobs::remove(path)?;
                        removed += 1;
                    }
                },
                Entry::Sealed(_) | Entry::SealedPart(_) => {
                    Blobs::remove(path)?;
                    erased += 1;
                }
                Entry::Temp | Entry::Other => {
                    Blobs::remove(path)?;
                    removed += 1;
                }
            }
        }
        if removed + erased > 0 {
            blobs.sync_dir()?;
            tracing::info!(
                sealed = erased,
                other = removed,
                "paper cache: deleted sealed files whose key is gone and stray files"
            );
        }
        if let Some(meeting) = index.current()? {
            let papers = index.papers(&meeting)?;
            state
                .keys
                .insert(meeting.clone(), Arc::new(MeetingKey::generate()));
            state.current = Some(Current { meeting, papers });
        }
        let (progress, _) = watch::channel(state.progress());
        let (meeting, _) = watch::channel(state.current.as_ref().map(|c| c.meeting.clone()));
        Ok(Self {
            inner: Arc::new(Inner {
                dir: dir.to_path_buf(),
                blobs,
                index: Mutex::new(index),
                state: Mutex::new(state),
                progress,
                meeting,
                claims: Mutex::default(),
            }),
        })
    }

    /// The cache's directory.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// Makes `meeting` current with `documents` (its manifest's papers, in
    /// agenda order). Setting the same meeting again (a new manifest) keeps
    /// its key and what is cached; failures are forgotten, so they are
    /// tried again.
    pub fn set_meeting(
        &self,
        meeting: &MeetingId,
        documents: &[Document],
    ) -> Result<(), PaperError> {
        let papers = new_papers(documents);
        let mut index = self.index();
        index.set_meeting(meeting, &papers, link::clock())?;
        let known = index.all_papers()?;
        let mut doomed = Vec::new();
        {
            let mut state = self.state();
            state
                .keys
                .entry(meeting.clone())
                .or_insert_with(|| Arc::new(MeetingKey::generate()));
            // A paper classified anywhere rests sealed only: drop a plain copy.
            for (sha, _) in known.iter().filter(|(_, (_, classified))| *classified) {
                if state.plain.remove(sha) {
                    doomed.push(self.inner.blobs.path(sha, false));
                }
                if state.partial.get(sha).is_some_and(|p| !p.sealed) {
                    state.partial.remove(sha);
                    doomed.push(self.inner.blobs.part(sha, false));
                }
            }
            state.failed.clear();
            state.current = Some(Current {
                meeting: meeting.clone(),
                papers: papers.into_iter().map(|p| p.row).collect(),
            });
        }
        drop(index);
        for path in &doomed {
            Blobs::remove(path)?;
        }
        if !doomed.is_empty() {
            self.inner.blobs.sync_dir()?;
        }
        self.publish();
        self.inner.meeting.send_if_modified(|m| {
            let changed = m.as_ref() != Some(meeting);
            if changed {
                *m = Some(meeting.clone());
            }
            changed
        });
        Ok(())
    }

    /// The current meeting, if one is set.
    pub fn current_meeting(&self) -> Option<MeetingId> {
        self.state().current.as_ref().map(|c| c.meeting.clone())
    }

    /// Every meeting the index knows (to choose what [`Self::evict`] keeps).
    pub fn meetings(&self) -> Result<Vec<MeetingId>, PaperError> {
        self.index().meetings()
    }

    /// Where the paper `sha` stands.
    pub fn status(&self, sha: &Sha256) -> PaperStatus {
        let state = self.state();
        if state.is_ready(sha) {
            PaperStatus::Ready
        } else if let Some(reason) = state.failed.get(sha) {
            PaperStatus::Failed {
                reason: reason.clone(),
            }
        } else if let Some(p) = state.partial.get(sha) {
            PaperStatus::Partial {
                have: p.have,
                size: p.size,
            }
        } else {
            PaperStatus::Missing
        }
    }

    /// The current meeting's progress.
    pub fn progress(&self) -> SyncProgress {
        self.state().progress()
    }

    /// Progress as it changes (papers arriving, bytes of a download,
    /// another meeting set).
    pub fn subscribe(&self) -> watch::Receiver<SyncProgress> {
        self.inner.progress.subscribe()
    }

    /// The paper `sha` for the renderer: its file, or for a classified paper
    /// its bytes decrypted into memory. Needs no network. Notes the time it
    /// was read.
    pub fn source(&self, sha: &Sha256) -> Result<PdfSource, PaperError> {
        enum Found {
            Plain(PathBuf),
            Sealed(Arc<MeetingKey>, u64),
        }
        let (found, name) = {
            let state = self.state();
            let name = state.name_of(sha);
            let found = if state.plain.contains(sha) {
                Found::Plain(self.inner.blobs.path(sha, false))
            } else if let Some(s) = state.sealed.get(sha) {
                Found::Sealed(Arc::clone(&s.key), s.size)
            } else {
                return Err(PaperError::NotCached(name));
            };
            (found, name)
        };
        let source = match found {
            Found::Plain(path) => {
                if !path.is_file() {
                    self.state().plain.remove(sha);
                    self.publish();
                    return Err(PaperError::NotCached(name));
                }
                PdfSource::File(path)
            }
            Found::Sealed(key, size) => {
                let path = self.inner.blobs.path(sha, true);
                match files::read_sealed(&path, &key, sha, size) {
                    Ok(Ok(bytes)) => PdfSource::Bytes(Arc::new(bytes)),
                    Ok(Err(cause)) => {
                        tracing::warn!(paper = %name, %cause, "a sealed paper does not decrypt; deleting it");
                        self.state().sealed.remove(sha);
                        Blobs::remove(&path)?;
                        self.publish();
                        return Err(PaperError::Unreadable(name));
                    }
                    Err(e) => return Err(e),
                }
            }
        };
        if let Err(cause) = self.index().touch(sha, link::clock()) {
            tracing::warn!(paper = %name, %cause, "could not note when a paper was read");
        }
        Ok(source)
    }

    /// Stores `bytes` as the paper `doc` after checking its size and hash
    /// (for benches, tests and papers that came another way). A classified
    /// paper is sealed under the key of a meeting that lists it (the
    /// current one first).
    pub fn insert(&self, doc: &Document, bytes: &[u8]) -> Result<(), PaperError> {
        let name = PaperName::of(doc);
        if bytes.len() as u64 != doc.size {
            return Err(PaperError::SizeMismatch {
                paper: name,
                expected: doc.size,
                actual: bytes.len() as u64,
            });
        }
        let actual = Sha256::of(bytes);
        if actual != doc.sha256 {
            return Err(PaperError::HashMismatch {
                paper: name,
                actual: actual.to_hex(),
            });
        }
        if self.is_ready(&doc.sha256) {
            return Ok(());
        }
        let row = PaperRow::of(doc);
        let storage = self.storage(&row)?;
        let mut writer = BlobWriter::temp(&self.inner.blobs, &doc.sha256, doc.size, storage.key())?;
        writer.write(bytes)?;
        let path = match writer.finish() {
            Ok((path, _)) => path,
            Err(FinishError::Cache(e)) => return Err(e),
            Err(FinishError::Short { .. } | FinishError::HashMismatch { .. }) => {
                unreachable!("size and hash were checked above")
            }
        };
        if self.install(&row, &path, storage)? {
            Ok(())
        } else {
            Err(PaperError::NoKey(name))
        }
    }

    /// Forgets every meeting not in `keep` (the current meeting is always
    /// kept) and deletes the papers only they listed; a paper a kept meeting
    /// also lists stays. Also deletes papers and downloads no meeting lists.
    pub fn evict(&self, keep: &[MeetingId]) -> Result<EvictReport, PaperError> {
        let mut index = self.index();
        let current = self.current_meeting();
        let gone: Vec<MeetingId> = index
            .meetings()?
            .into_iter()
            .filter(|m| !keep.contains(m) && current.as_ref() != Some(m))
            .collect();
        index.remove_meetings(&gone)?;
        let listed = index.all_papers()?;
        let mut report = EvictReport {
            meetings: gone.len(),
            ..EvictReport::default()
        };
        {
            let mut state = self.state();
            let dir = self.inner.blobs.dir();
            for entry in fs::read_dir(dir).map_err(PaperError::io(dir))? {
                let entry = entry.map_err(PaperError::io(dir))?;
                let (complete, sha) = match files::classify(&entry.file_name().to_string_lossy()) {
                    Entry::Plain(sha) | Entry::Sealed(sha) => (true, sha),
                    Entry::Part(sha) | Entry::SealedPart(sha) => (false, sha),
                    Entry::Temp | Entry::Other => continue,
                };
                if listed.contains_key(&sha) {
                    continue;
                }
                let freed = Blobs::remove(&entry.path())?;
                report.bytes += freed;
                if complete {
                    report.papers += 1;
                }
            }
            state.plain.retain(|sha| listed.contains_key(sha));
            state.sealed.retain(|sha, _| listed.contains_key(sha));
            state.partial.retain(|sha, _| listed.contains_key(sha));
            for m in &gone {
                if !state.sealed.values().any(|s| &s.meeting == m) {
                    state.keys.remove(m);
                }
            }
        }
        drop(index);
        self.inner.blobs.sync_dir()?;
        self.publish();
        Ok(report)
    }

    /// The meeting is over: drops its key and deletes the papers sealed
    /// under it (crypto-erase); if it was current, no meeting is current
    /// now. Its unclassified papers stay until [`Self::evict`]. Returns the
    /// number of sealed papers deleted.
    pub fn close_meeting(&self, meeting: &MeetingId) -> Result<usize, PaperError> {
        let index = self.index();
        index.clear_current(meeting)?;
        let erased = {
            let mut state = self.state();
            let key = state.keys.remove(meeting);
            let doomed: Vec<Sha256> = state
                .sealed
                .iter()
                .filter(|(_, s)| &s.meeting == meeting)
                .map(|(sha, _)| *sha)
                .collect();
            for sha in &doomed {
                state.sealed.remove(sha);
                Blobs::remove(&self.inner.blobs.path(sha, true))?;
            }
            if let Some(key) = &key {
                let dir = self.inner.blobs.dir();
                for entry in fs::read_dir(dir).map_err(PaperError::io(dir))? {
                    let entry = entry.map_err(PaperError::io(dir))?;
                    if let Entry::SealedPart(sha) =
                        files::classify(&entry.file_name().to_string_lossy())
                        && files::file_sealed_with(&entry.path(), key)
                    {
                        Blobs::remove(&entry.path())?;
                        state.partial.remove(&sha);
                    }
                }
            }
            if state
                .current
                .as_ref()
                .is_some_and(|c| &c.meeting == meeting)
            {
                state.current = None;
            }
            doomed.len()
        };
        drop(index);
        self.inner.blobs.sync_dir()?;
        self.publish();
        self.inner.meeting.send_if_modified(|m| {
            let was = m.as_ref() == Some(meeting);
            if was {
                *m = None;
            }
            was
        });
        tracing::info!(%meeting, erased, "meeting closed: its key is dropped and its sealed papers deleted");
        Ok(erased)
    }
}

/// A manifest's documents as index rows: one per hash, in order of first
/// appearance, classified if any document with that hash is.
fn new_papers(documents: &[Document]) -> Vec<NewPaper> {
    let mut papers: Vec<NewPaper> = Vec::with_capacity(documents.len());
    for doc in documents {
        if let Some(seen) = papers.iter_mut().find(|p| p.row.sha == doc.sha256) {
            if doc.classification > seen.classification {
                seen.classification = doc.classification;
                seen.row.classified = doc.classification.is_classified();
            }
            continue;
        }
        papers.push(NewPaper {
            row: PaperRow::of(doc),
            document: doc.id.to_string(),
            classification: doc.classification,
        });
    }
    papers
}
