//! The client of the central operations system (design.md §4,
//! docs/central-api.md): lists the room's meetings, fetches signed meeting
//! packages (conditionally, by ETag), downloads papers into the blob store
//! (resuming after an interruption) and posts results.
//!
//! Nothing the central system sends is trusted until it checks out: a
//! package must verify with the pinned key and be the one asked for, a
//! paper must hash to what the package says. Network failures (timeouts,
//! refused connections, 5xx, cut bodies) are retried with capped
//! exponential backoff; a failed check is never retried.

mod download;
#[cfg(test)]
mod tests;

use std::time::Duration;

use ed25519_dalek::VerifyingKey;
use protocol::central::{MeetingSummary, ResultsAck, SignedError};
use protocol::ids::{MeetingId, RoomId};
use protocol::meeting::MeetingPackage;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, ETAG, HeaderValue, IF_NONE_MATCH};

use crate::blobs::{BlobError, BlobStore};

/// The longest wait between two tries, however many have failed.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Where the central system is and how to talk to it.
#[derive(Debug, Clone)]
pub struct CentralConfig {
    /// E.g. `https://dieuhanh.example.gov.vn`; the API lives under `/api/v1/`.
    pub base_url: String,
    /// This room, as the central system names it.
    pub room: RoomId,
    /// The central system's package signing key (pinned; ký số).
    pub public_key: VerifyingKey,
    /// Connect timeout, and the longest wait for any read.
    pub timeout: Duration,
    /// Tries after the first one, for network failures and 5xx answers.
    pub retries: u32,
    /// The wait before the first retry; doubled for each next one, capped at 30 s.
    pub backoff: Duration,
}

/// Why talking to the central system failed.
#[derive(Debug, thiserror::Error)]
pub enum CentralError {
    #[error("central system unreachable: {0}")]
    Unreachable(String),
    #[error("central system did not answer in time")]
    Timeout,
    #[error("central system answered HTTP {0}")]
    Status(u16),
    /// The answer does not check out: wrong meeting, wrong bytes, bad shape.
    #[error("central system sent {0}")]
    Lied(String),
    #[error("{}", bad_package_message(.0))]
    BadPackage(SignedError),
    /// A body ended before its end; what arrived is kept for the next try.
    #[error("download from the central system was cut off: {0}")]
    Interrupted(String),
    /// The request could not be made (a bad base URL or header value).
    #[error("could not make a request to the central system: {0}")]
    BadRequest(String),
    #[error("paper store failed: {0}")]
    Io(#[from] BlobError),
}

fn bad_package_message(e: &SignedError) -> String {
    match e {
        SignedError::BadSignature => {
            "central system sent a package whose signature does not verify with the pinned key"
                .into()
        }
        SignedError::Malformed(detail) => {
            format!("central system sent something that is not a signed package: {detail}")
        }
        SignedError::BadContent { .. } => {
            format!("central system sent a signed package that is not valid: {e}")
        }
    }
}

impl CentralError {
    /// Whether trying again may help: network trouble and server errors, never a failed check.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Unreachable(_) | Self::Timeout | Self::Interrupted(_) => true,
            Self::Status(code) => *code >= 500,
            Self::Lied(_) | Self::BadPackage(_) | Self::BadRequest(_) | Self::Io(_) => false,
        }
    }
}

/// The answer to a conditional package fetch.
#[derive(Debug)]
pub enum Fetched {
    /// The package still has the ETag the caller knows.
    NotModified,
    /// A verified package, its signed bytes (to keep as they are) and its ETag.
    Package {
        package: Box<MeetingPackage>,
        signed: Vec<u8>,
        etag: String,
    },
}

/// What [`sync_meeting`] did.
#[derive(Debug)]
pub enum SyncOutcome {
    /// The package is the one the caller has.
    Unchanged,
    /// A new or changed package, with every paper in the blob store and verified.
    Updated {
        package: Box<MeetingPackage>,
        signed: Vec<u8>,
        etag: String,
        /// Paper bytes downloaded by this sync (0 when all were present).
        bytes_moved: u64,
    },
}

/// An HTTP client for one room's view of the central system.
#[derive(Debug, Clone)]
pub struct CentralClient {
    http: reqwest::Client,
    cfg: CentralConfig,
}

impl CentralClient {
    /// Builds the client (rustls on ring for https; plain http works too).
    pub fn new(cfg: CentralConfig) -> Result<Self, CentralError> {
        // Idempotent: fails only if a provider is already installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(cfg.timeout)
            .read_timeout(cfg.timeout)
            .user_agent(concat!("phonghop-controller/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CentralError::BadRequest(error_chain(&e)))?;
        Ok(Self { http, cfg })
    }

    /// The configuration the client was built with.
    pub fn config(&self) -> &CentralConfig {
        &self.cfg
    }

    /// The meetings the central system plans for this room.
    pub async fn list_meetings(&self) -> Result<Vec<MeetingSummary>, CentralError> {
        let url = self.url(&format!("rooms/{}/meetings", self.cfg.room));
        let mut backoff = self.backoff();
        loop {
            let attempt = async {
                let response = self.http.get(&url).send().await.map_err(|e| classify(&e))?;
                let bytes = ok_body(response).await?;
                serde_json::from_slice(&bytes).map_err(|e| {
                    CentralError::Lied(format!("a meeting list that is not valid: {e}"))
                })
            };
            match attempt.await {
                Err(e) if backoff.again(&e, "listing meetings").await => {}
                result => return result,
            }
        }
    }

    /// Fetches the package of meeting `id`; with `known_etag`, only if it changed.
    /// The package is verified with the pinned key and must be the one asked
    /// for, for this room.
    pub async fn fetch_package(
        &self,
        id: &MeetingId,
        known_etag: Option<&str>,
    ) -> Result<Fetched, CentralError> {
        let url = self.url(&format!("meetings/{id}"));
        let condition =
            known_etag.and_then(|tag| HeaderValue::from_str(&format!("\"{tag}\"")).ok());
        let mut backoff = self.backoff();
        let (signed, etag) = loop {
            let attempt = async {
                let mut request = self.http.get(&url);
                if let Some(tag) = &condition {
                    request = request.header(IF_NONE_MATCH, tag.clone());
                }
                let response = request.send().await.map_err(|e| classify(&e))?;
                if response.status() == StatusCode::NOT_MODIFIED {
                    return Ok(None);
                }
                let etag = response
                    .headers()
                    .get(ETAG)
                    .and_then(|v| v.to_str().ok())
                    .map(unquote);
                let signed = ok_body(response).await?;
                Ok(Some((signed, etag)))
            };
            match attempt.await {
                Err(e) if backoff.again(&e, "fetching the meeting package").await => {}
                Err(e) => return Err(e),
                Ok(None) => return Ok(Fetched::NotModified),
                Ok(Some(answer)) => break answer,
            }
        };
        let package = protocol::central::verify_package(&self.cfg.public_key, &signed)
            .map_err(CentralError::BadPackage)?;
        if package.id != *id {
            return Err(CentralError::Lied(format!(
                "the package of meeting {} when asked for meeting {id}",
                package.id
            )));
        }
        if package.room != self.cfg.room {
            return Err(CentralError::Lied(format!(
                "a package for room {} to room {}",
                package.room, self.cfg.room
            )));
        }
        let etag = etag.unwrap_or_else(|| protocol::ids::Sha256::of(&signed).to_hex());
        Ok(Fetched::Package {
            package: Box::new(package),
            signed,
            etag,
        })
    }

    /// Posts signed results (`protocol::central::sign(key, Purpose::Results, …)`)
    /// for `meeting`. Posting again with the same key is safe: the central
    /// system keeps one copy and says `duplicate`.
    pub async fn post_results(
        &self,
        meeting: &MeetingId,
        idempotency_key: &str,
        signed_body: Vec<u8>,
    ) -> Result<ResultsAck, CentralError> {
        let url = self.url(&format!("meetings/{meeting}/results"));
        let key = HeaderValue::from_str(idempotency_key).map_err(|_| {
            CentralError::BadRequest(format!(
                "idempotency key {idempotency_key:?} is not header text"
            ))
        })?;
        let mut backoff = self.backoff();
        loop {
            let attempt = async {
                let response = self
                    .http
                    .post(&url)
                    .header("Idempotency-Key", key.clone())
                    .header(CONTENT_TYPE, "application/json")
                    .body(signed_body.clone())
                    .send()
                    .await
                    .map_err(|e| classify(&e))?;
                let bytes = ok_body(response).await?;
                let ack: ResultsAck = serde_json::from_slice(&bytes).map_err(|e| {
                    CentralError::Lied(format!("a results acknowledgement that is not valid: {e}"))
                })?;
                if ack.idempotency_key != idempotency_key {
                    return Err(CentralError::Lied(format!(
                        "an acknowledgement for key {:?} when key {idempotency_key:?} was posted",
                        ack.idempotency_key
                    )));
                }
                Ok(ack)
            };
            match attempt.await {
                Err(e) if backoff.again(&e, "posting results").await => {}
                result => return result,
            }
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1/{path}", self.cfg.base_url.trim_end_matches('/'))
    }

    fn backoff(&self) -> Backoff {
        Backoff {
            tries: 0,
            retries: self.cfg.retries,
            first: self.cfg.backoff,
        }
    }
}

/// Fetches the package of `meeting` (conditionally on `known_etag`), then
/// downloads every paper the blob store lacks. Returns the package only when
/// every paper is present and verified; on any error the caller keeps the
/// package it had, and the papers already stored stay for the next try.
pub async fn sync_meeting(
    client: &CentralClient,
    blobs: &BlobStore,
    meeting: &MeetingId,
    known_etag: Option<&str>,
) -> Result<SyncOutcome, CentralError> {
    let (package, signed, etag) = match client.fetch_package(meeting, known_etag).await? {
        Fetched::NotModified => return Ok(SyncOutcome::Unchanged),
        Fetched::Package {
            package,
            signed,
            etag,
        } => (package, signed, etag),
    };
    let mut bytes_moved = 0;
    for doc in &package.documents {
        bytes_moved += client
            .download_document(&doc.sha256, doc.size, blobs)
            .await
            .inspect_err(|e| tracing::warn!(meeting = %meeting, document = %doc.id, cause = %e, "paper download failed"))?;
    }
    tracing::info!(meeting = %meeting, etag = %etag, bytes_moved, "meeting package synced");
    Ok(SyncOutcome::Updated {
        package,
        signed,
        etag,
        bytes_moved,
    })
}

/// Counts tries and waits between them.
struct Backoff {
    tries: u32,
    retries: u32,
    first: Duration,
}

impl Backoff {
    /// Whether to try again after `error`; if so, waits first.
    async fn again(&mut self, error: &CentralError, what: &str) -> bool {
        if !error.is_retryable() || self.tries >= self.retries {
            return false;
        }
        let wait = self
            .first
            .saturating_mul(1 << self.tries.min(16))
            .min(MAX_BACKOFF);
        self.tries += 1;
        tracing::warn!(cause = %error, attempt = self.tries, wait_ms = wait.as_millis(), "{what} failed, trying again");
        tokio::time::sleep(wait).await;
        true
    }
}

/// The body of a 2xx answer, or the status as an error.
async fn ok_body(response: reqwest::Response) -> Result<Vec<u8>, CentralError> {
    let status = response.status();
    if !status.is_success() {
        return Err(CentralError::Status(status.as_u16()));
    }
    Ok(response.bytes().await.map_err(|e| classify(&e))?.to_vec())
}

/// An entity tag without `W/` and quotes, as the meeting list writes it.
fn unquote(tag: &str) -> String {
    tag.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .to_owned()
}

/// Sorts a reqwest error into what an IT person can act on.
fn classify(e: &reqwest::Error) -> CentralError {
    if e.is_timeout() {
        CentralError::Timeout
    } else if e.is_builder() {
        CentralError::BadRequest(error_chain(e))
    } else if e.is_body() || e.is_decode() {
        CentralError::Interrupted(error_chain(e))
    } else {
        CentralError::Unreachable(error_chain(e))
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
