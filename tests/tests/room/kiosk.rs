//! The kiosk core (`kiosk_core::seat`) against a real controller: what a
//! delegate does at a seat, through real network trouble.

use std::path::Path;

use anyhow::{Context, Result, ensure};
use kiosk_core::seat::{self, Connection, SeatHandle};
use link::mqtt::BrokerUrl;
use protocol::ballot::MotionChoice;
use protocol::client::{SeatEvent, VoteAbility, VoteState};
use protocol::ids::BallotId;
use protocol::message::{BallotRef, ConsoleCommand, PageRef};
use tests::{BrokerKind, Proxy, SimSeat, TestRoom, fixture};

use super::{WAIT, ballot_result, bin, counts, explained, id, motion};

/// Starts a kiosk for seat `n` behind `proxy`, keeping its files in `dir`,
/// and waits until it has the room's manifest and state.
async fn kiosk(room: &TestRoom, n: u32, proxy: &Proxy, dir: &Path) -> Result<SeatHandle> {
    let config = room.kiosk_config(n, BrokerUrl::local(proxy.addr), dir.to_path_buf());
    let seat = seat::start(config)?;
    seat.wait_until(WAIT, |v| {
        v.is_online() && v.manifest.is_some() && v.state.is_some()
    })
    .await
    .context("the kiosk never had the room's manifest and state")?;
    Ok(seat)
}

/// Signs seat `n`'s delegate in by card.
async fn sign_in(seat: &SeatHandle, n: u32) -> Result<()> {
    seat.sign_in_card(&fixture::card_uid(n)).await?;
    let v = seat
        .wait_until(WAIT, |v| v.signed_in.is_some())
        .await
        .context("the delegate was never signed in")?;
    let me = v.signed_in.as_ref().context("signed in")?;
    ensure_eq!(me.delegate, fixture::delegate_id(n));
    Ok(())
}

/// The console, with the other delegates signed in at simulated seats (for
/// the quorum), the session open and motion `m1` open.
async fn open_motion(room: &TestRoom, kiosk: u32) -> Result<(SimSeat, Vec<SimSeat>)> {
    let mut others = Vec::new();
    for n in (1..=room.seats).filter(|n| *n != kiosk) {
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
    Ok((console, others))
}

async fn may_vote(seat: &SeatHandle) -> Result<()> {
    seat.wait_until(WAIT, |v| matches!(v.ability, VoteAbility::May { .. }))
        .await
        .context("the seat never could vote")?;
    Ok(())
}

fn vote_state(seat: &SeatHandle, ballot: &str) -> Option<VoteState> {
    seat.view().vote(&id::<BallotId>(ballot)).cloned()
}

on_both_brokers!(
    a_vote_whose_answer_is_lost_is_sent_again_after_the_connection_drops_and_counts_once,
    lost_answer
);

async fn lost_answer(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 3, bin()).await?;
    room.start_controller()?;
    let r = lost_answer_in(&mut room).await;
    explained(&room, r)
}

async fn lost_answer_in(room: &mut TestRoom) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let proxy = Proxy::start(room.broker_addr()?).await?;
    let seat = kiosk(room, 1, &proxy, dir.path()).await?;
    sign_in(&seat, 1).await?;
    let (mut console, _others) = open_motion(room, 1).await?;
    may_vote(&seat).await?;

    // The vote reaches the controller, but its "recorded" answer is lost.
    proxy.mute_replies();
    let vote_id = seat.cast(motion(MotionChoice::For)).await?;
    console
        .wait_state(WAIT, |s| s.ballot.as_ref().is_some_and(|b| b.voted == 1))
        .await
        .context("the controller never recorded the vote")?;
    ensure_eq!(vote_state(&seat, "m1"), Some(VoteState::Waiting));

    // The network drops and comes back: the kiosk sends the same vote again.
    proxy.cut();
    seat.wait_until(WAIT, |v| matches!(v.connection, Connection::Offline { .. }))
        .await
        .context("the kiosk never noticed the dropped connection")?;
    proxy.restore();
    let v = seat
        .wait_until(WAIT, |v| {
            matches!(v.vote(&id("m1")), Some(VoteState::Recorded { .. }))
        })
        .await
        .context("the vote was never recorded at the seat")?;
    ensure!(v.is_online(), "online again: {:?}", v.connection);
    ensure!(
        matches!(v.ability, VoteAbility::AlreadyVoted { receipt: Some(_) }),
        "{:?}",
        v.ability
    );
    console
        .command(ConsoleCommand::CloseBallot { ballot: id("m1") })
        .await?;
    let result = ballot_result(&mut console, "m1").await?;
    ensure_eq!(result.cast, 1, "one vote, however often it was sent");
    ensure_eq!(counts(&result), vec![1, 0, 0]);
    // The seat kept the vote's id across the resend.
    let meeting = seat
        .view()
        .state
        .as_ref()
        .map(|s| s.meeting.clone())
        .context("state")?;
    let kept = seat.store().votes(&meeting)?;
    ensure_eq!(kept.len(), 1);
    ensure_eq!(kept[0].request.vote_id, vote_id);
    ensure!(matches!(kept[0].state, VoteState::Recorded { .. }));
    seat.shutdown().await;
    room.stop_controller()?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vote_cast_while_offline_survives_a_kiosk_restart_and_counts_once() -> Result<()> {
    let mut room = TestRoom::new(BrokerKind::Embedded, 3, bin()).await?;
    room.start_controller()?;
    let r = offline_vote_restart(&mut room).await;
    explained(&room, r)
}

async fn offline_vote_restart(room: &mut TestRoom) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let proxy = Proxy::start(room.broker_addr()?).await?;
    let seat = kiosk(room, 2, &proxy, dir.path()).await?;
    sign_in(&seat, 2).await?;
    let (mut console, _others) = open_motion(room, 2).await?;
    may_vote(&seat).await?;

    proxy.cut();
    seat.wait_until(WAIT, |v| matches!(v.connection, Connection::Offline { .. }))
        .await?;
    // Offline: the ballot is still open as far as the seat knows, so the
    // vote is taken, kept on disk, and waits.
    let vote_id = seat.cast(motion(MotionChoice::Against)).await?;
    ensure_eq!(vote_state(&seat, "m1"), Some(VoteState::Waiting));
    // Asking for the floor needs the room now, and says so.
    let floor = seat.request_floor().await;
    ensure!(
        matches!(floor, Err(seat::SeatError::Offline)),
        "the floor request offline: {floor:?}"
    );
    // The kiosk is restarted before the network is back.
    seat.shutdown().await;
    drop(seat);

    proxy.restore();
    let seat = kiosk(room, 2, &proxy, dir.path()).await?;
    let v = seat
        .wait_until(WAIT, |v| {
            matches!(v.vote(&id("m1")), Some(VoteState::Recorded { .. }))
        })
        .await
        .context("the vote kept on disk was never recorded")?;
    ensure!(v.votes.len() == 1, "{:?}", v.votes);
    let meeting = v
        .state
        .as_ref()
        .map(|s| s.meeting.clone())
        .context("state")?;
    ensure_eq!(seat.store().votes(&meeting)?[0].request.vote_id, vote_id);

    console
        .command(ConsoleCommand::CloseBallot { ballot: id("m1") })
        .await?;
    let result = ballot_result(&mut console, "m1").await?;
    ensure_eq!(result.cast, 1);
    ensure_eq!(counts(&result), vec![0, 1, 0]);
    seat.shutdown().await;
    room.stop_controller()?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_follows_the_presenter_until_the_delegate_reads_on_alone() -> Result<()> {
    let mut room = TestRoom::new(BrokerKind::Embedded, 3, bin()).await?;
    room.start_controller()?;
    let r = follow(&mut room).await;
    explained(&room, r)
}

async fn follow(room: &mut TestRoom) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let proxy = Proxy::start(room.broker_addr()?).await?;
    let seat = kiosk(room, 1, &proxy, dir.path()).await?;
    let mut events = seat.events();
    let mut console = room.console().await?;
    console.command(ConsoleCommand::OpenSession).await?;
    let show = |page| ConsoleCommand::ShowPage {
        document: id("doc1"),
        page,
    };
    let at = |page| PageRef {
        document: id("doc1"),
        page,
    };

    console.command(show(3)).await?;
    let turned = next_turn(&mut events).await?;
    ensure_eq!(turned, at(3), "the seat turns to the presenter's page");

    ensure_eq!(seat.set_following(false).await?, None);
    console.command(show(5)).await?;
    seat.wait_until(WAIT, |v| {
        v.state
            .as_ref()
            .and_then(|s| s.presenter.as_ref())
            .is_some_and(|p| p.page == 5)
    })
    .await?;
    // Reading alone: the seat heard page 5 but did not turn to it.
    while let Ok(e) = events.try_recv() {
        ensure!(
            !matches!(e, SeatEvent::TurnTo(_)),
            "turned while reading alone: {e:?}"
        );
    }
    // Following again turns to where the presenter is now.
    ensure_eq!(seat.set_following(true).await?, Some(at(5)));
    console.command(show(6)).await?;
    ensure_eq!(next_turn(&mut events).await?, at(6));
    seat.shutdown().await;
    room.stop_controller()?;
    Ok(())
}

async fn next_turn(events: &mut tokio::sync::broadcast::Receiver<SeatEvent>) -> Result<PageRef> {
    tokio::time::timeout(WAIT, async {
        loop {
            if let SeatEvent::TurnTo(p) = events.recv().await? {
                return Ok(p);
            }
        }
    })
    .await
    .context("no page turn")?
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_reads_its_cached_papers_with_the_controller_stopped() -> Result<()> {
    let mut room = TestRoom::new(BrokerKind::Embedded, 3, bin()).await?;
    room.start_controller()?;
    let r = cached_papers(&mut room).await;
    explained(&room, r)
}

async fn cached_papers(room: &mut TestRoom) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let proxy = Proxy::start(room.broker_addr()?).await?;
    let seat = kiosk(room, 3, &proxy, dir.path()).await?;
    let v = seat
        .wait_until(WAIT, |v| v.papers.total > 0 && v.papers.is_complete())
        .await
        .context("the papers never all arrived")?;
    let documents = v
        .manifest
        .as_ref()
        .context("manifest")?
        .meeting
        .documents
        .clone();
    ensure_eq!(v.papers.total, documents.len());
    ensure!(
        documents.iter().any(|d| d.classification.is_classified()),
        "the fixture has a classified paper"
    );

    // The controller (and with it the embedded broker) goes away.
    room.stop_controller()?;
    let v = seat
        .wait_until(WAIT, |v| matches!(v.connection, Connection::Offline { .. }))
        .await
        .context("the kiosk never said it is offline")?;
    ensure!(!v.is_online());

    // Every paper still opens and renders from the seat's own disk.
    let renderer =
        tokio::task::spawn_blocking(|| kiosk_core::render::Renderer::start(None, 64 << 20))
            .await??;
    for (doc, pages) in documents.iter().zip([6, 4]) {
        let source = seat.papers().source(&doc.sha256)?;
        let r = renderer.clone();
        let key = doc.id.to_string();
        let (info, page) = tokio::task::spawn_blocking(move || -> Result<_> {
            let info = r.open(key.clone(), source)?;
            let page = r.render(&key, 0, 600, 1.0)?;
            Ok((info, page))
        })
        .await??;
        ensure_eq!(info.pages, pages, "{} has its pages", doc.title);
        ensure_eq!(page.width, 600, "{} page 1 rendered", doc.title);
    }
    seat.shutdown().await;
    Ok(())
}
