//! Signed, versioned JSON envelopes (design.md §3).
//!
//! On the wire: `{"v":1,"from":"seat-12","seq":7,"time":1764000000000,"body":{…},"sig":"…"}`.
//! The Ed25519 signature covers a domain tag, the sender, the sequence
//! number, the time, the topic the message is published on and the exact
//! bytes of `body`, so a message cannot be moved to another topic (another
//! seat's `up`) or altered by a broker.
//!
//! [`Verifier::open`] never panics, whatever the bytes: it answers with the
//! body or a [`Rejection`].

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::ids::{DeviceId, SeatId, Timestamp};
use crate::reject::Rejection;
use crate::topic::{Publisher, Topic};

/// The envelope version this crate writes and reads.
pub const VERSION: u32 = 1;
/// The largest envelope accepted (a comment with its text fits many times over).
pub const MAX_ENVELOPE_BYTES: usize = 256 * 1024;
/// How far a message's time may be from the receiver's clock by default.
pub const DEFAULT_MAX_SKEW_MS: i64 = 10 * 60 * 1000;
/// How many sequence numbers below the highest seen are still accepted once.
pub const REPLAY_WINDOW: u64 = 64;

const DOMAIN: &[u8] = b"phonghop/v1 envelope\0";

#[derive(Serialize)]
struct WireOut<'a> {
    v: u32,
    from: &'a DeviceId,
    seq: u64,
    time: Timestamp,
    body: &'a RawValue,
    sig: String,
}

#[derive(Deserialize)]
struct WireIn<'a> {
    v: u32,
    from: DeviceId,
    seq: u64,
    time: Timestamp,
    #[serde(borrow)]
    body: &'a RawValue,
    sig: &'a str,
}

fn signed_bytes(from: &DeviceId, seq: u64, time: Timestamp, topic: &str, body: &str) -> Vec<u8> {
    let mut m =
        Vec::with_capacity(DOMAIN.len() + from.as_str().len() + topic.len() + body.len() + 24);
    m.extend_from_slice(DOMAIN);
    m.extend_from_slice(from.as_str().as_bytes());
    m.push(0);
    m.extend_from_slice(&seq.to_le_bytes());
    m.extend_from_slice(&time.0.to_le_bytes());
    m.extend_from_slice(topic.as_bytes());
    m.push(0);
    m.extend_from_slice(body.as_bytes());
    m
}

/// The sender's half: a device key and the next sequence number.
pub struct Signer {
    device: DeviceId,
    key: SigningKey,
    next_seq: u64,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("device", &self.device)
            .field("next_seq", &self.next_seq)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer for `device`. Sequence numbers must grow across restarts
    /// of the device: pass a first number above any used before (the shells
    /// use the clock in microseconds at start, or a persisted counter).
    pub fn new(device: DeviceId, key: SigningKey, first_seq: u64) -> Self {
        Self {
            device,
            key,
            next_seq: first_seq.max(1),
        }
    }

    /// The device this signer speaks for.
    pub fn device(&self) -> &DeviceId {
        &self.device
    }

    /// The public half of the device key.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// The sequence number the next envelope will carry.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Encodes and signs `body` for publishing on `topic`.
    pub fn seal<T: Serialize + ?Sized>(
        &mut self,
        topic: &Topic,
        now: Timestamp,
        body: &T,
    ) -> Vec<u8> {
        let seq = self.next_seq;
        self.next_seq += 1;
        let body = serde_json::to_string(body).expect("protocol bodies always serialize");
        self.seal_raw(topic, now, seq, &body)
    }

    fn seal_raw(&self, topic: &Topic, now: Timestamp, seq: u64, body: &str) -> Vec<u8> {
        let raw = RawValue::from_string(body.to_owned()).expect("serde_json output is valid JSON");
        let sig = self.key.sign(&signed_bytes(
            &self.device,
            seq,
            now,
            &topic.to_string(),
            body,
        ));
        let wire = WireOut {
            v: VERSION,
            from: &self.device,
            seq,
            time: now,
            body: &raw,
            sig: B64.encode(sig.to_bytes()),
        };
        serde_json::to_vec(&wire).expect("an envelope always serializes")
    }
}

/// What a device key may speak as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Controller,
    Seat(SeatId),
    Console,
}

impl Principal {
    fn may_publish(&self, topic: &Topic) -> bool {
        match (self, topic.publisher()) {
            (Self::Controller, Publisher::Controller) | (Self::Console, Publisher::Console) => true,
            (Self::Seat(mine), Publisher::Seat(theirs)) => *mine == theirs,
            _ => false,
        }
    }
}

/// The device keys a room knows, each bound to what it may speak as.
#[derive(Debug, Clone, Default)]
pub struct KeyRegistry {
    devices: HashMap<DeviceId, (VerifyingKey, Principal)>,
}

impl KeyRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a device key.
    pub fn insert(&mut self, device: DeviceId, key: VerifyingKey, principal: Principal) {
        self.devices.insert(device, (key, principal));
    }

    /// Removes a device (a lost or replaced kiosk).
    pub fn remove(&mut self, device: &DeviceId) {
        self.devices.remove(device);
    }

    /// How many devices are known.
    pub fn len(&self) -> usize {
        self.devices.len()
    }

    /// Whether no device is known.
    pub fn is_empty(&self) -> bool {
        self.devices.is_empty()
    }
}

/// Sequence numbers seen from one sender: the highest, and a bitmap of the
/// [`REPLAY_WINDOW`] below it (as IPsec does), so reordering is tolerated
/// and every number is accepted at most once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplayWindow {
    top: u64,
    seen: u64,
}

impl ReplayWindow {
    /// Records `seq` if it is new; `false` if it was seen or is too old.
    pub fn accept(&mut self, seq: u64) -> bool {
        if seq == 0 {
            return false;
        }
        if seq > self.top {
            let shift = seq - self.top;
            self.seen = if shift >= REPLAY_WINDOW {
                0
            } else {
                self.seen << shift
            };
            self.seen |= 1;
            self.top = seq;
            return true;
        }
        let age = self.top - seq;
        if age >= REPLAY_WINDOW || self.seen & (1 << age) != 0 {
            return false;
        }
        self.seen |= 1 << age;
        true
    }

    /// The highest sequence number accepted.
    pub fn highest(&self) -> u64 {
        self.top
    }
}

/// A verified message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened<T> {
    pub from: DeviceId,
    pub principal: Principal,
    pub seq: u64,
    pub time: Timestamp,
    pub body: T,
}

/// The receiver's half: known keys, one replay window per sender and topic,
/// and a clock-skew limit.
#[derive(Debug, Clone)]
pub struct Verifier {
    registry: KeyRegistry,
    /// One window per sender and topic: a sender numbers all its messages
    /// with one counter, but MQTT keeps order only within a topic, and a
    /// receiver hears only some of the sender's topics. The signature covers
    /// the topic, so a message replayed on another topic fails it anyway.
    windows: HashMap<(DeviceId, String), ReplayWindow>,
    max_skew_ms: i64,
}

impl Verifier {
    /// A verifier over `registry` with the default skew limit.
    pub fn new(registry: KeyRegistry) -> Self {
        Self {
            registry,
            windows: HashMap::new(),
            max_skew_ms: DEFAULT_MAX_SKEW_MS,
        }
    }

    /// Changes how far a message's time may be from `now`.
    #[must_use]
    pub fn with_max_skew_ms(mut self, ms: i64) -> Self {
        self.max_skew_ms = ms;
        self
    }

    /// The keys this verifier knows.
    pub fn registry_mut(&mut self) -> &mut KeyRegistry {
        &mut self.registry
    }

    /// Checks an envelope received on `topic` at `now` and decodes its body.
    ///
    /// Seat status messages are signed but not replay-checked: a last will is
    /// signed when the seat connects and published by the broker later, after
    /// newer messages. Status is advisory (the seat map), never a vote.
    pub fn open<T: DeserializeOwned>(
        &mut self,
        topic: &Topic,
        now: Timestamp,
        bytes: &[u8],
    ) -> Result<Opened<T>, Rejection> {
        if bytes.len() > MAX_ENVELOPE_BYTES {
            return Err(Rejection::TooLarge);
        }
        let wire: WireIn<'_> = serde_json::from_slice(bytes).map_err(|_| Rejection::Malformed)?;
        if wire.v != VERSION {
            return Err(Rejection::UnsupportedVersion);
        }
        let (key, principal) = self
            .registry
            .devices
            .get(&wire.from)
            .ok_or(Rejection::UnknownSender)?;
        if !principal.may_publish(topic) {
            return Err(Rejection::WrongTopic);
        }
        let mut sig = [0u8; 64];
        match B64.decode(wire.sig) {
            Ok(b) if b.len() == 64 => sig.copy_from_slice(&b),
            _ => return Err(Rejection::BadSignature),
        }
        let msg = signed_bytes(
            &wire.from,
            wire.seq,
            wire.time,
            &topic.to_string(),
            wire.body.get(),
        );
        key.verify_strict(&msg, &Signature::from_bytes(&sig))
            .map_err(|_| Rejection::BadSignature)?;
        if now.millis_since(wire.time).abs() > self.max_skew_ms {
            return Err(Rejection::Stale);
        }
        if !matches!(topic, Topic::SeatStatus(..)) {
            let window = self
                .windows
                .entry((wire.from.clone(), topic.to_string()))
                .or_default();
            if !window.accept(wire.seq) {
                return Err(Rejection::Replayed);
            }
        }
        let body = serde_json::from_str(wire.body.get()).map_err(|_| Rejection::BadBody)?;
        Ok(Opened {
            from: wire.from,
            principal: principal.clone(),
            seq: wire.seq,
            time: wire.time,
            body,
        })
    }
}

#[cfg(test)]
mod tests;
