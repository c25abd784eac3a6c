//! The seat's half of the protocol, sans-IO: what a kiosk knows and the
//! rules it follows, with no broker, no clock and no window.
//!
//! [`SeatClient`] verifies what it hears with the controller's pinned key,
//! keeps the manifest, the state and the seat's own affairs (who is signed
//! in, votes waiting for "recorded", comments in the outbox, the floor), and
//! says what to publish. A vote keeps its id and is sent again, on every
//! reconnect and on a timer, until the controller answers "recorded".
//! The kiosk's UI asks it what may be done now ([`SeatClient::vote_ability`]).

use std::collections::BTreeMap;

use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use crate::ballot::{BallotSpec, Choice};
use crate::envelope::{Signer, Verifier};
use crate::ids::{
    BallotId, CommentId, DelegateId, DocumentId, ItemId, MeetingId, RoomId, SeatId, Sha256,
    Timestamp, VoteId,
};
use crate::message::{
    CastVote, Comment, Credential, Manifest, Notice, PageRef, Phase, RoomEvent, SeatReply,
    SeatRequest, SeatStatus, StateSnapshot, VotePaper,
};
use crate::reject::Rejection;
use crate::tally::BallotResult;
use crate::topic::{self, Topic};

/// How long to wait for an answer before sending a request again.
pub const RETRY_MS: i64 = 3_000;

/// A message for the shell to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub topic: String,
    pub retain: bool,
    pub payload: Vec<u8>,
}

/// Something the UI should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatEvent {
    ManifestChanged,
    /// A new state; `missed` when revisions were skipped (the seat was away).
    StateChanged {
        revision: u64,
        missed: bool,
    },
    SignedIn {
        delegate: DelegateId,
        full_name: String,
        unit_name: String,
    },
    SignedOut,
    VoteRecorded {
        ballot: BallotId,
        receipt: Sha256,
    },
    CommentRecorded {
        comment: CommentId,
    },
    FloorQueued {
        position: u32,
    },
    FloorWithdrawn,
    Refused {
        request: crate::message::RequestKind,
        reason: Rejection,
    },
    BallotOpened {
        ballot: BallotId,
    },
    BallotClosed(Box<BallotResult>),
    /// The secretary cancelled the ballot: take the voting screen down.
    BallotCancelled {
        ballot: BallotId,
    },
    Notice(Notice),
    /// Follow the presenter to this page (only while following).
    TurnTo(PageRef),
    /// A message that did not verify; dropped.
    Dropped(Rejection),
}

/// Where a vote stands on this seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum VoteState {
    /// Sent, no answer yet: it will be sent again with the same id.
    Waiting,
    Recorded {
        receipt: Sha256,
    },
    Refused {
        reason: Rejection,
    },
}

/// A vote this seat cast, kept until the meeting ends (the kiosk persists
/// them so a restart retries with the same id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedVote {
    pub request: CastVote,
    pub state: VoteState,
    #[serde(skip)]
    last_sent: Option<Timestamp>,
}

/// A comment in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedComment {
    pub comment: Comment,
    pub recorded: bool,
    #[serde(skip)]
    last_sent: Option<Timestamp>,
}

/// The delegate signed in at this seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub delegate: DelegateId,
    pub full_name: String,
    pub unit_name: String,
}

/// Whether the seat may vote on the open ballot now, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteAbility {
    May {
        ballot: Box<BallotSpec>,
        closes_at: Option<Timestamp>,
    },
    NoBallot,
    NotSignedIn,
    NotAMember,
    AlreadyVoted {
        receipt: Option<Sha256>,
    },
    TimeUp,
    NotInSession,
}

/// Why a seat action cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("voting is not possible now: {0:?}")]
    CannotVote(VoteAbility),
    #[error("the choice does not fit the ballot")]
    BadChoice,
    #[error("no delegate is signed in at this seat")]
    NotSignedIn,
    #[error("the comment is empty or too long")]
    BadText,
}

/// The seat's protocol state.
#[derive(Debug)]
pub struct SeatClient {
    room: RoomId,
    seat: SeatId,
    signer: Signer,
    verifier: Verifier,
    manifest: Option<Manifest>,
    state: Option<StateSnapshot>,
    signed_in: Option<SignedIn>,
    votes: BTreeMap<BallotId, TrackedVote>,
    comments: BTreeMap<CommentId, TrackedComment>,
    following: bool,
    /// The last page the seat was told to turn to: the state and the page
    /// sync event both carry a presenter's page, and one turn is enough.
    turned: Option<PageRef>,
    connected: bool,
    notices: Vec<Notice>,
}

impl SeatClient {
    /// A client for `seat` in `room`, signing with `signer` and trusting
    /// what `verifier` verifies (the controller's key).
    pub fn new(room: RoomId, seat: SeatId, signer: Signer, verifier: Verifier) -> Self {
        Self {
            room,
            seat,
            signer,
            verifier,
            manifest: None,
            state: None,
            signed_in: None,
            votes: BTreeMap::new(),
            comments: BTreeMap::new(),
            following: true,
            turned: None,
            connected: false,
            notices: Vec::new(),
        }
    }

    /// The topics to subscribe to.
    pub fn subscriptions(&self) -> Vec<String> {
        topic::filter::seat(&self.room, &self.seat)
    }

    /// This seat's status topic and the signed "offline" message to leave as
    /// the broker's last will.
    pub fn last_will(&mut self, now: Timestamp, version: &str) -> Outgoing {
        let status = SeatStatus {
            online: false,
            version: version.to_owned(),
            papers_cached: 0,
            papers_total: 0,
            delegate: None,
        };
        self.publish(
            &Topic::SeatStatus(self.room.clone(), self.seat.clone()),
            now,
            &status,
        )
    }

    /// The seat's status, to publish retained.
    pub fn status(
        &mut self,
        now: Timestamp,
        version: &str,
        papers_cached: u32,
        papers_total: u32,
    ) -> Outgoing {
        let status = SeatStatus {
            online: true,
            version: version.to_owned(),
            papers_cached,
            papers_total,
            delegate: self.signed_in.as_ref().map(|s| s.delegate.clone()),
        };
        self.publish(
            &Topic::SeatStatus(self.room.clone(), self.seat.clone()),
            now,
            &status,
        )
    }

    /// The broker connection is up (again): everything still waiting is sent again.
    pub fn connected(&mut self, now: Timestamp) -> Vec<Outgoing> {
        self.connected = true;
        self.resend(now, true)
    }

    /// The broker connection is down: nothing is sent until it is back.
    pub fn disconnected(&mut self) {
        self.connected = false;
    }

    /// Whether the broker connection is up.
    pub fn is_connected(&self) -> bool {
        self.connected
    }

    /// Handles a message heard on `topic`.
    pub fn receive(&mut self, now: Timestamp, topic: &str, payload: &[u8]) -> Vec<SeatEvent> {
        let Ok(t) = Topic::parse(topic) else {
            return vec![SeatEvent::Dropped(Rejection::WrongTopic)];
        };
        if *t.room() != self.room {
            return vec![SeatEvent::Dropped(Rejection::WrongTopic)];
        }
        let r = match &t {
            Topic::Manifest(_) => self.verifier.open::<Manifest>(&t, now, payload).map(|m| {
                self.manifest = Some(m.body);
                vec![SeatEvent::ManifestChanged]
            }),
            Topic::State(_) => self
                .verifier
                .open::<StateSnapshot>(&t, now, payload)
                .map(|m| self.on_state(m.body)),
            Topic::Events(_) => self
                .verifier
                .open::<RoomEvent>(&t, now, payload)
                .map(|m| self.on_event(m.body)),
            Topic::SeatDown(_, s) if *s == self.seat => self
                .verifier
                .open::<SeatReply>(&t, now, payload)
                .map(|m| self.on_reply(m.body)),
            _ => Err(Rejection::WrongTopic),
        };
        r.unwrap_or_else(|reason| vec![SeatEvent::Dropped(reason)])
    }

    fn on_state(&mut self, s: StateSnapshot) -> Vec<SeatEvent> {
        let previous = self.state.as_ref().map(|p| p.revision);
        if previous.is_some_and(|p| s.revision <= p) {
            return Vec::new();
        }
        let missed = previous.is_some_and(|p| s.revision > p + 1);
        let mut events = vec![SeatEvent::StateChanged {
            revision: s.revision,
            missed,
        }];
        if let Some(page) = &s.presenter {
            events.extend(self.turn(page));
        }
        self.state = Some(s);
        events
    }

    fn on_event(&mut self, e: RoomEvent) -> Vec<SeatEvent> {
        match e {
            RoomEvent::BallotOpened { ballot } => vec![SeatEvent::BallotOpened { ballot }],
            RoomEvent::BallotClosed { result } => vec![SeatEvent::BallotClosed(Box::new(result))],
            RoomEvent::BallotCancelled { ballot } => vec![SeatEvent::BallotCancelled { ballot }],
            RoomEvent::Notice { notice } => {
                self.notices.push(notice.clone());
                vec![SeatEvent::Notice(notice)]
            }
            RoomEvent::PageSync { page } => self.turn(&page).into_iter().collect(),
        }
    }

    /// A turn to the presenter's `page`, unless the seat reads on its own
    /// or was already told to turn there.
    fn turn(&mut self, page: &PageRef) -> Option<SeatEvent> {
        if !self.following || self.turned.as_ref() == Some(page) {
            return None;
        }
        self.turned = Some(page.clone());
        Some(SeatEvent::TurnTo(page.clone()))
    }

    fn on_reply(&mut self, r: SeatReply) -> Vec<SeatEvent> {
        match r {
            SeatReply::SignedIn {
                delegate,
                full_name,
                unit_name,
            } => {
                self.signed_in = Some(SignedIn {
                    delegate: delegate.clone(),
                    full_name: full_name.clone(),
                    unit_name: unit_name.clone(),
                });
                vec![SeatEvent::SignedIn {
                    delegate,
                    full_name,
                    unit_name,
                }]
            }
            SeatReply::SignedOut => {
                self.signed_in = None;
                vec![SeatEvent::SignedOut]
            }
            SeatReply::VoteRecorded {
                ballot,
                vote_id,
                receipt,
            } => match self.votes.get_mut(&ballot) {
                Some(v) if v.request.vote_id == vote_id => {
                    v.state = VoteState::Recorded { receipt };
                    vec![SeatEvent::VoteRecorded { ballot, receipt }]
                }
                _ => Vec::new(),
            },
            SeatReply::CommentRecorded { comment_id } => match self.comments.get_mut(&comment_id) {
                Some(c) => {
                    c.recorded = true;
                    vec![SeatEvent::CommentRecorded {
                        comment: comment_id,
                    }]
                }
                None => Vec::new(),
            },
            SeatReply::FloorQueued { position } => vec![SeatEvent::FloorQueued { position }],
            SeatReply::FloorWithdrawn => vec![SeatEvent::FloorWithdrawn],
            SeatReply::Rejected {
                request,
                id,
                reason,
            } => {
                if let Some(id) = &id {
                    for v in self.votes.values_mut() {
                        if v.request.vote_id.as_str() == id && v.state == VoteState::Waiting {
                            v.state = VoteState::Refused { reason };
                        }
                    }
                    if let Ok(cid) = CommentId::new(id.clone()) {
                        self.comments.remove(&cid);
                    }
                }
                if request == crate::message::RequestKind::SignIn && reason == Rejection::WrongSeat
                {
                    self.signed_in = None;
                }
                vec![SeatEvent::Refused { request, reason }]
            }
        }
    }

    /// Signs in with a card UID (hashed as the controller expects).
    pub fn sign_in_card(&mut self, now: Timestamp, uid: &[u8]) -> Vec<Outgoing> {
        let credential = Credential::Card {
            card_hash: crate::meeting::card_hash(uid),
        };
        self.send(now, &SeatRequest::SignIn { credential })
    }

    /// Signs in with a PIN typed at the seat.
    pub fn sign_in_pin(
        &mut self,
        now: Timestamp,
        meeting: &MeetingId,
        delegate: &DelegateId,
        pin: &str,
    ) -> Vec<Outgoing> {
        let credential = Credential::Pin {
            delegate: delegate.clone(),
            pin_hash: crate::meeting::pin_hash(meeting, delegate, pin),
        };
        self.send(now, &SeatRequest::SignIn { credential })
    }

    /// Signs the delegate out.
    pub fn sign_out(&mut self, now: Timestamp) -> Vec<Outgoing> {
        self.send(now, &SeatRequest::SignOut)
    }

    /// Whether the seat may vote now.
    pub fn vote_ability(&self, now: Timestamp) -> VoteAbility {
        let Some(state) = &self.state else {
            return VoteAbility::NoBallot;
        };
        if state.phase != Phase::InSession {
            return VoteAbility::NotInSession;
        }
        let Some(b) = &state.ballot else {
            return VoteAbility::NoBallot;
        };
        let Some(me) = &self.signed_in else {
            return VoteAbility::NotSignedIn;
        };
        let member = self
            .manifest
            .as_ref()
            .and_then(|m| m.meeting.delegate(&me.delegate))
            .is_none_or(|d| d.role.is_member());
        if !member {
            return VoteAbility::NotAMember;
        }
        if b.closes_at.is_some_and(|t| t <= now) {
            return VoteAbility::TimeUp;
        }
        if let Some(v) = self.votes.get(&b.spec.id)
            && !b.spec.allow_change
            && !matches!(v.state, VoteState::Refused { .. })
        {
            let receipt = match &v.state {
                VoteState::Recorded { receipt } => Some(*receipt),
                _ => None,
            };
            return VoteAbility::AlreadyVoted { receipt };
        }
        VoteAbility::May {
            ballot: Box::new(b.spec.clone()),
            closes_at: b.closes_at,
        }
    }

    /// Casts a vote on the open ballot: makes a vote id, seals the choice if
    /// the ballot is secret, and keeps sending it until it is recorded.
    pub fn cast(
        &mut self,
        now: Timestamp,
        choice: &Choice,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Vec<Outgoing>, ActionError> {
        let VoteAbility::May { ballot, .. } = self.vote_ability(now) else {
            return Err(ActionError::CannotVote(self.vote_ability(now)));
        };
        ballot
            .check_choice(choice)
            .map_err(|_| ActionError::BadChoice)?;
        let me = self.me()?;
        let key = self
            .state
            .as_ref()
            .and_then(|s| s.ballot.as_ref())
            .and_then(|b| b.public_key);
        let paper = match key {
            Some(pk) => VotePaper::Sealed(crate::sealed::seal(&ballot, &pk, choice, rng)),
            None => VotePaper::Plain(choice.clone()),
        };
        let vote_id = VoteId::new(fresh_id(rng, "v")).expect("hex is a valid id");
        let request = CastVote {
            ballot: ballot.id.clone(),
            vote_id,
            delegate: me,
            paper,
        };
        self.votes.insert(
            ballot.id.clone(),
            TrackedVote {
                request,
                state: VoteState::Waiting,
                last_sent: None,
            },
        );
        Ok(self.resend(now, false))
    }

    /// Asks for the floor (the mic key).
    pub fn request_floor(&mut self, now: Timestamp) -> Vec<Outgoing> {
        self.send(now, &SeatRequest::RequestFloor)
    }

    /// Withdraws a request to speak, or gives the floor back.
    pub fn withdraw_floor(&mut self, now: Timestamp) -> Vec<Outgoing> {
        self.send(now, &SeatRequest::WithdrawFloor)
    }

    /// Puts a comment in the outbox and sends it.
    pub fn comment(
        &mut self,
        now: Timestamp,
        rng: &mut impl CryptoRngCore,
        item: Option<ItemId>,
        document: Option<DocumentId>,
        page: Option<u32>,
        text: &str,
    ) -> Result<Vec<Outgoing>, ActionError> {
        let me = self.me()?;
        let chars = text.trim().chars().count();
        if chars == 0 || chars > crate::message::seat::MAX_COMMENT_CHARS {
            return Err(ActionError::BadText);
        }
        let comment_id = CommentId::new(fresh_id(rng, "c")).expect("hex is a valid id");
        self.comments.insert(
            comment_id.clone(),
            TrackedComment {
                comment: Comment {
                    comment_id,
                    delegate: me,
                    item,
                    document,
                    page,
                    text: text.trim().to_owned(),
                },
                recorded: false,
                last_sent: None,
            },
        );
        Ok(self.resend(now, false))
    }

    /// Follow the presenter's page, or read on one's own.
    pub fn set_following(&mut self, follow: bool) -> Option<PageRef> {
        self.following = follow;
        self.turned = None;
        if follow {
            self.turned = self.state.as_ref().and_then(|s| s.presenter.clone());
            self.turned.clone()
        } else {
            None
        }
    }

    /// Sends again what has waited too long for an answer.
    pub fn tick(&mut self, now: Timestamp) -> Vec<Outgoing> {
        self.resend(now, false)
    }

    /// When [`SeatClient::tick`] next has something to do.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        if !self.connected {
            return None;
        }
        let votes = self
            .votes
            .values()
            .filter(|v| v.state == VoteState::Waiting)
            .filter_map(|v| v.last_sent);
        let comments = self
            .comments
            .values()
            .filter(|c| !c.recorded)
            .filter_map(|c| c.last_sent);
        votes.chain(comments).min().map(|t| t.plus_millis(RETRY_MS))
    }

    fn resend(&mut self, now: Timestamp, all: bool) -> Vec<Outgoing> {
        if !self.connected {
            return Vec::new();
        }
        let due =
            |last: Option<Timestamp>| all || last.is_none_or(|t| now.millis_since(t) >= RETRY_MS);
        let mut reqs = Vec::new();
        for v in self.votes.values_mut() {
            if v.state == VoteState::Waiting && due(v.last_sent) {
                v.last_sent = Some(now);
                reqs.push(SeatRequest::CastVote(v.request.clone()));
            }
        }
        for c in self.comments.values_mut() {
            if !c.recorded && due(c.last_sent) {
                c.last_sent = Some(now);
                reqs.push(SeatRequest::Comment(c.comment.clone()));
            }
        }
        reqs.iter().flat_map(|r| self.send(now, r)).collect()
    }

    fn send(&mut self, now: Timestamp, req: &SeatRequest) -> Vec<Outgoing> {
        if !self.connected {
            return Vec::new();
        }
        vec![self.publish(
            &Topic::SeatUp(self.room.clone(), self.seat.clone()),
            now,
            req,
        )]
    }

    fn publish<T: Serialize>(&mut self, topic: &Topic, now: Timestamp, body: &T) -> Outgoing {
        Outgoing {
            topic: topic.to_string(),
            retain: topic.retained(),
            payload: self.signer.seal(topic, now, body),
        }
    }

    /// The manifest, once heard.
    pub fn manifest(&self) -> Option<&Manifest> {
        self.manifest.as_ref()
    }

    /// The newest state heard.
    pub fn state(&self) -> Option<&StateSnapshot> {
        self.state.as_ref()
    }

    /// Who is signed in here.
    pub fn signed_in(&self) -> Option<&SignedIn> {
        self.signed_in.as_ref()
    }

    /// This seat's votes, by ballot.
    pub fn votes(&self) -> &BTreeMap<BallotId, TrackedVote> {
        &self.votes
    }

    /// Comments not yet recorded by the controller.
    pub fn outbox(&self) -> impl Iterator<Item = &Comment> {
        self.comments
            .values()
            .filter(|c| !c.recorded)
            .map(|c| &c.comment)
    }

    /// Every comment this seat made since it started (or was restored),
    /// recorded or not.
    pub fn comments(&self) -> impl Iterator<Item = &TrackedComment> {
        self.comments.values()
    }

    /// Notices heard, oldest first.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Puts back votes and comments kept across a kiosk restart: they are
    /// sent again with their ids, so nothing counts twice.
    pub fn restore(&mut self, votes: Vec<TrackedVote>, comments: Vec<TrackedComment>) {
        for v in votes {
            self.votes.insert(v.request.ballot.clone(), v);
        }
        for c in comments {
            self.comments.insert(c.comment.comment_id.clone(), c);
        }
    }
}

impl SeatClient {
    /// The delegate signed in here.
    fn me(&self) -> Result<DelegateId, ActionError> {
        Ok(self
            .signed_in
            .as_ref()
            .ok_or(ActionError::NotSignedIn)?
            .delegate
            .clone())
    }
}

/// A fresh random id, `prefix-<24 hex digits>`.
fn fresh_id(rng: &mut impl CryptoRngCore, prefix: &str) -> String {
    let mut id = [0u8; 12];
    rng.fill_bytes(&mut id);
    format!("{prefix}-{}", hex::encode(id))
}

#[cfg(test)]
mod tests;
