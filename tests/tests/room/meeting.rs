//! A whole meeting: sync → sign in → an open motion and a secret election →
//! close → results at the central system.

use anyhow::Result;
use protocol::ballot::MotionChoice;
use protocol::ids::VoteId;
use protocol::message::{BallotRef, ConsoleCommand, Phase, SeatReply};
use protocol::tally::Outcome;
use tests::{BrokerKind, TestRoom, fixture};

use super::{
    WAIT, ballot_is_open, ballot_open, ballot_result, bin, counts, eventually, explained, id, keep,
    motion,
};

on_both_brokers!(
    a_whole_meeting_runs_from_sync_to_uploaded_results,
    whole_meeting
);

async fn whole_meeting(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 5, bin()).await?;
    room.start_controller()?;
    let r = hold_the_meeting(&mut room).await;
    explained(&room, r)
}

async fn hold_the_meeting(room: &mut TestRoom) -> Result<()> {
    let (mut console, mut seats) = ballot_open(room, "m1").await?;
    let choices = [
        MotionChoice::For,
        MotionChoice::For,
        MotionChoice::For,
        MotionChoice::Against,
        MotionChoice::Abstain,
    ];
    for (i, (seat, c)) in seats.iter_mut().zip(choices).enumerate() {
        ballot_is_open(seat, "m1").await?;
        let reply = seat
            .vote(&id("m1"), &id(&format!("m1-v{i}")), &motion(c))
            .await?;
        anyhow::ensure!(matches!(reply, SeatReply::VoteRecorded { .. }), "{reply:?}");
    }
    console
        .command(ConsoleCommand::CloseBallot { ballot: id("m1") })
        .await?;
    let motion_result = ballot_result(&mut console, "m1").await?;
    ensure_eq!(motion_result.outcome, Outcome::Motion { passed: true });
    ensure_eq!(counts(&motion_result), vec![3, 1, 1]);

    console
        .command(ConsoleCommand::OpenBallot {
            ballot: BallotRef::Prepared(id("e1")),
        })
        .await?;
    let picks = ["c2", "c2", "c1", "c2", "c3"];
    for (i, (seat, c)) in seats.iter_mut().zip(picks).enumerate() {
        ballot_is_open(seat, "e1").await?;
        let reply = seat
            .vote(&id("e1"), &id::<VoteId>(&format!("e1-v{i}")), &keep(c))
            .await?;
        anyhow::ensure!(matches!(reply, SeatReply::VoteRecorded { .. }), "{reply:?}");
    }
    console
        .command(ConsoleCommand::CloseBallot { ballot: id("e1") })
        .await?;
    let election = ballot_result(&mut console, "e1").await?;
    ensure_eq!(counts(&election), vec![1, 3, 1]);
    ensure_eq!(
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
    .await?;
    ensure_eq!(uploads.len(), 1);
    let up = &uploads[0];
    ensure_eq!(up.meeting.as_str(), fixture::MEETING);
    ensure_eq!(up.ballots, vec![motion_result, election]);
    ensure_eq!(up.attendance.iter().filter(|a| a.present).count(), 5);
    room.stop_controller()?;
    Ok(())
}
