//! A simulated seat (or console): a protocol client over a real MQTT
//! connection. It signs what it sends, verifies everything it hears with the
//! controller's pinned key, and lets tests wait for a condition with a deadline.

use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use controller::engine::{clock, first_sequence_number};
use controller::mqtt::{BrokerUrl, ClientSettings};
use ed25519_dalek::SigningKey;
use protocol::ballot::Choice;
use protocol::envelope::{KeyRegistry, Principal, Signer, Verifier};
use protocol::ids::{BallotId, CommandId, DelegateId, DeviceId, RoomId, SeatId, VoteId};
use protocol::message::{
    CastVote, ConsoleCommand, ConsoleReply, ConsoleRequest, ControllerStatus, Credential, Manifest,
    Operator, OperatorRole, RoomEvent, SeatReply, SeatRequest, SeatStatus, StateSnapshot,
    VotePaper,
};
use protocol::topic::{self, Topic};
use rumqttc::{AsyncClient, Event, Packet, QoS};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::{Instant, timeout_at};

/// Something a seat heard, verified.
#[derive(Debug, Clone)]
pub enum Heard {
    Connected,
    Manifest(Box<Manifest>),
    State(Box<StateSnapshot>),
    Event(Box<RoomEvent>),
    Reply(SeatReply),
    /// A reply on `console/down`, or the seat map on `console/seats`.
    Console(Box<ConsoleReply>),
    /// The controller's status on `console/status`.
    Status(Box<ControllerStatus>),
    /// A message that failed verification (a test may expect none).
    Refused(String),
}

/// Who the client is.
#[derive(Debug, Clone)]
pub enum Party {
    Seat { seat: SeatId, delegate: DelegateId },
    Console,
}

/// A simulated seat or console.
#[derive(Debug)]
pub struct SimSeat {
    pub party: Party,
    room: RoomId,
    signer: Signer,
    client: AsyncClient,
    heard: mpsc::UnboundedReceiver<Heard>,
    /// Heard but not yet matched by a wait, oldest first.
    backlog: std::collections::VecDeque<Heard>,
    /// The newest state heard.
    pub state: Option<StateSnapshot>,
    poller: JoinHandle<()>,
    commands: u32,
}

impl Drop for SimSeat {
    fn drop(&mut self) {
        self.poller.abort();
    }
}

impl SimSeat {
    /// Connects as `party` with `device`/`key`; messages from the controller
    /// must verify with `controller_key`.
    pub async fn connect(
        url: &BrokerUrl,
        room: &RoomId,
        party: Party,
        device: &str,
        key: SigningKey,
        controller_key: &ed25519_dalek::VerifyingKey,
    ) -> Result<Self> {
        let mut reg = KeyRegistry::new();
        reg.insert(
            DeviceId::new(controller::app::CONTROLLER_DEVICE)?,
            *controller_key,
            Principal::Controller,
        );
        let mut verifier = Verifier::new(reg);
        let filters = match &party {
            Party::Seat { seat, .. } => topic::filter::seat(room, seat),
            Party::Console => topic::filter::console(room),
        };
        let mut settings = ClientSettings::new(
            format!("sim-{device}-{}", first_sequence_number()),
            url.clone(),
        );
        settings.queue = 256;
        let (client, mut eventloop) = settings.client()?;
        let (tx, heard) = mpsc::unbounded_channel();
        let sub = client.clone();
        let poller = tokio::spawn(async move {
            loop {
                match eventloop.poll().await {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => {
                        let f = filters
                            .iter()
                            .map(|f| rumqttc::SubscribeFilter::new(f.clone(), QoS::AtLeastOnce));
                        if sub.subscribe_many(f).await.is_err() {
                            return;
                        }
                    }
                    Ok(Event::Incoming(Packet::SubAck(_))) => {
                        let _ = tx.send(Heard::Connected);
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        let _ = tx.send(decode(&mut verifier, &p.topic, &p.payload));
                    }
                    Ok(_) => {}
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
        });
        let mut seat = Self {
            party,
            room: room.clone(),
            signer: Signer::new(DeviceId::new(device)?, key, first_sequence_number()),
            client,
            heard,
            backlog: std::collections::VecDeque::new(),
            state: None,
            poller,
            commands: 0,
        };
        seat.wait_for(Duration::from_secs(20), |h| {
            matches!(h, Heard::Connected).then_some(())
        })
        .await
        .context("never subscribed")?;
        Ok(seat)
    }

    /// Waits until `pick` accepts something heard and not yet taken by an
    /// earlier wait (oldest first), keeping the newest state.
    pub async fn wait_for<T>(
        &mut self,
        within: Duration,
        mut pick: impl FnMut(&Heard) -> Option<T>,
    ) -> Result<T> {
        if let Some((i, t)) = self
            .backlog
            .iter()
            .enumerate()
            .find_map(|(i, h)| pick(h).map(|t| (i, t)))
        {
            self.backlog.remove(i);
            return Ok(t);
        }
        let deadline = Instant::now() + within;
        loop {
            let h = timeout_at(deadline, self.heard.recv())
                .await
                .map_err(|_| anyhow!("nothing matching was heard within {within:?}"))?
                .ok_or_else(|| anyhow!("the connection task ended"))?;
            if let Heard::State(s) = &h {
                self.state = Some((**s).clone());
            }
            if let Some(t) = pick(&h) {
                return Ok(t);
            }
            if self.backlog.len() >= 10_000 {
                self.backlog.pop_front();
            }
            self.backlog.push_back(h);
        }
    }

    /// Everything heard so far and not yet taken by a wait, oldest first,
    /// without waiting for more (keeping the newest state). A test proves
    /// "no reply" with it after an event that must come later.
    pub fn take_heard(&mut self) -> Vec<Heard> {
        let mut out: Vec<Heard> = self.backlog.drain(..).collect();
        while let Ok(h) = self.heard.try_recv() {
            if let Heard::State(s) = &h {
                self.state = Some((**s).clone());
            }
            out.push(h);
        }
        out
    }

    /// Waits for a state that satisfies `cond` (the newest one heard counts).
    pub async fn wait_state(
        &mut self,
        within: Duration,
        cond: impl Fn(&StateSnapshot) -> bool,
    ) -> Result<StateSnapshot> {
        if let Some(s) = &self.state
            && cond(s)
        {
            return Ok(s.clone());
        }
        self.wait_for(within, |h| match h {
            Heard::State(s) if cond(s) => Some((**s).clone()),
            _ => None,
        })
        .await
    }

    fn seat_ids(&self) -> Result<(SeatId, DelegateId)> {
        match &self.party {
            Party::Seat { seat, delegate } => Ok((seat.clone(), delegate.clone())),
            Party::Console => bail!("a console has no seat"),
        }
    }

    /// Signs and publishes a seat request.
    pub async fn send(&mut self, req: &SeatRequest) -> Result<()> {
        let (seat, _) = self.seat_ids()?;
        let topic = Topic::SeatUp(self.room.clone(), seat);
        let bytes = self.signer.seal(&topic, clock(), req);
        self.publish_raw(&topic.to_string(), bytes, false).await
    }

    /// Publishes bytes as they are (for forged and replayed messages).
    pub async fn publish_raw(&self, topic: &str, bytes: Vec<u8>, retain: bool) -> Result<()> {
        self.client
            .publish(topic, QoS::AtLeastOnce, retain, bytes)
            .await
            .context("publish")
    }

    /// Signs a seat request without sending it (to replay or tamper with).
    pub fn seal(&mut self, req: &SeatRequest) -> Result<(String, Vec<u8>)> {
        let (seat, _) = self.seat_ids()?;
        let topic = Topic::SeatUp(self.room.clone(), seat);
        let bytes = self.signer.seal(&topic, clock(), req);
        Ok((topic.to_string(), bytes))
    }

    /// Publishes the seat's retained status.
    pub async fn status(&mut self, status: &SeatStatus) -> Result<()> {
        let (seat, _) = self.seat_ids()?;
        let topic = Topic::SeatStatus(self.room.clone(), seat);
        let bytes = self.signer.seal(&topic, clock(), status);
        self.publish_raw(&topic.to_string(), bytes, true).await
    }

    /// Sends a request and waits for the controller's reply.
    pub async fn ask(&mut self, req: &SeatRequest, within: Duration) -> Result<SeatReply> {
        self.send(req).await?;
        self.wait_for(within, |h| match h {
            Heard::Reply(r) => Some(r.clone()),
            _ => None,
        })
        .await
    }

    /// Taps delegate's card.
    pub async fn sign_in(&mut self, uid: &[u8]) -> Result<SeatReply> {
        let req = SeatRequest::SignIn {
            credential: Credential::Card {
                card_hash: protocol::meeting::card_hash(uid),
            },
        };
        self.ask(&req, Duration::from_secs(20)).await
    }

    /// The vote request for the open ballot, sealed if it is secret.
    pub fn vote_request(
        &self,
        ballot: &BallotId,
        vote_id: &VoteId,
        choice: &Choice,
    ) -> Result<SeatRequest> {
        let (_, delegate) = self.seat_ids()?;
        let view = self
            .state
            .as_ref()
            .and_then(|s| s.ballot.as_ref())
            .filter(|b| &b.spec.id == ballot)
            .context("the ballot is not open in the state this seat has")?;
        let paper = match &view.public_key {
            Some(pk) => VotePaper::Sealed(protocol::sealed::seal(
                &view.spec,
                pk,
                choice,
                &mut rand::rngs::OsRng,
            )),
            None => VotePaper::Plain(choice.clone()),
        };
        Ok(SeatRequest::CastVote(CastVote {
            ballot: ballot.clone(),
            vote_id: vote_id.clone(),
            delegate,
            paper,
        }))
    }

    /// Casts a vote and waits for the reply.
    pub async fn vote(
        &mut self,
        ballot: &BallotId,
        vote_id: &VoteId,
        choice: &Choice,
    ) -> Result<SeatReply> {
        let req = self.vote_request(ballot, vote_id, choice)?;
        self.ask(&req, Duration::from_secs(30)).await
    }

    /// Sends a console command as `role` and waits for its reply.
    pub async fn command_as(
        &mut self,
        role: OperatorRole,
        command: ConsoleCommand,
    ) -> Result<ConsoleReply> {
        self.commands += 1;
        let command_id = CommandId::new(format!("c{}-{}", first_sequence_number(), self.commands))?;
        let req = ConsoleRequest {
            command_id: command_id.clone(),
            operator: Operator {
                account: "thuky".parse()?,
                role,
            },
            command,
        };
        let topic = Topic::ConsoleUp(self.room.clone());
        let bytes = self.signer.seal(&topic, clock(), &req);
        self.publish_raw(&topic.to_string(), bytes, false).await?;
        self.wait_for(Duration::from_secs(20), |h| match h {
            Heard::Console(r) => match r.as_ref() {
                ConsoleReply::Done { command_id: c }
                | ConsoleReply::Rejected { command_id: c, .. }
                    if *c == command_id =>
                {
                    Some((**r).clone())
                }
                _ => None,
            },
            _ => None,
        })
        .await
    }

    /// A secretary's command that must be done.
    pub async fn command(&mut self, command: ConsoleCommand) -> Result<()> {
        let shown = format!("{command:?}");
        match self.command_as(OperatorRole::Secretary, command).await? {
            ConsoleReply::Done { .. } => Ok(()),
            other => bail!("{shown} was refused: {other:?}"),
        }
    }

    /// Disconnects.
    pub async fn disconnect(self) {
        let _ = self.client.disconnect().await;
    }
}

fn decode(verifier: &mut Verifier, topic: &str, payload: &[u8]) -> Heard {
    let Ok(t) = Topic::parse(topic) else {
        return Heard::Refused(format!("unknown topic {topic}"));
    };
    let now = clock();
    let r = match &t {
        Topic::Manifest(_) => verifier
            .open::<Manifest>(&t, now, payload)
            .map(|o| Heard::Manifest(Box::new(o.body))),
        Topic::State(_) => verifier
            .open::<StateSnapshot>(&t, now, payload)
            .map(|o| Heard::State(Box::new(o.body))),
        Topic::Events(_) => verifier
            .open::<RoomEvent>(&t, now, payload)
            .map(|o| Heard::Event(Box::new(o.body))),
        Topic::SeatDown(..) => verifier
            .open::<SeatReply>(&t, now, payload)
            .map(|o| Heard::Reply(o.body)),
        Topic::ConsoleDown(_) | Topic::ConsoleSeats(_) => verifier
            .open::<ConsoleReply>(&t, now, payload)
            .map(|o| Heard::Console(Box::new(o.body))),
        Topic::ConsoleStatus(_) => verifier
            .open::<ControllerStatus>(&t, now, payload)
            .map(|o| Heard::Status(Box::new(o.body))),
        // Seat statuses are signed by seats, whose keys a simulated console does not hold.
        Topic::SeatStatus(..) => return Heard::Refused(String::new()),
        Topic::SeatUp(..) | Topic::ConsoleUp(_) => {
            return Heard::Refused(format!("unexpected topic {topic}"));
        }
    };
    r.unwrap_or_else(|e| Heard::Refused(format!("{topic}: {e}")))
}
