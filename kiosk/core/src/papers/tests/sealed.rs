//! Classified papers: sealed at rest under a key that lives in memory only.

use super::*;

/// Byte strings every PDF of `typeset::filler_pdf` carries in the clear.
const PLAINTEXT_MARKERS: [&[u8]; 3] = [b"%PDF-", b"/Type /Catalog", b"/Type /Page "];

fn assert_no_plaintext_on_disk(dir: &Path) {
    for (path, bytes) in files_under(dir) {
        for marker in PLAINTEXT_MARKERS {
            assert!(
                !contains(&bytes, marker),
                "{} holds the plaintext {:?}",
                path.display(),
                String::from_utf8_lossy(marker)
            );
        }
    }
}

#[tokio::test]
async fn a_classified_paper_is_sealed_on_disk_and_read_back_in_memory() {
    let secret = pdf(6);
    for marker in PLAINTEXT_MARKERS {
        assert!(contains(&secret, marker), "the test paper shows {marker:?}");
    }
    let server = Server::start(&[&secret]).await;
    let (dir, cache) = open_cache();
    let paper = doc(1, "Báo cáo mật", &secret, Classification::Secret);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");

    within(fetcher(&cache, &server.base).fetch(&paper))
        .await
        .expect("the paper arrives");

    assert_eq!(cache.status(&paper.sha256), PaperStatus::Ready);
    assert_eq!(blob_names(dir.path()), [format!("{}.sealed", paper.sha256)]);
    assert_no_plaintext_on_disk(dir.path());
    let PdfSource::Bytes(bytes) = cache.source(&paper.sha256).expect("readable") else {
        panic!("a classified paper is read from memory");
    };
    assert_eq!(*bytes, secret);
}

#[tokio::test]
async fn a_classified_download_cut_into_pieces_resumes_too() {
    let secret = pdf(60);
    let size = secret.len() as u64;
    let server = Server::start(&[&secret]).await;
    // Not a multiple of the sealed record size, so pieces end mid-record.
    server.standin.set_max_bytes_per_request(Some(50_000));
    let (dir, cache) = open_cache();
    let paper = doc(1, "Đề án nhân sự", &secret, Classification::Confidential);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");
    let fetcher = fetcher(&cache, &server.base);

    within(fetcher.fetch(&paper))
        .await
        .expect_err("cut after one piece");
    assert_eq!(
        cache.status(&paper.sha256),
        PaperStatus::Partial { have: 50_000, size }
    );
    assert_eq!(
        blob_names(dir.path()),
        [format!("{}.sealed.part", paper.sha256)]
    );
    assert_no_plaintext_on_disk(dir.path());

    let outcome = within(fetcher.prefetch()).await;
    assert!(
        matches!(outcome, PrefetchOutcome::Settled(p) if p.is_complete()),
        "{outcome:?}"
    );
    assert_eq!(read_source(&cache, &paper.sha256), secret);
    assert_eq!(
        server.standin.stats().document_bytes,
        size,
        "every byte served once"
    );
    assert_no_plaintext_on_disk(dir.path());
}

#[tokio::test]
async fn reopening_the_cache_forgets_the_key_so_a_sealed_paper_is_missing() {
    let (secret, open) = (pdf(3), pdf(2));
    let server = Server::start(&[&secret, &open]).await;
    let (dir, cache) = open_cache();
    let papers = [
        doc(1, "Báo cáo mật", &secret, Classification::Confidential),
        doc(2, "Chương trình", &open, Classification::Normal),
    ];
    cache.set_meeting(&meeting("m1"), &papers).expect("set");
    within(fetcher(&cache, &server.base).prefetch()).await;
    assert_eq!(cache.progress().ready, 2);
    drop(cache);

    let cache = PaperCache::open(dir.path()).expect("reopens");

    assert_eq!(cache.status(&papers[0].sha256), PaperStatus::Missing);
    assert!(matches!(
        cache.source(&papers[0].sha256),
        Err(PaperError::NotCached(_))
    ));
    assert_eq!(
        blob_names(dir.path()),
        [papers[1].sha256.to_hex()],
        "the sealed file is gone"
    );
    assert_eq!(cache.status(&papers[1].sha256), PaperStatus::Ready);
    // Fetched again, under the new key.
    within(fetcher(&cache, &server.base).prefetch()).await;
    assert_eq!(read_source(&cache, &papers[0].sha256), secret);
}

#[tokio::test]
async fn closing_a_meeting_erases_its_sealed_papers() {
    let (secret, open) = (pdf(3), pdf(2));
    let (dir, cache) = open_cache();
    let papers = [
        doc(1, "Báo cáo mật", &secret, Classification::Secret),
        doc(2, "Chương trình", &open, Classification::Normal),
    ];
    cache.set_meeting(&meeting("m1"), &papers).expect("set");
    cache.insert(&papers[0], &secret).expect("inserted");
    cache.insert(&papers[1], &open).expect("inserted");
    let mut meeting_watch = cache.meeting_watch();

    assert_eq!(cache.close_meeting(&meeting("m1")).expect("closed"), 1);

    assert_eq!(cache.status(&papers[0].sha256), PaperStatus::Missing);
    assert_eq!(blob_names(dir.path()), [papers[1].sha256.to_hex()]);
    assert_eq!(
        read_source(&cache, &papers[1].sha256),
        open,
        "unclassified papers stay"
    );
    assert_eq!(cache.current_meeting(), None);
    assert!(meeting_watch.has_changed().expect("alive"));
    assert_eq!(*meeting_watch.borrow_and_update(), None);
    // With no meeting holding a key, a classified paper cannot be stored.
    assert!(matches!(
        cache.insert(&papers[0], &secret),
        Err(PaperError::NoKey(_))
    ));
}

#[tokio::test]
async fn a_paper_any_meeting_classifies_is_never_kept_in_the_clear() {
    let paper_bytes = pdf(2);
    let (dir, cache) = open_cache();
    let as_open = doc(1, "Dự thảo", &paper_bytes, Classification::Normal);
    let as_secret = doc(
        7,
        "Dự thảo (mật)",
        &paper_bytes,
        Classification::Confidential,
    );
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&as_open))
        .expect("set m1");
    cache
        .insert(&as_open, &paper_bytes)
        .expect("inserted in the clear");
    assert_eq!(blob_names(dir.path()), [as_open.sha256.to_hex()]);

    cache
        .set_meeting(&meeting("m2"), std::slice::from_ref(&as_secret))
        .expect("set m2");

    assert!(
        blob_names(dir.path()).is_empty(),
        "the plain copy is deleted"
    );
    assert_eq!(cache.status(&as_open.sha256), PaperStatus::Missing);
    // Even stored as m1's unclassified paper, it is sealed now.
    cache.insert(&as_open, &paper_bytes).expect("inserted");
    assert_eq!(
        blob_names(dir.path()),
        [format!("{}.sealed", as_open.sha256)]
    );
    assert_eq!(read_source(&cache, &as_open.sha256), paper_bytes);
}

#[tokio::test]
async fn a_changed_sealed_file_is_not_read_and_is_deleted() {
    let secret = pdf(2);
    let (dir, cache) = open_cache();
    let paper = doc(1, "Báo cáo mật", &secret, Classification::Secret);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");
    cache.insert(&paper, &secret).expect("inserted");
    let path = dir
        .path()
        .join("blobs")
        .join(format!("{}.sealed", paper.sha256));
    let mut sealed = std::fs::read(&path).expect("the sealed file");
    let middle = sealed.len() / 2;
    sealed[middle] ^= 1;
    std::fs::write(&path, &sealed).expect("changed");

    let err = cache.source(&paper.sha256).expect_err("does not decrypt");

    assert!(matches!(err, PaperError::Unreadable(_)), "{err}");
    assert!(err.to_string().contains("\"Báo cáo mật\""), "{err}");
    assert!(!path.exists());
    assert_eq!(cache.status(&paper.sha256), PaperStatus::Missing);
}
