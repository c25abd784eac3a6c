//! What the cache tells its callers: a paper's status, the current
//! meeting's progress, what an eviction freed, how a prefetch ended.

use std::fmt;

use protocol::ids::Sha256;
use protocol::meeting::Document;

/// Where one paper stands in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaperStatus {
    /// Nothing of it is on disk.
    Missing,
    /// A download stopped (or is under way) with `have` of `size` bytes.
    Partial { have: u64, size: u64 },
    /// Complete, verified and readable (for a classified paper: with its
    /// meeting's key in memory).
    Ready,
    /// The controller refused it or sent a bad copy; not retried until the
    /// meeting is set again or the paper is fetched on purpose.
    Failed { reason: String },
}

/// The current meeting's papers: how many are readable. Papers listed twice
/// (same hash) count once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncProgress {
    /// Papers ready to read.
    pub ready: usize,
    /// Papers of the meeting.
    pub total: usize,
    /// Bytes on disk: the ready papers' sizes plus what partial downloads
    /// hold, so a bar moves during a long download.
    pub bytes_ready: u64,
    /// The sizes of all papers.
    pub bytes_total: u64,
    /// Papers that failed (see [`PaperStatus::Failed`]).
    pub failed: usize,
}

impl SyncProgress {
    /// Whether every paper is ready (true when there are none).
    pub fn is_complete(&self) -> bool {
        self.ready == self.total
    }

    /// Whether nothing is left to try: every paper is ready or failed.
    pub fn is_settled(&self) -> bool {
        self.ready + self.failed == self.total
    }

    /// Bytes ready as a whole percentage (100 when there is nothing to fetch).
    pub fn percent(&self) -> u8 {
        if self.bytes_total == 0 {
            return 100;
        }
        let pct = u128::from(self.bytes_ready) * 100 / u128::from(self.bytes_total);
        u8::try_from(pct.min(100)).unwrap_or(100)
    }
}

/// What [`super::PaperCache::evict`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EvictReport {
    /// Meetings forgotten.
    pub meetings: usize,
    /// Complete papers deleted.
    pub papers: usize,
    /// Bytes freed (papers, partial downloads and sealed files).
    pub bytes: u64,
}

/// How a prefetch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrefetchOutcome {
    /// Every paper of the meeting is ready or failed; the progress then.
    Settled(SyncProgress),
    /// Another meeting was set (or the meeting was closed): the prefetch of
    /// the new one is the caller's to start.
    MeetingChanged,
    /// No meeting is set.
    NoMeeting,
}

/// A paper as messages name it: its title and the start of its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperName(String);

impl PaperName {
    /// `"title" (0123abcd)`.
    pub fn new(title: &str, sha: &Sha256) -> Self {
        if title.is_empty() {
            Self::hash_only(sha)
        } else {
            Self(format!("{title:?} ({})", short(sha)))
        }
    }

    /// The first eight hex digits of the hash, when the title is not known.
    pub fn hash_only(sha: &Sha256) -> Self {
        Self(short(sha))
    }

    /// The name of a manifest document.
    pub fn of(doc: &Document) -> Self {
        Self::new(&doc.title, &doc.sha256)
    }
}

impl fmt::Display for PaperName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn short(sha: &Sha256) -> String {
    let mut hex = sha.to_hex();
    hex.truncate(8);
    hex
}
