//! The cache without a network: inserts, eviction, tidying at open, the index.

use super::*;

#[test]
fn an_insert_checks_size_and_hash() {
    let bytes = pdf(1);
    let (dir, cache) = open_cache();
    let paper = doc(1, "Chương trình", &bytes, Classification::Normal);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");

    let short = cache.insert(&paper, &bytes[1..]).expect_err("too short");
    assert!(matches!(short, PaperError::SizeMismatch { .. }), "{short}");
    let mut changed = bytes.clone();
    changed[10] ^= 1;
    let bad = cache.insert(&paper, &changed).expect_err("another hash");
    assert!(matches!(bad, PaperError::HashMismatch { .. }), "{bad}");
    assert!(bad.to_string().contains("\"Chương trình\""), "{bad}");
    assert!(blob_names(dir.path()).is_empty());

    cache.insert(&paper, &bytes).expect("inserted");
    assert_eq!(read_source(&cache, &paper.sha256), bytes);
}

#[test]
fn evict_keeps_papers_a_kept_meeting_shares() {
    let (shared, only_old, only_new) = (pdf(1), pdf(2), pdf(3));
    let (dir, cache) = open_cache();
    let shared_doc = doc(1, "Quy chế làm việc", &shared, Classification::Normal);
    let old_doc = doc(2, "Báo cáo quý I", &only_old, Classification::Normal);
    let new_doc = doc(3, "Báo cáo quý II", &only_new, Classification::Normal);
    let other_doc = doc(4, "Kỳ họp khác", &pdf(4), Classification::Normal);
    cache
        .set_meeting(&meeting("q1"), &[shared_doc.clone(), old_doc.clone()])
        .expect("set q1");
    cache.insert(&shared_doc, &shared).expect("inserted");
    cache.insert(&old_doc, &only_old).expect("inserted");
    cache
        .set_meeting(&meeting("other"), std::slice::from_ref(&other_doc))
        .expect("set other");
    cache
        .set_meeting(&meeting("q2"), &[shared_doc.clone(), new_doc.clone()])
        .expect("set q2");
    cache.insert(&new_doc, &only_new).expect("inserted");
    assert_eq!(cache.meetings().expect("meetings").len(), 3);

    let report = cache.evict(&[meeting("other")]).expect("evicted");

    assert_eq!(
        report,
        EvictReport {
            meetings: 1,
            papers: 1,
            bytes: only_old.len() as u64,
        }
    );
    assert_eq!(
        cache.meetings().expect("meetings"),
        [meeting("other"), meeting("q2")]
    );
    assert_eq!(cache.status(&old_doc.sha256), PaperStatus::Missing);
    assert_eq!(cache.status(&shared_doc.sha256), PaperStatus::Ready);
    assert_eq!(cache.status(&new_doc.sha256), PaperStatus::Ready);
    let mut expected = vec![shared_doc.sha256.to_hex(), new_doc.sha256.to_hex()];
    expected.sort();
    assert_eq!(blob_names(dir.path()), expected);
}

#[test]
fn opening_the_cache_removes_stray_files_and_keeps_resumable_downloads() {
    let bytes = pdf(2);
    let dir = tempfile::tempdir().expect("a temp dir");
    let paper = doc(1, "Báo cáo", &bytes, Classification::Normal);
    let stranger = Sha256::of(b"no meeting lists this");
    {
        let cache = PaperCache::open(dir.path()).expect("opens");
        cache
            .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
            .expect("set");
    }
    let blobs = dir.path().join("blobs");
    let write =
        |name: String, bytes: &[u8]| std::fs::write(blobs.join(name), bytes).expect("written");
    write(format!("{}.part", paper.sha256), &bytes[..1000]);
    write(format!("{stranger}.part"), b"half of something");
    write(
        format!("{stranger}.sealed"),
        b"sealed under a key long gone",
    );
    write(format!("{}.sealed.part", paper.sha256), b"sealed, half");
    write(
        format!("{}.123-4.tmp", paper.sha256),
        b"an insert cut by a crash",
    );
    write("notes.txt".to_owned(), b"not ours");

    let cache = PaperCache::open(dir.path()).expect("reopens");

    assert_eq!(blob_names(dir.path()), [format!("{}.part", paper.sha256)]);
    assert_eq!(
        cache.status(&paper.sha256),
        PaperStatus::Partial {
            have: 1000,
            size: paper.size
        }
    );
    assert_eq!(cache.progress().bytes_ready, 1000);
}

#[tokio::test]
async fn a_download_resumes_from_what_an_earlier_process_left() {
    let bytes = pdf(8);
    let server = Server::start(&[&bytes]).await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let paper = doc(1, "Báo cáo", &bytes, Classification::Normal);
    {
        let cache = PaperCache::open(dir.path()).expect("opens");
        cache
            .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
            .expect("set");
    }
    std::fs::write(
        dir.path()
            .join("blobs")
            .join(format!("{}.part", paper.sha256)),
        &bytes[..7000],
    )
    .expect("a part left behind");
    let cache = PaperCache::open(dir.path()).expect("reopens");

    within(fetcher(&cache, &server.base).fetch(&paper))
        .await
        .expect("fetched");

    assert_eq!(
        server.standin.stats().document_bytes,
        bytes.len() as u64 - 7000
    );
    assert_eq!(read_source(&cache, &paper.sha256), bytes);
}

#[test]
fn the_index_is_migrated_and_reading_a_paper_notes_the_time() {
    let bytes = pdf(1);
    let (_dir, cache) = open_cache();
    let paper = doc(1, "Chương trình", &bytes, Classification::Normal);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");
    cache.insert(&paper, &bytes).expect("inserted");
    assert_eq!(cache.index().schema_version().expect("version"), 1);
    assert_eq!(cache.index().last_used(&paper.sha256).expect("read"), None);

    let before = link::clock();
    cache.source(&paper.sha256).expect("readable");

    let used = cache.index().last_used(&paper.sha256).expect("read");
    assert!(used.is_some_and(|t| t >= before), "{used:?}");
}

#[test]
fn a_paper_listed_twice_counts_once_and_setting_a_meeting_again_keeps_it() {
    let bytes = pdf(1);
    let (_dir, cache) = open_cache();
    let papers = [
        doc(1, "Quy chế", &bytes, Classification::Normal),
        doc(2, "Quy chế (bản cho mục 2)", &bytes, Classification::Normal),
    ];
    cache.set_meeting(&meeting("m1"), &papers).expect("set");
    cache.insert(&papers[0], &bytes).expect("inserted");
    assert_eq!(
        cache.progress(),
        SyncProgress {
            ready: 1,
            total: 1,
            bytes_ready: bytes.len() as u64,
            bytes_total: bytes.len() as u64,
            failed: 0,
        }
    );

    cache
        .set_meeting(&meeting("m1"), &papers)
        .expect("the same manifest again");
    assert_eq!(cache.status(&papers[0].sha256), PaperStatus::Ready);
}

#[test]
fn a_cache_from_a_newer_kiosk_is_refused() {
    let dir = tempfile::tempdir().expect("a temp dir");
    drop(PaperCache::open(dir.path()).expect("opens"));
    let db = rusqlite::Connection::open(dir.path().join("papers.db")).expect("the index");
    db.pragma_update(None, "user_version", 99).expect("set");
    drop(db);

    let err = PaperCache::open(dir.path()).expect_err("newer schema");

    assert!(
        matches!(err, PaperError::NewerSchema { found: 99, .. }),
        "{err}"
    );
}
