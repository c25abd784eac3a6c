//! The seat kiosk's core, without any UI: what tests, benches, the demo's
//! simulated seats and the Slint app (`kiosk`) share.
//!
//! - `desk`: what the seat unit's keys and LEDs mean at a seat (the
//!   dictionary between the `hardware` crate and the seat's session).
//! - `papers`: the paper cache (papers on the seat's disk, fetched from the
//!   controller; classified ones sealed under a per-meeting key).
//! - `render`: the paper renderer (PDFium on its own worker thread).
//! - `seat`: the session with the controller over MQTT, and what the
//!   delegate entered (votes, comments, notes) on the seat's disk.
//! - `telex`: the Telex input engine of the on-screen keyboard.

pub mod desk;
pub mod papers;
pub mod render;
pub mod seat;
pub mod telex;
