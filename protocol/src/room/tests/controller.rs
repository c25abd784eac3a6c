//! What the console asks of the controller beyond the session: its status,
//! loading another meeting, pushing results and syncing now.

use super::*;
use crate::message::status::{
    CentralLink, ControllerStatus, PackageSource, PaperCounts, StoredMeeting,
};
use crate::message::{Manifest, Phase};

/// A status holding the test package as `mtg-1` (current) and the meetings
/// `(id, papers missing)` beside it.
pub(crate) fn status(others: &[(&str, u32)], central: CentralLink) -> ControllerStatus {
    let stored = |id_: &str, missing: u32, current: bool| StoredMeeting {
        id: id(id_),
        title: format!("Cuộc họp {id_}"),
        starts_at: "2026-11-23T08:00:00+07:00".into(),
        room: id("p301"),
        current,
        source: PackageSource::Central,
        stored_at: T0,
        papers: PaperCounts {
            total: 1,
            verified: 1 - missing.min(1),
            missing,
            ..PaperCounts::default()
        },
    };
    let mut meetings = vec![stored("mtg-1", 0, true)];
    meetings.extend(others.iter().map(|(m, missing)| stored(m, *missing, false)));
    ControllerStatus {
        at: T0,
        meetings,
        outbox: Vec::new(),
        central,
        last_sync: None,
    }
}

pub(crate) fn central() -> CentralLink {
    CentralLink::Reachable { at: T0 }
}

fn second_package() -> MeetingPackage {
    MeetingPackage {
        id: id("mtg-2"),
        title: "Hội nghị lần thứ hai".into(),
        ..package()
    }
}

fn published_on(step: &Step, topic: &Topic) -> Vec<Publish> {
    let topic = topic.to_string();
    step.publish
        .iter()
        .filter(|p| p.topic == topic)
        .cloned()
        .collect()
}

#[test]
fn a_closed_meeting_makes_way_for_another_with_its_own_session() {
    let mut h = Harness::in_session(5);
    let _ = h
        .room
        .update_status(h.now, status(&[("mtg-2", 0)], central()));
    let _ = h.command(ConsoleCommand::CloseMeeting);
    let step = h.command(ConsoleCommand::LoadMeeting {
        meeting: id("mtg-2"),
    });
    assert_eq!(step.actions, vec![Action::LoadMeeting(id("mtg-2"))]);
    assert!(step.facts.is_empty());

    // What the shell does: the package and facts of mtg-2 (none yet).
    let step = h
        .room
        .load(second_package(), &[], 0, h.now)
        .expect("a sound package");
    let manifest = published_on(&step, &Topic::Manifest(id("p301")));
    assert!(manifest[0].retain);
    assert!(matches!(
        &manifest[0].message,
        Outgoing::Manifest(m) if **m == Manifest { meeting: second_package().public_view() }
    ));
    let state = states(&step)[0];
    assert_eq!(
        (state.meeting.as_str(), state.phase),
        ("mtg-2", Phase::Waiting)
    );
    assert_eq!(state.attendance.present, 0);
    assert_eq!(
        published_on(&step, &Topic::ConsoleSeats(id("p301"))).len(),
        1
    );
    assert_eq!(
        published_on(&step, &Topic::ConsoleStatus(id("p301"))).len(),
        1
    );

    // The new meeting runs: its own session opens, with the same console.
    let _ = h.sign_in(1);
    let step = h.command(ConsoleCommand::OpenSession);
    assert_eq!(states(&step)[0].phase, Phase::InSession);
}

#[test]
fn a_waiting_meeting_may_be_replaced_and_loading_the_current_one_does_nothing() {
    let mut h = Harness::new();
    let _ = h
        .room
        .update_status(h.now, status(&[("mtg-2", 0)], central()));
    let same = h.command(ConsoleCommand::LoadMeeting {
        meeting: id("mtg-1"),
    });
    assert!(same.actions.is_empty());
    let other = h.command(ConsoleCommand::LoadMeeting {
        meeting: id("mtg-2"),
    });
    assert_eq!(other.actions, vec![Action::LoadMeeting(id("mtg-2"))]);
}

#[test]
fn a_package_for_another_room_is_not_loaded() {
    let mut h = Harness::new();
    let elsewhere = MeetingPackage {
        room: id("p999"),
        ..second_package()
    };
    assert!(h.room.load(elsewhere, &[], 0, h.now).is_err());
    assert_eq!(h.room.package().id.as_str(), "mtg-1");
}

#[test]
fn a_restored_session_comes_back_with_the_meeting_it_belongs_to() {
    let mut h = Harness::in_session(3);
    let _ = h.command(ConsoleCommand::CloseMeeting);
    let mut old = Harness::new();
    let mut facts = Vec::new();
    for n in 1..=2 {
        facts.extend(old.sign_in(n).facts);
    }
    facts.extend(old.command(ConsoleCommand::OpenSession).facts);
    let step = h
        .room
        .load(second_package(), &facts, 41, h.now)
        .expect("a sound package");
    let state = states(&step)[0];
    assert_eq!(state.revision, 42);
    assert_eq!(state.phase, Phase::InSession);
    assert_eq!(state.attendance.present, 2);
}

#[test]
fn pushing_results_and_syncing_are_asked_of_the_shell_even_after_the_close() {
    let mut h = Harness::in_session(5);
    let _ = h.room.update_status(h.now, status(&[], central()));
    let _ = h.command(ConsoleCommand::CloseMeeting);
    let push = h
        .command_as(OperatorRole::It, ConsoleCommand::RetryUpload)
        .expect("IT may push the results");
    assert_eq!(push.actions, vec![Action::PushResults]);
    let sync = h
        .command_as(OperatorRole::Secretary, ConsoleCommand::SyncNow)
        .expect("a secretary may sync");
    assert_eq!(sync.actions, vec![Action::SyncNow]);
}

#[test]
fn it_may_push_results_and_sync_but_not_load_a_meeting() {
    let load = ConsoleCommand::LoadMeeting {
        meeting: id("mtg-2"),
    };
    for role in [OperatorRole::Secretary, OperatorRole::Chair] {
        assert!(role.permits(&load));
    }
    assert!(!OperatorRole::It.permits(&load));
    for cmd in [ConsoleCommand::RetryUpload, ConsoleCommand::SyncNow] {
        for role in [
            OperatorRole::Secretary,
            OperatorRole::Chair,
            OperatorRole::It,
        ] {
            assert!(role.permits(&cmd), "{role:?} {cmd:?}");
        }
    }
}

#[test]
fn the_status_is_published_retained_when_it_changes_but_not_for_its_time_alone() {
    let mut h = Harness::new();
    let topic = Topic::ConsoleStatus(id("p301"));
    let first = h
        .room
        .update_status(h.now, status(&[], CentralLink::Unknown));
    let published = published_on(&first, &topic);
    assert_eq!(published.len(), 1);
    assert!(published[0].retain);

    let later = ControllerStatus {
        at: T0.plus_millis(5000),
        ..status(&[], CentralLink::Unknown)
    };
    assert!(h.room.update_status(h.now, later).publish.is_empty());
    let changed = h.room.update_status(h.now, status(&[], central()));
    assert_eq!(published_on(&changed, &topic).len(), 1);
    // A reconnect announces it again.
    let announced = h.room.announce(h.now);
    assert_eq!(published_on(&announced, &topic).len(), 1);
}

#[test]
fn the_seat_map_is_retained_for_a_console_that_connects_late() {
    let mut h = Harness::new();
    let step = h.room.announce(h.now);
    let maps = published_on(&step, &Topic::ConsoleSeats(id("p301")));
    assert_eq!(maps.len(), 1);
    assert!(maps[0].retain);
    assert!(published_on(&step, &Topic::ConsoleDown(id("p301"))).is_empty());
}
