//! Tests of the room state machine, driven with signed envelopes, a fake
//! clock and no broker.

mod controller;
mod flows;
mod records;
mod rejections;
mod secret;

use std::collections::BTreeMap;

use ed25519_dalek::SigningKey;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

use super::*;
use crate::ballot::{
    BallotKind, BallotSpec, Candidate, Choice, MajorityRule, MotionChoice, QuorumRule,
};
use crate::envelope::{KeyRegistry, Principal, Signer, Verifier};
use crate::ids::{AccountId, CandidateId, DelegateId, SeatId, Sha256, Timestamp};
use crate::meeting::{
    AgendaItem, Classification, Delegate, DelegateRole, Document, MeetingPackage, NetworkZone,
    card_hash, pin_hash,
};
use crate::message::{
    BallotRef, CastVote, ConsoleCommand, ConsoleReply, ConsoleRequest, Credential, Operator,
    OperatorRole, SeatReply, SeatRequest, VotePaper,
};
use crate::reject::Rejection;
use crate::sealed;
use crate::topic::Topic;

pub(crate) const T0: Timestamp = Timestamp(1_764_000_000_000);

pub(crate) fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().expect("valid id")
}

/// Five members at seats s1..s5 (d1 chairs), an observer d6 at s6.
pub(crate) fn package() -> MeetingPackage {
    let delegate = |n: u32, role| Delegate {
        id: id(&format!("d{n}")),
        full_name: format!("Đại biểu {n}"),
        unit_name: format!("Đảng ủy xã {n}"),
        unit_code: format!("000.00.{n:02}.H01"),
        role,
        seat: id(&format!("s{n}")),
        card_hash: Some(card_hash(format!("card-{n}").as_bytes())),
        pin_hash: Some(pin_hash(
            &id("mtg-1"),
            &id(&format!("d{n}")),
            &format!("{n}{n}{n}{n}"),
        )),
    };
    MeetingPackage {
        id: id("mtg-1"),
        title: "Hội nghị Ban Chấp hành Đảng bộ xã".into(),
        starts_at: "2026-11-23T08:00:00+07:00".into(),
        room: id("p301"),
        network_zone: NetworkZone::Internal,
        agenda: vec![
            AgendaItem {
                id: id("i1"),
                title: "Báo cáo kết quả công tác".into(),
                presenter: None,
            },
            AgendaItem {
                id: id("i2"),
                title: "Bầu bổ sung".into(),
                presenter: None,
            },
        ],
        documents: vec![Document {
            id: id("doc1"),
            title: "Báo cáo".into(),
            sha256: Sha256::of(b"doc1"),
            size: 4,
            media_type: "application/pdf".into(),
            classification: Classification::Confidential,
            item: Some(id("i1")),
        }],
        delegates: vec![
            delegate(1, DelegateRole::Chair),
            delegate(2, DelegateRole::Member),
            delegate(3, DelegateRole::Member),
            delegate(4, DelegateRole::Member),
            delegate(5, DelegateRole::Member),
            delegate(6, DelegateRole::Observer),
        ],
        ballots: vec![motion("m1"), election("e1")],
    }
}

pub(crate) fn motion(ballot: &str) -> BallotSpec {
    BallotSpec {
        id: id(ballot),
        title: "Thông qua báo cáo".into(),
        item: Some(id("i1")),
        kind: BallotKind::Motion,
        secret: false,
        majority: MajorityRule::MoreThanHalfOfMembers,
        quorum: QuorumRule::TwoThirdsOfMembers,
        duration_secs: None,
        allow_change: false,
    }
}

pub(crate) fn election(ballot: &str) -> BallotSpec {
    let cand = |c: &str| Candidate {
        id: id(c),
        full_name: format!("Ứng cử viên {c}"),
        unit_name: String::new(),
    };
    BallotSpec {
        id: id(ballot),
        title: "Bầu Phó Bí thư".into(),
        item: Some(id("i2")),
        kind: BallotKind::Election {
            candidates: vec![cand("ca"), cand("cb"), cand("cc")],
            max_choices: 2,
        },
        secret: true,
        majority: MajorityRule::MoreThanHalfOfCast,
        quorum: QuorumRule::MoreThanHalfOfMembers,
        duration_secs: Some(60),
        allow_change: false,
    }
}

pub(crate) fn controller_key() -> SigningKey {
    SigningKey::from_bytes(&[200; 32])
}

fn seat_key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

/// A room with signers for every seat, one console, and a fake clock.
pub(crate) struct Harness {
    pub(super) room: Room,
    pub(super) seats: BTreeMap<SeatId, Signer>,
    pub(super) console: Signer,
    pub(super) now: Timestamp,
    pub(super) rng: ChaCha20Rng,
    commands: u32,
}

pub(crate) fn registry() -> KeyRegistry {
    let mut reg = KeyRegistry::new();
    for n in 1..=6u8 {
        reg.insert(
            id(&format!("kiosk-{n}")),
            seat_key(n).verifying_key(),
            Principal::Seat(id(&format!("s{n}"))),
        );
    }
    reg.insert(
        id("console-1"),
        SigningKey::from_bytes(&[100; 32]).verifying_key(),
        Principal::Console,
    );
    reg
}

pub(crate) fn setup() -> RoomSetup {
    RoomSetup {
        package: package(),
        signer: Signer::new(id("controller"), controller_key(), 1),
        verifier: Verifier::new(registry()),
        seed: [42; 32],
    }
}

impl Harness {
    pub(super) fn new() -> Self {
        Self::with_room(Room::new(setup()).expect("valid package"))
    }

    pub(super) fn with_room(room: Room) -> Self {
        let seats = (1..=6u8)
            .map(|n| {
                (
                    id(&format!("s{n}")),
                    Signer::new(id(&format!("kiosk-{n}")), seat_key(n), 1),
                )
            })
            .collect();
        Self {
            room,
            seats,
            console: Signer::new(id("console-1"), SigningKey::from_bytes(&[100; 32]), 1),
            now: T0,
            rng: ChaCha20Rng::seed_from_u64(7),
            commands: 0,
        }
    }

    /// Signs a seat request as that seat's kiosk would and feeds it to the room.
    pub(super) fn seat(&mut self, seat: &str, req: &SeatRequest) -> Step {
        let bytes = self.seal_seat(seat, req);
        self.room.receive(
            self.now,
            &Topic::SeatUp(id("p301"), id(seat)).to_string(),
            &bytes,
        )
    }

    pub(super) fn seal_seat(&mut self, seat: &str, req: &SeatRequest) -> Vec<u8> {
        let topic = Topic::SeatUp(id("p301"), id(seat));
        let now = self.now;
        self.seats
            .get_mut(&id::<SeatId>(seat))
            .expect("known seat")
            .seal(&topic, now, req)
    }

    /// The reply the seat got in a step.
    pub(super) fn reply(step: &Step, seat: &str) -> SeatReply {
        let seat: SeatId = id(seat);
        let replies: Vec<_> = step
            .publish
            .iter()
            .filter_map(|p| match &p.message {
                Outgoing::Seat(s, r) if *s == seat => Some(r.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(replies.len(), 1, "one reply to {seat} in {step:#?}");
        replies.into_iter().next().expect("one reply")
    }

    pub(super) fn command_as(
        &mut self,
        role: OperatorRole,
        command: ConsoleCommand,
    ) -> Result<Step, (Rejection, Step)> {
        self.commands += 1;
        let req = ConsoleRequest {
            command_id: id(&format!("cmd-{}", self.commands)),
            operator: Operator {
                account: id::<AccountId>("thuky"),
                role,
            },
            command,
        };
        let topic = Topic::ConsoleUp(id("p301"));
        let bytes = self.console.seal(&topic, self.now, &req);
        let step = self.room.receive(self.now, &topic.to_string(), &bytes);
        let reply = step
            .publish
            .iter()
            .find_map(|p| match &p.message {
                Outgoing::Console(r) => match r.as_ref() {
                    ConsoleReply::Done { command_id }
                    | ConsoleReply::Rejected { command_id, .. }
                        if *command_id == req.command_id =>
                    {
                        Some(r.as_ref().clone())
                    }
                    _ => None,
                },
                _ => None,
            })
            .expect("the console gets a reply");
        match reply {
            ConsoleReply::Rejected { reason, .. } => Err((reason, step)),
            _ => Ok(step),
        }
    }

    /// A secretary's command that must succeed.
    pub(super) fn command(&mut self, command: ConsoleCommand) -> Step {
        let shown = format!("{command:?}");
        self.command_as(OperatorRole::Secretary, command)
            .unwrap_or_else(|(r, _)| panic!("{shown} refused: {r:?}"))
    }

    pub(super) fn sign_in(&mut self, n: u32) -> Step {
        let step = self.seat(
            &format!("s{n}"),
            &SeatRequest::SignIn {
                credential: Credential::Card {
                    card_hash: card_hash(format!("card-{n}").as_bytes()),
                },
            },
        );
        assert!(matches!(
            Self::reply(&step, &format!("s{n}")),
            SeatReply::SignedIn { .. }
        ));
        step
    }

    /// Opens the session with delegates `1..=n` signed in.
    pub(super) fn in_session(n: u32) -> Self {
        let mut h = Self::new();
        for i in 1..=n {
            let _ = h.sign_in(i);
        }
        let _ = h.command(ConsoleCommand::OpenSession);
        h
    }

    pub(super) fn open(&mut self, spec: BallotSpec) -> Step {
        self.command(ConsoleCommand::OpenBallot {
            ballot: BallotRef::New(spec),
        })
    }

    /// The paper delegate `n` would send: sealed if the open ballot is secret.
    pub(super) fn paper(&mut self, choice: &Choice) -> VotePaper {
        let view = self.room.snapshot().ballot.expect("a ballot is open");
        match view.public_key {
            Some(pk) => VotePaper::Sealed(sealed::seal(&view.spec, &pk, choice, &mut self.rng)),
            None => VotePaper::Plain(choice.clone()),
        }
    }

    pub(super) fn vote(&mut self, n: u32, ballot: &str, vote_id: &str, choice: &Choice) -> Step {
        let paper = self.paper(choice);
        self.seat(
            &format!("s{n}"),
            &SeatRequest::CastVote(CastVote {
                ballot: id(ballot),
                vote_id: id(vote_id),
                delegate: id(&format!("d{n}")),
                paper,
            }),
        )
    }

    pub(super) fn advance(&mut self, ms: i64) -> Step {
        self.now = self.now.plus_millis(ms);
        self.room.tick(self.now)
    }
}

pub(crate) fn yes() -> Choice {
    Choice::Motion(MotionChoice::For)
}
pub(crate) fn no() -> Choice {
    Choice::Motion(MotionChoice::Against)
}
pub(crate) fn abstain() -> Choice {
    Choice::Motion(MotionChoice::Abstain)
}
pub(crate) fn keep(names: &[&str]) -> Choice {
    Choice::Election(names.iter().map(|n| id::<CandidateId>(n)).collect())
}

pub(crate) fn rejected(reply: &SeatReply) -> Option<Rejection> {
    match reply {
        SeatReply::Rejected { reason, .. } => Some(*reason),
        _ => None,
    }
}

pub(crate) fn states(step: &Step) -> Vec<&crate::message::StateSnapshot> {
    step.publish
        .iter()
        .filter_map(|p| match &p.message {
            Outgoing::State(s) => Some(s.as_ref()),
            _ => None,
        })
        .collect()
}

pub(crate) fn events(step: &Step) -> Vec<&crate::message::RoomEvent> {
    step.publish
        .iter()
        .filter_map(|p| match &p.message {
            Outgoing::Event(e) => Some(e.as_ref()),
            _ => None,
        })
        .collect()
}
