//! Against the room controller's own paper server (`controller::http`,
//! `/blobs`): what the kiosk meets in a room.

use ::controller::blobs::BlobStore;
use ::controller::http::{Papers, router, serve};
use protocol::meeting::NetworkZone;

use super::*;

/// A controller paper server for a room in `zone`, holding `papers` and
/// allowing those listed in `allowed`; returns its base URL.
async fn controller(
    dir: &Path,
    zone: NetworkZone,
    papers: &[&[u8]],
    allowed: &[&Document],
) -> String {
    let store = BlobStore::open(dir.join("controller-blobs")).expect("a blob store");
    for bytes in papers {
        store.put(bytes).expect("stored");
    }
    let server = Papers::new(store, zone);
    server.set_allowed(allowed.iter().map(|d| (d.sha256, d.classification)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let addr = listener.local_addr().expect("a bound address");
    tokio::spawn(serve(listener, router(server), std::future::pending()));
    format!("http://{addr}/blobs")
}

#[tokio::test]
async fn an_internet_zone_room_refuses_classified_papers_and_others_still_arrive() {
    let (open, secret, stale) = (pdf(2), pdf(3), pdf(4));
    let (dir, cache) = open_cache();
    let papers = [
        doc(1, "Chương trình", &open, Classification::Normal),
        doc(2, "Báo cáo mật", &secret, Classification::Confidential),
        doc(3, "Tài liệu kỳ họp trước", &stale, Classification::Normal),
    ];
    let base = controller(
        dir.path(),
        NetworkZone::Internet,
        &[&open, &secret, &stale],
        &[&papers[0], &papers[1]],
    )
    .await;
    cache.set_meeting(&meeting("m1"), &papers).expect("set");

    let outcome = within(fetcher(&cache, &base).prefetch()).await;

    assert!(
        matches!(outcome, PrefetchOutcome::Settled(p) if (p.ready, p.failed) == (1, 2)),
        "{outcome:?}"
    );
    assert_eq!(read_source(&cache, &papers[0].sha256), open);
    let reason = |d: &Document| match cache.status(&d.sha256) {
        PaperStatus::Failed { reason } => reason,
        other => panic!("{} should have failed: {other:?}", d.title),
    };
    assert!(
        reason(&papers[1]).contains("HTTP 403"),
        "{}",
        reason(&papers[1])
    );
    assert!(
        reason(&papers[2]).contains("HTTP 404"),
        "{}",
        reason(&papers[2])
    );
}

#[tokio::test]
async fn papers_resume_and_seal_against_an_internal_zone_room() {
    let (open, secret) = (pdf(9), pdf(5));
    let (dir, cache) = open_cache();
    let papers = [
        doc(1, "Chương trình", &open, Classification::Normal),
        doc(2, "Báo cáo tối mật", &secret, Classification::Secret),
    ];
    let base = controller(
        dir.path(),
        NetworkZone::Internal,
        &[&open, &secret],
        &[&papers[0], &papers[1]],
    )
    .await;
    cache.set_meeting(&meeting("m1"), &papers).expect("set");
    drop(cache);
    // A download an earlier process left: the controller honours Range
    // with If-Range, and the paper completes from it.
    std::fs::write(
        dir.path()
            .join("blobs")
            .join(format!("{}.part", papers[0].sha256)),
        &open[..6000],
    )
    .expect("a part left behind");
    let cache = PaperCache::open(dir.path()).expect("reopens");

    let outcome = within(fetcher(&cache, &base).prefetch()).await;

    assert!(
        matches!(outcome, PrefetchOutcome::Settled(p) if p.is_complete()),
        "{outcome:?}"
    );
    assert_eq!(read_source(&cache, &papers[0].sha256), open);
    assert!(matches!(cache.source(&papers[1].sha256), Ok(PdfSource::Bytes(b)) if *b == secret));
}
