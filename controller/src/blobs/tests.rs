use std::collections::HashSet;
use std::fs::{self, File};
use std::io::Read;
use std::time::{Duration, SystemTime};

use protocol::ids::Sha256;

use super::{BlobError, BlobStore};

fn store() -> (tempfile::TempDir, BlobStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = BlobStore::open(dir.path().join("blobs")).expect("open store");
    (dir, store)
}

fn read_blob(store: &BlobStore, hash: &Sha256) -> Vec<u8> {
    let mut out = Vec::new();
    store
        .open_read(hash)
        .expect("blob is there")
        .read_to_end(&mut out)
        .expect("read blob");
    out
}

/// Every file name in the store directory, sorted.
fn names(store: &BlobStore) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(store.dir())
        .expect("list store")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_blob_put_reads_back_under_its_hash() {
    let (_dir, store) = store();
    let hash = store.put(b"bao cao chinh tri").expect("put");
    assert_eq!(hash, Sha256::of(b"bao cao chinh tri"));
    assert!(store.contains(&hash));
    assert_eq!(store.size(&hash), Some(17));
    assert_eq!(read_blob(&store, &hash), b"bao cao chinh tri");
    assert_eq!(names(&store), vec![hash.to_hex()]);
    // Idempotent.
    assert_eq!(store.put(b"bao cao chinh tri").expect("put again"), hash);
    assert_eq!(names(&store), vec![hash.to_hex()]);
}

#[test]
fn a_missing_blob_is_not_found() {
    let (_dir, store) = store();
    let hash = Sha256::of(b"nowhere");
    assert!(!store.contains(&hash));
    assert_eq!(store.size(&hash), None);
    assert!(matches!(store.open_read(&hash), Err(BlobError::NotFound(h)) if h == hash));
}

#[test]
fn put_expected_refuses_wrong_bytes_and_leaves_nothing() {
    let (_dir, store) = store();
    let expected = Sha256::of(b"right");
    let err = store
        .put_expected(b"wrong", &expected)
        .expect_err("refused");
    assert!(matches!(
        err,
        BlobError::HashMismatch { expected: e, actual: a }
            if e == expected && a == Sha256::of(b"wrong")
    ));
    assert!(names(&store).is_empty());
    store
        .put_expected(b"right", &expected)
        .expect("right bytes");
    assert_eq!(read_blob(&store, &expected), b"right");
}

#[test]
fn an_imported_file_is_copied_and_verified() {
    let (dir, store) = store();
    let content: Vec<u8> = (0..=250u8).cycle().take(200_000).collect();
    let src = dir.path().join("paper.pdf");
    fs::write(&src, &content).expect("write source");
    let hash = Sha256::of(&content);

    assert_eq!(store.import_file(&src, &hash).expect("import"), 200_000);
    assert_eq!(read_blob(&store, &hash), content);
    // Importing again copies and checks again, and changes nothing.
    assert_eq!(
        store.import_file(&src, &hash).expect("import again"),
        200_000
    );
    assert_eq!(names(&store), vec![hash.to_hex()]);
}

#[test]
fn an_imported_file_with_the_wrong_hash_leaves_nothing() {
    let (dir, store) = store();
    let src = dir.path().join("paper.pdf");
    fs::write(&src, b"tampered").expect("write source");
    let expected = Sha256::of(b"original");
    let err = store.import_file(&src, &expected).expect_err("refused");
    assert!(matches!(err, BlobError::HashMismatch { .. }));
    assert!(names(&store).is_empty());
}

#[test]
fn a_download_resumes_after_the_store_is_reopened() {
    let (dir, store) = store();
    let content: Vec<u8> = (0..13u8).cycle().take(100_000).collect();
    let hash = Sha256::of(&content);
    let (first, rest) = content.split_at(40_000);

    assert_eq!(store.partial_len(&hash), 0);
    store
        .append_partial(&hash, first)
        .expect("append first half");
    drop(store);

    let store = BlobStore::open(dir.path().join("blobs")).expect("reopen");
    assert_eq!(store.partial_len(&hash), 40_000);
    assert!(!store.contains(&hash));
    store.append_partial(&hash, rest).expect("append the rest");
    store.finish_partial(&hash, 100_000).expect("finish");

    assert_eq!(store.partial_len(&hash), 0);
    assert_eq!(read_blob(&store, &hash), content);
    assert_eq!(names(&store), vec![hash.to_hex()]);
}

#[test]
fn a_finished_partial_with_wrong_content_is_refused_and_removed() {
    let (_dir, store) = store();
    let hash = Sha256::of(b"the real paper");
    store
        .append_partial(&hash, b"the fake paper")
        .expect("append");
    let err = store.finish_partial(&hash, 14).expect_err("refused");
    assert!(matches!(err, BlobError::HashMismatch { expected, .. } if expected == hash));
    assert_eq!(store.partial_len(&hash), 0);
    assert!(!store.contains(&hash));
    assert!(names(&store).is_empty());
}

#[test]
fn a_partial_of_the_wrong_size_is_refused_and_kept() {
    let (_dir, store) = store();
    let hash = Sha256::of(b"the real paper");
    store.append_partial(&hash, b"the real").expect("append");
    let err = store.finish_partial(&hash, 14).expect_err("too short");
    assert!(matches!(
        err,
        BlobError::SizeMismatch {
            expected: 14,
            actual: 8
        }
    ));
    assert_eq!(store.partial_len(&hash), 8);
    store
        .append_partial(&hash, b" paper")
        .expect("append the rest");
    store.finish_partial(&hash, 14).expect("finish");
    assert_eq!(read_blob(&store, &hash), b"the real paper");
}

#[test]
fn discarding_a_partial_starts_the_download_over() {
    let (_dir, store) = store();
    let hash = Sha256::of(b"paper");
    store.append_partial(&hash, b"pa").expect("append");
    store.discard_partial(&hash);
    assert_eq!(store.partial_len(&hash), 0);
    store.discard_partial(&hash); // Nothing to discard is fine.
}

#[test]
fn remove_except_keeps_only_what_it_should() {
    let (_dir, store) = store();
    let kept = store.put(b"kept").expect("put");
    let dropped = store.put(b"dropped, 16 byte").expect("put");
    let wanted = Sha256::of(b"wanted, still downloading");
    let unwanted = Sha256::of(b"unwanted");
    store.append_partial(&wanted, b"wanted").expect("append");
    store.append_partial(&unwanted, b"unwan").expect("append");
    // A partial left beside a blob that is already complete.
    store.append_partial(&kept, b"ke").expect("append");

    let stale = store.dir().join(format!("{}.1-1.tmp", unwanted.to_hex()));
    File::create(&stale)
        .expect("create stale temp")
        .set_modified(SystemTime::now() - Duration::from_hours(2))
        .expect("age it");
    let fresh = store.dir().join(format!("{}.1-2.tmp", unwanted.to_hex()));
    fs::write(&fresh, b"in flight").expect("create fresh temp");
    let foreign = store.dir().join("README");
    fs::write(&foreign, b"not ours").expect("create foreign file");

    let keep: HashSet<Sha256> = [kept, wanted].into_iter().collect();
    let freed = store.remove_except(&keep).expect("gc");

    assert_eq!(freed, 16 + 5 + 2);
    let mut expected = vec![
        kept.to_hex(),
        format!("{}.part", wanted.to_hex()),
        format!("{}.1-2.tmp", unwanted.to_hex()),
        "README".to_owned(),
    ];
    expected.sort();
    assert_eq!(names(&store), expected);
    assert!(!store.contains(&dropped));
}

#[test]
fn verify_all_finds_a_blob_corrupted_on_disk() {
    let (_dir, store) = store();
    let good = store.put(b"good paper").expect("put");
    let bad = store.put(b"bad paper").expect("put");
    assert_eq!(store.verify_all().expect("verify"), Vec::<Sha256>::new());

    fs::write(store.path(&bad), b"bad pap3r").expect("corrupt it");
    assert_eq!(store.verify_all().expect("verify"), vec![bad]);
    assert!(store.contains(&good));
}
