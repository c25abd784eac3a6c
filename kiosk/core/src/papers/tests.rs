//! Tests of the paper cache, against a real central stand-in (the same
//! paper API as the controller's `/blobs`) served on 127.0.0.1:0.

mod cache;
mod controller;
mod fetch;
mod sealed;

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use central_standin::{StandIn, sample};
use ed25519_dalek::SigningKey;
use protocol::ids::{DocumentId, MeetingId, Sha256};
use protocol::meeting::{Classification, Document};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::sync::oneshot;

use super::*;

/// The longest any test waits for something to happen.
const DEADLINE: Duration = Duration::from_secs(30);

/// A real PDF of `pages` pages (about 2.2 KB a page).
fn pdf(pages: u32) -> Vec<u8> {
    typeset::filler_pdf(pages)
}

fn meeting(id: &str) -> MeetingId {
    MeetingId::new(id).expect("a valid meeting id")
}

/// A manifest entry for `bytes`.
fn doc(n: u32, title: &str, bytes: &[u8], classification: Classification) -> Document {
    Document {
        id: DocumentId::new(format!("doc-{n}")).expect("a valid document id"),
        title: title.to_owned(),
        sha256: Sha256::of(bytes),
        size: bytes.len() as u64,
        media_type: "application/pdf".into(),
        classification,
        item: None,
    }
}

/// A stand-in central system serving `papers`, on a free port.
struct Server {
    standin: StandIn,
    /// `http://127.0.0.1:port/api/v1/documents`
    base: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Server {
    async fn start(papers: &[&[u8]]) -> Self {
        let standin = StandIn::new(SigningKey::from_bytes(&[7; 32]));
        let named: Vec<(&str, &[u8])> = papers.iter().map(|p| ("giấy tờ", *p)).collect();
        standin
            .add_meeting(
                sample::package("m1", "p301", &named),
                papers.iter().map(|p| p.to_vec()).collect(),
            )
            .expect("the papers match the package");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let addr = listener.local_addr().expect("a bound address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(standin.clone().serve(listener, async move {
            let _ = stopped.await;
        }));
        Self {
            standin,
            base: format!("http://{addr}/api/v1/documents"),
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops serving and waits until the server is gone.
    async fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            within(task)
                .await
                .expect("the server task ends")
                .expect("the server ends cleanly");
        }
    }
}

/// A cache in a fresh temporary directory.
fn open_cache() -> (tempfile::TempDir, PaperCache) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let cache = PaperCache::open(dir.path()).expect("the cache opens");
    (dir, cache)
}

/// A fetcher with short waits, so retries do not slow the tests.
fn fetcher(cache: &PaperCache, base: &str) -> Fetcher {
    Fetcher::new(
        cache,
        base,
        FetchConfig {
            timeout: Duration::from_secs(10),
            first_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(20),
        },
    )
    .expect("the fetcher builds")
}

/// Awaits `f`, failing the test after [`DEADLINE`].
async fn within<T>(f: impl Future<Output = T>) -> T {
    tokio::time::timeout(DEADLINE, f)
        .await
        .expect("finished before the deadline")
}

/// Waits until `cond` holds, checking every few milliseconds, failing the
/// test after [`DEADLINE`].
async fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Every file under `dir` (recursively) with its bytes.
fn files_under(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a readable directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            let bytes = std::fs::read(&path).expect("a readable file");
            out.push((path, bytes));
        }
    }
    out
}

/// The names of the files in the cache's blob directory, sorted.
fn blob_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("blobs"))
        .expect("the blob directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The bytes `source` gives for a paper (reading the file for a plain one).
fn read_source(cache: &PaperCache, sha: &Sha256) -> Vec<u8> {
    match cache.source(sha).expect("the paper is readable") {
        PdfSource::File(path) => std::fs::read(path).expect("the paper's file"),
        PdfSource::Bytes(bytes) => bytes.to_vec(),
    }
}

/// A server that answers every request with the bytes `respond` makes from
/// the request's `Range` start (if any), then closes the connection: for
/// answers the stand-in will not give. Counts requests.
async fn raw_server(
    respond: impl Fn(Option<u64>) -> Vec<u8> + Send + Sync + 'static,
) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let addr = listener.local_addr().expect("a bound address");
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    let respond = Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let respond = Arc::clone(&respond);
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !contains(&head, b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
                let start = head
                    .lines()
                    .find_map(|l| l.strip_prefix("range: bytes="))
                    .and_then(|r| r.split('-').next())
                    .and_then(|n| n.trim().parse().ok());
                let _ = socket.write_all(&respond(start)).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{addr}/blobs"), requests)
}

/// An HTTP/1.1 response head and body.
fn http_response(status: &str, headers: &[String], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}
