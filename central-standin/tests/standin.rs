//! The stand-in's API as docs/central-api.md describes it, and every knob.

use std::time::Duration;

use central_standin::{Lie, StandIn, sample};
use ed25519_dalek::SigningKey;
use protocol::central::{MeetingSummary, Purpose, ResultsAck, ResultsUpload, SignedError};
use protocol::ids::{MeetingId, RoomId, Sha256, Timestamp};
use protocol::meeting::MeetingPackage;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_RANGE, ETAG, IF_NONE_MATCH, RANGE};

const PAPER: &[u8] = b"%PDF-1.7 bao cao tinh hinh kinh te - xa hoi nam 2026 ...";

fn central_key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

fn controller_key() -> SigningKey {
    SigningKey::from_bytes(&[9; 32])
}

/// A stand-in with meeting `m1` in room `p301`, serving on a fresh port.
struct Central {
    standin: StandIn,
    base: String,
    http: reqwest::Client,
}

impl Central {
    async fn start() -> Self {
        let standin = StandIn::new(central_key());
        let package = sample::package("m1", "p301", &[("Báo cáo", PAPER)]);
        standin
            .add_meeting(package, vec![PAPER.to_vec()])
            .expect("documents match");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let base = format!("http://{}", listener.local_addr().expect("bound address"));
        tokio::spawn(standin.clone().serve(listener, std::future::pending()));
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder().build().expect("http client");
        Self {
            standin,
            base,
            http,
        }
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http.get(format!("{}{path}", self.base))
    }

    fn post_results(&self, key: &str, body: Vec<u8>) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}/api/v1/meetings/m1/results", self.base))
            .header("Idempotency-Key", key)
            .body(body)
    }
}

fn doc_path() -> String {
    format!("/api/v1/documents/{}", Sha256::of(PAPER))
}

fn results(key: &str) -> ResultsUpload {
    ResultsUpload {
        idempotency_key: key.into(),
        meeting: MeetingId::new("m1").expect("id"),
        room: RoomId::new("p301").expect("id"),
        closed_at: Timestamp(1_795_000_000_000),
        attendance: Vec::new(),
        ballots: Vec::new(),
        comments: Vec::new(),
        notices: Vec::new(),
        records: Vec::new(),
        minutes_pdf: None,
        minutes_sha256: None,
    }
}

async fn package_bytes(central: &Central) -> (StatusCode, Vec<u8>) {
    let response = central
        .get("/api/v1/meetings/m1")
        .send()
        .await
        .expect("answer");
    (
        response.status(),
        response.bytes().await.expect("body").to_vec(),
    )
}

#[tokio::test]
async fn a_room_lists_its_meetings_and_other_rooms_see_none() {
    let central = Central::start().await;
    let list: Vec<MeetingSummary> = central
        .get("/api/v1/rooms/p301/meetings")
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("json");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id.as_str(), "m1");
    let other: Vec<MeetingSummary> = central
        .get("/api/v1/rooms/p999/meetings")
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("json");
    assert!(other.is_empty());
}

#[tokio::test]
async fn a_package_is_served_signed_and_its_etag_changes_with_it() {
    let central = Central::start().await;
    let response = central
        .get("/api/v1/meetings/m1")
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()[ETAG].to_str().expect("ascii").to_owned();
    let bytes = response.bytes().await.expect("body");
    let package = protocol::central::verify_package(&central_key().verifying_key(), &bytes)
        .expect("verifies");
    assert_eq!(package.id.as_str(), "m1");
    let summary = central.standin.summary(&package.id).expect("listed");
    assert_eq!(etag, format!("\"{}\"", summary.etag));
    assert_eq!(summary.etag, Sha256::of(&bytes).to_hex());

    let mut changed = package.clone();
    changed.title = "Hội nghị (đã sửa)".into();
    central
        .standin
        .add_meeting(changed, vec![PAPER.to_vec()])
        .expect("documents match");
    let new = central.standin.summary(&package.id).expect("listed");
    assert_ne!(new.etag, summary.etag);
}

#[tokio::test]
async fn a_known_etag_gets_304_and_no_body() {
    let central = Central::start().await;
    let etag = central
        .standin
        .summary(&MeetingId::new("m1").expect("id"))
        .expect("listed")
        .etag;
    let response = central
        .get("/api/v1/meetings/m1")
        .header(IF_NONE_MATCH, format!("\"{etag}\""))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert!(response.bytes().await.expect("body").is_empty());
    let stale = central
        .get("/api/v1/meetings/m1")
        .header(IF_NONE_MATCH, "\"0000\"")
        .send()
        .await
        .expect("answer");
    assert_eq!(stale.status(), StatusCode::OK);
    let stats = central.standin.stats();
    assert_eq!((stats.not_modified, stats.packages_served), (1, 1));
}

#[tokio::test]
async fn an_unknown_meeting_or_document_is_404() {
    let central = Central::start().await;
    let meeting = central
        .get("/api/v1/meetings/nope")
        .send()
        .await
        .expect("answer");
    assert_eq!(meeting.status(), StatusCode::NOT_FOUND);
    let doc = central
        .get(&format!("/api/v1/documents/{}", Sha256::of(b"other")))
        .send()
        .await
        .expect("answer");
    assert_eq!(doc.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_document_is_served_whole_or_by_range() {
    let central = Central::start().await;
    let whole = central.get(&doc_path()).send().await.expect("answer");
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.bytes().await.expect("body"), PAPER);

    let tail = central
        .get(&doc_path())
        .header(RANGE, "bytes=10-")
        .send()
        .await
        .expect("answer");
    assert_eq!(tail.status(), StatusCode::PARTIAL_CONTENT);
    let last = PAPER.len() - 1;
    assert_eq!(
        tail.headers()[CONTENT_RANGE],
        format!("bytes 10-{last}/{}", PAPER.len()).as_str()
    );
    assert_eq!(tail.bytes().await.expect("body"), PAPER[10..]);

    let middle = central
        .get(&doc_path())
        .header(RANGE, "bytes=2-5")
        .send()
        .await
        .expect("answer");
    assert_eq!(middle.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(middle.bytes().await.expect("body"), PAPER[2..6]);

    let beyond = central
        .get(&doc_path())
        .header(RANGE, format!("bytes={}-", PAPER.len()))
        .send()
        .await
        .expect("answer");
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);

    let stats = central.standin.stats();
    assert_eq!(stats.document_requests, 3);
    assert_eq!(stats.document_bytes, (PAPER.len() * 2 - 10 + 4) as u64);
}

#[tokio::test]
async fn results_with_one_key_are_stored_once() {
    let central = Central::start().await;
    central
        .standin
        .trust_controller(controller_key().verifying_key());
    let body = protocol::central::sign(&controller_key(), Purpose::Results, &results("k1"));
    let mut acks = Vec::new();
    for _ in 0..2 {
        let response = central
            .post_results("k1", body.clone())
            .send()
            .await
            .expect("answer");
        assert_eq!(response.status(), StatusCode::OK);
        acks.push(response.json::<ResultsAck>().await.expect("ack"));
    }
    assert_eq!(
        acks[0],
        ResultsAck {
            idempotency_key: "k1".into(),
            duplicate: false
        }
    );
    assert_eq!(
        acks[1],
        ResultsAck {
            idempotency_key: "k1".into(),
            duplicate: true
        }
    );
    assert_eq!(central.standin.results(), vec![results("k1")]);
}

#[tokio::test]
async fn results_that_do_not_verify_or_are_not_results_are_refused_with_a_reason() {
    let central = Central::start().await;
    central
        .standin
        .trust_controller(controller_key().verifying_key());
    let forged = protocol::central::sign(
        &SigningKey::from_bytes(&[1; 32]),
        Purpose::Results,
        &results("k1"),
    );
    let refused = central
        .post_results("k1", forged)
        .send()
        .await
        .expect("answer");
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(
        refused
            .text()
            .await
            .expect("body")
            .contains("signature does not verify")
    );

    let not_results = protocol::central::sign(
        &controller_key(),
        Purpose::Results,
        &serde_json::json!({"x": 1}),
    );
    let refused = central
        .post_results("k1", not_results)
        .send()
        .await
        .expect("answer");
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);

    let signed = protocol::central::sign(&controller_key(), Purpose::Results, &results("k1"));
    let no_key = central
        .http
        .post(format!("{}/api/v1/meetings/m1/results", central.base))
        .body(signed)
        .send()
        .await
        .expect("answer");
    assert_eq!(no_key.status(), StatusCode::BAD_REQUEST);
    assert!(central.standin.results().is_empty());
}

#[tokio::test]
async fn the_failure_knob_answers_every_call_with_its_status() {
    let central = Central::start().await;
    central.standin.set_failure(Some(503));
    let list = central
        .get("/api/v1/rooms/p301/meetings")
        .send()
        .await
        .expect("answer");
    let doc = central.get(&doc_path()).send().await.expect("answer");
    assert_eq!(
        (list.status(), doc.status()),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            StatusCode::SERVICE_UNAVAILABLE
        )
    );
    central.standin.set_failure(None);
    let list = central
        .get("/api/v1/rooms/p301/meetings")
        .send()
        .await
        .expect("answer");
    assert_eq!(list.status(), StatusCode::OK);
    assert_eq!(central.standin.stats().requests, 3);
}

#[tokio::test]
async fn the_delay_knob_keeps_a_client_waiting_past_its_timeout() {
    let central = Central::start().await;
    central.standin.set_delay(Duration::from_secs(30));
    let err = central
        .get("/api/v1/rooms/p301/meetings")
        .timeout(Duration::from_millis(100))
        .send()
        .await
        .expect_err("the stand-in is slower than the timeout");
    assert!(err.is_timeout());
}

#[tokio::test]
async fn the_bad_signature_lie_does_not_verify() {
    let central = Central::start().await;
    central.standin.set_lie(Some(Lie::BadSignature));
    let (status, bytes) = package_bytes(&central).await;
    assert_eq!(status, StatusCode::OK);
    let verified = protocol::central::verify_package(&central_key().verifying_key(), &bytes);
    assert_eq!(verified, Err(SignedError::BadSignature));
}

#[tokio::test]
async fn the_wrong_package_lie_is_validly_signed_for_another_meeting() {
    let central = Central::start().await;
    central.standin.set_lie(Some(Lie::WrongPackage));
    let (_, bytes) = package_bytes(&central).await;
    let package: MeetingPackage =
        protocol::central::verify_package(&central_key().verifying_key(), &bytes)
            .expect("validly signed");
    assert_ne!(package.id.as_str(), "m1");
}

#[tokio::test]
async fn the_bad_document_hash_lie_serves_other_bytes_of_the_same_length() {
    let central = Central::start().await;
    central.standin.set_lie(Some(Lie::BadDocumentHash));
    let bytes = central
        .get(&doc_path())
        .send()
        .await
        .expect("answer")
        .bytes()
        .await
        .expect("body");
    assert_eq!(bytes.len(), PAPER.len());
    assert_ne!(Sha256::of(&bytes), Sha256::of(PAPER));
}

#[tokio::test]
async fn the_truncated_document_lie_gives_the_client_an_error() {
    let central = Central::start().await;
    central.standin.set_lie(Some(Lie::TruncatedDocument));
    let response = central
        .get(&doc_path())
        .send()
        .await
        .expect("headers arrive");
    assert_eq!(response.content_length(), Some(PAPER.len() as u64));
    assert!(response.bytes().await.is_err());
    assert_eq!(
        central.standin.stats().document_bytes,
        (PAPER.len() / 2) as u64
    );
}

#[tokio::test]
async fn a_byte_limit_cuts_bodies_and_a_range_fetches_the_rest() {
    let central = Central::start().await;
    central.standin.set_max_bytes_per_request(Some(16));
    let mut response = central
        .get(&doc_path())
        .send()
        .await
        .expect("headers arrive");
    let mut got = Vec::new();
    let cut = loop {
        match response.chunk().await {
            Ok(Some(chunk)) => got.extend_from_slice(&chunk),
            Ok(None) => break false,
            Err(_) => break true,
        }
    };
    assert!(cut, "the client must see the body cut short");
    assert_eq!(got, PAPER[..16]);
    central.standin.set_max_bytes_per_request(None);
    let rest = central
        .get(&doc_path())
        .header(RANGE, format!("bytes={}-", got.len()))
        .send()
        .await
        .expect("answer")
        .bytes()
        .await
        .expect("body");
    got.extend_from_slice(&rest);
    assert_eq!(got, PAPER);
}

#[tokio::test]
async fn a_bundle_folder_is_served_like_an_added_meeting() {
    let dir = tempfile::tempdir().expect("temp dir");
    let package = sample::package("m2", "p301", &[("Tờ trình", PAPER)]);
    std::fs::write(
        dir.path().join("meeting.json"),
        protocol::central::sign(&central_key(), Purpose::Package, &package),
    )
    .expect("write meeting.json");
    std::fs::create_dir(dir.path().join("documents")).expect("mkdir");
    std::fs::write(
        dir.path()
            .join("documents")
            .join(Sha256::of(PAPER).to_hex()),
        PAPER,
    )
    .expect("write paper");

    let standin = StandIn::new(central_key());
    let id = standin.load_bundle(dir.path()).expect("bundle loads");
    assert_eq!(id.as_str(), "m2");
    assert!(standin.summary(&id).is_some());

    let stranger = StandIn::new(SigningKey::from_bytes(&[8; 32]));
    assert!(stranger.load_bundle(dir.path()).is_err());
}

#[test]
fn documents_that_do_not_match_the_package_are_refused() {
    let standin = StandIn::new(central_key());
    let package = sample::package("m1", "p301", &[("Báo cáo", PAPER)]);
    assert!(standin.add_meeting(package.clone(), Vec::new()).is_err());
    assert!(
        standin
            .add_meeting(package.clone(), vec![b"other".to_vec()])
            .is_err()
    );
    assert!(
        standin
            .add_meeting(package, vec![PAPER.to_vec(), b"extra".to_vec()])
            .is_err()
    );
}

#[test]
fn the_sample_package_is_valid() {
    let package = sample::package("m1", "p301", &[("Báo cáo", PAPER), ("Tờ trình", b"x")]);
    assert_eq!(package.validate(), Ok(()));
}

#[tokio::test]
async fn minutes_in_signed_results_are_checked_kept_and_served() {
    let central = Central::start().await;
    central
        .standin
        .trust_controller(controller_key().verifying_key());
    let pdf = b"%PDF-1.7\nBien ban hoi nghi".to_vec();

    // Minutes that do not match their hash, or are not a PDF, are refused.
    let mut wrong_hash = results("k1");
    wrong_hash.set_minutes(&pdf);
    wrong_hash.minutes_sha256 = Some(Sha256::of(b"other"));
    let mut not_pdf = results("k1");
    not_pdf.set_minutes(b"<html>");
    for bad in [wrong_hash, not_pdf] {
        let body = protocol::central::sign(&controller_key(), Purpose::Results, &bad);
        let refused = central
            .post_results("k1", body)
            .send()
            .await
            .expect("answer");
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
        assert!(refused.text().await.expect("body").contains("minutes"));
    }
    let missing = central
        .get("/api/v1/meetings/m1/minutes")
        .send()
        .await
        .expect("answer");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let mut upload = results("k1");
    upload.set_minutes(&pdf);
    let body = protocol::central::sign(&controller_key(), Purpose::Results, &upload);
    let taken = central
        .post_results("k1", body)
        .send()
        .await
        .expect("answer");
    assert_eq!(taken.status(), StatusCode::OK);
    let m1 = MeetingId::new("m1").expect("id");
    assert_eq!(central.standin.minutes(&m1).as_deref(), Some(&pdf[..]));
    let served = central
        .get("/api/v1/meetings/m1/minutes")
        .send()
        .await
        .expect("answer");
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(
        served.headers()["content-type"].to_str().expect("ascii"),
        "application/pdf"
    );
    assert_eq!(served.bytes().await.expect("body").to_vec(), pdf);
}
