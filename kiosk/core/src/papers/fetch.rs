//! Downloading one paper from the controller (`GET {base}/{sha256}`):
//! resume from the `.part` file with `Range` and `If-Range`, stream to
//! disk, check size and SHA-256, move into place.
//!
//! A try that is cut off keeps what arrived; the next one asks for the
//! rest. A server that answers a range request from another offset gets
//! asked again from byte 0; one that sends more bytes than the manifest
//! says, or bytes that do not hash to the name, has the `.part` deleted.

use std::time::Duration;

use protocol::meeting::Document;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_RANGE, IF_RANGE, RANGE};
use tokio::sync::OwnedMutexGuard;

use super::PaperCache;
use super::error::{FetchError, FetchErrorKind, PaperError};
use super::files::{BlobWriter, FinishError};
use super::index::PaperRow;
use super::state::Storage;
use super::types::PaperName;

/// Bytes gathered from the network before one write to disk.
const BATCH: usize = 256 * 1024;

/// How the fetcher talks to the controller.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Connect timeout, and the longest wait for any read.
    pub timeout: Duration,
    /// The prefetcher's first wait after a round that got nowhere; doubled
    /// for each next one up to `max_backoff`.
    pub first_backoff: Duration,
    /// The longest wait between rounds.
    pub max_backoff: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(15),
            first_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        }
    }
}

/// Downloads papers into a [`PaperCache`] from `{base}/{sha256}` (the
/// controller's `http://host:port/blobs`). Cheap to clone.
#[derive(Debug, Clone)]
pub struct Fetcher {
    pub(super) cache: PaperCache,
    http: reqwest::Client,
    base: String,
    pub(super) config: FetchConfig,
}

/// A download in progress: the work file's writer, how it is stored, and
/// the paper's claim. Moved onto blocking threads for file work; if the
/// fetch is dropped meanwhile, the claim goes only when that work is done.
pub(super) struct Download {
    writer: BlobWriter,
    storage: Storage,
    _claim: OwnedMutexGuard<()>,
}

/// How one request ended, when it did not fail.
enum Transfer {
    /// Every byte is in the work file.
    Complete,
    /// The answer cannot continue the file: start over from byte 0.
    Restart(String),
}

impl Fetcher {
    /// A fetcher for `cache` from `base_url` (e.g. `http://10.0.0.1:8080/blobs`).
    pub fn new(
        cache: &PaperCache,
        base_url: &str,
        config: FetchConfig,
    ) -> Result<Self, PaperError> {
        reqwest::Url::parse(base_url).map_err(|e| PaperError::BadUrl {
            url: base_url.to_owned(),
            reason: e.to_string(),
        })?;
        link::mqtt::install_ring_provider();
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(config.timeout)
            .read_timeout(config.timeout)
            .user_agent(concat!("phonghop-kiosk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| PaperError::BadUrl {
                url: base_url.to_owned(),
                reason: error_chain(&e),
            })?;
        Ok(Self {
            cache: cache.clone(),
            http,
            base: base_url.trim_end_matches('/').to_owned(),
            config,
        })
    }

    /// The cache this fetcher fills.
    pub fn cache(&self) -> &PaperCache {
        &self.cache
    }

    /// Downloads `doc` unless it is ready: one request (two if the server
    /// answers from the wrong offset), resuming from what an earlier try
    /// left. A refusal or a bad copy marks the paper failed; network
    /// trouble leaves it for a later try ([`FetchError::is_retryable`]).
    pub async fn fetch(&self, doc: &Document) -> Result<(), FetchError> {
        self.fetch_paper(&PaperRow::of(doc)).await
    }

    pub(super) async fn fetch_paper(&self, paper: &PaperRow) -> Result<(), FetchError> {
        let result = self.download(paper).await;
        match result {
            Ok(()) => {
                tracing::debug!(paper = %PaperName::new(&paper.title, &paper.sha), "paper ready");
                Ok(())
            }
            Err(kind) => {
                if !kind.is_retryable() {
                    self.cache.mark_failed(&paper.sha, kind.to_string());
                }
                Err(FetchError {
                    paper: PaperName::new(&paper.title, &paper.sha),
                    kind,
                })
            }
        }
    }

    async fn download(&self, paper: &PaperRow) -> Result<(), FetchErrorKind> {
        if self.cache.is_ready(&paper.sha) {
            return Ok(());
        }
        let claim = self.cache.claim(&paper.sha).lock_owned().await;
        if self.cache.is_ready(&paper.sha) {
            return Ok(());
        }
        self.cache.clear_failed(&paper.sha);
        let mut dl = {
            let (cache, paper) = (self.cache.clone(), paper.clone());
            blocking(move || {
                let storage = cache.storage(&paper).map_err(|e| match e {
                    PaperError::NoKey(_) => FetchErrorKind::NoKey,
                    e => FetchErrorKind::Cache(e),
                })?;
                let writer =
                    BlobWriter::resume(cache.blobs(), &paper.sha, paper.size, storage.key())?;
                Ok(Download {
                    writer,
                    storage,
                    _claim: claim,
                })
            })
            .await?
        };
        self.note(&dl, paper);
        let mut restarted = false;
        loop {
            let (d, transfer) = self.transfer(dl, paper).await?;
            dl = d;
            match transfer {
                Transfer::Complete => break,
                Transfer::Restart(why) if restarted => return Err(FetchErrorKind::WrongRange(why)),
                Transfer::Restart(why) => {
                    tracing::warn!(paper = %PaperName::new(&paper.title, &paper.sha), why, "the answer does not continue the download; starting over");
                    restarted = true;
                    dl = on_disk(dl, |d| d.writer.restart()).await?.0;
                    self.note(&dl, paper);
                }
            }
        }
        let (cache, paper) = (self.cache.clone(), paper.clone());
        blocking(move || cache.commit(dl, &paper)).await
    }

    /// One request, from what the work file holds to the end.
    async fn transfer(
        &self,
        mut dl: Download,
        paper: &PaperRow,
    ) -> Result<(Download, Transfer), FetchErrorKind> {
        let size = paper.size;
        let start = dl.writer.taken();
        if start == size {
            return Ok((dl, Transfer::Complete));
        }
        let mut request = self.http.get(format!("{}/{}", self.base, paper.sha));
        if start > 0 {
            request = request
                .header(RANGE, format!("bytes={start}-"))
                .header(IF_RANGE, format!("\"{}\"", paper.sha));
        }
        let mut response = request.send().await.map_err(|e| classify(&e))?;
        let from = match response.status() {
            StatusCode::PARTIAL_CONTENT => {
                let range = response
                    .headers()
                    .get(CONTENT_RANGE)
                    .and_then(|v| v.to_str().ok());
                match range.and_then(content_range) {
                    Some((first, total)) if first == start && total.is_none_or(|t| t == size) => {
                        start
                    }
                    _ => {
                        let why = format!("asked for bytes {start}- of {size}, got {range:?}");
                        return Ok((dl, Transfer::Restart(why)));
                    }
                }
            }
            StatusCode::OK => {
                if start > 0 {
                    // The whole paper (Range ignored, or If-Range did not match).
                    dl = on_disk(dl, |d| d.writer.restart()).await?.0;
                    self.note(&dl, paper);
                }
                0
            }
            StatusCode::RANGE_NOT_SATISFIABLE if start > 0 => {
                return Ok((
                    dl,
                    Transfer::Restart(format!("HTTP 416 for bytes {start}-")),
                ));
            }
            StatusCode::FORBIDDEN => return Err(FetchErrorKind::Forbidden),
            StatusCode::NOT_FOUND => return Err(FetchErrorKind::NotFound),
            status => return Err(FetchErrorKind::Status(status.as_u16())),
        };
        if let Some(len) = response.content_length()
            && from + len != size
        {
            self.throw_away(dl, paper).await?;
            return Err(FetchErrorKind::WrongLength {
                announced: from + len,
                size,
            });
        }
        let mut batch = Vec::with_capacity(BATCH);
        let ended = loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if dl.writer.taken() + (batch.len() + chunk.len()) as u64 > size {
                        self.throw_away(dl, paper).await?;
                        return Err(FetchErrorKind::TooLong { size });
                    }
                    batch.extend_from_slice(&chunk);
                    if batch.len() >= BATCH {
                        let bytes = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        dl = on_disk(dl, move |d| d.writer.write(&bytes)).await?.0;
                        self.note(&dl, paper);
                    }
                }
                Ok(None) => break None,
                Err(e) => break Some(e),
            }
        };
        // Keep what arrived, even from a cut body: the next try resumes from it.
        dl = on_disk(dl, move |d| {
            d.writer.write(&batch)?;
            d.writer.flush()
        })
        .await?
        .0;
        self.note(&dl, paper);
        let have = dl.writer.taken();
        match ended {
            Some(e) if e.is_timeout() => Err(FetchErrorKind::Timeout),
            _ if have < size => Err(FetchErrorKind::Interrupted { have, size }),
            _ => Ok((dl, Transfer::Complete)),
        }
    }

    /// Deletes the work file of a download that cannot be trusted.
    async fn throw_away(&self, dl: Download, paper: &PaperRow) -> Result<(), FetchErrorKind> {
        on_disk(dl, |d| {
            d.writer.discard();
            Ok(())
        })
        .await?;
        self.cache.forget_partial(&paper.sha);
        Ok(())
    }

    fn note(&self, dl: &Download, paper: &PaperRow) {
        self.cache.note_partial(
            &paper.sha,
            dl.writer.taken(),
            paper.size,
            dl.writer.key().is_some(),
        );
    }
}

impl PaperCache {
    /// Checks a finished download and moves it into place.
    fn commit(&self, dl: Download, paper: &PaperRow) -> Result<(), FetchErrorKind> {
        let Download {
            writer,
            storage,
            _claim,
        } = dl;
        match writer.finish() {
            Ok((path, _)) => {
                if self.install(paper, &path, storage)? {
                    Ok(())
                } else {
                    self.forget_partial(&paper.sha);
                    Err(FetchErrorKind::NoKey)
                }
            }
            Err(FinishError::Short { have }) => Err(FetchErrorKind::Interrupted {
                have,
                size: paper.size,
            }),
            Err(FinishError::HashMismatch { actual }) => {
                tracing::warn!(paper = %PaperName::new(&paper.title, &paper.sha), %actual, "a downloaded paper does not match its hash; deleted");
                self.forget_partial(&paper.sha);
                Err(FetchErrorKind::HashMismatch)
            }
            Err(FinishError::Cache(e)) => Err(FetchErrorKind::Cache(e)),
        }
    }
}

/// Runs `work` on a blocking thread with the download, and hands it back.
async fn on_disk<T: Send + 'static>(
    mut dl: Download,
    work: impl FnOnce(&mut Download) -> Result<T, PaperError> + Send + 'static,
) -> Result<(Download, T), FetchErrorKind> {
    blocking(move || {
        let out = work(&mut dl)?;
        Ok((dl, out))
    })
    .await
}

/// Runs blocking cache work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, FetchErrorKind> + Send + 'static,
) -> Result<T, FetchErrorKind> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(FetchErrorKind::Cache(PaperError::Io {
            path: std::path::PathBuf::new(),
            source: std::io::Error::other(e),
        })),
    }
}

/// `bytes a-b/total` (or `bytes a-b/*`): the first byte, and the total if given.
fn content_range(value: &str) -> Option<(u64, Option<u64>)> {
    let (range, total) = value.strip_prefix("bytes ")?.split_once('/')?;
    let first = range.split_once('-')?.0.trim().parse().ok()?;
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse().ok()?),
    };
    Some((first, total))
}

/// Sorts a request error into what an IT person can act on.
fn classify(e: &reqwest::Error) -> FetchErrorKind {
    if e.is_timeout() {
        FetchErrorKind::Timeout
    } else if e.is_builder() {
        FetchErrorKind::BadRequest(error_chain(e))
    } else {
        FetchErrorKind::Unreachable(error_chain(e))
    }
}

/// The error and its causes, joined: reqwest's own message rarely says why.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
