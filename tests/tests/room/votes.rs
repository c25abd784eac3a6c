//! Idempotent votes: a kiosk that retries sends the same vote id, and the
//! room counts it once however often it arrives.

use anyhow::{Result, ensure};
use protocol::ballot::MotionChoice;
use protocol::message::{ConsoleCommand, SeatReply};
use tests::{BrokerKind, Heard, TestRoom};

use super::{
    WAIT, ballot_is_open, ballot_open, ballot_result, bin, counts, explained, id, motion, receipt,
};

on_both_brokers!(
    the_same_vote_sent_five_times_counts_once,
    same_vote_five_times
);

async fn same_vote_five_times(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 5, bin()).await?;
    room.start_controller()?;
    let r = counts_once(&mut room).await;
    explained(&room, r)
}

async fn counts_once(room: &mut TestRoom) -> Result<()> {
    let (mut console, mut seats) = ballot_open(room, "m1").await?;

    let seat = &mut seats[0];
    ballot_is_open(seat, "m1").await?;
    let req = seat.vote_request(&id("m1"), &id("m1-once"), &motion(MotionChoice::For))?;
    // Five envelopes (each with its own sequence number) of one vote, sent
    // before any answer comes back.
    for _ in 0..5 {
        seat.send(&req).await?;
    }
    let mut replies: Vec<SeatReply> = Vec::new();
    for _ in 0..5 {
        replies.push(
            seat.wait_for(WAIT, |h| match h {
                Heard::Reply(r) => Some(r.clone()),
                _ => None,
            })
            .await?,
        );
    }
    let first = receipt(&replies[0])?;
    for r in &replies {
        ensure!(
            matches!(r, SeatReply::VoteRecorded { ballot, vote_id, receipt: got }
                if ballot.as_str() == "m1" && vote_id.as_str() == "m1-once" && *got == first),
            "every answer is the same VoteRecorded: {replies:?}"
        );
    }

    let other = &mut seats[1];
    ballot_is_open(other, "m1").await?;
    let reply = other
        .vote(&id("m1"), &id("m1-other"), &motion(MotionChoice::Against))
        .await?;
    receipt(&reply)?;
    console
        .wait_state(WAIT, |s| s.ballot.as_ref().is_some_and(|b| b.voted == 2))
        .await?;

    console
        .command(ConsoleCommand::CloseBallot { ballot: id("m1") })
        .await?;
    let result = ballot_result(&mut console, "m1").await?;
    ensure_eq!(result.cast, 2, "ballots cast: {result:?}");
    ensure_eq!(counts(&result), vec![1, 1, 0]);
    room.stop_controller()?;
    Ok(())
}
