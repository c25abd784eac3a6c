use protocol::ballot::{BallotKind, BallotSpec, Candidate, Choice, MajorityRule, QuorumRule};
use protocol::ids::{CandidateId, DelegateId, MeetingId, SeatId, Sha256, Timestamp, VoteId};
use protocol::meeting::{AgendaItem, Delegate, DelegateRole, MeetingPackage, NetworkZone};
use protocol::message::status::SyncCounts;
use protocol::room::Fact;

use super::*;

const T: Timestamp = Timestamp(1_764_000_000_000);

fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().expect("valid id")
}

fn package() -> MeetingPackage {
    MeetingPackage {
        id: id("mtg-1"),
        title: "Hội nghị".into(),
        starts_at: "2026-11-23T08:00:00+07:00".into(),
        room: id("p301"),
        network_zone: NetworkZone::Internal,
        agenda: vec![AgendaItem {
            id: id("i1"),
            title: "Khai mạc".into(),
            presenter: None,
        }],
        documents: vec![],
        delegates: vec![Delegate {
            id: id("d1"),
            full_name: "Nguyễn Văn A".into(),
            unit_name: "Văn phòng".into(),
            unit_code: "000.00.01.H01".into(),
            role: DelegateRole::Member,
            seat: id("s1"),
            card_hash: None,
            pin_hash: None,
        }],
        ballots: vec![],
    }
}

fn election() -> BallotSpec {
    BallotSpec {
        id: id("e1"),
        title: "Bầu".into(),
        item: None,
        kind: BallotKind::Election {
            candidates: vec![
                Candidate {
                    id: id("ca"),
                    full_name: "A".into(),
                    unit_name: String::new(),
                },
                Candidate {
                    id: id("cb"),
                    full_name: "B".into(),
                    unit_name: String::new(),
                },
            ],
            max_choices: 1,
        },
        secret: true,
        majority: MajorityRule::MoreThanHalfOfCast,
        quorum: QuorumRule::None,
        duration_secs: None,
        allow_change: false,
    }
}

fn keep(c: &str) -> Choice {
    Choice::Election([id::<CandidateId>(c)].into_iter().collect())
}

fn secret_vote(d: &str, c: &str) -> Vec<Fact> {
    vec![
        Fact::VoteRecorded {
            ballot: id("e1"),
            delegate: id::<DelegateId>(d),
            vote_id: id::<VoteId>(&format!("v-{d}")),
            receipt: Sha256::of(d.as_bytes()),
            choice: None,
            at: T,
        },
        Fact::SecretChoiceCounted {
            ballot: id("e1"),
            choice: keep(c),
        },
    ]
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn.query_row(sql, [], |r| r.get(0)).expect("query")
}

#[test]
fn opening_a_database_twice_migrates_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("controller.db");
    let store = Store::open(&path).expect("opens");
    assert_eq!(store.schema_version().expect("version"), 2);
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let sync: i64 = store
        .conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .expect("sync");
    assert_eq!(sync, 2, "synchronous = FULL");
    drop(store);
    let store = Store::open(&path).expect("opens again");
    assert_eq!(store.schema_version().expect("version"), 2);
}

#[test]
fn a_first_version_database_is_migrated_and_keeps_its_sync_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("controller.db");
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.execute_batch(MIGRATIONS[0]).expect("the first schema");
    conn.pragma_update(None, "user_version", 1)
        .expect("version 1");
    conn.execute(
        "INSERT INTO sync_log (at, ok, detail, bytes) VALUES (?1, 1, 'old pass', 7)",
        [T.0],
    )
    .expect("an old row");
    drop(conn);

    let mut store = Store::open(&path).expect("migrates");
    assert_eq!(store.schema_version().expect("version"), 2);
    let old = store.recent_syncs(1).expect("rows").remove(0);
    assert_eq!(
        (old.detail.as_str(), old.bytes, old.counts),
        ("old pass", 7, None)
    );

    let counts = SyncCounts {
        meetings: 2,
        updated: 1,
        unchanged: 0,
        failures: vec!["mtg-2: bad signature".into()],
    };
    store
        .record_sync(T.plus_millis(1), false, "2 meetings: …", 10, Some(&counts))
        .expect("recorded");
    let new = store.recent_syncs(1).expect("rows").remove(0);
    assert_eq!(new.counts, Some(counts));
    assert!(!new.ok);
}

#[test]
fn a_database_from_a_newer_controller_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("controller.db");
    drop(Store::open(&path).expect("opens"));
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    conn.pragma_update(None, "user_version", 99).expect("bump");
    drop(conn);
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::TooNew { found: 99, .. })
    ));
}

#[test]
fn a_saved_package_comes_back_with_its_etag_and_can_become_current() {
    let mut store = Store::open_in_memory().expect("opens");
    let p = package();
    store
        .save_package(&p, b"{signed}", Some("etag-1"), "central", T)
        .expect("saves");
    assert_eq!(store.package(&p.id).expect("reads"), Some(p.clone()));
    assert_eq!(
        store.package_etag(&p.id).expect("reads"),
        Some("etag-1".into())
    );
    assert_eq!(store.current_meeting().expect("reads"), None);
    store.set_current_meeting(&p.id, T).expect("sets");
    let rows = store.meetings().expect("lists");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].current);
    assert_eq!(rows[0].delegates, 1);
    // A newer version replaces the old in place.
    let mut p2 = p.clone();
    p2.title = "Hội nghị (sửa đổi)".into();
    store
        .save_package(&p2, b"{signed2}", Some("etag-2"), "central", T)
        .expect("saves");
    assert_eq!(store.meetings().expect("lists").len(), 1);
    assert_eq!(
        store.package(&p.id).expect("reads").map(|p| p.title),
        Some(p2.title)
    );
}

#[test]
fn committed_facts_come_back_in_order_with_secret_counts_after_them() {
    let mut store = Store::open_in_memory().expect("opens");
    let m: MeetingId = id("mtg-1");
    let opened = vec![
        Fact::SessionOpened { at: T },
        Fact::SignedIn {
            delegate: id("d1"),
            seat: id::<SeatId>("s1"),
            at: T,
        },
        Fact::BallotOpened {
            spec: election(),
            at: T,
            closes_at: None,
            secret_key: Some(Sha256([9; 32])),
        },
    ];
    store.commit_step(&m, &opened, 3, T).expect("commits");
    store
        .commit_step(&m, &secret_vote("d1", "cb"), 4, T)
        .expect("commits");
    store
        .commit_step(&m, &secret_vote("d2", "cb"), 5, T)
        .expect("commits");
    store
        .commit_step(&m, &secret_vote("d3", "ca"), 6, T)
        .expect("commits");
    let facts = store.load_facts(&m).expect("loads");
    assert_eq!(&facts[..3], &opened[..]);
    assert_eq!(facts.len(), 3 + 3 + 3);
    let counted: Vec<_> = facts
        .iter()
        .filter_map(|f| match f {
            Fact::SecretChoiceCounted { choice, .. } => Some(choice.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(counted, vec![keep("ca"), keep("cb"), keep("cb")]);
    assert_eq!(store.revision(&m).expect("reads"), 6);
    assert_eq!(store.fact_count(&m).expect("counts"), 6);
}

#[test]
fn no_table_links_a_delegate_to_a_secret_choice() {
    let mut store = Store::open_in_memory().expect("opens");
    let m: MeetingId = id("mtg-1");
    store
        .commit_step(&m, &secret_vote("d1", "cb"), 1, T)
        .expect("commits");
    // The choice is in the counters only, which name no delegate.
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM facts WHERE fact LIKE '%cb%'"),
        0
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM audit WHERE detail LIKE '%cb%'"
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM secret_counts WHERE choice LIKE '%cb%'"
        ),
        1
    );
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM audit WHERE action = 'vote-recorded'"
        ),
        1
    );
}

/// A store with five audit rows.
fn audited_store() -> Store {
    let mut store = Store::open_in_memory().expect("opens");
    for i in 0..5 {
        store
            .audit(T, "console", "notice-sent", &i.to_string())
            .expect("audits");
    }
    store
}

#[test]
fn an_untouched_audit_chain_verifies() {
    assert_eq!(audited_store().verify_audit().expect("intact").rows, 5);
}

#[test]
fn the_audit_chain_names_a_changed_a_removed_or_a_cut_row() {
    // (tampering, the row the check must name)
    let cases = [
        ("UPDATE audit SET detail = 'x' WHERE seq = 3", 3),
        ("DELETE FROM audit WHERE seq = 2", 2),
        ("DELETE FROM audit WHERE seq = 5", 5),
    ];
    for (sql, row) in cases {
        let store = audited_store();
        store.conn.execute(sql, []).expect("tamper");
        assert!(
            matches!(store.verify_audit(), Err(StoreError::AuditBroken { seq, .. }) if seq == row),
            "{sql}"
        );
    }
}

#[test]
fn an_upload_is_queued_once_and_stays_until_acked() {
    let mut store = Store::open_in_memory().expect("opens");
    let m: MeetingId = id("mtg-1");
    store.enqueue("k1", &m, b"body", T).expect("queues");
    store.enqueue("k1", &m, b"other", T).expect("queues again");
    let pending = store.pending_uploads().expect("lists");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].body, b"body");
    store
        .upload_failed("k1", "central system unreachable")
        .expect("notes");
    assert_eq!(store.pending_uploads().expect("lists")[0].attempts, 1);
    store.upload_acked("k1", T).expect("acks");
    assert!(store.pending_uploads().expect("lists").is_empty());
    assert_eq!(store.all_uploads().expect("lists")[0].attempts, 2);
}
