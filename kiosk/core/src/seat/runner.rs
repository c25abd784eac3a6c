//! The seat task: one loop over commands from the handle, what the network
//! task hears, and the client's next deadline. The network task owns the
//! rumqttc event loop (whose `poll` is not cancel-safe, so it is never raced
//! in a `select!`) and only forwards what it hears.

use std::sync::Arc;
use std::time::Duration;

use link::mqtt::ClientSettings;
use link::{clock, first_sequence_number};
use protocol::client::{Outgoing, SeatClient, SeatEvent};
use protocol::envelope::{KeyRegistry, Principal, Signer, Verifier};
use protocol::ids::{DeviceId, MeetingId, Timestamp};
use protocol::message::{Manifest, RequestKind};
use rumqttc::{AsyncClient, Event, LastWill, Packet, QoS};
use tokio::sync::{broadcast, mpsc, oneshot, watch};

use super::view::{self, Connection, Extra, SeatView};
use super::{Command, SeatConfig, SeatError, SeatHandle, SeatStore};
use crate::papers::{FetchConfig, Fetcher, PaperCache};

/// The device id the controller signs with (see `controller::app`).
const CONTROLLER_DEVICE: &str = "controller";

/// What the network task hears.
enum Net {
    /// Connected and subscribed.
    Up,
    Down(String),
    Message(String, Vec<u8>),
}

pub(super) fn spawn(
    config: SeatConfig,
    store: SeatStore,
    papers: PaperCache,
) -> Result<SeatHandle, SeatError> {
    let now = clock();
    let mut registry = KeyRegistry::new();
    registry.insert(
        DeviceId::new(CONTROLLER_DEVICE).expect("a valid device id"),
        config.controller_key,
        Principal::Controller,
    );
    let signer = Signer::new(
        config.device.clone(),
        config.key.clone(),
        first_sequence_number(),
    );
    let mut seat = SeatClient::new(
        config.room.clone(),
        config.seat.clone(),
        signer,
        Verifier::new(registry),
    );

    let mut settings = ClientSettings::new(
        format!("seat-{}-{}", config.room.as_str(), config.seat.as_str()),
        config.broker.clone(),
    );
    settings.ca_pem.clone_from(&config.broker_ca);
    settings.queue = 1024;
    let (mut options, network) = settings
        .options()
        .map_err(|e| SeatError::Setup(format!("{e:#}")))?;
    let will = seat.last_will(now, &config.version);
    options.set_last_will(LastWill::new(
        will.topic,
        will.payload,
        QoS::AtLeastOnce,
        true,
    ));
    let (client, mut eventloop) = AsyncClient::new(options, settings.queue);
    eventloop.set_network_options(network);

    let (net_tx, net_rx) = mpsc::unbounded_channel();
    let filters = seat.subscriptions();
    let sub = client.clone();
    let network = tokio::spawn(async move {
        let mut backoff = Duration::from_millis(200);
        loop {
            match eventloop.poll().await {
                Ok(Event::Incoming(Packet::ConnAck(_))) => {
                    backoff = Duration::from_millis(200);
                    let f = filters
                        .iter()
                        .map(|f| rumqttc::SubscribeFilter::new(f.clone(), QoS::AtLeastOnce));
                    if sub.subscribe_many(f).await.is_err() {
                        return;
                    }
                }
                Ok(Event::Incoming(Packet::SubAck(_))) => {
                    if net_tx.send(Net::Up).is_err() {
                        return;
                    }
                }
                Ok(Event::Incoming(Packet::Publish(p))) => {
                    if net_tx
                        .send(Net::Message(p.topic, p.payload.to_vec()))
                        .is_err()
                    {
                        return;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    if net_tx.send(Net::Down(e.to_string())).is_err() {
                        return;
                    }
                    // Reconnecting is the next poll; wait a little first.
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(5));
                }
            }
        }
    });

    let fetcher = match &config.papers_url {
        Some(url) => Some(
            Fetcher::new(&papers, url, FetchConfig::default())
                .map_err(|e| SeatError::Setup(e.to_string()))?,
        ),
        None => None,
    };
    let progress = papers.subscribe();
    let (commands, command_rx) = mpsc::unbounded_channel();
    let (view_tx, view_rx) = watch::channel(Arc::new(SeatView::initial(now)));
    let (events, _) = broadcast::channel(256);
    let mut task = Task {
        seat,
        client,
        store: store.clone(),
        config,
        manifest: None,
        meeting: None,
        restored: false,
        extra: Extra {
            connection: Connection::Connecting,
            following: true,
            dropped: 0,
            papers: papers.progress(),
        },
        papers: papers.clone(),
        fetcher,
        prefetch: None,
        view: view_tx,
        events: events.clone(),
    };
    tokio::spawn(async move {
        task.run(command_rx, net_rx, progress).await;
        network.abort();
        if let Some(p) = task.prefetch.take() {
            p.abort();
        }
    });
    Ok(SeatHandle {
        commands,
        view: view_rx,
        events,
        store,
        papers,
    })
}

struct Task {
    seat: SeatClient,
    client: AsyncClient,
    store: SeatStore,
    config: SeatConfig,
    manifest: Option<Arc<Manifest>>,
    /// The meeting whose votes and comments this seat keeps.
    meeting: Option<MeetingId>,
    /// Whether the votes and comments kept on disk were given back to the client.
    restored: bool,
    extra: Extra,
    view: watch::Sender<Arc<SeatView>>,
    events: broadcast::Sender<SeatEvent>,
    papers: PaperCache,
    /// Downloads papers from the controller (none without a papers URL).
    fetcher: Option<Fetcher>,
    prefetch: Option<tokio::task::JoinHandle<crate::papers::PrefetchOutcome>>,
}

impl Task {
    async fn run(
        &mut self,
        mut commands: mpsc::UnboundedReceiver<Command>,
        mut net: mpsc::UnboundedReceiver<Net>,
        mut progress: watch::Receiver<crate::papers::SyncProgress>,
    ) {
        loop {
            let wake = self.next_wake();
            tokio::select! {
                biased;
                cmd = commands.recv() => match cmd {
                    Some(Command::Shutdown(done)) => {
                        self.stop().await;
                        let _ = done.send(());
                        return;
                    }
                    Some(cmd) => self.command(cmd),
                    // Every handle is gone: nobody can use this seat any more.
                    None => {
                        self.stop().await;
                        return;
                    }
                },
                heard = net.recv() => match heard {
                    Some(n) => self.net(n),
                    None => return,
                },
                Ok(()) = progress.changed() => {
                    let p = *progress.borrow_and_update();
                    let changed_count = p.ready != self.extra.papers.ready
                        || p.total != self.extra.papers.total;
                    self.extra.papers = p;
                    if changed_count && self.seat.is_connected() {
                        self.publish_status();
                    }
                }
                () = sleep_until(wake) => {
                    let out = self.seat.tick(clock());
                    self.publish(out);
                }
            }
            self.refresh_view();
        }
    }

    fn next_wake(&self) -> Option<Timestamp> {
        let closes = self
            .seat
            .state()
            .and_then(|s| s.ballot.as_ref())
            .and_then(|b| b.closes_at);
        match (self.seat.next_deadline(), closes) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    async fn stop(&mut self) {
        let offline = self.seat.last_will(clock(), &self.config.version);
        self.publish(vec![offline]);
        let _ = self.client.disconnect().await;
    }

    fn publish(&self, out: Vec<Outgoing>) {
        for o in out {
            if let Err(e) = self
                .client
                .try_publish(o.topic, QoS::AtLeastOnce, o.retain, o.payload)
            {
                // The request queue is full (a long outage): what matters
                // (votes, comments) is on disk and resent on reconnect.
                tracing::warn!(cause = %e, "a message could not be queued");
            }
        }
    }

    fn publish_status(&mut self) {
        let p = self.extra.papers;
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        let status = self
            .seat
            .status(clock(), &self.config.version, n(p.ready), n(p.total));
        self.publish(vec![status]);
    }

    fn net(&mut self, heard: Net) {
        let now = clock();
        match heard {
            Net::Up => {
                self.extra.connection = Connection::Online;
                let out = self.seat.connected(now);
                self.publish_status();
                self.publish(out);
                // Papers the controller could not give before may come now.
                if self
                    .prefetch
                    .as_ref()
                    .is_some_and(tokio::task::JoinHandle::is_finished)
                {
                    self.start_prefetch();
                }
            }
            Net::Down(reason) => {
                if !matches!(self.extra.connection, Connection::Offline { .. }) {
                    tracing::warn!(%reason, "the connection to the room dropped");
                    self.extra.connection = Connection::Offline { since: now, reason };
                }
                self.seat.disconnected();
            }
            Net::Message(topic, payload) => {
                for event in self.seat.receive(now, &topic, &payload) {
                    self.on_event(&event);
                    let _ = self.events.send(event);
                }
            }
        }
    }

    fn on_event(&mut self, event: &SeatEvent) {
        match event {
            SeatEvent::ManifestChanged => {
                self.manifest = self.seat.manifest().cloned().map(Arc::new);
                if let Some(m) = self.manifest.clone() {
                    self.enter_meeting(&m.meeting.id);
                    self.load_papers(&m);
                }
            }
            SeatEvent::StateChanged { .. } => {
                if let Some(id) = self.seat.state().map(|s| s.meeting.clone()) {
                    self.enter_meeting(&id);
                }
            }
            SeatEvent::SignedIn { .. } | SeatEvent::SignedOut => self.publish_status(),
            SeatEvent::VoteRecorded { .. }
            | SeatEvent::Refused {
                request: RequestKind::CastVote,
                ..
            } => {
                if let Err(e) = self.save_votes() {
                    tracing::error!(cause = %e, "cannot save the seat's votes");
                }
            }
            SeatEvent::CommentRecorded { comment } => {
                if let Some(m) = &self.meeting
                    && let Err(e) = self.store.comment_recorded(m, comment)
                {
                    tracing::error!(cause = %e, "cannot mark a comment recorded");
                }
            }
            SeatEvent::Refused {
                request: RequestKind::Comment,
                ..
            } => self.save_comments(),
            SeatEvent::Dropped(reason) => {
                self.extra.dropped += 1;
                tracing::warn!(?reason, "dropped a message that did not verify");
            }
            _ => {}
        }
    }

    /// Switches the seat's records to `meeting`; on the first meeting heard
    /// after a start, gives back the votes and comments kept on disk.
    fn enter_meeting(&mut self, meeting: &MeetingId) {
        if self.meeting.as_ref() == Some(meeting) {
            return;
        }
        let kept = self.store.meeting().ok().flatten();
        if !self.restored && kept.as_ref() == Some(meeting) {
            let votes = self.store.votes(meeting).unwrap_or_default();
            let comments = self
                .store
                .comments(meeting)
                .unwrap_or_default()
                .into_iter()
                .filter(|c| !c.comment.recorded)
                .map(|c| c.comment)
                .collect();
            self.seat.restore(votes, comments);
            let out = self.seat.tick(clock());
            self.publish(out);
        }
        self.restored = true;
        if let Err(e) = self.store.set_meeting(meeting) {
            tracing::error!(cause = %e, "cannot record the meeting");
        }
        self.meeting = Some(meeting.clone());
    }

    /// Tells the paper cache the manifest's papers and fetches what is
    /// missing; papers of meetings before the previous one are evicted.
    fn load_papers(&mut self, manifest: &Manifest) {
        let meeting = &manifest.meeting;
        let before = self.papers.current_meeting();
        if let Err(e) = self.papers.set_meeting(&meeting.id, &meeting.documents) {
            tracing::error!(cause = %e, "cannot record the meeting's papers");
            return;
        }
        if before.as_ref() != Some(&meeting.id) {
            let keep: Vec<MeetingId> = before.into_iter().chain([meeting.id.clone()]).collect();
            match self.papers.evict(&keep) {
                Ok(r) if r.papers > 0 => {
                    tracing::info!(papers = r.papers, bytes = r.bytes, "evicted old papers");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(cause = %e, "cannot evict old papers"),
            }
        }
        self.start_prefetch();
    }

    fn start_prefetch(&mut self) {
        if let Some(p) = self.prefetch.take() {
            p.abort();
        }
        self.prefetch = self.fetcher.as_ref().map(Fetcher::spawn_prefetch);
    }

    fn save_votes(&self) -> Result<(), SeatError> {
        let meeting = self.meeting.as_ref().ok_or(SeatError::NoMeeting)?;
        for v in self.seat.votes().values() {
            self.store.save_vote(meeting, v)?;
        }
        Ok(())
    }

    fn save_comments(&self) {
        // A refused comment left the client's outbox: drop it on disk too.
        let Some(meeting) = &self.meeting else { return };
        let waiting: Vec<_> = self.seat.outbox().map(|c| c.comment_id.clone()).collect();
        if let Ok(saved) = self.store.comments(meeting) {
            for c in saved {
                let id = &c.comment.comment.comment_id;
                if !c.comment.recorded && !waiting.contains(id) {
                    let _ = self.store.drop_comment(meeting, id);
                }
            }
        }
    }

    fn command(&mut self, cmd: Command) {
        let now = clock();
        let online = self.seat.is_connected();
        match cmd {
            Command::SignInCard(uid, done) => {
                let r = self.simple(online, |seat, now| seat.sign_in_card(now, &uid));
                self.reply(done, r);
            }
            Command::SignInPin(delegate, pin, done) => {
                let r = match self.meeting.clone() {
                    None if online => Err(SeatError::NoMeeting),
                    meeting => self.simple(online, |seat, now| match meeting {
                        Some(m) => seat.sign_in_pin(now, &m, &delegate, &pin),
                        None => Vec::new(),
                    }),
                };
                self.reply(done, r);
            }
            Command::SignOut(done) => {
                let r = self.simple(online, SeatClient::sign_out);
                self.reply(done, r);
            }
            Command::RequestFloor(done) => {
                let r = self.simple(online, SeatClient::request_floor);
                self.reply(done, r);
            }
            Command::WithdrawFloor(done) => {
                let r = self.simple(online, SeatClient::withdraw_floor);
                self.reply(done, r);
            }
            Command::Cast(choice, done) => {
                let r = self.cast(now, &choice);
                self.reply(done, r);
            }
            Command::Comment(target, text, done) => {
                let r = self.comment(now, target, &text);
                self.reply(done, r);
            }
            Command::Follow(follow, done) => {
                self.extra.following = follow;
                let r = self.seat.set_following(follow);
                self.reply(done, r);
            }
            Command::Shutdown(_) => unreachable!("handled by the loop"),
        }
    }

    /// Answers a command once the view shows its effect.
    fn reply<T>(&mut self, done: oneshot::Sender<T>, r: T) {
        self.refresh_view();
        let _ = done.send(r);
    }

    fn simple(
        &mut self,
        online: bool,
        f: impl FnOnce(&mut SeatClient, Timestamp) -> Vec<Outgoing>,
    ) -> Result<(), SeatError> {
        if !online {
            return Err(SeatError::Offline);
        }
        let out = f(&mut self.seat, clock());
        self.publish(out);
        Ok(())
    }

    fn cast(
        &mut self,
        now: Timestamp,
        choice: &protocol::ballot::Choice,
    ) -> Result<protocol::ids::VoteId, SeatError> {
        let out = self.seat.cast(now, choice, &mut rand_core::OsRng)?;
        // On disk before it leaves the seat.
        self.save_votes()?;
        self.publish(out);
        let ballot = self
            .seat
            .state()
            .and_then(|s| s.ballot.as_ref())
            .map(|b| b.spec.id.clone())
            .ok_or(SeatError::NoMeeting)?;
        Ok(self.seat.votes()[&ballot].request.vote_id.clone())
    }

    fn comment(
        &mut self,
        now: Timestamp,
        target: super::CommentTarget,
        text: &str,
    ) -> Result<protocol::ids::CommentId, SeatError> {
        let meeting = self.meeting.clone().ok_or(SeatError::NoMeeting)?;
        let before: Vec<_> = self
            .seat
            .comments()
            .map(|c| c.comment.comment_id.clone())
            .collect();
        let out = self.seat.comment(
            now,
            &mut rand_core::OsRng,
            target.item,
            target.document,
            target.page,
            text,
        )?;
        let made = self
            .seat
            .comments()
            .find(|c| !before.contains(&c.comment.comment_id))
            .cloned()
            .expect("the client keeps the comment it just made");
        // On disk before it leaves the seat.
        self.store.save_comment(&meeting, &made, now.0)?;
        self.publish(out);
        Ok(made.comment.comment_id)
    }

    fn refresh_view(&mut self) {
        let now = clock();
        let new = view::make(&self.seat, self.manifest.as_ref(), &self.extra, now);
        self.view.send_if_modified(|old| {
            let mut same = new.clone();
            same.at = old.at;
            if **old == same {
                false
            } else {
                *old = Arc::new(new);
                true
            }
        });
    }
}

async fn sleep_until(at: Option<Timestamp>) {
    match at {
        Some(t) => {
            let ms = u64::try_from(t.millis_since(clock()).max(0)).unwrap_or(0);
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        None => std::future::pending().await,
    }
}
