//! The controller dies (SIGKILL, as a power cut) in the middle of a ballot
//! and comes back: every vote it answered "recorded" is still there, seats
//! reconnect by themselves, and the ballot goes on.

use anyhow::{Context, Result, ensure};
use protocol::ballot::{Choice, MotionChoice};
use protocol::message::{BallotRef, ConsoleCommand, SeatRequest, StateSnapshot};
use tests::{BrokerKind, Heard, SimSeat, TestRoom};

use super::{
    WAIT, ballot_is_open, ballot_open, ballot_result, bin, counts, explained, id, keep, motion,
    receipt, signed_in_seats,
};

on_both_brokers!(
    a_controller_killed_mid_ballot_keeps_every_recorded_vote_and_the_ballot_goes_on,
    killed_mid_motion
);

on_both_brokers!(
    a_controller_killed_mid_secret_election_keeps_every_sealed_vote_and_the_election_goes_on,
    killed_mid_election
);

on_both_brokers!(
    a_restarted_controller_publishes_a_newer_state_revision_than_any_before_it_died,
    revision_grows_across_a_restart
);

async fn killed_mid_motion(kind: BrokerKind) -> Result<()> {
    let choices = [
        MotionChoice::For,
        MotionChoice::Against,
        MotionChoice::For,
        MotionChoice::For,
        MotionChoice::Abstain,
    ]
    .map(motion);
    killed_mid_ballot(kind, "m1", choices, [3, 1, 1]).await
}

async fn killed_mid_election(kind: BrokerKind) -> Result<()> {
    let choices = ["c2", "c1", "c2", "c2", "c3"].map(keep);
    killed_mid_ballot(kind, "e1", choices, [1, 3, 1]).await
}

async fn killed_mid_ballot(
    kind: BrokerKind,
    ballot: &'static str,
    choices: [Choice; 5],
    expected: [u32; 3],
) -> Result<()> {
    let mut room = TestRoom::new(kind, 5, bin()).await?;
    room.start_controller()?;
    let r = ballot_survives_a_kill(&mut room, ballot, choices, expected).await;
    explained(&room, r)
}

/// Waits until `seat` hears the manifest again (call [`SimSeat::take_heard`]
/// before the restart): the restarted controller has subscribed and
/// announced itself (it subscribes before it publishes), and the seat is
/// subscribed too.
async fn hears_the_controller_again(seat: &mut SimSeat) -> Result<()> {
    seat.wait_for(WAIT, |h| matches!(h, Heard::Manifest(_)).then_some(()))
        .await
        .context("the restarted controller's manifest was never heard")
}

/// As [`hears_the_controller_again`], then the state it announced with the
/// manifest. The old controller must have been quiet before it died, or its
/// last state may still be on the way.
async fn hears_the_new_state(seat: &mut SimSeat) -> Result<StateSnapshot> {
    hears_the_controller_again(seat).await?;
    seat.wait_for(WAIT, |h| match h {
        Heard::State(s) => Some((**s).clone()),
        _ => None,
    })
    .await
    .context("the restarted controller's state was never heard")
}

async fn ballot_survives_a_kill(
    room: &mut TestRoom,
    ballot: &str,
    choices: [Choice; 5],
    expected: [u32; 3],
) -> Result<()> {
    let mut console = room.console().await?;
    let mut seats = signed_in_seats(room).await?;
    console.command(ConsoleCommand::OpenSession).await?;
    console
        .command(ConsoleCommand::OpenBallot {
            ballot: BallotRef::Prepared(id(ballot)),
        })
        .await?;

    // Three vote and are told "recorded". A kiosk keeps its request to retry it.
    let mut sent: Vec<(SeatRequest, protocol::ids::Sha256)> = Vec::new();
    for (i, seat) in seats.iter_mut().enumerate().take(3) {
        ballot_is_open(seat, ballot).await?;
        let req = seat.vote_request(&id(ballot), &id(&format!("{ballot}-v{i}")), &choices[i])?;
        let reply = seat.ask(&req, WAIT).await?;
        sent.push((
            req,
            receipt(&reply).with_context(|| format!("seat {}", i + 1))?,
        ));
    }

    console.disconnect().await;
    for seat in &mut seats {
        // Forget what was heard, so the next manifest is the new controller's.
        seat.take_heard();
    }
    room.kill_controller()?;
    room.start_controller()?;
    for seat in &mut seats {
        hears_the_controller_again(seat).await?;
    }

    // A console that joins now reads the retained state: still open, 3 voted.
    let mut console = room.console().await?;
    let state = console
        .wait_state(WAIT, |s| {
            s.ballot
                .as_ref()
                .is_some_and(|b| b.spec.id.as_str() == ballot && b.voted == 3)
        })
        .await
        .context(
            "the retained state after the restart does not show the ballot open with 3 votes",
        )?;
    ensure!(
        state.results.is_empty(),
        "a ballot closed: {:?}",
        state.results
    );

    // The first voter's kiosk never saw its answer (say): it retries the same request.
    let (req, first_receipt) = &sent[0];
    let again = seats[0].ask(req, WAIT).await?;
    ensure_eq!(
        receipt(&again)?,
        *first_receipt,
        "a retried vote has the receipt of the vote it repeats"
    );

    for (i, seat) in seats.iter_mut().enumerate().skip(3) {
        ballot_is_open(seat, ballot).await?;
        let reply = seat
            .vote(&id(ballot), &id(&format!("{ballot}-v{i}")), &choices[i])
            .await?;
        receipt(&reply).with_context(|| format!("seat {} after the restart", i + 1))?;
    }
    console
        .command(ConsoleCommand::CloseBallot { ballot: id(ballot) })
        .await?;
    let result = ballot_result(&mut console, ballot).await?;
    ensure_eq!(result.cast, 5, "ballots cast: {result:?}");
    ensure_eq!(counts(&result), expected.to_vec());
    room.stop_controller()?;
    Ok(())
}

async fn revision_grows_across_a_restart(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 5, bin()).await?;
    room.start_controller()?;
    let r = revision_grows(&mut room).await;
    explained(&room, r)
}

/// "Every publish raises `revision`", and a seat that reconnects tells from
/// it whether it missed something: so the first state after a restart must
/// be newer than every state before it, including coalesced ones.
async fn revision_grows(room: &mut TestRoom) -> Result<()> {
    let (_console, mut seats) = ballot_open(room, "m1").await?;
    let seat = &mut seats[0];
    ballot_is_open(seat, "m1").await?;
    let reply = seat
        .vote(&id("m1"), &id("m1-v0"), &motion(MotionChoice::For))
        .await?;
    receipt(&reply)?;
    // The vote's count reaches seats in a coalesced state, which the
    // controller does not write down; then it has nothing more for seats.
    let before = seat
        .wait_state(WAIT, |s| s.ballot.as_ref().is_some_and(|b| b.voted == 1))
        .await?
        .revision;
    seat.take_heard();
    room.kill_controller()?;
    room.start_controller()?;
    let after = hears_the_new_state(seat).await?.revision;
    ensure!(
        after > before,
        "the first state after the restart has revision {after}, not newer than {before} published before the kill"
    );
    room.stop_controller()?;
    Ok(())
}
