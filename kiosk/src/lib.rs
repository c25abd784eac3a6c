//! The seat kiosk: what a delegate touches all meeting long.
//!
//! The core (no UI) is the `kiosk-core` crate, so tests, benches and the
//! demo's simulated seats use it without building Slint; this crate is the
//! Slint UI over it and the `kiosk` binary.

pub mod ui;
