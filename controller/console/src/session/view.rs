//! [`ConsoleView`]: everything the console's screens show about the room, as
//! one snapshot made from the protocol client and the replies to commands.

use std::sync::Arc;

use protocol::ids::{AccountId, CommandId, Timestamp};
use protocol::message::{
    ConsoleCommand, ControllerStatus, Manifest, Notice, SeatMap, StateSnapshot,
};
use protocol::reject::Rejection;

use super::client::ConsoleClient;

/// The console's link to the room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// Not connected yet since the console started.
    Connecting,
    /// Connected and subscribed.
    Online,
    /// The connection dropped at `since`; commands are refused until it is back.
    Offline { since: Timestamp, reason: String },
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Sent; no answer yet.
    Waiting,
    Done,
    Rejected(Rejection),
    /// No answer before the deadline: the controller may or may not have done it.
    NoAnswer,
}

/// A command the console sent, and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandRecord {
    pub command_id: CommandId,
    pub account: AccountId,
    pub command: ConsoleCommand,
    pub sent_at: Timestamp,
    pub outcome: Outcome,
}

/// How many commands the view remembers.
pub const COMMANDS_KEPT: usize = 50;

/// A snapshot of the room as the console knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleView {
    pub connection: Connection,
    pub manifest: Option<Arc<Manifest>>,
    pub state: Option<StateSnapshot>,
    pub seat_map: Option<Arc<SeatMap>>,
    /// The controller's status (stored meetings, sync, uploads), once heard.
    pub status: Option<Arc<ControllerStatus>>,
    /// The meeting's notices, by number.
    pub notices: Vec<Notice>,
    /// The last commands sent, oldest first.
    pub commands: Vec<CommandRecord>,
    /// Messages heard that did not verify.
    pub dropped: u64,
    /// When this view was made.
    pub at: Timestamp,
}

impl ConsoleView {
    /// The view before anything is heard.
    pub fn initial(at: Timestamp) -> Self {
        Self {
            connection: Connection::Connecting,
            manifest: None,
            state: None,
            seat_map: None,
            status: None,
            notices: Vec::new(),
            commands: Vec::new(),
            dropped: 0,
            at,
        }
    }

    /// Whether the console is connected to the room now.
    pub fn is_online(&self) -> bool {
        self.connection == Connection::Online
    }

    /// The record of a command sent from this console.
    pub fn command(&self, id: &CommandId) -> Option<&CommandRecord> {
        self.commands.iter().rev().find(|c| &c.command_id == id)
    }
}

/// What the session task knows besides the protocol client.
#[derive(Debug, Clone)]
pub(crate) struct Extra {
    pub connection: Connection,
    pub commands: Vec<CommandRecord>,
    pub dropped: u64,
}

/// Makes the view from the client, reusing the `Arc`s of `old` that did not change.
pub(crate) fn make(
    client: &ConsoleClient,
    extra: &Extra,
    old: &ConsoleView,
    now: Timestamp,
) -> ConsoleView {
    let manifest = match (client.manifest(), &old.manifest) {
        (Some(new), Some(old)) if **old == *new => Some(old.clone()),
        (new, _) => new.cloned().map(Arc::new),
    };
    let seat_map = match (client.seat_map(), &old.seat_map) {
        (Some(new), Some(old)) if **old == *new => Some(old.clone()),
        (new, _) => new.cloned().map(Arc::new),
    };
    let status = match (client.status(), &old.status) {
        (Some(new), Some(old)) if **old == *new => Some(old.clone()),
        (new, _) => new.cloned().map(Arc::new),
    };
    ConsoleView {
        connection: extra.connection.clone(),
        manifest,
        state: client.state().cloned(),
        seat_map,
        status,
        notices: client.notices().to_vec(),
        commands: extra.commands.clone(),
        dropped: extra.dropped,
        at: now,
    }
}
