//! The sans-IO core of phonghop.
//!
//! Domain types, MQTT topics, signed envelopes, sealed secret ballots, the
//! room state machine and the tally rules. This crate does no I/O, reads no
//! clock (time is an input) and spawns nothing: the controller, the kiosk
//! and the console drive it from their own event loops, and tests drive it
//! directly.

pub mod ballot;
pub mod central;
pub mod client;
pub mod envelope;
pub mod ids;
pub mod meeting;
pub mod message;
pub mod reject;
pub mod room;
pub mod sealed;
pub mod tally;
pub mod topic;
