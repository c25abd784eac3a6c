//! The seat kiosk: what a delegate touches all meeting long.
//!
//! The core (no UI) lives here so tests, benches and the demo's simulated
//! seats use it without a window; the Slint UI is a thin layer over it.

pub mod render;
pub mod telex;
pub mod ui;
