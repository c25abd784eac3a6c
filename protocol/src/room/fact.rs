//! Facts: the durable record of a session.
//!
//! Every change to session state is a [`Fact`]. [`super::Room`] turns an
//! accepted request into facts, applies them to itself, and hands them to the
//! shell, which writes them durably *before* publishing the replies of the
//! same step. After a restart the shell replays the facts it kept
//! ([`super::Room::restore`]) and the session goes on where it stood.
//!
//! Secret ballots: [`Fact::VoteRecorded`] carries no choice, and the choice
//! travels alone in [`Fact::SecretChoiceCounted`], which names no delegate.
//! A store must keep the two apart (ARCHITECTURE.md: secret ballots).

use serde::{Deserialize, Serialize};

use crate::ballot::{BallotSpec, Choice};
use crate::ids::{BallotId, DelegateId, ItemId, SeatId, Sha256, Timestamp, VoteId};
use crate::message::{Comment, Conclusion, Notice, PageRef, Task};
use crate::tally::BallotResult;

/// One change to the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Fact {
    SessionOpened {
        at: Timestamp,
    },
    ItemChanged {
        item: ItemId,
    },
    Presenting {
        page: Option<PageRef>,
    },
    SignedIn {
        delegate: DelegateId,
        seat: SeatId,
        at: Timestamp,
    },
    SignedOut {
        delegate: DelegateId,
        at: Timestamp,
    },
    MarkedPresent {
        delegate: DelegateId,
        present: bool,
    },
    BallotOpened {
        spec: BallotSpec,
        at: Timestamp,
        closes_at: Option<Timestamp>,
        /// The secret half of a secret ballot's key, so votes still open after a restart.
        secret_key: Option<Sha256>,
    },
    /// A delegate voted. `choice` is `None` on secret ballots.
    VoteRecorded {
        ballot: BallotId,
        delegate: DelegateId,
        vote_id: VoteId,
        receipt: Sha256,
        choice: Option<Choice>,
        at: Timestamp,
    },
    /// One secret choice counted; names no delegate.
    SecretChoiceCounted {
        ballot: BallotId,
        choice: Choice,
    },
    BallotClosed {
        result: BallotResult,
        at: Timestamp,
    },
    BallotCancelled {
        ballot: BallotId,
        at: Timestamp,
    },
    FloorRequested {
        delegate: DelegateId,
    },
    /// Leaves the queue, or the floor.
    FloorLeft {
        delegate: DelegateId,
    },
    FloorGranted {
        delegate: DelegateId,
    },
    FloorEnded,
    CommentRecorded {
        seat: SeatId,
        comment: Comment,
        at: Timestamp,
    },
    NoticeSent {
        notice: Notice,
    },
    ConclusionAdded {
        item: ItemId,
        conclusion: Conclusion,
    },
    ConclusionRemoved {
        item: ItemId,
        number: u32,
    },
    TaskAssigned {
        item: ItemId,
        task: Task,
    },
    TaskRemoved {
        item: ItemId,
        number: u32,
    },
    MeetingClosed {
        at: Timestamp,
    },
}
