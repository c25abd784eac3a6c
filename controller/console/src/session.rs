//! The console's session with the controller: [`client::ConsoleClient`]
//! over a real MQTT connection, with no UI.
//!
//! [`start`] spawns one task on the current tokio runtime and returns a
//! [`ConsoleHandle`]: [`ConsoleHandle::command`] signs a command with the
//! console's device key, sends it on `console/up` and waits for the
//! controller's answer (done, or refused and why) until a deadline; a
//! [`ConsoleView`] of the room (connection, manifest, state, seat map,
//! notices, the last commands and their answers) changes on a `watch`
//! channel; what happens arrives as [`ConsoleEvent`]s on a `broadcast`
//! channel. Everything heard must verify with the controller's pinned key.
//!
//! The handle does not check the operator's role: the controller decides
//! (`OperatorRole::permits`), and the screens grey out what it would refuse.

pub mod client;
mod runner;
mod view;

#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::time::Duration;

use ed25519_dalek::{SigningKey, VerifyingKey};
use link::mqtt::BrokerUrl;
use protocol::ids::{DeviceId, RoomId};
use protocol::message::{ConsoleCommand, Operator};
use protocol::reject::Rejection;
use tokio::sync::{broadcast, mpsc, oneshot, watch};

pub use client::{ConsoleClient, ConsoleEvent};
pub use view::{COMMANDS_KEPT, CommandRecord, Connection, ConsoleView, Outcome};

/// The device id the controller signs with (`controller::app::CONTROLLER_DEVICE`).
pub const CONTROLLER_DEVICE: &str = "controller";

/// How long a command waits for the controller's answer by default.
pub const DEFAULT_REPLY_WITHIN: Duration = Duration::from_secs(10);

/// What the console needs to know to join its room.
#[derive(Debug, Clone)]
pub struct ConsoleConfig {
    pub room: RoomId,
    /// This console's device id, registered with `console = true` in the
    /// controller's devices.
    pub device: DeviceId,
    /// This console's device key (Ed25519).
    pub key: SigningKey,
    /// The controller's pinned public key: only what verifies with it counts.
    pub controller_key: VerifyingKey,
    pub broker: BrokerUrl,
    /// The CA that signed an `mqtts://` broker's certificate.
    pub broker_ca: Option<Vec<u8>>,
    /// How long a command waits for its answer.
    pub reply_within: Duration,
}

/// Why a command was not carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// The controller refused it, for this reason.
    #[error("the controller refused the command: {0}")]
    Rejected(Rejection),
    #[error("no connection to the controller")]
    Offline,
    /// No answer in time: the controller may or may not have done it; the
    /// state it publishes says.
    #[error("the controller did not answer within {0:?}")]
    NoAnswer(Duration),
    #[error("the console's session has stopped")]
    Stopped,
}

/// Why the session could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot start the console's session: {0}")]
pub struct StartError(String);

enum Command {
    Send(
        Operator,
        ConsoleCommand,
        oneshot::Sender<Result<(), CommandError>>,
    ),
    Shutdown(oneshot::Sender<()>),
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Send(_, c, _) => f.debug_tuple("Send").field(c).finish(),
            Self::Shutdown(_) => f.write_str("Shutdown"),
        }
    }
}

/// The handle to a running console session. Cheap to clone; usable from any
/// thread (its futures need no particular runtime, so a Slint event loop can
/// await them).
#[derive(Debug, Clone)]
pub struct ConsoleHandle {
    commands: mpsc::UnboundedSender<Command>,
    view: watch::Receiver<Arc<ConsoleView>>,
    events: broadcast::Sender<ConsoleEvent>,
}

/// Starts the session on the current tokio runtime.
pub fn start(config: ConsoleConfig) -> Result<ConsoleHandle, StartError> {
    runner::spawn(config)
}

impl ConsoleHandle {
    /// Sends `command` as `operator` and waits for the controller's answer
    /// (at most the configured `reply_within`).
    pub async fn command(
        &self,
        operator: Operator,
        command: ConsoleCommand,
    ) -> Result<(), CommandError> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(Command::Send(operator, command, tx))
            .map_err(|_| CommandError::Stopped)?;
        rx.await.map_err(|_| CommandError::Stopped)?
    }

    /// Stops the session and disconnects.
    pub async fn shutdown(&self) {
        let (tx, rx) = oneshot::channel();
        if self.commands.send(Command::Shutdown(tx)).is_ok() {
            let _ = rx.await;
        }
    }

    /// The room as the console knows it now.
    pub fn view(&self) -> Arc<ConsoleView> {
        self.view.borrow().clone()
    }

    /// A receiver that wakes when the view changes.
    pub fn watch(&self) -> watch::Receiver<Arc<ConsoleView>> {
        self.view.clone()
    }

    /// What happens from now on.
    pub fn events(&self) -> broadcast::Receiver<ConsoleEvent> {
        self.events.subscribe()
    }

    /// Waits until the view satisfies `cond`, at most `within` (needs a tokio runtime).
    pub async fn wait_until(
        &self,
        within: Duration,
        mut cond: impl FnMut(&ConsoleView) -> bool,
    ) -> Result<Arc<ConsoleView>, String> {
        let mut rx = self.view.clone();
        match tokio::time::timeout(within, rx.wait_for(|v| cond(v))).await {
            Ok(Ok(v)) => Ok(v.clone()),
            Ok(Err(_)) => Err("the console's session has stopped".to_owned()),
            Err(_) => Err(format!(
                "the console did not reach the expected state within {within:?}; it is {:?}",
                self.view()
            )),
        }
    }
}
