//! End-to-end tests of a whole room: the controller process, a real broker
//! (embedded and Mosquitto), the central stand-in, simulated seats and a console.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use protocol::ballot::{Choice, MotionChoice};
use protocol::ids::{BallotId, CandidateId, VoteId};
use protocol::message::{BallotRef, ConsoleCommand, Phase, RoomEvent, SeatReply};
use protocol::tally::Outcome;
use tests::fixture;
use tests::{BrokerKind, Heard, SimSeat, TestRoom};

const WAIT: Duration = Duration::from_secs(30);

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_room-controller"))
}

fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().expect("valid id")
}

/// Waits for a condition outside the room (the stand-in's inbox) with a deadline.
async fn eventually<T>(within: Duration, mut probe: impl FnMut() -> Option<T>) -> Result<T> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(t) = probe() {
            return Ok(t);
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "condition not met within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn signed_in_seats(room: &TestRoom) -> Result<Vec<SimSeat>> {
    let mut seats = Vec::new();
    for n in 1..=room.seats {
        let mut s = room.seat(n).await?;
        let reply = s.sign_in(&fixture::card_uid(n)).await?;
        anyhow::ensure!(
            matches!(reply, SeatReply::SignedIn { .. }),
            "seat {n}: {reply:?}"
        );
        seats.push(s);
    }
    Ok(seats)
}

async fn ballot_result(
    console: &mut SimSeat,
    ballot: &str,
) -> Result<protocol::tally::BallotResult> {
    let ballot: BallotId = id(ballot);
    console
        .wait_for(WAIT, |h| match h {
            Heard::Event(e) => match e.as_ref() {
                RoomEvent::BallotClosed { result } if result.ballot == ballot => {
                    Some(result.clone())
                }
                _ => None,
            },
            _ => None,
        })
        .await
}

/// Sync → sign in → an open motion and a secret election → close → results at the central system.
async fn a_whole_meeting_runs_from_sync_to_uploaded_results(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 5, bin()).await?;
    room.start_controller()?;
    let r = whole_meeting(&mut room).await;
    r.with_context(|| format!("controller log:\n{}", room.log()))
}

async fn whole_meeting(room: &mut TestRoom) -> Result<()> {
    let mut console = room.console().await?;
    let mut seats = signed_in_seats(room).await?;
    console.command(ConsoleCommand::OpenSession).await?;

    console
        .command(ConsoleCommand::OpenBallot {
            ballot: BallotRef::Prepared(id("m1")),
        })
        .await?;
    let choices = [
        MotionChoice::For,
        MotionChoice::For,
        MotionChoice::For,
        MotionChoice::Against,
        MotionChoice::Abstain,
    ];
    for (i, (seat, c)) in seats.iter_mut().zip(choices).enumerate() {
        seat.wait_state(WAIT, |s| {
            s.ballot
                .as_ref()
                .is_some_and(|b| b.spec.id.as_str() == "m1")
        })
        .await?;
        let reply = seat
            .vote(&id("m1"), &id(&format!("m1-v{i}")), &Choice::Motion(c))
            .await?;
        anyhow::ensure!(matches!(reply, SeatReply::VoteRecorded { .. }), "{reply:?}");
    }
    console
        .command(ConsoleCommand::CloseBallot { ballot: id("m1") })
        .await?;
    let motion = ballot_result(&mut console, "m1").await?;
    assert_eq!(motion.outcome, Outcome::Motion { passed: true });
    assert_eq!(
        motion.options.iter().map(|o| o.votes).collect::<Vec<_>>(),
        vec![3, 1, 1]
    );

    console
        .command(ConsoleCommand::OpenBallot {
            ballot: BallotRef::Prepared(id("e1")),
        })
        .await?;
    let picks = ["c2", "c2", "c1", "c2", "c3"];
    for (i, (seat, c)) in seats.iter_mut().zip(picks).enumerate() {
        seat.wait_state(WAIT, |s| {
            s.ballot.as_ref().is_some_and(|b| b.public_key.is_some())
        })
        .await?;
        let keep = Choice::Election([id::<CandidateId>(c)].into_iter().collect());
        let reply = seat
            .vote(&id("e1"), &id::<VoteId>(&format!("e1-v{i}")), &keep)
            .await?;
        anyhow::ensure!(matches!(reply, SeatReply::VoteRecorded { .. }), "{reply:?}");
    }
    console
        .command(ConsoleCommand::CloseBallot { ballot: id("e1") })
        .await?;
    let election = ballot_result(&mut console, "e1").await?;
    assert_eq!(
        election.options.iter().map(|o| o.votes).collect::<Vec<_>>(),
        vec![1, 3, 1]
    );
    assert_eq!(
        election.outcome,
        Outcome::Election {
            elected: vec![id("c2")],
            tied: vec![]
        }
    );

    console.command(ConsoleCommand::CloseMeeting).await?;
    seats[0]
        .wait_state(WAIT, |s| s.phase == Phase::Closed)
        .await?;
    let uploads = eventually(WAIT, || {
        let r = room.standin.results();
        (!r.is_empty()).then_some(r)
    })
    .await
    .with_context(|| room.log())?;
    assert_eq!(uploads.len(), 1);
    let up = &uploads[0];
    assert_eq!(up.meeting.as_str(), fixture::MEETING);
    assert_eq!(up.ballots, vec![motion, election]);
    assert_eq!(up.attendance.iter().filter(|a| a.present).count(), 5);
    room.stop_controller()?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_meeting_runs_on_the_embedded_broker() -> Result<()> {
    a_whole_meeting_runs_from_sync_to_uploaded_results(BrokerKind::Embedded).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_meeting_runs_on_mosquitto() -> Result<()> {
    a_whole_meeting_runs_from_sync_to_uploaded_results(BrokerKind::Mosquitto).await
}
