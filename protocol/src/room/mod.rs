//! The room state machine: the controller's whole session logic, sans-IO.
//!
//! Inputs: a message received on a topic ([`Room::receive`]) or the passing
//! of time ([`Room::tick`]), always with the current time. Output: a
//! [`Step`]: facts to make durable, then messages to publish, in that order.
//! [`Room::next_deadline`] says when to tick next. Tests drive it with no
//! broker and no clock; the controller drives it from its event loop.

mod console;
pub mod fact;
mod seat;
pub mod session;

#[cfg(test)]
pub(crate) mod tests;

use std::collections::BTreeMap;

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use serde::Serialize;

pub use fact::Fact;
pub use session::{RunningBallot, Session, Voter};

use crate::envelope::{Signer, Verifier};
use crate::ids::{MeetingId, RoomId, SeatId, Sha256, Timestamp};
use crate::meeting::{MeetingPackage, PackageError, count};
use crate::message::{
    Attendance, ConsoleReply, ConsoleRequest, ControllerStatus, ItemRecord, Manifest,
    OpenBallotView, RoomEvent, SeatMap, SeatReply, SeatRequest, SeatRow, SeatStatus, StateSnapshot,
};
use crate::reject::Rejection;
use crate::topic::Topic;

/// How long frequent changes (votes, sign-ins) may wait before the state is
/// republished, so a burst of 2,000 votes sends a few states, not 2,000.
pub const STATE_COALESCE_MS: i64 = 100;
/// The same for the console's seat map.
pub const SEAT_MAP_COALESCE_MS: i64 = 250;

/// What the room needs to start.
#[derive(Debug)]
pub struct RoomSetup {
    pub package: MeetingPackage,
    /// The controller's signing key and sequence numbers.
    pub signer: Signer,
    /// The keys of seats and consoles.
    pub verifier: Verifier,
    /// Entropy for ballot keys; the protocol draws none of its own.
    pub seed: [u8; 32],
}

/// A message for the shell to publish.
#[derive(Debug, Clone)]
pub struct Publish {
    pub topic: String,
    pub retain: bool,
    /// The signed envelope.
    pub payload: Vec<u8>,
    /// What the payload says, for logs and tests.
    pub message: Outgoing,
}

impl Publish {
    /// Whether it goes to every party (manifest, state, events) rather than
    /// to one seat or the console. A shell that sends several steps at once
    /// sends these first: the room's tally reaches every seat sooner, and a
    /// reply never depends on a state sent after it.
    pub fn is_for_everyone(&self) -> bool {
        matches!(
            self.message,
            Outgoing::Manifest(_) | Outgoing::State(_) | Outgoing::Event(_)
        )
    }
}

/// The typed content of a [`Publish`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    Manifest(Box<Manifest>),
    State(Box<StateSnapshot>),
    Event(Box<RoomEvent>),
    Seat(SeatId, SeatReply),
    Console(Box<ConsoleReply>),
    Status(Box<ControllerStatus>),
}

/// Something the room asks its shell to do: it lies outside the session
/// (the store, the central system), so the room can only ask. The shell
/// does it after it has published the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Switch to another stored meeting ([`Room::load`]).
    LoadMeeting(MeetingId),
    /// Push the results outbox now.
    PushResults,
    /// Pull the room's meetings from the central system now.
    SyncNow,
}

/// A message dropped by the envelope checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub topic: String,
    pub reason: Rejection,
}

/// The result of one input. The shell must write `facts` durably before it
/// publishes anything in `publish`: a "vote recorded" reply may only leave
/// once the vote would survive a crash.
#[derive(Debug, Default)]
#[must_use]
pub struct Step {
    pub facts: Vec<Fact>,
    pub publish: Vec<Publish>,
    pub dropped: Option<Dropped>,
    /// For the shell to do after publishing.
    pub actions: Vec<Action>,
}

/// Counters for the status command and the usage report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Messages that passed the envelope checks.
    pub accepted: u64,
    /// Messages dropped by the envelope checks, by reason.
    pub dropped: BTreeMap<Rejection, u64>,
    /// Requests refused by the room's rules, by reason.
    pub refused: BTreeMap<Rejection, u64>,
}

/// One room's session.
#[derive(Debug)]
pub struct Room {
    id: RoomId,
    package: MeetingPackage,
    members: u32,
    signer: Signer,
    verifier: Verifier,
    rng: ChaCha20Rng,
    session: Session,
    revision: u64,
    state_due: Option<Timestamp>,
    seat_map_due: Option<Timestamp>,
    seat_status: BTreeMap<SeatId, SeatStatus>,
    stats: Stats,
    /// The controller's status as the shell last gave it.
    status: Option<ControllerStatus>,
}

impl Room {
    /// A room for a checked package, before any fact.
    pub fn new(setup: RoomSetup) -> Result<Self, PackageError> {
        setup.package.validate()?;
        Ok(Self {
            id: setup.package.room.clone(),
            members: setup.package.member_count(),
            package: setup.package,
            signer: setup.signer,
            verifier: setup.verifier,
            rng: ChaCha20Rng::from_seed(setup.seed),
            session: Session::new(),
            revision: 0,
            state_due: None,
            seat_map_due: None,
            seat_status: BTreeMap::new(),
            stats: Stats::default(),
            status: None,
        })
    }

    /// A room rebuilt from the facts kept so far, in order. `revision` is the
    /// last state revision published before the restart.
    pub fn restore<'a>(
        setup: RoomSetup,
        facts: impl IntoIterator<Item = &'a Fact>,
        revision: u64,
    ) -> Result<Self, PackageError> {
        let mut room = Self::new(setup)?;
        for f in facts {
            room.session.apply(f);
        }
        room.revision = revision;
        Ok(room)
    }

    /// Switches to another meeting: its package and the facts kept for it,
    /// as [`Room::restore`] would, keeping the controller's signer, the
    /// replay windows, the seats' statuses and the counters. Returns the new
    /// announcement. The shell checks the meeting may be loaded
    /// ([`ConsoleCommand::LoadMeeting`] does, through [`Action::LoadMeeting`]).
    ///
    /// [`ConsoleCommand::LoadMeeting`]: crate::message::ConsoleCommand::LoadMeeting
    pub fn load<'a>(
        &mut self,
        package: MeetingPackage,
        facts: impl IntoIterator<Item = &'a Fact>,
        revision: u64,
        now: Timestamp,
    ) -> Result<Step, PackageError> {
        package.validate()?;
        if package.room != self.id {
            return Err(PackageError::OtherRoom(package.room.to_string()));
        }
        let mut session = Session::new();
        for f in facts {
            session.apply(f);
        }
        self.members = package.member_count();
        self.package = package;
        self.session = session;
        self.revision = revision;
        self.state_due = None;
        self.seat_map_due = None;
        Ok(self.announce(now))
    }

    /// Takes the controller's status from the shell and publishes it
    /// (retained on `console/status`) if it changed, apart from its time.
    pub fn update_status(&mut self, now: Timestamp, status: ControllerStatus) -> Step {
        let mut step = Step::default();
        let same = self.status.as_ref().is_some_and(|old| {
            ControllerStatus {
                at: status.at,
                ..old.clone()
            } == status
        });
        self.status = Some(status);
        if !same {
            self.publish_status(&mut step, now);
        }
        step
    }

    /// The controller's status as the shell last gave it.
    pub fn status(&self) -> Option<&ControllerStatus> {
        self.status.as_ref()
    }

    /// Publishes the manifest, the state, the seat map and the controller's
    /// status: at start, and after a restart or a broker reconnect.
    pub fn announce(&mut self, now: Timestamp) -> Step {
        let mut step = Step::default();
        let manifest = Manifest {
            meeting: self.package.public_view(),
        };
        self.send(
            &mut step,
            now,
            &Topic::Manifest(self.id.clone()),
            Outgoing::Manifest(Box::new(manifest)),
        );
        self.publish_state(&mut step, now);
        self.publish_seat_map(&mut step, now);
        self.publish_status(&mut step, now);
        step
    }

    /// Handles one message received on `topic`.
    pub fn receive(&mut self, now: Timestamp, topic: &str, payload: &[u8]) -> Step {
        let mut step = Step::default();
        let result = match Topic::parse(topic) {
            Ok(t) if *t.room() == self.id => self.dispatch(&mut step, now, &t, payload),
            _ => Err(Rejection::WrongTopic),
        };
        if let Err(reason) = result {
            *self.stats.dropped.entry(reason).or_default() += 1;
            self.seat_map_changed(now);
            step.dropped = Some(Dropped {
                topic: topic.chars().take(200).collect(),
                reason,
            });
        } else {
            self.stats.accepted += 1;
        }
        self.flush(&mut step, now);
        step
    }

    /// Lets time pass: closes a ballot whose time is up and publishes
    /// coalesced changes that are due.
    pub fn tick(&mut self, now: Timestamp) -> Step {
        let mut step = Step::default();
        let expired = self
            .session
            .ballot
            .as_ref()
            .filter(|b| b.closes_at.is_some_and(|t| t <= now))
            .map(|b| b.spec.id.clone());
        if let Some(id) = expired {
            self.close_ballot(&mut step, now, &id);
        }
        self.flush(&mut step, now);
        step
    }

    /// When [`Room::tick`] next has something to do.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        let ballot = self.session.ballot.as_ref().and_then(|b| b.closes_at);
        [ballot, self.state_due, self.seat_map_due]
            .into_iter()
            .flatten()
            .min()
    }

    /// The session as the facts made it.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The meeting package.
    pub fn package(&self) -> &MeetingPackage {
        &self.package
    }

    /// The last state revision published.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Counters of accepted, dropped and refused messages.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Attendance counts now.
    pub fn attendance(&self) -> Attendance {
        Attendance {
            members: self.members,
            present: count(
                self.package
                    .delegates
                    .iter()
                    .filter(|d| d.role.is_member() && self.session.is_present(&d.id)),
            ),
            signed_in: count(self.session.seat_of.keys()),
        }
    }

    /// The state as it would be published now (with the current revision).
    pub fn snapshot(&self) -> StateSnapshot {
        let s = &self.session;
        StateSnapshot {
            revision: self.revision,
            meeting: self.package.id.clone(),
            phase: s.phase,
            current_item: s.current_item.clone(),
            presenter: s.presenter.clone(),
            ballot: s.ballot.as_ref().map(|b| OpenBallotView {
                spec: b.spec.clone(),
                opened_at: b.opened_at,
                closes_at: b.closes_at,
                public_key: b
                    .secret
                    .as_ref()
                    .map(crate::sealed::BallotSecret::public_key),
                voted: count(b.voters.keys()),
            }),
            speakers: s.speakers.clone(),
            attendance: self.attendance(),
            results: s.results.clone(),
            last_notice: s.last_notice.clone(),
            records: self.records(),
        }
    }

    /// The conclusions and tasks, by item in agenda order.
    pub fn records(&self) -> Vec<ItemRecord> {
        self.package
            .agenda
            .iter()
            .filter_map(|i| self.session.records.get(&i.id).cloned())
            .collect()
    }

    /// The seat map as the console sees it now.
    pub fn seat_map(&self) -> SeatMap {
        let voters = self.session.ballot.as_ref().map(|b| &b.voters);
        let seats = self
            .package
            .delegates
            .iter()
            .map(|d| {
                let status = self.seat_status.get(&d.seat);
                SeatRow {
                    seat: d.seat.clone(),
                    delegate: d.id.clone(),
                    online: status.is_some_and(|s| s.online),
                    signed_in: self.session.at_seat.get(&d.seat) == Some(&d.id),
                    present: self.session.is_present(&d.id),
                    voted: voters.is_some_and(|v| v.contains_key(&d.id)),
                    papers_cached: status.map_or(0, |s| s.papers_cached),
                    papers_total: status.map_or(0, |s| s.papers_total),
                }
            })
            .collect();
        SeatMap {
            revision: self.revision,
            seats,
            dropped: self.stats.dropped.clone(),
            refused: self.stats.refused.clone(),
        }
    }

    fn dispatch(
        &mut self,
        step: &mut Step,
        now: Timestamp,
        topic: &Topic,
        payload: &[u8],
    ) -> Result<(), Rejection> {
        match topic {
            Topic::SeatUp(_, seat) => {
                let msg = self.verifier.open::<SeatRequest>(topic, now, payload)?;
                self.seat_request(step, now, seat, msg.body);
            }
            Topic::SeatStatus(_, seat) => {
                let msg = self.verifier.open::<SeatStatus>(topic, now, payload)?;
                self.seat_status.insert(seat.clone(), msg.body);
                self.seat_map_changed(now);
            }
            Topic::ConsoleUp(_) => {
                let msg = self.verifier.open::<ConsoleRequest>(topic, now, payload)?;
                self.console_request(step, now, msg.body);
            }
            _ => return Err(Rejection::WrongTopic),
        }
        Ok(())
    }

    /// Applies a fact and adds it to the step.
    fn record(&mut self, step: &mut Step, fact: Fact) {
        self.session.apply(&fact);
        step.facts.push(fact);
    }

    /// Signs a message and adds it to the step.
    fn send(&mut self, step: &mut Step, now: Timestamp, topic: &Topic, message: Outgoing) {
        let payload = match &message {
            Outgoing::Manifest(m) => self.signer.seal(topic, now, m),
            Outgoing::State(s) => self.signer.seal(topic, now, s),
            Outgoing::Event(e) => self.signer.seal(topic, now, e),
            Outgoing::Seat(_, r) => self.signer.seal(topic, now, r),
            Outgoing::Console(r) => self.signer.seal(topic, now, r),
            Outgoing::Status(s) => self.signer.seal(topic, now, s),
        };
        step.publish.push(Publish {
            retain: topic.retained(),
            topic: topic.to_string(),
            payload,
            message,
        });
    }

    fn reply(&mut self, step: &mut Step, now: Timestamp, seat: &SeatId, reply: SeatReply) {
        if let SeatReply::Rejected { reason, .. } = &reply {
            *self.stats.refused.entry(*reason).or_default() += 1;
        }
        let topic = Topic::SeatDown(self.id.clone(), seat.clone());
        self.send(step, now, &topic, Outgoing::Seat(seat.clone(), reply));
    }

    fn event(&mut self, step: &mut Step, now: Timestamp, event: RoomEvent) {
        self.send(
            step,
            now,
            &Topic::Events(self.id.clone()),
            Outgoing::Event(Box::new(event)),
        );
    }

    /// Whether every member signed in at a seat has voted on the open ballot.
    fn every_signed_in_member_voted(&self) -> bool {
        let Some(b) = &self.session.ballot else {
            return false;
        };
        // Cheap test first (this runs on every vote of a 2,000-seat burst):
        // at least `signed in - non-members` members are signed in.
        let non_members = self
            .package
            .delegates
            .len()
            .saturating_sub(usize::try_from(self.members).unwrap_or(0));
        if b.voters.len() + non_members < self.session.seat_of.len() {
            return false;
        }
        self.package
            .delegates
            .iter()
            .filter(|d| d.role.is_member() && self.session.seat_of.contains_key(&d.id))
            .all(|d| b.voters.contains_key(&d.id))
    }

    /// The state changed in a way seats must see at once.
    fn state_changed_now(&mut self, now: Timestamp) {
        self.state_due = Some(now);
        self.seat_map_due = Some(now);
    }

    /// The state changed in a way that may wait a little (counts).
    fn state_changed_soon(&mut self, now: Timestamp) {
        let due = now.plus_millis(STATE_COALESCE_MS);
        self.state_due = Some(self.state_due.map_or(due, |d| d.min(due)));
        self.seat_map_changed(now);
    }

    fn seat_map_changed(&mut self, now: Timestamp) {
        let due = now.plus_millis(SEAT_MAP_COALESCE_MS);
        self.seat_map_due = Some(self.seat_map_due.map_or(due, |d| d.min(due)));
    }

    /// Publishes whatever is due.
    fn flush(&mut self, step: &mut Step, now: Timestamp) {
        if self.state_due.is_some_and(|d| d <= now) {
            self.publish_state(step, now);
        }
        if self.seat_map_due.is_some_and(|d| d <= now) {
            self.publish_seat_map(step, now);
        }
    }

    fn publish_state(&mut self, step: &mut Step, now: Timestamp) {
        self.revision += 1;
        self.state_due = None;
        let snapshot = self.snapshot();
        self.send(
            step,
            now,
            &Topic::State(self.id.clone()),
            Outgoing::State(Box::new(snapshot)),
        );
    }

    fn publish_seat_map(&mut self, step: &mut Step, now: Timestamp) {
        self.seat_map_due = None;
        let map = self.seat_map();
        let topic = Topic::ConsoleSeats(self.id.clone());
        self.send(
            step,
            now,
            &topic,
            Outgoing::Console(Box::new(ConsoleReply::SeatMap(map))),
        );
    }

    fn publish_status(&mut self, step: &mut Step, now: Timestamp) {
        let Some(status) = self.status.clone() else {
            return;
        };
        let topic = Topic::ConsoleStatus(self.id.clone());
        self.send(step, now, &topic, Outgoing::Status(Box::new(status)));
    }

    /// 32 fresh bytes for a ballot key.
    fn entropy(&mut self) -> [u8; 32] {
        let mut b = [0u8; 32];
        self.rng.fill_bytes(&mut b);
        b
    }
}

/// A vote receipt: names the ballot, the delegate and the vote id, never the choice.
fn receipt(
    ballot: &crate::ids::BallotId,
    delegate: &crate::ids::DelegateId,
    vote_id: &crate::ids::VoteId,
) -> Sha256 {
    Sha256::of(format!("phonghop/v1 receipt\0{ballot}\0{delegate}\0{vote_id}").as_bytes())
}
