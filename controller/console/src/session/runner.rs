//! The session task: one loop over commands from the handle, what the
//! network task hears, and the deadlines of commands waiting for answers.
//! The network task owns the rumqttc event loop (its `poll` is not
//! cancel-safe, so it is never raced in a `select!`) and only forwards what
//! it hears, as the kiosk's seat does.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use link::mqtt::ClientSettings;
use link::{clock, first_sequence_number};
use protocol::envelope::{KeyRegistry, Principal, Signer, Verifier};
use protocol::ids::{CommandId, DeviceId, Timestamp};
use protocol::message::{ConsoleCommand, Operator};
use rumqttc::{AsyncClient, Event, Packet, QoS};
use tokio::sync::{broadcast, mpsc, oneshot, watch};

use super::client::{ConsoleClient, ConsoleEvent};
use super::view::{self, COMMANDS_KEPT, CommandRecord, Connection, ConsoleView, Extra, Outcome};
use super::{CONTROLLER_DEVICE, Command, CommandError, ConsoleConfig, ConsoleHandle, StartError};

/// What the network task hears.
enum Net {
    /// Connected and subscribed.
    Up,
    Down(String),
    Message(String, Vec<u8>),
}

/// A command waiting for its answer.
struct Pending {
    done: oneshot::Sender<Result<(), CommandError>>,
    deadline: Timestamp,
}

pub(super) fn spawn(config: ConsoleConfig) -> Result<ConsoleHandle, StartError> {
    let now = clock();
    let mut registry = KeyRegistry::new();
    registry.insert(
        DeviceId::new(CONTROLLER_DEVICE).expect("a valid device id"),
        config.controller_key,
        Principal::Controller,
    );
    let signer = Signer::new(config.device.clone(), config.key, first_sequence_number());
    let client = ConsoleClient::new(config.room.clone(), signer, Verifier::new(registry));

    let mut settings = ClientSettings::new(
        format!("console-{}-{}", config.room, config.device),
        config.broker.clone(),
    );
    settings.ca_pem.clone_from(&config.broker_ca);
    settings.queue = 256;
    let (mqtt, mut eventloop) = settings
        .client()
        .map_err(|e| StartError(format!("{e:#}")))?;

    let (net_tx, net_rx) = mpsc::unbounded_channel();
    let filters = client.subscriptions();
    let sub = mqtt.clone();
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

    let (commands, command_rx) = mpsc::unbounded_channel();
    let (view_tx, view_rx) = watch::channel(Arc::new(ConsoleView::initial(now)));
    let (events, _) = broadcast::channel(256);
    let mut task = Task {
        client,
        mqtt,
        reply_within: config.reply_within,
        pending: HashMap::new(),
        extra: Extra {
            connection: Connection::Connecting,
            commands: Vec::new(),
            dropped: 0,
        },
        online: false,
        view: view_tx,
        events: events.clone(),
    };
    tokio::spawn(async move {
        task.run(command_rx, net_rx).await;
        network.abort();
    });
    Ok(ConsoleHandle {
        commands,
        view: view_rx,
        events,
    })
}

struct Task {
    client: ConsoleClient,
    mqtt: AsyncClient,
    reply_within: Duration,
    pending: HashMap<CommandId, Pending>,
    extra: Extra,
    online: bool,
    view: watch::Sender<Arc<ConsoleView>>,
    events: broadcast::Sender<ConsoleEvent>,
}

impl Task {
    async fn run(
        &mut self,
        mut commands: mpsc::UnboundedReceiver<Command>,
        mut net: mpsc::UnboundedReceiver<Net>,
    ) {
        loop {
            let wake = self.pending.values().map(|p| p.deadline).min();
            tokio::select! {
                biased;
                cmd = commands.recv() => match cmd {
                    Some(Command::Send(operator, command, done)) => {
                        self.send(operator, command, done);
                    }
                    Some(Command::Shutdown(done)) => {
                        let _ = self.mqtt.disconnect().await;
                        let _ = done.send(());
                        return;
                    }
                    // Every handle is gone: nobody can use this console any more.
                    None => {
                        let _ = self.mqtt.disconnect().await;
                        return;
                    }
                },
                heard = net.recv() => match heard {
                    Some(n) => self.net(n),
                    None => return,
                },
                () = sleep_until(wake) => self.expire(clock()),
            }
            self.refresh_view();
        }
    }

    fn send(
        &mut self,
        operator: Operator,
        command: ConsoleCommand,
        done: oneshot::Sender<Result<(), CommandError>>,
    ) {
        if !self.online {
            let _ = done.send(Err(CommandError::Offline));
            return;
        }
        let now = clock();
        let account = operator.account.clone();
        let (command_id, out) = self.client.request(now, operator, command.clone());
        if let Err(e) = self
            .mqtt
            .try_publish(out.topic, QoS::AtLeastOnce, false, out.payload)
        {
            tracing::warn!(cause = %e, "a command could not be queued");
            let _ = done.send(Err(CommandError::Offline));
            return;
        }
        tracing::info!(command = ?command, %account, id = %command_id, "command sent");
        self.extra.commands.push(CommandRecord {
            command_id: command_id.clone(),
            account,
            command,
            sent_at: now,
            outcome: Outcome::Waiting,
        });
        if self.extra.commands.len() > COMMANDS_KEPT {
            self.extra.commands.remove(0);
        }
        let within = i64::try_from(self.reply_within.as_millis()).unwrap_or(i64::MAX);
        self.pending.insert(
            command_id,
            Pending {
                done,
                deadline: now.plus_millis(within),
            },
        );
    }

    fn expire(&mut self, now: Timestamp) {
        let late: Vec<CommandId> = self
            .pending
            .iter()
            .filter(|(_, p)| p.deadline <= now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in late {
            if let Some(p) = self.pending.remove(&id) {
                tracing::warn!(command = %id, "no answer from the controller in time");
                self.set_outcome(&id, Outcome::NoAnswer);
                let _ = p.done.send(Err(CommandError::NoAnswer(self.reply_within)));
            }
        }
    }

    fn set_outcome(&mut self, id: &CommandId, outcome: Outcome) {
        if let Some(c) = self
            .extra
            .commands
            .iter_mut()
            .rev()
            .find(|c| &c.command_id == id)
        {
            c.outcome = outcome;
        }
    }

    fn net(&mut self, heard: Net) {
        let now = clock();
        match heard {
            Net::Up => {
                self.online = true;
                self.extra.connection = Connection::Online;
            }
            Net::Down(reason) => {
                self.online = false;
                if !matches!(self.extra.connection, Connection::Offline { .. }) {
                    tracing::warn!(%reason, "the connection to the room dropped");
                    self.extra.connection = Connection::Offline { since: now, reason };
                }
            }
            Net::Message(topic, payload) => {
                for event in self.client.receive(now, &topic, &payload) {
                    self.on_event(&event);
                    let _ = self.events.send(event);
                }
            }
        }
    }

    fn on_event(&mut self, event: &ConsoleEvent) {
        match event {
            ConsoleEvent::Replied {
                command_id,
                outcome,
            } => {
                let recorded = match outcome {
                    Ok(()) => Outcome::Done,
                    Err(r) => Outcome::Rejected(*r),
                };
                self.set_outcome(command_id, recorded);
                if let Some(p) = self.pending.remove(command_id) {
                    let _ = p.done.send(outcome.map_err(CommandError::Rejected));
                }
            }
            ConsoleEvent::Dropped(reason) => {
                self.extra.dropped += 1;
                tracing::warn!(?reason, "dropped a message that did not verify");
            }
            _ => {}
        }
    }

    fn refresh_view(&mut self) {
        let now = clock();
        let old = self.view.borrow().clone();
        let new = view::make(&self.client, &self.extra, &old, now);
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
