//! What the console sees of the controller: the retained seat map and
//! status, loading another meeting, syncing and pushing results on demand.

use anyhow::Result;
use protocol::ids::MeetingId;
use protocol::meeting::MeetingPackage;
use protocol::message::status::{CentralLink, ControllerStatus, UploadState};
use protocol::message::{ConsoleCommand, ConsoleReply, OperatorRole, Phase, SeatReply};
use protocol::reject::Rejection;
use tests::{BrokerKind, Heard, SimSeat, TestRoom, fixture};

use super::{WAIT, bin, explained, id, seat_map, signed_in_seats};

/// The console's next status that `accept` takes.
async fn status(
    console: &mut SimSeat,
    accept: impl Fn(&ControllerStatus) -> bool,
) -> Result<ControllerStatus> {
    console
        .wait_for(WAIT, |h| match h {
            Heard::Status(s) if accept(s) => Some((**s).clone()),
            _ => None,
        })
        .await
}

fn current(s: &ControllerStatus) -> Option<&str> {
    s.meetings.iter().find(|m| m.current).map(|m| m.id.as_str())
}

fn another_meeting(meeting: &str, starts_at: &str) -> MeetingPackage {
    MeetingPackage {
        id: id::<MeetingId>(meeting),
        title: format!("Hội nghị {meeting}"),
        starts_at: starts_at.into(),
        ..fixture::package(2)
    }
}

fn papers() -> Vec<Vec<u8>> {
    fixture::papers().into_iter().map(|(_, b)| b).collect()
}

async fn refused(
    console: &mut SimSeat,
    role: OperatorRole,
    cmd: ConsoleCommand,
) -> Result<Rejection> {
    match console.command_as(role, cmd).await? {
        ConsoleReply::Rejected { reason, .. } => Ok(reason),
        other => anyhow::bail!("expected a refusal, got {other:?}"),
    }
}

on_both_brokers!(
    a_console_that_connects_late_gets_the_seat_map_and_the_controller_status,
    late_console
);

async fn late_console(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 2, bin()).await?;
    room.start_controller()?;
    let r = async {
        let mut early = room.console().await?;
        let _seats = signed_in_seats(&room).await?;
        let both_in =
            |m: &protocol::message::SeatMap| m.seats.iter().filter(|s| s.signed_in).count() == 2;
        let map = seat_map(&mut early, both_in).await?;
        // Nothing changes from here: a console connecting now hears only
        // what the broker kept.
        let mut late = room.console().await?;
        ensure_eq!(seat_map(&mut late, |_| true).await?, map);
        let s = status(&mut late, |_| true).await?;
        ensure_eq!(current(&s), Some(fixture::MEETING));
        let ours = &s.meetings[0];
        ensure_eq!(ours.papers.missing, 0);
        ensure_eq!(ours.papers.verified, ours.papers.total);
        anyhow::ensure!(ours.papers.total > 0, "{s:?}");
        anyhow::ensure!(matches!(s.central, CentralLink::Reachable { .. }), "{s:?}");
        anyhow::ensure!(s.last_sync.as_ref().is_some_and(|l| l.ok), "{s:?}");
        Ok(())
    }
    .await;
    explained(&room, r)
}

on_both_brokers!(
    the_console_loads_another_meeting_syncs_and_pushes_its_results,
    load_sync_and_push
);

async fn load_sync_and_push(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 2, bin()).await?;
    room.standin.add_meeting(
        another_meeting("hn-2026-12", "2026-12-23T08:00:00+07:00"),
        papers(),
    )?;
    room.start_controller()?;
    let r = async {
        let mut console = room.console().await?;
        let s = status(&mut console, |s| s.meetings.len() == 2).await?;
        ensure_eq!(current(&s), Some(fixture::MEETING));
        let mut seat = room.seat(1).await?;

        let load = |m: &str| ConsoleCommand::LoadMeeting { meeting: id(m) };
        ensure_eq!(
            refused(&mut console, OperatorRole::It, load("hn-2026-12")).await?,
            Rejection::NotPermitted
        );
        ensure_eq!(
            refused(&mut console, OperatorRole::Secretary, load("hn-2099")).await?,
            Rejection::UnknownMeeting
        );
        console.command(load("hn-2026-12")).await?;
        seat.wait_for(WAIT, |h| match h {
            Heard::Manifest(m) if m.meeting.id.as_str() == "hn-2026-12" => Some(()),
            _ => None,
        })
        .await?;
        seat.wait_state(WAIT, |s| s.meeting.as_str() == "hn-2026-12")
            .await?;
        status(&mut console, |s| current(s) == Some("hn-2026-12")).await?;

        // The loaded meeting runs; while it is in session, no other loads.
        let reply = seat.sign_in(&fixture::card_uid(1)).await?;
        anyhow::ensure!(matches!(reply, SeatReply::SignedIn { .. }), "{reply:?}");
        console.command(ConsoleCommand::OpenSession).await?;
        ensure_eq!(
            refused(
                &mut console,
                OperatorRole::Secretary,
                load(fixture::MEETING)
            )
            .await?,
            Rejection::MeetingInProgress
        );

        // A meeting planned since the start arrives when IT asks for a sync.
        room.standin.add_meeting(
            another_meeting("hn-2027-01", "2027-01-20T08:00:00+07:00"),
            papers(),
        )?;
        console
            .command_as(OperatorRole::It, ConsoleCommand::SyncNow)
            .await?;
        status(&mut console, |s| s.meetings.len() == 3).await?;

        // Results that the central system refuses stay pending, with the
        // error, until it takes them.
        room.standin.set_failure(Some(503));
        console.command(ConsoleCommand::CloseMeeting).await?;
        seat.wait_state(WAIT, |s| s.phase == Phase::Closed).await?;
        let pending = status(&mut console, |s| {
            s.outbox
                .iter()
                .any(|u| u.state == UploadState::Pending && u.last_error.is_some())
        })
        .await?;
        ensure_eq!(pending.outbox[0].meeting.as_str(), "hn-2026-12");
        room.standin.set_failure(None);
        console
            .command_as(OperatorRole::It, ConsoleCommand::RetryUpload)
            .await?;
        status(&mut console, |s| {
            !s.outbox.is_empty() && s.outbox.iter().all(|u| u.state == UploadState::Done)
        })
        .await?;
        let results = room.standin.results();
        ensure_eq!(results[0].meeting.as_str(), "hn-2026-12");
        room.stop_controller()?;
        Ok(())
    }
    .await;
    explained(&room, r)
}
