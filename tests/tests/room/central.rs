//! The central system misbehaves: down, lying or slow. A sync then fails
//! with a message that names the problem, the room keeps the package it
//! had, and the running session goes on.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use central_standin::{Lie, StandIn};
use protocol::ids::{DocumentId, Sha256};
use protocol::meeting::{Classification, Document, MeetingPackage};
use protocol::message::SeatReply;
use tests::{BrokerKind, TestRoom, fixture};

use super::{bin, explained, id};

/// The fixture meeting with a third paper, and the bytes of all three: a
/// room that has the fixture must fetch the package and download a paper.
fn with_a_third_paper(seats: u32) -> (MeetingPackage, Vec<Vec<u8>>) {
    let mut package = fixture::package(seats);
    let mut papers: Vec<Vec<u8>> = fixture::papers().into_iter().map(|(_, b)| b).collect();
    let third = fixture::fake_pdf("phu-luc", 12_000);
    package.documents.push(Document {
        id: id::<DocumentId>("doc3"),
        title: "Phụ lục số liệu".into(),
        sha256: Sha256::of(&third),
        size: third.len() as u64,
        media_type: "application/pdf".into(),
        classification: Classification::Normal,
        item: Some(id("i1")),
    });
    papers.push(third);
    (package, papers)
}

/// One way for the central system to misbehave, and what the failed sync must say.
struct Misbehaviour {
    name: &'static str,
    start: fn(&StandIn),
    says: &'static str,
}

const MISBEHAVIOURS: [Misbehaviour; 3] = [
    Misbehaviour {
        name: "central system down (HTTP 503)",
        start: |s| s.set_failure(Some(503)),
        says: "central system answered HTTP 503",
    },
    Misbehaviour {
        name: "package with a bad signature",
        start: |s| s.set_lie(Some(Lie::BadSignature)),
        says: "signature does not verify with the pinned key",
    },
    Misbehaviour {
        name: "paper whose bytes do not match its hash",
        start: |s| s.set_lie(Some(Lie::BadDocumentHash)),
        says: "do not match its hash",
    },
];

fn behave(standin: &StandIn) {
    standin.set_failure(None);
    standin.set_lie(None);
    standin.set_delay(Duration::ZERO);
}

on_both_brokers!(
    central_down_bad_signature_or_bad_hash_give_a_clear_error_and_keep_the_old_package,
    central_misbehaves
);

async fn central_misbehaves(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 5, bin()).await?;
    room.start_controller()?;
    let r = old_package_is_kept(&mut room).await;
    explained(&room, r)
}

/// Checks `controller status`: the fixture meeting with its two papers, and
/// the last sync failed naming `problem`.
fn status_keeps_the_old_package(room: &TestRoom, problem: &str) -> Result<()> {
    let status = room.controller_cmd(&["status"])?;
    ensure!(
        status.contains(&format!("{} \"", fixture::MEETING)) && status.contains("(2 papers, "),
        "status does not list the meeting with its 2 papers:\n{status}"
    );
    ensure!(
        status.contains("last sync: FAILED") && status.contains(problem),
        "status does not show the last sync failed with {problem:?}:\n{status}"
    );
    Ok(())
}

/// Seat `n` signs in: the running session still works.
async fn a_seat_signs_in(room: &TestRoom, n: u32) -> Result<()> {
    let mut seat = room.seat(n).await?;
    let reply = seat.sign_in(&fixture::card_uid(n)).await?;
    ensure!(
        matches!(reply, SeatReply::SignedIn { .. }),
        "seat {n}: {reply:?}"
    );
    seat.disconnect().await;
    Ok(())
}

async fn old_package_is_kept(room: &mut TestRoom) -> Result<()> {
    let status = room.controller_cmd(&["status"])?;
    ensure!(
        status.contains("(2 papers, ") && status.contains("last sync: ok"),
        "the controller did not sync the fixture at start:\n{status}"
    );
    // The central system now plans a third paper: a sync must fetch the
    // package again and download that paper.
    let (changed, papers) = with_a_third_paper(room.seats);
    let third_paper_bytes = changed.documents[2].size;
    room.standin.add_meeting(changed, papers)?;

    let mut seat = 1;
    for m in &MISBEHAVIOURS {
        (m.start)(&room.standin);
        let said = room.controller_fails(&["sync"]).context(m.name)?;
        ensure!(
            said.contains(m.says),
            "{}: sync failed without saying {:?}:\n{said}",
            m.name,
            m.says
        );
        status_keeps_the_old_package(room, m.says).context(m.name)?;
        a_seat_signs_in(room, seat).await.context(m.name)?;
        behave(&room.standin);
        seat += 1;
    }

    // Slower than the controller waits: a timeout, not a hang.
    room.set_central_timeout(1)?;
    room.standin.set_delay(Duration::from_secs(3));
    let said = room.controller_fails(&["sync"])?;
    let timeout = "central system did not answer in time";
    ensure!(
        said.contains(timeout),
        "a slow central system gave no timeout:\n{said}"
    );
    status_keeps_the_old_package(room, timeout)?;
    a_seat_signs_in(room, seat).await?;
    behave(&room.standin);
    room.set_central_timeout(5)?;

    // Behaving again, the central system's change comes in: it was refused
    // above for the misbehaviour, not for itself.
    let summary = room.controller_cmd(&["sync"])?;
    ensure!(
        summary.contains("1 updated")
            && summary.contains(&format!("; {third_paper_bytes} paper bytes moved")),
        "the good sync after the failures: {summary}"
    );
    let status = room.controller_cmd(&["status"])?;
    ensure!(
        status.contains("(3 papers, ") && status.contains("last sync: ok"),
        "the changed package did not come in:\n{status}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_whose_first_sync_is_refused_will_not_run_a_meeting_it_does_not_have() -> Result<()>
{
    let lies = [
        (
            Lie::BadSignature,
            "signature does not verify with the pinned key",
        ),
        (Lie::BadDocumentHash, "do not match its hash"),
        (
            Lie::WrongPackage,
            "the package of meeting hn-2026-11-other when asked for meeting hn-2026-11",
        ),
    ];
    for (lie, says) in lies {
        // No MQTT is spoken here: `controller run` stops before its session starts.
        let room = TestRoom::new(BrokerKind::Embedded, 5, bin()).await?;
        room.standin.set_lie(Some(lie));
        let said = room.controller_fails(&["sync"])?;
        ensure!(said.contains(says), "{lie:?}: sync said\n{said}");
        let status = room.controller_cmd(&["status"])?;
        ensure!(
            status.contains("meetings: 0") && status.contains("last sync: FAILED"),
            "{lie:?}: status after a refused first sync:\n{status}"
        );
        let said = room.controller_fails(&["run"])?;
        ensure!(
            said.contains("no meeting is stored"),
            "{lie:?}: `controller run` without a meeting said\n{said}"
        );
    }
    Ok(())
}
