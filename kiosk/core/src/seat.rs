//! The kiosk's session with the controller: `protocol::client::SeatClient`
//! over a real MQTT connection, with the delegate's entries kept on disk.
//!
//! [`start`] spawns one task on the current tokio runtime and returns a
//! [`SeatHandle`]. The handle is the whole interface: commands (sign in,
//! vote, floor, comment, follow the presenter), a [`SeatView`] snapshot that
//! changes as the room does (`watch`), the protocol's [`SeatEvent`]s as they
//! happen (`broadcast`), and the private notes. The Slint app, the tests,
//! the benches and the demo's simulated seats all drive a seat through it.
//!
//! When the manifest names a meeting, its papers are fetched into the
//! seat's [`PaperCache`] in the background (agenda order, resuming, hash
//! checked); the view carries the progress, and the seat's status tells the
//! console how many papers it holds.
//!
//! With the broker gone the seat keeps working: votes and comments wait on
//! disk and are resent with their ids when the connection is back; the view
//! says `Offline` plainly.

mod runner;
mod store;
mod view;

#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ed25519_dalek::{SigningKey, VerifyingKey};
use link::mqtt::BrokerUrl;
use protocol::ballot::Choice;
use protocol::client::{ActionError, SeatEvent};
use protocol::ids::{CommentId, DelegateId, DeviceId, DocumentId, ItemId, RoomId, SeatId, VoteId};
use protocol::message::PageRef;
use tokio::sync::{broadcast, mpsc, oneshot, watch};

pub use store::{SavedComment, SeatStore, StoreError, Stroke};
pub use view::{Connection, Floor, SeatView};

use crate::papers::PaperCache;

/// What a seat needs to know to join its room.
#[derive(Debug, Clone)]
pub struct SeatConfig {
    pub room: RoomId,
    pub seat: SeatId,
    /// This seat's device id, bound to the seat in the controller's config.
    pub device: DeviceId,
    /// This seat's device key (Ed25519).
    pub key: SigningKey,
    /// The controller's pinned public key: only what verifies with it counts.
    pub controller_key: VerifyingKey,
    pub broker: BrokerUrl,
    /// The CA that signed an `mqtts://` broker's certificate.
    pub broker_ca: Option<Vec<u8>>,
    /// Where the papers are: `http://controller:8080/blobs`.
    pub papers_url: Option<String>,
    /// The seat's own files: `seat.db` (votes, comments, notes) and the paper cache.
    pub data_dir: PathBuf,
    /// The kiosk's version, shown on the console's seat map.
    pub version: String,
}

/// Why a seat command was not carried out.
#[derive(Debug, thiserror::Error)]
pub enum SeatError {
    #[error("no connection to the controller: try again when it is back")]
    Offline,
    #[error(transparent)]
    Action(#[from] ActionError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no meeting is loaded at this seat yet")]
    NoMeeting,
    #[error("the seat's session has stopped")]
    Stopped,
    #[error("{0}")]
    Setup(String),
}

/// Where a comment points.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentTarget {
    pub item: Option<ItemId>,
    pub document: Option<DocumentId>,
    pub page: Option<u32>,
}

enum Command {
    SignInCard(Vec<u8>, oneshot::Sender<Result<(), SeatError>>),
    SignInPin(DelegateId, String, oneshot::Sender<Result<(), SeatError>>),
    SignOut(oneshot::Sender<Result<(), SeatError>>),
    Cast(Choice, oneshot::Sender<Result<VoteId, SeatError>>),
    RequestFloor(oneshot::Sender<Result<(), SeatError>>),
    WithdrawFloor(oneshot::Sender<Result<(), SeatError>>),
    Comment(
        CommentTarget,
        String,
        oneshot::Sender<Result<CommentId, SeatError>>,
    ),
    Follow(bool, oneshot::Sender<Option<PageRef>>),
    Shutdown(oneshot::Sender<()>),
}

/// The handle to a running seat. Cheap to clone; usable from any thread
/// (its futures need no particular runtime, so a Slint event loop can
/// await them).
#[derive(Debug, Clone)]
pub struct SeatHandle {
    commands: mpsc::UnboundedSender<Command>,
    view: watch::Receiver<Arc<SeatView>>,
    events: broadcast::Sender<SeatEvent>,
    store: SeatStore,
    papers: PaperCache,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Command")
    }
}

/// Starts the seat on the current tokio runtime.
pub fn start(config: SeatConfig) -> Result<SeatHandle, SeatError> {
    let store = SeatStore::open(&config.data_dir)?;
    let papers = PaperCache::open(&config.data_dir.join("papers"))
        .map_err(|e| SeatError::Setup(e.to_string()))?;
    runner::spawn(config, store, papers)
}

impl SeatHandle {
    async fn ask<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<T>) -> Command,
    ) -> Result<T, SeatError> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(make(tx))
            .map_err(|_| SeatError::Stopped)?;
        rx.await.map_err(|_| SeatError::Stopped)
    }

    /// Signs in with a card's UID (hashed before it leaves the seat).
    pub async fn sign_in_card(&self, uid: &[u8]) -> Result<(), SeatError> {
        let uid = uid.to_vec();
        self.ask(|tx| Command::SignInCard(uid, tx)).await?
    }

    /// Signs in with a delegate's PIN.
    pub async fn sign_in_pin(&self, delegate: &DelegateId, pin: &str) -> Result<(), SeatError> {
        let (d, p) = (delegate.clone(), pin.to_owned());
        self.ask(|tx| Command::SignInPin(d, p, tx)).await?
    }

    /// Signs the delegate out.
    pub async fn sign_out(&self) -> Result<(), SeatError> {
        self.ask(Command::SignOut).await?
    }

    /// Casts a vote on the open ballot. Returns once the vote is on this
    /// seat's disk and handed to the connection (or waiting for it); it is
    /// resent with the same id until the controller answers "recorded".
    pub async fn cast(&self, choice: Choice) -> Result<VoteId, SeatError> {
        self.ask(|tx| Command::Cast(choice, tx)).await?
    }

    /// Asks for the floor.
    pub async fn request_floor(&self) -> Result<(), SeatError> {
        self.ask(Command::RequestFloor).await?
    }

    /// Withdraws a request to speak, or gives the floor back.
    pub async fn withdraw_floor(&self) -> Result<(), SeatError> {
        self.ask(Command::WithdrawFloor).await?
    }

    /// Sends a comment (góp ý); it waits in the outbox until recorded.
    pub async fn comment(&self, target: CommentTarget, text: &str) -> Result<CommentId, SeatError> {
        let text = text.to_owned();
        self.ask(|tx| Command::Comment(target, text, tx)).await?
    }

    /// Follows the presenter (returns the page to turn to now), or stops.
    pub async fn set_following(&self, follow: bool) -> Result<Option<PageRef>, SeatError> {
        self.ask(|tx| Command::Follow(follow, tx)).await
    }

    /// Stops the session: the seat says it is offline and disconnects.
    pub async fn shutdown(&self) {
        let _ = self.ask(Command::Shutdown).await;
    }

    /// The seat as it is now.
    pub fn view(&self) -> Arc<SeatView> {
        self.view.borrow().clone()
    }

    /// A receiver that wakes when the view changes.
    pub fn watch(&self) -> watch::Receiver<Arc<SeatView>> {
        self.view.clone()
    }

    /// The protocol's events from now on.
    pub fn events(&self) -> broadcast::Receiver<SeatEvent> {
        self.events.subscribe()
    }

    /// Waits until the view satisfies `cond`, at most `within`.
    pub async fn wait_until(
        &self,
        within: Duration,
        mut cond: impl FnMut(&SeatView) -> bool,
    ) -> Result<Arc<SeatView>, SeatError> {
        let mut rx = self.view.clone();
        let found = tokio::time::timeout(within, rx.wait_for(|v| cond(v))).await;
        match found {
            Ok(Ok(v)) => Ok(v.clone()),
            Ok(Err(_)) => Err(SeatError::Stopped),
            Err(_) => Err(SeatError::Setup(format!(
                "the seat did not reach the expected state within {within:?}; it is {:?}",
                self.view()
            ))),
        }
    }

    /// The seat's local store (notes and ink, comments made).
    pub fn store(&self) -> &SeatStore {
        &self.store
    }

    /// The paper cache: the meeting's papers on this seat's disk, readable
    /// with no network (`PaperCache::source`).
    pub fn papers(&self) -> &PaperCache {
        &self.papers
    }
}
