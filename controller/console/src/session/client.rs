//! [`ConsoleClient`]: the console's half of the protocol, sans-IO. It
//! verifies what the console hears with the controller's pinned key, keeps
//! the manifest, the newest state, the seat map and the notices, and signs
//! the requests the console sends. Time is an argument; nothing here does
//! I/O, so the runner and the unit tests drive the same code.

use protocol::envelope::{Signer, Verifier};
use protocol::ids::{CommandId, RoomId, Timestamp};
use protocol::message::{
    ConsoleCommand, ConsoleReply, ConsoleRequest, ControllerStatus, Manifest, Notice, Operator,
    RoomEvent, SeatMap, StateSnapshot,
};
use protocol::reject::Rejection;
use protocol::topic::{self, Topic};

/// Something the console heard, verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsoleEvent {
    ManifestChanged,
    /// A newer state; `missed` when revisions were skipped.
    StateChanged {
        revision: u64,
        missed: bool,
    },
    SeatMapChanged,
    /// The controller's status (stored meetings, sync, uploads) changed.
    StatusChanged,
    /// Something that happened in the room (results, notices, page sync).
    Room(RoomEvent),
    /// The controller answered a command.
    Replied {
        command_id: CommandId,
        outcome: Result<(), Rejection>,
    },
    /// A message that did not verify (forged, replayed, stale, malformed).
    Dropped(Rejection),
}

/// A message to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub topic: String,
    pub payload: Vec<u8>,
}

/// The console's protocol state.
#[derive(Debug)]
pub struct ConsoleClient {
    room: RoomId,
    signer: Signer,
    verifier: Verifier,
    manifest: Option<Manifest>,
    state: Option<StateSnapshot>,
    seat_map: Option<SeatMap>,
    status: Option<ControllerStatus>,
    notices: Vec<Notice>,
    /// Command ids are this prefix and a counter: unique across restarts
    /// because the prefix is the signer's first sequence number.
    id_prefix: String,
    commands: u64,
}

impl ConsoleClient {
    /// A client for `room`, signing with `signer`; `verifier` knows the
    /// controller's key.
    pub fn new(room: RoomId, signer: Signer, verifier: Verifier) -> Self {
        let id_prefix = format!("{}-{}", signer.device(), signer.next_seq());
        Self {
            room,
            signer,
            verifier,
            manifest: None,
            state: None,
            seat_map: None,
            status: None,
            notices: Vec::new(),
            id_prefix,
            commands: 0,
        }
    }

    /// The topic filters to subscribe to.
    pub fn subscriptions(&self) -> Vec<String> {
        topic::filter::console(&self.room)
    }

    /// Handles one message heard on `topic`.
    ///
    /// Seat statuses are ignored: the console does not hold the seats' keys,
    /// and the controller's seat map (verified) carries what they say.
    pub fn receive(&mut self, now: Timestamp, topic: &str, payload: &[u8]) -> Vec<ConsoleEvent> {
        let Ok(t) = Topic::parse(topic) else {
            return vec![ConsoleEvent::Dropped(Rejection::WrongTopic)];
        };
        if *t.room() != self.room {
            return vec![ConsoleEvent::Dropped(Rejection::WrongTopic)];
        }
        let heard = match &t {
            Topic::SeatStatus(..) => return Vec::new(),
            Topic::Manifest(_) => self.verifier.open::<Manifest>(&t, now, payload).map(|m| {
                self.manifest = Some(m.body);
                vec![ConsoleEvent::ManifestChanged]
            }),
            Topic::State(_) => self
                .verifier
                .open::<StateSnapshot>(&t, now, payload)
                .map(|m| self.on_state(m.body)),
            Topic::Events(_) => self
                .verifier
                .open::<RoomEvent>(&t, now, payload)
                .map(|m| self.on_event(m.body)),
            Topic::ConsoleDown(_) | Topic::ConsoleSeats(_) => self
                .verifier
                .open::<ConsoleReply>(&t, now, payload)
                .map(|m| self.on_reply(m.body)),
            Topic::ConsoleStatus(_) => self
                .verifier
                .open::<ControllerStatus>(&t, now, payload)
                .map(|m| {
                    self.status = Some(m.body);
                    vec![ConsoleEvent::StatusChanged]
                }),
            _ => Err(Rejection::WrongTopic),
        };
        heard.unwrap_or_else(|reason| vec![ConsoleEvent::Dropped(reason)])
    }

    fn on_state(&mut self, s: StateSnapshot) -> Vec<ConsoleEvent> {
        let previous = self
            .state
            .as_ref()
            .filter(|p| p.meeting == s.meeting)
            .map(|p| p.revision);
        if previous.is_some_and(|p| s.revision <= p) {
            return Vec::new();
        }
        let missed = previous.is_some_and(|p| s.revision > p + 1);
        let revision = s.revision;
        if let Some(n) = &s.last_notice
            && !self.notices.iter().any(|k| k.number == n.number)
        {
            self.notices.push(n.clone());
            self.notices.sort_by_key(|k| k.number);
        }
        self.state = Some(s);
        vec![ConsoleEvent::StateChanged { revision, missed }]
    }

    fn on_event(&mut self, e: RoomEvent) -> Vec<ConsoleEvent> {
        if let RoomEvent::Notice { notice } = &e
            && !self.notices.iter().any(|n| n.number == notice.number)
        {
            self.notices.push(notice.clone());
            self.notices.sort_by_key(|n| n.number);
        }
        vec![ConsoleEvent::Room(e)]
    }

    fn on_reply(&mut self, r: ConsoleReply) -> Vec<ConsoleEvent> {
        match r {
            ConsoleReply::Done { command_id } => vec![ConsoleEvent::Replied {
                command_id,
                outcome: Ok(()),
            }],
            ConsoleReply::Rejected { command_id, reason } => vec![ConsoleEvent::Replied {
                command_id,
                outcome: Err(reason),
            }],
            ConsoleReply::SeatMap(map) => {
                self.seat_map = Some(map);
                vec![ConsoleEvent::SeatMapChanged]
            }
        }
    }

    /// Signs `command`, given by `operator`, for `console/up`; the reply will
    /// name the returned id.
    pub fn request(
        &mut self,
        now: Timestamp,
        operator: Operator,
        command: ConsoleCommand,
    ) -> (CommandId, Outgoing) {
        self.commands += 1;
        let command_id = CommandId::new(format!("{}-{}", self.id_prefix, self.commands))
            .or_else(|_| CommandId::new(format!("c{}-{}", self.signer.next_seq(), self.commands)))
            .expect("digits and a dash make a valid id");
        let request = ConsoleRequest {
            command_id: command_id.clone(),
            operator,
            command,
        };
        let topic = Topic::ConsoleUp(self.room.clone());
        let payload = self.signer.seal(&topic, now, &request);
        (
            command_id,
            Outgoing {
                topic: topic.to_string(),
                payload,
            },
        )
    }

    /// The meeting package, once heard.
    pub fn manifest(&self) -> Option<&Manifest> {
        self.manifest.as_ref()
    }

    /// The newest state heard.
    pub fn state(&self) -> Option<&StateSnapshot> {
        self.state.as_ref()
    }

    /// The newest seat map heard.
    pub fn seat_map(&self) -> Option<&SeatMap> {
        self.seat_map.as_ref()
    }

    /// The controller's newest status.
    pub fn status(&self) -> Option<&ControllerStatus> {
        self.status.as_ref()
    }

    /// The notices of the meeting heard so far, by number.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }
}
