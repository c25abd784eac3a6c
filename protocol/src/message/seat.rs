//! `seat/{seat}/up`, `seat/{seat}/down` and `seat/{seat}/status` bodies.

use serde::{Deserialize, Serialize};

use crate::ballot::Choice;
use crate::ids::{BallotId, CommentId, DelegateId, DocumentId, ItemId, Sha256, VoteId};
use crate::reject::Rejection;
use crate::sealed::SealedChoice;

/// A kiosk's request to the controller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum SeatRequest {
    SignIn { credential: Credential },
    SignOut,
    CastVote(CastVote),
    RequestFloor,
    WithdrawFloor,
    Comment(Comment),
}

impl SeatRequest {
    /// What kind of request this is, for replies and counters.
    pub fn kind(&self) -> RequestKind {
        match self {
            Self::SignIn { .. } => RequestKind::SignIn,
            Self::SignOut => RequestKind::SignOut,
            Self::CastVote(_) => RequestKind::CastVote,
            Self::RequestFloor => RequestKind::RequestFloor,
            Self::WithdrawFloor => RequestKind::WithdrawFloor,
            Self::Comment(_) => RequestKind::Comment,
        }
    }
}

/// The kinds of [`SeatRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestKind {
    SignIn,
    SignOut,
    CastVote,
    RequestFloor,
    WithdrawFloor,
    Comment,
}

/// How a delegate proves who they are at a seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Credential {
    /// A card tap: [`crate::meeting::card_hash`] of the card UID.
    Card { card_hash: Sha256 },
    /// A PIN typed at the seat: [`crate::meeting::pin_hash`].
    Pin {
        delegate: DelegateId,
        pin_hash: Sha256,
    },
}

/// A vote. The kiosk makes `vote_id` once and retries with it until it gets
/// [`SeatReply::VoteRecorded`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CastVote {
    pub ballot: BallotId,
    pub vote_id: VoteId,
    /// The delegate the kiosk believes is signed in; must match the controller's view.
    pub delegate: DelegateId,
    pub paper: VotePaper,
}

/// The choice as it travels: plain on open ballots, sealed on secret ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VotePaper {
    Plain(Choice),
    Sealed(SealedChoice),
}

/// A comment (góp ý) on the meeting, an item, a paper or a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub comment_id: CommentId,
    pub delegate: DelegateId,
    #[serde(default)]
    pub item: Option<ItemId>,
    #[serde(default)]
    pub document: Option<DocumentId>,
    #[serde(default)]
    pub page: Option<u32>,
    pub text: String,
}

/// The longest comment accepted, in characters.
pub const MAX_COMMENT_CHARS: usize = 4000;

/// The controller's reply to one seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum SeatReply {
    SignedIn {
        delegate: DelegateId,
        full_name: String,
        unit_name: String,
    },
    SignedOut,
    /// The vote is durable; `receipt` lets the delegate check it in the minutes.
    VoteRecorded {
        ballot: BallotId,
        vote_id: VoteId,
        receipt: Sha256,
    },
    CommentRecorded {
        comment_id: CommentId,
    },
    /// Place in the speakers queue, from 1.
    FloorQueued {
        position: u32,
    },
    FloorWithdrawn,
    Rejected {
        request: RequestKind,
        /// The vote or comment id the rejection is about, if any.
        #[serde(default)]
        id: Option<String>,
        reason: Rejection,
    },
}

/// What a kiosk says about itself on its retained status topic (and, with
/// `online: false`, as its last will).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatStatus {
    pub online: bool,
    #[serde(default)]
    pub version: String,
    /// Papers of the meeting in the seat's cache, of how many.
    #[serde(default)]
    pub papers_cached: u32,
    #[serde(default)]
    pub papers_total: u32,
    #[serde(default)]
    pub delegate: Option<DelegateId>,
}
