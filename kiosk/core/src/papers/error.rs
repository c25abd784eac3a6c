//! The cache's errors: [`PaperError`] for the cache itself, [`FetchError`]
//! for a download (always naming the paper).

use std::io;
use std::path::{Path, PathBuf};

use super::types::PaperName;

/// What went wrong in the cache (disk, index, a paper's bytes or key).
#[derive(Debug, thiserror::Error)]
pub enum PaperError {
    #[error("paper cache i/o failed on {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("paper cache index failed: {0}")]
    Index(#[from] rusqlite::Error),
    #[error("paper cache index {} is from a newer kiosk (schema {found}; this kiosk knows up to {known})", path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("cannot fetch papers from {url:?}: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("paper {0} is not in the cache")]
    NotCached(PaperName),
    #[error("paper {paper} is {actual} bytes, the manifest says {expected}")]
    SizeMismatch {
        paper: PaperName,
        expected: u64,
        actual: u64,
    },
    #[error("paper {paper} does not match its hash (its bytes hash to {actual})")]
    HashMismatch { paper: PaperName, actual: String },
    #[error(
        "classified paper {0} cannot be stored: no meeting that lists it has a key (set the meeting first)"
    )]
    NoKey(PaperName),
    #[error(
        "classified paper {0} could not be decrypted; it was deleted and will be fetched again"
    )]
    Unreadable(PaperName),
}

impl PaperError {
    /// Wraps an i/o error with the path it happened on.
    pub(crate) fn io(path: &Path) -> impl FnOnce(io::Error) -> Self + '_ {
        move |source| Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A download of one paper failed.
#[derive(Debug, thiserror::Error)]
#[error("paper {paper}: {kind}")]
pub struct FetchError {
    /// The paper, by title and short hash.
    pub paper: PaperName,
    /// What happened.
    pub kind: FetchErrorKind,
}

impl FetchError {
    /// Whether trying again later may help (network trouble, 5xx, a cut
    /// body); never for a refusal or a bad copy.
    pub fn is_retryable(&self) -> bool {
        self.kind.is_retryable()
    }
}

/// Why a download failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchErrorKind {
    #[error("the controller is unreachable: {0}")]
    Unreachable(String),
    #[error("the controller did not answer in time")]
    Timeout,
    /// What arrived is kept; the next try resumes from it.
    #[error("the download was cut off after {have} of {size} bytes (kept; the next try resumes)")]
    Interrupted { have: u64, size: u64 },
    #[error("the controller answered HTTP {0}")]
    Status(u16),
    #[error(
        "the controller refuses this paper (HTTP 403): classified papers are not served in an Internet-zone room"
    )]
    Forbidden,
    #[error("the controller does not have this paper (HTTP 404): it is not in the current meeting")]
    NotFound,
    #[error("the controller sent a paper whose hash does not match (deleted)")]
    HashMismatch,
    #[error("the controller sent more than the {size} bytes the manifest says (deleted)")]
    TooLong { size: u64 },
    #[error("the controller announced {announced} bytes where the manifest says {size}")]
    WrongLength { announced: u64, size: u64 },
    #[error("the controller answered with another range than the one asked for ({0})")]
    WrongRange(String),
    #[error("could not make the request: {0}")]
    BadRequest(String),
    #[error("no meeting that lists this classified paper has a key (set the meeting first)")]
    NoKey,
    #[error(transparent)]
    Cache(#[from] PaperError),
}

impl FetchErrorKind {
    /// Whether trying again later may help.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Unreachable(_) | Self::Timeout | Self::Interrupted { .. } => true,
            Self::Status(code) => *code >= 500 || *code == 408 || *code == 429,
            Self::Forbidden
            | Self::NotFound
            | Self::HashMismatch
            | Self::TooLong { .. }
            | Self::WrongLength { .. }
            | Self::WrongRange(_)
            | Self::BadRequest(_)
            | Self::NoKey
            | Self::Cache(_) => false,
        }
    }
}
