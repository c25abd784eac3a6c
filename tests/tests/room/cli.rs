//! The `controller` command line: import, sync, status, report, audit, keygen.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, ensure};
use protocol::ballot::MotionChoice;
use protocol::message::{BallotRef, ConsoleCommand, Phase};
use tests::{BrokerKind, TestRoom, fixture};

use super::{
    WAIT, ballot_is_open, ballot_result, bin, explained, id, motion, receipt, signed_in_seats,
};

/// Where nothing listens: the room of an air-gapped building.
const NOWHERE: &str = "http://127.0.0.1:9";

/// Writes the fixture meeting as a bundle folder signed by the central key.
fn write_fixture_bundle(dir: &Path) -> Result<()> {
    controller::bundle::write_bundle(
        dir,
        &fixture::central_key(),
        &fixture::package(5),
        &fixture::papers_by_hash(),
    )?;
    Ok(())
}

fn paper_bytes() -> u64 {
    fixture::papers().iter().map(|(_, b)| b.len() as u64).sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bundle_imports_into_a_room_without_a_central_system_and_status_lists_it() -> Result<()> {
    let mut room = TestRoom::new(BrokerKind::Embedded, 5, bin()).await?;
    room.set_central_url(NOWHERE)?;
    let bundle = room.dir.path().join("usb");
    write_fixture_bundle(&bundle)?;
    let bundle_arg = bundle.to_str().context("a UTF-8 temp path")?;

    let out = room.controller_cmd(&["import", bundle_arg])?;
    let title = fixture::package(5).title;
    ensure_eq!(
        out.trim(),
        format!(
            "imported meeting {} \"{title}\": 2 papers ({} bytes)",
            fixture::MEETING,
            paper_bytes()
        )
    );
    let status = room.controller_cmd(&["status"])?;
    ensure!(
        status.contains(&format!(
            " * {} \"{title}\" starts 2026-11-23T08:00:00+07:00 (2 papers, 5 delegates, from bundle)",
            fixture::MEETING
        )),
        "status after the import:\n{status}"
    );
    // The same bundle again copies no paper twice.
    let again = room.controller_cmd(&["import", bundle_arg])?;
    ensure!(again.contains(": 0 papers (0 bytes)"), "{again}");
    Ok(())
}

/// Changes a written bundle: its folder, and the hash of its first paper.
type Tamper = fn(&Path, &protocol::ids::Sha256) -> Result<()>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_bundle_is_refused_and_nothing_is_imported() -> Result<()> {
    let first_paper = fixture::papers_by_hash()[0].0;
    let cases: [(&str, Tamper, &str); 3] = [
        (
            "a paper changed",
            |dir, paper| {
                let file = controller::bundle::document_path(dir, paper);
                let mut bytes = std::fs::read(&file)?;
                bytes[100] ^= 0x01;
                std::fs::write(file, bytes)?;
                Ok(())
            },
            "does not match its hash",
        ),
        (
            "a paper missing",
            |dir, paper| {
                Ok(std::fs::remove_file(controller::bundle::document_path(
                    dir, paper,
                ))?)
            },
            "missing from the bundle",
        ),
        (
            "the package changed after signing",
            |dir, _| {
                let file = dir.join(controller::bundle::MEETING_FILE);
                let text = std::fs::read_to_string(&file)?;
                let changed = text.replace("lần thứ 12", "lần thứ 13");
                ensure!(changed != text, "the title is not in meeting.json");
                std::fs::write(file, changed)?;
                Ok(())
            },
            "signature does not verify",
        ),
    ];
    for (name, tamper, says) in cases {
        let room = TestRoom::new(BrokerKind::Embedded, 5, bin()).await?;
        let bundle = room.dir.path().join("usb");
        write_fixture_bundle(&bundle)?;
        tamper(&bundle, &first_paper).context(name)?;
        let said = room
            .controller_fails(&["import", bundle.to_str().context("a UTF-8 temp path")?])
            .context(name)?;
        ensure!(said.contains(says), "{name}: import said\n{said}");
        let status = room.controller_cmd(&["status"])?;
        ensure!(
            status.contains("meetings: 0"),
            "{name}: status after a refused import:\n{status}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_sync_moves_no_paper_bytes() -> Result<()> {
    let room = TestRoom::new(BrokerKind::Embedded, 5, bin()).await?;
    let first = room.controller_cmd(&["sync"])?;
    ensure_eq!(
        first.trim(),
        format!(
            "1 meetings: 1 updated, 0 unchanged, 0 failed; {} paper bytes moved",
            paper_bytes()
        )
    );
    let served = room.standin.stats();
    ensure_eq!(served.document_bytes, paper_bytes());

    let second = room.controller_cmd(&["sync"])?;
    ensure_eq!(
        second.trim(),
        "1 meetings: 0 updated, 1 unchanged, 0 failed; 0 paper bytes moved"
    );
    let now = room.standin.stats();
    ensure_eq!(
        now.document_bytes,
        served.document_bytes,
        "paper bytes served"
    );
    ensure_eq!(now.not_modified, served.not_modified + 1, "304 answers");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_as_json_lists_the_meeting_its_papers_and_the_last_sync() -> Result<()> {
    let room = TestRoom::new(BrokerKind::Embedded, 5, bin()).await?;
    room.controller_cmd(&["sync"])?;
    let out = room.controller_cmd(&["status", "--format", "json"])?;
    let status: serde_json::Value =
        serde_json::from_str(&out).with_context(|| format!("status is not JSON:\n{out}"))?;
    ensure_eq!(status["room"], fixture::ROOM);
    let meetings = status["meetings"]
        .as_array()
        .with_context(|| format!("no meetings array: {status}"))?;
    ensure_eq!(meetings.len(), 1);
    ensure_eq!(meetings[0]["id"], fixture::MEETING);
    ensure_eq!(meetings[0]["documents"], 2);
    ensure_eq!(meetings[0]["delegates"], 5);
    ensure_eq!(meetings[0]["source"], "central");
    ensure_eq!(status["recent_syncs"][0]["ok"], true);
    ensure_eq!(status["recent_syncs"][0]["bytes"], paper_bytes());
    Ok(())
}

/// The UTC day (`YYYY-MM-DD`) of a time in milliseconds since the epoch
/// (Howard Hinnant's civil-from-days).
fn utc_day(ms: i64) -> String {
    let z = ms.div_euclid(86_400_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

const DAY_MS: i64 = 86_400_000;

#[test]
fn utc_days_are_computed_like_the_calendar() {
    assert_eq!(utc_day(0), "1970-01-01");
    assert_eq!(utc_day(1_795_305_600_000), "2026-11-22");
    assert_eq!(utc_day(1_709_164_800_000 + DAY_MS - 1), "2024-02-29");
    assert_eq!(utc_day(1_709_164_800_000 + DAY_MS), "2024-03-01");
}

/// Holds a short meeting in `room`: everyone signs in, one motion with five
/// votes, the meeting closes; then the controller stops. Returns the UTC
/// days the meeting may have opened in (one, unless midnight passed).
async fn hold_a_short_meeting(room: &mut TestRoom) -> Result<(i64, i64)> {
    let before = controller::engine::clock().0;
    room.start_controller()?;
    let mut console = room.console().await?;
    let mut seats = signed_in_seats(room).await?;
    console.command(ConsoleCommand::OpenSession).await?;
    let after = controller::engine::clock().0;
    console
        .command(ConsoleCommand::OpenBallot {
            ballot: BallotRef::Prepared(id("m1")),
        })
        .await?;
    for (i, seat) in seats.iter_mut().enumerate() {
        ballot_is_open(seat, "m1").await?;
        let reply = seat
            .vote(
                &id("m1"),
                &id(&format!("m1-v{i}")),
                &motion(MotionChoice::For),
            )
            .await?;
        receipt(&reply)?;
    }
    console
        .command(ConsoleCommand::CloseBallot { ballot: id("m1") })
        .await?;
    ballot_result(&mut console, "m1").await?;
    console.command(ConsoleCommand::CloseMeeting).await?;
    console
        .wait_state(WAIT, |s| s.phase == Phase::Closed)
        .await?;
    room.stop_controller()?;
    Ok((before, after))
}

on_both_brokers!(
    the_usage_report_lists_a_held_meeting_with_attendance_ballots_and_votes,
    usage_report
);

async fn usage_report(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 5, bin()).await?;
    let r = async {
        let (before, after) = hold_a_short_meeting(&mut room).await?;
        let (from, to) = (utc_day(before), utc_day(after + DAY_MS));
        let csv =
            room.controller_cmd(&["report", "--from", &from, "--to", &to, "--format", "csv"])?;
        let row = csv
            .lines()
            .find(|l| l.starts_with(&format!("{},", fixture::MEETING)))
            .with_context(|| format!("the report from {from} to {to} lacks the meeting:\n{csv}"))?;
        // meeting,title,opened_at,closed_at,members,attended,ballots_held,votes_recorded,comments
        let tail: Vec<&str> = row.rsplitn(6, ',').take(5).collect();
        ensure_eq!(
            tail,
            vec!["0", "5", "1", "5", "5"],
            "comments, votes, ballots, attended, members in {row:?}"
        );
        // The day after holds no meeting.
        let (next, next_to) = (utc_day(after + DAY_MS), utc_day(after + 2 * DAY_MS));
        let later = room.controller_cmd(&[
            "report", "--from", &next, "--to", &next_to, "--format", "csv",
        ])?;
        ensure!(
            !later.contains(fixture::MEETING),
            "the report from {next} to {next_to} lists today's meeting:\n{later}"
        );
        Ok(())
    }
    .await;
    explained(&room, r)
}

on_both_brokers!(
    audit_verify_passes_on_a_used_database_and_names_a_changed_row,
    audit_verify
);

async fn audit_verify(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 5, bin()).await?;
    let r = async {
        hold_a_short_meeting(&mut room).await?;
        let ok = room.controller_cmd(&["audit", "verify"])?;
        ensure!(ok.starts_with("audit log intact: "), "{ok}");

        // Someone edits a row while the controller is stopped.
        let db = rusqlite::Connection::open(room.db_path())?;
        let changed = db.execute("UPDATE audit SET detail = 'x' WHERE seq = 2", [])?;
        ensure_eq!(changed, 1, "audit rows changed");
        drop(db);

        let out = room.controller_output(&["audit", "verify"])?;
        ensure!(
            !out.success(),
            "audit verify passed a changed row: {}",
            out.stdout
        );
        ensure!(
            out.stderr.contains("row 2") && out.stderr.contains("changed"),
            "audit verify did not name the changed row:\n{}",
            out.stderr
        );
        Ok(())
    }
    .await;
    explained(&room, r)
}

#[test]
fn keygen_writes_a_key_and_refuses_to_overwrite_it() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("seat.key");
    let keygen = || {
        Command::new(bin())
            .arg("keygen")
            .arg(&path)
            .output()
            .context("cannot run the controller")
    };
    let out = keygen()?;
    ensure!(out.status.success(), "keygen failed: {out:?}");
    let public = String::from_utf8(out.stdout)?.trim().to_owned();
    let seed_hex = std::fs::read_to_string(&path)?;
    let seed: [u8; 32] = hex::decode(seed_hex.trim())?
        .try_into()
        .map_err(|b: Vec<u8>| anyhow::anyhow!("the key file holds {} bytes, not 32", b.len()))?;
    ensure_eq!(
        public,
        hex::encode(
            ed25519_dalek::SigningKey::from_bytes(&seed)
                .verifying_key()
                .as_bytes()
        ),
        "the printed public key is the key file's"
    );

    let again = keygen()?;
    ensure!(!again.status.success(), "keygen overwrote {path:?}");
    let said = String::from_utf8_lossy(&again.stderr);
    ensure!(said.contains("refusing to overwrite"), "{said}");
    ensure_eq!(
        std::fs::read_to_string(&path)?,
        seed_hex,
        "the key file is unchanged"
    );
    Ok(())
}
