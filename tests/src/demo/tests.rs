use std::collections::{BTreeMap, BTreeSet};

use ed25519_dalek::SigningKey;
use kiosk_core::render::{DEFAULT_BUDGET_BYTES, Renderer};
use protocol::ballot::{BallotKind, MajorityRule};
use protocol::meeting::{Classification, DelegateRole, NetworkZone};

use super::*;

/// The test PDF writer gives each paper at most this many non-ASCII characters.
fn public_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().as_bytes())
}

/// Whether `code` has the shape of a mã định danh: `000.00.00.H65`.
fn is_unit_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    parts.len() == 4
        && digits(parts[0], 3)
        && digits(parts[1], 2)
        && digits(parts[2], 2)
        && parts[3].len() == 3
        && parts[3].as_bytes()[0].is_ascii_uppercase()
        && digits(&parts[3][1..], 2)
}

#[test]
fn the_generator_is_deterministic() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let first = bundle();
    write(dir.path(), &first).expect("the bundle is written");
    let second = bundle();
    assert_eq!(bundle_files(&first), bundle_files(&second));
    let differences = differences(dir.path(), &second).expect("the bundle is read");
    assert!(differences.is_empty(), "{differences:#?}");
}

#[test]
fn the_committed_bundle_is_up_to_date() {
    let dir = workspace_root().join(BUNDLE_DIR);
    let differences = differences(&dir, &bundle()).expect("the committed bundle is read");
    assert!(
        differences.is_empty(),
        "{} is stale; regenerate it with `cargo xtask demo-bundle`:\n{}",
        dir.display(),
        differences.join("\n")
    );
}

#[test]
fn writing_over_an_older_bundle_removes_its_stale_papers() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let stale = dir
        .path()
        .join(controller::bundle::DOCUMENTS_DIR)
        .join(Sha256::of(b"an older paper").to_hex());
    std::fs::create_dir_all(stale.parent().expect("a parent")).expect("documents/ is made");
    std::fs::write(&stale, b"an older paper").expect("the stale paper is written");
    let b = bundle();
    assert_eq!(
        differences(dir.path(), &b).expect("read").len(),
        b.documents.len() + 2
    );
    write(dir.path(), &b).expect("the bundle is written");
    assert!(!stale.exists());
    assert_eq!(
        differences(dir.path(), &b).expect("read"),
        Vec::<String>::new()
    );
}

#[test]
fn the_package_validates_and_has_the_shapes_the_demo_needs() {
    let b = bundle();
    let p = &b.package;
    p.validate().expect("the demo package validates");
    assert_eq!(p.room.as_str(), ROOM);
    assert_eq!(p.id.as_str(), MEETING);
    assert_eq!(p.network_zone, NetworkZone::Internal);
    assert!(
        (4..=5).contains(&p.agenda.len()),
        "{} items",
        p.agenda.len()
    );

    let papers = papers();
    assert!(papers.len() >= 6);
    let pages: Vec<usize> = papers.iter().map(|p| p.pages.len()).collect();
    assert!(pages.iter().any(|&n| n >= 100), "pages: {pages:?}");
    assert!(pages.iter().any(|&n| n <= 4), "pages: {pages:?}");
    let classes: Vec<Classification> = p.documents.iter().map(|d| d.classification).collect();
    assert!(classes.contains(&Classification::Confidential));
    assert!(classes.contains(&Classification::Secret));
    assert!(
        p.documents
            .iter()
            .all(|d| d.item.is_some() || d.id.as_str() == "chuong-trinh")
    );

    assert_eq!(p.delegates.len(), DELEGATES as usize);
    assert!(p.delegates.len() >= 20);
    assert_eq!(p.member_count(), MEMBERS);
    let chairs: Vec<_> = p
        .delegates
        .iter()
        .filter(|d| d.role == DelegateRole::Chair)
        .collect();
    assert_eq!(chairs.len(), 1);
    assert!(p.delegates.iter().any(|d| d.role == DelegateRole::Observer));
    for (n, d) in (1..).zip(&p.delegates) {
        assert!(
            is_unit_code(&d.unit_code),
            "{}: {}",
            d.full_name,
            d.unit_code
        );
        assert!(!d.unit_name.is_empty());
        assert_eq!(d.seat, seat_id(n));
        assert_eq!(d.card_hash, Some(card_hash(&card_uid(n))));
        assert_eq!(d.pin_hash, Some(pin_hash(&p.id, &d.id, &pin(n))));
    }
    let names: BTreeSet<&str> = p.delegates.iter().map(|d| d.full_name.as_str()).collect();
    assert_eq!(names.len(), p.delegates.len(), "names are distinct");

    let motion = p
        .ballots
        .iter()
        .find(|b| b.id.as_str() == MOTION)
        .expect("the motion");
    assert_eq!(motion.kind, BallotKind::Motion);
    assert!(!motion.secret);
    assert_eq!(motion.majority, MajorityRule::MoreThanHalfOfMembers);
    let election = p
        .ballots
        .iter()
        .find(|b| b.id.as_str() == ELECTION)
        .expect("the election");
    assert!(election.secret);
    match &election.kind {
        BallotKind::Election {
            candidates,
            max_choices,
        } => {
            assert_eq!((candidates.len(), *max_choices), (4, 2));
            for c in candidates {
                let d = p.delegates.iter().find(|d| d.full_name == c.full_name);
                assert!(
                    d.is_some_and(|d| d.role.is_member()),
                    "{} is a member",
                    c.full_name
                );
            }
        }
        BallotKind::Motion => panic!("the election is a motion"),
    }
}

#[test]
fn every_paper_is_composed_text_the_pdf_writer_draws_without_shaping() {
    for paper in papers() {
        let bad: BTreeSet<char> = paper
            .pages
            .iter()
            .flatten()
            .flat_map(|l| l.chars())
            // The writer does no shaping: combining marks would float apart
            // from their letters, so the text must be composed (NFC).
            .filter(|c| ('\u{300}'..='\u{36f}').contains(c))
            .collect();
        assert!(bad.is_empty(), "{}: combining marks {bad:?}", paper.id);
    }
}

/// Lines shorter than this may recur in prose (the tail of a wrapped
/// sentence, "hoạch năm."); longer ones may not, and in the long annex no
/// line may.
const SHORT_LINE: usize = 32;

#[test]
fn no_paper_repeats_a_line_and_every_line_fits_its_page() {
    for paper in papers() {
        let long_paper = paper.pages.len() >= 100;
        let mut seen = BTreeMap::new();
        for (p, page) in paper.pages.iter().enumerate() {
            assert!(
                page.len() <= 1 + layout::BODY_LINES,
                "{} page {}",
                paper.id,
                p + 1
            );
            for (i, line) in page.iter().enumerate() {
                assert!(
                    layout::fits(i, line),
                    "{} page {} line {i} is too wide: {line:?}",
                    paper.id,
                    p + 1
                );
                let text = line.trim();
                if text.is_empty() || (!long_paper && text.chars().count() < SHORT_LINE) {
                    continue;
                }
                if let Some(first) = seen.insert(text.to_owned(), p + 1) {
                    panic!(
                        "{} repeats {text:?} (pages {first} and {})",
                        paper.id,
                        p + 1
                    );
                }
            }
        }
    }
}

#[test]
fn the_demo_keys_are_the_published_ones() {
    assert_eq!(public_hex(&central_key()), CENTRAL_PUBLIC_KEY);
    assert_eq!(public_hex(&controller_key()), CONTROLLER_PUBLIC_KEY);
    assert_eq!(public_hex(&console_key()), CONSOLE_PUBLIC_KEY);
    let mut all: BTreeSet<String> = (1..=DELEGATES).map(|n| public_hex(&seat_key(n))).collect();
    all.extend(
        [
            CENTRAL_PUBLIC_KEY,
            CONTROLLER_PUBLIC_KEY,
            CONSOLE_PUBLIC_KEY,
        ]
        .map(String::from),
    );
    assert_eq!(
        all.len(),
        DELEGATES as usize + 3,
        "every device has its own key"
    );
}

#[test]
fn the_devices_file_gives_the_controller_every_seat_and_the_console() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("devices.toml"), devices_toml()).expect("written");
    let config = dir.path().join("controller.toml");
    std::fs::write(
        &config,
        format!(
            "room = \"{ROOM}\"\ndevices_file = \"devices.toml\"\n\n[central]\npublic_key = \
             \"{CENTRAL_PUBLIC_KEY}\"\n"
        ),
    )
    .expect("written");
    let config = controller::config::Config::load(&config).expect("the config loads");
    assert_eq!(config.room_id().expect("a room id").as_str(), ROOM);
    assert!(config.central_key().expect("a key").is_some());
    let registry = config.registry().expect("the devices are valid");
    assert_eq!(registry.len(), DELEGATES as usize + 1);
}

#[test]
fn the_bundle_imports_into_a_controllers_paper_store() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let b = bundle();
    write(&dir.path().join("usb"), &b).expect("the bundle is written");
    let blobs = controller::blobs::BlobStore::open(dir.path().join("blobs")).expect("a store");
    let central = central_key().verifying_key();
    let report = controller::bundle::import_bundle(&dir.path().join("usb"), &central, &blobs)
        .expect("the demo bundle imports");
    assert_eq!(report.package, b.package);
    assert_eq!(report.documents_imported, b.documents.len());
    let total: u64 = b.documents.iter().map(|(_, d)| d.len() as u64).sum();
    assert_eq!(report.bytes, total);
    assert!(b.documents.iter().all(|(h, _)| blobs.contains(h)));
}

#[test]
fn the_longest_paper_opens_in_pdfium_with_all_its_pages_and_its_text_is_found() {
    let renderer = Renderer::start(None, DEFAULT_BUDGET_BYTES).unwrap_or_else(|err| {
        panic!("PDFium is needed to open the demo papers ({err}); run `cargo xtask setup`")
    });
    let longest = papers()
        .into_iter()
        .max_by_key(|p| p.pages.len())
        .expect("papers");
    let info = renderer
        .open(longest.id, longest.pdf())
        .expect("the paper opens");
    assert_eq!(info.pages as usize, longest.pages.len());
    assert!(info.pages >= 100);
    let hits = renderer
        .search(longest.id, "xã Tân Hòa")
        .expect("the paper is searched");
    assert!(!hits.is_empty(), "Vietnamese text is found in the paper");
}

#[test]
fn the_readme_gives_the_demos_room_keys_cards_and_pins() {
    let path = workspace_root().join("assets/demo/README.md");
    let readme = std::fs::read_to_string(&path).expect("assets/demo/README.md is read");
    let mut expected = vec![
        ROOM.to_owned(),
        CENTRAL_PUBLIC_KEY.to_owned(),
        CONTROLLER_PUBLIC_KEY.to_owned(),
        CONSOLE_PUBLIC_KEY.to_owned(),
    ];
    let package = bundle().package;
    for (n, d) in (1..).zip(&package.delegates) {
        expected.push(format!(
            "| {} | {} | {} |",
            seat_id(n),
            delegate_id(n),
            d.full_name
        ));
        expected.push(format!("| `{}` | `{}` |", hex::encode(card_uid(n)), pin(n)));
    }
    for text in expected {
        assert!(
            readme.contains(&text),
            "{} does not say {text:?}",
            path.display()
        );
    }
}
