use central_standin::sample;
use ed25519_dalek::SigningKey;

use super::*;

const AGENDA: &[u8] = b"%PDF-1.7 chuong trinh";
const REPORT: &[u8] = b"%PDF-1.7 bao cao tinh hinh kinh te - xa hoi";

fn central_key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

/// A bundle of a two-paper meeting in a temp dir, and an empty blob store.
fn bundle() -> (tempfile::TempDir, PathBuf, MeetingPackage, BlobStore) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("bundle");
    let package = sample::package(
        "m1",
        "p301",
        &[("Chương trình", AGENDA), ("Báo cáo", REPORT)],
    );
    let papers = [AGENDA, REPORT].map(|b| (Sha256::of(b), b.to_vec()));
    write_bundle(&dir, &central_key(), &package, &papers).expect("bundle written");
    let blobs = BlobStore::open(tmp.path().join("blobs")).expect("blob store opens");
    (tmp, dir, package, blobs)
}

#[test]
fn a_written_bundle_imports_with_every_paper_verified() {
    let (_tmp, dir, package, blobs) = bundle();
    let report = import_bundle(&dir, &central_key().verifying_key(), &blobs).expect("import");
    assert_eq!(report.package, package);
    assert_eq!(report.documents_imported, 2);
    assert_eq!(report.bytes, (AGENDA.len() + REPORT.len()) as u64);
    assert_eq!(
        std::fs::read(dir.join(MEETING_FILE)).expect("meeting.json"),
        report.signed
    );
    for paper in [AGENDA, REPORT] {
        assert_eq!(
            std::fs::read(blobs.path(&Sha256::of(paper))).expect("stored"),
            paper
        );
    }

    let again = import_bundle(&dir, &central_key().verifying_key(), &blobs).expect("import again");
    assert_eq!((again.documents_imported, again.bytes), (0, 0));
}

#[test]
fn a_tampered_meeting_json_is_refused_by_its_signature() {
    let (_tmp, dir, _, blobs) = bundle();
    let path = dir.join(MEETING_FILE);
    let text = std::fs::read_to_string(&path).expect("meeting.json");
    std::fs::write(&path, text.replace("Báo cáo", "Bao cao")).expect("tamper");
    let err = import_bundle(&dir, &central_key().verifying_key(), &blobs).expect_err("tampered");
    assert!(
        matches!(
            err,
            BundleError::BadPackage {
                source: SignedError::BadSignature,
                ..
            }
        ),
        "{err}"
    );
    assert!(!blobs.contains(&Sha256::of(AGENDA)));
}

#[test]
fn a_bundle_signed_by_another_key_is_refused() {
    let (_tmp, dir, _, _) = bundle();
    let stranger = SigningKey::from_bytes(&[8; 32]).verifying_key();
    assert!(matches!(
        read_bundle(&dir, &stranger),
        Err(BundleError::BadPackage { .. })
    ));
}

#[test]
fn a_corrupted_paper_is_named_and_not_stored() {
    let (_tmp, dir, _, blobs) = bundle();
    let file = document_path(&dir, &Sha256::of(REPORT));
    std::fs::write(&file, b"%PDF-1.7 something else").expect("corrupt");
    let err =
        import_bundle(&dir, &central_key().verifying_key(), &blobs).expect_err("corrupt paper");
    let BundleError::Document {
        title, file: named, ..
    } = &err
    else {
        panic!("expected a paper error, got {err}");
    };
    assert_eq!((title.as_str(), named), ("Báo cáo", &file));
    assert!(err.to_string().contains("Báo cáo"));
    assert!(err.to_string().contains("does not match its hash"));
    assert!(!blobs.contains(&Sha256::of(REPORT)));
}

#[test]
fn a_missing_paper_is_named() {
    let (_tmp, dir, _, blobs) = bundle();
    std::fs::remove_file(document_path(&dir, &Sha256::of(AGENDA))).expect("remove");
    let err =
        import_bundle(&dir, &central_key().verifying_key(), &blobs).expect_err("missing paper");
    assert!(
        matches!(&err, BundleError::Document { title, .. } if title == "Chương trình"),
        "{err}"
    );
    assert!(err.to_string().contains("missing from the bundle"));
}

#[test]
fn writing_a_bundle_without_every_paper_is_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let package = sample::package(
        "m1",
        "p301",
        &[("Chương trình", AGENDA), ("Báo cáo", REPORT)],
    );
    let only_one = [(Sha256::of(AGENDA), AGENDA.to_vec())];
    let err =
        write_bundle(tmp.path(), &central_key(), &package, &only_one).expect_err("incomplete");
    assert!(matches!(err, BundleError::Inconsistent(_)), "{err}");
    let wrong = [
        (Sha256::of(AGENDA), AGENDA.to_vec()),
        (Sha256::of(REPORT), AGENDA.to_vec()),
    ];
    assert!(write_bundle(tmp.path(), &central_key(), &package, &wrong).is_err());
}
