//! The seat kiosk: what a delegate touches all meeting long.
//!
//! The core (no UI) is the `kiosk-core` crate, so tests, benches and the
//! demo's simulated seats use it without building Slint; this crate is the
//! Slint UI over it and the `kiosk` binary.
//!
//! - `ui`: the screens and their adapters.
//! - `app`: the wiring of the screens to the seat's session, papers and renderer.
//! - `config`: `kiosk.toml`.

pub mod app;
pub mod config;
pub mod ui;
