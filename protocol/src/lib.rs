//! The sans-IO core of phonghop.
//!
//! Domain types, MQTT topics, signed envelopes, sealed secret ballots, the
//! room state machine and the tally rules. This crate does no I/O, reads no
//! clock (time is an input) and spawns nothing: the controller, the kiosk
//! and the console drive it from their own event loops, and tests drive it
//! directly.

pub mod ballot;
pub mod ids;
pub mod meeting;
pub mod tally;
pub mod envelope;
pub mod reject;
pub mod topic;
pub mod sealed;
