//! The session engine: one event loop that feeds the `protocol` room state
//! machine from MQTT and the clock, makes each step's facts durable, and only
//! then publishes the step's messages.
//!
//! Messages that arrive together are handled as one batch and committed in
//! one transaction: a burst of 2,000 votes costs a few fsyncs, not 2,000.
//!
//! The engine also keeps the console's `console/status` (stored meetings,
//! papers, sync, outbox, the central link) and does what the room asks of
//! it ([`Action`]): load another meeting, push results, sync now.

pub mod status;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use ed25519_dalek::SigningKey;
use protocol::ids::{MeetingId, Timestamp};
use protocol::message::status::CentralLink;
use protocol::room::{Action, Fact, Publish, Room, Step};
use protocol::topic;
use rumqttc::{AsyncClient, Event, EventLoop, Packet, QoS};
use tokio::sync::{Notify, mpsc, watch};
use tracing::{debug, error, info, warn};

use crate::blobs::BlobStore;
use crate::http::Papers;
use crate::mqtt::ClientSettings;
use crate::results;
use crate::store::Store;

/// The most messages handled in one batch (one transaction).
const MAX_BATCH: usize = 4096;

/// The only clock the session sees (read once per batch), and where the
/// controller's sequence numbers start.
pub use link::{clock, first_sequence_number};

/// Everything the engine drives.
#[derive(Debug)]
pub struct Engine {
    pub room: Room,
    pub meeting: MeetingId,
    pub store: Store,
    pub mqtt: ClientSettings,
    /// Signs the results upload when the meeting closes.
    pub results_key: SigningKey,
    /// Woken when an upload is queued, or the console asks for a push.
    pub uploads: Arc<Notify>,
    /// Woken when the console asks for a sync.
    pub syncs: Arc<Notify>,
    /// The central link as the sync and upload loops saw it last; they
    /// send after every pass or attempt, which republishes the status.
    pub central: watch::Receiver<CentralLink>,
    /// The blob store, for the papers in the status.
    pub blobs: BlobStore,
    /// The paper server, told which papers the current meeting allows.
    pub papers: Papers,
    /// The last state revision made durable (the restored one at start).
    /// States published without facts (coalesced counts, announcements)
    /// still raise the revision, and a restart must not repeat one.
    pub revision_kept: u64,
}

enum Inbound {
    Connected,
    Message { topic: String, payload: Vec<u8> },
}

impl Engine {
    /// Runs the session until `shutdown` completes. An error means a fact
    /// could not be made durable: the process must stop and restart from the
    /// database rather than answer anything it did not keep.
    pub async fn run(mut self, shutdown: impl Future<Output = ()>) -> Result<()> {
        results::queue_if_closed(&mut self.store, &self.room, &self.results_key, clock())?;
        // Known before the first announcement, which carries it.
        let _ = self.refresh_status(clock());
        let (client, eventloop) = self.mqtt.client()?;
        let (tx, mut rx) = mpsc::channel(MAX_BATCH);
        let poller = tokio::spawn(poll(eventloop, tx));
        tokio::pin!(shutdown);
        let mut central_open = true;
        info!(meeting = %self.meeting, broker = %self.mqtt.url.host, port = self.mqtt.url.port, "session engine running");
        let outcome = loop {
            let sleep = until(self.room.next_deadline());
            tokio::select! {
                () = &mut shutdown => break Ok(()),
                first = rx.recv() => {
                    let Some(first) = first else { break Err(anyhow::anyhow!("the MQTT event loop ended")) };
                    let mut batch = vec![first];
                    while batch.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(m) => batch.push(m),
                            Err(_) => break,
                        }
                    }
                    if let Err(e) = self.handle(&client, batch).await {
                        break Err(e);
                    }
                }
                () = sleep => {
                    let now = clock();
                    let step = self.room.tick(now);
                    if let Err(e) = self.finish(&client, vec![step], now).await {
                        break Err(e);
                    }
                }
                changed = self.central.changed(), if central_open => {
                    if changed.is_err() {
                        // No loop reports any more: stop listening.
                        central_open = false;
                        continue;
                    }
                    let now = clock();
                    let step = self.refresh_status(now);
                    if let Err(e) = self.finish(&client, vec![step], now).await {
                        break Err(e);
                    }
                }
            }
        };
        poller.abort();
        let _ = client.disconnect().await;
        outcome
    }

    async fn handle(&mut self, client: &AsyncClient, batch: Vec<Inbound>) -> Result<()> {
        let now = clock();
        let mut steps = Vec::with_capacity(batch.len());
        for m in batch {
            match m {
                Inbound::Connected => {
                    let filters = topic::filter::controller(&self.room.package().room);
                    client
                        .subscribe_many(
                            filters
                                .into_iter()
                                .map(|f| rumqttc::SubscribeFilter::new(f, QoS::AtLeastOnce)),
                        )
                        .await
                        .context("cannot subscribe")?;
                    steps.push(self.room.announce(now));
                }
                Inbound::Message { topic, payload } => {
                    let step = self.room.receive(now, &topic, &payload);
                    if let Some(d) = &step.dropped {
                        warn!(topic = %d.topic, reason = ?d.reason, "message dropped");
                    }
                    steps.push(step);
                }
            }
        }
        self.finish(client, steps, now).await
    }

    /// Commits the facts of `steps`, then publishes their messages.
    async fn finish(
        &mut self,
        client: &AsyncClient,
        steps: Vec<Step>,
        now: Timestamp,
    ) -> Result<()> {
        let facts: Vec<Fact> = steps.iter().flat_map(|s| s.facts.iter().cloned()).collect();
        let actions: Vec<Action> = steps
            .iter()
            .flat_map(|s| s.actions.iter().cloned())
            .collect();
        let revision = self.room.revision();
        let mut queued = false;
        if !facts.is_empty() || revision > self.revision_kept {
            tokio::task::block_in_place(|| {
                self.store.commit_step(&self.meeting, &facts, revision, now)
            })
            .context("cannot make the session's facts durable")?;
            self.revision_kept = revision;
            if facts
                .iter()
                .any(|f| matches!(f, Fact::MeetingClosed { .. }))
            {
                tokio::task::block_in_place(|| {
                    results::queue_if_closed(&mut self.store, &self.room, &self.results_key, now)
                })?;
                self.uploads.notify_one();
                queued = true;
            }
        }
        let mut steps = steps;
        if queued {
            steps.push(self.refresh_status(now));
        }
        // Broadcasts first, then the replies: both only after the commit.
        let (everyone, replies): (Vec<Publish>, Vec<Publish>) = steps
            .into_iter()
            .flat_map(|s| s.publish)
            .partition(Publish::is_for_everyone);
        for p in everyone.into_iter().chain(replies) {
            debug!(topic = %p.topic, bytes = p.payload.len(), "publish");
            client
                .publish(p.topic, QoS::AtLeastOnce, p.retain, p.payload)
                .await
                .context("cannot hand a message to the MQTT client")?;
        }
        for action in actions {
            self.act(client, action).await?;
        }
        Ok(())
    }

    /// Does what the room asked, after its step went out.
    async fn act(&mut self, client: &AsyncClient, action: Action) -> Result<()> {
        match action {
            Action::PushResults => self.uploads.notify_one(),
            Action::SyncNow => self.syncs.notify_one(),
            Action::LoadMeeting(meeting) => {
                let now = clock();
                match tokio::task::block_in_place(|| self.load(&meeting, now)) {
                    Ok(mut step) => {
                        info!(%meeting, "meeting loaded at the console's request");
                        step.publish.extend(self.refresh_status(now).publish);
                        Box::pin(self.finish(client, vec![step], now)).await?;
                    }
                    Err(e) => {
                        error!(%meeting, cause = %format!("{e:#}"), "cannot load the meeting");
                    }
                }
            }
        }
        Ok(())
    }

    /// Switches the room to `meeting` the way `controller run` starts it:
    /// its package, its facts and last revision, its papers, and its
    /// results queued if it is closed.
    fn load(&mut self, meeting: &MeetingId, now: Timestamp) -> Result<Step> {
        let package = self
            .store
            .package(meeting)?
            .with_context(|| format!("meeting {meeting} is not stored"))?;
        let facts = self.store.load_facts(meeting)?;
        let revision = self.store.revision(meeting)?;
        let docs: Vec<_> = package
            .documents
            .iter()
            .map(|d| (d.sha256, d.classification))
            .collect();
        let step = self
            .room
            .load(package, &facts, revision, now)
            .context("the stored package cannot run here")?;
        self.store.set_current_meeting(meeting, now)?;
        self.papers.set_allowed(docs);
        self.meeting = meeting.clone();
        self.revision_kept = revision;
        results::queue_if_closed(&mut self.store, &self.room, &self.results_key, now)?;
        Ok(step)
    }

    /// Gathers the controller's status and hands it to the room, which
    /// publishes it if it changed. A failure to read it is logged, not fatal.
    fn refresh_status(&mut self, now: Timestamp) -> Step {
        let link = self.central.borrow().clone();
        match status::gather(&self.store, &self.blobs, &link, now) {
            Ok(s) => self.room.update_status(now, s),
            Err(e) => {
                warn!(cause = %format!("{e:#}"), "cannot gather the controller's status");
                Step::default()
            }
        }
    }
}

async fn until(deadline: Option<Timestamp>) {
    match deadline {
        Some(t) => {
            let ms = u64::try_from(t.millis_since(clock()).max(0)).unwrap_or(0);
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        None => std::future::pending().await,
    }
}

async fn poll(mut eventloop: EventLoop, tx: mpsc::Sender<Inbound>) {
    let mut backoff = Duration::from_millis(100);
    loop {
        match eventloop.poll().await {
            Ok(Event::Incoming(Packet::ConnAck(_))) => {
                backoff = Duration::from_millis(100);
                info!("connected to the broker");
                if tx.send(Inbound::Connected).await.is_err() {
                    return;
                }
            }
            Ok(Event::Incoming(Packet::Publish(p))) => {
                let m = Inbound::Message {
                    topic: p.topic,
                    payload: p.payload.to_vec(),
                };
                if tx.send(m).await.is_err() {
                    return;
                }
            }
            Ok(_) => {}
            Err(e) => {
                error!(cause = %e, retry_in_ms = backoff.as_millis(), "broker connection lost");
                // Reconnect backoff: the next poll() reconnects.
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(5));
            }
        }
    }
}
