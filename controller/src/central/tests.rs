use std::time::Duration;

use central_standin::{Lie, StandIn, sample};
use ed25519_dalek::SigningKey;
use protocol::central::{Purpose, ResultsAck, ResultsUpload, SignedError};
use protocol::ids::{MeetingId, RoomId, Timestamp};
use protocol::meeting::Classification;

use super::*;

const SMALL: &[u8] = b"%PDF-1.7 chuong trinh hoi nghi";

/// A paper big enough to be cut into pieces.
fn big_paper() -> Vec<u8> {
    (0..100_000u32)
        .map(|i| u8::try_from(i % 251).expect("below 251"))
        .collect()
}

fn central_key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

/// A room controller's view: a stand-in central system with meeting `m1`
/// (two papers) for room `p301`, a client and an empty blob store.
struct Room {
    central: StandIn,
    client: CentralClient,
    blobs: BlobStore,
    big: Vec<u8>,
    _dir: tempfile::TempDir,
}

impl Room {
    async fn start(retries: u32) -> Self {
        Self::start_with(retries, Duration::from_secs(10), "p301").await
    }

    async fn start_with(retries: u32, timeout: Duration, room: &str) -> Self {
        let central = StandIn::new(central_key());
        let big = big_paper();
        let package = sample::package("m1", "p301", &[("Chương trình", SMALL), ("Báo cáo", &big)]);
        central
            .add_meeting(package, vec![SMALL.to_vec(), big.clone()])
            .expect("papers match the package");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let base_url = format!("http://{}", listener.local_addr().expect("bound address"));
        tokio::spawn(central.clone().serve(listener, std::future::pending()));
        let client = CentralClient::new(CentralConfig {
            base_url,
            room: RoomId::new(room).expect("valid room id"),
            public_key: central.verifying_key(),
            timeout,
            retries,
            backoff: Duration::from_millis(1),
        })
        .expect("client builds");
        let dir = tempfile::tempdir().expect("temp dir");
        let blobs = BlobStore::open(dir.path().join("blobs")).expect("blob store opens");
        Self {
            central,
            client,
            blobs,
            big,
            _dir: dir,
        }
    }

    async fn sync(&self, etag: Option<&str>) -> Result<SyncOutcome, CentralError> {
        sync_meeting(&self.client, &self.blobs, &m1(), etag).await
    }

    fn big_hash(&self) -> protocol::ids::Sha256 {
        protocol::ids::Sha256::of(&self.big)
    }

    fn total_size(&self) -> u64 {
        (SMALL.len() + self.big.len()) as u64
    }
}

fn m1() -> MeetingId {
    MeetingId::new("m1").expect("valid id")
}

fn updated(outcome: SyncOutcome) -> (MeetingPackage, String, u64) {
    match outcome {
        SyncOutcome::Updated {
            package,
            etag,
            bytes_moved,
            ..
        } => (*package, etag, bytes_moved),
        SyncOutcome::Unchanged => panic!("expected a new package"),
    }
}

#[tokio::test]
async fn the_room_lists_its_meetings() {
    let room = Room::start(0).await;
    let list = room.client.list_meetings().await.expect("list");
    assert_eq!(list, vec![room.central.summary(&m1()).expect("listed")]);
}

#[tokio::test]
async fn a_sync_moves_every_paper_into_the_store_verified() {
    let room = Room::start(0).await;
    let (package, etag, bytes_moved) = updated(room.sync(None).await.expect("sync"));
    assert_eq!(package.id, m1());
    assert_eq!(etag, room.central.summary(&m1()).expect("listed").etag);
    assert_eq!(bytes_moved, room.total_size());
    for doc in &package.documents {
        let stored = std::fs::read(room.blobs.path(&doc.sha256)).expect("paper stored");
        assert_eq!(protocol::ids::Sha256::of(&stored), doc.sha256);
    }
}

#[tokio::test]
async fn an_unchanged_re_sync_moves_no_paper_bytes() {
    let room = Room::start(0).await;
    let (_, etag, _) = updated(room.sync(None).await.expect("first sync"));
    let served = room.central.stats().document_bytes;

    assert!(matches!(
        room.sync(Some(&etag)).await,
        Ok(SyncOutcome::Unchanged)
    ));
    let (_, _, bytes_moved) = updated(room.sync(None).await.expect("sync without an etag"));
    assert_eq!(bytes_moved, 0);
    assert_eq!(room.central.stats().document_bytes, served);
}

#[tokio::test]
async fn a_changed_package_is_fetched_again_without_its_papers() {
    let room = Room::start(0).await;
    let (mut package, etag, _) = updated(room.sync(None).await.expect("first sync"));
    package.title = "Hội nghị (điều chỉnh)".into();
    room.central
        .add_meeting(package, vec![SMALL.to_vec(), room.big.clone()])
        .expect("papers match");
    let (package, new_etag, bytes_moved) =
        updated(room.sync(Some(&etag)).await.expect("second sync"));
    assert_eq!(package.title, "Hội nghị (điều chỉnh)");
    assert_ne!(new_etag, etag);
    assert_eq!(bytes_moved, 0);
}

#[tokio::test]
async fn a_central_system_that_keeps_failing_is_an_error_after_the_retries() {
    let room = Room::start(2).await;
    room.central.set_failure(Some(503));
    let err = room.sync(None).await.expect_err("central is down");
    assert!(matches!(err, CentralError::Status(503)), "{err}");
    assert_eq!(room.central.stats().requests, 3);
}

#[tokio::test]
async fn a_client_error_is_not_retried() {
    let room = Room::start(3).await;
    room.central.set_failure(Some(403));
    assert!(matches!(
        room.client.list_meetings().await,
        Err(CentralError::Status(403))
    ));
    assert_eq!(room.central.stats().requests, 1);
}

#[tokio::test]
async fn a_central_system_that_is_not_listening_is_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let addr = listener.local_addr().expect("bound address");
    drop(listener);
    let client = CentralClient::new(CentralConfig {
        base_url: format!("http://{addr}"),
        room: RoomId::new("p301").expect("valid id"),
        public_key: central_key().verifying_key(),
        timeout: Duration::from_secs(10),
        retries: 1,
        backoff: Duration::from_millis(1),
    })
    .expect("client builds");
    let err = client.list_meetings().await.expect_err("nothing listens");
    assert!(matches!(err, CentralError::Unreachable(_)), "{err}");
    assert!(err.to_string().starts_with("central system unreachable: "));
}

#[tokio::test]
async fn a_slow_central_system_times_out() {
    let room = Room::start_with(0, Duration::from_millis(100), "p301").await;
    room.central.set_delay(Duration::from_secs(30));
    let err = room.sync(None).await.expect_err("slower than the timeout");
    assert!(matches!(err, CentralError::Timeout), "{err}");
}

#[tokio::test]
async fn a_bad_signature_is_refused_and_no_paper_is_fetched() {
    let room = Room::start(3).await;
    room.central.set_lie(Some(Lie::BadSignature));
    let err = room
        .sync(None)
        .await
        .expect_err("signature does not verify");
    assert!(
        matches!(err, CentralError::BadPackage(SignedError::BadSignature)),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "central system sent a package whose signature does not verify with the pinned key"
    );
    let stats = room.central.stats();
    assert_eq!((stats.requests, stats.document_requests), (1, 0));
}

#[tokio::test]
async fn a_package_of_another_meeting_is_refused() {
    let room = Room::start(0).await;
    room.central.set_lie(Some(Lie::WrongPackage));
    let err = room.sync(None).await.expect_err("wrong meeting");
    assert!(matches!(err, CentralError::Lied(_)), "{err}");
    assert_eq!(room.central.stats().document_requests, 0);
}

#[tokio::test]
async fn a_package_for_another_room_is_refused() {
    let room = Room::start_with(0, Duration::from_secs(10), "p999").await;
    let err = room.sync(None).await.expect_err("wrong room");
    assert!(matches!(err, CentralError::Lied(_)), "{err}");
}

#[tokio::test]
async fn classified_papers_in_an_internet_zone_package_are_refused() {
    let room = Room::start(0).await;
    let mut package = sample::package("m1", "p301", &[("Tài liệu mật", SMALL)]);
    package.documents[0].classification = Classification::Confidential;
    room.central
        .add_meeting(package, vec![SMALL.to_vec()])
        .expect("papers match");
    let err = room
        .sync(None)
        .await
        .expect_err("classified in the Internet zone");
    assert!(
        matches!(
            err,
            CentralError::BadPackage(SignedError::BadContent { .. })
        ),
        "{err}"
    );
    assert_eq!(room.central.stats().document_requests, 0);
}

#[tokio::test]
async fn a_paper_with_a_bad_hash_is_refused_and_not_stored() {
    let room = Room::start(3).await;
    room.central.set_lie(Some(Lie::BadDocumentHash));
    let err = room.sync(None).await.expect_err("paper does not match");
    assert!(matches!(err, CentralError::Lied(_)), "{err}");
    let first = protocol::ids::Sha256::of(SMALL);
    assert!(!room.blobs.contains(&first));
    assert_eq!(room.blobs.partial_len(&first), 0);
    assert_eq!(
        room.central.stats().document_requests,
        1,
        "a failed check is not retried"
    );
}

#[tokio::test]
async fn a_truncated_paper_is_an_error_and_the_next_sync_resumes() {
    let room = Room::start(0).await;
    room.central.set_lie(Some(Lie::TruncatedDocument));
    let err = room.sync(None).await.expect_err("body cut short");
    assert!(matches!(err, CentralError::Interrupted(_)), "{err}");
    assert!(!room.blobs.contains(&protocol::ids::Sha256::of(SMALL)));

    room.central.set_lie(None);
    let (_, _, bytes_moved) = updated(room.sync(None).await.expect("second sync"));
    assert!(bytes_moved < room.total_size());
    assert!(room.blobs.contains(&room.big_hash()));
}

#[tokio::test]
async fn an_interrupted_download_resumes_where_it_stopped() {
    let room = Room::start(2).await;
    room.central.set_max_bytes_per_request(Some(10_000));
    let err = room
        .sync(None)
        .await
        .expect_err("three cut bodies are not enough");
    assert!(matches!(err, CentralError::Interrupted(_)), "{err}");
    let kept = room.blobs.partial_len(&room.big_hash());
    assert!(kept > 0, "what arrived is kept");

    room.central.set_max_bytes_per_request(None);
    room.central.reset_stats();
    let (_, _, bytes_moved) = updated(room.sync(None).await.expect("second sync"));
    assert_eq!(bytes_moved, room.big.len() as u64 - kept);
    assert_eq!(room.central.stats().document_bytes, bytes_moved);
    let stored = std::fs::read(room.blobs.path(&room.big_hash())).expect("paper stored");
    assert_eq!(stored, room.big);
}

#[tokio::test]
async fn a_download_cut_into_pieces_completes_within_its_retries() {
    let room = Room::start(3).await;
    room.central.set_max_bytes_per_request(Some(40_000));
    let (_, _, bytes_moved) = updated(room.sync(None).await.expect("sync"));
    assert_eq!(bytes_moved, room.total_size());
    assert!(room.blobs.contains(&room.big_hash()));
}

#[tokio::test]
async fn results_posted_twice_with_one_key_are_acked_as_a_duplicate() {
    let room = Room::start(0).await;
    let controller_key = SigningKey::from_bytes(&[9; 32]);
    room.central
        .trust_controller(controller_key.verifying_key());
    let upload = ResultsUpload {
        idempotency_key: "m1-results-1".into(),
        meeting: m1(),
        room: RoomId::new("p301").expect("valid id"),
        closed_at: Timestamp(1_795_000_000_000),
        attendance: Vec::new(),
        ballots: Vec::new(),
        comments: Vec::new(),
        notices: Vec::new(),
        records: Vec::new(),
        minutes_pdf: None,
        minutes_sha256: None,
    };
    let body = protocol::central::sign(&controller_key, Purpose::Results, &upload);
    let first = room
        .client
        .post_results(&m1(), "m1-results-1", body.clone())
        .await
        .expect("first post");
    let second = room
        .client
        .post_results(&m1(), "m1-results-1", body)
        .await
        .expect("second post");
    let ack = |duplicate| ResultsAck {
        idempotency_key: "m1-results-1".into(),
        duplicate,
    };
    assert_eq!((first, second), (ack(false), ack(true)));
    assert_eq!(room.central.results(), vec![upload]);
}

#[tokio::test]
async fn results_the_central_system_refuses_are_a_status_error() {
    let room = Room::start(2).await;
    room.central
        .trust_controller(SigningKey::from_bytes(&[9; 32]).verifying_key());
    let body = protocol::central::sign(
        &SigningKey::from_bytes(&[1; 32]),
        Purpose::Results,
        &serde_json::json!({}),
    );
    let err = room
        .client
        .post_results(&m1(), "k", body)
        .await
        .expect_err("refused");
    assert!(matches!(err, CentralError::Status(400)), "{err}");
    assert_eq!(room.central.stats().requests, 1);
}
