//! The HTTP routes of docs/central-api.md, and the misbehaviour the knobs ask for.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::header::{
    ACCEPT_RANGES, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, ETAG, IF_NONE_MATCH, RANGE,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use futures_util::StreamExt as _;
use protocol::central::{Purpose, ResultsAck, ResultsUpload};
use protocol::ids::{MeetingId, RoomId, Sha256};
use serde::Deserialize;

use crate::{Lie, StandIn};

/// Results carry the minutes as base64 PDF: allow more than axum's 2 MB default.
const MAX_RESULTS_BYTES: usize = 64 * 1024 * 1024;

pub(crate) fn router(standin: StandIn) -> Router {
    Router::new()
        .route("/api/v1/rooms/{room}/meetings", get(list_meetings))
        .route("/api/v1/meetings/{id}", get(get_package))
        .route("/api/v1/documents/{sha256}", get(get_document))
        .route(
            "/api/v1/meetings/{id}/results",
            post(post_results).layer(DefaultBodyLimit::max(MAX_RESULTS_BYTES)),
        )
        .route("/api/v1/meetings/{id}/minutes", get(get_minutes))
        .layer(middleware::from_fn_with_state(standin.clone(), misbehave))
        .with_state(standin)
}

/// A refusal: an HTTP status and a reason for the caller, as `{"error": reason}`.
struct Refusal(StatusCode, String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

fn bad_request(reason: impl Into<String>) -> Refusal {
    Refusal(StatusCode::BAD_REQUEST, reason.into())
}

fn not_found(reason: impl Into<String>) -> Refusal {
    Refusal(StatusCode::NOT_FOUND, reason.into())
}

/// Counts the request, then waits and fails as the knobs say.
async fn misbehave(State(standin): State<StandIn>, request: Request, next: Next) -> Response {
    let knobs = {
        let mut state = standin.state();
        state.stats.requests += 1;
        state.knobs
    };
    tracing::debug!(method = %request.method(), path = %request.uri().path(), "central stand-in request");
    if !knobs.delay.is_zero() {
        tokio::time::sleep(knobs.delay).await;
    }
    if let Some(code) = knobs.failure {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return Refusal(status, "the stand-in was told to fail".into()).into_response();
    }
    next.run(request).await
}

async fn list_meetings(
    State(standin): State<StandIn>,
    Path(room): Path<String>,
) -> Result<Response, Refusal> {
    let room = RoomId::new(room).map_err(|e| bad_request(format!("bad room id: {e}")))?;
    Ok(Json(standin.state().summaries(&room)).into_response())
}

async fn get_package(
    State(standin): State<StandIn>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let id = MeetingId::new(id).map_err(|e| bad_request(format!("bad meeting id: {e}")))?;
    let (meeting, lie) = {
        let state = standin.state();
        (state.meetings.get(&id).cloned(), state.knobs.lie)
    };
    let meeting = meeting.ok_or_else(|| not_found(format!("no meeting {id}")))?;
    let etag = quoted(&meeting.etag);
    if if_none_match(&headers, &meeting.etag) {
        standin.state().stats.not_modified += 1;
        return Ok((StatusCode::NOT_MODIFIED, [(ETAG, etag)]).into_response());
    }
    let body = match lie {
        Some(Lie::BadSignature) => flip_signature(&meeting.signed),
        Some(Lie::WrongPackage) => {
            let mut other = meeting.package.clone();
            other.id = other_id(&id);
            protocol::central::sign(standin.signing_key(), Purpose::Package, &other)
        }
        _ => meeting.signed.to_vec(),
    };
    standin.state().stats.packages_served += 1;
    Ok((
        [(CONTENT_TYPE, "application/json".to_owned()), (ETAG, etag)],
        body,
    )
        .into_response())
}

async fn get_document(
    State(standin): State<StandIn>,
    Path(hex): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let hash = Sha256::from_hex(&hex)
        .map_err(|_| bad_request("the document name is not 64 hex digits"))?;
    let (bytes, knobs) = {
        let state = standin.state();
        (state.documents.get(&hash).cloned(), state.knobs)
    };
    let bytes = bytes.ok_or_else(|| not_found(format!("no document {hash}")))?;
    let total = bytes.len();
    let (start, end, partial) = match parse_range(headers.get(RANGE), total) {
        Ask::Whole => (0, total, false),
        Ask::Part(start, end) => (start, end, true),
        Ask::Unsatisfiable => {
            let mut response = Refusal(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "range not satisfiable".into(),
            )
            .into_response();
            response
                .headers_mut()
                .insert(CONTENT_RANGE, header(&format!("bytes */{total}")));
            return Ok(response);
        }
    };
    let mut body = bytes.get(start..end).unwrap_or_default().to_vec();
    if knobs.lie == Some(Lie::BadDocumentHash) {
        for b in &mut body {
            *b ^= 0xff;
        }
    }
    let len = body.len();
    let mut send = knobs.max_bytes.map_or(len, |max| max.min(len));
    if knobs.lie == Some(Lie::TruncatedDocument) {
        send = send.min(len / 2);
    }
    {
        let mut state = standin.state();
        state.stats.document_requests += 1;
        state.stats.document_bytes += send as u64;
    }
    let body = if send == len {
        Body::from(body)
    } else {
        // Declare the full length, send the head, then fail the body: hyper
        // drops the connection and the client sees an incomplete body. The
        // yield lets hyper flush the head before it sees the failure.
        body.truncate(send);
        let head = futures_util::stream::iter([Ok(Bytes::from(body))]);
        let cut = futures_util::stream::once(async {
            tokio::task::yield_now().await;
            Err(std::io::Error::other("the stand-in cut the body short"))
        });
        Body::from_stream(head.chain(cut))
    };
    let mut response = Response::new(body);
    if partial {
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        let range = format!("bytes {start}-{}/{total}", end - 1);
        response.headers_mut().insert(CONTENT_RANGE, header(&range));
    }
    let h = response.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(ETAG, header(&quoted(&hash.to_hex())));
    h.insert(CONTENT_LENGTH, HeaderValue::from(len));
    Ok(response)
}

async fn post_results(
    State(standin): State<StandIn>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    let id = MeetingId::new(id).map_err(|e| bad_request(format!("bad meeting id: {e}")))?;
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| bad_request("missing Idempotency-Key header"))?
        .to_owned();
    let controller_key = standin.state().controller_key;
    let upload: ResultsUpload = match controller_key {
        Some(k) => protocol::central::verify(&k, Purpose::Results, &body)
            .map_err(|e| bad_request(format!("results refused: {e}")))?,
        None => unverified_content(&body)?,
    };
    if upload.meeting != id {
        return Err(bad_request(format!(
            "the results are for meeting {} but were posted to {id}",
            upload.meeting
        )));
    }
    if upload.idempotency_key != key {
        return Err(bad_request(
            "the Idempotency-Key header differs from the body's idempotency_key",
        ));
    }
    let minutes = upload
        .minutes()
        .map_err(|e| bad_request(format!("minutes refused: {e}")))?;
    let mut state = standin.state();
    if !state.meetings.contains_key(&id) {
        return Err(not_found(format!("no meeting {id}")));
    }
    state.stats.results_posts += 1;
    let duplicate = state.seen_keys.contains_key(&key);
    if !duplicate {
        if let Some(pdf) = minutes {
            state.minutes.insert(id.clone(), Arc::from(pdf));
        }
        state.seen_keys.insert(key.clone(), id);
        state.results.push(upload);
    }
    Ok(Json(ResultsAck {
        idempotency_key: key,
        duplicate,
    })
    .into_response())
}

/// `GET /api/v1/meetings/{id}/minutes`: the minutes PDF from the results
/// taken for the meeting (the stand-in's own read-back route).
async fn get_minutes(
    State(standin): State<StandIn>,
    Path(id): Path<String>,
) -> Result<Response, Refusal> {
    let id = MeetingId::new(id).map_err(|e| bad_request(format!("bad meeting id: {e}")))?;
    let pdf = standin
        .minutes(&id)
        .ok_or_else(|| not_found(format!("no minutes for meeting {id}")))?;
    Ok(([(CONTENT_TYPE, "application/pdf")], pdf.to_vec()).into_response())
}

/// The content of a signed results document, signature unchecked (no
/// controller key trusted yet).
fn unverified_content(body: &[u8]) -> Result<ResultsUpload, Refusal> {
    #[derive(Deserialize)]
    struct Envelope {
        signed: ResultsUpload,
        #[allow(dead_code, reason = "present in every signed document, unchecked here")]
        signature: String,
    }
    serde_json::from_slice::<Envelope>(body)
        .map(|e| e.signed)
        .map_err(|e| bad_request(format!("not a signed ResultsUpload: {e}")))
}

/// What a `Range` header asks of a body of `total` bytes.
#[derive(Debug, PartialEq, Eq)]
enum Ask {
    /// No usable range: send everything (RFC 9110 lets a server ignore Range).
    Whole,
    /// Bytes `start..end` (end exclusive).
    Part(usize, usize),
    Unsatisfiable,
}

/// Understands `bytes=a-`, `bytes=a-b` and `bytes=-n`; anything else asks for the whole.
fn parse_range(value: Option<&HeaderValue>, total: usize) -> Ask {
    let Some(spec) = value
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().strip_prefix("bytes="))
        .filter(|s| !s.contains(','))
    else {
        return Ask::Whole;
    };
    let Some((first, last)) = spec.split_once('-') else {
        return Ask::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        return match last.parse::<usize>() {
            Ok(0) => Ask::Unsatisfiable,
            Ok(n) if total > 0 => Ask::Part(total.saturating_sub(n), total),
            Ok(_) => Ask::Unsatisfiable,
            Err(_) => Ask::Whole,
        };
    }
    let Ok(start) = first.parse::<usize>() else {
        return Ask::Whole;
    };
    let end = if last.is_empty() {
        total
    } else {
        match last.parse::<usize>() {
            Ok(last) if last >= start => last.saturating_add(1).min(total),
            _ => return Ask::Whole,
        }
    };
    if start >= total {
        Ask::Unsatisfiable
    } else {
        Ask::Part(start, end)
    }
}

/// Whether `If-None-Match` names `etag` (or `*`).
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/").trim_matches('"'))
        .any(|t| t == etag || t == "*")
}

fn quoted(etag: &str) -> String {
    format!("\"{etag}\"")
}

fn header(value: &str) -> HeaderValue {
    HeaderValue::from_str(value).expect("hex digits, digits and quotes are valid header text")
}

/// The signed document with one character of its base64 signature changed.
fn flip_signature(signed: &[u8]) -> Vec<u8> {
    const FIELD: &[u8] = b"\"signature\":\"";
    let mut out = signed.to_vec();
    if let Some(at) = out.windows(FIELD.len()).rposition(|w| w == FIELD)
        && let Some(c) = out.get_mut(at + FIELD.len())
    {
        *c = if *c == b'A' { b'B' } else { b'A' };
    }
    out
}

/// A valid meeting id other than `id`.
fn other_id(id: &MeetingId) -> MeetingId {
    MeetingId::new(format!("{id}-other"))
        .or_else(|_| MeetingId::new("other"))
        .expect("a short id of letters and a dash is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_headers_are_read_as_rfc_9110_says() {
        let ask = |v: &str| parse_range(Some(&HeaderValue::from_str(v).expect("header")), 10);
        assert_eq!(parse_range(None, 10), Ask::Whole);
        assert_eq!(ask("bytes=4-"), Ask::Part(4, 10));
        assert_eq!(ask("bytes=2-5"), Ask::Part(2, 6));
        assert_eq!(ask("bytes=2-50"), Ask::Part(2, 10));
        assert_eq!(ask("bytes=-3"), Ask::Part(7, 10));
        assert_eq!(ask("bytes=10-"), Ask::Unsatisfiable);
        assert_eq!(ask("bytes=5-2"), Ask::Whole);
        assert_eq!(ask("bytes=0-1,4-5"), Ask::Whole);
        assert_eq!(ask("items=0-1"), Ask::Whole);
    }

    #[test]
    fn other_id_always_differs() {
        let short = MeetingId::new("m1").expect("id");
        assert_ne!(other_id(&short), short);
        let long = MeetingId::new("x".repeat(64)).expect("id");
        assert_ne!(other_id(&long), long);
    }
}
