//! The seat client against the real room state machine, wired by an
//! in-memory "broker" that can lose messages.

use std::collections::BTreeMap;

use ed25519_dalek::SigningKey;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

use super::*;
use crate::ballot::MotionChoice;
use crate::envelope::{KeyRegistry, Principal};
use crate::message::{BallotRef, ConsoleCommand, ConsoleRequest, Operator, OperatorRole};
use crate::room::Room;
use crate::room::tests::{T0, controller_key, id, setup};

/// A room and its seats, joined by a broker that delivers, loses or holds messages.
struct Net {
    room: Room,
    seats: BTreeMap<String, SeatClient>,
    console: Signer,
    now: Timestamp,
    rng: ChaCha20Rng,
    /// While set, messages from seats to the room are lost.
    uplink_down: bool,
    /// While set, messages from the room to seats are lost.
    downlink_down: bool,
    events: BTreeMap<String, Vec<SeatEvent>>,
    commands: u32,
}

fn seat_key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

impl Net {
    fn new() -> Self {
        let mut room = Room::new(setup()).expect("valid package");
        let mut seats = BTreeMap::new();
        for n in 1..=6u8 {
            let mut reg = KeyRegistry::new();
            reg.insert(
                id("controller"),
                controller_key().verifying_key(),
                Principal::Controller,
            );
            let client = SeatClient::new(
                id("p301"),
                id(&format!("s{n}")),
                Signer::new(id(&format!("kiosk-{n}")), seat_key(n), 1),
                Verifier::new(reg),
            );
            seats.insert(format!("s{n}"), client);
        }
        let announce = room.announce(T0);
        let mut net = Self {
            room,
            seats,
            console: Signer::new(id("console-1"), SigningKey::from_bytes(&[100; 32]), 1),
            now: T0,
            rng: ChaCha20Rng::seed_from_u64(5),
            uplink_down: false,
            downlink_down: false,
            events: BTreeMap::new(),
            commands: 0,
        };
        for s in net.seats.keys().cloned().collect::<Vec<_>>() {
            let out = net.seat(&s).connected(T0);
            net.up(out);
        }
        net.down(announce.publish);
        net
    }

    fn seat(&mut self, s: &str) -> &mut SeatClient {
        self.seats.get_mut(s).expect("known seat")
    }

    /// Delivers seat messages to the room, and the room's answers to seats.
    fn up(&mut self, out: Vec<Outgoing>) {
        if self.uplink_down {
            return;
        }
        for o in out {
            let step = self.room.receive(self.now, &o.topic, &o.payload);
            assert!(step.dropped.is_none(), "{:?}", step.dropped);
            self.down(step.publish);
        }
    }

    fn down(&mut self, publish: Vec<crate::room::Publish>) {
        if self.downlink_down {
            return;
        }
        for p in publish {
            for (name, seat) in &mut self.seats {
                let mine = format!("/seat/{name}/down");
                let broadcast = !p.topic.contains("/seat/") && !p.topic.contains("/console/");
                if broadcast || p.topic.ends_with(&mine) {
                    let ev = seat.receive(self.now, &p.topic, &p.payload);
                    self.events.entry(name.clone()).or_default().extend(ev);
                }
            }
        }
    }

    fn command(&mut self, command: ConsoleCommand) {
        self.commands += 1;
        let req = ConsoleRequest {
            command_id: id(&format!("cmd-{}", self.commands)),
            operator: Operator {
                account: id("thuky"),
                role: OperatorRole::Secretary,
            },
            command,
        };
        let topic = Topic::ConsoleUp(id("p301"));
        let bytes = self.console.seal(&topic, self.now, &req);
        let step = self.room.receive(self.now, &topic.to_string(), &bytes);
        self.down(step.publish);
    }

    fn advance(&mut self, ms: i64) {
        self.now = self.now.plus_millis(ms);
        let step = self.room.tick(self.now);
        self.down(step.publish);
        for s in self.seats.keys().cloned().collect::<Vec<_>>() {
            let now = self.now;
            let out = self.seat(&s).tick(now);
            self.up(out);
        }
    }

    fn sign_in(&mut self, n: u32) {
        let now = self.now;
        let out = self
            .seat(&format!("s{n}"))
            .sign_in_card(now, format!("card-{n}").as_bytes());
        self.up(out);
    }

    fn in_session(n: u32) -> Self {
        let mut net = Self::new();
        for i in 1..=n {
            net.sign_in(i);
        }
        net.command(ConsoleCommand::OpenSession);
        net
    }

    fn cast(&mut self, s: &str, choice: &Choice) -> Vec<Outgoing> {
        let now = self.now;
        let mut rng = self.rng.clone();
        let out = self.seat(s).cast(now, choice, &mut rng).expect("may vote");
        self.rng = rng;
        out
    }

    fn took(&mut self, s: &str) -> Vec<SeatEvent> {
        self.events.remove(s).unwrap_or_default()
    }
}

fn yes() -> Choice {
    Choice::Motion(MotionChoice::For)
}

fn votes_counted(net: &Net) -> u32 {
    net.room.snapshot().ballot.map_or(0, |b| b.voted)
}

#[test]
fn a_vote_lost_on_the_way_is_sent_again_with_the_same_id_and_counts_once() {
    let mut net = Net::in_session(5);
    net.command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::Prepared(id("m1")),
    });
    net.uplink_down = true;
    let out = net.cast("s2", &yes());
    net.up(out);
    assert_eq!(votes_counted(&net), 0);
    let first_id = net.seat("s2").votes()[&id::<BallotId>("m1")]
        .request
        .vote_id
        .clone();
    net.uplink_down = false;
    net.advance(RETRY_MS);
    assert_eq!(votes_counted(&net), 1);
    let v = &net.seat("s2").votes()[&id::<BallotId>("m1")];
    assert_eq!(v.request.vote_id, first_id);
    assert!(matches!(v.state, VoteState::Recorded { .. }));
    assert!(
        net.took("s2")
            .iter()
            .any(|e| matches!(e, SeatEvent::VoteRecorded { .. }))
    );
}

#[test]
fn a_vote_whose_answer_was_lost_is_retried_and_still_counts_once() {
    let mut net = Net::in_session(5);
    net.command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::Prepared(id("m1")),
    });
    net.downlink_down = true;
    let out = net.cast("s3", &yes());
    net.up(out);
    assert_eq!(votes_counted(&net), 1);
    // The seat still waits and keeps sending the same vote.
    net.advance(RETRY_MS);
    net.advance(RETRY_MS);
    assert_eq!(votes_counted(&net), 1);
    net.downlink_down = false;
    net.advance(RETRY_MS);
    assert!(matches!(
        net.seat("s3").votes()[&id::<BallotId>("m1")].state,
        VoteState::Recorded { .. }
    ));
    assert_eq!(votes_counted(&net), 1);
    assert_eq!(
        net.seat("s3").next_deadline(),
        None,
        "nothing left to retry"
    );
}

#[test]
fn a_reconnect_sends_waiting_votes_at_once() {
    let mut net = Net::in_session(5);
    net.command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::Prepared(id("m1")),
    });
    net.seat("s1").disconnected();
    let out = net.cast("s1", &yes());
    assert!(out.is_empty(), "nothing is sent while offline");
    let now = net.now;
    let out = net.seat("s1").connected(now);
    net.up(out);
    assert_eq!(votes_counted(&net), 1);
}

#[test]
fn votes_kept_across_a_kiosk_restart_are_sent_again_with_their_ids() {
    let mut net = Net::in_session(5);
    net.command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::Prepared(id("m1")),
    });
    net.uplink_down = true;
    let out = net.cast("s4", &yes());
    net.up(out);
    let kept: Vec<TrackedVote> = net.seat("s4").votes().values().cloned().collect();
    let json = serde_json::to_string(&kept).expect("serializes");
    net.uplink_down = false;
    // The kiosk restarts: a new client, the votes read back from its disk.
    let mut reg = KeyRegistry::new();
    reg.insert(
        id("controller"),
        controller_key().verifying_key(),
        Principal::Controller,
    );
    let mut fresh = SeatClient::new(
        id("p301"),
        id("s4"),
        Signer::new(id("kiosk-4"), seat_key(4), 1_000),
        Verifier::new(reg),
    );
    fresh.restore(
        serde_json::from_str(&json).expect("deserializes"),
        Vec::new(),
    );
    net.seats.insert("s4".into(), fresh);
    let now = net.now;
    let out = net.seat("s4").connected(now);
    net.up(out);
    assert_eq!(votes_counted(&net), 1);
    assert_eq!(
        net.seat("s4").votes()[&id::<BallotId>("m1")]
            .request
            .vote_id,
        kept[0].request.vote_id
    );
}

#[test]
fn the_seat_says_why_it_may_not_vote() {
    let mut net = Net::new();
    let t = net.now;
    assert_eq!(net.seat("s1").vote_ability(t), VoteAbility::NotInSession);
    for n in 1..=5 {
        net.sign_in(n);
    }
    net.command(ConsoleCommand::OpenSession);
    net.command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::New(BallotSpec {
            duration_secs: Some(60),
            ..crate::room::tests::motion("m9")
        }),
    });
    let now = net.now;
    assert_eq!(net.seat("s6").vote_ability(now), VoteAbility::NotSignedIn);
    net.sign_in(6);
    assert_eq!(net.seat("s6").vote_ability(now), VoteAbility::NotAMember);
    assert!(matches!(
        net.seat("s1").vote_ability(now),
        VoteAbility::May { .. }
    ));
    let out = net.cast("s1", &yes());
    net.up(out);
    assert!(matches!(
        net.seat("s1").vote_ability(now),
        VoteAbility::AlreadyVoted { receipt: Some(_) }
    ));
    assert_eq!(
        net.seat("s2").vote_ability(now.plus_millis(60_000)),
        VoteAbility::TimeUp
    );
    assert!(matches!(
        net.seat("s2").cast(
            now,
            &Choice::Election(std::collections::BTreeSet::new()),
            &mut ChaCha20Rng::seed_from_u64(1)
        ),
        Err(ActionError::BadChoice)
    ));
}

#[test]
fn a_secret_vote_is_sealed_by_the_client_and_counted_by_the_room() {
    let mut net = Net::in_session(5);
    net.command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::Prepared(id("e1")),
    });
    let keep = Choice::Election([id::<crate::ids::CandidateId>("cb")].into_iter().collect());
    let out = net.cast("s2", &keep);
    assert!(
        out.iter()
            .all(|o| !String::from_utf8_lossy(&o.payload).contains("\"cb\""))
    );
    net.up(out);
    assert_eq!(votes_counted(&net), 1);
}

#[test]
fn a_following_seat_turns_with_the_presenter_and_a_reader_does_not() {
    let mut net = Net::in_session(5);
    net.seat("s2").set_following(false);
    net.took("s1");
    net.took("s2");
    net.command(ConsoleCommand::ShowPage {
        document: id("doc1"),
        page: 4,
    });
    // The page arrives twice (in the state and as a page sync event): one turn.
    let turns: Vec<_> = net
        .took("s1")
        .into_iter()
        .filter(|e| matches!(e, SeatEvent::TurnTo(_)))
        .collect();
    assert!(
        matches!(turns.as_slice(), [SeatEvent::TurnTo(p)] if p.page == 4),
        "{turns:?}"
    );
    assert!(
        !net.took("s2")
            .iter()
            .any(|e| matches!(e, SeatEvent::TurnTo(_)))
    );
    assert_eq!(net.seat("s2").set_following(true).map(|p| p.page), Some(4));
}

#[test]
fn a_seat_that_was_away_learns_it_missed_revisions() {
    let mut net = Net::in_session(5);
    net.took("s1");
    net.downlink_down = true;
    net.command(ConsoleCommand::SetItem { item: id("i2") });
    net.command(ConsoleCommand::SetItem { item: id("i1") });
    net.downlink_down = false;
    net.command(ConsoleCommand::SetItem { item: id("i2") });
    assert!(
        net.took("s1")
            .iter()
            .any(|e| matches!(e, SeatEvent::StateChanged { missed: true, .. }))
    );
}

#[test]
fn a_state_not_signed_by_the_controller_is_dropped() {
    let mut net = Net::new();
    let mut forger = Signer::new(id("controller"), SigningKey::from_bytes(&[66; 32]), 1);
    let topic = Topic::State(id("p301"));
    let fake = forger.seal(&topic, net.now, &net.room.snapshot());
    let now = net.now;
    let ev = net.seat("s1").receive(now, &topic.to_string(), &fake);
    assert_eq!(ev, vec![SeatEvent::Dropped(Rejection::BadSignature)]);
}

#[test]
fn a_comment_waits_in_the_outbox_until_recorded() {
    let mut net = Net::in_session(5);
    net.uplink_down = true;
    let now = net.now;
    let mut rng = ChaCha20Rng::seed_from_u64(9);
    let out = net
        .seat("s1")
        .comment(
            now,
            &mut rng,
            Some(id("i1")),
            Some(id("doc1")),
            Some(2),
            "Đề nghị sửa số liệu ở trang 2",
        )
        .expect("a comment");
    net.up(out);
    assert_eq!(net.seat("s1").outbox().count(), 1);
    net.uplink_down = false;
    net.advance(RETRY_MS);
    assert_eq!(net.seat("s1").outbox().count(), 0);
    assert_eq!(net.room.session().comment_count, 1);
    assert!(matches!(
        net.seat("s1")
            .comment(now, &mut rng, None, None, None, "  "),
        Err(ActionError::BadText)
    ));
}
