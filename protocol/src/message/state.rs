//! The retained `state` body: everything a seat needs to draw the session.

use serde::{Deserialize, Serialize};

use crate::ballot::BallotSpec;
use crate::ids::{DelegateId, DocumentId, ItemId, MeetingId, Timestamp};
use crate::message::event::Notice;
use crate::message::record::ItemRecord;
use crate::sealed::BallotPublicKey;
use crate::tally::BallotResult;

/// The session snapshot. `revision` grows with every change, so a seat that
/// reconnects knows whether it missed something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateSnapshot {
    pub revision: u64,
    pub meeting: MeetingId,
    pub phase: Phase,
    pub current_item: Option<ItemId>,
    pub presenter: Option<PageRef>,
    pub ballot: Option<OpenBallotView>,
    pub speakers: Speakers,
    pub attendance: Attendance,
    /// Results of the ballots closed so far, oldest first.
    pub results: Vec<BallotResult>,
    pub last_notice: Option<Notice>,
    /// Conclusions and tasks, by agenda item in agenda order; items with
    /// none are left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<ItemRecord>,
}

/// Where the session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Before the opening: seats sign in and read.
    Waiting,
    InSession,
    Closed,
}

/// A page of a paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRef {
    pub document: DocumentId,
    /// From 1.
    pub page: u32,
}

/// The open ballot as seats see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenBallotView {
    pub spec: BallotSpec,
    pub opened_at: Timestamp,
    pub closes_at: Option<Timestamp>,
    /// Present on secret ballots: seal choices to it.
    pub public_key: Option<BallotPublicKey>,
    /// How many have voted so far (not who, not what).
    pub voted: u32,
}

/// The speakers queue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speakers {
    pub floor: Option<DelegateId>,
    pub queue: Vec<DelegateId>,
}

/// Attendance counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// Voting members of the meeting.
    pub members: u32,
    /// Voting members present (signed in or marked present).
    pub present: u32,
    /// Everyone signed in at a seat, observers included.
    pub signed_in: u32,
}
