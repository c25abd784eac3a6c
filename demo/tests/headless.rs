//! The headless demo, as `cargo xtask demo --headless` runs it: CI runs
//! the whole scripted meeting through this test.

use demo::bins::Bins;
use demo::script::{self, Options};
use protocol::tally::Outcome;

#[test]
fn the_headless_demo_runs_a_meeting_from_roll_call_to_uploaded_minutes() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let opts = Options {
        seats: 25,
        dir: dir.path().join("room"),
        screenshots: dir.path().join("screenshots"),
        bins: Bins {
            controller: tests::harness::room_controller(),
            console: None,
            kiosk: Some(tests::harness::workspace_bin("kiosk", "kiosk")),
        },
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let summary = runtime
        .block_on(script::run(&opts))
        .unwrap_or_else(|e| panic!("the demo failed: {e:?}"));

    assert_eq!(summary.members, 22);
    assert_eq!(summary.present, 20, "two members sent apologies");
    assert_eq!(summary.results.len(), 3);
    assert!(matches!(
        summary.results[0].outcome,
        Outcome::Motion { passed: true }
    ));
    match &summary.results[1].outcome {
        Outcome::Election { elected, .. } => assert_eq!(elected.len(), 2),
        other @ Outcome::Motion { .. } => panic!("the election ended as {other:?}"),
    }
    let minutes = summary.minutes.expect("the upload carries the minutes");
    assert!(minutes.starts_with(b"%PDF-"));
    assert!(summary.console_shots.len() >= 8);
    assert!(
        summary.seat_shots.len() >= 3,
        "the kiosk app wrote {:?}",
        summary.seat_shots
    );
    for shot in summary.console_shots.iter().chain(&summary.seat_shots) {
        let bytes = std::fs::read(shot).expect("the screenshot is there");
        assert!(bytes.starts_with(b"\x89PNG"), "{} is a PNG", shot.display());
    }
}
