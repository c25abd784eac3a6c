//! The `events` body: things that happen, not retained.

use serde::{Deserialize, Serialize};

use crate::ids::{BallotId, Timestamp};
use crate::message::state::PageRef;
use crate::tally::BallotResult;

/// Something that happened in the room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum RoomEvent {
    BallotOpened {
        ballot: BallotId,
    },
    BallotClosed {
        result: BallotResult,
    },
    BallotCancelled {
        ballot: BallotId,
    },
    Notice {
        notice: Notice,
    },
    /// The presenter turned to a page; followers turn with them.
    PageSync {
        page: PageRef,
    },
}

/// A notice from the secretary (thông báo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Numbered from 1 within the meeting.
    pub number: u32,
    pub text: String,
    pub at: Timestamp,
}
