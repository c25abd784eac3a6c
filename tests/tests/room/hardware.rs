//! The seat's hardware driving a kiosk core seat against a real controller:
//! the simulated seat unit (`hardware::sim`) is told over its Unix socket
//! that a card was laid on the reader and that the Yes key was pressed, and
//! the controller counts the vote.
//!
//! [`on_seat_event`] is the shortest glue between the seat unit and the seat
//! (a vote key casts at once); the kiosk app's own wiring goes through the
//! screen's confirm step and is tested in `kiosk/tests/app.rs`. What keys
//! and LEDs mean at a seat is `kiosk_core::desk`.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ::hardware::sim::{SimSeatUnit, serve};
use ::hardware::{MicPress, Millis, SeatEvent, Uid, UnitConfig, VoteKey};
use anyhow::{Context, Result, ensure};
use kiosk_core::desk;
use kiosk_core::seat::{self, Floor, SeatError, SeatHandle};
use link::mqtt::BrokerUrl;
use protocol::ballot::{BallotKind, Choice};
use protocol::client::VoteAbility;
use protocol::message::{BallotRef, ConsoleCommand};
use tests::{BrokerKind, TestRoom, fixture};

use super::{WAIT, ballot_result, bin, counts, eventually, explained, id};

/// What a seat unit's event does at the seat.
///
/// - a card laid on the reader signs its holder in (the seat hashes the UID
///   the way the controller knows it);
/// - a vote key casts that answer on an open motion this delegate may vote
///   on, and does nothing otherwise (an election is chosen on the screen);
/// - the mic key asks for the floor, or withdraws the request or gives the
///   floor back;
/// - releases, long presses, a card taken away and light levels change
///   nothing at the seat (the backlight is the kiosk's own business).
async fn on_seat_event(seat: &SeatHandle, event: SeatEvent) -> Result<(), SeatError> {
    match event {
        SeatEvent::CardPresented(uid) => seat.sign_in_card(uid.as_bytes()).await,
        SeatEvent::VoteKey(key) => {
            let may_vote_on_a_motion = matches!(
                &seat.view().ability,
                VoteAbility::May { ballot, .. } if matches!(ballot.kind, BallotKind::Motion)
            );
            if may_vote_on_a_motion {
                seat.cast(Choice::Motion(desk::motion_choice(key))).await?;
            }
            Ok(())
        }
        SeatEvent::MicKey(MicPress::Pressed) => match seat.view().floor {
            Floor::Idle => seat.request_floor().await,
            Floor::Queued { .. } | Floor::Speaking => seat.withdraw_floor().await,
        },
        SeatEvent::MicKey(MicPress::Long)
        | SeatEvent::KeyReleased(_)
        | SeatEvent::CardRemoved
        | SeatEvent::LightLevel(_) => Ok(()),
    }
}

/// What the hardware task heard and what went wrong acting on it.
#[derive(Debug, Default)]
struct Log {
    events: Vec<SeatEvent>,
    errors: Vec<String>,
}

/// The kiosk's hardware task: polls the unit every few milliseconds, acts
/// on its events, and keeps the LEDs showing the seat's state.
async fn drive(mut unit: SimSeatUnit, seat: SeatHandle, log: Arc<Mutex<Log>>) {
    let start = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_millis(5));
    loop {
        tick.tick().await;
        let now = Millis(u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX));
        let mut events = Vec::new();
        unit.poll(now, |e| events.push(e));
        for event in events {
            let done = on_seat_event(&seat, event).await;
            let mut log = log
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            log.events.push(event);
            if let Err(e) = done {
                log.errors.push(format!("{event:?}: {e}"));
            }
        }
        unit.set_leds(desk::leds(&seat.view()));
    }
}

/// A line-protocol client of the simulated unit's socket.
struct SimSocket {
    stream: UnixStream,
    answers: std::io::Lines<BufReader<UnixStream>>,
}

impl SimSocket {
    fn connect(path: &std::path::Path) -> Result<Self> {
        let stream = UnixStream::connect(path)?;
        let answers = BufReader::new(stream.try_clone()?).lines();
        Ok(SimSocket { stream, answers })
    }

    fn say(&mut self, line: &str) -> Result<()> {
        writeln!(self.stream, "{line}")?;
        let answer = self.answers.next().context("the socket closed")??;
        ensure!(answer == "ok", "{line:?} was answered {answer:?}");
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_tap_signs_in_and_the_yes_key_casts_a_counted_vote() -> Result<()> {
    let mut room = TestRoom::new(BrokerKind::Embedded, 3, bin()).await?;
    room.start_controller()?;
    let r = card_and_key(&mut room).await;
    explained(&room, r)
}

async fn card_and_key(room: &mut TestRoom) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let config = room.kiosk_config(
        1,
        BrokerUrl::local(room.broker_addr()?),
        dir.path().join("seat"),
    );
    let seat = seat::start(config)?;
    seat.wait_until(WAIT, |v| {
        v.is_online() && v.manifest.is_some() && v.state.is_some()
    })
    .await
    .context("the kiosk never had the room's manifest and state")?;

    // The simulated seat unit, its socket, and the kiosk's hardware task.
    let unit = SimSeatUnit::new(UnitConfig::default());
    let handle = unit.handle();
    let socket_path = dir.path().join("seat-sim.sock");
    let listener = UnixListener::bind(&socket_path)?;
    let served = handle.clone();
    // Blocking accept: the thread ends with the test process.
    std::thread::spawn(move || serve(&listener, &served));
    let log = Arc::new(Mutex::new(Log::default()));
    let task = tokio::spawn(drive(unit, seat.clone(), log.clone()));
    let mut socket = SimSocket::connect(&socket_path)?;

    // Delegate 1 lays their card on the reader.
    let card = Uid::new(&fixture::card_uid(1)).context("the fixture's card uid fits")?;
    socket.say(&format!("card {card}"))?;
    let v = seat
        .wait_until(WAIT, |v| v.signed_in.is_some())
        .await
        .context("the card never signed the delegate in")?;
    ensure_eq!(
        v.signed_in.as_ref().map(|s| s.delegate.clone()),
        Some(fixture::delegate_id(1))
    );

    // The others sign in at simulated seats (for the quorum); the console
    // opens the session and motion m1.
    let mut others = Vec::new();
    for n in 2..=room.seats {
        let mut s = room.seat(n).await?;
        s.sign_in(&fixture::card_uid(n)).await?;
        others.push(s);
    }
    let mut console = room.console().await?;
    console.command(ConsoleCommand::OpenSession).await?;
    console
        .command(ConsoleCommand::OpenBallot {
            ballot: BallotRef::Prepared(id("m1")),
        })
        .await?;
    seat.wait_until(WAIT, |v| matches!(v.ability, VoteAbility::May { .. }))
        .await
        .context("the seat never could vote")?;
    eventually(WAIT, || handle.leds().vote_open.then_some(()))
        .await
        .context("the vote-open LED never lit")?;

    // The Yes key.
    socket.say("key yes")?;
    console
        .wait_state(WAIT, |s| s.ballot.as_ref().is_some_and(|b| b.voted == 1))
        .await
        .context("the controller never recorded the key's vote")?;
    eventually(WAIT, || {
        let l = handle.leds();
        (l.voted && !l.vote_open).then_some(())
    })
    .await
    .context("the voted LED never lit")?;
    console
        .command(ConsoleCommand::CloseBallot { ballot: id("m1") })
        .await?;
    let result = ballot_result(&mut console, "m1").await?;
    ensure_eq!(result.cast, 1);
    ensure_eq!(counts(&result), vec![1, 0, 0], "one vote, for");

    task.abort();
    let log = std::mem::take(
        &mut *log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    ensure!(log.errors.is_empty(), "{:?}", log.errors);
    let presented = log
        .events
        .iter()
        .filter(|e| matches!(e, SeatEvent::CardPresented(_)))
        .count();
    ensure_eq!(presented, 1, "the card is presented once: {:?}", log.events);
    ensure!(
        log.events.contains(&SeatEvent::VoteKey(VoteKey::Yes)),
        "{:?}",
        log.events
    );
    seat.shutdown().await;
    room.stop_controller()?;
    Ok(())
}
