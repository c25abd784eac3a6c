//! The seat kiosk: what a delegate touches all meeting long.
//!
//! The core (no UI) is the `kiosk-core` crate, so tests, benches and the
//! demo's simulated seats use it without building Slint; this crate is the
//! Slint UI over it and the `kiosk` binary.
//!
//! - `ui`: the screens and their adapters.
//! - `app`: the wiring of the screens to the seat's session, papers and renderer.
//! - `config`: `kiosk.toml`.
//! - `seat_unit`: the seat unit's thread (keys, card reader, LEDs, light
//!   sensor) over the `hardware` crate's backends.

pub mod app;
pub mod config;
pub mod seat_unit;
pub mod ui;
