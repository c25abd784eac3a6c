//! Why a message or a request was refused. One enum for the whole protocol,
//! so every refusal has a name that tests, counters, logs and seat screens share.

use serde::{Deserialize, Serialize};

/// A reason for refusing a message (envelope checks) or a request (room rules).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    thiserror::Error,
)]
#[serde(rename_all = "kebab-case")]
pub enum Rejection {
    // Envelope checks: the message is dropped and counted.
    #[error("message is not a well-formed envelope")]
    Malformed,
    #[error("message is larger than the protocol allows")]
    TooLarge,
    #[error("envelope version is not supported")]
    UnsupportedVersion,
    #[error("sender's key is not known to the room")]
    UnknownSender,
    #[error("sender may not publish on this topic")]
    WrongTopic,
    #[error("signature does not verify")]
    BadSignature,
    #[error("message time is too far from the room's clock")]
    Stale,
    #[error("message was already received (replay)")]
    Replayed,
    #[error("message body does not fit the topic")]
    BadBody,

    // Room rules: the sender gets a reply naming the reason.
    #[error("no delegate matches the card or PIN")]
    BadCredential,
    #[error("delegate belongs at another seat")]
    WrongSeat,
    #[error("no delegate is signed in at this seat")]
    NotSignedIn,
    #[error("observers do not vote")]
    NotEligible,
    #[error("the meeting is not in session")]
    NotInSession,
    #[error("the meeting is closed")]
    MeetingClosed,
    #[error("no ballot with this id is open")]
    BallotNotOpen,
    #[error("a ballot is already open")]
    BallotAlreadyOpen,
    #[error("the ballot's time is up")]
    TooLate,
    #[error("the delegate has already voted on this ballot")]
    AlreadyVoted,
    #[error("the choice does not fit the ballot")]
    InvalidChoice,
    #[error("a secret ballot takes only sealed choices")]
    SealedRequired,
    #[error("an open ballot takes only plain choices")]
    PlainRequired,
    #[error("the sealed choice cannot be opened")]
    BadSeal,
    #[error("the quorum is not met")]
    QuorumNotMet,
    #[error("the ballot specification is not valid")]
    InvalidBallot,
    #[error("no such agenda item")]
    UnknownItem,
    #[error("no such document or page")]
    UnknownDocument,
    #[error("no such delegate")]
    UnknownDelegate,
    #[error("the delegate is already in the speakers queue or has the floor")]
    AlreadyQueued,
    #[error("the delegate is not in the speakers queue")]
    NotQueued,
    #[error("the speakers queue is empty")]
    QueueEmpty,
    #[error("the text is empty or too long")]
    BadText,
    #[error("the operator's role does not allow this")]
    NotPermitted,
    #[error("a ballot is still open")]
    BallotStillOpen,
    #[error("the meeting's conclusions and tasks are as large as allowed")]
    RecordFull,
    #[error("no conclusion or task with this number on this item")]
    UnknownEntry,
    #[error("the current meeting is in session")]
    MeetingInProgress,
    #[error("no such meeting is stored for this room")]
    UnknownMeeting,
    #[error("some of the meeting's papers are missing")]
    PapersMissing,
    #[error("no central system is configured")]
    NoCentralSystem,
}

impl Rejection {
    /// Every reason, in declaration order.
    pub const ALL: [Self; 40] = [
        Self::Malformed,
        Self::TooLarge,
        Self::UnsupportedVersion,
        Self::UnknownSender,
        Self::WrongTopic,
        Self::BadSignature,
        Self::Stale,
        Self::Replayed,
        Self::BadBody,
        Self::BadCredential,
        Self::WrongSeat,
        Self::NotSignedIn,
        Self::NotEligible,
        Self::NotInSession,
        Self::MeetingClosed,
        Self::BallotNotOpen,
        Self::BallotAlreadyOpen,
        Self::TooLate,
        Self::AlreadyVoted,
        Self::InvalidChoice,
        Self::SealedRequired,
        Self::PlainRequired,
        Self::BadSeal,
        Self::QuorumNotMet,
        Self::InvalidBallot,
        Self::UnknownItem,
        Self::UnknownDocument,
        Self::UnknownDelegate,
        Self::AlreadyQueued,
        Self::NotQueued,
        Self::QueueEmpty,
        Self::BadText,
        Self::NotPermitted,
        Self::BallotStillOpen,
        Self::RecordFull,
        Self::UnknownEntry,
        Self::MeetingInProgress,
        Self::UnknownMeeting,
        Self::PapersMissing,
        Self::NoCentralSystem,
    ];

    /// Whether the reason comes from the envelope checks (drop and count)
    /// rather than from the room's rules (reply to the sender).
    pub fn is_envelope(self) -> bool {
        matches!(
            self,
            Self::Malformed
                | Self::TooLarge
                | Self::UnsupportedVersion
                | Self::UnknownSender
                | Self::WrongTopic
                | Self::BadSignature
                | Self::Stale
                | Self::Replayed
                | Self::BadBody
        )
    }
}
