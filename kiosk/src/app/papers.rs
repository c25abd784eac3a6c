//! Where the viewer gets papers: [`Papers::open_paper`] is the one function
//! the rest of the app reads a paper through.
//!
//! The seat's session owns the paper cache ([`SeatHandle::papers`]): it
//! points the cache at each manifest and fetches the papers in agenda order
//! in the background; its progress is in the `SeatView`. This module reads
//! from that cache, and fetches one paper at once when the delegate touches
//! a paper that failed or has not arrived yet.

use kiosk_core::papers::{FetchConfig, Fetcher, PaperCache, PaperError, PaperStatus};
use kiosk_core::render::PdfSource;
use kiosk_core::seat::SeatHandle;
use protocol::ids::Sha256;
use protocol::meeting::Document;

/// The seat's papers.
#[derive(Debug, Clone)]
pub struct Papers {
    cache: Option<PaperCache>,
    /// Fetches a paper on demand (none without a papers URL).
    fetcher: Option<Fetcher>,
    runtime: Option<tokio::runtime::Handle>,
}

impl Papers {
    /// No papers at all (a test of the screens alone).
    pub fn none() -> Self {
        Self {
            cache: None,
            fetcher: None,
            runtime: None,
        }
    }

    /// The papers of `handle`'s session, fetched on demand from `papers_url`
    /// (the seat config's) on `runtime`.
    pub fn of_seat(
        handle: &SeatHandle,
        papers_url: Option<&str>,
        runtime: tokio::runtime::Handle,
    ) -> Self {
        let cache = handle.papers().clone();
        let fetcher = papers_url.and_then(|url| {
            Fetcher::new(&cache, url, FetchConfig::default())
                .inspect_err(|e| tracing::warn!(cause = %e, "papers cannot be fetched on demand"))
                .ok()
        });
        Self {
            cache: Some(cache),
            fetcher,
            runtime: Some(runtime),
        }
    }

    /// The paper for the renderer: its file, or a classified paper's bytes
    /// decrypted into memory (a short blocking read; call it off the UI thread).
    pub fn open_paper(&self, doc: &Document) -> Result<PdfSource, PaperError> {
        match &self.cache {
            Some(cache) => cache.source(&doc.sha256),
            None => Err(PaperError::NotCached(kiosk_core::papers::PaperName::of(
                doc,
            ))),
        }
    }

    /// Where a paper stands in the cache.
    pub fn status(&self, sha: &Sha256) -> PaperStatus {
        self.cache
            .as_ref()
            .map_or(PaperStatus::Missing, |c| c.status(sha))
    }

    /// Fetches one paper now (the delegate touched a paper that failed or
    /// is missing); `done` runs when the try ends, on the runtime.
    pub(crate) fn fetch_now(&self, doc: &Document, done: impl FnOnce() + Send + 'static) {
        let (Some(fetcher), Some(runtime)) = (self.fetcher.clone(), &self.runtime) else {
            return;
        };
        let doc = doc.clone();
        runtime.spawn(async move {
            if let Err(e) = fetcher.fetch(&doc).await {
                tracing::warn!(cause = %e, "fetching a paper on demand failed");
            }
            done();
        });
    }
}
