//! Papers travel over HTTP from the controller's blob store: a seat fetches
//! what its cache lacks, checks the hash, and resumes a cut download.

use anyhow::{Context, Result, ensure};
use protocol::ids::Sha256;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_RANGE, ETAG, RANGE};
use tests::{BrokerKind, TestRoom, fixture};

use super::{bin, explained};

// HTTP only: the broker plays no part, so one broker is enough.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seat_fetches_a_paper_from_the_controller_and_it_hashes_right() -> Result<()> {
    let mut room = TestRoom::new(BrokerKind::Embedded, 5, bin()).await?;
    room.start_controller()?;
    let r = fetch_papers(&room).await;
    explained(&room, r)
}

async fn fetch_papers(room: &TestRoom) -> Result<()> {
    controller::mqtt::install_ring_provider();
    let http = reqwest::Client::builder().build()?;
    let package = fixture::package(room.seats);
    ensure!(!package.documents.is_empty(), "the fixture has papers");
    for doc in &package.documents {
        let url = format!("http://{}/blobs/{}", room.http_addr, doc.sha256.to_hex());

        let whole = http.get(&url).send().await?;
        ensure_eq!(whole.status(), StatusCode::OK, "GET {url}");
        let etag = whole
            .headers()
            .get(ETAG)
            .context("no ETag")?
            .to_str()?
            .to_owned();
        ensure_eq!(
            etag,
            format!("\"{}\"", doc.sha256.to_hex()),
            "the ETag is the hash"
        );
        let bytes = whole.bytes().await?;
        ensure_eq!(bytes.len() as u64, doc.size, "{} size", doc.id);
        ensure_eq!(Sha256::of(&bytes), doc.sha256, "{} hash", doc.id);

        // A download cut after `cut` bytes resumes with a Range request.
        let cut = doc.size / 3;
        let head = http
            .get(&url)
            .header(RANGE, format!("bytes=0-{}", cut - 1))
            .send()
            .await?;
        ensure_eq!(head.status(), StatusCode::PARTIAL_CONTENT);
        let mut got = head.bytes().await?.to_vec();
        ensure_eq!(got.len() as u64, cut);
        let rest = http
            .get(&url)
            .header(RANGE, format!("bytes={cut}-"))
            .send()
            .await?;
        ensure_eq!(rest.status(), StatusCode::PARTIAL_CONTENT);
        ensure_eq!(
            rest.headers()
                .get(CONTENT_RANGE)
                .context("no Content-Range")?
                .to_str()?,
            format!("bytes {cut}-{}/{}", doc.size - 1, doc.size)
        );
        got.extend_from_slice(&rest.bytes().await?);
        ensure_eq!(Sha256::of(&got), doc.sha256, "{} resumed", doc.id);
    }

    // A hash the meeting does not hold is not served.
    let stranger = Sha256::of(b"not a paper of this meeting");
    let url = format!("http://{}/blobs/{}", room.http_addr, stranger.to_hex());
    ensure_eq!(http.get(&url).send().await?.status(), StatusCode::NOT_FOUND);
    Ok(())
}
