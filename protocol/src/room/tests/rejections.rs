//! One scenario per rejection reason. `provoke` matches every variant with no
//! wildcard, so a new reason cannot be added without a scenario here.

use serde_json::{Value, json};

use super::controller::{central, status};
use super::*;
use crate::message::Comment;
use crate::message::record::MAX_CONCLUSION_CHARS;
use crate::message::status::CentralLink;

/// Brings the room to refuse for `reason`; returns the reason it gave.
fn provoke(reason: Rejection) -> Rejection {
    let mut h = Harness::in_session(5);
    let up = Topic::SeatUp(id("p301"), id("s1")).to_string();
    let drop = |h: &mut Harness, topic: &str, bytes: &[u8]| {
        let step = h.room.receive(h.now, topic, bytes);
        assert!(
            step.facts.is_empty() && step.publish.is_empty(),
            "a dropped message changes nothing"
        );
        step.dropped.expect("dropped").reason
    };
    let seat_says = |h: &mut Harness, seat: &str, req: SeatRequest| {
        let step = h.seat(seat, &req);
        assert!(step.facts.is_empty(), "a refused request records nothing");
        rejected(&Harness::reply(&step, seat)).expect("refused")
    };
    let console_says = |h: &mut Harness, role, cmd| match h.command_as(role, cmd) {
        Err((r, step)) => {
            assert!(step.facts.is_empty(), "a refused command records nothing");
            r
        }
        Ok(_) => panic!("command accepted"),
    };
    let good = |h: &mut Harness| h.seal_seat("s1", &SeatRequest::RequestFloor);
    let edit = |bytes: &[u8], f: &dyn Fn(&mut Value)| {
        let mut v: Value = serde_json::from_slice(bytes).expect("json");
        f(&mut v);
        serde_json::to_vec(&v).expect("json")
    };
    let vote = |n: u32, ballot: &str, vote_id: &str, paper: VotePaper| {
        SeatRequest::CastVote(CastVote {
            ballot: id(ballot),
            vote_id: id(vote_id),
            delegate: id(&format!("d{n}")),
            paper,
        })
    };
    let comment = |text: &str, doc: Option<&str>, page| {
        SeatRequest::Comment(Comment {
            comment_id: id("c1"),
            delegate: id("d1"),
            item: None,
            document: doc.map(id),
            page,
            text: text.into(),
        })
    };
    let secretary = OperatorRole::Secretary;
    match reason {
        Rejection::Malformed => drop(&mut h, &up, b"{\"v\":1,"),
        Rejection::TooLarge => drop(&mut h, &up, &vec![b'x'; 300 * 1024]),
        Rejection::UnsupportedVersion => {
            let b = good(&mut h);
            drop(&mut h, &up, &edit(&b, &|v| v["v"] = json!(9)))
        }
        Rejection::UnknownSender => {
            let mut stranger = Signer::new(id("kiosk-99"), SigningKey::from_bytes(&[99; 32]), 1);
            let b = stranger.seal(
                &Topic::SeatUp(id("p301"), id("s1")),
                h.now,
                &SeatRequest::RequestFloor,
            );
            drop(&mut h, &up, &b)
        }
        Rejection::WrongTopic => {
            // Seat 1's kiosk publishing as seat 2.
            let topic = Topic::SeatUp(id("p301"), id("s2"));
            let now = h.now;
            let b = h.seats.get_mut(&id::<SeatId>("s1")).expect("seat").seal(
                &topic,
                now,
                &SeatRequest::RequestFloor,
            );
            drop(&mut h, &topic.to_string(), &b)
        }
        Rejection::BadSignature => {
            let b = good(&mut h);
            drop(
                &mut h,
                &up,
                &edit(&b, &|v| v["body"]["type"] = json!("withdraw-floor")),
            )
        }
        Rejection::Stale => {
            let b = good(&mut h);
            let _ = h.advance(60 * 60 * 1000);
            drop(&mut h, &up, &b)
        }
        Rejection::Replayed => {
            let b = good(&mut h);
            let _ = h.room.receive(h.now, &up, &b);
            drop(&mut h, &up, &b)
        }
        Rejection::BadBody => {
            let topic = Topic::SeatUp(id("p301"), id("s1"));
            let now = h.now;
            let b = h.seats.get_mut(&id::<SeatId>("s1")).expect("seat").seal(
                &topic,
                now,
                &json!({"type": "dance"}),
            );
            drop(&mut h, &up, &b)
        }
        Rejection::BadCredential => {
            let card = Credential::Card {
                card_hash: card_hash(b"stolen"),
            };
            seat_says(&mut h, "s6", SeatRequest::SignIn { credential: card })
        }
        Rejection::WrongSeat => {
            let card = Credential::Card {
                card_hash: card_hash(b"card-2"),
            };
            seat_says(&mut h, "s6", SeatRequest::SignIn { credential: card })
        }
        Rejection::NotSignedIn => {
            let _ = h.open(motion("m9"));
            seat_says(&mut h, "s6", vote(6, "m9", "v1", VotePaper::Plain(yes())))
        }
        Rejection::NotEligible => {
            let _ = h.sign_in(6);
            let _ = h.open(motion("m9"));
            seat_says(&mut h, "s6", vote(6, "m9", "v1", VotePaper::Plain(yes())))
        }
        Rejection::NotInSession => {
            let mut h = Harness::new();
            let _ = h.sign_in(1);
            seat_says(&mut h, "s1", SeatRequest::RequestFloor)
        }
        Rejection::MeetingClosed => {
            let _ = h.command(ConsoleCommand::CloseMeeting);
            seat_says(&mut h, "s1", vote(1, "m1", "v1", VotePaper::Plain(yes())))
        }
        Rejection::BallotNotOpen => {
            seat_says(&mut h, "s1", vote(1, "m1", "v1", VotePaper::Plain(yes())))
        }
        Rejection::BallotAlreadyOpen => {
            let _ = h.open(motion("m9"));
            console_says(
                &mut h,
                secretary,
                ConsoleCommand::OpenBallot {
                    ballot: BallotRef::Prepared(id("m1")),
                },
            )
        }
        Rejection::TooLate => {
            let _ = h.open(BallotSpec {
                duration_secs: Some(30),
                ..motion("m9")
            });
            h.now = h.now.plus_millis(30_000);
            seat_says(&mut h, "s1", vote(1, "m9", "v1", VotePaper::Plain(yes())))
        }
        Rejection::AlreadyVoted => {
            let _ = h.open(motion("m9"));
            let _ = h.vote(1, "m9", "v1", &yes());
            seat_says(&mut h, "s1", vote(1, "m9", "v2", VotePaper::Plain(no())))
        }
        Rejection::InvalidChoice => {
            let _ = h.open(motion("m9"));
            seat_says(
                &mut h,
                "s1",
                vote(1, "m9", "v1", VotePaper::Plain(keep(&["ca"]))),
            )
        }
        Rejection::SealedRequired => {
            let _ = h.open(election("e9"));
            seat_says(
                &mut h,
                "s1",
                vote(1, "e9", "v1", VotePaper::Plain(keep(&["ca"]))),
            )
        }
        Rejection::PlainRequired => {
            let _ = h.open(motion("m9"));
            let other = crate::sealed::BallotSecret::from_entropy([1; 32]).public_key();
            let paper = VotePaper::Sealed(sealed::seal(&motion("m9"), &other, &yes(), &mut h.rng));
            seat_says(&mut h, "s1", vote(1, "m9", "v1", paper))
        }
        Rejection::BadSeal => {
            let _ = h.open(election("e9"));
            let wrong = crate::sealed::BallotSecret::from_entropy([1; 32]).public_key();
            let paper = VotePaper::Sealed(sealed::seal(
                &election("e9"),
                &wrong,
                &keep(&["ca"]),
                &mut h.rng,
            ));
            seat_says(&mut h, "s1", vote(1, "e9", "v1", paper))
        }
        Rejection::QuorumNotMet => {
            let mut h = Harness::in_session(3);
            // 3 of 5 members: not two-thirds.
            console_says(
                &mut h,
                secretary,
                ConsoleCommand::OpenBallot {
                    ballot: BallotRef::Prepared(id("m1")),
                },
            )
        }
        Rejection::InvalidBallot => {
            let spec = BallotSpec {
                secret: true,
                allow_change: true,
                ..motion("m9")
            };
            console_says(
                &mut h,
                secretary,
                ConsoleCommand::OpenBallot {
                    ballot: BallotRef::New(spec),
                },
            )
        }
        Rejection::UnknownItem => console_says(
            &mut h,
            secretary,
            ConsoleCommand::SetItem { item: id("i99") },
        ),
        Rejection::UnknownDocument => seat_says(
            &mut h,
            "s1",
            comment("Trang 3 cần sửa", Some("doc99"), Some(3)),
        ),
        Rejection::UnknownDelegate => console_says(
            &mut h,
            secretary,
            ConsoleCommand::GrantFloor {
                delegate: id("d99"),
            },
        ),
        Rejection::AlreadyQueued => {
            let _ = h.seat("s1", &SeatRequest::RequestFloor);
            seat_says(&mut h, "s1", SeatRequest::RequestFloor)
        }
        Rejection::NotQueued => seat_says(&mut h, "s1", SeatRequest::WithdrawFloor),
        Rejection::QueueEmpty => console_says(&mut h, secretary, ConsoleCommand::NextSpeaker),
        Rejection::BadText => seat_says(&mut h, "s1", comment("   ", None, None)),
        Rejection::NotPermitted => console_says(
            &mut h,
            OperatorRole::It,
            ConsoleCommand::OpenBallot {
                ballot: BallotRef::Prepared(id("m1")),
            },
        ),
        Rejection::BallotStillOpen => {
            let _ = h.open(motion("m9"));
            console_says(&mut h, secretary, ConsoleCommand::CloseMeeting)
        }
        Rejection::RecordFull => {
            let text = "Kết luận dài ".repeat(MAX_CONCLUSION_CHARS / 13);
            let fill = |h: &mut Harness| {
                h.command_as(
                    secretary,
                    ConsoleCommand::AddConclusion {
                        item: id("i1"),
                        text: text.clone(),
                    },
                )
            };
            let mut accepted = 0;
            loop {
                match fill(&mut h) {
                    Ok(_) => accepted += 1,
                    Err((r, step)) => {
                        assert!(step.facts.is_empty(), "a refused command records nothing");
                        assert!(accepted > 10, "only {accepted} conclusions fit");
                        break r;
                    }
                }
            }
        }
        Rejection::MeetingInProgress => {
            let _ = h
                .room
                .update_status(h.now, status(&[("mtg-2", 0)], central()));
            console_says(
                &mut h,
                secretary,
                ConsoleCommand::LoadMeeting {
                    meeting: id("mtg-2"),
                },
            )
        }
        Rejection::UnknownMeeting => {
            let mut h = Harness::new();
            let _ = h
                .room
                .update_status(h.now, status(&[("mtg-2", 0)], central()));
            console_says(
                &mut h,
                secretary,
                ConsoleCommand::LoadMeeting {
                    meeting: id("mtg-9"),
                },
            )
        }
        Rejection::PapersMissing => {
            let mut h = Harness::new();
            let _ = h
                .room
                .update_status(h.now, status(&[("mtg-2", 1)], central()));
            console_says(
                &mut h,
                secretary,
                ConsoleCommand::LoadMeeting {
                    meeting: id("mtg-2"),
                },
            )
        }
        Rejection::NoCentralSystem => {
            let _ = h
                .room
                .update_status(h.now, status(&[], CentralLink::NotConfigured));
            console_says(&mut h, OperatorRole::It, ConsoleCommand::SyncNow)
        }
        Rejection::UnknownEntry => console_says(
            &mut h,
            secretary,
            ConsoleCommand::RemoveTask {
                item: id("i1"),
                task: 7,
            },
        ),
    }
}

#[test]
fn every_rejection_reason_is_given_for_its_own_scenario() {
    for reason in Rejection::ALL {
        assert_eq!(provoke(reason), reason);
    }
}

#[test]
fn envelope_rejections_are_dropped_and_counted_without_a_reply() {
    let mut h = Harness::in_session(5);
    let up = Topic::SeatUp(id("p301"), id("s1")).to_string();
    for _ in 0..3 {
        let step = h.room.receive(h.now, &up, b"garbage");
        assert!(
            step.publish
                .iter()
                .all(|p| !matches!(p.message, Outgoing::Seat(..)))
        );
    }
    assert_eq!(h.room.stats().dropped.get(&Rejection::Malformed), Some(&3));
    // The console sees the count with the next seat map.
    let step = h.advance(SEAT_MAP_COALESCE_MS);
    let map = step
        .publish
        .iter()
        .find_map(|p| match &p.message {
            Outgoing::Console(r) => match r.as_ref() {
                ConsoleReply::SeatMap(m) => Some(m.clone()),
                _ => None,
            },
            _ => None,
        })
        .expect("a seat map");
    assert_eq!(map.dropped.get(&Rejection::Malformed), Some(&3));
}

#[test]
fn a_message_for_another_room_is_dropped() {
    let mut h = Harness::in_session(5);
    let b = h.seal_seat("s1", &SeatRequest::RequestFloor);
    let step = h.room.receive(h.now, "phonghop/v1/p999/seat/s1/up", &b);
    assert_eq!(step.dropped.map(|d| d.reason), Some(Rejection::WrongTopic));
}

#[test]
fn rule_rejections_reply_to_the_seat_and_are_counted() {
    let mut h = Harness::in_session(5);
    let step = h.seat("s1", &SeatRequest::WithdrawFloor);
    assert_eq!(
        Harness::reply(&step, "s1"),
        SeatReply::Rejected {
            request: crate::message::RequestKind::WithdrawFloor,
            id: None,
            reason: Rejection::NotQueued
        }
    );
    assert_eq!(h.room.stats().refused.get(&Rejection::NotQueued), Some(&1));
}

#[test]
fn the_list_of_reasons_names_each_reason_once() {
    let set: std::collections::BTreeSet<_> = Rejection::ALL.iter().collect();
    assert_eq!(set.len(), Rejection::ALL.len());
    assert!(Rejection::ALL.iter().filter(|r| r.is_envelope()).count() == 9);
}
