//! [`SeatView`]: everything a seat's screens show, as one snapshot made from
//! the protocol client. Rules (may I vote, where am I in the queue) are
//! decided here or in `protocol`, never in the UI.

use std::collections::BTreeMap;
use std::sync::Arc;

use protocol::client::{SeatClient, SignedIn, VoteAbility, VoteState};
use protocol::ids::{BallotId, Timestamp};
use protocol::message::{Manifest, Notice, StateSnapshot};

use crate::papers::SyncProgress;

/// The seat's link to the room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// Not connected yet since the kiosk started.
    Connecting,
    /// Connected and subscribed.
    Online,
    /// The connection dropped at `since`; papers already cached stay readable
    /// and entries wait on disk.
    Offline { since: Timestamp, reason: String },
}

/// The delegate's place on the speakers list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Floor {
    /// Not asking to speak.
    Idle,
    /// Waiting, at this place (1 = next).
    Queued { position: u32 },
    /// This delegate has the floor.
    Speaking,
}

/// A snapshot of the seat.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatView {
    pub connection: Connection,
    pub manifest: Option<Arc<Manifest>>,
    pub state: Option<StateSnapshot>,
    pub signed_in: Option<SignedIn>,
    /// Whether the delegate may vote now (as of `at`).
    pub ability: VoteAbility,
    /// Where this seat's vote stands, by ballot.
    pub votes: BTreeMap<BallotId, VoteState>,
    pub floor: Floor,
    /// Comments not yet recorded by the controller.
    pub outbox: usize,
    pub notices: Vec<Notice>,
    pub following: bool,
    /// The meeting's papers on this seat's disk.
    pub papers: SyncProgress,
    /// Messages heard that did not verify (forged, replayed, malformed).
    pub dropped: u64,
    /// When this view was made.
    pub at: Timestamp,
}

impl SeatView {
    /// The view before anything is heard.
    pub fn initial(at: Timestamp) -> Self {
        Self {
            connection: Connection::Connecting,
            manifest: None,
            state: None,
            signed_in: None,
            ability: VoteAbility::NoBallot,
            votes: BTreeMap::new(),
            floor: Floor::Idle,
            outbox: 0,
            notices: Vec::new(),
            following: true,
            papers: SyncProgress::default(),
            dropped: 0,
            at,
        }
    }

    /// Whether the seat is connected to the room now.
    pub fn is_online(&self) -> bool {
        self.connection == Connection::Online
    }

    /// The state of this seat's vote on `ballot`.
    pub fn vote(&self, ballot: &BallotId) -> Option<&VoteState> {
        self.votes.get(ballot)
    }

    /// Whether the open ballot waits for this delegate's vote: they may vote
    /// and have not (nothing recorded or on its way).
    pub fn awaiting_vote(&self) -> bool {
        matches!(self.ability, VoteAbility::May { .. })
            && self.open_ballot().is_some_and(|b| {
                self.vote(&b.spec.id)
                    .is_none_or(|v| matches!(v, VoteState::Refused { .. }))
            })
    }

    /// The ballot open now, if any.
    pub fn open_ballot(&self) -> Option<&protocol::message::OpenBallotView> {
        self.state.as_ref().and_then(|s| s.ballot.as_ref())
    }
}

/// What the seat task knows besides the protocol client.
#[derive(Debug, Clone)]
pub(crate) struct Extra {
    pub connection: Connection,
    pub following: bool,
    pub dropped: u64,
    pub papers: SyncProgress,
}

/// Makes the view from the client.
pub(crate) fn make(
    client: &SeatClient,
    manifest: Option<&Arc<Manifest>>,
    extra: &Extra,
    now: Timestamp,
) -> SeatView {
    let signed_in = client.signed_in().cloned();
    let floor = match (client.state(), &signed_in) {
        (Some(s), Some(me)) if s.speakers.floor.as_ref() == Some(&me.delegate) => Floor::Speaking,
        (Some(s), Some(me)) => s
            .speakers
            .queue
            .iter()
            .position(|d| *d == me.delegate)
            .map_or(Floor::Idle, |i| Floor::Queued {
                position: u32::try_from(i + 1).unwrap_or(u32::MAX),
            }),
        _ => Floor::Idle,
    };
    SeatView {
        connection: extra.connection.clone(),
        manifest: manifest.cloned(),
        state: client.state().cloned(),
        signed_in,
        ability: client.vote_ability(now),
        votes: client
            .votes()
            .iter()
            .map(|(b, v)| (b.clone(), v.state.clone()))
            .collect(),
        floor,
        outbox: client.outbox().count(),
        notices: client.notices().to_vec(),
        following: extra.following,
        papers: extra.papers,
        dropped: extra.dropped,
        at: now,
    }
}
