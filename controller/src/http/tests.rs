use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::Duration;

use protocol::ids::Sha256;
use protocol::meeting::{Classification, NetworkZone};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::{Papers, RangeRequest, parse_range, router, serve};
use crate::blobs::BlobStore;

/// How long a test waits for the server before it fails.
const DEADLINE: Duration = Duration::from_secs(10);

#[test]
fn range_headers_are_read_as_rfc_9110_says() {
    use RangeRequest::{Full, Partial, Unsatisfiable};
    let cases: &[(&str, u64, RangeRequest)] = &[
        // bytes=a-b
        ("bytes=0-99", 1000, Partial { start: 0, end: 99 }),
        ("bytes=10-10", 1000, Partial { start: 10, end: 10 }),
        (
            "bytes=990-2000",
            1000,
            Partial {
                start: 990,
                end: 999,
            },
        ),
        ("bytes=1000-1001", 1000, Unsatisfiable),
        ("bytes=0-0", 0, Unsatisfiable),
        ("bytes=5-4", 1000, Full),
        // bytes=a-
        (
            "bytes=900-",
            1000,
            Partial {
                start: 900,
                end: 999,
            },
        ),
        ("bytes=0-", 1, Partial { start: 0, end: 0 }),
        ("bytes=1000-", 1000, Unsatisfiable),
        // bytes=-n
        (
            "bytes=-100",
            1000,
            Partial {
                start: 900,
                end: 999,
            },
        ),
        ("bytes=-5000", 1000, Partial { start: 0, end: 999 }),
        ("bytes=-0", 1000, Unsatisfiable),
        ("bytes=-5", 0, Full),
        // Spelling the list rule and the unit allow.
        ("Bytes=0-1", 1000, Partial { start: 0, end: 1 }),
        ("bytes= 0-1 ,", 1000, Partial { start: 0, end: 1 }),
        // Several ranges: the whole blob.
        ("bytes=0-1,5-6", 1000, Full),
        ("bytes=-1,-2", 1000, Full),
        // Malformed or foreign: ignored.
        ("", 1000, Full),
        ("bytes", 1000, Full),
        ("bytes=", 1000, Full),
        ("bytes=-", 1000, Full),
        ("bytes=a-b", 1000, Full),
        ("bytes=+1-2", 1000, Full),
        ("bytes=1-2-3", 1000, Full),
        ("bytes=0x10-", 1000, Full),
        ("bytes=99999999999999999999-", 1000, Full),
        ("pages=1-2", 1000, Full),
    ];
    for (header, size, expected) in cases {
        assert_eq!(
            parse_range(header, *size),
            *expected,
            "Range: {header:?} of {size} bytes"
        );
    }
}

/// A reply as read off the wire.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one HTTP/1.1 request on a fresh connection and reads the reply to
/// the end (the request asks the server to close).
async fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut text = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        write!(text, "{name}: {value}\r\n").expect("write to a string");
    }
    text.push_str("\r\n");

    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream.write_all(text.as_bytes()).await.expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("receive");
        raw
    };
    let raw = tokio::time::timeout(DEADLINE, exchange)
        .await
        .expect("the server answers in time");

    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = std::str::from_utf8(&raw[..split]).expect("the head is text");
    let body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("a status line");
    let mut parts = status_line.splitn(3, ' ');
    assert_eq!(parts.next(), Some("HTTP/1.1"), "{status_line}");
    let status = parts
        .next()
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("a header line");
            (name.to_owned(), value.trim().to_owned())
        })
        .collect();
    let reply = Reply {
        status,
        headers,
        body,
    };
    if method != "HEAD"
        && let Some(len) = reply.header("content-length")
    {
        assert_eq!(
            reply.body.len().to_string(),
            len,
            "body matches Content-Length"
        );
    }
    reply
}

/// A room's paper server on 127.0.0.1:0, with one allowed paper.
struct Room {
    addr: SocketAddr,
    papers: Papers,
    store: BlobStore,
    paper: Vec<u8>,
    hash: Sha256,
    shutdown: Option<oneshot::Sender<()>>,
    server: JoinHandle<std::io::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Room {
    fn path(&self) -> String {
        format!("/blobs/{}", self.hash.to_hex())
    }

    fn etag(&self) -> String {
        format!("\"{}\"", self.hash.to_hex())
    }
}

async fn room(zone: NetworkZone) -> Room {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BlobStore::open(dir.path()).expect("open store");
    // Longer than several stream buffers, so ranges cross chunk boundaries.
    let paper: Vec<u8> = (0..=250u8).cycle().take(200_000).collect();
    let hash = store.put(&paper).expect("put paper");
    let papers = Papers::new(store.clone(), zone);
    papers.set_allowed([(hash, Classification::Normal)]);

    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, router(papers.clone()), async {
        let _ = rx.await;
    }));
    Room {
        addr,
        papers,
        store,
        paper,
        hash,
        shutdown: Some(tx),
        server,
        _dir: dir,
    }
}

#[tokio::test]
async fn health_answers_ok() {
    let room = room(NetworkZone::Internal).await;
    let reply = request(room.addr, "GET", "/health", &[]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, b"ok");
}

#[tokio::test]
async fn a_whole_paper_is_served_with_its_etag() {
    let room = room(NetworkZone::Internet).await;
    let reply = request(room.addr, "GET", &room.path(), &[]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, room.paper);
    assert_eq!(reply.header("etag"), Some(room.etag().as_str()));
    assert_eq!(reply.header("content-length"), Some("200000"));
    assert_eq!(
        reply.header("cache-control"),
        Some("private, max-age=31536000, immutable")
    );
    assert_eq!(reply.header("accept-ranges"), Some("bytes"));
    assert_eq!(
        reply.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(reply.header("content-range"), None);
}

#[tokio::test]
async fn head_sends_the_headers_without_the_body() {
    let room = room(NetworkZone::Internal).await;
    let reply = request(room.addr, "HEAD", &room.path(), &[]).await;
    assert_eq!(reply.status, 200);
    assert!(reply.body.is_empty());
    assert_eq!(reply.header("content-length"), Some("200000"));
    assert_eq!(reply.header("etag"), Some(room.etag().as_str()));
    assert_eq!(reply.header("accept-ranges"), Some("bytes"));

    let reply = request(room.addr, "HEAD", &room.path(), &[("Range", "bytes=0-9")]).await;
    assert_eq!(reply.status, 206);
    assert!(reply.body.is_empty());
    assert_eq!(reply.header("content-length"), Some("10"));
    assert_eq!(reply.header("content-range"), Some("bytes 0-9/200000"));
}

#[tokio::test]
async fn a_matching_if_none_match_gets_304_without_a_body() {
    let room = room(NetworkZone::Internal).await;
    let etag = room.etag();
    let weak = format!("W/{etag}");
    let listed = format!("\"other\", {weak}");
    for tag in [etag.as_str(), "*", &weak, &listed] {
        let reply = request(room.addr, "GET", &room.path(), &[("If-None-Match", tag)]).await;
        assert_eq!(reply.status, 304, "If-None-Match: {tag}");
        assert!(reply.body.is_empty(), "If-None-Match: {tag}");
        assert_eq!(reply.header("etag"), Some(etag.as_str()));
    }
    let reply = request(
        room.addr,
        "GET",
        &room.path(),
        &[("If-None-Match", "\"other\"")],
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, room.paper);
}

#[tokio::test]
async fn a_single_range_gets_206_with_the_right_bytes() {
    let room = room(NetworkZone::Internal).await;
    let cases: &[(&str, usize, usize)] = &[
        ("bytes=0-99", 0, 99),                   // first bytes
        ("bytes=-100", 199_900, 199_999),        // suffix
        ("bytes=150000-", 150_000, 199_999),     // open-ended
        ("bytes=65000-140000", 65_000, 140_000), // across stream buffers
    ];
    for &(range, start, end) in cases {
        let reply = request(room.addr, "GET", &room.path(), &[("Range", range)]).await;
        assert_eq!(reply.status, 206, "Range: {range}");
        assert_eq!(reply.body, room.paper[start..=end], "Range: {range}");
        assert_eq!(
            reply.header("content-range"),
            Some(format!("bytes {start}-{end}/200000").as_str())
        );
        assert_eq!(reply.header("etag"), Some(room.etag().as_str()));
    }
}

#[tokio::test]
async fn an_unsatisfiable_range_gets_416() {
    let room = room(NetworkZone::Internal).await;
    for range in ["bytes=200000-", "bytes=300000-300010", "bytes=-0"] {
        let reply = request(room.addr, "GET", &room.path(), &[("Range", range)]).await;
        assert_eq!(reply.status, 416, "Range: {range}");
        assert_eq!(reply.header("content-range"), Some("bytes */200000"));
        assert!(reply.body.is_empty());
    }
}

#[tokio::test]
async fn several_or_malformed_ranges_get_the_whole_paper() {
    let room = room(NetworkZone::Internal).await;
    for range in ["bytes=0-1,5-6", "bytes=x-y", "lines=1-2"] {
        let reply = request(room.addr, "GET", &room.path(), &[("Range", range)]).await;
        assert_eq!(reply.status, 200, "Range: {range}");
        assert_eq!(reply.body, room.paper, "Range: {range}");
    }
}

#[tokio::test]
async fn if_range_honours_the_range_only_for_our_etag() {
    let room = room(NetworkZone::Internal).await;
    let etag = room.etag();
    let reply = request(
        room.addr,
        "GET",
        &room.path(),
        &[("Range", "bytes=0-9"), ("If-Range", &etag)],
    )
    .await;
    assert_eq!(reply.status, 206);
    assert_eq!(reply.body, room.paper[..10]);

    let weak = format!("W/{etag}");
    for other in ["\"other\"", weak.as_str(), "Sat, 01 Jan 2000 00:00:00 GMT"] {
        let reply = request(
            room.addr,
            "GET",
            &room.path(),
            &[("Range", "bytes=0-9"), ("If-Range", other)],
        )
        .await;
        assert_eq!(reply.status, 200, "If-Range: {other}");
        assert_eq!(reply.body, room.paper, "If-Range: {other}");
    }
}

#[tokio::test]
async fn a_malformed_hash_is_400() {
    let room = room(NetworkZone::Internal).await;
    let hex = room.hash.to_hex();
    let paths = [
        "/blobs/xyz".to_owned(),
        format!("/blobs/{}", &hex[..63]),
        format!("/blobs/{hex}0"),
        format!("/blobs/{}g", &hex[..63]),
    ];
    for path in paths {
        let reply = request(room.addr, "GET", &path, &[]).await;
        assert_eq!(reply.status, 400, "{path}");
        assert_eq!(reply.body, b"a blob is named by 64 hex digits");
    }
}

#[tokio::test]
async fn an_unknown_or_unallowed_paper_is_404() {
    let room = room(NetworkZone::Internal).await;
    // Allowed, but not in the store.
    let missing = Sha256::of(b"not downloaded yet");
    room.papers.set_allowed([
        (room.hash, Classification::Normal),
        (missing, Classification::Normal),
    ]);
    let reply = request(room.addr, "GET", &format!("/blobs/{missing}"), &[]).await;
    assert_eq!(reply.status, 404);

    // Neither allowed nor stored.
    let unknown = Sha256::of(b"unknown");
    let reply = request(room.addr, "GET", &format!("/blobs/{unknown}"), &[]).await;
    assert_eq!(reply.status, 404);

    // In the store, but no current meeting holds it.
    let old = room.store.put(b"last month's paper").expect("put");
    let reply = request(room.addr, "GET", &format!("/blobs/{old}"), &[]).await;
    assert_eq!(reply.status, 404);

    // Allowed no more once the meetings change.
    room.papers.set_allowed([]);
    let reply = request(room.addr, "GET", &room.path(), &[]).await;
    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn a_classified_paper_is_refused_in_an_internet_zone_room_only() {
    for (zone, status) in [(NetworkZone::Internet, 403), (NetworkZone::Internal, 200)] {
        let room = room(zone).await;
        for classification in [Classification::Confidential, Classification::Secret] {
            room.papers.set_allowed([(room.hash, classification)]);
            let reply = request(room.addr, "GET", &room.path(), &[]).await;
            assert_eq!(reply.status, status, "{classification:?} in {zone:?}");
            if status == 403 {
                assert_eq!(
                    reply.body,
                    b"classified papers are not served in an Internet-zone room"
                );
            } else {
                assert_eq!(reply.body, room.paper);
            }
        }
    }
}

#[tokio::test]
async fn the_shutdown_future_stops_the_server() {
    let mut room = room(NetworkZone::Internal).await;
    assert_eq!(request(room.addr, "GET", "/health", &[]).await.status, 200);

    room.shutdown
        .take()
        .expect("not shut down yet")
        .send(())
        .expect("the server is listening");
    tokio::time::timeout(DEADLINE, &mut room.server)
        .await
        .expect("the server stops in time")
        .expect("the server task did not panic")
        .expect("the server stopped cleanly");
    assert!(TcpStream::connect(room.addr).await.is_err());
}
