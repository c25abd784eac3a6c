//! Paper serving over HTTP: `GET` and `HEAD /blobs/{sha256}` (design.md §3).
//!
//! Seats fetch the papers their cache lacks from here and check the hash
//! themselves. A blob is served only while a current meeting of the room
//! holds it (the allowed set, replaced by the controller through
//! [`Papers::set_allowed`]), and never a classified one in a room of the
//! Internet zone. Blobs are immutable, so the ETag is the hash and seats
//! may cache forever; `Range` lets an interrupted download resume.

use std::collections::HashMap;
use std::future::Future;
use std::io::{self, SeekFrom};
use std::sync::{Arc, PoisonError, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use protocol::ids::Sha256;
use protocol::meeting::{Classification, NetworkZone};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;
use tracing::Instrument;

use crate::blobs::BlobStore;

#[cfg(test)]
mod tests;

/// Read size when streaming a paper: large enough to keep the socket busy,
/// small enough that 2,000 concurrent downloads stay in a few hundred MB.
const STREAM_BUF: usize = 64 * 1024;

/// Blobs never change under a name, so a seat may keep them forever.
const CACHE_CONTROL: &str = "private, max-age=31536000, immutable";

/// The store knows bytes, not media types: most papers are PDF, but a
/// package may carry other kinds, and the seat takes the media type from
/// the manifest anyway. So we claim no more than we know, and `nosniff`
/// stops a browser from guessing.
const CONTENT_TYPE: &str = "application/octet-stream";

/// The state of the paper server: the store, the room's zone, and the
/// blobs the current meetings allow.
#[derive(Debug, Clone)]
pub struct Papers {
    blobs: BlobStore,
    zone: NetworkZone,
    allowed: Arc<RwLock<HashMap<Sha256, Classification>>>,
}

impl Papers {
    /// A paper server for a room in `zone` that allows nothing yet.
    pub fn new(blobs: BlobStore, zone: NetworkZone) -> Self {
        Self {
            blobs,
            zone,
            allowed: Arc::default(),
        }
    }

    /// Replaces the set of blobs that may be served, with their
    /// classifications, when the current meetings change.
    pub fn set_allowed(&self, docs: impl IntoIterator<Item = (Sha256, Classification)>) {
        let docs: HashMap<_, _> = docs.into_iter().collect();
        // The map is replaced whole, so a panic elsewhere cannot have left it
        // half-updated: a poisoned lock is safe to use.
        *self.allowed.write().unwrap_or_else(PoisonError::into_inner) = docs;
    }

    fn classification(&self, hash: &Sha256) -> Option<Classification> {
        self.allowed
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(hash)
            .copied()
    }
}

/// The routes: `GET`/`HEAD /blobs/{sha256}` and `GET /health`.
pub fn router(papers: Papers) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        // `get` also answers HEAD (axum drops the body, keeps the headers).
        .route("/blobs/{sha256}", get(blob))
        .layer(middleware::from_fn(trace_request))
        .with_state(papers)
}

/// Serves `router` on `listener` until `shutdown` completes, then lets the
/// requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

/// One span per request, with the status recorded when the handler answers.
async fn trace_request(request: Request, next: Next) -> Response {
    let span = tracing::info_span!(
        "http",
        method = %request.method(),
        path = %request.uri().path(),
        status = tracing::field::Empty,
    );
    async move {
        let response = next.run(request).await;
        tracing::Span::current().record("status", response.status().as_u16());
        tracing::debug!("answered");
        response
    }
    .instrument(span)
    .await
}

async fn blob(
    State(papers): State<Papers>,
    Path(name): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let Ok(hash) = Sha256::from_hex(&name) else {
        return plain(StatusCode::BAD_REQUEST, "a blob is named by 64 hex digits");
    };
    let Some(classification) = papers.classification(&hash) else {
        return plain(StatusCode::NOT_FOUND, "no such paper");
    };
    // Checked even though the controller should never allow such a blob.
    if !classification.allowed_in(papers.zone) {
        return plain(
            StatusCode::FORBIDDEN,
            "classified papers are not served in an Internet-zone room",
        );
    }
    let file = match tokio::fs::File::open(papers.blobs.path(&hash)).await {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return plain(StatusCode::NOT_FOUND, "no such paper");
        }
        Err(e) => return read_failed(&hash, &e),
    };
    let size = match file.metadata().await {
        Ok(meta) => meta.len(),
        Err(e) => return read_failed(&hash, &e),
    };

    let etag = format!("\"{}\"", hash.to_hex());
    if none_match(&headers, &etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        let h = response.headers_mut();
        h.insert(header::ETAG, value(etag));
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_CONTROL),
        );
        return response;
    }

    let range = if range_applies(&headers, &etag) {
        let mut values = headers.get_all(header::RANGE).iter();
        match (values.next().map(HeaderValue::to_str), values.next()) {
            (Some(Ok(spec)), None) => parse_range(spec, size),
            // No Range, several Range fields, or one that is not text.
            _ => RangeRequest::Full,
        }
    } else {
        RangeRequest::Full
    };

    let (status, start, len) = match range {
        RangeRequest::Full => (StatusCode::OK, 0, size),
        RangeRequest::Partial { start, end } => {
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
        }
        RangeRequest::Unsatisfiable => {
            let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            let h = response.headers_mut();
            h.insert(header::CONTENT_RANGE, value(format!("bytes */{size}")));
            h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            return response;
        }
    };

    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        match stream(file, start, len).await {
            Ok(body) => body,
            Err(e) => return read_failed(&hash, &e),
        }
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CONTENT_LENGTH, value(len.to_string()));
    h.insert(header::ETAG, value(etag));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if status == StatusCode::PARTIAL_CONTENT {
        let end = start + len - 1;
        h.insert(
            header::CONTENT_RANGE,
            value(format!("bytes {start}-{end}/{size}")),
        );
    }
    response
}

/// `len` bytes of `file` from `start`, read as they are sent.
async fn stream(mut file: tokio::fs::File, start: u64, len: u64) -> io::Result<Body> {
    if start > 0 {
        file.seek(SeekFrom::Start(start)).await?;
    }
    let reader = ReaderStream::with_capacity(file.take(len), STREAM_BUF);
    Ok(Body::from_stream(reader))
}

fn plain(status: StatusCode, reason: &'static str) -> Response {
    (status, reason).into_response()
}

fn read_failed(hash: &Sha256, cause: &io::Error) -> Response {
    tracing::error!(blob = %hash, cause = %cause, "could not read a blob");
    plain(
        StatusCode::INTERNAL_SERVER_ERROR,
        "could not read the paper",
    )
}

/// A header value made of ASCII digits, hex and punctuation.
fn value(text: String) -> HeaderValue {
    HeaderValue::try_from(text).expect("digits and hex make a valid header value")
}

/// Whether `If-None-Match` names our ETag: `*`, or a list of entity tags
/// compared weakly (so `W/"…"` matches too), over every field line.
fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        // Our tags hold no comma, so splitting on commas cannot break one
        // that could match.
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// Whether `Range` is to be honoured: there is no `If-Range`, or it names
/// our ETag. `If-Range` compares strongly, so a weak tag never matches, and
/// neither does a date, as we send no `Last-Modified`.
fn range_applies(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_RANGE)
        .is_none_or(|v| v.to_str().is_ok_and(|v| v.trim() == etag))
}

/// What a `Range` header asks of a representation of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RangeRequest {
    /// Serve the whole representation with 200.
    Full,
    /// Serve bytes `start..=end` with 206.
    Partial { start: u64, end: u64 },
    /// Answer 416.
    Unsatisfiable,
}

/// Reads a `Range` header value (RFC 9110 §14.1.2) for a blob of `size`
/// bytes.
///
/// - A malformed header, or another unit than `bytes`, is ignored (`Full`),
///   as RFC 9110 allows.
/// - Several ranges get the whole blob with 200 rather than a
///   `multipart/byteranges` answer: seats only ever ask for one range to
///   resume a download, and the whole blob is a correct answer.
/// - A suffix range on an empty blob is satisfiable but has no bytes to
///   send, so it too gets the whole (empty) blob with 200.
fn parse_range(header: &str, size: u64) -> RangeRequest {
    let Some((unit, set)) = header.trim().split_once('=') else {
        return RangeRequest::Full;
    };
    if !unit.trim_end().eq_ignore_ascii_case("bytes") {
        return RangeRequest::Full;
    }
    // The list rule allows empty elements; they count for nothing.
    let mut specs = set.split(',').map(str::trim).filter(|s| !s.is_empty());
    let (Some(spec), None) = (specs.next(), specs.next()) else {
        return RangeRequest::Full;
    };
    let Some((first, last)) = spec.split_once('-') else {
        return RangeRequest::Full;
    };
    if first.is_empty() {
        // bytes=-n
        let Some(suffix) = number(last) else {
            return RangeRequest::Full;
        };
        if suffix == 0 {
            RangeRequest::Unsatisfiable
        } else if size == 0 {
            RangeRequest::Full
        } else {
            RangeRequest::Partial {
                start: size - suffix.min(size),
                end: size - 1,
            }
        }
    } else {
        // bytes=a-b and bytes=a-
        let Some(start) = number(first) else {
            return RangeRequest::Full;
        };
        let last = if last.is_empty() {
            None
        } else if let Some(last) = number(last) {
            Some(last)
        } else {
            return RangeRequest::Full;
        };
        if last.is_some_and(|last| last < start) {
            RangeRequest::Full // Invalid, so ignored.
        } else if start >= size {
            RangeRequest::Unsatisfiable
        } else {
            let end = last.map_or(size - 1, |last| last.min(size - 1));
            RangeRequest::Partial { start, end }
        }
    }
}

/// A position in a range: 1*DIGIT that fits a u64, or `None`.
fn number(text: &str) -> Option<u64> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}
