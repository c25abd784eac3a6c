//! End-to-end tests of a whole room: the controller process, a real broker
//! (embedded and Mosquitto), the central stand-in, simulated seats and a console.
//!
//! One integration test binary; one module per subject. A test that speaks
//! MQTT is written once, as `async fn scenario(kind: BrokerKind)`, and
//! [`on_both_brokers!`] runs it as `its_name::on_the_embedded_broker` and
//! `its_name::on_mosquitto`.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use protocol::ballot::{Choice, MotionChoice};
use protocol::ids::{BallotId, CandidateId};
use protocol::message::{BallotRef, ConsoleCommand, ConsoleReply, RoomEvent, SeatReply};
use protocol::tally::BallotResult;
use tests::{Heard, SimSeat, TestRoom, fixture};

/// Runs `super::$scenario(kind)` on both brokers, as two tests in a module
/// named by the sentence the scenario proves.
macro_rules! on_both_brokers {
    ($name:ident, $scenario:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_the_embedded_broker() -> anyhow::Result<()> {
                super::$scenario(::tests::BrokerKind::Embedded).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_mosquitto() -> anyhow::Result<()> {
                super::$scenario(::tests::BrokerKind::Mosquitto).await
            }
        }
    };
}

/// `assert_eq!` that returns an error instead of panicking, so the failure
/// reaches [`explained`] and carries the controller's log.
macro_rules! ensure_eq {
    ($left:expr, $right:expr $(,)?) => {
        ensure_eq!($left, $right, "values differ")
    };
    ($left:expr, $right:expr, $($why:tt)+) => {{
        let (left, right) = (&$left, &$right);
        anyhow::ensure!(
            left == right,
            "{}: `{}` is not `{}`\n  left: {left:?}\n right: {right:?}",
            format!($($why)+),
            stringify!($left),
            stringify!($right),
        );
    }};
}

mod central;
mod cli;
mod console;
mod forged;
mod hardware;
mod kiosk;
mod meeting;
mod papers;
mod records;
mod restart;
mod votes;

/// The longest wait for anything in a room.
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

/// A failed test's error with the controller's log under it, so a red CI
/// run explains itself.
fn explained(room: &TestRoom, r: Result<()>) -> Result<()> {
    r.with_context(|| format!("controller log:\n{}", room.log()))
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

/// Connects every seat of the room and signs its delegate in by card.
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

/// Waits until `seat` has the state showing `ballot` open (with its key, if secret).
/// The console and every seat signed in, the session open, and the prepared
/// ballot `ballot` open.
async fn ballot_open(room: &TestRoom, ballot: &str) -> Result<(SimSeat, Vec<SimSeat>)> {
    let mut console = room.console().await?;
    let seats = signed_in_seats(room).await?;
    console.command(ConsoleCommand::OpenSession).await?;
    console
        .command(ConsoleCommand::OpenBallot {
            ballot: BallotRef::Prepared(id(ballot)),
        })
        .await?;
    Ok((console, seats))
}

async fn ballot_is_open(seat: &mut SimSeat, ballot: &str) -> Result<()> {
    seat.wait_state(WAIT, |s| {
        s.ballot.as_ref().is_some_and(|b| {
            b.spec.id.as_str() == ballot && (!b.spec.secret || b.public_key.is_some())
        })
    })
    .await
    .with_context(|| format!("ballot {ballot} never showed as open"))?;
    Ok(())
}

/// The result of `ballot`, from the event that closes it.
async fn ballot_result(seat: &mut SimSeat, ballot: &str) -> Result<BallotResult> {
    let ballot: BallotId = id(ballot);
    seat.wait_for(WAIT, |h| match h {
        Heard::Event(e) => match e.as_ref() {
            RoomEvent::BallotClosed { result } if result.ballot == ballot => Some(result.clone()),
            _ => None,
        },
        _ => None,
    })
    .await
}

/// The votes per option of a result, in the ballot's order.
fn counts(result: &BallotResult) -> Vec<u32> {
    result.options.iter().map(|o| o.votes).collect()
}

/// A motion choice.
fn motion(c: MotionChoice) -> Choice {
    Choice::Motion(c)
}

/// An election choice keeping one candidate.
fn keep(candidate: &str) -> Choice {
    Choice::Election([id::<CandidateId>(candidate)].into_iter().collect())
}

/// The receipt of a `VoteRecorded` reply, or an error naming the reply.
fn receipt(reply: &SeatReply) -> Result<protocol::ids::Sha256> {
    match reply {
        SeatReply::VoteRecorded { receipt, .. } => Ok(*receipt),
        other => anyhow::bail!("expected VoteRecorded, got {other:?}"),
    }
}

/// The console's next seat map that `accept` takes.
async fn seat_map(
    console: &mut SimSeat,
    accept: impl Fn(&protocol::message::SeatMap) -> bool,
) -> Result<protocol::message::SeatMap> {
    console
        .wait_for(WAIT, |h| match h {
            Heard::Console(r) => match r.as_ref() {
                ConsoleReply::SeatMap(m) if accept(m) => Some(m.clone()),
                _ => None,
            },
            _ => None,
        })
        .await
}
