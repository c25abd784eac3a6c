//! `console/up` and `console/down` bodies.

use serde::{Deserialize, Serialize};

use crate::ballot::BallotSpec;
use crate::ids::{
    AccountId, BallotId, CommandId, DelegateId, DocumentId, ItemId, MeetingId, SeatId,
};
use crate::message::record::TaskSpec;
use crate::reject::Rejection;

/// A secretary's command, with who gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleRequest {
    pub command_id: CommandId,
    pub operator: Operator,
    pub command: ConsoleCommand,
}

/// The console account that gives a command; the console device vouches for
/// it with its signature, having checked the account's password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    pub account: AccountId,
    pub role: OperatorRole,
}

/// What a console account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OperatorRole {
    /// Thư ký: runs the session.
    Secretary,
    /// Chủ tọa at the console: may do what a secretary does.
    Chair,
    /// IT: devices and sync; may post technical notices, never run the session.
    It,
}

impl OperatorRole {
    /// Whether this role may give `command`.
    pub fn permits(self, command: &ConsoleCommand) -> bool {
        match self {
            Self::Secretary | Self::Chair => true,
            Self::It => matches!(
                command,
                ConsoleCommand::Notice { .. }
                    | ConsoleCommand::RetryUpload
                    | ConsoleCommand::SyncNow
            ),
        }
    }
}

/// A prepared ballot by id, or a new one made at the console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BallotRef {
    Prepared(BallotId),
    New(BallotSpec),
}

/// What the secretary can do to the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ConsoleCommand {
    /// Khai mạc: start the session.
    OpenSession,
    SetItem {
        item: ItemId,
    },
    /// "Show this page to everyone".
    ShowPage {
        document: DocumentId,
        page: u32,
    },
    StopPresenting,
    /// Roll call by hand, for a delegate without a working seat.
    MarkPresent {
        delegate: DelegateId,
        present: bool,
    },
    OpenBallot {
        ballot: BallotRef,
    },
    CloseBallot {
        ballot: BallotId,
    },
    CancelBallot {
        ballot: BallotId,
    },
    GrantFloor {
        delegate: DelegateId,
    },
    NextSpeaker,
    RemoveSpeaker {
        delegate: DelegateId,
    },
    EndFloor,
    Notice {
        text: String,
    },
    /// Kết luận: records a conclusion of the meeting on an agenda item.
    AddConclusion {
        item: ItemId,
        text: String,
    },
    /// Takes back a conclusion, by its number.
    RemoveConclusion {
        item: ItemId,
        conclusion: u32,
    },
    /// Giao nhiệm vụ: assigns a task to a unit on an agenda item.
    AssignTask {
        item: ItemId,
        task: TaskSpec,
    },
    /// Takes back a task, by its number.
    RemoveTask {
        item: ItemId,
        task: u32,
    },
    /// Bế mạc: close the meeting.
    CloseMeeting,
    /// Runs another stored meeting, when the current one is not in session.
    LoadMeeting {
        meeting: MeetingId,
    },
    /// Pushes the results outbox to the central system now.
    RetryUpload,
    /// Pulls the room's meetings from the central system now.
    SyncNow,
}

/// The longest notice accepted, in characters.
pub const MAX_NOTICE_CHARS: usize = 1000;

/// The controller's replies (`console/down`) and the seat map (retained on
/// `console/seats`, so a console that connects late has it at once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ConsoleReply {
    Done {
        command_id: CommandId,
    },
    Rejected {
        command_id: CommandId,
        reason: Rejection,
    },
    SeatMap(SeatMap),
}

/// Every seat of the plan: who sits there, whether the kiosk is online,
/// its cache, and whether its delegate has voted in the open ballot (never
/// what they voted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatMap {
    pub revision: u64,
    pub seats: Vec<SeatRow>,
    /// Messages the room dropped (forged, replayed, malformed, …), by reason.
    #[serde(default)]
    pub dropped: std::collections::BTreeMap<Rejection, u64>,
    /// Requests the room refused by its rules, by reason.
    #[serde(default)]
    pub refused: std::collections::BTreeMap<Rejection, u64>,
}

/// One seat of the [`SeatMap`].
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about one seat, shown as columns"
)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatRow {
    pub seat: SeatId,
    /// The delegate the seat plan puts here.
    pub delegate: DelegateId,
    pub online: bool,
    pub signed_in: bool,
    pub present: bool,
    pub voted: bool,
    pub papers_cached: u32,
    pub papers_total: u32,
}
