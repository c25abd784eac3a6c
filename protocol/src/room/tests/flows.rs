//! Whole flows through the room: table-driven where cases share a shape.

use super::*;
use crate::message::{Phase, RoomEvent};
use crate::tally::Outcome;

fn result_of(step: &Step) -> crate::tally::BallotResult {
    events(step)
        .into_iter()
        .find_map(|e| match e {
            RoomEvent::BallotClosed { result } => Some(result.clone()),
            _ => None,
        })
        .expect("the ballot closed in this step")
}

#[test]
fn an_open_motion_is_held_and_decided_by_its_rule() {
    // (rule, votes of d1..d5, passed?)
    let cases: &[(MajorityRule, [Option<Choice>; 5], bool)] = &[
        (
            MajorityRule::MoreThanHalfOfMembers,
            [
                Some(yes()),
                Some(yes()),
                Some(yes()),
                Some(no()),
                Some(abstain()),
            ],
            true,
        ),
        (
            MajorityRule::MoreThanHalfOfMembers,
            [Some(yes()), Some(yes()), None, None, Some(no())],
            false,
        ),
        (
            MajorityRule::MoreThanHalfOfCast,
            [Some(yes()), Some(yes()), None, None, Some(no())],
            true,
        ),
        (
            MajorityRule::MoreThanHalfOfPresent,
            [Some(yes()), Some(yes()), Some(no()), None, None],
            false,
        ),
        (
            MajorityRule::TwoThirdsOfMembers,
            [
                Some(yes()),
                Some(yes()),
                Some(yes()),
                Some(yes()),
                Some(no()),
            ],
            true,
        ),
        (
            MajorityRule::TwoThirdsOfMembers,
            [
                Some(yes()),
                Some(yes()),
                Some(yes()),
                Some(no()),
                Some(no()),
            ],
            false,
        ),
    ];
    for (rule, votes, passed) in cases {
        let mut h = Harness::in_session(5);
        let _ = h.open(BallotSpec {
            majority: *rule,
            ..motion("m9")
        });
        for (i, v) in votes.iter().enumerate() {
            if let Some(choice) = v {
                let n = u32::try_from(i).expect("small") + 1;
                let step = h.vote(n, "m9", &format!("v{n}"), choice);
                assert!(matches!(
                    Harness::reply(&step, &format!("s{n}")),
                    SeatReply::VoteRecorded { .. }
                ));
                assert_eq!(step.facts.len(), 1, "one fact per counted vote");
            }
        }
        let step = h.command(ConsoleCommand::CloseBallot { ballot: id("m9") });
        let result = result_of(&step);
        assert_eq!(
            result.outcome,
            Outcome::Motion { passed: *passed },
            "{rule:?} {votes:?}"
        );
        assert_eq!(result.members, 5);
        assert_eq!(result.present, 5);
        assert_eq!(h.room.snapshot().results, vec![result]);
        assert!(h.room.snapshot().ballot.is_none());
    }
}

#[test]
fn a_vote_retried_five_times_counts_once_and_gets_the_same_receipt() {
    let mut h = Harness::in_session(5);
    let _ = h.open(motion("m9"));
    let mut receipts = Vec::new();
    let mut facts = 0;
    for _ in 0..5 {
        let step = h.vote(2, "m9", "v-42", &yes());
        facts += step.facts.len();
        match Harness::reply(&step, "s2") {
            SeatReply::VoteRecorded { receipt, .. } => receipts.push(receipt),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(facts, 1);
    assert!(receipts.windows(2).all(|w| w[0] == w[1]));
    let result = result_of(&h.command(ConsoleCommand::CloseBallot { ballot: id("m9") }));
    assert_eq!(result.cast, 1);
    assert_eq!(result.options[0].votes, 1);
}

#[test]
fn a_retry_after_the_reply_was_lost_is_answered_without_counting_again() {
    // The kiosk's connection drops after sending: the reply never arrives.
    // It resends the same vote in a new envelope (new sequence number).
    let mut h = Harness::in_session(5);
    let _ = h.open(motion("m9"));
    let lost = h.vote(3, "m9", "v-7", &no());
    assert_eq!(lost.facts.len(), 1);
    let again = h.vote(3, "m9", "v-7", &no());
    assert!(again.facts.is_empty());
    assert!(matches!(
        Harness::reply(&again, "s3"),
        SeatReply::VoteRecorded { .. }
    ));
}

#[test]
fn an_open_ballot_that_allows_changes_counts_the_last_choice() {
    let mut h = Harness::in_session(5);
    let _ = h.open(BallotSpec {
        allow_change: true,
        ..motion("m9")
    });
    let _ = h.vote(1, "m9", "v1", &yes());
    let step = h.vote(1, "m9", "v2", &no());
    assert!(matches!(
        Harness::reply(&step, "s1"),
        SeatReply::VoteRecorded { .. }
    ));
    let result = result_of(&h.command(ConsoleCommand::CloseBallot { ballot: id("m9") }));
    assert_eq!(result.cast, 1);
    let votes: Vec<u32> = result.options.iter().map(|o| o.votes).collect();
    assert_eq!(votes, vec![0, 1, 0]);
}

#[test]
fn a_room_rebuilt_from_its_facts_goes_on_where_it_stood() {
    let mut h = Harness::in_session(5);
    let mut facts: Vec<Fact> = Vec::new();
    let mut keep_facts = |s: Step| facts.extend(s.facts);
    keep_facts(h.command(ConsoleCommand::SetItem { item: id("i2") }));
    keep_facts(h.command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::Prepared(id("e1")),
    }));
    for n in 1..=3 {
        keep_facts(h.vote(n, "e1", &format!("v{n}"), &keep(&["ca", "cb"])));
    }
    // Facts from before the harness recorded them: sign-ins and the opening.
    let mut all = Vec::new();
    let mut fresh = Harness::new();
    for n in 1..=5 {
        all.extend(fresh.sign_in(n).facts);
    }
    all.extend(fresh.command(ConsoleCommand::OpenSession).facts);
    all.extend(facts);

    let before = h.room.snapshot();
    let restored = Room::restore(setup(), &all, h.room.revision()).expect("restores");
    let mut r = Harness::with_room(restored);
    // The kiosks keep their sequence numbers across the controller's restart.
    r.seats = std::mem::take(&mut h.seats);
    r.rng = ChaCha20Rng::seed_from_u64(99);
    assert_eq!(r.room.snapshot(), before);

    // A vote that was recorded before the restart is still recorded, once.
    let again = r.vote(2, "e1", "v2", &keep(&["ca", "cb"]));
    assert!(again.facts.is_empty());
    assert!(matches!(
        Harness::reply(&again, "s2"),
        SeatReply::VoteRecorded { .. }
    ));
    // The ballot goes on: new votes still open with the restored key.
    let step = r.vote(4, "e1", "v4", &keep(&["cc"]));
    assert_eq!(step.facts.len(), 2);
    let result = result_of(&r.command(ConsoleCommand::CloseBallot { ballot: id("e1") }));
    assert_eq!(result.cast, 4);
    let votes: Vec<u32> = result.options.iter().map(|o| o.votes).collect();
    assert_eq!(votes, vec![3, 3, 1]);
    assert_eq!(
        result.outcome,
        Outcome::Election {
            elected: vec![id("ca"), id("cb")],
            tied: vec![]
        }
    );
}

#[test]
fn a_ballot_with_a_timer_closes_itself_when_time_is_up() {
    let mut h = Harness::in_session(5);
    let _ = h.open(BallotSpec {
        duration_secs: Some(30),
        ..motion("m9")
    });
    let _ = h.advance(1_000);
    assert_eq!(h.room.next_deadline(), Some(T0.plus_millis(30_000)));
    let _ = h.vote(1, "m9", "v1", &yes());
    let _ = h.advance(1_000);
    let early = h.advance(27_000);
    assert!(h.room.snapshot().ballot.is_some());
    assert!(early.facts.is_empty());
    let step = h.advance(1_000);
    let result = result_of(&step);
    assert_eq!(result.cast, 1);
    assert!(h.room.snapshot().ballot.is_none());
    assert_eq!(h.room.next_deadline(), None);
}

#[test]
fn a_burst_of_votes_is_published_as_one_state_after_the_coalescing_delay() {
    let mut h = Harness::in_session(5);
    let _ = h.open(motion("m9"));
    let _ = h.advance(1_000);
    let revision = h.room.revision();
    let mut published = 0;
    for n in 1..=4 {
        published += states(&h.vote(n, "m9", &format!("v{n}"), &yes())).len();
    }
    assert_eq!(published, 0, "votes alone publish no state at once");
    assert_eq!(
        h.room.next_deadline(),
        Some(h.now.plus_millis(STATE_COALESCE_MS))
    );
    let step = h.advance(STATE_COALESCE_MS);
    let s = states(&step);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].ballot.as_ref().map(|b| b.voted), Some(4));
    assert_eq!(s[0].revision, revision + 1);
}

#[test]
fn the_vote_that_leaves_no_signed_in_member_waiting_publishes_the_state_at_once() {
    let mut h = Harness::in_session(5);
    let _ = h.open(motion("m9"));
    let _ = h.advance(1_000);
    for n in 1..=4 {
        assert!(states(&h.vote(n, "m9", &format!("v{n}"), &yes())).is_empty());
    }
    let last = h.vote(5, "m9", "v5", &yes());
    let s = states(&last);
    assert_eq!(s.len(), 1, "the last vote publishes without waiting");
    assert_eq!(s[0].ballot.as_ref().map(|b| b.voted), Some(5));
    // Nothing is left pending: the coalesced state went out with the last vote.
    assert!(states(&h.advance(STATE_COALESCE_MS)).is_empty());
}

#[test]
fn secretary_commands_publish_the_state_at_once_with_a_new_revision() {
    let mut h = Harness::in_session(5);
    let r0 = h.room.revision();
    let step = h.command(ConsoleCommand::SetItem { item: id("i2") });
    let s = states(&step);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].current_item, Some(id("i2")));
    assert!(s[0].revision > r0);
}

#[test]
fn show_page_tells_everyone_and_stays_in_the_state_for_late_joiners() {
    let mut h = Harness::in_session(5);
    let step = h.command(ConsoleCommand::ShowPage {
        document: id("doc1"),
        page: 7,
    });
    assert!(
        events(&step)
            .iter()
            .any(|e| matches!(e, RoomEvent::PageSync { page } if page.page == 7))
    );
    assert_eq!(h.room.snapshot().presenter.map(|p| p.page), Some(7));
}

#[test]
fn the_speakers_queue_grants_the_floor_in_order() {
    let mut h = Harness::in_session(5);
    for (n, pos) in [(2, 1), (3, 2), (4, 3)] {
        let step = h.seat(&format!("s{n}"), &SeatRequest::RequestFloor);
        assert_eq!(
            Harness::reply(&step, &format!("s{n}")),
            SeatReply::FloorQueued { position: pos }
        );
    }
    let _ = h.seat("s3", &SeatRequest::WithdrawFloor);
    let _ = h.command(ConsoleCommand::NextSpeaker);
    let sp = h.room.snapshot().speakers;
    assert_eq!(sp.floor, Some(id("d2")));
    assert_eq!(sp.queue, vec![id::<DelegateId>("d4")]);
    let _ = h.command(ConsoleCommand::GrantFloor { delegate: id("d5") });
    let _ = h.command(ConsoleCommand::RemoveSpeaker { delegate: id("d4") });
    let sp = h.room.snapshot().speakers;
    assert_eq!((sp.floor, sp.queue.len()), (Some(id("d5")), 0));
}

#[test]
fn attendance_counts_members_signed_in_or_marked_present_not_observers() {
    let mut h = Harness::in_session(3);
    let _ = h.sign_in(6);
    let _ = h.command(ConsoleCommand::MarkPresent {
        delegate: id("d5"),
        present: true,
    });
    let a = h.room.attendance();
    assert_eq!((a.members, a.present, a.signed_in), (5, 4, 4));
    // Now 4 of 5: two-thirds met, the prepared motion may open.
    assert!(
        h.command_as(
            OperatorRole::Secretary,
            ConsoleCommand::OpenBallot {
                ballot: BallotRef::Prepared(id("m1"))
            }
        )
        .is_ok()
    );
}

#[test]
fn a_delegate_signs_in_with_a_pin_at_their_own_seat() {
    let mut h = Harness::new();
    let cred = |pin: &str| Credential::Pin {
        delegate: id("d4"),
        pin_hash: pin_hash(&id("mtg-1"), &id("d4"), pin),
    };
    let wrong = h.seat(
        "s4",
        &SeatRequest::SignIn {
            credential: cred("0000"),
        },
    );
    assert_eq!(
        rejected(&Harness::reply(&wrong, "s4")),
        Some(Rejection::BadCredential)
    );
    let ok = h.seat(
        "s4",
        &SeatRequest::SignIn {
            credential: cred("4444"),
        },
    );
    assert!(matches!(
        Harness::reply(&ok, "s4"),
        SeatReply::SignedIn { .. }
    ));
    assert_eq!(
        h.room.session().at_seat.get(&id::<SeatId>("s4")),
        Some(&id("d4"))
    );
}

#[test]
fn closing_the_meeting_ends_the_session_for_every_request() {
    let mut h = Harness::in_session(5);
    let _ = h.command(ConsoleCommand::CloseMeeting);
    assert_eq!(h.room.snapshot().phase, Phase::Closed);
    let step = h.seat("s2", &SeatRequest::RequestFloor);
    assert_eq!(
        rejected(&Harness::reply(&step, "s2")),
        Some(Rejection::NotInSession)
    );
    assert!(matches!(
        h.command_as(OperatorRole::Secretary, ConsoleCommand::OpenSession),
        Err((Rejection::MeetingClosed, _))
    ));
}

#[test]
fn a_ballot_is_never_held_twice() {
    let mut h = Harness::in_session(5);
    let _ = h.open(motion("m9"));
    let _ = h.command(ConsoleCommand::CloseBallot { ballot: id("m9") });
    assert!(matches!(
        h.command_as(
            OperatorRole::Secretary,
            ConsoleCommand::OpenBallot {
                ballot: BallotRef::New(motion("m9"))
            }
        ),
        Err((Rejection::InvalidBallot, _))
    ));
}

#[test]
fn everything_the_room_publishes_verifies_with_the_controller_key() {
    let mut h = Harness::in_session(5);
    let mut all = h.room.announce(h.now).publish;
    all.extend(h.open(motion("m9")).publish);
    all.extend(h.vote(1, "m9", "v1", &yes()).publish);
    all.extend(h.advance(1_000).publish);
    let mut reg = KeyRegistry::new();
    reg.insert(
        id("controller"),
        controller_key().verifying_key(),
        Principal::Controller,
    );
    let mut v = Verifier::new(reg);
    for p in &all {
        let topic = Topic::parse(&p.topic).expect("our topic");
        assert_eq!(p.retain, topic.retained());
        let opened = v.open::<serde_json::Value>(&topic, h.now, &p.payload);
        assert!(opened.is_ok(), "{}: {opened:?}", p.topic);
    }
    assert!(all.iter().any(|p| p.topic.ends_with("/manifest")));
}

#[test]
fn the_manifest_carries_no_card_or_pin_hashes() {
    let mut h = Harness::new();
    let step = h.room.announce(h.now);
    let manifest = step
        .publish
        .iter()
        .find_map(|p| match &p.message {
            Outgoing::Manifest(m) => Some(m.clone()),
            _ => None,
        })
        .expect("a manifest");
    assert!(
        manifest
            .meeting
            .delegates
            .iter()
            .all(|d| d.card_hash.is_none() && d.pin_hash.is_none())
    );
}

#[test]
fn the_seat_map_shows_who_voted_but_not_what() {
    let mut h = Harness::in_session(5);
    let _ = h.open(election("e9"));
    let _ = h.vote(2, "e9", "v2", &keep(&["cb"]));
    let map = h.room.seat_map();
    let voted: Vec<_> = map
        .seats
        .iter()
        .filter(|r| r.voted)
        .map(|r| r.seat.to_string())
        .collect();
    assert_eq!(voted, vec!["s2"]);
}
